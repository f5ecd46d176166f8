//! Schema comparison in one direction: a request schema (what clients send) may widen, a
//! response schema (what they receive) may narrow. Each aspect of a schema (type, nullability,
//! default, enum, bounds, unions, items, properties) is one small function; the facts they
//! report (`request`, `parameter`, `narrows`) pick the rule in the table.

use std::collections::{BTreeMap, BTreeSet};

use crate::finding::Loc;
use crate::formats::openapi::lower::type_name;
use crate::formats::openapi::{Api, scalar_text};
use crate::formats::yaml::{Node, Value};

use super::super::change::{Change, Report};
use super::keywords::{self, NAMED_SCHEMAS, ONE_SCHEMA};
use super::{resolve, truthy};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A parameter's schema: sent by the client.
    Parameter,
    /// A request body: sent by the client.
    Request,
    /// A response body: received by the client.
    Response,
}

impl Scope {
    fn sends(self) -> bool {
        self != Scope::Response
    }

    fn facts(self) -> &'static [&'static str] {
        match self {
            Scope::Parameter => &["request", "parameter"],
            Scope::Request => &["request", "body"],
            Scope::Response => &["response", "body"],
        }
    }
}

/// Nested schemas deeper than this are not compared (specs do not nest this deep; hostile
/// ones stop here).
const MAX_DEPTH: usize = 48;

/// One walk over a pair of schemas.
pub struct Compare<'a> {
    pub old: &'a Api,
    pub new: &'a Api,
    /// The operation as the new revision writes it (`POST /exports`) and as subjects key it
    /// (`POST /exports/{}`).
    pub op: String,
    pub key: String,
    pub scope: Scope,
    /// Pairs of schema nodes already compared (by address): cycles stop here.
    seen: BTreeSet<(usize, usize)>,
}

/// Where a pair of schemas sits: in prose for messages (`the 200 response.items[]`) and as a
/// key for subjects (`200 application/json /items/[]`).
#[derive(Clone)]
pub struct Place<'n> {
    pub old: &'n Node,
    pub new: &'n Node,
    pub what: String,
    pub path: String,
    pub old_at: Loc,
    pub new_at: Loc,
}

impl<'a> Compare<'a> {
    pub fn new(old: &'a Api, new: &'a Api, op: &str, key: &str, scope: Scope) -> Compare<'a> {
        Compare {
            old,
            new,
            op: op.to_string(),
            key: key.to_string(),
            scope,
            seen: BTreeSet::new(),
        }
    }

    /// Every difference between two schemas, reported through `out`.
    pub fn schema(&mut self, at: Place, out: &mut Report) {
        self.walk(at, 0, out);
    }

    pub(super) fn change(&self, what: &'static str, at: &Place) -> Change {
        let c = Change::new(
            what,
            Some(&at.old_at),
            Some(&at.new_at),
            format!("{} {}", self.key, at.path).trim_end(),
        );
        self.scope
            .facts()
            .iter()
            .fold(c, |c, f| c.fact(f))
            .slot("op", &self.op)
            .slot("what", &at.what)
    }

    fn walk(&mut self, at: Place, depth: usize, out: &mut Report) {
        let (o, n) = (resolve(self.old, at.old), resolve(self.new, at.new));
        if depth > MAX_DEPTH
            || !self
                .seen
                .insert((o as *const Node as usize, n as *const Node as usize))
        {
            return;
        }
        let at = Place {
            old: o,
            new: n,
            ..at
        };
        if let Some(inner) = self.wrapped(&at, out) {
            return self.walk(inner, depth + 1, out);
        }
        for rule in RULES {
            rule(self, &at, out);
        }
        if let (Some(oi), Some(ni)) = (o.get("items"), n.get("items")) {
            let items = Place {
                old: oi,
                new: ni,
                what: format!("{}[]", at.what),
                path: format!("{}/[]", at.path),
                old_at: self.old.loc(oi.pos),
                new_at: self.new.loc(ni.pos),
            };
            self.walk(items, depth + 1, out);
        }
        self.subschemas(&at, depth, out);
        self.properties(&at, depth, out);
    }

    /// The 2020-12 subschemas both sides have: `contains`, `then`, `patternProperties/^x-`,
    /// `prefixItems/0` and their kin, each walked as a schema of its own.
    fn subschemas(&mut self, at: &Place, depth: usize, out: &mut Report) {
        let mut inner: Vec<(String, &Node, &Node)> = Vec::new();
        for &key in ONE_SCHEMA.iter().filter(|k| **k != "not") {
            if let (Some(a), Some(b)) = (at.old.get(key), at.new.get(key))
                && a.is_map()
                && b.is_map()
            {
                inner.push((key.to_string(), a, b));
            }
        }
        for &key in NAMED_SCHEMAS {
            let (Some(a), Some(b)) = (at.old.get(key), at.new.get(key)) else {
                continue;
            };
            for (k, v) in a.entries() {
                if let Some(w) = b.get(&k.name) {
                    inner.push((format!("{key}/{}", k.name), v, w));
                }
            }
        }
        if let (Some(a), Some(b)) = (at.old.get("prefixItems"), at.new.get("prefixItems")) {
            for (i, (v, w)) in a.items().iter().zip(b.items()).enumerate() {
                inner.push((format!("prefixItems/{i}"), v, w));
            }
        }
        for (key, a, b) in inner {
            let place = Place {
                old: a,
                new: b,
                what: format!("{} ({key})", at.what),
                path: format!("{}/{key}", at.path),
                old_at: self.old.loc(a.pos),
                new_at: self.new.loc(b.pos),
            };
            self.walk(place, depth + 1, out);
        }
    }
}

