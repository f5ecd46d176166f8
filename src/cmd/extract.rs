//! `contracts extract`: write spec files, or with `--check` say how `--out` is stale.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::cli::Format;
use crate::extract::{self, Target};
use crate::finding::{self, Finding};
use crate::inputs;
use crate::report;
use crate::rules;

pub fn run(paths: &[PathBuf], out: &Path, check: bool, format: Format) -> u8 {
    let (files, mut bad) = inputs::collect(paths);
    let (analyses, unreadable) = inputs::analyze_all(&files);
    bad.extend(unreadable);

    let (targets, docs, mut findings) = gather(paths, &analyses);
    finding::sort(&mut findings);

    let mut stale = false;
    let mut lines = String::new();
    if check {
        stale = stale_files(out, &targets, &docs, &mut findings, &mut lines);
    } else if bad.is_empty() {
        match extract::write(out, &targets) {
            Ok(written) => {
                for w in &written {
                    lines.push_str(&format!("wrote {}\n", out.join(w).display()));
                }
                let orphaned = extract::compare(out, &targets, &docs).orphaned;
                for o in orphaned {
                    lines.push_str(&format!(
                        "note: {} was generated earlier and no doc produces it now; it is left in place\n",
                        out.join(o).display()
                    ));
                }
                eprintln!(
                    "{} files up to date, {} written",
                    targets.len() - written.len(),
                    written.len()
                );
            }
            Err(e) => {
                eprintln!("contracts: cannot write to {}: {e}", out.display());
                return 2;
            }
        }
    }

    match format {
        Format::Text => {
            crate::output::print(&lines);
            if !findings.is_empty() {
                crate::output::print(&crate::cmd::render(
                    crate::report::Format::Text,
                    &findings,
                    &analyses,
                ));
            }
        }
        Format::Json => crate::output::print(&report::json(&findings, analyses.len(), Vec::new())),
    }
    if crate::cmd::report_unreadable(&bad) {
        2
    } else if stale || report::has_errors(&findings) {
        1
    } else {
        0
    }
}

fn file_finding(rule: &'static str, out: &Path, path: &str, what: &str) -> Finding {
    let file = out.join(path).display().to_string();
    Finding::new(
        rule,
        &finding::Loc {
            file: file.clone(),
            line: 1,
            column: 1,
        },
        format!("`{file}` {what}"),
    )
    .subject(path.to_string())
}

/// Every doc's targets, first writer of a path first, with the findings of the docs.
fn gather(
    paths: &[PathBuf],
    analyses: &[crate::analyze::Analysis],
) -> (Vec<Target>, BTreeSet<String>, Vec<Finding>) {
    let mut findings: Vec<Finding> = Vec::new();
    let mut targets: Vec<Target> = Vec::new();
    let mut owner: BTreeMap<String, String> = BTreeMap::new();
    let mut docs = BTreeSet::new();
    for a in analyses.iter().filter(|a| !a.is_doc) {
        if paths.iter().any(|p| p == &a.source.path) {
            eprintln!(
                "note: {} is a spec file, not a design doc; extract writes out the contracts of docs",
                a.source.display
            );
        }
    }
    for a in analyses.iter().filter(|a| a.is_doc) {
        docs.insert(a.source.display.clone());
        findings.extend(a.findings.iter().cloned());
        let (ts, fs) = extract::targets(a);
        findings.extend(fs);
        for t in ts {
            if let Some(first) = owner.get(&t.path) {
                let at = finding::Loc {
                    file: t.doc.clone(),
                    line: 1,
                    column: 1,
                };
                findings.push(
                    Finding::new(
                        rules::EXTRACT_TARGET_COLLISION,
                        &at,
                        format!("`{}` is also produced by {first}; neither doc may overwrite the other, so it is written from the first only", t.path),
                    )
                    .subject(t.path.clone()),
                );
                continue;
            }
            owner.insert(t.path.clone(), t.doc.clone());
            targets.push(t);
        }
    }
    (targets, docs, findings)
}

/// `--check`: a finding and a line for every stale, missing and orphaned file.
fn stale_files(
    out: &Path,
    targets: &[Target],
    docs: &BTreeSet<String>,
    findings: &mut Vec<Finding>,
    lines: &mut String,
) -> bool {
    let drift = extract::compare(out, targets, docs);
    let stale = !drift.is_empty();
    for (path, diff) in &drift.stale {
        findings.push(file_finding(
            rules::EXTRACT_STALE_FILE,
            out,
            path,
            "is stale: the doc now says otherwise",
        ));
        lines.push_str(&format!("stale: {}\n{diff}", out.join(path).display()));
    }
    for path in &drift.missing {
        findings.push(file_finding(
            rules::EXTRACT_MISSING_FILE,
            out,
            path,
            "is missing: run `contracts extract` to write it",
        ));
        lines.push_str(&format!("missing: {}\n", out.join(path).display()));
    }
    for path in &drift.orphaned {
        findings.push(file_finding(
            rules::EXTRACT_ORPHANED_FILE,
            out,
            path,
            "is generated from a doc that no longer produces it",
        ));
        lines.push_str(&format!("orphaned: {}\n", out.join(path).display()));
    }
    stale
}
