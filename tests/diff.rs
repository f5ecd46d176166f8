//! `contracts diff` behaviours that no single rule fixture shows.

mod common;

use std::fs;

use common::bin;

fn pair(old: &str, new: &str, ext: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(format!("old.{ext}")), old).unwrap();
    fs::write(dir.path().join(format!("new.{ext}")), new).unwrap();
    dir
}

fn run(dir: &tempfile::TempDir, ext: &str, extra: &[&str]) -> (Option<i32>, String) {
    let out = bin()
        .current_dir(dir.path())
        .args(["diff", &format!("old.{ext}"), &format!("new.{ext}")])
        .args(extra)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

const REF: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A'}\ncomponents:\n  schemas:\n    A:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n        next: {$ref: '#/components/schemas/A'}\n";

#[test]
fn a_ref_and_the_same_schema_inline_are_no_change_and_cycles_stop() {
    let inline = REF.replace(
        "schema: {$ref: '#/components/schemas/A'}",
        "schema:\n                type: object\n                required: [id]\n                properties:\n                  id: {type: string}\n                  next: {$ref: '#/components/schemas/A'}",
    );
    let dir = pair(REF, &inline, "yaml");
    let (code, out) = run(&dir, "yaml", &["--format", "json"]);
    assert_eq!(code, Some(0), "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["findings"], serde_json::json!([]));

    // A change deep in the cycle is found once, and the walk ends.
    let changed = REF.replace("id: {type: string}", "id: {type: integer}");
    let dir = pair(REF, &changed, "yaml");
    let (code, out) = run(&dir, "yaml", &["--format", "json"]);
    assert_eq!(code, Some(1));
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["openapi.response-property-type-changed"]);
}

#[test]
fn proto_level_chooses_where_errors_start() {
    let old =
        "syntax = \"proto3\";\npackage a;\nmessage M {\n  string id = 1;\n  string gone = 2;\n}\n";
    let new = "syntax = \"proto3\";\npackage a;\nmessage M {\n  reserved 2;\n  reserved \"gone\";\n  string id = 1;\n}\n";
    let dir = pair(old, new, "proto");
    let (code, out) = run(&dir, "proto", &[]);
    assert_eq!(code, Some(0));
    assert!(out.contains("warning[protobuf.field-deleted]"), "{out}");
    // buf: deleting a field breaks generated code (FILE, PACKAGE) even with both reserved.
    assert!(out.contains("[PACKAGE]"), "{out}");
    let (code, out) = run(&dir, "proto", &["--proto-level", "package"]);
    assert_eq!(code, Some(1));
    assert!(out.contains("error[protobuf.field-deleted]"), "{out}");
}

#[test]
fn unified_diffs_carry_doc_lines_and_fold_into_markdown() {
    let doc = |value: &str| {
        format!(
            "# Plan\n\nSome prose.\n\n## Events\n\n```proto\nsyntax = \"proto3\";\nenum State {{\n  STATE_UNSPECIFIED = 0;\n  {value} = 1;\n}}\n```\n"
        )
    };
    let dir = pair(&doc("OPEN"), &doc("STATE_OPEN"), "md");
    let (code, out) = run(&dir, "md", &["--unified"]);
    assert_eq!(code, Some(1));
    assert!(out.contains("error[protobuf.enum-value-renamed]"), "{out}");
    assert!(
        out.contains("diff of protobuf `events`\n--- old.md\n+++ new.md\n@@ -8,5 +8,5 @@\n"),
        "{out}"
    );
    assert!(out.contains("-  OPEN = 1;\n+  STATE_OPEN = 1;\n"), "{out}");
    let (_, md) = run(&dir, "md", &["--unified", "--format", "markdown"]);
    assert!(md.starts_with("### contracts: 1 error"), "{md}");
    assert!(
        md.contains("<details><summary>diff of protobuf `events`</summary>\n\n```diff\n--- old.md"),
        "{md}"
    );
}

#[test]
fn docs_in_directories_pair_by_path() {
    let dir = tempfile::tempdir().unwrap();
    for (side, value) in [("old", "OPEN"), ("new", "STATE_OPEN")] {
        fs::create_dir_all(dir.path().join(side).join("docs")).unwrap();
        fs::write(
            dir.path().join(side).join("docs/a.md"),
            format!("```proto\nsyntax = \"proto3\";\nenum State {{\n  STATE_UNSPECIFIED = 0;\n  {value} = 1;\n}}\n```\n"),
        )
        .unwrap();
        // Same message name in another doc: pairing by path keeps them apart.
        fs::write(dir.path().join(side).join("docs/b.md"), "```proto\nsyntax = \"proto3\";\nenum State {\n  STATE_UNSPECIFIED = 0;\n  OPEN = 1;\n}\n```\n").unwrap();
    }
    let out = bin()
        .current_dir(dir.path())
        .args(["diff", "old", "new", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["file"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [("protobuf.enum-value-renamed", "new/docs/a.md")]);
}

#[test]
fn properties_moved_into_union_variants_are_not_removed() {
    let old = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /events:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [id, url]\n                properties:\n                  id: {type: string}\n                  url: {type: string}\n";
    let new = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /events:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                anyOf:\n                  - type: object\n                    required: [id, url]\n                    properties:\n                      id: {type: string}\n                      url: {type: string}\n                  - type: object\n                    required: [id]\n                    properties:\n                      id: {type: string}\n";
    let dir = pair(old, new, "yaml");
    let (_, out) = run(&dir, "yaml", &["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let found: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["subject"].as_str().unwrap()))
        .collect();
    // `url` is still there in one variant: optional now, not removed.
    assert_eq!(
        found,
        [(
            "openapi.response-property-became-optional",
            "GET /events 200 application/json /url"
        )]
    );
}

#[test]
fn unified_text_puts_each_contracts_diff_under_its_findings() {
    let doc = |value: &str, field: &str| {
        format!(
            "# Plan\n\n## Events\n\n```proto\nsyntax = \"proto3\";\nenum State {{\n  STATE_UNSPECIFIED = 0;\n  {value} = 1;\n}}\n```\n\n## Gateway\n\n```graphql\ntype Query {{\n  order: Order\n}}\n\ntype Order {{\n  id: ID!\n{field}}}\n```\n"
        )
    };
    let dir = pair(&doc("OPEN", "  total: Int\n"), &doc("STATE_OPEN", ""), "md");
    let (_, out) = run(&dir, "md", &["--unified"]);
    let at = |needle: &str| {
        out.find(needle)
            .unwrap_or_else(|| panic!("{needle} not in {out}"))
    };
    let order = [
        at("error[protobuf.enum-value-renamed]"),
        at("diff of protobuf `events`"),
        at("error[graphql.field-removed]"),
        at("diff of graphql `schema`"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{out}");
}

#[test]
fn removing_what_was_deprecated_is_a_warning_unless_the_config_says_otherwise() {
    let old = "type Query {\n  a: String @deprecated(reason: \"use b\")\n  b: String\n}\n";
    let new = "type Query {\n  b: String\n}\n";
    let dir = pair(old, new, "graphql");
    let (code, out) = run(&dir, "graphql", &[]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("warning[graphql.field-removed]: field `Query.a` was removed (deprecated)"),
        "{out}"
    );
    fs::write(
        dir.path().join("contracts.toml"),
        "soften-deprecated = false\n",
    )
    .unwrap();
    let (code, out) = run(&dir, "graphql", &["--config", "contracts.toml"]);
    assert_eq!(code, Some(1));
    assert!(
        out.contains("error[graphql.field-removed]: field `Query.a` was removed"),
        "{out}"
    );
}

#[test]
fn every_doc_and_fixture_diffed_with_itself_changes_nothing() {
    let root = common::root();
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for dir in [
        "testdata/docs",
        "testdata/rules",
        "testdata/diff",
        "testdata/precision",
    ] {
        let mut stack = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| {
                    ["md", "yaml", "json", "proto", "graphql", "ts"]
                        .contains(&x.to_str().unwrap_or(""))
                }) {
                    files.push(p);
                }
            }
        }
    }
    assert!(files.len() > 200, "{}", files.len());
    for f in files {
        let out = bin()
            .arg("diff")
            .arg(&f)
            .arg(&f)
            .args(["--format", "json"])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let found = report["findings"].as_array().unwrap();
        assert!(found.is_empty(), "{}: {found:#?}", f.display());
    }
}

/// `findings_of` two files of `testdata/`.
fn diff_testdata(old: &str, new: &str) -> Vec<String> {
    diff_testdata_with(old, new, &[])
}

fn diff_testdata_with(old: &str, new: &str, extra: &[&str]) -> Vec<String> {
    let out = bin()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["diff", old, new, "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    findings_of(&String::from_utf8(out.stdout).unwrap())
}

/// Each finding of a JSON report as `severity rule line:column (old line)`.
fn findings_of(report: &str) -> Vec<String> {
    let report: serde_json::Value = serde_json::from_str(report).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{} (old {})",
                f["severity"].as_str().unwrap(),
                f["rule"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["old"]["line"]
            )
        })
        .collect()
}

#[test]
fn typescript_compares_structure_not_text() {
    // Quotes, separators, comments, line breaks, union order and `Array<T>` against `T[]`
    // change nothing; a change inside an inline type is reported at that member, once, and
    // not again at the alias derived from its type or through the base it extends.
    assert_eq!(
        diff_testdata(
            "testdata/diff/typescript/old.ts",
            "testdata/diff/typescript/new.ts"
        ),
        [
            "error typescript.property-type-changed 12:5 (old 9)",
            "info typescript.function-signature-changed 21:3 (old 17)",
            "error typescript.overload-changed 26:17 (old 22)",
        ]
    );
}

#[test]
fn typescript_levels_follow_the_direction_of_the_same_named_schema() {
    let doc = |order: &str| {
        format!(
            "# Orders\n\n```yaml\nopenapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /orders:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/NewOrder'}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Order'}}\ncomponents:\n  schemas:\n    NewOrder: {{type: object}}\n    Order: {{type: object}}\n```\n\n```typescript\n{order}\n```\n"
        )
    };
    let old = "export interface NewOrder {\n  kind: 'a';\n  note?: string;\n}\nexport interface Order {\n  kind: 'a' | 'b';\n  note: string;\n}";
    let new = "export interface NewOrder {\n  kind: string;\n  note: string;\n}\nexport interface Order {\n  kind: 'a' | 'b' | 'c';\n  note?: string;\n}";
    let dir = pair(&doc(old), &doc(new), "md");
    let (_, out) = run(&dir, "md", &["--format", "json"]);
    assert_eq!(
        findings_of(&out),
        [
            // A request body may widen; a member become required breaks its senders.
            "info typescript.property-type-changed 27:3 (old 27)",
            "error typescript.property-became-required 28:3 (old 28)",
            // A new alternative of a union a response returns is dangerous; a member it may
            // omit breaks its readers.
            "warning typescript.member-added 31:3 (old 31)",
            "error typescript.property-became-optional 32:3 (old 32)",
        ]
    );
}

#[test]
fn a_block_added_before_a_broken_one_does_not_pair_it_with_another() {
    let block = |ts: &str| format!("```ts\n{ts}\n```\n\n");
    let class = "class Call {\n  start(): void;\n}";
    let broken = "interface Responder {\n  start?: (next: () => void): void;\n}";
    let old = format!("# Api\n\n{}{}", block(class), block(broken));
    let new = format!(
        "# Api\n\n{}{}{}",
        block("export interface Info {\n  port: number;\n}"),
        block(&class.replace("start(): void;", "start(): void;\n  peer(): string;")),
        block(broken)
    );
    let dir = pair(&old, &new, "md");
    let (_, out) = run(&dir, "md", &["--format", "json"]);
    // The broken block is the same on both sides: nothing is said of it. The class after
    // the new block is compared with the class, not with the new block.
    assert_eq!(
        findings_of(&out),
        [
            "info typescript.declaration-added 4:18 (old null)",
            "info typescript.property-added 12:3 (old 4)",
        ]
    );
}

#[test]
fn protobuf_presence_alone_breaks_generated_code_only() {
    let old =
        "syntax = \"proto3\";\npackage a;\nmessage M {\n  string id = 1;\n  int32 size = 2;\n}\n";
    let new = "syntax = \"proto3\";\npackage a;\nmessage M {\n  string id = 1;\n  optional int32 size = 2;\n}\n";
    let dir = pair(old, new, "proto");
    // Same bytes, same JSON: a warning where WIRE_JSON is enforced, an error from PACKAGE.
    let (code, out) = run(&dir, "proto", &["--format", "json"]);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(
        findings_of(&out),
        ["warning protobuf.field-cardinality-changed 5:3 (old 5)"]
    );
    let (code, out) = run(
        &dir,
        "proto",
        &["--proto-level", "package", "--format", "json"],
    );
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(
        findings_of(&out),
        ["error protobuf.field-cardinality-changed 5:3 (old 5)"]
    );
}

#[test]
fn protobuf_map_fields_compare_by_key_and_value_not_by_entry_name() {
    let map = |field: &str, key: &str, value: &str| {
        format!(
            "syntax = \"proto3\";\npackage a;\nmessage M {{\n  map<{key}, {value}> {field} = 1;\n}}\n"
        )
    };
    let dir = pair(
        &map("counts", "string", "int32"),
        &map("counts", "string", "string"),
        "proto",
    );
    let (_, out) = run(&dir, "proto", &["--format", "json"]);
    assert_eq!(
        findings_of(&out),
        ["error protobuf.field-type-changed 4:3 (old 4)"]
    );
    assert!(
        out.contains("from `map<string, int32>` to `map<string, string>`"),
        "{out}"
    );
    // Renamed, the entry type's name changes with it: the rename is the one change.
    let dir = pair(
        &map("counts", "string", "int32"),
        &map("totals", "string", "int32"),
        "proto",
    );
    let (_, out) = run(&dir, "proto", &["--format", "json"]);
    assert_eq!(
        findings_of(&out),
        ["error protobuf.field-renamed 4:3 (old 4)"]
    );
}

#[test]
fn graphql_directives_on_the_schema_and_directive_argument_descriptions_are_compared() {
    let sdl = |schema_directive: &str, description: &str| {
        format!(
            "directive @link(url: String) on SCHEMA\ndirective @cost(\n  \"{description}\"\n  weight: Int\n) on FIELD_DEFINITION\n\nschema {schema_directive} {{\n  query: Query\n}}\n\ntype Query {{\n  ok: Boolean\n}}\n"
        )
    };
    let dir = pair(
        &sdl("", "how much"),
        &sdl("@link(url: \"https://example.com/v1\")", "what it costs"),
        "graphql",
    );
    let (_, out) = run(&dir, "graphql", &["--format", "json"]);
    assert_eq!(
        findings_of(&out),
        [
            "info graphql.description-changed 3:3 (old 3)",
            "warning graphql.directive-usage-added 7:8 (old 7)",
        ]
    );
}

#[test]
fn protobuf_enum_reservations_dropped_are_found_like_a_message_s() {
    let state = |reserved: &str| {
        format!(
            "syntax = \"proto3\";\npackage a;\nenum State {{\n  STATE_UNSPECIFIED = 0;\n{reserved}}}\n"
        )
    };
    let dir = pair(
        &state("  reserved 2 to 4;\n  reserved \"CLOSED\";\n"),
        &state("  reserved 2 to 3;\n"),
        "proto",
    );
    let (_, out) = run(&dir, "proto", &["--format", "json"]);
    assert_eq!(
        findings_of(&out),
        [
            "error protobuf.reserved-removed 3:1 (old 3)",
            "error protobuf.reserved-removed 3:1 (old 3)",
        ]
    );
    assert!(
        out.contains("enum `a.State` no longer reserves numbers 2..4"),
        "{out}"
    );
    assert!(
        out.contains("enum `a.State` no longer reserves the name `CLOSED`"),
        "{out}"
    );
}

#[test]
fn protobuf_json_names_compare_as_json_sees_them() {
    let m = |fields: &str| format!("syntax = \"proto3\";\npackage a;\nmessage M {{\n{fields}}}\n");
    let dir = pair(
        &m("  string user_id = 1 [json_name = \"uid\"];\n  string b = 2;\n  string c = 3;\n"),
        &m(
            "  string user_id = 1;\n  string b = 2 [json_name = \"bee\"];\n  string d = 3 [json_name = \"c\"];\n",
        ),
        "proto",
    );
    let (_, out) = run(&dir, "proto", &["--format", "json"]);
    // An explicit name become the default, a default become explicit: JSON changes. A
    // rename that keeps the JSON name breaks generated code only (a warning by default).
    assert_eq!(
        findings_of(&out),
        [
            "error protobuf.field-json-name-changed 4:3 (old 4)",
            "error protobuf.field-json-name-changed 5:3 (old 5)",
            "warning protobuf.field-renamed 6:3 (old 6)",
        ]
    );
    assert!(out.contains("from `uid` to `userId`"), "{out}");
    assert!(out.contains("its JSON name `c` is kept"), "{out}");
}

/// Two revisions of a tree of protos, each a map of path to text.
fn trees(old: &[(&str, &str)], new: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (side, files) in [("old", old), ("new", new)] {
        for (name, text) in files {
            let p = dir.path().join(side).join(name);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        }
    }
    dir
}

fn diff_trees(dir: &tempfile::TempDir, level: &str) -> Vec<String> {
    let out = bin()
        .current_dir(dir.path())
        .args([
            "diff",
            "old",
            "new",
            "--format",
            "json",
            "--proto-level",
            level,
        ])
        .output()
        .unwrap();
    let report = String::from_utf8(out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(&report).unwrap();
    findings_of(&report)
        .into_iter()
        .zip(v["findings"].as_array().unwrap())
        .map(|(f, j)| format!("{} {}", j["file"].as_str().unwrap(), f))
        .collect()
}

#[test]
fn protobuf_moves_deleted_files_and_packages_say_each_thing_once() {
    let a = "syntax = \"proto3\";\npackage acme.v1;\n\nmessage Order {\n  string id = 1;\n}\n";
    let b = "syntax = \"proto3\";\npackage acme.v1;\n\nmessage Refund {\n  string id = 1;\n}\n";
    let both = "syntax = \"proto3\";\npackage acme.v1;\n\nmessage Order {\n  string id = 1;\n}\n\nmessage Refund {\n  string id = 1;\n}\n";
    let legacy =
        "syntax = \"proto3\";\npackage acme.legacy;\n\nmessage Old {\n  string id = 1;\n}\n";

    // Moved to another file of its package: only that file's generated code changes.
    let dir = trees(
        &[("a.proto", a), ("b.proto", b)],
        &[
            ("a.proto", both),
            ("b.proto", "syntax = \"proto3\";\npackage acme.v1;\n"),
        ],
    );
    assert_eq!(
        diff_trees(&dir, "file"),
        ["new/a.proto error protobuf.message-deleted 8:1 (old 4)"]
    );
    assert_eq!(
        diff_trees(&dir, "package"),
        ["new/a.proto warning protobuf.message-deleted 8:1 (old 4)"]
    );

    // A file deleted while its package stays: the file is the FILE break, each of its
    // messages a PACKAGE one. A package deleted with its file: said once.
    let dir = trees(
        &[("a.proto", a), ("b.proto", b), ("legacy.proto", legacy)],
        &[("a.proto", a)],
    );
    assert_eq!(
        diff_trees(&dir, "file"),
        [
            "new/a.proto error protobuf.file-deleted 2:1 (old 2)",
            "new/a.proto error protobuf.file-deleted 2:1 (old 2)",
            "new/a.proto warning protobuf.message-deleted 2:1 (old 4)",
            "new/a.proto warning protobuf.package-deleted 2:1 (old 2)",
        ]
    );
    assert_eq!(
        diff_trees(&dir, "package"),
        [
            "new/a.proto warning protobuf.file-deleted 2:1 (old 2)",
            "new/a.proto warning protobuf.file-deleted 2:1 (old 2)",
            "new/a.proto error protobuf.message-deleted 2:1 (old 4)",
            "new/a.proto error protobuf.package-deleted 2:1 (old 2)",
        ]
    );
}

#[test]
fn protobuf_a_nested_message_deleted_is_shown_at_its_parent_and_string_piece_may_go_back() {
    let m = |inner: &str, ctype: &str| {
        format!(
            "syntax = \"proto3\";\npackage a;\n\nmessage Outer {{\n{inner}  string s = 1{ctype};\n}}\n"
        )
    };
    let dir = pair(
        &m(
            "  message Inner {\n    string x = 1;\n  }\n",
            " [ctype = STRING_PIECE]",
        ),
        &m("", " [ctype = STRING]"),
        "proto",
    );
    let (_, out) = run(
        &dir,
        "proto",
        &["--format", "json", "--proto-level", "file"],
    );
    assert_eq!(
        findings_of(&out),
        ["error protobuf.message-deleted 4:1 (old 5)"]
    );
}

#[test]
fn openapi_3_1_keywords_are_constraints_compared_in_the_direction_of_the_exchange() {
    // Requests: a keyword added or tightened refuses what was sent. Responses: one dropped or
    // loosened sends what clients never had to handle. Each at its property's line.
    assert_eq!(
        diff_testdata(
            "testdata/diff/openapi-3.1/old.yaml",
            "testdata/diff/openapi-3.1/new.yaml"
        ),
        [
            "error openapi.request-property-type-changed 21:9 (old 21)",
            "error openapi.request-property-constraint-narrowed 22:9 (old 22)",
            "error openapi.request-property-constraint-narrowed 23:9 (old 23)",
            "error openapi.request-property-constraint-narrowed 24:9 (old 24)",
            "error openapi.request-property-constraint-narrowed 25:9 (old 25)",
            "error openapi.request-property-constraint-narrowed 26:9 (old 26)",
            "error openapi.request-property-constraint-narrowed 27:9 (old 27)",
            "error openapi.request-property-constraint-narrowed 27:9 (old 27)",
            "error openapi.request-property-constraint-narrowed 32:9 (old 28)",
            "error openapi.request-property-constraint-narrowed 33:9 (old 29)",
            "error openapi.request-property-constraint-narrowed 34:9 (old 30)",
            "error openapi.request-property-constraint-narrowed 38:9 (old 31)",
            "error openapi.request-property-constraint-narrowed 44:13 (old 37)",
            "error openapi.response-property-became-nullable 48:9 (old 41)",
            "error openapi.response-property-type-changed 48:9 (old 41)",
            "error openapi.response-property-constraint-widened 49:9 (old 42)",
            "error openapi.response-property-constraint-widened 50:9 (old 43)",
            "error openapi.response-property-constraint-widened 50:9 (old 43)",
            "error openapi.response-property-constraint-widened 51:9 (old 44)",
            "error openapi.response-property-constraint-widened 52:9 (old 45)",
            "error openapi.response-property-constraint-widened 53:9 (old 46)",
            "error openapi.response-property-constraint-widened 54:9 (old 47)",
            "error openapi.response-property-constraint-widened 58:9 (old 52)",
            "error openapi.response-property-constraint-widened 59:9 (old 53)",
            "error openapi.response-property-constraint-widened 60:9 (old 54)",
            "error openapi.response-property-constraint-widened 61:9 (old 55)",
            "error openapi.response-property-constraint-widened 62:9 (old 56)",
        ]
    );
}

#[test]
fn openapi_3_1_keywords_in_parameters_and_headers_are_compared_too() {
    // A parameter's schema may sit under `content`; a header is named as the revision writes it.
    assert_eq!(
        diff_testdata(
            "testdata/diff/openapi-3.1-parameters-headers/old.yaml",
            "testdata/diff/openapi-3.1-parameters-headers/new.yaml"
        ),
        [
            "error openapi.request-parameter-type-changed 7:11 (old 7)",
            "error openapi.request-parameter-constraint-narrowed 8:11 (old 8)",
            "error openapi.request-parameter-constraint-narrowed 9:11 (old 9)",
            "error openapi.request-parameter-constraint-narrowed 10:11 (old 10)",
            "error openapi.response-property-constraint-widened 15:30 (old 15)",
            "error openapi.response-property-became-nullable 16:30 (old 16)",
            "error openapi.response-property-constraint-widened 17:30 (old 17)",
        ]
    );
    let out = bin()
        .args([
            "diff",
            "testdata/diff/openapi-3.1-parameters-headers/old.yaml",
            "testdata/diff/openapi-3.1-parameters-headers/new.yaml",
        ])
        .current_dir(common::root())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("`propertyNames` of query parameter `filter`"),
        "{text}"
    );
    assert!(
        text.contains("header `X-Rate` of the 200 response"),
        "{text}"
    );
}

#[test]
fn openapi_a_pattern_that_matches_every_string_weighs_as_none() {
    // `.*` searched in any string matches: relaxing a request to it widens, and a response
    // leaving it for a real pattern narrows; neither is an error.
    let doc = |req: &str, res: &str| {
        format!(
            "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {{type: string, pattern: '{req}'}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: string, pattern: '{res}'}}\n"
        )
    };
    let (old, new) = (doc("^[a-z]+$", ".*"), doc(".*", "^[a-z]+$"));
    let dir = pair(&old, &new, "yaml");
    let (_, out) = run(&dir, "yaml", &["--format", "json"]);
    assert_eq!(
        findings_of(&out),
        [
            "info openapi.request-constraint-widened 9:21 (old 9)",
            "info openapi.response-constraint-narrowed 15:23 (old 15)",
        ]
    );
}

#[test]
fn openapi_properties_that_do_not_travel_that_way_are_not_held_to_it() {
    // A readOnly property's bound narrowed in a request, a writeOnly one dropped from a
    // response: clients neither send the one nor receive the other.
    assert_eq!(
        diff_testdata(
            "testdata/diff/openapi-read-write-only/old.yaml",
            "testdata/diff/openapi-read-write-only/new.yaml"
        ),
        Vec::<String>::new()
    );
    // The same changes where the properties do travel are reported.
    let old =
        fs::read_to_string(common::root().join("testdata/diff/openapi-read-write-only/old.yaml"))
            .unwrap();
    let plain = |t: &str| {
        t.replace(", readOnly: true", "")
            .replace(", writeOnly: true", "")
    };
    let new =
        fs::read_to_string(common::root().join("testdata/diff/openapi-read-write-only/new.yaml"))
            .unwrap();
    let dir = pair(&plain(&old), &plain(&new), "yaml");
    let (_, out) = run(&dir, "yaml", &["--format", "json"]);
    assert_eq!(
        findings_of(&out),
        [
            "error openapi.request-property-constraint-narrowed 12:17 (old 12)",
            "error openapi.response-property-removed 20:17 (old 22)",
        ]
    );
}

#[test]
fn openapi_3_0_exclusive_flags_tighten_and_loosen_their_bound() {
    let old = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: n, in: query, schema: {type: integer, minimum: 0}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: integer, maximum: 10, exclusiveMaximum: true}\n";
    let new = old
        .replace("minimum: 0}", "minimum: 0, exclusiveMinimum: true}")
        .replace(", exclusiveMaximum: true", "");
    let dir = pair(old, &new, "yaml");
    let (_, out) = run(&dir, "yaml", &["--format", "json"]);
    assert_eq!(
        findings_of(&out),
        [
            "error openapi.request-parameter-constraint-narrowed 7:11 (old 7)",
            "error openapi.response-property-constraint-widened 13:23 (old 13)",
        ]
    );
}

#[test]
fn an_invalid_revision_is_compared_from_its_tree_and_said_once_without_failing() {
    let old = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {id: {type: string}}}\n";
    let new = old.replace("          description: ok\n", "").replace(
        "{id: {type: string}}",
        "{id: {type: string}, note: {type: string}}",
    );
    let dir = pair(old, &new, "yaml");
    let (code, out) = run(&dir, "yaml", &["--format", "json"]);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(
        findings_of(&out),
        [
            "warning openapi.revision-invalid 7:9 (old null)",
            "info openapi.response-property-added 10:71 (old 11)",
        ]
    );
}

#[test]
fn openapi_removing_what_was_deprecated_is_a_warning_unless_a_sunset_or_stability_says_otherwise() {
    let (old, new) = (
        "testdata/diff/openapi-deprecation/old.yaml",
        "testdata/diff/openapi-deprecation/new.yaml",
    );
    // `GET /old` was deprecated; `GET /soon` too, with a sunset still ahead; `q` and
    // `legacy` were deprecated; `core` too, but marked stable.
    assert_eq!(
        diff_testdata(old, new),
        [
            "warning openapi.operation-removed 3:1 (old 5)",
            "error openapi.operation-removed 3:1 (old 10)",
            "info openapi.request-parameter-removed 5:5 (old 18)",
            "error openapi.response-property-removed 12:17 (old 29)",
            "warning openapi.response-property-removed 12:17 (old 28)",
        ]
    );
    let strict = ["--config", "testdata/diff/openapi-deprecation/strict.toml"];
    assert_eq!(
        diff_testdata_with(old, new, &strict),
        [
            "error openapi.operation-removed 3:1 (old 5)",
            "error openapi.operation-removed 3:1 (old 10)",
            "warning openapi.request-parameter-removed 5:5 (old 18)",
            "error openapi.response-property-removed 12:17 (old 29)",
            "error openapi.response-property-removed 12:17 (old 28)",
        ]
    );
}

#[test]
fn openapi_extensible_enums_parameter_defaults_and_response_headers_are_compared() {
    // A default given where there was none; `x-extensible-enum` values removed from a request
    // (an error) and added to a response (safe: clients expect new ones); a required header
    // dropped (an error), an optional one (a warning); a header's schema, as a response's.
    assert_eq!(
        diff_testdata(
            "testdata/diff/openapi-parity/old.yaml",
            "testdata/diff/openapi-parity/new.yaml"
        ),
        [
            "warning openapi.request-parameter-default-changed 7:11 (old 7)",
            "error openapi.request-parameter-enum-value-removed 8:11 (old 8)",
            "error openapi.response-header-removed 10:9 (old 13)",
            "warning openapi.response-header-removed 10:9 (old 15)",
            "error openapi.response-property-constraint-widened 13:30 (old 14)",
            "info openapi.response-property-enum-value-added 19:19 (old 21)",
        ]
    );
}

#[test]
fn openapi_a_parameter_s_sunset_brought_forward_and_its_stability_lowered_are_errors() {
    let old = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query, deprecated: true, x-sunset: '2031-01-01', x-stability-level: stable, schema: {type: string}}\n      responses:\n        '200': {description: ok}\n";
    let new = old
        .replace("x-sunset: '2031-01-01', ", "")
        .replace("stable", "alpha");
    let dir = pair(old, &new, "yaml");
    let (_, out) = run(&dir, "yaml", &["--format", "json"]);
    assert_eq!(
        findings_of(&out),
        [
            "error openapi.stability-decreased 7:11 (old 7)",
            "error openapi.sunset-changed 7:11 (old 7)",
        ]
    );
    assert!(
        out.contains("query parameter `q` of GET /a went from stability `stable` to `alpha`"),
        "{out}"
    );
}

