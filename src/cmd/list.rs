//! `contracts list`: one line per contract block.

use std::path::PathBuf;

use serde_json::json;

use crate::analyze::{Analysis, BlockResult, Role};
use crate::cli::Format;
use crate::finding::Finding;
use crate::inputs;
use crate::report;

/// How many names a text line shows before it counts the rest.
const NAMES_SHOWN: usize = 8;

pub fn run(paths: &[PathBuf], format: Format) -> u8 {
    let (files, mut bad) = inputs::collect(paths);
    let (analyses, unreadable) = inputs::analyze_all(&files);
    bad.extend(unreadable);
    let analyses: Vec<Analysis> = analyses.into_iter().filter(inputs::has_contracts).collect();
    let findings: Vec<Finding> = analyses
        .iter()
        .flat_map(|a| a.findings.iter().cloned())
        .collect();

    match format {
        Format::Text => {
            let rows: Vec<(String, String)> = analyses
                .iter()
                .flat_map(|a| a.results.iter().map(move |r| text_row(a, r)))
                .collect();
            let width = rows
                .iter()
                .map(|(at, _)| at.chars().count())
                .max()
                .unwrap_or(0);
            let mut out = String::new();
            for (at, rest) in rows {
                out.push_str(&format!("{at:<width$}  {rest}\n"));
            }
            if !findings.is_empty() {
                out.push('\n');
                out.push_str(&crate::cmd::render(
                    crate::report::Format::Text,
                    &findings,
                    &analyses,
                ));
            }
            crate::output::print(&out);
            eprintln!("{}", summary(&analyses, &findings));
        }
        Format::Json => {
            let blocks: Vec<serde_json::Value> = analyses
                .iter()
                .flat_map(|a| a.results.iter().map(move |r| block_json(a, r)))
                .collect();
            crate::output::print(&report::json(
                &findings,
                analyses.len(),
                vec![("blocks", blocks.into())],
            ));
        }
    }
    if crate::cmd::report_unreadable(&bad) {
        2
    } else if report::has_errors(&findings) {
        1
    } else {
        0
    }
}

fn role_note(r: &BlockResult) -> &'static str {
    match r.role {
        Role::Contract if r.parsed => "",
        Role::Contract => " (does not parse)",
        Role::Example if r.parsed => " (example)",
        Role::Example => " (example; does not parse)",
        Role::CounterExample => " (counter-example)",
        Role::Skipped => " (skipped)",
        Role::Operations => " (operations)",
    }
}

fn names(r: &BlockResult) -> Vec<String> {
    r.surface.names().into_iter().map(str::to_string).collect()
}

/// The place (`file:line`) and the rest of a block's line, aligned by the caller.
fn text_row(a: &Analysis, r: &BlockResult) -> (String, String) {
    let b = a.block(r);
    let all = names(r);
    let mut shown = all
        .iter()
        .take(NAMES_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if all.len() > NAMES_SHOWN {
        shown.push_str(&format!(", … (+{})", all.len() - NAMES_SHOWN));
    }
    let target = if r.target.is_empty() { "-" } else { &r.target };
    (
        format!("{}:{}", a.source.display, b.first_content_line()),
        format!(
            "{:<10}  {:<24}  {}",
            r.kind.as_str(),
            target,
            format!("{shown}{}", role_note(r)).trim()
        )
        .trim_end()
        .to_string(),
    )
}

fn block_json(a: &Analysis, r: &BlockResult) -> serde_json::Value {
    let b = a.block(r);
    json!({
        "file": a.source.display,
        "line": b.first_content_line(),
        "fence_line": b.fence_line,
        "end_line": b.end_line,
        "kind": r.kind,
        "role": r.role,
        "parsed": r.parsed,
        "target": r.target,
        "file_attr": b.info.file,
        "id": b.info.id,
        "words": b.info.words,
        "names": names(r),
    })
}

fn summary(analyses: &[Analysis], findings: &[Finding]) -> String {
    let mut counts = std::collections::BTreeMap::new();
    for r in analyses.iter().flat_map(|a| &a.results) {
        *counts.entry(r.kind.as_str()).or_insert(0usize) += 1;
    }
    let kinds: Vec<String> = counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
    let errors = findings
        .iter()
        .filter(|f| f.severity == crate::finding::Severity::Error)
        .count();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == crate::finding::Severity::Warning)
        .count();
    format!(
        "{} blocks in {} sources ({}); {errors} errors, {warnings} warnings",
        counts.values().sum::<usize>(),
        analyses.len(),
        if kinds.is_empty() {
            "none".to_string()
        } else {
            kinds.join(", ")
        }
    )
}
