//! Protobuf changes, compared by fully-qualified name and field number. The two sides are
//! paired into a tree (files, messages and their fields, enums and their values, services
//! and their rpcs); small rule functions read it. Each rule's file lists buf's categories a
//! change breaks (FILE ⊃ PACKAGE ⊃ WIRE_JSON ⊃ WIRE), and `--proto-level` decides which
//! of them are errors.

use std::collections::BTreeMap;

use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{DescriptorProto, EnumDescriptorProto, FieldDescriptorProto};

use crate::analyze::{Analysis, Role};
use crate::finding::{Finding, Loc};
use crate::formats::protobuf::{Proto, Spans};
use crate::markdown::Block;
use crate::rules::Category;

use super::change::{Change, Report};
use super::pair::{Delta, Located, pair};

/// Where errors start: a break in this category or an inner one is an error; a break only in
/// an outer category is a warning.
pub type Level = Category;

struct Field<'a> {
    d: &'a FieldDescriptorProto,
    oneof: Option<String>,
    proto3: bool,
    loc: Loc,
}

struct Message<'a> {
    d: &'a DescriptorProto,
    loc: Loc,
    /// The proto file it is declared in.
    file: String,
    fields: BTreeMap<i32, Field<'a>>,
}

struct Enum<'a> {
    d: &'a EnumDescriptorProto,
    loc: Loc,
    file: String,
    values: BTreeMap<i32, Value<'a>>,
}

struct Value<'a> {
    name: &'a str,
    loc: Loc,
}

struct Service {
    loc: Loc,
    file: String,
    methods: BTreeMap<String, Method>,
}

/// A proto file: its package, and where a removal from it is shown (its `package` line, else
/// its first line).
struct File {
    package: String,
    loc: Loc,
}

struct Method {
    input: String,
    output: String,
    client_streaming: bool,
    server_streaming: bool,
    loc: Loc,
}

#[derive(Default)]
struct Side<'a> {
    messages: BTreeMap<String, Message<'a>>,
    enums: BTreeMap<String, Enum<'a>>,
    services: BTreeMap<String, Service>,
    files: BTreeMap<String, File>,
}

fn side<'a>(analyses: &[&'a Analysis]) -> Side<'a> {
    let mut s = Side::default();
    for a in analyses {
        let file = a.source.display.as_str();
        for (b, proto) in &a.protos {
            let block = &a.doc.blocks[*b];
            let role_ok = a
                .results
                .iter()
                .find(|r| r.block == *b)
                .is_some_and(|r| r.role == Role::Contract);
            if !role_ok {
                continue;
            }
            let spans = Spans::of(&proto.descriptor);
            let ctx = Ctx {
                proto,
                block,
                file,
                spans: &spans,
            };
            let package = proto.package.clone().unwrap_or_default();
            let file_loc = ctx.at(&[2]);
            s.files.insert(
                proto.name.clone(),
                File {
                    package: package.clone(),
                    loc: file_loc,
                },
            );
            let prefix = if package.is_empty() {
                String::new()
            } else {
                format!("{package}.")
            };
            for (i, m) in proto.descriptor.message_type.iter().enumerate() {
                ctx.message(m, &prefix, vec![4, i as i32], &mut s, 0);
            }
            for (i, e) in proto.descriptor.enum_type.iter().enumerate() {
                ctx.enumeration(e, &prefix, vec![5, i as i32], &mut s);
            }
            for (i, svc) in proto.descriptor.service.iter().enumerate() {
                let mut methods = BTreeMap::new();
                for (j, m) in svc.method.iter().enumerate() {
                    methods.insert(
                        m.name().to_string(),
                        Method {
                            input: m.input_type().trim_start_matches('.').to_string(),
                            output: m.output_type().trim_start_matches('.').to_string(),
                            client_streaming: m.client_streaming(),
                            server_streaming: m.server_streaming(),
                            loc: ctx.at(&[6, i as i32, 2, j as i32]),
                        },
                    );
                }
                s.services.insert(
                    format!("{prefix}{}", svc.name()),
                    Service {
                        loc: ctx.at(&[6, i as i32]),
                        file: proto.name.clone(),
                        methods,
                    },
                );
            }
        }
    }
    s
}

