//! Protobuf changes, compared by fully-qualified name and field number, each placed in the
//! innermost of buf's nested categories FILE ⊃ PACKAGE ⊃ WIRE_JSON ⊃ WIRE where it breaks.
//! Whether that is an error or a warning depends on `--proto-level`.

use std::collections::BTreeMap;

use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{DescriptorProto, EnumDescriptorProto, FieldDescriptorProto};

use crate::analyze::{Analysis, Role};
use crate::finding::{Finding, Loc, Severity};
use crate::formats::protobuf::{Proto, Spans};
use crate::markdown::Block;
use crate::rules;

/// Where errors start: a break in this category or an inner one is an error; a break only in
/// an outer category is a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Level {
    Wire,
    WireJson,
    Package,
    File,
}

/// The innermost category a change breaks; additions break none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cat {
    Wire,
    WireJson,
    Package,
    File,
}

impl Cat {
    fn name(self) -> &'static str {
        match self {
            Cat::Wire => "WIRE",
            Cat::WireJson => "WIRE_JSON",
            Cat::Package => "PACKAGE",
            Cat::File => "FILE",
        }
    }
}

fn severity(cat: Cat, level: Level) -> Severity {
    let inner = match level {
        Level::Wire => Cat::Wire,
        Level::WireJson => Cat::WireJson,
        Level::Package => Cat::Package,
        Level::File => Cat::File,
    };
    if cat <= inner {
        Severity::Error
    } else {
        Severity::Warning
    }
}

struct Field<'a> {
    d: &'a FieldDescriptorProto,
    oneof: Option<String>,
    proto3: bool,
    loc: Loc,
}

struct Message<'a> {
    d: &'a DescriptorProto,
    loc: Loc,
    fields: BTreeMap<i32, Field<'a>>,
}

struct Enum<'a> {
    d: &'a EnumDescriptorProto,
    loc: Loc,
    values: BTreeMap<i32, (&'a str, Loc)>,
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
    services: BTreeMap<String, (Loc, BTreeMap<String, Method>)>,
    /// Proto file name -> (package, place of the file).
    files: BTreeMap<String, (String, Loc)>,
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
            s.files
                .insert(proto.name.clone(), (package.clone(), block.start_loc(file)));
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
                    (ctx.at(&[6, i as i32]), methods),
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
            values.entry(v.number()).or_insert((v.name(), self.at(&vp)));
        }
        s.enums.insert(
            format!("{prefix}{}", e.name()),
            Enum {
                d: e,
                loc: self.at(&path),
                values,
            },
        );
    }
}

