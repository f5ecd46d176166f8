//! `contracts check`: the doc rules. Each module holds the rules of one area and reads only
//! the analysed doc; this one runs them all and puts the findings in order.

mod consistency;
pub mod drift;
mod graphql;
mod names;
mod openapi;
mod protobuf;
mod protobuf_duplicates;
pub(crate) mod protobuf_names;
mod tables;
mod typescript;
pub(crate) mod undefined;

use std::collections::BTreeSet;

use crate::analyze::Analysis;
use crate::finding::{self, Finding};
use crate::model::Kind;

pub use names::Shared;

/// Whether `word` is one slip away from one of `keywords` (`tpye`, `interfce`).
pub fn near_keyword(word: &str, keywords: &[&str]) -> bool {
    undefined::near_miss(word, keywords, &[]).is_some()
}

/// Every finding about one source checked on its own.
pub fn check(a: &Analysis) -> Vec<Finding> {
    check_in(a, &Shared::default())
}

/// Every finding about each source of one run. A TypeScript or GraphQL type that a doc uses
/// and another doc of the run defines is resolved there: specs split over several files
/// (one page per topic) refer across them.
pub fn check_all(analyses: &[Analysis]) -> Vec<Finding> {
    let mut shared = Shared::default();
    for a in analyses {
        let index = names::Index::of(a);
        for (name, defs) in &index.types {
            for (kind, _) in defs {
                let set: &mut BTreeSet<String> = match kind {
                    Kind::Typescript => &mut shared.typescript,
                    Kind::Graphql => &mut shared.graphql,
                    _ => continue,
                };
                set.insert(name.rsplit('.').next().unwrap_or(name).to_string());
            }
        }
    }
    analyses.iter().flat_map(|a| check_in(a, &shared)).collect()
}

fn check_in(a: &Analysis, shared: &Shared) -> Vec<Finding> {
    let index = names::Index::of(a);
    let mut out = a.findings.clone();
    out.extend(openapi::check(a));
    out.extend(protobuf::check(a));
    out.extend(graphql::check(a, &index, shared));
    out.extend(typescript::check(a, &index, shared));
    out.extend(tables::check(a, &index));
    out.extend(consistency::check(a, &index));
    finding::sort(&mut out);
    out.dedup();
    out
}
