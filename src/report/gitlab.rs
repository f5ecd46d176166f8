//! GitLab Code Quality: a JSON array of issues with stable, unique fingerprints.

use serde_json::json;

use crate::finding::Severity;

use super::Input;

pub fn render(input: &Input) -> String {
    let prints = super::fingerprints(input.findings);
    let issues: Vec<serde_json::Value> = input
        .findings
        .iter()
        .zip(&prints)
        .map(|(f, print)| {
            json!({
                "description": f.message,
                "check_name": f.rule,
                "fingerprint": print,
                "severity": match f.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                "location": {"path": super::paths::repo_path(&f.file).path, "lines": {"begin": f.line}},
            })
        })
        .collect();
    serde_json::to_string_pretty(&issues).unwrap_or_default() + "\n"
}
