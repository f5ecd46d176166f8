//! Protobuf changes, compared by fully-qualified name and field number. The two sides are
//! paired into a tree (files, messages and their fields, enums and their values, services
//! and their rpcs); small rule functions read it. Each rule's file lists buf's categories a
//! change breaks (FILE ⊃ PACKAGE ⊃ WIRE_JSON ⊃ WIRE), and `--proto-level` decides which
//! of them are errors.

use std::collections::BTreeMap;

use prost_types::FieldDescriptorProto;
use prost_types::field_descriptor_proto::{Label, Type};

use crate::analyze::{Analysis, Role};
use crate::finding::{Finding, Loc};
use crate::formats::protobuf::Proto;
use crate::formats::protobuf::elements::{self, Method};
use crate::rules::Category;

use super::change::{Change, Report};
use super::pair::{Delta, Located, pair};

mod align;
mod files;
mod options;
use align::Alignment;
pub use align::Ambiguous;

/// Where errors start: a break in this category or an inner one is an error; a break only in
/// an outer category is a warning.
pub type Level = Category;

struct Field<'a> {
    d: &'a FieldDescriptorProto,
    el: &'a elements::Field,
    oneof: &'a Option<String>,
    /// `map<key, value>` for a map field.
    map: &'a Option<String>,
    loc: Loc,
}

struct Message<'a> {
    m: &'a elements::Message,
    loc: Loc,
    /// The proto file it is declared in.
    file: &'a str,
    fields: BTreeMap<i32, Field<'a>>,
}

struct Enum<'a> {
    e: &'a elements::Enum,
    loc: Loc,
    file: &'a str,
    values: BTreeMap<i32, Value<'a>>,
}

struct Value<'a> {
    name: &'a str,
    loc: Loc,
}

struct Service<'a> {
    loc: Loc,
    file: &'a str,
    methods: BTreeMap<String, &'a Method>,
}

/// A proto file: its package, and where a removal from it is shown (its `package` line, else
/// its first line).
struct File<'a> {
    name: &'a str,
    package: String,
    loc: Loc,
    el: &'a elements::Elements,
    /// Named by its author (`file=`, a path), not after the line of its block.
    named: bool,
}

struct Extension<'a> {
    x: &'a elements::Extension,
    file: &'a str,
    loc: Loc,
}

#[derive(Default)]
struct Side<'a> {
    messages: BTreeMap<String, Message<'a>>,
    enums: BTreeMap<String, Enum<'a>>,
    services: BTreeMap<String, Service<'a>>,
    extensions: BTreeMap<String, Extension<'a>>,
    files: BTreeMap<String, File<'a>>,
}

impl<'a> Side<'a> {
    /// The side's one file, named `to` instead.
    fn rename_file(&mut self, to: &'a str) {
        let files = std::mem::take(&mut self.files);
        self.files = files.into_values().map(|f| (to.to_string(), f)).collect();
        self.messages.values_mut().for_each(|m| m.file = to);
        self.enums.values_mut().for_each(|e| e.file = to);
        self.services.values_mut().for_each(|s| s.file = to);
        self.extensions.values_mut().for_each(|x| x.file = to);
    }

    fn has(&self, full: &str) -> bool {
        self.messages.contains_key(full)
            || self.enums.contains_key(full)
            || self.services.contains_key(full)
    }
}

/// One side's contract blocks, from the elements each parsed block already has.
fn side<'a>(analyses: &[&'a Analysis]) -> Side<'a> {
    let mut s = Side::default();
    for a in analyses {
        for (b, proto) in &a.protos {
            let contract = a
                .results
                .iter()
                .any(|r| r.block == *b && r.role == Role::Contract);
            if !contract {
                continue;
            }
            let block = &a.doc.blocks[*b];
            let el = proto.elements(block, &a.source.display);
            let loc = el
                .package_loc
                .clone()
                .unwrap_or_else(|| block.start_loc(&a.source.display));
            s.add_file(proto, el, loc);
        }
    }
    s
}

