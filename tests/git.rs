//! Revisions from real git repositories: `--base`, `--head`, `REV:path`, renames, a missing
//! revision and a shallow clone.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::bin;

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn proto(value: &str) -> String {
    format!(
        "# Events\n\n```proto\nsyntax = \"proto3\";\nenum State {{\n  STATE_UNSPECIFIED = 0;\n  {value} = 1;\n}}\n```\n"
    )
}

fn graphql(field: &str) -> String {
    format!(
        "# Gateway\n\n```graphql\ntype Query {{\n  order: Order\n}}\n\ntype Order {{\n  id: ID!\n{field}}}\n```\n"
    )
}

/// A repository with two commits: the second renames a doc, changes one and adds one.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    fs::create_dir_all(d.join("docs")).unwrap();
    fs::write(d.join("docs/events.md"), proto("OPEN")).unwrap();
    fs::write(d.join("docs/gateway.md"), graphql("  total: Int\n")).unwrap();
    fs::write(d.join("README.md"), "# Not a design doc\n").unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "first"]);
    fs::write(d.join("docs/events.md"), proto("STATE_OPEN")).unwrap();
    git(d, &["mv", "docs/gateway.md", "docs/api-gateway.md"]);
    fs::write(
        d.join("docs/new.md"),
        "# Refunds\n\n```graphql\ntype Refund {\n  id: ID!\n}\n```\n",
    )
    .unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "second"]);
    dir
}

fn findings(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<(String, String)>, String) {
    let out = bin()
        .current_dir(dir)
        .arg("diff")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    let found = report["findings"]
        .as_array()
        .map(|fs| {
            fs.iter()
                .filter(|f| f["severity"] != "info")
                .map(|f| {
                    (
                        f["rule"].as_str().unwrap().to_string(),
                        f["file"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    (out.status.code(), found, stderr)
}

#[test]
fn base_finds_the_docs_that_changed_and_pairs_renames() {
    let dir = repo();
    // The work tree also drops a field from the renamed doc.
    fs::write(dir.path().join("docs/api-gateway.md"), graphql("")).unwrap();
    let (code, found, err) = findings(dir.path(), &["--base", "HEAD~1"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        found,
        [
            (
                "graphql.field-removed".to_string(),
                "docs/api-gateway.md".to_string()
            ),
            (
                "protobuf.enum-value-renamed".to_string(),
                "docs/events.md".to_string()
            ),
        ]
    );
    // Between two revisions the rename alone changes nothing.
    let (code, found, _) = findings(dir.path(), &["--base", "HEAD~1", "--head", "HEAD"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        found,
        [(
            "protobuf.enum-value-renamed".to_string(),
            "HEAD:docs/events.md".to_string()
        )]
    );
}

#[test]
fn a_file_at_a_revision_against_the_work_tree() {
    let dir = repo();
    let (code, found, err) = findings(dir.path(), &["HEAD~1:docs/events.md", "docs/events.md"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        found,
        [(
            "protobuf.enum-value-renamed".to_string(),
            "docs/events.md".to_string()
        )]
    );
    // A directory at a revision.
    let (_, found, _) = findings(dir.path(), &["HEAD~1:docs", "docs"]);
    assert!(
        found.contains(&(
            "protobuf.enum-value-renamed".to_string(),
            "docs/events.md".to_string()
        )),
        "{found:?}"
    );
}

#[test]
fn a_missing_revision_says_how_to_fetch_it() {
    let dir = repo();
    let (code, _, err) = findings(dir.path(), &["--base", "origin/main"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("revision `origin/main` is not in this repository")
            && err.contains("fetch-depth: 0"),
        "{err}"
    );
}

#[test]
fn a_shallow_clone_says_to_fetch_the_history() {
    let dir = repo();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", dir.path().display());
    git(clone.path(), &["clone", "-q", "--depth", "1", &url, "c"]);
    let (code, _, err) = findings(&clone.path().join("c"), &["--base", "HEAD~1"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("shallow") && err.contains("fetch-depth: 0"),
        "{err}"
    );
}

#[test]
fn base_can_be_a_branch() {
    let dir = repo();
    let d = dir.path();
    git(d, &["checkout", "-q", "-b", "feature"]);
    fs::write(d.join("docs/events.md"), proto("STATE_OPENED")).unwrap();
    git(d, &["commit", "-q", "-am", "on a branch"]);
    let (code, found, err) = findings(d, &["--base", "main", "--head", "feature"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        found,
        [(
            "protobuf.enum-value-renamed".to_string(),
            "feature:docs/events.md".to_string()
        )]
    );
}
