//! Protobuf names defined twice in one scope: two messages, enums or services of one name in
//! a package, or two enum values of one name where they share a scope (enum values are
//! scoped like their enum's siblings, not inside the enum). protoc rejects both. Design docs
//! show alternatives in separate blocks, so only one block, or blocks written to one `file=`,
//! are one file here.

use std::collections::BTreeMap;

use prost_types::{DescriptorProto, EnumDescriptorProto};

use crate::analyze::Analysis;
use crate::finding::{Finding, Loc};
use crate::formats::protobuf::{Proto, Spans};
use crate::rules;

/// Nested messages deeper than this are not walked (the parser caps nesting too).
const MAX_NESTING: usize = 64;

pub fn check(a: &Analysis) -> Vec<Finding> {
    let file = a.source.display.as_str();
    let mut files: BTreeMap<String, Vec<(usize, &Proto)>> = BTreeMap::new();
    for (b, p) in &a.protos {
        let key = match &a.doc.blocks[*b].info.file {
            Some(f) => format!("file:{f}"),
            None => format!("block:{b}"),
        };
        files.entry(key).or_default().push((*b, p));
    }
    let mut out = Vec::new();
    for blocks in files.values() {
        let mut scopes: BTreeMap<String, (String, Loc)> = BTreeMap::new();
        for (b, p) in blocks {
            let spans = Spans::of(&p.descriptor);
            let walk = Walk {
                proto: p,
                block: &a.doc.blocks[*b],
                file,
                spans: &spans,
            };
            let package = p.descriptor.package().to_string();
            let mut defined = |name: String, what: &str, loc: Loc| {
                match scopes.get(&name) {
                    Some((first, at)) => out.push(
                        Finding::new(
                            rules::PROTOBUF_DUPLICATE_DEFINITION,
                            &loc,
                            format!(
                                "{what} `{name}` is defined again; the {first} at line {} already has that name",
                                at.line
                            ),
                        )
                        .subject(name),
                    ),
                    None => {
                        scopes.insert(name, (what.to_string(), loc));
                    }
                }
            };
            for (i, m) in p.descriptor.message_type.iter().enumerate() {
                walk.message(m, &package, vec![4, i as i32], 0, &mut defined);
            }
            for (i, e) in p.descriptor.enum_type.iter().enumerate() {
                walk.enumeration(e, &package, vec![5, i as i32], &mut defined);
            }
            for (i, s) in p.descriptor.service.iter().enumerate() {
                defined(join(&package, s.name()), "service", walk.at(&[6, i as i32]));
            }
        }
    }
    out
}

fn join(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_string()
    } else {
        format!("{scope}.{name}")
    }
}

struct Walk<'a> {
    proto: &'a Proto,
    block: &'a crate::markdown::Block,
    file: &'a str,
    spans: &'a Spans,
}

impl Walk<'_> {
    fn at(&self, path: &[i32]) -> Loc {
        self.spans.loc(self.proto, self.block, self.file, path)
    }

    fn message(
        &self,
        m: &DescriptorProto,
        scope: &str,
        path: Vec<i32>,
        depth: usize,
        defined: &mut impl FnMut(String, &str, Loc),
    ) {
        let name = join(scope, m.name());
        defined(name.clone(), "message", self.at(&path));
        if depth > MAX_NESTING {
            return;
        }
        for (j, n) in m.nested_type.iter().enumerate() {
            if n.options.as_ref().is_some_and(|o| o.map_entry()) {
                continue;
            }
            let mut npath = path.clone();
            npath.extend([3, j as i32]);
            self.message(n, &name, npath, depth + 1, defined);
        }
        for (j, e) in m.enum_type.iter().enumerate() {
            let mut epath = path.clone();
            epath.extend([4, j as i32]);
            self.enumeration(e, &name, epath, defined);
        }
    }

    fn enumeration(
        &self,
        e: &EnumDescriptorProto,
        scope: &str,
        path: Vec<i32>,
        defined: &mut impl FnMut(String, &str, Loc),
    ) {
        defined(join(scope, e.name()), "enum", self.at(&path));
        for (k, v) in e.value.iter().enumerate() {
            let mut vpath = path.clone();
            vpath.extend([2, k as i32]);
            defined(join(scope, v.name()), "enum value", self.at(&vpath));
        }
    }
}
