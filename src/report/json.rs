//! The JSON report: a fixed contract that CI integrations depend on.

use serde_json::json;

use crate::finding::{Finding, Severity};

use super::{VERSION, count};

pub fn finding_json(f: &Finding) -> serde_json::Value {
    let mut v = json!({
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "subject": f.subject,
        "file": f.file,
        "line": f.line,
        "column": f.column,
        "end_line": f.line,
        "end_column": f.column,
    });
    if f.old.is_some() || f.new.is_some() {
        let side = |l: &Option<Box<crate::finding::Loc>>| match l {
            Some(l) => json!({"file": l.file, "line": l.line}),
            None => serde_json::Value::Null,
        };
        v["old"] = side(&f.old);
        v["new"] = side(&f.new);
    }
    v
}

/// `extra` adds command-specific keys (e.g. `blocks` for `list`) before the findings.
pub fn json(findings: &[Finding], sources: usize, extra: Vec<(&str, serde_json::Value)>) -> String {
    let mut obj = serde_json::Map::new();
    obj.insert("tool".into(), json!("contracts"));
    obj.insert("version".into(), json!(VERSION));
    obj.insert("schema".into(), json!(1));
    for (k, v) in extra {
        obj.insert(k.into(), v);
    }
    let prints = super::fingerprints(findings);
    obj.insert(
        "findings".into(),
        findings
            .iter()
            .zip(prints)
            .map(|(f, print)| {
                let mut v = finding_json(f);
                v["fingerprint"] = json!(print);
                v
            })
            .collect(),
    );
    obj.insert(
        "summary".into(),
        json!({
            "error": count(findings, Severity::Error),
            "warning": count(findings, Severity::Warning),
            "info": count(findings, Severity::Info),
            "sources": sources,
            "unreadable": findings.iter().filter(|f| f.rule == crate::rules::INPUT_UNREADABLE).count(),
        }),
    );
    serde_json::to_string_pretty(&serde_json::Value::Object(obj)).unwrap_or_default() + "\n"
}
