//! Before anything is compared: contracts that do not parse on one side. A block of the base
//! revision that cannot be read is left out with its counterpart in the new one, so nothing
//! of it shows as added or removed, and a warning says it was not compared; a block broken
//! by the change is an error, and its old counterpart is left out likewise. Errors the base
//! revision already had are not the change's: they do not fail the diff.

use std::collections::{BTreeMap, BTreeSet};

use crate::analyze::{Analysis, BlockResult, Role};
use crate::finding::{Finding, Loc};
use crate::model::Kind;
use crate::rules::Category;

use super::change::{Change, Report};

/// A block's identity across revisions: its kind, its file (for spec files), and its
/// `file=` name or its section and place among that section's blocks of its kind.
type BlockKey = (Kind, String, String);

/// Each contract block's identity (by result index), and the first name it defines, if any.
fn keys(a: &Analysis) -> Vec<(BlockKey, Option<BlockKey>, usize)> {
    let mut seen: BTreeMap<(Kind, String), usize> = BTreeMap::new();
    let mut out = Vec::new();
    let file = if a.is_doc {
        String::new()
    } else {
        a.source.path.to_string_lossy().into_owned()
    };
    for (i, r) in a
        .results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.role == Role::Contract)
    {
        let block = a.block(r);
        let mut count = |what: String| {
            let n = seen.entry((r.kind, what.clone())).or_insert(0);
            *n += 1;
            format!("{what}#{n}")
        };
        let ident = match &block.info.file {
            Some(f) => format!("file={f}"),
            None => count(crate::analyze::section_slug(block, &a.source)),
        };
        let named = r
            .surface
            .names()
            .first()
            .map(|name| (r.kind, file.clone(), count(format!("name={name}"))));
        out.push(((r.kind, file.clone(), ident), named, i));
    }
    out
}

fn broken(r: &BlockResult) -> bool {
    r.role == Role::Contract && !r.parsed
}

/// The first error the analysis reported inside a block.
fn first_error<'a>(a: &'a Analysis, r: &BlockResult) -> Option<&'a Finding> {
    let b = a.block(r);
    a.findings
        .iter()
        .filter(|f| f.is_error() && f.file == a.source.display)
        .find(|f| (b.fence_line..=b.end_line).contains(&f.line))
}

/// Results (by index) left out of the comparison, per analysis.
#[derive(Default)]
pub struct Left {
    pub old: BTreeMap<usize, BTreeSet<usize>>,
    pub new: BTreeMap<usize, BTreeSet<usize>>,
}

/// Pairs each side's blocks and settles the broken ones: what is left out, what is
/// reported, and the new side's errors that the change introduced.
pub fn settle(old: &[&Analysis], new: &[&Analysis]) -> (Left, Vec<Finding>) {
    let mut left = Left::default();
    let mut out = Report::new("diff", Category::WireJson);
    let mut new_keys: BTreeMap<BlockKey, (usize, usize)> = BTreeMap::new();
    for (ai, a) in new.iter().enumerate() {
        for (key, named, ri) in keys(a) {
            new_keys.insert(key, (ai, ri));
            if let Some(n) = named {
                new_keys.insert(n, (ai, ri));
            }
        }
    }
    let mut excused: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (oi, a) in old.iter().enumerate() {
        for (key, named, ri) in keys(a) {
            let r = &a.results[ri];
            // By the name a block defines where both sides have it (a block added before
            // it shifts its place, not its name), else by its place.
            let there = named
                .and_then(|n| new_keys.get(&n))
                .or_else(|| new_keys.get(&key))
                .copied();
            let new_broken = there.is_some_and(|(ni, nri)| broken(&new[ni].results[nri]));
            if !broken(r) && !new_broken {
                continue;
            }
            left.old.entry(oi).or_default().insert(ri);
            if let Some((ni, nri)) = there {
                left.new.entry(ni).or_default().insert(nri);
            }
            // A broken block the change did not touch hides no change.
            let same = there.is_some_and(|(ni, nri)| {
                new[ni].block(&new[ni].results[nri]).content == a.block(r).content
            });
            if !broken(r) || same {
                if let Some(t) = there.filter(|_| same) {
                    excused.insert(t);
                }
                continue;
            }
            let (new_at, both) = match there {
                Some((ni, nri)) => {
                    excused.insert((ni, nri));
                    let n = new[ni];
                    let at = first_error(n, &n.results[nri]).map(Finding::loc);
                    (
                        at.unwrap_or_else(|| n.block(&n.results[nri]).start_loc(&n.source.display)),
                        new_broken,
                    )
                }
                None => (
                    first_line(new).unwrap_or_else(|| a.block(r).start_loc(&a.source.display)),
                    false,
                ),
            };
            let first = first_error(a, r);
            let old_at = first
                .map(Finding::loc)
                .unwrap_or_else(|| a.block(r).start_loc(&a.source.display));
            let detail =
                first.map_or_else(|| "it does not parse".to_string(), |f| f.message.clone());
            out.add(
                Change::new(
                    "not-compared",
                    Some(&old_at),
                    Some(&new_at),
                    format!("{} {}", key.0.as_str(), key.2),
                )
                .fact_if(both, "both")
                .slot("kind", key.0.as_str())
                .slot("revision", &a.source.display)
                .slot("line", old_at.line.to_string())
                .slot("error", detail),
            );
        }
    }
    let mut findings = out.findings;
    findings.extend(introduced(old, new, &excused));
    (left, findings)
}