impl Compare<'_> {
    /// A value become a union of itself and more (`string` become `anyOf: [string, Thing]`,
    /// as an expandable field is), or the reverse: the variant that is the old value is
    /// compared with it, and each other variant is a member added (or removed). Objects are
    /// left to the property comparison, which reads what each variant offers.
    fn wrapped<'n>(&self, at: &Place<'n>, out: &mut Report) -> Option<Place<'n>> {
        let union = |x: &'n Node| {
            ["anyOf", "oneOf"]
                .into_iter()
                .find_map(|k| x.get(k).map(|m| (k, m.items())))
                .filter(|_| x.get("type").is_none() && x.get("properties").is_none())
        };
        let plain = |x: &'n Node| union(x).is_none() && base_type(x).is_some_and(|t| t != "object");
        let (widened, lone, (key, members)) = match (union(at.old), union(at.new)) {
            (None, Some(u)) if plain(at.old) => (true, at.old, u),
            (Some(u), None) if plain(at.new) => (false, at.new, u),
            _ => return None,
        };
        let api = if widened { self.new } else { self.old };
        let same = members
            .iter()
            .position(|m| base_type(resolve(api, m)) == base_type(lone))?;
        for (i, m) in members.iter().enumerate().filter(|(i, _)| *i != same) {
            let name = m
                .get("$ref")
                .and_then(Node::as_str)
                .map_or(format!("#{i}"), |r| {
                    r.rsplit('/').next().unwrap_or(r).to_string()
                });
            let what = if widened {
                "union-member-added"
            } else {
                "union-member-removed"
            };
            out.add(
                self.change(what, at)
                    .slot("member", name)
                    .slot("union", key),
            );
        }
        let variant = &members[same];
        let (old, new) = if widened {
            (at.old, variant)
        } else {
            (variant, at.new)
        };
        Some(Place {
            old,
            new,
            what: at.what.clone(),
            path: at.path.clone(),
            old_at: at.old_at.clone(),
            new_at: at.new_at.clone(),
        })
    }
}

type Rule = fn(&Compare, &Place, &mut Report);

const RULES: &[Rule] = &[
    type_or_format,
    nullability,
    default,
    enum_values,
    bounds,
    keywords::exclusive_flags,
    pattern,
    keywords::fixed_values,
    keywords::dependent_required,
    keywords::subschema_presence,
    unions,
    discriminator,
];

