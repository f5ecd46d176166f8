//! Where `diff` reports a change (a pull-request annotation can only sit on a line of the new
//! revision) and what it does with a contract that does not parse on one side.

mod common;

use common::{bin, root};

/// `(rule, file name, line, severity, old line)` of a finding.
type Found = (String, String, u64, String, u64);

fn findings(old: &str, new: &str) -> (Option<i32>, Vec<Found>) {
    let out = bin()
        .current_dir(root())
        .args(["diff", old, new, "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = report["findings"].as_array().unwrap().iter().map(|f| {
        let name = f["file"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_string();
        let old_line = f["old"]["line"].as_u64().unwrap_or(0);
        let rule = f["rule"].as_str().unwrap().to_string();
        let severity = f["severity"].as_str().unwrap().to_string();
        (rule, name, f["line"].as_u64().unwrap(), severity, old_line)
    });
    (out.status.code(), list.collect())
}

fn fixture(rule: &str, ext: &str) -> (String, String) {
    let dir = format!("testdata/rules/{rule}");
    (format!("{dir}/old.{ext}"), format!("{dir}/new.{ext}"))
}

#[test]
fn a_removal_is_reported_at_its_nearest_surviving_ancestor_in_the_new_revision() {
    // (rule, extension, line in new, what is there, line of the removed element in old)
    let cases = [
        ("protobuf.field-deleted", "proto", 5, "its message", 7),
        (
            "protobuf.message-deleted",
            "proto",
            3,
            "the file's `package` line",
            9,
        ),
        ("protobuf.rpc-deleted", "proto", 17, "its service", 19),
        (
            "openapi.operation-removed",
            "yaml",
            3,
            "`paths:` (its path is gone too)",
            9,
        ),
        (
            "openapi.response-property-removed",
            "yaml",
            14,
            "its schema",
            19,
        ),
        ("graphql.field-removed", "graphql", 5, "its type", 7),
        ("typescript.property-removed", "ts", 1, "its interface", 3),
    ];
    for (rule, ext, line, what, old_line) in cases {
        let (old, new) = fixture(rule, ext);
        let (_, found) = findings(&old, &new);
        let f = found
            .iter()
            .find(|f| f.0 == rule && f.4 == old_line)
            .unwrap_or_else(|| panic!("{rule}: {found:?}"));
        assert_eq!(f.1, format!("new.{ext}"), "{rule}");
        assert_eq!((f.2, f.4), (line, old_line), "{rule}: expected at {what}");
    }
}

#[test]
fn a_base_revision_that_does_not_parse_is_not_compared() {
    for kind in ["openapi", "protobuf", "graphql", "typescript"] {
        let dir = format!("testdata/diff/unreadable/{kind}");
        let (code, found) = findings(&format!("{dir}/old.md"), &format!("{dir}/new.md"));
        // Not one element of the fixed block is reported as added.
        assert_eq!(code, Some(0), "{kind}");
        let old_line = if matches!(kind, "graphql" | "typescript") {
            8
        } else {
            10
        };
        let expect = (
            "diff.not-compared".to_string(),
            "new.md".to_string(),
            6,
            "warning".to_string(),
            old_line,
        );
        assert_eq!(found, [expect], "{kind}");
    }
}

#[test]
fn a_contract_the_change_broke_is_an_error_and_nothing_of_it_is_removed() {
    for kind in ["openapi", "protobuf", "graphql", "typescript"] {
        let dir = format!("testdata/diff/unreadable/{kind}");
        let (code, found) = findings(&format!("{dir}/new.md"), &format!("{dir}/old.md"));
        assert_eq!(code, Some(1), "{kind}");
        let line = if matches!(kind, "graphql" | "typescript") {
            8
        } else {
            10
        };
        let expect = (
            format!("{kind}.syntax-error"),
            "old.md".to_string(),
            line,
            "error".to_string(),
            0,
        );
        assert_eq!(found, [expect], "{kind}");
    }
}

#[test]
fn a_block_broken_alike_in_both_revisions_does_not_fail_the_diff() {
    let dir = tempfile::tempdir().unwrap();
    let doc = |extra: &str| {
        format!(
            "# A\n\n## Types\n\n```graphql\ntype Query {{\n  a: String\n{extra}```\n\n## More\n\n```graphql\ntype B {{ id: ID }}\n```\n"
        )
    };
    std::fs::write(dir.path().join("old.md"), doc("")).unwrap();
    std::fs::write(dir.path().join("new.md"), doc("  b: Int\n")).unwrap();
    let out = bin()
        .current_dir(dir.path())
        .args(["diff", "old.md", "new.md", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(rules, [("diff.not-compared", "warning")]);
    assert_eq!(out.status.code(), Some(0));
}
