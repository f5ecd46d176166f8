//! GitLab Code Quality: a JSON array of issues with stable fingerprints.

use serde_json::json;

use crate::finding::{Finding, Severity};

use super::Input;

/// Stable across runs: FNV-1a over the rule, file, subject and message (not the line, so a
/// finding keeps its identity when lines above it move).
pub fn fingerprint(f: &Finding) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        f.rule,
        f.file.as_str(),
        f.subject.as_str(),
        f.message.as_str(),
    ] {
        for b in part.bytes().chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

pub fn render(input: &Input) -> String {
    let issues: Vec<serde_json::Value> = input
        .findings
        .iter()
        .map(|f| {
            json!({
                "description": f.message,
                "check_name": f.rule,
                "fingerprint": fingerprint(f),
                "severity": match f.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                "location": {"path": f.file, "lines": {"begin": f.line}},
            })
        })
        .collect();
    serde_json::to_string_pretty(&issues).unwrap_or_default() + "\n"
}
