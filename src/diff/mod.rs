//! `contracts diff`: the contracts of an old and a new revision, paired, and every change
//! classified breaking (error), dangerous (warning) or safe (info). One module per kind.

mod change;
pub mod graphql;
pub mod openapi;
mod pair;
pub mod protobuf;
pub mod typescript;
pub mod unified;

use crate::analyze::Analysis;
use crate::finding::{self, Finding};

pub use protobuf::Level as ProtoLevel;

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub proto_level: ProtoLevel,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            proto_level: ProtoLevel::WireJson,
        }
    }
}

/// Every change between the two sides, in a stable order.
pub fn diff(old: &[Analysis], new: &[Analysis], opts: &Options) -> Vec<Finding> {
    let old: Vec<&Analysis> = old.iter().collect();
    let new: Vec<&Analysis> = new.iter().collect();
    diff_refs(&old, &new, opts)
}

pub fn diff_refs(old: &[&Analysis], new: &[&Analysis], opts: &Options) -> Vec<Finding> {
    let mut out = Vec::new();
    // What does not parse in the new revision is reported: its contracts cannot be compared.
    // (The old revision's faults are history.)
    for a in new {
        out.extend(
            a.findings
                .iter()
                .filter(|f| f.severity == crate::finding::Severity::Error)
                .cloned(),
        );
    }
    out.extend(openapi::diff(old, new));
    out.extend(protobuf::diff(old, new, opts.proto_level));
    out.extend(graphql::diff(old, new));
    out.extend(typescript::diff(old, new));
    finding::sort(&mut out);
    out.dedup();
    out
}
