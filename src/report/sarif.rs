//! SARIF 2.1.0, as GitHub code scanning reads it: every rule in the driver, one result per
//! finding with a relative artifact URI and a region.

use serde_json::json;

use crate::finding::Severity;
use crate::rules;

use super::{Input, VERSION};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: `/` separators, reserved characters escaped.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Where `%SRCROOT%` is: the repository root, as a `file:` URI ending in `/`.
fn base_ids() -> serde_json::Value {
    match super::paths::root() {
        Some(root) => {
            let path = root.to_string_lossy().replace('\\', "/");
            let path = if path.starts_with('/') {
                path
            } else {
                format!("/{path}")
            };
            let root_uri = format!("file://{}/", uri(path.trim_end_matches('/')));
            json!({"%SRCROOT%": {"uri": root_uri}})
        }
        None => json!({"%SRCROOT%": {"description": {"text": "the directory contracts ran in"}}}),
    }
}

pub fn render(input: &Input) -> String {
    let all = rules::all();
    let rules_json: Vec<serde_json::Value> = all
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.doc},
                "help": {"text": r.doc, "markdown": r.doc},
                "defaultConfiguration": {"level": level(r.severity)},
            })
        })
        .collect();
    let prints = super::fingerprints(input.findings);
    let results: Vec<serde_json::Value> = input
        .findings
        .iter()
        .zip(&prints)
        .map(|(f, print)| {
            let index = all.iter().position(|r| r.id == f.rule);
            let at = super::paths::repo_path(&f.file);
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&at.path), "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.line,
                            "endColumn": f.column + 1,
                        }
                    }
                }],
                "partialFingerprints": {
                    "contracts/v1": print,
                },
            });
            if let Some(i) = index {
                result["ruleIndex"] = json!(i);
            }
            if let Some(rev) = &at.revision {
                result["properties"] = json!({"revision": rev});
            }
            // A diff finding's element in the old revision.
            if let Some(old) = f
                .old
                .as_deref()
                .filter(|o| f.new.is_some() || o.file != f.file || o.line != f.line)
            {
                let was = super::paths::repo_path(&old.file);
                let mut related = json!({
                    "id": 1,
                    "message": {"text": "in the old revision"},
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&was.path), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": old.line, "startColumn": old.column},
                    },
                });
                if let Some(rev) = &was.revision {
                    related["properties"] = json!({"revision": rev});
                }
                result["relatedLocations"] = json!([related]);
            }
            result
        })
        .collect();
    // A run that could not read an input did not succeed, whatever it found: code scanning
    // must not take its results as the whole truth and close alerts on them.
    let failures: Vec<serde_json::Value> = input
        .findings
        .iter()
        .filter(|f| f.rule == crate::rules::INPUT_UNREADABLE)
        .map(|f| json!({"level": "error", "message": {"text": f.message}}))
        .collect();
    let invocation = json!({
        "executionSuccessful": failures.is_empty(),
        "toolExecutionNotifications": failures,
    });
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "contracts",
                    "version": VERSION,
                    "semanticVersion": VERSION,
                    "rules": rules_json,
                }
            },
            "invocations": [invocation],
            "originalUriBaseIds": base_ids(),
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_relative_and_escaped() {
        assert_eq!(super::uri("docs/a b.md"), "docs/a%20b.md");
        assert_eq!(super::uri("../x/y.md"), "../x/y.md");
    }
}
