//! Each kind's parse errors land on the doc's own line and column, and one broken block
//! never stops the blocks after it.

mod common;

use common::{analyze_file, analyze_text, checked, finding_lines, places};
use contracts::analyze::Role;
use contracts::model::Kind;

#[test]
fn every_kind_reports_its_syntax_error_at_the_doc_line() {
    let a = analyze_file("testdata/errors/broken-blocks.md");
    assert_eq!(
        places(&a),
        vec![
            ("openapi.syntax-error", "error", 13, 18),
            ("protobuf.syntax-error", "error", 33, 16),
            ("graphql.syntax-error", "error", 50, 9),
            ("typescript.syntax-error", "error", 65, 17),
            ("markdown.unclosed-fence", "warning", 77, 1),
            ("protobuf.syntax-error", "error", 78, 1),
        ]
    );
    insta::assert_yaml_snapshot!(finding_lines(&a));
}

#[test]
fn good_blocks_after_broken_ones_still_parse() {
    let a = analyze_file("testdata/errors/broken-blocks.md");
    let parsed: Vec<(Kind, bool, Vec<String>)> = a
        .results
        .iter()
        .map(|r| {
            let names = r.surface.names().into_iter().map(str::to_string).collect();
            (r.kind, r.parsed, names)
        })
        .collect();
    assert_eq!(parsed.len(), 9);
    assert_eq!(
        parsed[1],
        (Kind::Openapi, true, vec!["GET /refunds".to_string()])
    );
    assert_eq!(
        parsed[3],
        (Kind::Protobuf, true, vec!["OrderShipped".to_string()])
    );
    assert_eq!(parsed[5], (Kind::Graphql, true, vec!["Refund".to_string()]));
    assert_eq!(
        parsed[7],
        (Kind::Typescript, true, vec!["Refund".to_string()])
    );
    // An unclosed fence runs to the end of the doc, as CommonMark reads it, and is read.
    assert_eq!(a.results[8].role, Role::Contract);
    assert!(!a.results[8].parsed);
}

#[test]
fn fragments_of_one_api_merge_and_a_conflicting_key_is_a_finding() {
    let a = analyze_file("testdata/errors/openapi-merge.md");
    assert_eq!(a.apis.len(), 2);
    let billing = &a.apis[0];
    assert_eq!(billing.name, "billing");
    assert_eq!(billing.blocks.len(), 2);
    let ops: Vec<&str> = billing
        .surface
        .operations
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(ops, ["GET /invoices", "GET /invoices/{id}"]);
    // The first definition wins.
    assert_eq!(
        billing.surface.operations[0].id.as_deref(),
        Some("listInvoices")
    );
    assert_eq!(
        places(&a),
        vec![
            ("openapi.conflicting-key", "error", 20, 7),
            ("openapi.invalid-document", "error", 48, 9),
        ]
    );
    insta::assert_yaml_snapshot!(finding_lines(&a));
}

#[test]
fn missing_openapi_and_info_are_filled_from_the_doc_title() {
    let a = analyze_text(
        "t.md",
        "# Technical Design: Ledger\n\n### Ledger API\n\n```yaml\npaths:\n  /entries:\n    get:\n      responses:\n        '200':\n          description: ok\n```\n",
    );
    assert!(a.findings.is_empty(), "{:?}", finding_lines(&a));
    let root = &a.apis[0].root;
    assert_eq!(root.get("openapi").and_then(|n| n.as_str()), Some("3.0.3"));
    let info = root.get("info").expect("info filled");
    assert_eq!(
        info.get("title").and_then(|n| n.as_str()),
        Some("Technical Design: Ledger")
    );
}

#[test]
fn openapi_31_is_validated_with_its_own_model() {
    let text = "### API\n\n```yaml\nopenapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: [string, 'null']\n```\n";
    let a = analyze_text("t.md", text);
    assert!(a.findings.is_empty(), "{:?}", finding_lines(&a));
    assert_eq!(a.apis[0].version, contracts::formats::openapi::Version::V31);
}

#[test]
fn yaml_that_is_not_openapi_is_an_example_not_a_contract() {
    let a = analyze_text(
        "t.md",
        "```yaml\nname: ci\non: [push]\n```\n\n```json\n{\"id\": 1}\n```\n",
    );
    assert!(a.results.is_empty());
    assert!(a.findings.is_empty());
}

#[test]
fn asyncapi_is_not_openapi() {
    let a = analyze_text(
        "t.md",
        "```yaml\nasyncapi: 2.6.0\ncomponents:\n  messages: {}\n```\n",
    );
    assert!(a.results.is_empty());
}

