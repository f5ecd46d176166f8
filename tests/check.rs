//! `contracts check` as a CI step: a clean doc is clean, and each output format carries the
//! findings the way its consumer expects.

mod common;

use common::{bin, root};

#[test]
fn the_shipped_docs_are_consistent_throughout() {
    let out = bin()
        .current_dir(root())
        .args(["check", "testdata/docs", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"], serde_json::json!([]));
    assert_eq!(
        report["summary"],
        serde_json::json!({"error": 0, "warning": 0, "info": 0, "sources": 3, "unreadable": 0})
    );
}

fn fixture_run(rule: &str, extra: &[&str]) -> std::process::Output {
    bin()
        .current_dir(root())
        .arg("check")
        .arg(format!("testdata/rules/{rule}/doc.md"))
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn json_report_has_the_fixed_shape() {
    let out = fixture_run("graphql.unknown-type", &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["tool"], "contracts");
    assert_eq!(report["schema"], 1);
    let mut first = report["findings"][0].clone();
    let print = first["fingerprint"].as_str().unwrap().to_string();
    assert!(
        print.len() == 16 && print.chars().all(|c| c.is_ascii_hexdigit()),
        "{print}"
    );
    first.as_object_mut().unwrap().remove("fingerprint");
    assert_eq!(
        first,
        serde_json::json!({
            "rule": "graphql.unknown-type",
            "severity": "error",
            "message": "type `Strng` is defined nowhere this contract can see; did you mean `String`?",
            "subject": "Strng",
            "file": "testdata/rules/graphql.unknown-type/doc.md",
            "line": 6, "column": 3, "end_line": 6, "end_column": 3,
        })
    );
    assert_eq!(
        report["summary"],
        serde_json::json!({"error": 1, "warning": 0, "info": 0, "sources": 1, "unreadable": 0})
    );
}

#[test]
fn text_report_is_rustc_style_with_the_source_line() {
    let out = fixture_run("graphql.unknown-type", &[]);
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn sarif_report_has_the_required_2_1_0_fields() {
    let out = fixture_run("table.unresolved-reference", &["--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &sarif["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "contracts");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), contracts::rules::all().len());
    for r in rules {
        assert!(r["id"].is_string() && r["shortDescription"]["text"].is_string());
        assert!(
            ["error", "warning", "note"]
                .contains(&r["defaultConfiguration"]["level"].as_str().unwrap())
        );
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    for res in results {
        let index = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], res["ruleId"]);
        assert_eq!(res["level"], "error");
        assert!(res["message"]["text"].is_string());
        let loc = &res["locations"][0]["physicalLocation"];
        assert_eq!(
            loc["artifactLocation"]["uri"],
            "testdata/rules/table.unresolved-reference/doc.md"
        );
        assert!(
            !loc["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with('/')
        );
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
    }
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        21
    );
}

#[test]
fn github_junit_markdown_and_gitlab_formats() {
    let out = fixture_run("consistency.optionality-mismatch", &["--format", "github"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "::warning file=testdata/rules/consistency.optionality-mismatch/doc.md,line=13,col=3,title=consistency.optionality-mismatch::`Order.note` is required in graphql but optional in typescript at testdata/rules/consistency.optionality-mismatch/doc.md:4\n"
    );
    // A warning does not fail the run by default; with --fail-on warning it does.
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        fixture_run(
            "consistency.optionality-mismatch",
            &["--fail-on", "warning"]
        )
        .status
        .code(),
        Some(1)
    );

    let junit =
        String::from_utf8(fixture_run("graphql.unknown-type", &["--format", "junit"]).stdout)
            .unwrap();
    insta::assert_snapshot!("junit", junit);
    let markdown =
        String::from_utf8(fixture_run("graphql.unknown-type", &["--format", "markdown"]).stdout)
            .unwrap();
    insta::assert_snapshot!("markdown", markdown);
    let gitlab: serde_json::Value = serde_json::from_slice(
        &fixture_run("graphql.unknown-type", &["--format", "gitlab"]).stdout,
    )
    .unwrap();
    assert_eq!(gitlab[0]["check_name"], "graphql.unknown-type");
    assert_eq!(gitlab[0]["severity"], "major");
    assert_eq!(gitlab[0]["location"]["lines"]["begin"], 6);
    assert_eq!(gitlab[0]["fingerprint"].as_str().unwrap().len(), 16);
}

#[test]
fn output_file_and_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.sarif");
    let out = fixture_run(
        "graphql.unknown-type",
        &["--format", "sarif", "-o", target.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&target).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 1);

    // --quiet keeps only what fails the run: the warning goes, and nothing is printed.
    let quiet = fixture_run("consistency.optionality-mismatch", &["--quiet"]);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty());
}

