use std::path::Path;

use super::*;

fn doc(text: &str) -> (Source, Doc) {
    let src = Source::new(Path::new("d.md"), "d.md".into(), text.to_string());
    let doc = scan(&src);
    (src, doc)
}

/// (language, fence line, first content line, column of content, closed)
fn shape(b: &Block) -> (String, u32, u32, u32, bool) {
    let (line, col) = b.doc_pos(0, 0);
    (b.info.lang.clone(), b.fence_line, line, col, b.closed)
}

#[test]
fn plain_fence_with_attributes() {
    let (_, d) = doc("# T\n\n```yaml file=api.yaml id=x\na: 1\n```\n");
    let b = &d.blocks[0];
    assert_eq!(shape(b), ("yaml".into(), 3, 4, 1, true));
    assert_eq!(b.info.file.as_deref(), Some("api.yaml"));
    assert_eq!(b.info.id.as_deref(), Some("x"));
    assert_eq!(b.content, "a: 1\n");
    assert_eq!(b.end_line, 5);
    assert_eq!(d.title.as_deref(), Some("T"));
}

#[test]
fn tilde_fence_upper_case_and_space_before_language() {
    let (_, d) = doc("~~~PROTO\nmessage A {}\n~~~\n\n``` yaml\nb: 2\n```\n");
    assert_eq!(shape(&d.blocks[0]), ("proto".into(), 1, 2, 1, true));
    assert_eq!(shape(&d.blocks[1]), ("yaml".into(), 5, 6, 1, true));
}

#[test]
fn crlf_and_bom() {
    let (src, d) = doc("\u{feff}# T\r\n\r\n```graphql\r\ntype A { x: Int }\r\n```\r\n");
    let b = &d.blocks[0];
    assert_eq!(shape(b), ("graphql".into(), 3, 4, 1, true));
    assert_eq!(b.content.replace('\r', ""), "type A { x: Int }\n");
    assert_eq!(b.doc_pos(0, 5), (4, 6));
    assert_eq!(src.line_text(4), "type A { x: Int }");
}

#[test]
fn fence_indented_in_a_list_maps_columns_back() {
    let (_, d) = doc("1. Step one:\n\n   ```ts\n   interface A {\n     x: string;\n   }\n   ```\n");
    let b = &d.blocks[0];
    assert_eq!(shape(b), ("ts".into(), 3, 4, 4, true));
    assert_eq!(b.content, "interface A {\n  x: string;\n}\n");
    // `x` on the second content line, third character of the content.
    assert_eq!(b.doc_pos(1, 2), (5, 6));
}

#[test]
fn fence_in_a_blockquote() {
    let (_, d) = doc("> ```yaml\n> a: 1\n> b: 2\n> ```\n");
    let b = &d.blocks[0];
    assert_eq!(b.content, "a: 1\nb: 2\n");
    assert_eq!(b.doc_pos(1, 0), (3, 3));
    assert!(b.closed);
}

#[test]
fn tabs_count_as_one_column() {
    let (_, d) = doc("```proto\nmessage A {\n\tstring s = 1;\n}\n```\n");
    let b = &d.blocks[0];
    assert_eq!(b.doc_pos(1, 1), (3, 2));
}

#[test]
fn unclosed_fence_is_marked_not_swallowed_silently() {
    let (_, d) = doc("# T\n\n```yaml\na: 1\n\n## Later\n\ntext\n");
    let b = &d.blocks[0];
    assert!(!b.closed);
    assert_eq!(b.fence_line, 3);
    assert_eq!(b.end_line, 8);
}

#[test]
fn longer_closing_fence_closes_and_shorter_does_not() {
    let (_, d) = doc("````yaml\na: 1\n`````\n");
    assert!(d.blocks[0].closed);
    let (_, d) = doc("````yaml\na: 1\n```\n");
    assert!(!d.blocks[0].closed);
}

#[test]
fn skip_and_words() {
    let (_, d) = doc("```graphql counter-example\nx\n```\n\n```proto skip\ny\n```\n");
    assert!(d.blocks[0].info.has_word("counter-example"));
    assert!(d.blocks[1].info.skip);
}

#[test]
fn heading_path_and_section() {
    let (_, d) = doc(
        "# Doc\n\n## API Contracts\n\n### Export API\n\n#### Details\n\n```yaml\na: 1\n```\n\n## Data\n\n```proto\nm\n```\n",
    );
    let first = &d.blocks[0];
    let path: Vec<_> = first.headings.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(path, ["Doc", "API Contracts", "Export API", "Details"]);
    assert_eq!(first.section().map(|h| h.text.as_str()), Some("Export API"));
    assert_eq!(d.blocks[1].section().map(|h| h.text.as_str()), Some("Data"));
}

#[test]
fn tables_keep_code_spans_escaped_pipes_and_row_lines() {
    let (_, d) = doc(
        "## Interface Contracts Between Streams\n\n| From Stream | To Stream | Interface | Contract |\n|---|---|---|---|\n| a | b | REST | `GET /x`, `A\\|B` |\n| c | d | rpc | `S.M` |\n",
    );
    let t = &d.tables[0];
    assert_eq!(
        t.header,
        ["From Stream", "To Stream", "Interface", "Contract"]
    );
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[0].line, 5);
    assert_eq!(t.rows[0].cells[3].text, "`GET /x`, `A|B`");
    assert_eq!(t.rows[1].cells[3].text, "`S.M`");
    assert_eq!(t.headings[0].text, "Interface Contracts Between Streams");
}

#[test]
fn links_with_their_lines() {
    let (_, d) = doc("### API\n\nSee [the spec](specs/api.yaml) and [site](https://x.dev).\n");
    let dests: Vec<_> = d
        .links
        .iter()
        .map(|l| (l.dest.as_str(), l.line, l.column))
        .collect();
    assert_eq!(dests, [("specs/api.yaml", 3, 5), ("https://x.dev", 3, 36)]);
}

#[test]
fn inline_allows_with_and_without_reason() {
    let (_, d) = doc(
        "<!-- contracts: allow table.unresolved-reference reason=\"UI defines it next sprint\" -->\n\n| a |\n|---|\n| b |\n\n<!-- contracts: allow graphql.unknown-type -->\n```graphql\ntype A { b: B }\n```\n",
    );
    assert_eq!(
        d.allows,
        vec![
            Allow {
                rule: "table.unresolved-reference".into(),
                reason: Some("UI defines it next sprint".into()),
                line: 1,
                column: 1
            },
            Allow {
                rule: "graphql.unknown-type".into(),
                reason: None,
                line: 7,
                column: 1
            },
        ]
    );
}
