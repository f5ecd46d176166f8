//! Hostile input: each answered quickly with a located finding, never a crash, a hang or a
//! write outside `--out`. Time bounds are for debug builds on a slow machine; the release
//! binary answers each in well under a second.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::bin;

const BOUND: Duration = Duration::from_secs(15);

fn doc(lang: &str, body: &str) -> String {
    format!("# H\n\n```{lang}\n{body}\n```\n")
}

/// Exit code and `(rule, line, severity)` of each finding of `contracts check FILE`, within
/// the time bound.
fn check(dir: &Path, name: &str, bytes: &[u8]) -> (Option<i32>, Vec<(String, u64, String)>) {
    std::fs::write(dir.join(name), bytes).unwrap();
    let start = Instant::now();
    let out = bin()
        .current_dir(dir)
        .args(["check", name, "--format", "json"])
        .timeout(BOUND)
        .output()
        .unwrap();
    assert!(start.elapsed() < BOUND, "{name} took {:?}", start.elapsed());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!("{name}: {}", String::from_utf8_lossy(&out.stderr));
    });
    let findings = report["findings"].as_array().unwrap().iter().map(|f| {
        let rule = f["rule"].as_str().unwrap().to_string();
        assert_eq!(f["file"], name, "{name}");
        (
            rule,
            f["line"].as_u64().unwrap(),
            f["severity"].as_str().unwrap().to_string(),
        )
    });
    (out.status.code(), findings.collect())
}

fn one(rule: &str, line: u64, severity: &str) -> Vec<(String, u64, String)> {
    vec![(rule.to_string(), line, severity.to_string())]
}

#[test]
fn a_billion_laughs_yaml_block_is_refused_where_it_expands() {
    let dir = tempfile::tempdir().unwrap();
    let mut yaml = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for c in "bcdefghi".chars() {
        let refs = vec![format!("*{prev}"); 9].join(",");
        yaml.push_str(&format!("{c}: &{c} [{refs}]\n"));
        prev = c;
    }
    yaml.push_str("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\nx-bomb: *i\n");
    let (code, found) = check(dir.path(), "laughs.md", doc("yaml", &yaml).as_bytes());
    assert_eq!(
        (code, found),
        (Some(1), one("openapi.syntax-error", 10, "error"))
    );
}

#[test]
fn nesting_too_deep_to_parse_is_refused_at_its_place_in_every_kind() {
    let dir = tempfile::tempdir().unwrap();
    let n = |s: &str, k: usize| s.repeat(k);
    let cases = [
        (
            "json.md",
            doc(
                "json",
                &format!(
                    "{{\"openapi\":\"3.0.0\",\"paths\":{{}},\"x\":{}{}}}",
                    n("[", 200_000),
                    n("]", 200_000)
                ),
            ),
            "openapi.syntax-error",
        ),
        (
            "proto.md",
            doc(
                "proto",
                &format!(
                    "syntax = \"proto3\";\n{}{}",
                    n("message M { ", 20_000),
                    n("}", 20_000)
                ),
            ),
            "protobuf.syntax-error",
        ),
        (
            "graphql.md",
            doc(
                "graphql",
                &format!(
                    "type Query {{ a: {}String{} }}",
                    n("[", 50_000),
                    n("]", 50_000)
                ),
            ),
            "graphql.syntax-error",
        ),
        (
            "ts.md",
            doc(
                "typescript",
                &format!(
                    "export type T = {}string{};",
                    n("A<", 30_000),
                    n(">", 30_000)
                ),
            ),
            "typescript.syntax-error",
        ),
    ];
    for (name, text, rule) in cases {
        let (code, found) = check(dir.path(), name, text.as_bytes());
        assert_eq!(code, Some(1), "{name}");
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        assert_eq!(
            (found[0].0.as_str(), found[0].2.as_str()),
            (rule, "error"),
            "{name}"
        );
        assert!((4..=5).contains(&found[0].1), "{name}: {found:?}");
    }
}

#[test]
fn a_doc_that_is_not_utf8_is_named_with_the_byte_and_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = b"# H\n\n```graphql\ntype Query { a: String }\n```\n\xff\xfe bad \x80\n";
    let (code, found) = check(dir.path(), "latin.md", bytes);
    assert_eq!(
        (code, found),
        (Some(2), one("input.unreadable", 1, "error"))
    );
    let out = bin()
        .current_dir(dir.path())
        .args(["check", "latin.md"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("not UTF-8 (byte 45)"));
    let binary: Vec<u8> = (0..=255u8).cycle().take(25_600).collect();
    let (code, found) = check(dir.path(), "binary.md", &binary);
    assert_eq!(
        (code, found),
        (Some(2), one("input.unreadable", 1, "error"))
    );
}

#[test]
fn an_unclosed_fence_and_three_thousand_blocks_are_read_in_time() {
    let dir = tempfile::tempdir().unwrap();
    let (code, found) = check(
        dir.path(),
        "open.md",
        b"# H\n\n```graphql\ntype Query { a: String }\n",
    );
    // Read to the end of the doc, as CommonMark does, and said so: a warning at the fence.
    assert_eq!(
        (code, found),
        (Some(0), one("markdown.unclosed-fence", 3, "warning"))
    );
    let many: String = (0..3000)
        .map(|i| format!("## S{i}\n\n```graphql\ntype T{i} {{ a: String }}\n```\n\n"))
        .collect();
    let (code, found) = check(dir.path(), "many.md", format!("# H\n\n{many}").as_bytes());
    assert_eq!((code, found.len()), (Some(0), 0));
}