struct Ctx<'a, 's> {
    proto: &'a Proto,
    block: &'a Block,
    file: &'a str,
    spans: &'s Spans,
}

impl<'a> Ctx<'a, '_> {
    fn at(&self, path: &[i32]) -> Loc {
        self.spans.loc(self.proto, self.block, self.file, path)
    }

    fn message(
        &self,
        m: &'a DescriptorProto,
        prefix: &str,
        path: Vec<i32>,
        s: &mut Side<'a>,
        depth: usize,
    ) {
        if depth > 64 || m.options.as_ref().is_some_and(|o| o.map_entry()) {
            return;
        }
        let name = format!("{prefix}{}", m.name());
        let mut fields = BTreeMap::new();
        for (k, f) in m.field.iter().enumerate() {
            let mut fp = path.clone();
            fp.extend([2, k as i32]);
            // A proto3 `optional` field sits in a synthetic oneof of its own: not a real oneof.
            let oneof = f
                .oneof_index
                .filter(|_| !f.proto3_optional())
                .and_then(|i| m.oneof_decl.get(i as usize))
                .map(|o| o.name().to_string());
            let proto3 = self.proto.syntax == "proto3";
            fields.insert(
                f.number(),
                Field {
                    d: f,
                    oneof,
                    proto3,
                    loc: self.at(&fp),
                },
            );
        }
        s.messages.insert(
            name.clone(),
            Message {
                d: m,
                loc: self.at(&path),
                file: self.proto.name.clone(),
                fields,
            },
        );
        let inner = format!("{name}.");
        for (j, n) in m.nested_type.iter().enumerate() {
            let mut np = path.clone();
            np.extend([3, j as i32]);
            self.message(n, &inner, np, s, depth + 1);
        }
        for (j, e) in m.enum_type.iter().enumerate() {
            let mut ep = path.clone();
            ep.extend([4, j as i32]);
            self.enumeration(e, &inner, ep, s);
        }
    }

    fn enumeration(
        &self,
        e: &'a EnumDescriptorProto,
        prefix: &str,
        path: Vec<i32>,
        s: &mut Side<'a>,
    ) {
        let mut values = BTreeMap::new();
        for (k, v) in e.value.iter().enumerate() {
            let mut vp = path.clone();
            vp.extend([2, k as i32]);
            values.entry(v.number()).or_insert(Value {
                name: v.name(),
                loc: self.at(&vp),
            });
        }
        s.enums.insert(
            format!("{prefix}{}", e.name()),
            Enum {
                d: e,
                loc: self.at(&path),
                file: self.proto.name.clone(),
                values,
            },
        );
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
    Service,
    Method,
    File
);

type Messages<'a> = Delta<'a, String, Message<'a>>;
type Fields<'a> = Delta<'a, i32, Field<'a>>;

/// The two sides, for rules that look beyond the element they read.
struct Sides<'a> {
    o: &'a Side<'a>,
    n: &'a Side<'a>,
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

    fn is_enum(&self, t: &str) -> bool {
        let short = t.rsplit('.').next().unwrap_or(t);
        let mut names = self.o.enums.keys().chain(self.n.enums.keys());
        names.any(|k| k.rsplit('.').next() == Some(short))
    }
}