#[test]
fn rules_lists_every_rule_and_documents_one() {
    let out = bin().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // One line per rule, and under each diff rule the lines of its classification.
    let ids = text.lines().filter(|l| !l.starts_with(' ')).count();
    assert_eq!(ids, contracts::rules::all().len());
    assert!(
        text.lines()
            .any(|l| l.starts_with("table.unresolved-reference") && l.contains("  error  "))
    );
    let one = bin()
        .args(["rules", "table.unresolved-reference"])
        .output()
        .unwrap();
    let doc = String::from_utf8(one.stdout).unwrap();
    assert!(doc.starts_with("table.unresolved-reference (error)\n\n"));
    assert!(doc.contains("Placeholder rows"));
    bin().args(["rules", "no.such-rule"]).assert().code(2);
}

#[test]
fn rules_show_how_each_diff_rule_classifies() {
    let out = bin()
        .args(["rules", "--kind", "protobuf"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let at = text.find("protobuf.field-deleted ").unwrap();
    let lines: Vec<&str> = text[at..].lines().take(4).map(str::trim).collect();
    assert_eq!(
        lines[1..],
        [
            "change `field-deleted`",
            "categories number-reserved+name-reserved: FILE PACKAGE, number-reserved: FILE PACKAGE WIRE_JSON, otherwise FILE PACKAGE WIRE_JSON WIRE",
            "buf FIELD_NO_DELETE FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
        ]
    );
    assert!(
        text.lines()
            .all(|l| l.starts_with(' ') || l.starts_with("protobuf."))
    );
    let out = bin()
        .args([
            "rules",
            "openapi.request-property-added-required",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["change"], "property-added");
    assert_eq!(v[0]["when"], serde_json::json!(["request", "required"]));
    assert_eq!(
        v[0]["levels"],
        serde_json::json!([{"when": [], "value": "error"}])
    );
    bin().args(["rules", "--kind", "nothing"]).assert().code(2);
}

#[test]
fn a_type_defined_in_another_doc_of_the_run_resolves() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "```ts\nexport interface Uses { at: Position }\n```\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.md"),
        "```ts\nexport interface Position { line: number }\n```\n",
    )
    .unwrap();
    let both = bin().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(
        both.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&both.stdout)
    );
    let alone = bin()
        .arg("check")
        .arg(dir.path().join("a.md"))
        .output()
        .unwrap();
    // Alone, the doc names a type it does not define: taken as defined elsewhere, and said.
    assert_eq!(alone.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&alone.stdout).contains("info[typescript.undefined-names]"),
        "{}",
        String::from_utf8_lossy(&alone.stdout)
    );
}

#[test]
fn completions_and_man_page_come_from_the_command_line_definition() {
    let bash =
        String::from_utf8(bin().args(["completions", "bash"]).output().unwrap().stdout).unwrap();
    assert!(bash.contains("_contracts()") && bash.contains("--against") && bash.contains("--base"));
    let man = String::from_utf8(bin().arg("man").output().unwrap().stdout).unwrap();
    assert!(man.contains(".TH contracts 1") && man.contains("diff"));
}

