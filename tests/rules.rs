//! One fixture per rule under testdata/rules/<rule-id>/: running it yields that rule and no
//! other, and the snapshot pins each finding's severity, line and column.

mod common;

use std::path::{Path, PathBuf};

use common::{bin, root};

fn docs_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() && p.file_name().is_some_and(|n| n != "out" && n != "impl") {
            out.extend(docs_below(&p));
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn run(rule: &str) -> serde_json::Value {
    let dir = Path::new("testdata/rules").join(rule);
    let docs: Vec<PathBuf> = docs_below(&root().join(&dir))
        .into_iter()
        .map(|p| p.strip_prefix(root()).unwrap().to_path_buf())
        .collect();
    assert!(
        root().join(&dir).is_dir(),
        "{rule} has no fixture under {}",
        dir.display()
    );
    let scratch = tempfile::tempdir().unwrap();
    let mut cmd = bin();
    cmd.current_dir(root());
    let side = |prefix: &str| {
        std::fs::read_dir(root().join(&dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .find(|n| n.starts_with(prefix))
            .map(|n| dir.join(n))
    };
    if let (Some(old), Some(new)) = (side("old."), side("new.")) {
        cmd.arg("diff").arg(old).arg(new);
    } else if rule.starts_with("extract.") {
        cmd.arg("extract").args(&docs).arg("--out");
        if matches!(
            rule,
            "extract.stale-file" | "extract.missing-file" | "extract.orphaned-file"
        ) {
            cmd.arg(dir.join("out")).arg("--check");
        } else {
            cmd.arg(scratch.path());
        }
    } else if std::fs::read_to_string(root().join(&dir).join("contracts.toml"))
        .is_ok_and(|c| c.starts_with("docs ="))
    {
        // The config names the docs: the run reads them all, as `check` with no paths does.
        cmd.arg("check");
    } else {
        cmd.arg("check").args(&docs);
        if root().join(&dir).join("impl").is_dir() {
            cmd.arg("--against").arg(dir.join("impl"));
        }
    }
    if root().join(&dir).join("contracts.toml").is_file() {
        cmd.arg("--config").arg(dir.join("contracts.toml"));
    }
    let out = cmd.args(["--format", "json"]).output().unwrap();
    // A failed run exits 2, and says so in its report.
    let expected: &[i32] = if rule == "input.unreadable" {
        &[2]
    } else {
        &[0, 1]
    };
    assert!(
        out.status.code().is_some_and(|c| expected.contains(&c)),
        "{rule}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `file:line` of a diff finding's side, or `-` where that side has none.
fn side_of(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "-".to_string(),
        v => format!("{}:{}", v["file"].as_str().unwrap(), v["line"]),
    }
}

/// Rules that cannot fire alone: a target is not written *because* a block does not parse.
fn companions(rule: &str) -> &'static [&'static str] {
    match rule {
        "extract.not-written" => &["graphql.syntax-error"],
        // A field made required changes its cardinality too; a oneof's field moves with it.
        "protobuf.required-fields-changed" => &["protobuf.field-cardinality-changed"],
        "protobuf.oneof-deleted" => &["protobuf.field-oneof-changed"],
        // The package it leaves empty is gone for its users, as buf says too.
        "protobuf.package-changed" => &["protobuf.package-deleted"],
        _ => &[],
    }
}

#[test]
fn every_rule_has_a_fixture_that_yields_exactly_that_rule() {
    for rule in contracts::rules::all() {
        let report = run(rule.id);
        let findings = report["findings"].as_array().unwrap();
        assert!(
            findings.iter().any(|f| f["rule"] == rule.id),
            "{}: the fixture does not yield it",
            rule.id
        );
        let lines: Vec<String> = findings
            .iter()
            .map(|f| {
                let other = f["rule"].as_str().unwrap();
                assert!(
                    other == rule.id || companions(rule.id).contains(&other),
                    "{}: unexpected {}",
                    rule.id,
                    f
                );
                if other == rule.id {
                    let levels = contracts::classify::possible_levels(rule);
                    assert!(
                        levels.iter().any(|l| f["severity"] == l.as_str()),
                        "{}: {} is not a level its table gives",
                        rule.id,
                        f["severity"]
                    );
                }
                let sides = match (&f["old"], &f["new"]) {
                    (serde_json::Value::Null, serde_json::Value::Null) => String::new(),
                    (o, n) => format!(" (old {}, new {})", side_of(o), side_of(n)),
                };
                format!(
                    "{} {} {}:{}:{} {}{sides}",
                    f["severity"].as_str().unwrap(),
                    f["rule"].as_str().unwrap(),
                    f["file"].as_str().unwrap(),
                    f["line"],
                    f["column"],
                    f["message"].as_str().unwrap()
                )
            })
            .collect();
        insta::assert_yaml_snapshot!(rule.id, lines);
    }
}
