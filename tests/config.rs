//! contracts.toml and inline suppressions: ignores by rule ID and subject, their expiry, the
//! reason they must give, severity overrides, and the defaults a repository sets.

mod common;

use std::fs;

use common::bin;

const DOC: &str =
    "# Plan\n\n```graphql\ntype Order {\n  id: ID!\n  total: Strng\n  tax: Boolen\n}\n```\n";

fn repo(config: &str, doc: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join(".git")).unwrap();
    fs::create_dir_all(dir.path().join("docs")).unwrap();
    fs::write(dir.path().join("contracts.toml"), config).unwrap();
    fs::write(dir.path().join("docs/plan.md"), doc).unwrap();
    dir
}

/// (rule, subject, severity) of what `check --format json` reports, run in `dir`.
fn check(
    dir: &tempfile::TempDir,
    extra: &[&str],
) -> (
    Option<i32>,
    Vec<(String, String, String)>,
    serde_json::Value,
) {
    let out = bin()
        .current_dir(dir.path())
        .arg("check")
        .args(extra)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    let found = report["findings"]
        .as_array()
        .map(|fs| {
            fs.iter()
                .map(|f| {
                    (
                        f["rule"].as_str().unwrap().to_string(),
                        f["subject"].as_str().unwrap().to_string(),
                        f["severity"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    (out.status.code(), found, report)
}

fn t(r: &str, s: &str, sev: &str) -> (String, String, String) {
    (r.to_string(), s.to_string(), sev.to_string())
}

#[test]
fn an_ignore_matches_rule_and_subject_only() {
    let dir = repo(
        "docs = [\"docs/*.md\"]\n\n[[ignore]]\nrule = \"graphql.unknown-type\"\nsubject = \"Strng\"\nreason = \"the billing stream defines it\"\n",
        DOC,
    );
    let (code, found, _) = check(&dir, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(found, [t("graphql.unknown-type", "Boolen", "error")]);
}

#[test]
fn an_expired_ignore_brings_the_finding_back_with_a_note() {
    let dir = repo(
        "[[ignore]]\nrule = \"graphql.unknown-type\"\nsubject = \"Strng\"\nreason = \"until billing lands\"\nuntil = \"2020-01-31\"\n\n[[ignore]]\nrule = \"graphql.unknown-type\"\nsubject = \"Boolen\"\nreason = \"tax stream\"\nuntil = \"2999-12-31\"\n",
        DOC,
    );
    let (_, found, report) = check(&dir, &["docs"]);
    assert_eq!(found, [t("graphql.unknown-type", "Strng", "error")]);
    let message = report["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.ends_with(
            "(an ignore in contracts.toml covered this until 2020-01-31: until billing lands)"
        ),
        "{message}"
    );
}

#[test]
fn an_ignore_without_reason_is_refused_and_the_finding_stays() {
    let dir = repo(
        "[[ignore]]\nrule = \"graphql.unknown-type\"\nsubject = \"Strng\"\nreason = \" \"\n",
        DOC,
    );
    let (_, found, report) = check(&dir, &["docs"]);
    assert_eq!(
        found,
        [
            t(
                "config.ignore-without-reason",
                "graphql.unknown-type Strng",
                "error"
            ),
            t("graphql.unknown-type", "Strng", "error"),
            t("graphql.unknown-type", "Boolen", "error"),
        ]
    );
    assert_eq!(report["findings"][0]["file"], "contracts.toml");
}

#[test]
fn an_inline_allow_with_a_reason_covers_the_next_block() {
    let doc = "# Plan\n\n<!-- contracts: allow graphql.unknown-type reason=\"money types live in the billing doc\" -->\n```graphql\ntype Order {\n  total: Strng\n}\n```\n\n```graphql\ntype Refund {\n  total: Strng\n}\n```\n";
    let dir = repo("", doc);
    let (_, found, report) = check(&dir, &["docs"]);
    assert_eq!(found, [t("graphql.unknown-type", "Strng", "error")]);
    assert_eq!(report["findings"][0]["line"], 12);
}

#[test]
fn severity_overrides_and_fail_on_come_from_the_config() {
    let dir = repo(
        "fail-on = \"warning\"\n\n[severity]\n\"graphql.unknown-type\" = \"warning\"\n",
        DOC,
    );
    let (code, found, _) = check(&dir, &["docs"]);
    assert_eq!(
        found,
        [
            t("graphql.unknown-type", "Strng", "warning"),
            t("graphql.unknown-type", "Boolen", "warning")
        ]
    );
    assert_eq!(code, Some(1), "fail-on = warning");
    let (code, _, _) = check(&dir, &["docs", "--fail-on", "error"]);
    assert_eq!(code, Some(0), "the command line wins");
    let off = repo("[severity]\n\"graphql.unknown-type\" = \"off\"\n", DOC);
    let (code, found, _) = check(&off, &["docs"]);
    assert_eq!((code, found.len()), (Some(0), 0));
}

#[test]
fn a_broken_config_is_a_usage_error_with_its_place() {
    let dir = repo("fail-on = \"warning\"\nnot-a-key = 1\n", DOC);
    let out = bin()
        .current_dir(dir.path())
        .args(["check", "docs"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("contracts.toml:2:1"), "{err}");
}

#[test]
fn the_implementation_mapping_holds_specs_to_their_doc() {
    let dir = repo(
        "[[implementation]]\ndoc = \"docs/plan.md\"\nspecs = [\"impl/\"]\n",
        "# Plan\n\n```graphql\ntype Query {\n  order: Order\n}\n\ntype Order {\n  id: ID!\n  total: Int\n}\n```\n",
    );
    fs::create_dir_all(dir.path().join("impl")).unwrap();
    fs::write(
        dir.path().join("impl/schema.graphql"),
        "type Query {\n  order: Order\n}\n\ntype Order {\n  id: ID!\n}\n",
    )
    .unwrap();
    let (code, found, _) = check(&dir, &["docs"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        found,
        [t(
            "drift.graphql",
            "graphql.field-removed Order.total",
            "error"
        )]
    );
}

#[test]
fn a_mapping_can_name_one_api_of_the_doc() {
    let doc = "# Plan\n\n### Orders API\n\n```yaml\nopenapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      responses:\n        '200': {description: ok}\n```\n\n### Refunds API\n\n```yaml\nopenapi: 3.0.3\ninfo: {title: Refunds, version: '1'}\npaths:\n  /refunds:\n    get:\n      responses:\n        '200': {description: ok}\n```\n";
    let dir = repo(
        "[[implementation]]\ndoc = \"docs/plan.md\"\napi = \"orders-api\"\nspecs = [\"impl/orders.yaml\"]\n",
        doc,
    );
    fs::create_dir_all(dir.path().join("impl")).unwrap();
    fs::write(dir.path().join("impl/orders.yaml"), "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    post:\n      responses:\n        '201': {description: created}\n").unwrap();
    let (code, found, _) = check(&dir, &["docs"]);
    assert_eq!(code, Some(1));
    // The refunds API is not this spec's business.
    assert_eq!(
        found,
        [t(
            "drift.openapi",
            "openapi.operation-removed GET /orders",
            "error"
        )]
    );
}

#[test]
fn a_docs_glob_that_matches_nothing_is_a_failed_run() {
    let dir = repo("docs = [\"nowhere/*.md\"]\n", DOC);
    let (code, found, report) = check(&dir, &[]);
    assert_eq!(code, Some(2));
    assert_eq!(found, [t("input.unreadable", "nowhere/*.md", "error")]);
    assert_eq!(report["summary"]["unreadable"], 1);
}
