//! `diff --unified`: the text of every contract that changed, as a unified diff whose hunk
//! headers carry the doc's own line numbers.

use std::collections::BTreeMap;

use similar::TextDiff;

use crate::analyze::{Analysis, Role};
use crate::model::Kind;

/// One changed contract: a title and its diff.
pub struct Section {
    pub kind: Kind,
    pub title: String,
    /// The files the contract's text comes from, on either side, as findings name them.
    pub files: Vec<String>,
    pub diff: String,
}

/// A contract's text, normalised (line endings, trailing white space), with the doc line of
/// each of its lines.
#[derive(Default)]
struct Text {
    file: String,
    lines: Vec<String>,
    doc_lines: Vec<u32>,
}

/// Contract texts of one side, keyed by kind and target.
fn texts(side: &[&Analysis]) -> BTreeMap<(Kind, String), Text> {
    let mut out: BTreeMap<(Kind, String), Text> = BTreeMap::new();
    for a in side {
        for r in a
            .results
            .iter()
            .filter(|r| matches!(r.role, Role::Contract | Role::Operations))
        {
            let block = a.block(r);
            let target = if a.is_doc {
                r.target.clone()
            } else {
                a.source
                    .display
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_string()
            };
            let t = out.entry((r.kind, target)).or_default();
            t.file = a.source.display.clone();
            for (i, line) in block.content.lines().enumerate() {
                t.lines.push(line.trim_end().to_string());
                t.doc_lines.push(block.doc_pos(i, 0).0);
            }
        }
    }
    out
}

pub fn sections(old: &[&Analysis], new: &[&Analysis]) -> Vec<Section> {
    let (o, n) = (texts(old), texts(new));
    let empty = Text::default();
    let mut keys: Vec<&(Kind, String)> = o.keys().chain(n.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for key in keys {
        let (a, b) = (o.get(key).unwrap_or(&empty), n.get(key).unwrap_or(&empty));
        if a.lines == b.lines {
            continue;
        }
        let (left, right) = (a.lines.join("\n") + "\n", b.lines.join("\n") + "\n");
        let diff = TextDiff::from_lines(&left, &right);
        let mut body = format!("--- {}\n+++ {}\n", shown(a), shown(b));
        for group in diff.grouped_ops(3) {
            let (Some(first), Some(last)) = (group.first(), group.last()) else {
                continue;
            };
            let (os, oe) = (first.old_range().start, last.old_range().end);
            let (ns, ne) = (first.new_range().start, last.new_range().end);
            let at = |t: &Text, i: usize| {
                t.doc_lines
                    .get(i)
                    .or(t.doc_lines.last())
                    .copied()
                    .unwrap_or(0)
            };
            body.push_str(&format!(
                "@@ -{},{} +{},{} @@\n",
                at(a, os),
                oe - os,
                at(b, ns),
                ne - ns
            ));
            for op in &group {
                for change in diff.iter_changes(op) {
                    let sign = match change.tag() {
                        similar::ChangeTag::Delete => '-',
                        similar::ChangeTag::Insert => '+',
                        similar::ChangeTag::Equal => ' ',
                    };
                    body.push(sign);
                    body.push_str(change.value().trim_end_matches('\n'));
                    body.push('\n');
                }
            }
        }
        out.push(Section {
            kind: key.0,
            title: format!("{} `{}`", key.0.as_str(), key.1),
            files: [&a.file, &b.file]
                .into_iter()
                .filter(|f| !f.is_empty())
                .cloned()
                .collect(),
            diff: body,
        });
    }
    out
}

fn shown(t: &Text) -> &str {
    if t.file.is_empty() {
        "/dev/null"
    } else {
        &t.file
    }
}