impl<'a> Side<'a> {
    /// A proto file and what it declares, by the names the two sides pair on.
    fn add_file(&mut self, proto: &'a Proto, el: &'a elements::Elements, loc: Loc) {
        let file = proto.name.as_str();
        let f = File {
            name: file,
            package: proto.package.clone().unwrap_or_default(),
            loc,
            el,
            named: crate::formats::protobuf::named_by_author(&proto.name),
        };
        self.files.insert(proto.name.clone(), f);
        for x in &el.extensions {
            let ext = Extension {
                x,
                file,
                loc: x.loc.clone(),
            };
            self.extensions.insert(x.name.clone(), ext);
        }
        for m in &el.messages {
            self.messages.insert(m.name.clone(), Message::of(m, file));
        }
        for e in &el.enums {
            self.enums.insert(e.name.clone(), Enum::of(e, file));
        }
        for svc in &el.services {
            let methods = svc.methods.iter().map(|m| (m.name.clone(), m)).collect();
            let service = Service {
                loc: svc.loc.clone(),
                file,
                methods,
            };
            self.services.insert(svc.name.clone(), service);
        }
    }
}

impl<'a> Message<'a> {
    /// A message with its fields by number, the key buf and the wire pair them on.
    fn of(m: &'a elements::Message, file: &'a str) -> Self {
        let field = |f: &'a elements::Field| Field {
            d: &f.d,
            el: f,
            oneof: &f.oneof,
            map: &f.map,
            loc: f.loc.clone(),
        };
        let fields = m.fields.iter().map(|f| (f.d.number(), field(f))).collect();
        Message {
            m,
            loc: m.loc.clone(),
            file,
            fields,
        }
    }
}

impl<'a> Enum<'a> {
    /// An enum with its values by number; of aliases sharing one, the first declared.
    fn of(e: &'a elements::Enum, file: &'a str) -> Self {
        let mut values = BTreeMap::new();
        for v in &e.values {
            values.entry(v.number).or_insert(Value {
                name: &v.name,
                loc: v.loc.clone(),
            });
        }
        Enum {
            e,
            loc: e.loc.clone(),
            file,
            values,
        }
    }
}

macro_rules! located {
    ($($t:ty),*) => {$(
        impl Located for $t {
            fn loc(&self) -> &Loc {
                &self.loc
            }
        }
    )*};
}
located!(
    Field<'_>,
    Message<'_>,
    Enum<'_>,
    Value<'_>,
    Service<'_>,
    Method,
    File<'_>,
    Extension<'_>
);

type Messages<'a> = Delta<'a, String, Message<'a>>;
type Fields<'a> = Delta<'a, i32, Field<'a>>;

/// The two sides, for rules that look beyond the element they read.
struct Sides<'a> {
    o: &'a Side<'a>,
    n: &'a Side<'a>,
    /// The last name part of every enum of either side.
    enums: std::collections::BTreeSet<String>,
    /// How the old side's names were brought to the new side's (drift only).
    aligned: &'a Alignment,
}

impl Sides<'_> {
    /// Where a top-level removal from `file` is shown in the new revision: that file's
    /// `package` line or first line, else the first proto file there.
    fn anchor(&self, file: &str) -> Option<&Loc> {
        let f = self
            .n
            .files
            .get(file)
            .or_else(|| self.n.files.values().next());
        f.map(|f| &f.loc)
    }

    /// A top-level element deleted, placed where a review shows it; nothing when its
    /// package went with it.
    fn removal(&self, change: &'static str, name: &str, old: &Loc, file: &str) -> Option<Change> {
        let gone = self.gone(file);
        if gone == files::Gone::WithPackage {
            return None;
        }
        // A nested type is shown at the nearest message that survives it.
        let mut outer = name;
        let mut at = None;
        while let Some((up, _)) = outer.rsplit_once('.') {
            outer = up;
            if let Some(m) = self.n.messages.get(up) {
                at = Some(&m.loc);
                break;
            }
        }
        let at = at.or_else(|| self.anchor(file));
        let c = Change::new(change, Some(old), at, name).slot("name", name);
        Some(c.fact_if(gone == files::Gone::WithFile, "with-file"))
    }

    /// An old type name and a new one name the same type.
    fn same_type(&self, old: &str, new: &str) -> bool {
        same_type(&self.aligned.type_name(old), new) || self.aligned.moved_type(old, new)
    }

    fn is_enum(&self, t: &str) -> bool {
        self.enums.contains(t.rsplit('.').next().unwrap_or(t))
    }
}