/// The property that names a union's variant, and which value names which: clients pick
/// the variant by them, in what they send and what they read.
fn discriminator(cmp: &Compare, at: &Place, out: &mut Report) {
    let (Some(a), Some(b)) = (at.old.get("discriminator"), at.new.get("discriminator")) else {
        return;
    };
    let name = |d: &Node| d.get("propertyName").map(scalar_text).unwrap_or_default();
    if name(a) != name(b) {
        out.add(
            cmp.change("discriminator-changed", at)
                .fact("property")
                .slot("old", name(a))
                .slot("new", name(b)),
        );
    }
    let mapping = |d: &Node| -> BTreeMap<String, String> {
        let entries = d.get("mapping").map(Node::entries).unwrap_or_default();
        entries
            .iter()
            .map(|(k, v)| (k.name.clone(), scalar_text(v)))
            .collect()
    };
    let (om, nm) = (mapping(a), mapping(b));
    for (value, target) in &om {
        let now = nm.get(value);
        if now != Some(target) {
            let now = now.map_or("nothing".to_string(), |t| format!("`{t}`"));
            out.add(
                cmp.change("discriminator-changed", at)
                    .slot("value", value)
                    .slot("old", target)
                    .slot("new", now),
            );
        }
    }
}

fn base_type(x: &Node) -> Option<String> {
    match x.get("type").map(|t| &t.value) {
        Some(Value::Str(t)) => Some(t.clone()),
        Some(Value::Seq(items)) => items
            .iter()
            .filter_map(Node::as_str)
            .find(|t| *t != "null")
            .map(str::to_string),
        _ => None,
    }
}

/// Type, then format: a format added to the same type narrows its values.
fn type_or_format(cmp: &Compare, at: &Place, out: &mut Report) {
    let (o, n) = (at.old, at.new);
    if let (Some(ot), Some(nt)) = (keywords::types(o), keywords::types(n))
        && ot.len() + nt.len() > 2
    {
        // A list of types: one added widens it, one dropped narrows it.
        if ot != nt {
            let (wider, narrower) = (keywords::covered(&ot, &nt), keywords::covered(&nt, &ot));
            let compatible = if cmp.scope.sends() { wider } else { narrower };
            let list = |t: &BTreeSet<String>| t.iter().cloned().collect::<Vec<_>>().join(", ");
            out.add(
                cmp.change("type-changed", at)
                    .fact_if(compatible, "compatible")
                    .slot("old", list(&ot))
                    .slot("new", list(&nt)),
            );
        }
        return;
    }
    let (ob, nb) = (base_type(o), base_type(n));
    let (of, nf) = (
        o.get("format").and_then(Node::as_str),
        n.get("format").and_then(Node::as_str),
    );
    if let (Some(ot), Some(nt)) = (&ob, &nb)
        && ot != nt
    {
        // integer -> number accepts more; number -> integer returns less.
        let compatible = (cmp.scope.sends() && ot == "integer" && nt == "number")
            || (!cmp.scope.sends() && ot == "number" && nt == "integer");
        out.add(
            cmp.change("type-changed", at)
                .fact_if(compatible, "compatible")
                .slot("old", type_name(o))
                .slot("new", type_name(n)),
        );
    } else if of != nf && (ob.is_some() || nb.is_some() || of.is_some() && nf.is_some()) {
        // A format added narrows, removed widens, changed does both.
        let show = |f: Option<&str>| f.map_or("none".to_string(), |f| format!("`{f}`"));
        out.add(
            cmp.change("constraint-changed", at)
                .fact_if(nf.is_some(), "narrows")
                .fact_if(of.is_some(), "widens")
                .fact("format")
                .slot("old", show(of))
                .slot("new", show(nf)),
        );
    }
}

fn nullable(s: &Node) -> bool {
    truthy(s.get("nullable"))
        || s.get("type")
            .is_some_and(|t| t.items().iter().any(|i| i.as_str() == Some("null")))
}