#[test]
fn openapi_a_value_become_a_union_of_itself_and_more_is_a_member_added_not_a_lost_bound() {
    // Stripe's expandable fields: an id string that may now be the object it names.
    let old = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  item: {type: string, maxLength: 5000}\ncomponents:\n  schemas:\n    Item: {type: object, properties: {id: {type: string}}}\n";
    let new = old.replace(
        "item: {type: string, maxLength: 5000}",
        "item: {anyOf: [{type: string, maxLength: 4000}, {$ref: '#/components/schemas/Item'}]}",
    );
    let dir = pair(old, &new, "yaml");
    let (_, out) = run(&dir, "yaml", &["--format", "json"]);
    // The string variant is the old string, compared with it: its bound moved down, safe
    // for a response.
    assert_eq!(
        findings_of(&out),
        [
            "info openapi.response-constraint-narrowed 14:19 (old 14)",
            "warning openapi.response-union-member-added 14:19 (old 14)",
        ]
    );
}

#[test]
fn openapi_a_property_s_stability_lowered_is_an_error_at_the_property() {
    let old = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  id: {type: string, x-stability-level: stable}\n";
    let new = old.replace("x-stability-level: stable", "x-stability-level: beta");
    let dir = pair(old, &new, "yaml");
    let (_, out) = run(&dir, "yaml", &["--format", "json"]);
    assert_eq!(
        findings_of(&out),
        ["error openapi.stability-decreased 14:19 (old 14)"]
    );
    assert!(
        out.contains("the 200 `application/json` response.id of GET /a went from stability `stable` to `beta`"),
        "{out}"
    );
}