pub fn diff(old: &[&Analysis], new: &[&Analysis], level: Level) -> Vec<Finding> {
    let (mut o, n) = (side(old), side(new));
    // Two files named on the command line are one file at two revisions.
    if let ([(a, _)], [(b, nf)]) = (
        o.files.iter().collect::<Vec<_>>().as_slice(),
        n.files.iter().collect::<Vec<_>>().as_slice(),
    ) && a != b
    {
        let to = nf.name;
        o.rename_file(to);
    }
    compare(&o, &n, level, &Alignment::default())
}

/// The implementation's drift from the doc: the doc's names are first brought to the
/// implementation's (see [`align`]); what fits several of its names is returned apart.
pub fn drift(doc: &[&Analysis], implementation: &[&Analysis], level: Level) -> Drift {
    let (mut o, n) = (side(doc), side(implementation));
    let aligned = align::align(&mut o, &n);
    let findings = compare(&o, &n, level, &aligned);
    Drift {
        findings,
        ambiguous: aligned.ambiguous,
        outside: aligned.outside,
        coverage: aligned.coverage,
    }
}

/// What drift found: changes, names it could not place, and blocks it set apart.
pub struct Drift {
    pub findings: Vec<Finding>,
    pub ambiguous: Vec<Ambiguous>,
    pub outside: Vec<(Loc, Vec<String>)>,
    /// The doc's elements compared, and how many of them the implementation has.
    pub coverage: (usize, usize),
}

fn compare(o: &Side, n: &Side, level: Level, aligned: &Alignment) -> Vec<Finding> {
    let short = |k: &'_ String| k.rsplit('.').next().unwrap_or(k).to_string();
    let enums = o.enums.keys().chain(n.enums.keys()).map(short).collect();
    let cx = Sides {
        o,
        n,
        enums,
        aligned,
    };
    let mut out = Report::new("protobuf", level);
    for f in pair(&o.files, &n.files, None) {
        package_changed(&f, &mut out);
    }
    files::compare(o, n, aligned.drift, &mut out);
    package_renamed(o, n, aligned, &mut out);
    for m in pair(&o.messages, &n.messages, None) {
        message(&cx, &m, &mut out);
        let Some((om, nm)) = m.both() else { continue };
        for f in pair(&om.fields, &nm.fields, Some(&nm.loc)) {
            for rule in FIELD_RULES {
                rule(&cx, &m, &f, &mut out);
            }
        }
    }
    for e in pair(&o.enums, &n.enums, None) {
        enumeration(&cx, &e, &mut out);
    }
    for s in pair(&o.services, &n.services, None) {
        service(&cx, &s, &mut out);
    }
    for x in pair(&o.extensions, &n.extensions, None) {
        extension(&cx, &x, &mut out);
    }
    out.findings
}

fn package_changed(f: &Delta<String, File>, out: &mut Report) {
    if let Some((of, nf)) = f.both().filter(|(a, b)| a.package != b.package) {
        out.add(
            Change::new("package-changed", Some(&of.loc), Some(&nf.loc), f.key)
                .slot("file", f.key)
                .slot("old", &of.package)
                .slot("new", &nf.package),
        );
    }
}