/// Null newly refused from senders, or newly possible for receivers.
fn nullability(cmp: &Compare, at: &Place, out: &mut Report) {
    match (nullable(at.old), nullable(at.new), cmp.scope.sends()) {
        (true, false, true) => out.add(cmp.change("became-non-nullable", at)),
        (false, true, false) => out.add(cmp.change("became-nullable", at)),
        _ => {}
    }
}

/// A changed default changes what the server assumes for clients that send nothing.
fn default(cmp: &Compare, at: &Place, out: &mut Report) {
    if !cmp.scope.sends() {
        return;
    }
    let (a, b) = (at.old.get("default"), at.new.get("default"));
    let changed = match (a, b) {
        (Some(a), Some(b)) => !a.same_as(b),
        // Added or dropped: what a parameter left out means changes too. A body property's
        // default only documents what the server does, and is compared once it has one.
        (Some(_), None) | (None, Some(_)) => cmp.scope == Scope::Parameter,
        (None, None) => false,
    };
    if changed {
        let show =
            |n: Option<&Node>| n.map_or("none".to_string(), |n| format!("`{}`", scalar_text(n)));
        out.add(
            cmp.change("default-changed", at)
                .slot("old", show(a))
                .slot("new", show(b)),
        );
    }
}

fn enum_set(s: &Node, key: &str) -> Option<BTreeSet<String>> {
    s.get(key)
        .map(|e| e.items().iter().map(scalar_text).collect())
}

/// `enum`, and `x-extensible-enum`: the values known today, to which the server may add
/// (so a response value added is no surprise; one removed from a request still is).
fn enum_values(cmp: &Compare, at: &Place, out: &mut Report) {
    for (key, extensible) in [("enum", false), ("x-extensible-enum", true)] {
        let change = |what| cmp.change(what, at).fact_if(extensible, "extensible");
        match (enum_set(at.old, key), enum_set(at.new, key)) {
            (Some(oe), Some(ne)) => {
                for v in oe.difference(&ne) {
                    out.add(change("enum-value-removed").slot("value", v));
                }
                for v in ne.difference(&oe) {
                    out.add(change("enum-value-added").slot("value", v));
                }
            }
            (None, Some(_)) if cmp.scope.sends() && !extensible => {
                out.add(change("enum-value-removed").fact("introduced"));
            }
            _ => {}
        }
    }
}

fn number(n: Option<&Node>) -> Option<f64> {
    match n.map(|n| &n.value) {
        Some(Value::Int(i)) => Some(*i as f64),
        Some(Value::Float(f)) => Some(*f),
        _ => None,
    }
}

/// An upper bound going down or a lower bound going up narrows.
fn bounds(cmp: &Compare, at: &Place, out: &mut Report) {
    const BOUNDS: &[(&str, bool)] = &[
        ("maxLength", true),
        ("maxItems", true),
        ("maximum", true),
        ("maxProperties", true),
        ("minLength", false),
        ("minItems", false),
        ("minimum", false),
        ("minProperties", false),
        ("maxContains", true),
        ("minContains", false),
        // The 3.1 numeric form; the 3.0 boolean one is `keywords::exclusive_flags`.
        ("exclusiveMaximum", true),
        ("exclusiveMinimum", false),
    ];
    for &(key, upper) in BOUNDS {
        let (a, b) = (number(at.old.get(key)), number(at.new.get(key)));
        let narrowed = match (a, b) {
            (None, None) => continue,
            _ if a == b => continue,
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (Some(x), Some(y)) => (y < x) == upper,
        };
        let show = |v: Option<f64>| v.map_or("none".to_string(), |v| v.to_string());
        out.add(
            cmp.change("constraint-changed", at)
                .fact(if narrowed { "narrows" } else { "widens" })
                .fact("bound")
                .slot("key", key)
                .slot("old", show(a))
                .slot("new", show(b)),
        );
    }
}

