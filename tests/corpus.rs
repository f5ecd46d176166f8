//! The real design docs of ../shared/corpus: every one is read, nothing panics, and a few
//! known facts about them hold. Skipped, with a printed reason, when the corpus is absent.

mod common;

use common::{bin, root};

fn corpus_docs() -> Option<std::path::PathBuf> {
    let dir = root().join("../shared/corpus/docs");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} is absent (it ships beside the checkout, not in it)",
            dir.display()
        );
        None
    }
}

#[test]
fn listing_every_corpus_doc_completes_with_known_findings() {
    let Some(dir) = corpus_docs() else { return };
    let out = bin()
        .arg("list")
        .arg(&dir)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let blocks = report["blocks"].as_array().unwrap();
    let findings = report["findings"].as_array().unwrap();

    let has = |rule: &str, file_end: &str, line: u64| {
        findings.iter().any(|f| {
            f["rule"] == rule
                && f["file"].as_str().unwrap().ends_with(file_end)
                && f["line"] == line
        })
    };
    // A two-backtick opener leaves the next fence swallowing a contract.
    assert!(has(
        "markdown.swallowed-fence",
        "openapi-md-bad-fence/tiny.md",
        55
    ));
    // The Swagger sample spread over sections is one Swagger 2.0 API: listed, not validated as 3.x.
    assert!(has(
        "openapi.unvalidated-version",
        "openapi-md-good/tiny.md",
        6
    ));
    let cowbell = blocks.iter().any(|b| {
        b["file"]
            .as_str()
            .unwrap()
            .ends_with("openapi-md-good/tiny.md")
            && b["names"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n == "POST /cowbell")
    });
    assert!(cowbell);
    // Spec example and counter-example blocks are told apart.
    let counter = blocks
        .iter()
        .filter(|b| b["role"] == "counter-example")
        .count();
    assert!(counter > 100, "{counter} counter-examples");
}

#[test]
fn extracting_the_corpus_twice_is_byte_identical() {
    let Some(dir) = corpus_docs() else { return };
    let a = tempfile::tempdir().unwrap();
    bin()
        .arg("extract")
        .arg(&dir)
        .arg("--out")
        .arg(a.path())
        .output()
        .unwrap();
    let again = bin()
        .arg("extract")
        .arg(&dir)
        .arg("--out")
        .arg(a.path())
        .arg("--check")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(
        !stdout.contains("stale:") && !stdout.contains("missing:") && !stdout.contains("orphaned:"),
        "{stdout}"
    );
}

fn pair(name: &str) -> Option<(std::path::PathBuf, std::path::PathBuf)> {
    let dir = root().join("../shared/corpus/pairs").join(name);
    if !dir.is_dir() {
        eprintln!(
            "skipped: {} is absent (it ships beside the checkout, not in it)",
            dir.display()
        );
        return None;
    }
    Some((dir.join("old"), dir.join("new")))
}

fn diff_json(old: &std::path::Path, new: &std::path::Path, extra: &[&str]) -> serde_json::Value {
    let out = bin()
        .arg("diff")
        .arg(old)
        .arg(new)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// (rule, message start) of the findings at a severity.
fn at(report: &serde_json::Value, severity: &str) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == severity)
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn googleapis_pairs_break_where_buf_says_they_do() {
    let Some((old, new)) = pair("googleapis-aiplatform-v1") else {
        return;
    };
    let report = diff_json(&old, &new, &["--proto-level", "file"]);
    let errors = at(&report, "error");
    let rules: Vec<&str> = errors.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(
        rules,
        [
            "protobuf.field-cardinality-changed",
            "protobuf.field-cardinality-changed",
            "protobuf.field-deleted",
            "protobuf.field-oneof-changed",
            "protobuf.field-oneof-changed",
        ]
    );
    assert!(
        errors
            .iter()
            .any(|(_, m)| m.contains("Part.thought_signature` moved from oneof `data`"))
    );
    assert!(errors.iter().any(|(_, m)| {
        m.contains("`url_context` (8) was deleted from `google.cloud.aiplatform.v1.Tool`")
    }));

    let Some((old, new)) = pair("googleapis-maps-places-v1") else {
        return;
    };
    let errors = at(&diff_json(&old, &new, &[]), "error");
    assert_eq!(errors.len(), 2);
    assert!(
        errors
            .iter()
            .all(|(r, m)| r == "protobuf.field-deleted" && m.contains("ContentBlock"))
    );

    let Some((old, new)) = pair("googleapis-dialogflow-cx-v3") else {
        return;
    };
    let errors = at(&diff_json(&old, &new, &[]), "error");
    let deleted: Vec<&str> = errors
        .iter()
        .filter(|(r, _)| r == "protobuf.field-deleted")
        .map(|(_, m)| m.as_str())
        .collect();
    assert_eq!(deleted.len(), 4);
    assert!(deleted.iter().all(|m| m.contains("QueryResult")));
    assert!(
        errors
            .iter()
            .any(|(r, m)| r == "protobuf.field-oneof-changed" && m.contains("Agent.start_flow"))
    );
}

