//! Subcommands: each reads its inputs, runs the pipeline, renders, and returns the exit code.

pub mod check;
pub mod diff;
pub mod extract;
pub mod list;
pub mod rules;

use std::collections::BTreeMap;

use crate::analyze::Analysis;
use crate::finding::Finding;
use crate::inputs::Unreadable;
use crate::report::{self, Format, Input};

/// Reports unreadable inputs on stderr; true when there were any (exit 2).
pub fn report_unreadable(bad: &[Unreadable]) -> bool {
    for u in bad {
        eprintln!("contracts: {}", u.describe());
    }
    !bad.is_empty()
}

/// Renders findings, with the analysed sources at hand for the text format's source lines.
pub fn render(format: Format, findings: &[Finding], analyses: &[Analysis]) -> String {
    let sources: BTreeMap<&str, &crate::source::Source> = analyses
        .iter()
        .map(|a| (a.source.display.as_str(), &a.source))
        .collect();
    let lookup = |file: &str, line: u32| {
        sources
            .get(file)
            .filter(|s| line >= 1 && line <= s.line_count())
            .map(|s| s.line_text(line))
    };
    report::render(
        format,
        &Input {
            findings,
            sources: analyses.len(),
            source_line: &lookup,
        },
    )
}