/// A doc package the implementation holds under another name: said once, at the first of
/// the doc's `package` lines that name it.
fn package_renamed(o: &Side, n: &Side, aligned: &Alignment, out: &mut Report) {
    for (from, to) in &aligned.renamed {
        let of = o.files.iter().find(|(_, f)| &f.package == from);
        let nf = n.files.iter().find(|(_, f)| &f.package == to);
        if let (Some((_, of)), Some((file, nf))) = (of, nf) {
            out.add(
                Change::new("package-changed", Some(&of.loc), Some(&nf.loc), from)
                    .slot("file", file)
                    .slot("old", from)
                    .slot("new", to),
            );
        }
    }
}

/// A message deleted or added, and the reservations it dropped.
fn message(cx: &Sides, m: &Messages, out: &mut Report) {
    let name = m.key;
    if let Some(om) = m.removed() {
        if let Some(c) = cx.removal("message-deleted", name, &om.loc, om.file) {
            out.add(c);
        }
    } else if let Some(nm) = m.added() {
        out.add(Change::new("message-added", None, Some(&nm.loc), name).slot("name", name));
    }
    let Some((om, nm)) = m.both() else { return };
    if cx.moved(om.file, nm.file) {
        out.add(moved(
            "message-deleted",
            name,
            (&om.loc, om.file),
            (&nm.loc, nm.file),
        ));
    }
    options::message(m, out);
    let kept = Reserved {
        ranges: &nm.m.reserved,
        names: &nm.m.reserved_names,
    };
    let had = Reserved {
        ranges: &om.m.reserved,
        names: &om.m.reserved_names,
    };
    reserved_removed(name, "message", (&om.loc, &nm.loc), &had, &kept, out);
}

/// A message's or an enum's reservations: number ranges, end exclusive, and names.
struct Reserved<'a> {
    ranges: &'a [(i32, i32)],
    names: &'a [String],
}

/// Numbers and names `had` reserves and `kept` no longer does.
fn reserved_removed(
    name: &str,
    of: &'static str,
    (old_at, new_at): (&Loc, &Loc),
    had: &Reserved,
    kept: &Reserved,
    out: &mut Report,
) {
    let change = || {
        Change::new("reserved-removed", Some(old_at), Some(new_at), name)
            .fact(of)
            .slot("kind", of)
            .slot("name", name)
    };
    for &(start, end) in had.ranges {
        if !kept.ranges.iter().any(|&(s, e)| s <= start && e >= end) {
            let what = format!("numbers {}..{}", start, end - 1);
            out.add(change().fact("number").slot("what", what));
        }
    }
    for r in had.names.iter().filter(|r| !kept.names.contains(r)) {
        let what = format!("the name `{r}`");
        out.add(change().fact("name").slot("what", what));
    }
}

/// `what` of `name` is declared in another file of its package now.
fn moved(
    what: &'static str,
    name: &str,
    (old_at, old): (&Loc, &str),
    (new_at, new): (&Loc, &str),
) -> Change {
    Change::new(what, Some(old_at), Some(new_at), name)
        .fact("moved")
        .slot("name", name)
        .slot("old", old)
        .slot("new", new)
}

fn extension(cx: &Sides, x: &Delta<String, Extension>, out: &mut Report) {
    let name = x.key;
    if let Some(ox) = x.removed() {
        if let Some(c) = cx.removal("extension-deleted", name, &ox.loc, ox.file) {
            out.add(c.slot("extendee", &ox.x.extendee));
        }
    } else if let Some((ox, nx)) = x.both().filter(|(a, b)| cx.moved(a.file, b.file)) {
        out.add(moved(
            "extension-deleted",
            name,
            (&ox.loc, ox.file),
            (&nx.loc, nx.file),
        ));
    }
}

type FieldRule = fn(&Sides, &Messages, &Fields, &mut Report);

const FIELD_RULES: &[FieldRule] = &[
    field_deleted_or_added,
    field_renamed,
    field_type_changed,
    field_cardinality_changed,
    field_oneof_changed,
    options::field_default_changed,
    options::field_feature_changed,
    options::required_fields_changed,
];