#[test]
fn protobuf_snippets_without_syntax_line_read_as_proto3_and_bare_rpcs_as_a_service() {
    let a = analyze_text(
        "t.md",
        "## Books\n\n```proto\n// The rpc alone.\nrpc GetBook(GetBookRequest) returns (Book) {\n  option deprecated = true;\n}\n\nmessage GetBookRequest { string name = 1; }\nmessage Book { string name = 1; }\n```\n",
    );
    assert!(a.findings.is_empty(), "{:?}", finding_lines(&a));
    let names: Vec<&str> = a.results[0].surface.names();
    assert_eq!(names, ["Fragment.GetBook", "GetBookRequest", "Book"]);
    // The rpc keeps its own doc line although a service was put around it.
    assert_eq!(a.results[0].surface.operations[0].loc.line, 5);
    assert_eq!(a.results[0].surface.operations[0].loc.column, 1);
}

#[test]
fn protobuf_blocks_import_each_other_and_the_well_known_types() {
    let a = analyze_file("testdata/docs/inventory-sync.md");
    assert!(checked(&a).is_empty(), "{:?}", checked(&a));
    let b = analyze_text(
        "t.md",
        "```proto\nsyntax = \"proto3\";\nimport \"acme/missing.proto\";\nmessage A { google.protobuf.Timestamp at = 1; Nope n = 2; }\n```\n",
    );
    assert_eq!(
        checked(&b),
        vec![("protobuf.unresolved-import", "info", 3, 1)]
    );
    let c = analyze_text(
        "t.md",
        "```proto\nsyntax = \"proto3\";\nmessage A {\n  Nope n = 1;\n  Strng s = 2;\n}\n```\n",
    );
    // A name nothing defines is taken as defined elsewhere; a slip of a scalar is an error.
    assert_eq!(
        checked(&c),
        vec![
            ("protobuf.undefined-names", "info", 4, 3),
            ("protobuf.unresolved-name", "error", 5, 3)
        ]
    );
    let d = analyze_text(
        "t.md",
        "```proto\nsyntax = \"proto3\";\nmessage A {\n  string a = 1;\n  string b = 1;\n}\n```\n",
    );
    assert_eq!(
        checked(&d),
        vec![("protobuf.duplicate-field-number", "error", 5, 3)]
    );
}

#[test]
fn graphql_operations_are_recognised_not_reported_as_broken_sdl() {
    let a = analyze_text(
        "t.md",
        "```graphql\nquery Q($id: ID!) {\n  order(id: $id) { total }\n}\n```\n",
    );
    assert!(a.findings.is_empty());
    assert_eq!(a.results[0].role, Role::Operations);
    let mixed = analyze_text(
        "t.md",
        "```graphql example\ntype Query { dog: Dog }\ntype Dog { name: String }\n\nquery { dog { name } }\n```\n",
    );
    assert!(mixed.findings.is_empty(), "{:?}", finding_lines(&mixed));
    assert_eq!(
        mixed.results[0].surface.names(),
        ["Query.dog", "Query", "Dog"]
    );
    let broken_op = analyze_text(
        "t.md",
        "```graphql\nquery {\n  order(id: ) { total }\n}\n```\n",
    );
    assert_eq!(
        places(&broken_op),
        vec![("graphql.syntax-error", "error", 3, 13)]
    );
}

#[test]
fn counter_examples_are_not_checked_and_skip_is_honoured() {
    let a = analyze_text(
        "t.md",
        "```graphql counter-example\ntype {\n```\n\n```proto skip\nmessage {\n```\n\n```graphql example\ntype A { x: Int }\n```\n",
    );
    assert!(a.findings.is_empty());
    let roles: Vec<Role> = a.results.iter().map(|r| r.role).collect();
    assert_eq!(roles, [Role::CounterExample, Role::Skipped, Role::Example]);
}

