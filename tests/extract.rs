//! `contracts extract`, run as the built binary: targets, refusals, and `--check`.

mod common;

use std::fs;
use std::path::Path;

use common::{bin, root};

fn files_below(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in walk(dir) {
        out.push(
            entry
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/"),
        );
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn shipped_docs_extract_to_one_file_per_target() {
    let out = tempfile::tempdir().unwrap();
    bin()
        .current_dir(root())
        .args(["extract", "testdata/docs", "--out"])
        .arg(out.path())
        .assert()
        .success();
    assert_eq!(
        files_below(out.path()),
        [
            "acme/inventory/v1/stock.proto",
            "export-service/acme.export.v1.proto",
            "export-service/export-api.openapi.yaml",
            "export-service/schema.graphql",
            "export-service/types.ts",
            "inventory-sync/acme.inventory.v1.proto",
            "inventory-sync/schema.graphql",
            "notification-preferences/types.ts",
            "notifications/preferences.openapi.yaml",
        ]
    );
    let read = |p: &str| fs::read_to_string(out.path().join(p)).unwrap();
    insta::assert_snapshot!(
        "export_api_openapi",
        read("export-service/export-api.openapi.yaml")
    );
    insta::assert_snapshot!("export_proto", read("export-service/acme.export.v1.proto"));
    insta::assert_snapshot!("inventory_graphql", read("inventory-sync/schema.graphql"));
    insta::assert_snapshot!("export_types_ts", read("export-service/types.ts"));
}

#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for (dir, threads) in [(&a, "1"), (&b, "4")] {
        bin()
            .current_dir(root())
            .env("RAYON_NUM_THREADS", threads)
            .args(["extract", "testdata/docs", "--out"])
            .arg(dir.path())
            .assert()
            .success();
    }
    for f in files_below(a.path()) {
        assert_eq!(
            fs::read(a.path().join(&f)).unwrap(),
            fs::read(b.path().join(&f)).unwrap(),
            "{f}"
        );
    }
}

fn doc_dir(doc: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("docs")).unwrap();
    fs::write(dir.path().join("docs/plan.md"), doc).unwrap();
    dir
}

const TARGETS_DOC: &str = "# Plan\n\n### Orders API\n\n```yaml\nopenapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths: {}\n```\n\n### Events\n\n```proto\nsyntax = \"proto3\";\nmessage A { string id = 1; }\n```\n\n```proto\nsyntax = \"proto3\";\npackage acme.orders.v1;\nmessage B { string id = 1; }\n```\n\n```proto file=shared/c.proto\nsyntax = \"proto3\";\nmessage C { string id = 1; }\n```\n\n```yaml file=public/orders.json\nopenapi: 3.0.3\ninfo: {title: Public, version: '1'}\npaths: {}\n```\n\n```graphql\ntype Q { a: Int }\n```\n\n```ts\nexport interface T { a: string }\n```\n";

