//! GraphQL validity: every referenced type is defined, no type or field is defined twice.
//! The doc's contract blocks form one schema, or several where the doc shows alternatives;
//! each example block is checked on its own.

use std::collections::{BTreeMap, HashMap};

use crate::analyze::{Analysis, BlockResult, Role};
use crate::finding::{Finding, Loc};
use crate::model::{Kind, TypeDef};
use crate::rules;

use super::names::{Index, Shared};
use super::undefined::{self, Policy};

const BUILT_IN: &[&str] = &["Int", "Float", "String", "Boolean", "ID"];

/// Another language's spelling of a built-in scalar.
const FOREIGN: &[(&str, &str)] = &[
    ("bool", "Boolean"),
    ("Bool", "Boolean"),
    ("integer", "Int"),
    ("Integer", "Int"),
];

const POLICY: Policy = Policy {
    unresolved: rules::GRAPHQL_UNKNOWN_TYPE,
    elsewhere: rules::GRAPHQL_UNDEFINED_NAMES,
    noun: "type",
    foreign: FOREIGN,
};

pub fn check(a: &Analysis, index: &Index, shared: &Shared) -> Vec<Finding> {
    let blocks: Vec<&BlockResult> = a
        .results
        .iter()
        .filter(|r| {
            r.kind == Kind::Graphql && r.parsed && matches!(r.role, Role::Contract | Role::Example)
        })
        .collect();
    let mut out = Vec::new();
    // A slip is judged against the doc's contracts and the block's own types, not against
    // another example's.
    let dominant = undefined::dominant_spellings(
        blocks
            .iter()
            .flat_map(|r| r.surface.refs.iter().map(|x| x.name.as_str())),
    );
    let contract: Vec<&str> = index
        .contract_types
        .iter()
        .filter(|(k, _)| *k == Kind::Graphql)
        .map(|(_, t)| t.name.as_str())
        .chain(dominant.iter().map(String::as_str))
        .collect();
    for r in &blocks {
        let defined = |name: &str| {
            index
                .types
                .get(name)
                .is_some_and(|ts| ts.iter().any(|(k, _)| *k == Kind::Graphql))
                || shared.graphql.contains(name)
        };
        undefined::check_block(
            &POLICY, a.is_doc, BUILT_IN, &contract, &r.surface, defined, &mut out,
        );
    }
    let ties: BTreeMap<usize, String> = blocks.iter().map(|r| (r.block, tie(a, r))).collect();
    let schema: Vec<(&str, &TypeDef)> = blocks
        .iter()
        .filter(|r| r.role == Role::Contract)
        .flat_map(|r| r.surface.types.iter().map(|t| (ties[&r.block].as_str(), t)))
        .collect();
    let scopes = if a.is_doc {
        alternatives(&schema)
    } else {
        vec![schema.iter().map(|(_, t)| *t).collect()]
    };
    for scope in scopes {
        duplicates(&scope, &mut out);
    }
    for r in blocks.iter().filter(|r| r.role == Role::Example) {
        let tie = ties[&r.block].as_str();
        let own: Vec<(&str, &TypeDef)> = r.surface.types.iter().map(|t| (tie, t)).collect();
        for scope in alternatives(&own) {
            duplicates(&scope, &mut out);
        }
    }
    out
}

/// What ties a block's definitions to others': its `file=` target (blocks written to one
/// file are one schema), else the block itself.
fn tie(a: &Analysis, r: &BlockResult) -> String {
    // `title="Payments subgraph"` names a caption, not a file.
    match &a.block(r).info.file {
        Some(f)
            if [".graphql", ".graphqls", ".gql"]
                .iter()
                .any(|e| f.ends_with(e)) =>
        {
            format!("file:{f}")
        }
        _ => format!("block:{}", r.block),
    }
}

/// A doc's GraphQL, cut into the schemas it shows. Design docs set alternatives side by side
/// ("before / after", "Subgraph A / Subgraph B", one scenario per example), in separate
/// blocks or in one: a type defined again, differently, starts the next schema rather than
/// being a duplicate, and so does an `extend` in another block that adds a field the type
/// already has. Blocks the author wrote to one `file=` are one schema, where a second
/// definition is a duplicate. Identical repeats and other extensions stay in the schema
/// they follow.
fn alternatives<'a>(types: &[(&str, &'a TypeDef)]) -> Vec<Vec<&'a TypeDef>> {
    let mut scopes: Vec<Vec<(&str, &TypeDef)>> = vec![Vec::new()];
    // The current scope's definitions by name: only those of a type's own name can be
    // restated by it, and a doc of thousands of types must not rescan the scope for each.
    let mut by_name: HashMap<&str, Vec<(&str, &TypeDef)>> = HashMap::new();
    for &(tie, t) in types {
        let current = scopes.last_mut().expect("one scope at least");
        let restates = |&(d_tie, d): &(&str, &TypeDef)| {
            let same_file = d_tie == tie && tie.starts_with("file:");
            let same_block = d_tie == tie && tie.starts_with("block:");
            d.name == t.name
                && if t.extension {
                    !same_file
                        && !same_block
                        && d.fields
                            .iter()
                            .any(|f| t.fields.iter().any(|g| g.name == f.name))
                } else if d.extension {
                    // A definition restating what an extension in another block added.
                    !same_file
                        && !same_block
                        && d.fields
                            .iter()
                            .any(|f| t.fields.iter().any(|g| g.name == f.name))
                } else {
                    !same_file && !same_shape(d, t)
                }
        };
        let same_name = by_name.get(t.name.as_str()).map_or(&[][..], Vec::as_slice);
        if same_name.iter().any(restates) {
            scopes.push(vec![(tie, t)]);
            by_name.clear();
        } else {
            current.push((tie, t));
        }
        by_name.entry(t.name.as_str()).or_default().push((tie, t));
    }
    scopes
        .into_iter()
        .map(|s| s.into_iter().map(|(_, t)| t).collect())
        .collect()
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
