#![allow(dead_code)]

use std::path::{Path, PathBuf};

use contracts::analyze::{Analysis, analyze};
use contracts::source::Source;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Analyses a file of the repo, shown by its repo-relative path.
pub fn analyze_file(rel: &str) -> Analysis {
    let path = root().join(rel);
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    analyze(Source::new(&path, rel.to_string(), text))
}

pub fn analyze_text(name: &str, text: &str) -> Analysis {
    analyze(Source::new(
        Path::new(name),
        name.to_string(),
        text.to_string(),
    ))
}

/// `rule severity line:col` per finding, the form the snapshots hold.
pub fn finding_lines(a: &Analysis) -> Vec<String> {
    a.findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{} {}",
                f.rule,
                f.severity.as_str(),
                f.line,
                f.column,
                f.message
            )
        })
        .collect()
}

/// (rule, severity, line, column) of every finding.
pub fn places(a: &Analysis) -> Vec<(&'static str, &'static str, u32, u32)> {
    a.findings
        .iter()
        .map(|f| (f.rule, f.severity.as_str(), f.line, f.column))
        .collect()
}

pub fn bin() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("contracts").expect("binary built")
}

/// (rule, severity, line, column) of every finding `check` makes of an analysis.
pub fn checked(a: &Analysis) -> Vec<(&'static str, &'static str, u32, u32)> {
    contracts::check::check(a)
        .iter()
        .map(|f| (f.rule, f.severity.as_str(), f.line, f.column))
        .collect()
}