fn first_line(side: &[&Analysis]) -> Option<Loc> {
    side.first().map(|a| Loc {
        file: a.source.display.clone(),
        line: 1,
        column: 1,
    })
}

/// What makes an error the same one on both sides: its rule, the text of its line and its
/// message without numbers (which move with the lines around them).
fn sameness(a: &Analysis, f: &Finding) -> (&'static str, String, String) {
    let line = a.source.line_text(f.line).trim().to_string();
    let message = f.message.chars().filter(|c| !c.is_ascii_digit()).collect();
    (f.rule, line, message)
}

/// The new side's errors the change brought: not in a block already reported as not
/// compared, and not already in the base revision.
fn introduced(
    old: &[&Analysis],
    new: &[&Analysis],
    excused: &BTreeSet<(usize, usize)>,
) -> Vec<Finding> {
    if new
        .iter()
        .all(|a| !a.findings.iter().any(Finding::is_error))
    {
        return Vec::new();
    }
    let before: BTreeSet<_> = old
        .iter()
        .flat_map(|a| {
            a.findings
                .iter()
                .filter(|f| f.is_error())
                .map(|f| sameness(a, f))
        })
        .collect();
    let mut out = Vec::new();
    for (ni, a) in new.iter().enumerate() {
        let excused_lines: Vec<(u32, u32)> = excused
            .iter()
            .filter(|(i, _)| *i == ni)
            .map(|(_, ri)| {
                let b = a.block(&a.results[*ri]);
                (b.fence_line, b.end_line)
            })
            .collect();
        // A revision the OpenAPI object model rejects is still compared; the openapi diff
        // says so once (`openapi.revision-invalid`), and never as a break.
        let counted =
            |f: &&Finding| f.is_error() && f.rule != crate::rules::OPENAPI_INVALID_DOCUMENT;
        for f in a.findings.iter().filter(counted) {
            let in_excused = excused_lines
                .iter()
                .any(|(s, e)| (*s..=*e).contains(&f.line));
            if !in_excused && !before.contains(&sameness(a, f)) {
                out.push(f.clone());
            }
        }
    }
    out
}

impl Left {
    /// The APIs that lose a block on either side: left out whole, on both sides.
    pub fn apis(&self, old: &[&Analysis], new: &[&Analysis]) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (side, left) in [(old, &self.old), (new, &self.new)] {
            for (ai, results) in left {
                let a = side[*ai];
                let blocks: BTreeSet<usize> =
                    results.iter().map(|ri| a.results[*ri].block).collect();
                let hit = a
                    .apis
                    .iter()
                    .filter(|api| api.blocks.iter().any(|b| blocks.contains(b)));
                out.extend(hit.map(|api| api.slug.clone()));
            }
        }
        out
    }
}

/// An analysis without the results `left` names and the APIs `apis` names: they are not
/// compared. `None` when nothing of it is left out.
pub fn without(
    a: &Analysis,
    left: Option<&BTreeSet<usize>>,
    apis: &BTreeSet<String>,
) -> Option<Analysis> {
    let empty = BTreeSet::new();
    let left = left.unwrap_or(&empty);
    if left.is_empty() && !a.apis.iter().any(|api| apis.contains(&api.slug)) {
        return None;
    }
    let mut a = a.clone();
    let blocks: BTreeSet<usize> = left.iter().map(|ri| a.results[*ri].block).collect();
    for ri in left {
        a.results[*ri].role = Role::Skipped;
    }
    a.protos.retain(|(b, _)| !blocks.contains(b));
    a.graphql.retain(|(b, _)| !blocks.contains(b));
    a.apis.retain(|api| !apis.contains(&api.slug));
    Some(a)
}
