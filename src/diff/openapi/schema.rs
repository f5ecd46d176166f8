//! Schema comparison in one direction: a request schema (what clients send) may widen, a
//! response schema (what they receive) may narrow.

use std::collections::{BTreeMap, BTreeSet};

use crate::finding::{Finding, Loc};
use crate::formats::openapi::Api;
use crate::formats::openapi::lower::type_name;
use crate::formats::yaml::{Node, Value};
use crate::rules;

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

/// Nested schemas deeper than this are not compared (specs do not nest this deep; hostile
/// ones stop here).
const MAX_DEPTH: usize = 48;

pub struct Compare<'a> {
    pub old: &'a Api,
    pub new: &'a Api,
    /// The operation, `POST /exports`.
    pub op: String,
}

struct Ctx<'s> {
    scope: Scope,
    /// Pairs of schema nodes already compared (by address): cycles stop here.
    seen: BTreeSet<(usize, usize)>,
    out: &'s mut Vec<Finding>,
}

/// The properties and required names of a schema, `allOf` members merged in.
fn shape<'a>(
    api: &'a Api,
    schema: &'a Node,
    depth: usize,
    unions: bool,
) -> (Vec<(&'a str, &'a Node, Loc)>, BTreeSet<String>) {
    let s = resolve(api, schema);
    let mut props = Vec::new();
    let mut required: BTreeSet<String> = s
        .get("required")
        .map(|r| r.items().iter().map(super::scalar_text).collect())
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
    // A union with no properties of its own offers its members' properties: each may be
    // there, and a name is certain only when every member requires it. Used where the other
    // revision is a plain object, so that moving properties into variants is no removal.
    if unions && props.is_empty() && depth < 8 {
        let members: Vec<&Node> = ["oneOf", "anyOf"]
            .iter()
            .filter_map(|k| s.get(k))
            .flat_map(Node::items)
            .collect();
        let mut certain: Option<BTreeSet<String>> = None;
        for member in &members {
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
    (props, required)
}

fn number(n: Option<&Node>) -> Option<f64> {
    match n.map(|n| &n.value) {
        Some(Value::Int(i)) => Some(*i as f64),
        Some(Value::Float(f)) => Some(*f),
        _ => None,
    }
}

fn enum_values(s: &Node) -> Option<BTreeSet<String>> {
    s.get("enum")
        .map(|e| e.items().iter().map(super::scalar_text).collect())
}

fn nullable(s: &Node) -> bool {
    truthy(s.get("nullable"))
        || s.get("type")
            .is_some_and(|t| t.items().iter().any(|i| i.as_str() == Some("null")))
}

impl Compare<'_> {
    #[allow(clippy::too_many_arguments)]
    pub fn schema(
        &self,
        old: &Node,
        new: &Node,
        scope: Scope,
        what: &str,
        old_at: &Loc,
        new_at: &Loc,
        out: &mut Vec<Finding>,
    ) {
        let mut ctx = Ctx {
            scope,
            seen: BTreeSet::new(),
            out,
        };
        self.walk(old, new, what, old_at, new_at, 0, &mut ctx);
    }

    fn push(
        &self,
        ctx: &mut Ctx,
        rule: &'static str,
        old_at: &Loc,
        new_at: &Loc,
        subject: &str,
        message: String,
    ) {
        ctx.out.push(
            Finding::change(rule, Some(old_at.clone()), Some(new_at.clone()), message)
                .subject(format!("{} {subject}", self.op)),
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        old: &Node,
        new: &Node,
        what: &str,
        old_at: &Loc,
        new_at: &Loc,
        depth: usize,
        ctx: &mut Ctx,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let (o, n) = (resolve(self.old, old), resolve(self.new, new));
        if !ctx
            .seen
            .insert((o as *const Node as usize, n as *const Node as usize))
        {
            return;
        }
        let sends = ctx.scope != Scope::Response;
        let param = ctx.scope == Scope::Parameter;
        let op = self.op.clone();

        // Type, then format: a format added to the same type narrows its values.
        let base = |x: &Node| match x.get("type").map(|t| &t.value) {
            Some(Value::Str(t)) => Some(t.clone()),
            Some(Value::Seq(items)) => items
                .iter()
                .filter_map(Node::as_str)
                .find(|t| *t != "null")
                .map(str::to_string),
            _ => None,
        };
        let (ob, nb) = (base(o), base(n));
        let (of, nf) = (
            o.get("format").and_then(Node::as_str),
            n.get("format").and_then(Node::as_str),
        );
        if ob.is_some() && nb.is_some() && ob != nb {
            let (ot, nt) = (ob.unwrap_or_default(), nb.unwrap_or_default());
            let widening = (sends && ot == "integer" && nt == "number")
                || (!sends && ot == "number" && nt == "integer");
            let rule = match (ctx.scope, widening) {
                (_, true) if sends => rules::OPENAPI_REQUEST_TYPE_WIDENED,
                (_, true) => rules::OPENAPI_RESPONSE_TYPE_NARROWED,
                (Scope::Parameter, false) => rules::OPENAPI_REQUEST_PARAMETER_TYPE_CHANGED,
                (Scope::Request, false) => rules::OPENAPI_REQUEST_PROPERTY_TYPE_CHANGED,
                (Scope::Response, false) => rules::OPENAPI_RESPONSE_PROPERTY_TYPE_CHANGED,
            };
            self.push(
                ctx,
                rule,
                old_at,
                new_at,
                what,
                format!(
                    "{what} of {op} changed type from `{}` to `{}`",
                    type_name(o),
                    type_name(n)
                ),
            );
        } else if of != nf && (ob.is_some() || nb.is_some() || of.is_some() && nf.is_some()) {
            // Same type: a format added narrows, removed widens, changed does both.
            let narrows = nf.is_some();
            let widens = of.is_some();
            let rule = match (sends, narrows, widens) {
                (true, true, _) => {
                    if param {
                        rules::OPENAPI_REQUEST_PARAMETER_CONSTRAINT_NARROWED
                    } else {
                        rules::OPENAPI_REQUEST_PROPERTY_CONSTRAINT_NARROWED
                    }
                }
                (true, false, _) => rules::OPENAPI_REQUEST_CONSTRAINT_WIDENED,
                (false, _, true) => rules::OPENAPI_RESPONSE_PROPERTY_CONSTRAINT_WIDENED,
                (false, _, false) => rules::OPENAPI_RESPONSE_CONSTRAINT_NARROWED,
            };
            let show = |f: Option<&str>| f.map_or("none".to_string(), |f| format!("`{f}`"));
            self.push(
                ctx,
                rule,
                old_at,
                new_at,
                what,
                format!(
                    "the format of {what} of {op} changed from {} to {}",
                    show(of),
                    show(nf)
                ),
            );
        }

        // Nullability.
        match (nullable(o), nullable(n)) {
            (true, false) if sends => self.push(
                ctx,
                rules::OPENAPI_REQUEST_PROPERTY_BECAME_NON_NULLABLE,
                old_at,
                new_at,
                what,
                format!("{what} of {op} no longer accepts null"),
            ),
            (false, true) if !sends => self.push(
                ctx,
                rules::OPENAPI_RESPONSE_PROPERTY_BECAME_NULLABLE,
                old_at,
                new_at,
                what,
                format!("{what} of {op} may now be null"),
            ),
            _ => {}
        }

        // A changed default changes what the server assumes for clients that send nothing.
        if sends
            && let (Some(a), Some(b)) = (o.get("default"), n.get("default"))
            && !a.same_as(b)
        {
            let rule = if param {
                rules::OPENAPI_REQUEST_PARAMETER_DEFAULT_CHANGED
            } else {
                rules::OPENAPI_REQUEST_PROPERTY_DEFAULT_CHANGED
            };
            self.push(
                ctx,
                rule,
                old_at,
                new_at,
                what,
                format!(
                    "the default of {what} of {op} changed from `{}` to `{}`",
                    super::scalar_text(a),
                    super::scalar_text(b)
                ),
            );
        }

        // Enum values.
        if let (Some(oe), Some(ne)) = (enum_values(o), enum_values(n)) {
            for v in oe.difference(&ne) {
                let rule = match ctx.scope {
                    Scope::Parameter => rules::OPENAPI_REQUEST_PARAMETER_ENUM_VALUE_REMOVED,
                    Scope::Request => rules::OPENAPI_REQUEST_PROPERTY_ENUM_VALUE_REMOVED,
                    Scope::Response => rules::OPENAPI_RESPONSE_PROPERTY_ENUM_VALUE_REMOVED,
                };
                self.push(
                    ctx,
                    rule,
                    old_at,
                    new_at,
                    what,
                    format!("value `{v}` was removed from the enum of {what} of {op}"),
                );
            }
            for v in ne.difference(&oe) {
                let rule = if sends {
                    rules::OPENAPI_REQUEST_ENUM_VALUE_ADDED
                } else {
                    rules::OPENAPI_RESPONSE_PROPERTY_ENUM_VALUE_ADDED
                };
                self.push(
                    ctx,
                    rule,
                    old_at,
                    new_at,
                    what,
                    format!("value `{v}` was added to the enum of {what} of {op}"),
                );
            }
        } else if enum_values(o).is_none() && enum_values(n).is_some() && sends {
            self.push(
                ctx,
                if param {
                    rules::OPENAPI_REQUEST_PARAMETER_ENUM_VALUE_REMOVED
                } else {
                    rules::OPENAPI_REQUEST_PROPERTY_ENUM_VALUE_REMOVED
                },
                old_at,
                new_at,
                what,
                format!("{what} of {op} is now restricted to an enum"),
            );
        }

        // Constraints: an upper bound going down or a lower bound going up narrows.
        for (key, upper) in [
            ("maxLength", true),
            ("maxItems", true),
            ("maximum", true),
            ("maxProperties", true),
            ("minLength", false),
            ("minItems", false),
            ("minimum", false),
            ("minProperties", false),
        ] {
            let (a, b) = (number(o.get(key)), number(n.get(key)));
            let narrowed = match (a, b) {
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(x), Some(y)) => {
                    if upper {
                        y < x
                    } else {
                        y > x
                    }
                }
                (None, None) => continue,
            };
            if a == b {
                continue;
            }
            let rule = match (sends, narrowed) {
                (true, true) => {
                    if param {
                        rules::OPENAPI_REQUEST_PARAMETER_CONSTRAINT_NARROWED
                    } else {
                        rules::OPENAPI_REQUEST_PROPERTY_CONSTRAINT_NARROWED
                    }
                }
                (true, false) => rules::OPENAPI_REQUEST_CONSTRAINT_WIDENED,
                (false, true) => rules::OPENAPI_RESPONSE_CONSTRAINT_NARROWED,
                (false, false) => rules::OPENAPI_RESPONSE_PROPERTY_CONSTRAINT_WIDENED,
            };
            let show = |v: Option<f64>| v.map_or("none".to_string(), |v| v.to_string());
            self.push(
                ctx,
                rule,
                old_at,
                new_at,
                what,
                format!(
                    "`{key}` of {what} of {op} changed from {} to {}",
                    show(a),
                    show(b)
                ),
            );
        }
        if let (Some(p), Some(q)) = (
            o.get("pattern").and_then(Node::as_str),
            n.get("pattern").and_then(Node::as_str),
        ) && p != q
        {
            let rule = if sends {
                if param {
                    rules::OPENAPI_REQUEST_PARAMETER_CONSTRAINT_NARROWED
                } else {
                    rules::OPENAPI_REQUEST_PROPERTY_CONSTRAINT_NARROWED
                }
            } else {
                rules::OPENAPI_RESPONSE_PROPERTY_CONSTRAINT_WIDENED
            };
            self.push(
                ctx,
                rule,
                old_at,
                new_at,
                what,
                format!("the pattern of {what} of {op} changed from `{p}` to `{q}`"),
            );
        }

        // oneOf / anyOf members, by referenced name or position.
        // Members compare where both revisions are unions; turning an object into a union is
        // judged by the properties its variants offer.
        for key in ["oneOf", "anyOf"]
            .into_iter()
            .filter(|k| o.get(k).is_some() && n.get(k).is_some())
        {
            let members = |s: &Node| -> Vec<String> {
                s.get(key)
                    .map(|m| {
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
                    })
                    .unwrap_or_default()
            };
            let (om, nm) = (members(o), members(n));
            for m in om.iter().filter(|m| !nm.contains(m)) {
                let rule = if sends {
                    rules::OPENAPI_REQUEST_UNION_MEMBER_REMOVED
                } else {
                    rules::OPENAPI_RESPONSE_UNION_MEMBER_REMOVED
                };
                self.push(
                    ctx,
                    rule,
                    old_at,
                    new_at,
                    what,
                    format!("`{m}` was removed from the {key} of {what} of {op}"),
                );
            }
            for m in nm.iter().filter(|m| !om.contains(m)) {
                let rule = if sends {
                    rules::OPENAPI_REQUEST_UNION_MEMBER_ADDED
                } else {
                    rules::OPENAPI_RESPONSE_UNION_MEMBER_ADDED
                };
                self.push(
                    ctx,
                    rule,
                    old_at,
                    new_at,
                    what,
                    format!("`{m}` was added to the {key} of {what} of {op}"),
                );
            }
        }

        // Array items.
        if let (Some(oi), Some(ni)) = (o.get("items"), n.get("items")) {
            self.walk(
                oi,
                ni,
                &format!("{what}[]"),
                &self.old.loc(oi.pos),
                &self.new.loc(ni.pos),
                depth + 1,
                ctx,
            );
        }

        // Properties.
        let (plain_o, plain_n) = (shape(self.old, o, 0, false), shape(self.new, n, 0, false));
        let ((op_, oreq), (np, nreq)) = match (plain_o.0.is_empty(), plain_n.0.is_empty()) {
            (false, true) => (plain_o, shape(self.new, n, 0, true)),
            (true, false) => (shape(self.old, o, 0, true), plain_n),
            _ => (plain_o, plain_n),
        };
        let nmap: BTreeMap<&str, (&Node, &Loc)> =
            np.iter().map(|(k, v, l)| (*k, (*v, l))).collect();
        let omap: BTreeMap<&str, (&Node, &Loc)> =
            op_.iter().map(|(k, v, l)| (*k, (*v, l))).collect();
        for (name, (ov, ol)) in &omap {
            let prop = format!("{what}.{name}");
            let Some((nv, nl)) = nmap.get(name) else {
                let rule = if sends {
                    rules::OPENAPI_REQUEST_PROPERTY_REMOVED
                } else {
                    rules::OPENAPI_RESPONSE_PROPERTY_REMOVED
                };
                self.push(
                    ctx,
                    rule,
                    ol,
                    new_at,
                    &prop,
                    format!("property `{name}` was removed from {what} of {op}"),
                );
                continue;
            };
            let (was, is) = (oreq.contains(*name), nreq.contains(*name));
            match (sends, was, is) {
                (true, false, true) => self.push(ctx, rules::OPENAPI_REQUEST_PROPERTY_BECAME_REQUIRED, ol, nl, &prop, format!("property `{name}` of {what} of {op} became required")),
                (true, true, false) => self.push(ctx, rules::OPENAPI_REQUEST_PROPERTY_BECAME_OPTIONAL, ol, nl, &prop, format!("property `{name}` of {what} of {op} became optional")),
                (false, true, false) => self.push(ctx, rules::OPENAPI_RESPONSE_PROPERTY_BECAME_OPTIONAL, ol, nl, &prop, format!("property `{name}` of {what} of {op} became optional: clients may no longer get it")),
                (false, false, true) => self.push(ctx, rules::OPENAPI_RESPONSE_PROPERTY_BECAME_REQUIRED, ol, nl, &prop, format!("property `{name}` of {what} of {op} became required")),
                _ => {}
            }
            if !truthy(ov.get("deprecated")) && truthy(nv.get("deprecated")) {
                self.push(
                    ctx,
                    rules::OPENAPI_PROPERTY_DEPRECATED,
                    ol,
                    nl,
                    &prop,
                    format!("property `{name}` of {what} of {op} is now deprecated"),
                );
            }
            self.walk(ov, nv, &prop, ol, nl, depth + 1, ctx);
        }
        for (name, (nv, nl)) in &nmap {
            if omap.contains_key(name) {
                continue;
            }
            let prop = format!("{what}.{name}");
            let required = nreq.contains(*name);
            let read_only = truthy(nv.get("readOnly"));
            let (rule, message) = match (sends, required && !read_only) {
                (true, true) => (
                    rules::OPENAPI_REQUEST_PROPERTY_ADDED_REQUIRED,
                    format!(
                        "required property `{name}` was added to {what} of {op}{}",
                        if nv.get("default").is_some() {
                            " (a default does not help clients that validate)"
                        } else {
                            ""
                        }
                    ),
                ),
                (true, false) => (
                    rules::OPENAPI_REQUEST_PROPERTY_ADDED,
                    format!("optional property `{name}` was added to {what} of {op}"),
                ),
                (false, _) => (
                    rules::OPENAPI_RESPONSE_PROPERTY_ADDED,
                    format!("property `{name}` was added to {what} of {op}"),
                ),
            };
            self.push(ctx, rule, old_at, nl, &prop, message);
        }
    }
}