pub fn diff(old: &[&Analysis], new: &[&Analysis], level: Level) -> Vec<Finding> {
    let (o, n) = (side(old), side(new));
    let cx = Sides { o: &o, n: &n };
    let mut out = Report::new("protobuf", level);
    for f in pair(&o.files, &n.files, None) {
        package_changed(&f, &mut out);
    }
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

/// A message deleted or added, and the reservations it dropped.
fn message(cx: &Sides, m: &Messages, out: &mut Report) {
    let name = m.key;
    if let Some(om) = m.removed() {
        let at = cx.anchor(&om.file);
        out.add(Change::new("message-deleted", Some(&om.loc), at, name).slot("name", name));
    } else if let Some(nm) = m.added() {
        out.add(Change::new("message-added", None, Some(&nm.loc), name).slot("name", name));
    }
    let Some((om, nm)) = m.both() else { return };
    let change = || Change::new("reserved-removed", Some(&om.loc), Some(&nm.loc), name);
    for r in &om.d.reserved_range {
        let kept =
            nm.d.reserved_range
                .iter()
                .any(|x| x.start() <= r.start() && x.end() >= r.end());
        if !kept {
            let what = format!("numbers {}..{}", r.start(), r.end() - 1);
            out.add(
                change()
                    .fact("number")
                    .slot("name", name)
                    .slot("what", what),
            );
        }
    }
    for r in
        om.d.reserved_name
            .iter()
            .filter(|r| !nm.d.reserved_name.contains(r))
    {
        let what = format!("the name `{r}`");
        out.add(change().fact("name").slot("name", name).slot("what", what));
    }
}

type FieldRule = fn(&Sides, &Messages, &Fields, &mut Report);

const FIELD_RULES: &[FieldRule] = &[
    field_deleted_or_added,
    field_renamed,
    field_type_changed,
    field_cardinality_changed,
    field_oneof_changed,
];

fn field_change(m: &Messages, f: &Fields, what: &'static str, field: &Field) -> Change {
    let old_at = f.old_loc().or(m.old_loc());
    Change::new(
        what,
        old_at,
        f.at,
        format!("{}.{}#{}", m.key, field.d.name(), f.key),
    )
    .slot("message", m.key)
    .slot("name", field.d.name())
    .slot("field", format!("{}.{}", m.key, field.d.name()))
    .slot("number", f.key.to_string())
}

fn field_deleted_or_added(_: &Sides, m: &Messages, f: &Fields, out: &mut Report) {
    if let Some(of) = f.removed() {
        let nm = m.new.map(|nm| nm.d);
        let number = f.key;
        let number_reserved = nm.is_some_and(|d| {
            d.reserved_range
                .iter()
                .any(|r| (r.start()..r.end()).contains(number))
        });
        let name_reserved = nm.is_some_and(|d| d.reserved_name.iter().any(|r| r == of.d.name()));
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
        out.add(field_change(m, f, "field-renamed", of).slot("new", nf.d.name()));
    } else if nf.d.json_name != of.d.json_name
        && nf.d.json_name.is_some()
        && of.d.json_name.is_some()
    {
        out.add(
            field_change(m, f, "field-json-name-changed", of)
                .slot("old", of.d.json_name())
                .slot("new", nf.d.json_name()),
        );
    }
}

fn field_type_changed(_: &Sides, m: &Messages, f: &Fields, out: &mut Report) {
    let Some((of, nf)) = f.both() else { return };
    let (ot, nt) = (type_of(of.d), type_of(nf.d));
    if !same_type(&ot, &nt) {
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
                .slot("old", describe(&of.oneof))
                .slot("new", describe(&nf.oneof)),
        );
    }
}

fn enumeration(cx: &Sides, e: &Delta<String, Enum>, out: &mut Report) {
    let name = e.key;
    if let Some(oe) = e.removed() {
        let at = cx.anchor(&oe.file);
        out.add(Change::new("enum-deleted", Some(&oe.loc), at, name).slot("name", name));
    }
    let Some((oe, ne)) = e.both() else { return };
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
                    ne.d.reserved_range
                        .iter()
                        .any(|r| (r.start()..=r.end()).contains(&number));
                let name_reserved = ne.d.reserved_name.iter().any(|r| r == ov.name);
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
        let at = cx.anchor(&os.file);
        out.add(Change::new("service-deleted", Some(&os.loc), at, name).slot("name", name));
        return;
    }
    let Some((os, ns)) = s.both() else {
        out.add(Change::new("service-added", None, s.at, name).slot("name", name));
        return;
    };
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
                    if !same_type(old, new) {
                        out.add(change(what).slot("old", old).slot("new", new));
                    }
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
        Label::Optional => {
            let message = match d.type_name.as_deref() {
                Some(t) if !t.is_empty() => d.r#type() == Type::Message || !is_enum(t),
                _ => false,
            };
            let explicit = !f.proto3 || d.proto3_optional() || f.oneof.is_some() || message;
            if explicit {
                "optional with explicit presence"
            } else {
                "optional with implicit presence"
            }
        }
    }
}