#[test]
fn targets_outside_out_are_refused_and_nothing_is_written_there() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("a/b");
    std::fs::create_dir_all(&work).unwrap();
    let text = "# H\n\n```graphql file=../../x.graphql\ntype Query { a: String }\n```\n\n```proto file=/tmp/contracts-abs/x.proto\nsyntax = \"proto3\";\nmessage A {}\n```\n";
    std::fs::write(work.join("paths.md"), text).unwrap();
    let out = bin()
        .current_dir(&work)
        .args(["extract", "paths.md", "--out", "out", "--format", "json"])
        .timeout(BOUND)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(&str, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        found,
        [("extract.unsafe-path", 3), ("extract.unsafe-path", 7)]
    );
    assert!(!dir.path().join("x.graphql").exists());
    assert!(!Path::new("/tmp/contracts-abs/x.proto").exists());
    let written: Vec<_> = walk(dir.path())
        .into_iter()
        .filter(|p| !p.ends_with("paths.md"))
        .collect();
    assert!(written.is_empty(), "{written:?}");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn crlf_a_bom_and_tabs_change_no_finding_and_no_line() {
    let dir = tempfile::tempdir().unwrap();
    let docs = [
        "testdata/docs/export-service.md",
        "testdata/rules/graphql.unknown-type/doc.md",
        "testdata/rules/protobuf.unresolved-name/doc.md",
    ];
    for doc in docs {
        let text = std::fs::read_to_string(common::root().join(doc)).unwrap();
        let lines = |name: &str, bytes: Vec<u8>| -> Vec<(String, u64)> {
            let (_, found) = check(dir.path(), name, &bytes);
            found
                .into_iter()
                .map(|(rule, line, _)| (rule, line))
                .collect()
        };
        let plain = lines("lf.md", text.clone().into_bytes());
        assert!(!plain.is_empty(), "{doc}");
        let mut crlf = vec![0xef, 0xbb, 0xbf];
        crlf.extend(text.replace('\n', "\r\n").into_bytes());
        assert_eq!(lines("crlf.md", crlf), plain, "{doc}: CRLF and a BOM");
        // Tabs for indentation where the language allows them (YAML forbids them).
        if !text.contains("```yaml") {
            assert_eq!(
                lines("tabs.md", text.replace("  ", "\t").into_bytes()),
                plain,
                "{doc}: tabs"
            );
        }
    }
}

/// `blocks` copies of a block of `lang`, each under its own heading (`{i}` numbered).
fn sections(blocks: usize, lang: &str, body: &str) -> String {
    let many: String = (0..blocks)
        .map(|i| {
            let body = body.replace("{i}", &i.to_string());
            format!("## S{i}\n\n```{lang}\n{body}\n```\n\n")
        })
        .collect();
    format!("# H\n\n{many}")
}

#[test]
fn three_thousand_blocks_of_each_kind_are_read_in_seconds() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, body) in [
        (
            "proto",
            "syntax = \"proto3\";\nmessage M{i} { string a = 1; }",
        ),
        ("graphql", "type T{i} { a: String }"),
        (
            "yaml",
            "paths:\n  /p{i}:\n    get:\n      responses:\n        '200': {description: ok}",
        ),
        ("ts", "export interface T{i} { a: string }"),
    ] {
        let start = Instant::now();
        let (code, found) = check(dir.path(), "many.md", sections(3000, lang, body).as_bytes());
        // Each block compiled against all the others of its package made this a minute.
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "{lang}: {:?}",
            start.elapsed()
        );
        assert_eq!((code, found.len()), (Some(0), 0), "{lang}: {found:?}");
    }
}

#[test]
fn blocks_past_the_limit_are_left_unread_and_said_at_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let text = sections(5003, "graphql", "type T{i} { a: String }");
    let (code, found) = check(dir.path(), "huge.md", text.as_bytes());
    // Block 5 000 (from 0) is the first left unread; each section takes six lines.
    assert_eq!(
        (code, found),
        (
            Some(1),
            one("markdown.too-many-blocks", 6 * 5000 + 5, "error")
        )
    );
}

#[test]
fn a_file_over_max_file_size_is_unread_and_the_run_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("contracts.toml"),
        "max-file-size = \"1 kB\"\n",
    )
    .unwrap();
    let body = "type Query { a: String }\n".repeat(60);
    let (code, found) = check(dir.path(), "big.md", doc("graphql", &body).as_bytes());
    assert_eq!(
        (code, found),
        (Some(2), one("input.unreadable", 1, "error"))
    );
    std::fs::write(
        dir.path().join("contracts.toml"),
        "max-file-size = \"ten\"\n",
    )
    .unwrap();
    let out = bin()
        .current_dir(dir.path())
        .args(["check", "big.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "contracts: contracts.toml:1:17: `max-file-size` is a number of bytes or a size such as \"16 MiB\"\n"
    );
}