/// A pattern added narrows, one dropped widens, one rewritten may do both. JSON Schema
/// patterns search the string, so one that an empty match satisfies anywhere holds no value
/// back: it weighs as none.
fn pattern(cmp: &Compare, at: &Place, out: &mut Report) {
    let bites =
        |p: &Option<&str>| p.is_some_and(|p| !matches!(p, "" | ".*" | "^.*" | ".*$" | "(.*)"));
    let (p, q) = (
        at.old.get("pattern").and_then(Node::as_str),
        at.new.get("pattern").and_then(Node::as_str),
    );
    if p == q || (!bites(&p) && !bites(&q)) {
        return;
    }
    out.add(
        cmp.change("constraint-changed", at)
            .fact_if(bites(&q), "narrows")
            .fact_if(bites(&p), "widens")
            .fact("pattern")
            .slot("old", p.unwrap_or("none"))
            .slot("new", q.unwrap_or("none")),
    );
}

/// oneOf / anyOf members, by referenced name or position, where both revisions are unions;
/// turning an object into a union is judged by the properties its variants offer.
fn unions(cmp: &Compare, at: &Place, out: &mut Report) {
    for key in ["oneOf", "anyOf"] {
        let (Some(om), Some(nm)) = (at.old.get(key), at.new.get(key)) else {
            continue;
        };
        let members = |m: &Node| -> Vec<String> {
            m.items()
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    x.get("$ref")
                        .and_then(Node::as_str)
                        .map_or(format!("#{i}"), |r| {
                            r.rsplit('/').next().unwrap_or(r).to_string()
                        })
                })
                .collect()
        };
        let (om, nm) = (members(om), members(nm));
        for (what, from, to) in [
            ("union-member-removed", &om, &nm),
            ("union-member-added", &nm, &om),
        ] {
            for m in from.iter().filter(|m| !to.contains(m)) {
                out.add(cmp.change(what, at).slot("member", m).slot("union", key));
            }
        }
    }
}

type Props<'a> = (Vec<(&'a str, &'a Node, Loc)>, BTreeSet<String>);

/// The properties and required names of a schema, `allOf` members merged in.
fn shape<'a>(api: &'a Api, schema: &'a Node, depth: usize, unions: bool) -> Props<'a> {
    let s = resolve(api, schema);
    let mut props = Vec::new();
    let mut required: BTreeSet<String> = s
        .get("required")
        .map(|r| r.items().iter().map(scalar_text).collect())
        .unwrap_or_default();
    if let Some(p) = s.get("properties") {
        for (k, v) in p.entries() {
            props.push((k.name.as_str(), v, api.loc(k.pos)));
        }
    }
    if depth < 8
        && let Some(all) = s.get("allOf")
    {
        for member in all.items() {
            let (p, r) = shape(api, member, depth + 1, false);
            props.extend(p);
            required.extend(r);
        }
    }
    if unions && props.is_empty() && depth < 8 {
        variants(api, s, depth, &mut props, &mut required);
    }
    (props, required)
}

/// A union with no properties of its own offers its members' properties: each may be there,
/// and a name is certain only when every member requires it. Used where the other revision is
/// a plain object, so that moving properties into variants is no removal.
fn variants<'a>(
    api: &'a Api,
    s: &'a Node,
    depth: usize,
    props: &mut Vec<(&'a str, &'a Node, Loc)>,
    required: &mut BTreeSet<String>,
) {
    let members = ["oneOf", "anyOf"]
        .iter()
        .filter_map(|k| s.get(k))
        .flat_map(Node::items);
    let mut certain: Option<BTreeSet<String>> = None;
    for member in members {
        let (p, r) = shape(api, member, depth + 1, false);
        for (name, node, loc) in p {
            if !props.iter().any(|(n, _, _)| *n == name) {
                props.push((name, node, loc));
            }
        }
        certain = Some(match certain {
            None => r,
            Some(c) => c.intersection(&r).cloned().collect(),
        });
    }
    required.extend(certain.unwrap_or_default());
}

struct Prop<'a> {
    node: &'a Node,
    loc: Loc,
}

impl super::super::pair::Located for Prop<'_> {
    fn loc(&self) -> &Loc {
        &self.loc
    }
}

fn by_name<'a>(props: Vec<(&str, &'a Node, Loc)>) -> BTreeMap<String, Prop<'a>> {
    let entry = |(k, node, loc): (&str, &'a Node, Loc)| (k.to_string(), Prop { node, loc });
    props.into_iter().map(entry).collect()
}

