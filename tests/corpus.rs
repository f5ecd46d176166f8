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

    let md_files = walk_md(&dir);
    assert_eq!(md_files, 292, "the corpus holds 292 docs");

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

fn walk_md(dir: &std::path::Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            n += walk_md(&p);
        } else if p.extension().is_some_and(|e| e == "md") {
            n += 1;
        }
    }
    n
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
