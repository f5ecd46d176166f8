//! Protobuf names in a design doc, resolved by protobuf's scoping rules over every block of the
//! doc and the well-known types, so that each unresolved name is found (not only a compiler's
//! first) and judged by the doc's policy for names it does not define.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use prost_types::{DescriptorProto, FieldDescriptorProto, FileDescriptorProto};
use protox::file::{FileResolver, GoogleFileResolver};

use crate::analyze::{Analysis, Role};
use crate::finding::Finding;
use crate::formats::protobuf::{PLACEHOLDER_NAME, Proto};
use crate::markdown::Block;
use crate::model::Reference;
use crate::rules;

use super::undefined::{self, Policy};

const SCALARS: &[&str] = &[
    "double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32",
    "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes",
];

const FOREIGN: &[(&str, &str)] = &[
    ("int", "int32"),
    ("integer", "int32"),
    ("long", "int64"),
    ("boolean", "bool"),
    ("str", "string"),
];

const POLICY: Policy = Policy {
    unresolved: rules::PROTOBUF_UNRESOLVED_NAME,
    elsewhere: rules::PROTOBUF_UNDEFINED_NAMES,
    noun: "name",
    foreign: FOREIGN,
};

const WELL_KNOWN_FILES: &[&str] = &[
    "google/protobuf/any.proto",
    "google/protobuf/api.proto",
    "google/protobuf/descriptor.proto",
    "google/protobuf/duration.proto",
    "google/protobuf/empty.proto",
    "google/protobuf/field_mask.proto",
    "google/protobuf/source_context.proto",
    "google/protobuf/struct.proto",
    "google/protobuf/timestamp.proto",
    "google/protobuf/type.proto",
    "google/protobuf/wrappers.proto",
    "google/protobuf/compiler/plugin.proto",
];

/// Fully qualified names (no leading dot) of every type the well-known files define.
fn well_known() -> &'static BTreeSet<String> {
    static NAMES: OnceLock<BTreeSet<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let resolver = GoogleFileResolver::new();
        let mut names = BTreeSet::new();
        for f in WELL_KNOWN_FILES {
            if let Ok(file) = resolver.open_file(f) {
                collect(file.file_descriptor_proto(), &mut names);
            }
        }
        names
    })
}

pub fn is_well_known_file(name: &str) -> bool {
    WELL_KNOWN_FILES.contains(&name)
}

/// Every message and enum a file defines, fully qualified.
pub fn collect(d: &FileDescriptorProto, out: &mut BTreeSet<String>) {
    let package = d.package().to_string();
    for m in &d.message_type {
        message_names(m, &package, 0, out);
    }
    for e in &d.enum_type {
        out.insert(join(&package, e.name()));
    }
}

/// Nested messages deeper than this are not walked (the parser caps nesting too).
const MAX_NESTING: usize = 64;

fn message_names(m: &DescriptorProto, scope: &str, depth: usize, out: &mut BTreeSet<String>) {
    let name = join(scope, m.name());
    if depth < MAX_NESTING {
        for n in &m.nested_type {
            message_names(n, &name, depth + 1, out);
        }
    }
    for e in &m.enum_type {
        out.insert(join(&name, e.name()));
    }
    out.insert(name);
}

fn join(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_string()
    } else {
        format!("{scope}.{name}")
    }
}

/// Every unresolved name of the doc's blocks, and every import none of them can read.
pub fn check(a: &Analysis) -> Vec<Finding> {
    let file = a.source.display.as_str();
    let mut doc_names = BTreeSet::new();
    for (_, p) in &a.protos {
        collect(&p.descriptor, &mut doc_names);
    }
    let simple: BTreeSet<&str> = doc_names
        .iter()
        .map(|n| n.rsplit('.').next().unwrap_or(n))
        .collect();
    let own_files: BTreeSet<&str> = a.protos.iter().map(|(_, p)| p.name.as_str()).collect();
    let mut out = Vec::new();
    // Packages some block of which imports a file the tool cannot read: their names may come
    // from it.
    let mut opaque: BTreeSet<Option<&str>> = BTreeSet::new();
    let mut missing: BTreeMap<&str, crate::finding::Loc> = BTreeMap::new();
    for (b, p) in &a.protos {
        let block = &a.doc.blocks[*b];
        let spans = &p.spans;
        for (i, dep) in p.descriptor.dependency.iter().enumerate() {
            if own_files.contains(dep.as_str()) || is_well_known_file(dep) {
                continue;
            }
            opaque.insert(p.package.as_deref());
            missing
                .entry(dep)
                .or_insert_with(|| spans.loc(p, block, file, &[3, i as i32]));
        }
    }
    for (dep, loc) in missing {
        out.push(
            Finding::new(
                rules::PROTOBUF_UNRESOLVED_IMPORT,
                &loc,
                format!("import \"{dep}\" is neither a well-known type nor a `file=` block of this doc, so the names it brings are not checked"),
            )
            .subject(dep.to_string()),
        );
    }
    // A slip is judged against the scalars, the doc's contracts and the block's own types,
    // not against another example's.
    let mut contract = BTreeSet::new();
    for (b, p) in &a.protos {
        let role = a.results.iter().find(|r| r.block == *b).map(|r| r.role);
        if role == Some(Role::Contract) {
            collect(&p.descriptor, &mut contract);
        }
    }
    for (b, p) in &a.protos {
        let block = &a.doc.blocks[*b];
        let scope = Scope {
            doc: &doc_names,
            simple: &simple,
            package: p.package.as_deref(),
        };
        let unresolved: Vec<Reference> = references(p, block, file)
            .into_iter()
            .filter(|(name, at, _)| !scope.resolves(name, at))
            .map(|(name, _, loc)| Reference { name, loc })
            .collect();
        if unresolved.is_empty() {
            continue;
        }
        // Built only for a block with something to judge: over every block it would cost the
        // square of the doc's size.
        let mut own = BTreeSet::new();
        collect(&p.descriptor, &mut own);
        let known: Vec<&str> = SCALARS
            .iter()
            .copied()
            .chain(contract.iter().map(String::as_str))
            .chain(own.iter().map(String::as_str))
            .collect();
        let (sure, rest): (Vec<Reference>, Vec<Reference>) =
            unresolved.into_iter().partition(|r| {
                r.name
                    .trim_start_matches('.')
                    .starts_with("google.protobuf.")
                    || undefined::near_miss(&r.name, &known, FOREIGN).is_some()
            });
        // A name may come from an import nobody can read; only a slip is then surely wrong.
        let rest = if opaque.contains(&p.package.as_deref()) {
            Vec::new()
        } else {
            rest
        };
        for r in &sure {
            let hint = undefined::near_miss(&r.name, &known, FOREIGN)
                .map(|n| format!("; did you mean `{n}`?"))
                .unwrap_or_else(|| "; the well-known types have no such message".to_string());
            out.push(
                Finding::new(
                    rules::PROTOBUF_UNRESOLVED_NAME,
                    &r.loc,
                    format!(
                        "name `{}` is defined nowhere this block can see{hint}",
                        r.name
                    ),
                )
                .subject(r.name.clone()),
            );
        }
        undefined::report(&POLICY, true, &known, &rest, &mut out);
    }
    out
}