#[test]
fn a_closed_stdout_ends_quietly_and_a_full_disk_is_exit_2() {
    for args in [
        &["rules"][..],
        &["list", "testdata/docs"],
        &["check", "testdata/rules/graphql.unknown-type/doc.md"],
        &["extract", "testdata/docs", "--out", "unused", "--check"],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_contracts"))
            .current_dir(root())
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_ne!(out.status.code(), Some(101), "{args:?}");
    }
    if std::path::Path::new("/dev/full").exists() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_contracts"))
            .current_dir(root())
            .args(["list", "testdata/docs"])
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&out.stderr)
                .contains("cannot write the output: No space left on device"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_run_that_read_nothing_never_looks_clean() {
    let run = |args: &[&str]| {
        let out = bin().current_dir(root()).args(args).output().unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    let (code, json) = run(&["check", "missing.md", "--format", "json"]);
    assert_eq!(code, Some(2));
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["findings"][0]["rule"], "input.unreadable");
    assert_eq!(report["findings"][0]["file"], "missing.md");
    assert_eq!(report["summary"]["unreadable"], 1);
    let (code, sarif) = run(&["check", "missing.md", "--format", "sarif"]);
    assert_eq!(code, Some(2));
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["level"],
        "error"
    );
    let (_, junit) = run(&["check", "missing.md", "--format", "junit"]);
    assert!(junit.contains("failures=\"1\""), "{junit}");
    let (_, markdown) = run(&["check", "missing.md", "--format", "markdown"]);
    assert!(markdown.contains("input.unreadable"), "{markdown}");

    // A directory with nothing to check, and --against one with no spec, fail too.
    let empty = tempfile::tempdir().unwrap();
    let empty = empty.path().to_str().unwrap();
    let (code, json) = run(&["check", empty, "--format", "json"]);
    assert_eq!(code, Some(2));
    assert!(json.contains("nothing to check in"), "{json}");
    let (code, _) = run(&["check", "testdata/docs", "--against", empty]);
    assert_eq!(code, Some(2));
    // A run that read what it was given passes.
    let (code, _) = run(&["check", "testdata/docs"]);
    assert_eq!(code, Some(0));
}

#[test]
fn a_report_file_is_written_whole_through_a_rename() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.json");
    std::fs::write(
        &target,
        "an older, longer report that must not survive in part",
    )
    .unwrap();
    let out = fixture_run(
        "graphql.unknown-type",
        &["--format", "json", "-o", target.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&target).unwrap()).unwrap();
    assert_eq!(report["summary"]["error"], 1);
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, [std::ffi::OsString::from("report.json")]);
    // A report that cannot be written is exit 2, and leaves nothing behind.
    let missing = dir.path().join("no/such/dir/report.json");
    let out = fixture_run("graphql.unknown-type", &["-o", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn machine_formats_name_files_from_the_repository_root() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(repo.path().join(".git")).unwrap();
    let docs = repo.path().join("docs/api");
    std::fs::create_dir_all(&docs).unwrap();
    let doc = "# A\n\n```graphql\ntype Query {\n  a: Strng\n}\n```\n";
    std::fs::write(docs.join("x.md"), doc).unwrap();
    let run = |format: &str| {
        let out = bin()
            .current_dir(&docs)
            .env_remove("GITHUB_WORKSPACE")
            .env_remove("CI_PROJECT_DIR")
            .args(["check", "x.md", "--format", format])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    let uri = &result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "docs/api/x.md");
    let base = sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
    assert!(run("github").starts_with("::error file=docs/api/x.md,line=5,"));
    let gitlab: serde_json::Value = serde_json::from_str(&run("gitlab")).unwrap();
    assert_eq!(gitlab[0]["location"]["path"], "docs/api/x.md");
}

#[test]
fn sarif_shows_a_diff_findings_old_place_as_a_related_location() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("old.graphql"),
        "type Query {\n  a: String\n  b: Int\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("new.graphql"),
        "type Query {\n  a: String\n}\n",
    )
    .unwrap();
    let out = bin()
        .current_dir(dir.path())
        .args(["diff", "old.graphql", "new.graphql", "--format", "sarif"])
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "graphql.field-removed");
    let at = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        (&at["artifactLocation"]["uri"], &at["region"]["startLine"]),
        (&"new.graphql".into(), &1.into())
    );
    let was = &result["relatedLocations"][0]["physicalLocation"];
    assert_eq!(
        (&was["artifactLocation"]["uri"], &was["region"]["startLine"]),
        (&"old.graphql".into(), &3.into())
    );
}