fn field_change(m: &Messages, f: &Fields, what: &'static str, field: &Field) -> Change {
    let old_at = f.old_loc().or(m.old_loc());
    let number = if crate::formats::protobuf::is_placeholder_number(*f.key) {
        "?".to_string()
    } else {
        f.key.to_string()
    };
    Change::new(
        what,
        old_at,
        f.at,
        format!("{}.{}#{number}", m.key, field.d.name()),
    )
    .slot("message", m.key)
    .slot("name", field.d.name())
    .slot("field", format!("{}.{}", m.key, field.d.name()))
    .slot("number", number)
}

fn field_deleted_or_added(_: &Sides, m: &Messages, f: &Fields, out: &mut Report) {
    if let Some(of) = f.removed() {
        let nm = m.new.map(|nm| nm.m);
        let number = f.key;
        let number_reserved =
            nm.is_some_and(|m| m.reserved.iter().any(|&(s, e)| (s..e).contains(number)));
        let name_reserved = nm.is_some_and(|m| m.reserved_names.iter().any(|r| r == of.d.name()));
        out.add(
            field_change(m, f, "field-deleted", of)
                .fact_if(number_reserved, "number-reserved")
                .fact_if(name_reserved, "name-reserved"),
        );
    } else if let Some(nf) = f.added() {
        out.add(field_change(m, f, "field-added", nf));
    }
}

fn field_renamed(_: &Sides, m: &Messages, f: &Fields, out: &mut Report) {
    let Some((of, nf)) = f.both() else { return };
    if nf.d.name() != of.d.name() {
        // With its JSON name kept (`json_name` set to the old one), JSON reads as before.
        let json_kept = json_name(of.d) == json_name(nf.d);
        out.add(
            field_change(m, f, "field-renamed", of)
                .fact_if(json_kept, "json-name-kept")
                .slot("new", nf.d.name())
                .slot("json", json_name(nf.d)),
        );
    } else if json_name(of.d) != json_name(nf.d) {
        out.add(
            field_change(m, f, "field-json-name-changed", of)
                .slot("old", json_name(of.d))
                .slot("new", json_name(nf.d)),
        );
    }
}

