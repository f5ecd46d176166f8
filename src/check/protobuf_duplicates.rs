//! Protobuf names defined twice in one scope: two messages, enums or services of one name in
//! a package, or two enum values of one name where they share a scope (enum values are
//! scoped like their enum's siblings, not inside the enum). protoc rejects both. Design docs
//! show alternatives in separate blocks, so only one block, or blocks written to one `file=`,
//! are one file here.

use std::collections::BTreeMap;

use crate::analyze::Analysis;
use crate::finding::{Finding, Loc};
use crate::formats::protobuf::elements::Elements;
use crate::rules;

pub fn check(a: &Analysis) -> Vec<Finding> {
    let mut files: BTreeMap<String, Vec<&Elements>> = BTreeMap::new();
    for (b, p) in &a.protos {
        let block = &a.doc.blocks[*b];
        let key = match &block.info.file {
            Some(f) => format!("file:{f}"),
            None => format!("block:{b}"),
        };
        files
            .entry(key)
            .or_default()
            .push(p.elements(block, &a.source.display));
    }
    let mut out = Vec::new();
    for blocks in files.values() {
        let mut scopes: BTreeMap<&str, (&str, &Loc)> = BTreeMap::new();
        for d in blocks.iter().flat_map(|e| &e.definitions) {
            match scopes.get(d.name.as_str()) {
                Some((first, at)) => out.push(
                    Finding::new(
                        rules::PROTOBUF_DUPLICATE_DEFINITION,
                        &d.loc,
                        format!(
                            "{} `{}` is defined again; the {first} at line {} already has that name",
                            d.what, d.name, at.line
                        ),
                    )
                    .subject(d.name.clone()),
                ),
                None => {
                    scopes.insert(&d.name, (d.what, &d.loc));
                }
            }
        }
    }
    out
}
