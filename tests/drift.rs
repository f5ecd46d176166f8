//! Drift: the implementation's own specs held to the doc's promise.

mod common;

use common::{bin, root};

fn drift(against: &str) -> (Option<i32>, Vec<(String, String, u64)>) {
    let out = bin()
        .current_dir(root())
        .args([
            "check",
            "testdata/docs/export-service.md",
            "--against",
            against,
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(f["old"]["file"], "testdata/docs/export-service.md", "{f}");
            assert!(
                f["new"].is_null() || f["new"]["file"].as_str().unwrap().starts_with(against),
                "{f}"
            );
            (
                f["rule"].as_str().unwrap().to_string(),
                f["subject"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    (out.status.code(), found)
}

#[test]
fn an_implementation_that_honours_the_doc_gives_nothing() {
    let out = bin()
        .current_dir(root())
        .args([
            "check",
            "testdata/docs/export-service.md",
            "--against",
            "testdata/drift/honours",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"], serde_json::json!([]));
}

#[test]
fn an_implementation_that_breaks_the_doc_in_nine_ways() {
    let (code, found) = drift("testdata/drift/breaks");
    assert_eq!(code, Some(1));
    let expect = [
        (
            "drift.openapi",
            "openapi.request-property-added-required POST /api/v2/exports request application/json /region",
            57,
        ),
        (
            "drift.openapi",
            "openapi.operation-removed GET /api/v2/exports/{}",
            70,
        ),
        (
            "drift.openapi",
            "openapi.response-property-removed GET /api/v2/admin/exports 200 application/json /[]/downloadUrl",
            128,
        ),
        (
            "drift.openapi",
            "openapi.response-property-removed POST /api/v2/exports 202 application/json /downloadUrl",
            128,
        ),
        (
            "drift.protobuf",
            "protobuf.enum-value-renamed acme.export.v1.ExportFormat.EXPORT_FORMAT_JSON#2",
            147,
        ),
        (
            "drift.protobuf",
            "protobuf.field-deleted acme.export.v1.ExportJob.download_url#7",
            165,
        ),
        (
            "drift.protobuf",
            "protobuf.rpc-deleted acme.export.v1.ExportEvents.PublishExportCompleted",
            183,
        ),
        (
            "drift.graphql",
            "graphql.enum-value-removed ExportStatus.FAILED",
            212,
        ),
        ("drift.graphql", "graphql.field-removed Query.exports", 218),
        (
            "drift.typescript",
            "typescript.property-type-changed ExportJob.createdAt",
            279,
        ),
    ];
    let expect: Vec<(String, String, u64)> = expect
        .iter()
        .map(|(r, s, l)| (r.to_string(), s.to_string(), *l))
        .collect();
    assert_eq!(found, expect);
}

/// `(rule, severity, line)` of each finding of `check DOC --against IMPL`.
fn drift_of(doc: &str, implementation: &str) -> Vec<(String, String, u64)> {
    let out = bin()
        .current_dir(root())
        .args([
            "check",
            doc,
            "--against",
            implementation,
            "--format",
            "json",
        ])
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
                f["severity"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn row(rule: &str, severity: &str, line: u64) -> (String, String, u64) {
    (rule.to_string(), severity.to_string(), line)
}

#[test]
fn package_less_excerpts_placeholders_and_a_renamed_package_are_matched_by_name() {
    assert_eq!(
        drift_of(
            "testdata/drift/packages/doc.md",
            "testdata/drift/packages/impl"
        ),
        [
            // `Job` has no package in the doc: it is `acme.jobs.v1.Job`, whose `size` changed.
            row("drift.protobuf", "error", 11),
            // `title = ?` is the implementation's `title = 4`; `due` is nowhere.
            row("drift.protobuf", "error", 27),
            // `legacy.billing.v1` is `acme.billing.v1`: said once, then compared inside. A
            // package renamed moves every rpc path, so it breaks callers.
            row("drift.protobuf", "error", 36),
            row("drift.protobuf", "error", 40),
            // The `example` block after it promises nothing, so its message is not missed.
        ]
    );
}

#[test]
fn a_package_less_name_two_packages_define_is_reported_and_not_compared() {
    assert_eq!(
        drift_of(
            "testdata/rules/drift.ambiguous-name/doc.md",
            "testdata/rules/drift.ambiguous-name/impl"
        ),
        [row("drift.ambiguous-name", "warning", 6)]
    );
}

#[test]
fn a_components_only_api_is_held_to_the_spec_with_its_schemas() {
    assert_eq!(
        drift_of(
            "testdata/drift/components/doc.md",
            "testdata/drift/components/impl"
        ),
        // `Invoice.currency`, which the billing spec lacks; the payments spec is not it.
        [row("drift.openapi", "error", 14)]
    );
}

#[test]
fn a_text_report_ends_with_how_far_apart_doc_and_implementation_are() {
    let out = bin()
        .current_dir(root())
        .args([
            "check",
            "testdata/drift/packages/doc.md",
            "--against",
            "testdata/drift/packages/impl",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.lines().rev().take(2).collect::<Vec<_>>(),
        [
            "4 errors, 0 warnings, 0 infos in 4 sources",
            "drift testdata/drift/packages/doc.md: 4 of the doc's elements compared, 4 found in the implementation, 0 only in the doc; 4 drift findings",
        ]
    );
}

#[test]
fn a_namespace_merged_with_a_union_type_is_held_to_the_doc_s_enum_by_its_values() {
    assert_eq!(
        drift_of(
            "testdata/drift/merged-namespace/doc.md",
            "testdata/drift/merged-namespace/impl"
        ),
        // `global`, which the union lacks; the namespace beside it is no kind change.
        [row("drift.typescript", "error", 4)]
    );
}

#[test]
fn a_typescript_type_is_held_to_the_doc_through_extends_aliases_and_partial() {
    assert_eq!(
        drift_of(
            "testdata/drift/extends/doc.md",
            "testdata/drift/extends/impl"
        ),
        // `createdAt`, inherited from a base and now a number. The inline owner type, the
        // union behind an alias, `Partial<…>` of named hook types and the sample function
        // the doc shows are no drift.
        [row("drift.typescript", "error", 8)]
    );
}

#[test]
fn a_graphql_type_the_doc_only_extends_is_held_to_the_fields_it_shows() {
    assert_eq!(
        drift_of(
            "testdata/drift/extension/doc.md",
            "testdata/drift/extension/impl"
        ),
        // `priority` retyped; the implementation's required `text` and `status`, which the
        // doc's `extend input` never shows, are no drift.
        [row("drift.graphql", "error", 8)]
    );
}
