//! GraphQL validity: every referenced type is defined, no type or field is defined twice.
//! The doc's contract blocks form one schema; each example block is checked on its own.

use std::collections::BTreeMap;

use crate::analyze::{Analysis, BlockResult, Role};
use crate::finding::{Finding, Loc};
use crate::model::{Kind, TypeDef};
use crate::rules;

use super::names::{Index, Shared};

const BUILT_IN: &[&str] = &["Int", "Float", "String", "Boolean", "ID"];

pub fn check(a: &Analysis, index: &Index, shared: &Shared) -> Vec<Finding> {
    let blocks: Vec<&BlockResult> = a
        .results
        .iter()
        .filter(|r| {
            r.kind == Kind::Graphql && r.parsed && matches!(r.role, Role::Contract | Role::Example)
        })
        .collect();
    let mut out = Vec::new();
    for r in &blocks {
        for reference in &r.surface.refs {
            let name = reference.name.as_str();
            let defined = BUILT_IN.contains(&name)
                || index
                    .types
                    .get(name)
                    .is_some_and(|ts| ts.iter().any(|(k, _)| *k == Kind::Graphql))
                || shared.graphql.contains(name);
            if !defined {
                out.push(
                    Finding::new(
                        rules::GRAPHQL_UNKNOWN_TYPE,
                        &reference.loc,
                        format!("type `{name}` is defined in none of the GraphQL blocks of this doc or the others checked with it"),
                    )
                    .subject(name.to_string()),
                );
            }
        }
    }
    let schema: Vec<&TypeDef> = blocks
        .iter()
        .filter(|r| r.role == Role::Contract)
        .flat_map(|r| &r.surface.types)
        .collect();
    duplicates(&schema, &mut out);
    for r in blocks.iter().filter(|r| r.role == Role::Example) {
        let own: Vec<&TypeDef> = r.surface.types.iter().collect();
        duplicates(&own, &mut out);
    }
    out
}

/// Types defined twice with different shapes, and fields defined twice on one type
/// (extensions included). Prose often repeats a type word for word; that is not reported.
fn duplicates(types: &[&TypeDef], out: &mut Vec<Finding>) {
    let mut defined: BTreeMap<&str, &TypeDef> = BTreeMap::new();
    let mut fields: BTreeMap<(&str, &str), &Loc> = BTreeMap::new();
    for t in types {
        if !t.extension {
            if let Some(first) = defined.get(t.name.as_str()) {
                if !same_shape(first, t) {
                    out.push(
                        Finding::new(
                            rules::GRAPHQL_DUPLICATE_TYPE,
                            &t.loc,
                            format!(
                                "type `{}` is defined again, differently (first at line {}); use `extend type` to add to it",
                                t.name, first.loc.line
                            ),
                        )
                        .subject(t.name.clone()),
                    );
                }
                continue;
            }
            defined.insert(&t.name, t);
        }
        let mut own: BTreeMap<&str, &Loc> = BTreeMap::new();
        for f in &t.fields {
            let first = own
                .get(f.name.as_str())
                .or_else(|| fields.get(&(t.name.as_str(), f.name.as_str())));
            match first {
                Some(first) => out.push(
                    Finding::new(
                        rules::GRAPHQL_DUPLICATE_FIELD,
                        &f.loc,
                        format!(
                            "field `{}.{}` is defined again (first at line {})",
                            t.name, f.name, first.line
                        ),
                    )
                    .subject(format!("{}.{}", t.name, f.name)),
                ),
                None => {
                    own.insert(&f.name, &f.loc);
                }
            }
        }
        for (name, loc) in own {
            fields.insert((&t.name, name), loc);
        }
    }
}

fn same_shape(a: &TypeDef, b: &TypeDef) -> bool {
    a.kind == b.kind
        && a.values == b.values
        && a.fields.len() == b.fields.len()
        && a.fields.iter().zip(&b.fields).all(|(x, y)| {
            x.name == y.name && x.ty == y.ty && x.optional == y.optional && x.list == y.list
        })
}
