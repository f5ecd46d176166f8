//! Findings as people and machines read them.

use serde_json::json;

use crate::finding::{Finding, Severity};

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub fn text(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&format!(
            "{}[{}]: {}\n  --> {}:{}:{}\n",
            f.severity.as_str(),
            f.rule,
            f.message,
            f.file,
            f.line,
            f.column
        ));
    }
    out
}

pub fn finding_json(f: &Finding) -> serde_json::Value {
    json!({
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "subject": f.subject,
        "file": f.file,
        "line": f.line,
        "column": f.column,
        "end_line": f.line,
        "end_column": f.column,
    })
}

pub fn summary_json(findings: &[Finding], sources: usize) -> serde_json::Value {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    json!({
        "error": count(Severity::Error),
        "warning": count(Severity::Warning),
        "info": count(Severity::Info),
        "sources": sources,
    })
}

/// The JSON report object; `extra` adds command-specific keys (e.g. `blocks` for `list`).
pub fn json(findings: &[Finding], sources: usize, extra: Vec<(&str, serde_json::Value)>) -> String {
    let mut obj = serde_json::Map::new();
    obj.insert("tool".into(), json!("contracts"));
    obj.insert("version".into(), json!(VERSION));
    obj.insert("schema".into(), json!(1));
    for (k, v) in extra {
        obj.insert(k.into(), v);
    }
    obj.insert(
        "findings".into(),
        findings.iter().map(finding_json).collect(),
    );
    obj.insert("summary".into(), summary_json(findings, sources));
    serde_json::to_string_pretty(&serde_json::Value::Object(obj)).unwrap_or_default() + "\n"
}

pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}
