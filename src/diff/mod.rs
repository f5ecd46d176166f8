//! `contracts diff`: the contracts of an old and a new revision, paired, and every change
//! classified breaking (error), dangerous (warning) or safe (info). One module per kind.

mod change;
pub mod graphql;
pub mod openapi;
mod pair;
pub mod protobuf;
mod sides;
pub mod typescript;
pub mod unified;

use crate::analyze::Analysis;
use crate::finding::{self, Finding};

pub use protobuf::Level as ProtoLevel;

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub proto_level: ProtoLevel,
    /// GraphQL: removing what was `@deprecated` is a warning (the `deprecated` case of its rule).
    pub soften_deprecated: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            proto_level: ProtoLevel::WireJson,
            soften_deprecated: true,
        }
    }
}

/// Every change between the two sides, in a stable order.
pub fn diff(old: &[Analysis], new: &[Analysis], opts: &Options) -> Vec<Finding> {
    let old: Vec<&Analysis> = old.iter().collect();
    let new: Vec<&Analysis> = new.iter().collect();
    diff_refs(&old, &new, opts)
}

/// Each analysis, or its copy with some blocks left out.
fn pick<'a>(side: &[&'a Analysis], kept: &'a [Option<Analysis>]) -> Vec<&'a Analysis> {
    side.iter()
        .zip(kept)
        .map(|(a, k)| k.as_ref().unwrap_or(a))
        .collect()
}

pub fn diff_refs(old: &[&Analysis], new: &[&Analysis], opts: &Options) -> Vec<Finding> {
    let (left, mut out) = sides::settle(old, new);
    let apis = left.apis(old, new);
    let kept = |side: &[&Analysis],
                left: &std::collections::BTreeMap<usize, _>|
     -> Vec<Option<Analysis>> {
        side.iter()
            .enumerate()
            .map(|(i, a)| sides::without(a, left.get(&i), &apis))
            .collect()
    };
    let (old_kept, new_kept) = (kept(old, &left.old), kept(new, &left.new));
    let (old, new) = (pick(old, &old_kept), pick(new, &new_kept));
    out.extend(openapi::diff(&old, &new, opts.soften_deprecated));
    out.extend(protobuf::diff(&old, &new, opts.proto_level));
    out.extend(graphql::diff(&old, &new, opts.soften_deprecated));
    out.extend(typescript::diff(&old, &new));
    finding::sort(&mut out);
    out.dedup();
    out
}