#[test]
fn typescript_survives_elisions_and_lowers_members() {
    let a = analyze_text(
        "t.md",
        "```typescript\nexport interface Job {\n  id: string;\n  tags?: string[];\n  ...\n}\n\nexport enum Color { Red, Green = 'g' }\n\nexport namespace Kind {\n  export const A: 1 = 1;\n}\n\ntype Shape = Circle | Square;\n```\n",
    );
    assert!(a.findings.is_empty(), "{:?}", finding_lines(&a));
    let s = &a.results[0].surface;
    let job = &s.types[0];
    assert_eq!(job.name, "Job");
    let fields: Vec<(&str, &str, bool, bool, u32)> = job
        .fields
        .iter()
        .map(|f| {
            (
                f.name.as_str(),
                f.ty.as_str(),
                f.optional,
                f.list,
                f.loc.line,
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("id", "string", false, false, 3),
            ("tags", "string", true, true, 4)
        ]
    );
    assert_eq!(s.types[1].values, ["Red", "Green"]);
    assert_eq!(s.types[2].values, ["A"]);
    assert_eq!(s.types[3].values, ["Circle", "Square"]);
}

#[test]
fn swagger_2_fragments_are_listed_but_not_validated_as_3_0() {
    let a = analyze_text(
        "t.md",
        "### Pets\n\n```yaml\npaths:\n  /pets:\n    post:\n      parameters:\n        - in: body\n          name: pet\n          schema: {type: object}\n      responses:\n        '200': {description: ok}\n```\n",
    );
    assert_eq!(
        places(&a),
        vec![("openapi.unvalidated-version", "info", 4, 1)]
    );
    assert_eq!(a.results[0].surface.names(), ["POST /pets"]);
}

#[test]
fn an_unknown_attribute_is_a_warning() {
    let a = analyze_text("t.md", "```proto lang=x\nsyntax = \"proto3\";\n```\n");
    assert_eq!(
        places(&a),
        vec![("markdown.unknown-attribute", "warning", 1, 1)]
    );
}

#[test]
fn hostile_nesting_is_reported_not_a_crash() {
    let deep = format!(
        "```graphql\ntype A {{ f(a: {}Int{}): Int }}\n```\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let a = analyze_text("t.md", &deep);
    assert_eq!(a.findings[0].rule, "graphql.syntax-error");
    let yaml = format!("```yaml\nopenapi: 3.0.3\nx: {}\n```\n", "[".repeat(5000));
    let a = analyze_text("t.md", &yaml);
    assert_eq!(a.findings[0].rule, "openapi.syntax-error");
    let ts = format!(
        "```ts\ntype A = {}string{};\n```\n",
        "Array<".repeat(3000),
        ">".repeat(3000)
    );
    let _ = analyze_text("t.md", &ts);
    let proto = format!("```proto\n{}\n```\n", "message A {".repeat(3000));
    let a = analyze_text("t.md", &proto);
    assert_eq!(a.findings[0].rule, "protobuf.syntax-error");
}

#[test]
fn protobuf_editions_parse_and_an_unknown_edition_is_reported_as_unsupported() {
    let a = analyze_text(
        "t.md",
        "```proto\n// Edition 2023.\nedition = \"2023\";\nmessage A { string a = 1; }\n```\n",
    );
    assert_eq!(places(&a), vec![]);
    assert!(a.results[0].parsed);
    let a = analyze_text(
        "t.md",
        "```proto\nedition = \"2031\";\nmessage A { string a = 1; }\n```\n",
    );
    assert_eq!(
        places(&a),
        vec![("protobuf.unsupported-edition", "info", 2, 1)]
    );
    assert!(!a.results[0].parsed);
}

#[test]
fn spec_files_in_a_walked_directory_import_each_other_by_their_path_below_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("acme/v1")).unwrap();
    std::fs::write(
        dir.path().join("acme/v1/a.proto"),
        "syntax = \"proto3\";\npackage acme.v1;\nmessage A { string id = 1; }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("acme/v1/b.proto"),
        "syntax = \"proto3\";\npackage acme.v1;\nimport \"acme/v1/a.proto\";\nimport \"acme/v1/gone.proto\";\nmessage B { A a = 1; }\n",
    )
    .unwrap();
    let (files, bad) = contracts::inputs::collect(&[dir.path().to_path_buf()]);
    assert!(bad.is_empty());
    let (analyses, _) = contracts::inputs::analyze_all(&files);
    let found: Vec<_> = analyses.iter().flat_map(checked).collect();
    assert_eq!(found, [("protobuf.unresolved-import", "info", 4, 1)]);
}

#[test]
fn two_whole_documents_in_one_section_are_two_apis() {
    let a = analyze_text(
        "t.md",
        "### Examples\n\n```yaml\nopenapi: 3.1.0\ninfo: {title: One, version: '1'}\npaths: {}\n```\n\n```yaml\nopenapi: 3.1.0\ninfo: {title: Two, version: '1'}\npaths: {}\n```\n",
    );
    assert!(a.findings.is_empty(), "{:?}", finding_lines(&a));
    let names: Vec<&str> = a.apis.iter().map(|api| api.name.as_str()).collect();
    assert_eq!(names, ["Examples", "Examples (2)"]);
}

#[test]
fn bare_fragments_join_the_one_api_that_declares_its_version() {
    let a = analyze_text(
        "t.md",
        "## General\n\n```yaml\nswagger: '2.0'\ninfo: {title: Pets, version: '1'}\n```\n\n## Operations\n\n```yaml\npaths:\n  /pets:\n    get:\n      responses:\n        '200': {description: ok, schema: {$ref: '#/definitions/Pet'}}\n```\n\n## Models\n\n```yaml\ndefinitions:\n  Pet: {type: object}\n```\n",
    );
    assert_eq!(a.apis.len(), 1);
    assert_eq!(a.apis[0].blocks.len(), 3);
    assert_eq!(
        checked(&a),
        vec![("openapi.unvalidated-version", "info", 4, 1)]
    );
}