struct Scope<'a> {
    doc: &'a BTreeSet<String>,
    simple: &'a BTreeSet<&'a str>,
    package: Option<&'a str>,
}

impl Scope<'_> {
    /// Protobuf's rule: the name is looked up from the innermost scope outwards. A block
    /// without a `package` line is an excerpt and may name any of the doc's types by its
    /// simple name.
    fn resolves(&self, name: &str, at: &str) -> bool {
        let has = |n: &str| self.doc.contains(n) || well_known().contains(n);
        if let Some(full) = name.strip_prefix('.') {
            return has(full);
        }
        let mut scope = at;
        loop {
            if has(&join(scope, name)) {
                return true;
            }
            match scope.rfind('.') {
                Some(i) => scope = &scope[..i],
                None if !scope.is_empty() => scope = "",
                None => break,
            }
        }
        self.package.is_none() && !name.contains('.') && self.simple.contains(name)
    }
}

/// (name as written, scope it is written in, place) of every type name a block uses.
pub fn references(
    p: &Proto,
    block: &Block,
    file: &str,
) -> Vec<(String, String, crate::finding::Loc)> {
    let spans = &p.spans;
    let package = p.descriptor.package().to_string();
    let mut out = Vec::new();
    let mut push = |name: &str, scope: &str, path: &[i32]| {
        // An elided request or response type (`rpc Get(...)`) names nothing.
        let elided = name == PLACEHOLDER_NAME || (name == "E" && p.text.contains("(E)"));
        if !name.is_empty() && !elided {
            out.push((
                name.to_string(),
                scope.to_string(),
                spans.loc(p, block, file, path),
            ));
        }
    };
    let mut stack: Vec<(&DescriptorProto, String, Vec<i32>)> = p
        .descriptor
        .message_type
        .iter()
        .enumerate()
        .map(|(i, m)| (m, package.clone(), vec![4, i as i32]))
        .collect();
    while let Some((m, outer, path)) = stack.pop() {
        let scope = join(&outer, m.name());
        for (k, f) in m.field.iter().enumerate() {
            field_refs(f, &scope, &[&path[..], &[2, k as i32]].concat(), &mut push);
        }
        for (k, f) in m.extension.iter().enumerate() {
            field_refs(f, &scope, &[&path[..], &[6, k as i32]].concat(), &mut push);
        }
        for (j, n) in m.nested_type.iter().enumerate() {
            stack.push((n, scope.clone(), [&path[..], &[3, j as i32]].concat()));
        }
    }
    for (k, f) in p.descriptor.extension.iter().enumerate() {
        field_refs(f, &package, &[7, k as i32], &mut push);
    }
    for (i, s) in p.descriptor.service.iter().enumerate() {
        for (j, m) in s.method.iter().enumerate() {
            let at = [6, i as i32, 2, j as i32];
            push(m.input_type(), &package, &[&at[..], &[2]].concat());
            push(m.output_type(), &package, &[&at[..], &[3]].concat());
        }
    }
    out.sort_by(|x, y| x.2.cmp(&y.2));
    out
}

fn field_refs(
    f: &FieldDescriptorProto,
    scope: &str,
    path: &[i32],
    push: &mut impl FnMut(&str, &str, &[i32]),
) {
    push(f.type_name(), scope, &[path, &[6]].concat());
    push(f.extendee(), scope, &[path, &[2]].concat());
}