#[test]
fn github_graphql_schema_breaks_as_graphql_inspector_says() {
    let Some((old, new)) = pair("github-graphql-schema") else {
        return;
    };
    let dedup = new.parent().unwrap().join("new-dedup");
    let errors = at(&diff_json(&old, &dedup, &[]), "error");
    assert_eq!(errors.len(), 12, "{errors:#?}");
    assert!(
        errors
            .iter()
            .any(|(r, m)| r == "graphql.type-kind-changed" && m.contains("AnnouncementBanner"))
    );
    assert!(
        errors
            .iter()
            .any(|(r, m)| r == "graphql.input-field-type-changed"
                && m.contains("sourceRepositoryUrl"))
    );
    // The original new side defines two fields twice: reported, and the rest still compared.
    let errors = at(&diff_json(&old, &new, &[]), "error");
    assert_eq!(
        errors
            .iter()
            .filter(|(r, _)| r == "graphql.duplicate-field")
            .count(),
        2
    );
    assert_eq!(errors.len(), 14);
}

#[test]
fn big_openapi_pairs_complete() {
    for name in ["stripe-openapi", "github-rest-api"] {
        let Some((old, new)) = pair(name) else { return };
        let report = diff_json(&old, &new, &[]);
        assert!(report["summary"]["error"].as_u64().unwrap() > 0, "{name}");
    }
}

#[test]
fn markdown_doc_pairs_report_at_the_docs_own_lines() {
    let Some((old, new)) = pair("markdown-docs") else {
        return;
    };
    let report = diff_json(&old, &new, &[]);
    let renamed = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["rule"] == "protobuf.enum-value-renamed"
                && f["message"].as_str().unwrap().contains("BOOK_VIEW_BASIC")
        })
        .expect("AIP-157 renames BASIC");
    assert!(
        renamed["file"]
            .as_str()
            .unwrap()
            .ends_with("new/google.aip.dev/aip/general/0157.md")
    );
    assert_eq!(renamed["line"], 52);
    assert!(
        renamed["old"]["file"]
            .as_str()
            .unwrap()
            .ends_with("old/google.aip.dev/aip/general/0157.md")
    );
    assert_eq!(renamed["old"]["line"], 52);
    let grpc = report["findings"].as_array().unwrap().iter().any(|f| {
        f["rule"] == "protobuf.field-renamed"
            && f["message"]
                .as_str()
                .unwrap()
                .contains("`creation_time` to `creation_timestamp`")
    });
    assert!(grpc);
}

/// `check` over the corpus: defects a reader confirmed are found, at their lines, and the
/// shapes of design docs that are not defects (excerpts, alternatives, names from elsewhere,
/// proposals' syntax) are not errors. See scripts/precision/ for the judged samples.
#[test]
fn checking_the_corpus_finds_the_judged_defects_and_not_the_noise() {
    let Some(dir) = corpus_docs() else { return };
    let out = bin()
        .arg("check")
        .arg(&dir)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let at = |rule: &str, file_end: &str, line: u64| {
        findings.iter().any(|f| {
            f["rule"] == rule
                && f["file"].as_str().unwrap().ends_with(file_end)
                && f["line"] == line
        })
    };
    // Typos and real syntax errors, each judged true by hand.
    assert!(at(
        "protobuf.unresolved-name",
        "A32-xds-circuit-breaking.md",
        84
    ));
    assert!(at("protobuf.unresolved-name", "aip/general/0180.md", 235));
    assert!(at(
        "graphql.unknown-type",
        "rfcs/ExpandingSubtyping.md",
        158
    ));
    assert!(at(
        "graphql.syntax-error",
        "federated-schemas/reference/directives.mdx",
        941
    ));
    assert!(at(
        "typescript.unresolved-type",
        "docs/openapi/request-body.md",
        152
    ));
    assert!(at(
        "protobuf.duplicate-field-number",
        "A28-xds-traffic-splitting-and-routing.md",
        170
    ));
    // What was noise before: no errors of these rules remain anywhere in the corpus.
    let errors = |rule: &str| {
        findings
            .iter()
            .filter(|f| f["rule"] == rule && f["severity"] == "error")
            .count()
    };
    assert_eq!(errors("graphql.duplicate-type"), 0);
    assert_eq!(errors("openapi.conflicting-key"), 0);
    assert_eq!(errors("openapi.linked-spec-unreadable"), 0);
    // Names a doc does not define are listed as info, and slips alone are errors.
    assert!(errors("typescript.unresolved-type") < 10);
    assert!(errors("protobuf.unresolved-name") < 10);
    let total_errors = report["summary"]["error"].as_u64().unwrap();
    assert!(total_errors < 100, "{total_errors} errors over the corpus");
}
