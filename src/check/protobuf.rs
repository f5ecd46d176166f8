//! Protobuf validity: field numbers unique and in range, reserved numbers and names left
//! alone, proto3 enums starting at zero; then names and imports resolved by the compiler.

use std::collections::BTreeMap;

use prost_types::{DescriptorProto, EnumDescriptorProto};

use crate::analyze::{Analysis, include_root};
use crate::finding::Finding;
use crate::formats::protobuf::{self, Proto, Spans};
use crate::markdown::Block;
use crate::rules;

use super::{protobuf_duplicates, protobuf_names};

const MAX_FIELD_NUMBER: i32 = 536_870_911;
const IMPLEMENTATION_RESERVED: std::ops::RangeInclusive<i32> = 19_000..=19_999;
/// Nested messages deeper than this are not walked (the parser caps nesting too).
const MAX_NESTING: usize = 64;

pub fn check(a: &Analysis) -> Vec<Finding> {
    let file = a.source.display.as_str();
    let mut out = protobuf_duplicates::check(a);
    let mut clean = Vec::new();
    for (b, proto) in &a.protos {
        let block = &a.doc.blocks[*b];
        let spans = &proto.spans;
        let ctx = Ctx {
            proto,
            block,
            file,
            spans,
        };
        let before = out.len();
        for (i, m) in proto.descriptor.message_type.iter().enumerate() {
            ctx.message(m, vec![4, i as i32], 0, &mut out);
        }
        for (i, e) in proto.descriptor.enum_type.iter().enumerate() {
            ctx.enumeration(e, vec![5, i as i32], &mut out);
        }
        // The compiler stops at the first fault; a block with one of ours is not compiled.
        if out.len() == before {
            clean.push((block, proto));
        }
    }
    if !a.is_doc {
        out.extend(protobuf::resolve(
            &clean,
            file,
            include_root(&a.source).as_deref(),
        ));
        return out;
    }
    // In a doc, names and imports are judged by the doc's policy; the compiler, which stops
    // at its first fault, is left what only it finds.
    out.extend(protobuf_names::check(a));
    out.extend(
        protobuf::resolve(&clean, file, None)
            .into_iter()
            .filter(|f| {
                f.rule != rules::PROTOBUF_UNRESOLVED_NAME
                    && f.rule != rules::PROTOBUF_UNRESOLVED_IMPORT
                    && !f.message.contains("which is not defined")
                    && !f.message.contains("is defined twice")
                    && !f.message.contains("is already defined")
                    // An enum shown for its `reserved` lines is an excerpt whose values
                    // are left out, as a `...` would leave them out.
                    && !f.message.contains("enums must have at least one value")
            }),
    );
    out
}

struct Ctx<'a> {
    proto: &'a Proto,
    block: &'a Block,
    file: &'a str,
    spans: &'a Spans,
}

impl Ctx<'_> {
    fn at(&self, path: &[i32]) -> crate::finding::Loc {
        self.spans.loc(self.proto, self.block, self.file, path)
    }

    fn message(&self, m: &DescriptorProto, path: Vec<i32>, depth: usize, out: &mut Vec<Finding>) {
        if depth > MAX_NESTING {
            return;
        }
        let mut numbers: BTreeMap<i32, (&str, u32)> = BTreeMap::new();
        for (k, f) in m.field.iter().enumerate() {
            let mut fpath = path.clone();
            fpath.extend([2, k as i32]);
            let loc = self.at(&fpath);
            let n = f.number();
            let subject = format!("{}.{}", m.name(), f.name());
            if let Some((first, line)) = numbers.get(&n) {
                out.push(
                    Finding::new(
                        rules::PROTOBUF_DUPLICATE_FIELD_NUMBER,
                        &loc,
                        format!("field `{}` of `{}` reuses number {n}, already taken by `{first}` (line {line})", f.name(), m.name()),
                    )
                    .subject(subject.clone()),
                );
            } else {
                numbers.insert(n, (f.name(), loc.line));
            }
            if !(1..=MAX_FIELD_NUMBER).contains(&n) || IMPLEMENTATION_RESERVED.contains(&n) {
                out.push(
                    Finding::new(
                        rules::PROTOBUF_FIELD_NUMBER_OUT_OF_RANGE,
                        &loc,
                        format!("field `{}` of `{}` has number {n}, outside 1..536870911 or in the reserved 19000..19999", f.name(), m.name()),
                    )
                    .subject(subject.clone()),
                );
            }
            let reserved_number = m
                .reserved_range
                .iter()
                .any(|r| (r.start()..r.end()).contains(&n));
            let reserved_name = m.reserved_name.iter().any(|r| r == f.name());
            if reserved_number || reserved_name {
                let what = if reserved_number {
                    format!("number {n}")
                } else {
                    format!("name `{}`", f.name())
                };
                out.push(
                    Finding::new(
                        rules::PROTOBUF_RESERVED_REUSED,
                        &loc,
                        format!(
                            "field `{}` of `{}` uses {what}, which the message reserves",
                            f.name(),
                            m.name()
                        ),
                    )
                    .subject(subject),
                );
            }
        }
        for (j, n) in m.nested_type.iter().enumerate() {
            if n.options.as_ref().is_some_and(|o| o.map_entry()) {
                continue;
            }
            let mut npath = path.clone();
            npath.extend([3, j as i32]);
            self.message(n, npath, depth + 1, out);
        }
        for (j, e) in m.enum_type.iter().enumerate() {
            let mut epath = path.clone();
            epath.extend([4, j as i32]);
            self.enumeration(e, epath, out);
        }
    }

    fn enumeration(&self, e: &EnumDescriptorProto, path: Vec<i32>, out: &mut Vec<Finding>) {
        if self.proto.syntax != "proto3" {
            return;
        }
        let Some(first) = e.value.first() else {
            return;
        };
        if first.number() != 0 {
            let mut vpath = path;
            vpath.extend([2, 0]);
            out.push(
                Finding::new(
                    rules::PROTOBUF_ENUM_FIRST_NOT_ZERO,
                    &self.at(&vpath),
                    format!(
                        "the first value of proto3 enum `{}` is `{} = {}`; it must be zero (e.g. `{}_UNSPECIFIED = 0`)",
                        e.name(),
                        first.name(),
                        first.number(),
                        screaming(e.name())
                    ),
                )
                .subject(e.name().to_string()),
            );
        }
    }
}

/// `ExportStatus` -> `EXPORT_STATUS`.
pub fn screaming(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_uppercase());
    }
    out
}