/// The name JSON uses: the explicit `json_name`, else the field's name in lower camel case
/// (`user_id` -> `userId`), as protoc derives it.
fn json_name(d: &FieldDescriptorProto) -> String {
    if let Some(explicit) = d.json_name.as_deref().filter(|j| !j.is_empty()) {
        return explicit.to_string();
    }
    let mut out = String::with_capacity(d.name().len());
    let mut upper = false;
    for c in d.name().chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

fn field_type_changed(cx: &Sides, m: &Messages, f: &Fields, out: &mut Report) {
    let Some((of, nf)) = f.both() else { return };
    // Map fields compare by key and value: the entry type is named after the field.
    let changed = match (of.map.as_deref(), nf.map.as_deref()) {
        (Some(a), Some(b)) => map_changed(cx, a, b),
        _ => !cx.same_type(&type_of(of.d), &type_of(nf.d)),
    };
    let shown = |f: &Field| f.map.clone().unwrap_or_else(|| type_of(f.d));
    let (ot, nt) = (shown(of), shown(nf));
    if changed {
        out.add(
            field_change(m, f, "field-type-changed", of)
                .fact_if(same_encoding(&ot, &nt), "same-encoding")
                .slot("old", ot)
                .slot("new", nt),
        );
    }
}

fn field_cardinality_changed(cx: &Sides, m: &Messages, f: &Fields, out: &mut Report) {
    let Some((of, nf)) = f.both() else { return };
    let is_enum = |t: &str| cx.is_enum(t);
    let (oc, nc) = (cardinality(of, &is_enum), cardinality(nf, &is_enum));
    if oc != nc {
        out.add(
            field_change(m, f, "field-cardinality-changed", of)
                .fact_if((oc == "repeated") != (nc == "repeated"), "repeated")
                // Explicit against implicit presence is the same on the wire and in JSON.
                .fact_if(
                    oc.starts_with("optional") && nc.starts_with("optional"),
                    "presence",
                )
                .slot("old", oc)
                .slot("new", nc),
        );
    }
}

fn field_oneof_changed(_: &Sides, m: &Messages, f: &Fields, out: &mut Report) {
    let Some((of, nf)) = f.both() else { return };
    if of.oneof != nf.oneof {
        let describe = |o: &Option<String>| {
            o.as_ref()
                .map_or("no oneof".to_string(), |x| format!("oneof `{x}`"))
        };
        out.add(
            field_change(m, f, "field-oneof-changed", of)
                .slot("old", describe(of.oneof))
                .slot("new", describe(nf.oneof)),
        );
    }
}

fn enumeration(cx: &Sides, e: &Delta<String, Enum>, out: &mut Report) {
    let name = e.key;
    if let Some(oe) = e.removed()
        && let Some(c) = cx.removal("enum-deleted", name, &oe.loc, oe.file)
    {
        out.add(c);
    }
    let Some((oe, ne)) = e.both() else { return };
    if cx.moved(oe.file, ne.file) {
        out.add(moved(
            "enum-deleted",
            name,
            (&oe.loc, oe.file),
            (&ne.loc, ne.file),
        ));
    }
    options::enumeration(name, oe, ne, out);
    // Enums write their ranges end inclusive.
    let exclusive = |rs: &[(i32, i32)]| -> Vec<(i32, i32)> {
        rs.iter().map(|&(s, e)| (s, e.saturating_add(1))).collect()
    };
    let (had, kept) = (exclusive(&oe.e.reserved), exclusive(&ne.e.reserved));
    reserved_removed(
        name,
        "enum",
        (&oe.loc, &ne.loc),
        &Reserved {
            ranges: &had,
            names: &oe.e.reserved_names,
        },
        &Reserved {
            ranges: &kept,
            names: &ne.e.reserved_names,
        },
        out,
    );
    for v in pair(&oe.values, &ne.values, Some(&ne.loc)) {
        let number = *v.key;
        let value = |what, val: &Value| {
            Change::new(
                what,
                v.old_loc(),
                v.at,
                format!("{name}.{}#{number}", val.name),
            )
            .slot("enum", name)
            .slot("value", val.name)
            .slot("number", number.to_string())
        };
        match (v.old, v.new) {
            (Some(ov), None) => {
                let number_reserved =
                    ne.e.reserved
                        .iter()
                        .any(|&(s, e)| (s..=e).contains(&number));
                let name_reserved = ne.e.reserved_names.iter().any(|r| r == ov.name);
                out.add(
                    value("enum-value-deleted", ov)
                        .fact_if(number_reserved, "number-reserved")
                        .fact_if(name_reserved, "name-reserved"),
                );
            }
            (None, Some(nv)) => out.add(value("enum-value-added", nv)),
            (Some(ov), Some(nv)) if ov.name != nv.name => {
                out.add(value("enum-value-renamed", ov).slot("new", nv.name))
            }
            _ => {}
        }
    }
}

fn service(cx: &Sides, s: &Delta<String, Service>, out: &mut Report) {
    let name = s.key;
    if let Some(os) = s.removed() {
        if let Some(c) = cx.removal("service-deleted", name, &os.loc, os.file) {
            out.add(c);
        }
        return;
    }
    let Some((os, ns)) = s.both() else {
        out.add(Change::new("service-added", None, s.at, name).slot("name", name));
        return;
    };
    if cx.moved(os.file, ns.file) {
        out.add(moved(
            "service-deleted",
            name,
            (&os.loc, os.file),
            (&ns.loc, ns.file),
        ));
    }
    for r in pair(&os.methods, &ns.methods, Some(&ns.loc)) {
        let full = format!("{name}.{}", r.key);
        let change = |what| Change::new(what, r.old_loc(), r.at, &full).slot("rpc", &full);
        match r.both() {
            None if r.removed().is_some() => out.add(change("rpc-deleted")),
            None => out.add(change("rpc-added")),
            Some((om, nm)) => {
                for (what, old, new) in [
                    ("rpc-request-changed", &om.input, &nm.input),
                    ("rpc-response-changed", &om.output, &nm.output),
                ] {
                    if !cx.same_type(old, new) {
                        out.add(change(what).slot("old", old).slot("new", new));
                    }
                }
                if om.idempotency != nm.idempotency {
                    let old_at = om.idempotency_loc.as_ref().or(r.old_loc());
                    let at = nm.idempotency_loc.as_ref().or(r.at);
                    out.add(
                        Change::new("rpc-idempotency-changed", old_at, at, &full)
                            .slot("rpc", &full)
                            .slot("old", &om.idempotency)
                            .slot("new", &nm.idempotency),
                    );
                }
                let (a, b) = (streaming(om), streaming(nm));
                if a != b {
                    out.add(
                        change("rpc-streaming-changed")
                            .slot("old", a)
                            .slot("new", b),
                    );
                }
            }
        }
    }
}

fn streaming(m: &Method) -> &'static str {
    match (m.client_streaming, m.server_streaming) {
        (false, false) => "unary",
        (true, false) => "client streaming",
        (false, true) => "server streaming",
        (true, true) => "bidirectional streaming",
    }
}

