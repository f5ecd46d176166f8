//! Design-doc shapes that are not defects (excerpts, payloads, names from elsewhere,
//! alternatives side by side) give no error, while a real defect of the same kind beside
//! them is still found, once, at its place. One fixture doc per family, under
//! testdata/precision/.

mod common;

use common::{bin, root};

/// (rule, severity, line, column) of every finding `check` reports for a fixture doc.
fn findings(doc: &str) -> Vec<(String, String, u64, u64)> {
    let out = bin()
        .current_dir(root())
        .args([
            "check",
            &format!("testdata/precision/{doc}"),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{doc}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// (rule, line, subject) of every finding `check` reports for a doc outside the repository.
fn subjects(doc: &std::path::Path) -> Vec<(String, u64, String)> {
    let out = bin()
        .arg("check")
        .arg(doc)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["subject"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn f(rule: &str, severity: &str, line: u64, column: u64) -> (String, String, u64, u64) {
    (rule.to_string(), severity.to_string(), line, column)
}

#[test]
fn excerpts_read_as_far_as_they_go_and_a_real_fault_is_still_one() {
    assert_eq!(
        findings("excerpts.md"),
        [
            // The `;` missing at the end of `string name = 1`.
            f("protobuf.syntax-error", "error", 46, 18),
            f("graphql.syntax-error", "error", 67, 14),
            f("openapi.syntax-error", "error", 88, 30),
            // Typographic quotes.
            f("typescript.unresolved-type", "error", 104, 9),
            // An enum shown for its `reserved` lines is no fault; a number used twice is.
            f("protobuf.duplicate-field-number", "error", 128, 3),
        ]
    );
}

#[test]
fn a_broken_block_is_one_finding_at_the_token_that_breaks_it() {
    assert_eq!(
        findings("one-finding.md"),
        [
            f("typescript.syntax-error", "error", 13, 17),
            f("protobuf.syntax-error", "error", 23, 21),
            f("graphql.syntax-error", "error", 30, 10),
        ]
    );
}

#[test]
fn payloads_text_format_and_swagger_excerpts_are_not_broken_contracts() {
    assert_eq!(
        findings("not-contracts.md"),
        [
            // The Swagger 2.0 excerpt is recognised as such, and its `#/definitions/` ref
            // points into the part of that API the doc does not show.
            f("openapi.unvalidated-version", "info", 30, 1),
            f("openapi.external-ref", "info", 40, 13),
            // A typo in a document that has its components.
            f("openapi.unresolved-ref", "error", 57, 17),
        ]
    );
}

#[test]
fn names_from_outside_the_doc_resolve_and_slips_are_errors() {
    assert_eq!(
        findings("external-names.md"),
        [
            f("typescript.unresolved-type", "error", 17, 9),
            f("protobuf.unresolved-import", "info", 25, 1),
            f("protobuf.unresolved-name", "error", 30, 3),
        ]
    );
}

#[test]
fn alternatives_are_separate_contracts_and_tied_blocks_one() {
    assert_eq!(
        findings("alternatives.md"),
        [
            f("openapi.conflicting-key", "error", 74, 7),
            f("graphql.duplicate-type", "error", 100, 1),
        ]
    );
    // The API split over two blocks is still one API with both operations.
    let a = common::analyze_file("testdata/precision/alternatives.md");
    let refunds = a
        .apis
        .iter()
        .find(|api| api.name == "One API over two blocks")
        .unwrap();
    let ops: Vec<&str> = refunds
        .surface
        .operations
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(ops, ["GET /refunds", "GET /refunds/{id}"]);
}

#[test]
fn every_slip_of_every_block_of_a_package_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("plan.md");
    std::fs::write(
        &doc,
        "# Plan\n\n```proto\nsyntax = \"proto3\";\npackage shop.v1;\nmessage A { Strng a = 1; int_64 b = 2; }\n```\n\n```proto\nsyntax = \"proto3\";\npackage shop.v1;\nmessage B { A a = 1; boolean c = 2; }\n```\n",
    )
    .unwrap();
    let found = subjects(&doc);
    let slip = |line: u64, name: &str| {
        (
            "protobuf.unresolved-name".to_string(),
            line,
            name.to_string(),
        )
    };
    assert_eq!(
        found,
        [slip(6, "Strng"), slip(6, "int_64"), slip(12, "boolean")]
    );
}

#[test]
fn a_section_links_its_spec_file_whatever_its_blocks_are_grouped_by() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("plan.md"),
        "# Plan\n\n### Orders API\n\nThe rest is in [the spec](orders.yaml).\n\n```yaml file=api/orders.yaml\nopenapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders:\n    get:\n      responses:\n        '200': {description: ok}\n```\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("orders.yaml"),
        "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders/{id}:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200': {description: ok}\n",
    )
    .unwrap();
    let a = contracts::analyze::analyze(
        contracts::source::Source::read(&dir.path().join("plan.md")).unwrap(),
    );
    let ops: Vec<&str> = a.apis[0]
        .surface
        .operations
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(ops, ["GET /orders", "GET /orders/{id}"]);
}

#[test]
fn every_object_model_fault_of_an_api_is_reported_at_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("plan.md");
    std::fs::write(
        &doc,
        "# Plan\n\n### Orders API\n\n```yaml\nopenapi: 3.0.3\ninfo: {title: Orders, version: 1}\npaths:\n  /orders:\n    get:\n      responses:\n        \"200\": {content: {}}\n  /refunds:\n    get: {responses: {\"200\": {description: ok}}, parameters: [{name: a, in: body}]}\ncomponents:\n  schemas:\n    A: {type: 5}\n```\n",
    )
    .unwrap();
    let found = subjects(&doc);
    let invalid =
        |line: u64, at: &str| ("openapi.invalid-document".to_string(), line, at.to_string());
    assert_eq!(
        found,
        [
            invalid(7, "info.version"),
            invalid(12, "paths./orders.get.responses.200"),
            invalid(14, "paths./refunds.get.parameters.0"),
            invalid(17, "components.schemas.A"),
        ]
    );
}