pub fn diff(old: &[&Analysis], new: &[&Analysis], level: Level) -> Vec<Finding> {
    let (o, n) = (side(old), side(new));
    let mut out = Vec::new();
    let mut push = |rule: &'static str,
                    cat: Option<Cat>,
                    old: Option<&Loc>,
                    new: Option<&Loc>,
                    subject: String,
                    message: String| {
        let (severity, message) = match cat {
            Some(c) => (severity(c, level), format!("{message} [{}]", c.name())),
            None => (Severity::Info, message),
        };
        out.push(
            Finding::change(rule, old.cloned(), new.cloned(), message)
                .severity(severity)
                .subject(subject),
        );
    };

    for (name, (package, loc)) in &o.files {
        if let Some((new_package, new_loc)) = n.files.get(name)
            && new_package != package
        {
            push(
                rules::PROTOBUF_PACKAGE_CHANGED,
                Some(Cat::File),
                Some(loc),
                Some(new_loc),
                name.clone(),
                format!("file `{name}` moved from package `{package}` to `{new_package}`"),
            );
        }
    }
    for (name, om) in &o.messages {
        let Some(nm) = n.messages.get(name) else {
            push(
                rules::PROTOBUF_MESSAGE_DELETED,
                Some(Cat::Package),
                Some(&om.loc),
                None,
                name.clone(),
                format!("message `{name}` was deleted"),
            );
            continue;
        };
        for (number, of) in &om.fields {
            let field = format!("{name}.{}", of.d.name());
            let Some(nf) = nm.fields.get(number) else {
                let number_reserved =
                    nm.d.reserved_range
                        .iter()
                        .any(|r| (r.start()..r.end()).contains(number));
                let name_reserved = nm.d.reserved_name.iter().any(|r| r == of.d.name());
                let cat = match (number_reserved, name_reserved) {
                    (true, true) => Cat::File,
                    (true, false) => Cat::WireJson,
                    _ => Cat::Wire,
                };
                let why = match cat {
                    Cat::File => {
                        "; its number and name are reserved, so only generated code changes"
                    }
                    Cat::WireJson => {
                        "; its number is reserved but not its name, which JSON still reads"
                    }
                    _ => "; its number is not reserved, so it may be reused with another meaning",
                };
                push(
                    rules::PROTOBUF_FIELD_DELETED,
                    Some(cat),
                    Some(&of.loc),
                    Some(&nm.loc),
                    field,
                    format!(
                        "field `{}` ({number}) was deleted from `{name}`{why}",
                        of.d.name()
                    ),
                );
                continue;
            };
            if nf.d.name() != of.d.name() {
                push(
                    rules::PROTOBUF_FIELD_RENAMED,
                    Some(Cat::WireJson),
                    Some(&of.loc),
                    Some(&nf.loc),
                    field.clone(),
                    format!(
                        "field {number} of `{name}` was renamed from `{}` to `{}`; JSON uses the name",
                        of.d.name(),
                        nf.d.name()
                    ),
                );
            } else if nf.d.json_name != of.d.json_name
                && (nf.d.json_name.is_some() && of.d.json_name.is_some())
            {
                push(
                    rules::PROTOBUF_FIELD_JSON_NAME_CHANGED,
                    Some(Cat::WireJson),
                    Some(&of.loc),
                    Some(&nf.loc),
                    field.clone(),
                    format!(
                        "field `{field}` changed its JSON name from `{}` to `{}`",
                        of.d.json_name(),
                        nf.d.json_name()
                    ),
                );
            }
            let (ot, nt) = (type_of(of.d), type_of(nf.d));
            if !same_type(&ot, &nt) {
                let cat = type_change_category(&ot, &nt);
                push(
                    rules::PROTOBUF_FIELD_TYPE_CHANGED,
                    Some(cat),
                    Some(&of.loc),
                    Some(&nf.loc),
                    field.clone(),
                    format!("field `{field}` changed type from `{ot}` to `{nt}`"),
                );
            }
            let is_enum = |t: &str| {
                let short = t.rsplit('.').next().unwrap_or(t);
                o.enums
                    .keys()
                    .chain(n.enums.keys())
                    .any(|k| k.rsplit('.').next() == Some(short))
            };
            let (oc, nc) = (cardinality(of, &is_enum), cardinality(nf, &is_enum));
            if oc != nc {
                let cat = if (oc == "repeated") != (nc == "repeated") {
                    Cat::Wire
                } else {
                    Cat::WireJson
                };
                push(
                    rules::PROTOBUF_FIELD_CARDINALITY_CHANGED,
                    Some(cat),
                    Some(&of.loc),
                    Some(&nf.loc),
                    field.clone(),
                    format!("field `{field}` changed cardinality from {oc} to {nc}"),
                );
            }
            if of.oneof != nf.oneof {
                let describe = |o: &Option<String>| {
                    o.as_ref()
                        .map_or("no oneof".to_string(), |x| format!("oneof `{x}`"))
                };
                push(
                    rules::PROTOBUF_FIELD_ONEOF_CHANGED,
                    Some(Cat::Wire),
                    Some(&of.loc),
                    Some(&nf.loc),
                    field.clone(),
                    format!(
                        "field `{field}` moved from {} to {}",
                        describe(&of.oneof),
                        describe(&nf.oneof)
                    ),
                );
            }
        }
        for (number, nf) in &nm.fields {
            if !om.fields.contains_key(number) {
                push(
                    rules::PROTOBUF_FIELD_ADDED,
                    None,
                    None,
                    Some(&nf.loc),
                    format!("{name}.{}", nf.d.name()),
                    format!("field `{}` ({number}) was added to `{name}`", nf.d.name()),
                );
            }
        }
        for r in &om.d.reserved_range {
            let kept =
                nm.d.reserved_range
                    .iter()
                    .any(|x| x.start() <= r.start() && x.end() >= r.end());
            if !kept {
                push(
                    rules::PROTOBUF_RESERVED_REMOVED,
                    Some(Cat::Wire),
                    Some(&om.loc),
                    Some(&nm.loc),
                    name.clone(),
                    format!(
                        "`{name}` no longer reserves numbers {}..{}",
                        r.start(),
                        r.end() - 1
                    ),
                );
            }
        }
        for r in &om.d.reserved_name {
            if !nm.d.reserved_name.contains(r) {
                push(
                    rules::PROTOBUF_RESERVED_REMOVED,
                    Some(Cat::WireJson),
                    Some(&om.loc),
                    Some(&nm.loc),
                    name.clone(),
                    format!("`{name}` no longer reserves the name `{r}`"),
                );
            }
        }
    }
    for (name, nm) in &n.messages {
        if !o.messages.contains_key(name) {
            push(
                rules::PROTOBUF_MESSAGE_ADDED,
                None,
                None,
                Some(&nm.loc),
                name.clone(),
                format!("message `{name}` was added"),
            );
        }
    }
    for (name, oe) in &o.enums {
        let Some(ne) = n.enums.get(name) else {
            push(
                rules::PROTOBUF_ENUM_DELETED,
                Some(Cat::Package),
                Some(&oe.loc),
                None,
                name.clone(),
                format!("enum `{name}` was deleted"),
            );
            continue;
        };
        for (number, (vname, vloc)) in &oe.values {
            match ne.values.get(number) {
                None => {
                    let number_reserved =
                        ne.d.reserved_range
                            .iter()
                            .any(|r| (r.start()..=r.end()).contains(number));
                    let name_reserved = ne.d.reserved_name.iter().any(|r| r == vname);
                    let cat = match (number_reserved, name_reserved) {
                        (true, true) => Cat::File,
                        (true, false) => Cat::WireJson,
                        _ => Cat::Wire,
                    };
                    push(
                        rules::PROTOBUF_ENUM_VALUE_DELETED,
                        Some(cat),
                        Some(vloc),
                        Some(&ne.loc),
                        format!("{name}.{vname}"),
                        format!("value `{vname}` ({number}) was deleted from enum `{name}`"),
                    );
                }
                Some((nname, nloc)) if nname != vname => {
                    push(
                        rules::PROTOBUF_ENUM_VALUE_RENAMED,
                        Some(Cat::WireJson),
                        Some(vloc),
                        Some(nloc),
                        format!("{name}.{vname}"),
                        format!(
                            "value {number} of enum `{name}` was renamed from `{vname}` to `{nname}`; JSON uses the name"
                        ),
                    );
                }
                Some(_) => {}
            }
        }
        for (number, (vname, vloc)) in &ne.values {
            if !oe.values.contains_key(number) {
                push(
                    rules::PROTOBUF_ENUM_VALUE_ADDED,
                    None,
                    None,
                    Some(vloc),
                    format!("{name}.{vname}"),
                    format!("value `{vname}` ({number}) was added to enum `{name}`"),
                );
            }
        }
    }
    for (name, (oloc, omethods)) in &o.services {
        let Some((_, nmethods)) = n.services.get(name) else {
            push(
                rules::PROTOBUF_SERVICE_DELETED,
                Some(Cat::WireJson),
                Some(oloc),
                None,
                name.clone(),
                format!("service `{name}` was deleted; its callers get UNIMPLEMENTED"),
            );
            continue;
        };
        for (rpc, om) in omethods {
            let full = format!("{name}.{rpc}");
            let Some(nm) = nmethods.get(rpc) else {
                push(
                    rules::PROTOBUF_RPC_DELETED,
                    Some(Cat::WireJson),
                    Some(&om.loc),
                    None,
                    full.clone(),
                    format!("rpc `{full}` was deleted; its callers get UNIMPLEMENTED"),
                );
                continue;
            };
            if !same_type(&om.input, &nm.input) {
                push(
                    rules::PROTOBUF_RPC_REQUEST_CHANGED,
                    Some(Cat::Wire),
                    Some(&om.loc),
                    Some(&nm.loc),
                    full.clone(),
                    format!(
                        "rpc `{full}` now takes `{}` instead of `{}`",
                        nm.input, om.input
                    ),
                );
            }
            if !same_type(&om.output, &nm.output) {
                push(
                    rules::PROTOBUF_RPC_RESPONSE_CHANGED,
                    Some(Cat::Wire),
                    Some(&om.loc),
                    Some(&nm.loc),
                    full.clone(),
                    format!(
                        "rpc `{full}` now returns `{}` instead of `{}`",
                        nm.output, om.output
                    ),
                );
            }
            if om.client_streaming != nm.client_streaming
                || om.server_streaming != nm.server_streaming
            {
                let mode = |m: &Method| match (m.client_streaming, m.server_streaming) {
                    (false, false) => "unary",
                    (true, false) => "client streaming",
                    (false, true) => "server streaming",
                    (true, true) => "bidirectional streaming",
                };
                push(
                    rules::PROTOBUF_RPC_STREAMING_CHANGED,
                    Some(Cat::Wire),
                    Some(&om.loc),
                    Some(&nm.loc),
                    full.clone(),
                    format!("rpc `{full}` changed from {} to {}", mode(om), mode(nm)),
                );
            }
        }
        for (rpc, nm) in nmethods {
            if !omethods.contains_key(rpc) {
                push(
                    rules::PROTOBUF_RPC_ADDED,
                    None,
                    None,
                    Some(&nm.loc),
                    format!("{name}.{rpc}"),
                    format!("rpc `{name}.{rpc}` was added"),
                );
            }
        }
    }
    for (name, (nloc, _)) in &n.services {
        if !o.services.contains_key(name) {
            push(
                rules::PROTOBUF_SERVICE_ADDED,
                None,
                None,
                Some(nloc),
                name.clone(),
                format!("service `{name}` was added"),
            );
        }
    }
    out
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

fn type_change_category(old: &str, new: &str) -> Cat {
    // Scalars that share an encoding: a reader of one decodes the other, JSON differs.
    const GROUPS: &[&[&str]] = &[
        &["int32", "uint32", "int64", "uint64", "bool"],
        &["sint32", "sint64"],
        &["fixed32", "sfixed32"],
        &["fixed64", "sfixed64"],
        &["string", "bytes"],
    ];
    let wire_compatible = GROUPS.iter().any(|g| g.contains(&old) && g.contains(&new));
    if wire_compatible {
        Cat::WireJson
    } else {
        Cat::Wire
    }
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