impl Compare<'_> {
    /// Whether a property travels in this direction at all: clients send no `readOnly` one, and
    /// responses carry no `writeOnly` one, so `required` does not bind them there.
    fn exchanged(&self, api: &Api, prop: &Node) -> bool {
        let key = if self.scope.sends() {
            "readOnly"
        } else {
            "writeOnly"
        };
        !truthy(resolve(api, prop).get(key))
    }

    fn properties(&mut self, at: &Place, depth: usize, out: &mut Report) {
        let (plain_o, plain_n) = (
            shape(self.old, at.old, 0, false),
            shape(self.new, at.new, 0, false),
        );
        let ((op, oreq), (np, nreq)) = match (plain_o.0.is_empty(), plain_n.0.is_empty()) {
            (false, true) => (plain_o, shape(self.new, at.new, 0, true)),
            (true, false) => (shape(self.old, at.old, 0, true), plain_n),
            _ => (plain_o, plain_n),
        };
        let (omap, nmap) = (by_name(op), by_name(np));
        for p in super::super::pair::pair(&omap, &nmap, Some(&at.new_at)) {
            let name = p.key.as_str();
            let prop = Place {
                old: p.old.map_or(at.old, |x| x.node),
                new: p.new.map_or(at.new, |x| x.node),
                what: format!("{}.{name}", at.what),
                path: format!("{}/{name}", at.path),
                old_at: p.old.map_or(at.old_at.clone(), |x| x.loc.clone()),
                new_at: p.at.cloned().unwrap_or_else(|| at.new_at.clone()),
            };
            let change = |what| {
                self.change(what, &prop)
                    .slot("name", name)
                    .slot("parent", &at.what)
            };
            match (p.old, p.new) {
                // Not sent (readOnly in a request) or not received (writeOnly in a response):
                // no client depends on it here.
                (Some(ov), None) if !self.exchanged(self.old, ov.node) => {}
                (Some(ov), None) => {
                    let old = resolve(self.old, ov.node);
                    out.add(super::lifecycle::weigh(change("property-removed"), old));
                }
                (None, Some(nv)) => {
                    let required = nreq.contains(name) && self.exchanged(self.new, nv.node);
                    out.add(
                        change("property-added")
                            .fact_if(required, "required")
                            .fact_if(nv.node.get("default").is_some(), "has-default"),
                    );
                }
                (Some(ov), Some(nv)) => {
                    let travels = (
                        self.exchanged(self.old, ov.node),
                        self.exchanged(self.new, nv.node),
                    );
                    let required = (
                        oreq.contains(name) && travels.0,
                        nreq.contains(name) && travels.1,
                    );
                    match required {
                        (false, true) => out.add(change("property-became-required")),
                        (true, false) => out.add(change("property-became-optional")),
                        _ => {}
                    }
                    if !truthy(ov.node.get("deprecated")) && truthy(nv.node.get("deprecated")) {
                        out.add(change("property-deprecated"));
                    }
                    // Read-only in a request, write-only in a response: no longer exchanged.
                    let (key, what) = if self.scope.sends() {
                        ("readOnly", "property-became-read-only")
                    } else {
                        ("writeOnly", "property-became-write-only")
                    };
                    let (ov_r, nv_r) = (resolve(self.old, ov.node), resolve(self.new, nv.node));
                    if !truthy(ov_r.get(key)) && truthy(nv_r.get(key)) {
                        out.add(change(what));
                    }
                    for (c, was, now) in super::lifecycle::promises(ov_r, nv_r) {
                        let subject = format!("{} {}", self.key, prop.path);
                        let c = Change::new(c, Some(&prop.old_at), Some(&prop.new_at), subject)
                            .slot("what", format!("{} of {}", prop.what, self.op));
                        out.add(c.slot("old", was).slot("new", now));
                    }
                    if travels == (true, true) {
                        self.walk(prop, depth + 1, out);
                    }
                }
                (None, None) => {}
            }
        }
    }
}