#[test]
fn each_kind_goes_to_its_target() {
    let dir = doc_dir(TARGETS_DOC);
    bin()
        .current_dir(dir.path())
        .args(["extract", "docs/plan.md", "--out", "out"])
        .assert()
        .success();
    assert_eq!(
        files_below(&dir.path().join("out")),
        [
            "plan/acme.orders.v1.proto",
            "plan/events.proto",
            "plan/orders-api.openapi.yaml",
            "plan/schema.graphql",
            "plan/types.ts",
            "public/orders.json",
            "shared/c.proto",
        ]
    );
    let json = fs::read_to_string(dir.path().join("out/public/orders.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["info"]["title"], "Public");
    assert_eq!(
        v["x-generated-from"],
        "generated from docs/plan.md (lines 29–33); edit the doc, not this file"
    );
    let proto = fs::read_to_string(dir.path().join("out/plan/events.proto")).unwrap();
    assert!(proto.starts_with(
        "// generated from docs/plan.md (lines 13–16); edit the doc, not this file\n"
    ));
}

#[test]
fn a_file_target_outside_out_is_refused_and_nothing_is_written_for_it() {
    let doc = "# Plan\n\n```proto file=../escape.proto\nsyntax = \"proto3\";\nmessage A {}\n```\n\n```proto file=/tmp/contracts-absolute.proto\nsyntax = \"proto3\";\nmessage B {}\n```\n\n```graphql\ntype Q { a: Int }\n```\n";
    let dir = doc_dir(doc);
    let output = bin()
        .current_dir(dir.path())
        .args([
            "extract",
            "docs/plan.md",
            "--out",
            "out",
            "--format",
            "json",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&output).unwrap();
    let found: Vec<(String, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("extract.unsafe-path".to_string(), 3),
            ("extract.unsafe-path".to_string(), 8)
        ]
    );
    assert!(!dir.path().join("escape.proto").exists());
    assert!(!Path::new("/tmp/contracts-absolute.proto").exists());
    assert_eq!(
        files_below(&dir.path().join("out")),
        ["plan/schema.graphql"]
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_inside_out_is_not_written_through() {
    let dir = doc_dir("```graphql\ntype Q { a: Int }\n```\n");
    let elsewhere = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("out")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("out/plan")).unwrap();
    bin()
        .current_dir(dir.path())
        .args(["extract", "docs/plan.md", "--out", "out"])
        .assert()
        .code(2);
    assert!(fs::read_dir(elsewhere.path()).unwrap().next().is_none());
}

#[test]
fn check_passes_in_sync_and_reports_stale_missing_and_orphaned() {
    let dir = doc_dir(TARGETS_DOC);
    let run = |extra: &[&str]| {
        let mut cmd = bin();
        cmd.current_dir(dir.path())
            .args(["extract", "docs", "--out", "out"])
            .args(extra);
        cmd.assert()
    };
    // Nothing written yet: every file is missing, and --check writes nothing.
    let missing = run(&["--check"]).code(1).get_output().stdout.clone();
    let missing = String::from_utf8(missing).unwrap();
    assert!(
        missing.contains("missing: out/plan/types.ts\n"),
        "{missing}"
    );
    assert!(!dir.path().join("out").exists());

    run(&[]).success();
    run(&["--check"]).success();

    // The doc changes: the TypeScript target goes stale and the GraphQL one is orphaned.
    let changed = TARGETS_DOC
        .replace(
            "export interface T { a: string }",
            "export interface T { a: number }",
        )
        .replace("```graphql\ntype Q { a: Int }\n```\n", "");
    fs::write(dir.path().join("docs/plan.md"), changed).unwrap();
    let before = fs::read(dir.path().join("out/plan/types.ts")).unwrap();
    let stdout = run(&["--check"]).code(1).get_output().stdout.clone();
    let stdout = String::from_utf8(stdout).unwrap();
    assert!(stdout.contains("stale: out/plan/types.ts\n"), "{stdout}");
    assert!(
        stdout.contains("-export interface T { a: string }\n+export interface T { a: number }\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("orphaned: out/plan/schema.graphql\n"),
        "{stdout}"
    );
    assert!(stdout.contains("error[extract.stale-file]"), "{stdout}");
    assert!(stdout.contains("error[extract.orphaned-file]"), "{stdout}");
    assert_eq!(
        fs::read(dir.path().join("out/plan/types.ts")).unwrap(),
        before,
        "--check wrote"
    );

    // Extracting again leaves the orphan in place and says so.
    let stdout = run(&[]).code(0).get_output().stdout.clone();
    let stdout = String::from_utf8(stdout).unwrap();
    assert!(
        stdout.contains("note: out/plan/schema.graphql was generated earlier"),
        "{stdout}"
    );
    assert!(dir.path().join("out/plan/schema.graphql").exists());
}

#[test]
fn a_broken_block_keeps_its_target_unwritten_and_the_rest_written() {
    let dir = doc_dir(
        "```graphql\ntype Q { a Int }\n```\n\n```ts\nexport interface T { a: string }\n```\n",
    );
    let stdout = bin()
        .current_dir(dir.path())
        .args(["extract", "docs/plan.md", "--out", "out"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let stdout = String::from_utf8(stdout).unwrap();
    assert!(
        stdout.contains("error[extract.not-written]: `plan/schema.graphql` is not written"),
        "{stdout}"
    );
    assert_eq!(files_below(&dir.path().join("out")), ["plan/types.ts"]);
}

#[test]
fn unreadable_input_exits_2() {
    bin().args(["list", "no/such/dir"]).assert().code(2);
}

#[test]
fn a_message_shown_twice_goes_to_two_files_and_a_file_imports_what_it_uses() {
    let doc = "# Plan\n\n## Before\n\n```proto\nsyntax = \"proto3\";\npackage acme.v1;\nmessage Order { string id = 1; }\n```\n\n## After\n\n```proto\nsyntax = \"proto3\";\npackage acme.v1;\nmessage Order { string id = 1; string code = 2; }\n```\n\n## Listing\n\n```proto\nsyntax = \"proto3\";\npackage acme.v1;\nmessage OrderList { repeated Order orders = 1; }\n```\n\n## Export\n\n```proto\nsyntax = \"proto3\";\npackage acme.export.v1;\nmessage Export { acme.v1.Order order = 1; }\n```\n";
    let dir = doc_dir(doc);
    let out = dir.path().join("out");
    let run = bin()
        .current_dir(dir.path())
        .args(["extract", "docs", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        files_below(&out),
        [
            "plan/acme.export.v1.proto",
            "plan/acme.v1-2.proto",
            "plan/acme.v1.proto"
        ]
    );
    let first = fs::read_to_string(out.join("plan/acme.v1.proto")).unwrap();
    let second = fs::read_to_string(out.join("plan/acme.v1-2.proto")).unwrap();
    // The "before" Order and the list that uses it share a file; the "after" Order has its own.
    assert!(
        first.contains("message Order { string id = 1; }"),
        "{first}"
    );
    assert!(first.contains("message OrderList"), "{first}");
    assert!(second.contains("string code = 2;"), "{second}");
    assert!(!second.contains("import"), "{second}");
    // Another package's file imports the first file that defines what it uses.
    let export = fs::read_to_string(out.join("plan/acme.export.v1.proto")).unwrap();
    assert!(
        export.contains("import \"plan/acme.v1.proto\";"),
        "{export}"
    );
    assert!(!export.contains("acme.v1-2"), "{export}");
}

/// `doc` extracted with success: its directory (kept alive) and the output directory.
fn extracted(doc: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = doc_dir(doc);
    let out = dir.path().join("out");
    bin()
        .current_dir(dir.path())
        .args(["extract", "docs", "--out"])
        .arg(&out)
        .assert()
        .success();
    (dir, out)
}

#[test]
fn a_block_joins_the_alternative_that_defines_what_it_uses() {
    let doc = "# Plan\n\n## Nested messages\n\nDiscouraged:\n\n```proto\nsyntax = \"proto3\";\nmessage Vehicle {\n  message Type { string make = 1; }\n  Type type = 1;\n}\n```\n\nPreferred:\n\n```proto\nsyntax = \"proto3\";\nmessage VehicleType { string make = 1; }\nmessage Vehicle { VehicleType type = 1; }\n```\n\n```proto\nsyntax = \"proto3\";\nmessage VehicleTypeStats { VehicleType vehicle_type = 1; }\n```\n";
    let (_dir, out) = extracted(doc);
    assert_eq!(
        files_below(&out),
        ["plan/nested-messages-2.proto", "plan/nested-messages.proto"]
    );
    let first = fs::read_to_string(out.join("plan/nested-messages.proto")).unwrap();
    let second = fs::read_to_string(out.join("plan/nested-messages-2.proto")).unwrap();
    assert!(!first.contains("VehicleTypeStats"), "{first}");
    assert!(
        second.contains("message VehicleType { string make = 1; }")
            && second.contains("message VehicleTypeStats"),
        "{second}"
    );
}

#[test]
fn a_file_imports_the_one_file_that_has_all_it_uses_not_two_that_clash() {
    let doc = "# Plan\n\n## First draft\n\n```proto\nsyntax = \"proto3\";\npackage acme.v1;\nmessage SearchRequest { string query = 1; }\n```\n\n## Second draft\n\n```proto\nsyntax = \"proto3\";\npackage acme.v1;\nmessage SearchRequest { string query = 1; int32 page = 2; }\nmessage SearchResponse { repeated string results = 1; }\n```\n\n## Service\n\n```proto\nsyntax = \"proto3\";\npackage acme.api.v1;\nservice Search {\n  rpc Find(acme.v1.SearchRequest) returns (acme.v1.SearchResponse);\n}\n```\n";
    let (_dir, out) = extracted(doc);
    let service = fs::read_to_string(out.join("plan/acme.api.v1.proto")).unwrap();
    let imports: Vec<&str> = service
        .lines()
        .filter(|l| l.starts_with("import "))
        .collect();
    assert_eq!(imports, ["import \"plan/acme.v1-2.proto\";"], "{service}");
}

#[test]
fn openapi_excerpts_are_written_as_the_doc_has_them() {
    let doc = "# Plan\n\n## Pets\n\n```yaml\nopenapi: 3.2.0\ninfo: {title: Pets, version: '1'}\npaths: {}\n```\n\n## Listing\n\n```yaml file=api/listing.yaml\npaths:\n  /pets:\n    get:\n      ...\n  /toys:\n    ...\n  /pets/{id}:\n    get:\n      responses:\n        '200': {description: OK}\n```\n";
    let (_dir, out) = extracted(doc);
    let listing = fs::read_to_string(out.join("api/listing.yaml")).unwrap();
    // The version the doc's whole documents state, not a default.
    assert!(listing.contains("openapi: \"3.2.0\""), "{listing}");
    // `get:` over `...` is left out; a path over `...` is kept, with nothing in it.
    assert!(!listing.contains("get: null"), "{listing}");
    assert!(listing.contains("/pets: {}"), "{listing}");
    assert!(listing.contains("/toys: {}"), "{listing}");
}

#[test]
fn root_responses_are_swagger_2() {
    let doc = "# Plan\n\n## API\n\n```yaml\nswagger: '2.0'\ninfo: {title: Pets, version: '1'}\npaths: {}\n```\n\n## Headers\n\n```json file=api/headers.json\n\"responses\": {\n  \"200\": {\"description\": \"OK\", \"headers\": {\"x-meta\": {\"type\": \"string\"}}}\n}\n```\n";
    let (_dir, out) = extracted(doc);
    let headers = fs::read_to_string(out.join("api/headers.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&headers).unwrap();
    assert_eq!(v["swagger"], "2.0", "{headers}");
    assert_eq!(v.get("openapi"), None, "{headers}");
}