fn type_of(f: &FieldDescriptorProto) -> String {
    match f.type_name.as_deref() {
        Some(t) if !t.is_empty() => t.trim_start_matches('.').to_string(),
        _ => format!("{:?}", f.r#type()).to_ascii_lowercase(),
    }
}

/// Two `map<key, value>` types differ in key or value.
fn map_changed(cx: &Sides, a: &str, b: &str) -> bool {
    let parts = |m: &str| -> Vec<String> {
        m.trim_start_matches("map<")
            .trim_end_matches('>')
            .split(", ")
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (parts(a), parts(b));
    a.len() != b.len() || a.iter().zip(&b).any(|(x, y)| !cx.same_type(x, y))
}

/// Names as written may be relative on one side and qualified on the other.
fn same_type(a: &str, b: &str) -> bool {
    a == b
        || (a.rsplit('.').next() == b.rsplit('.').next()
            && (a.ends_with(&format!(".{b}")) || b.ends_with(&format!(".{a}"))))
}

/// Scalars that share an encoding: a reader of one decodes the other; JSON differs.
fn same_encoding(old: &str, new: &str) -> bool {
    const GROUPS: &[&[&str]] = &[
        &["int32", "uint32", "int64", "uint64", "bool"],
        &["sint32", "sint64"],
        &["fixed32", "sfixed32"],
        &["fixed64", "sfixed64"],
        &["string", "bytes"],
    ];
    GROUPS.iter().any(|g| g.contains(&old) && g.contains(&new))
}

/// As buf names them: repeated, required, or optional with explicit or implicit presence.
/// Parsed descriptors leave a named field's type open (message or enum): enums are told by
/// name.
fn cardinality(f: &Field, is_enum: &impl Fn(&str) -> bool) -> &'static str {
    let d = f.d;
    match d.label() {
        Label::Repeated => "repeated",
        Label::Required => "required",
        Label::Optional if f.el.features.field_presence == "LEGACY_REQUIRED" => "required",
        Label::Optional => {
            let message = match d.type_name.as_deref() {
                Some(t) if !t.is_empty() => d.r#type() == Type::Message || !is_enum(t),
                _ => false,
            };
            let explicit = f.el.features.field_presence != "IMPLICIT"
                || d.proto3_optional()
                || f.oneof.is_some()
                || message;
            if explicit {
                "optional with explicit presence"
            } else {
                "optional with implicit presence"
            }
        }
    }
}
