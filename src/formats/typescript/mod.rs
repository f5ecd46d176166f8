//! TypeScript shared types through tree-sitter, which recovers from the `...` elisions and
//! half-written members that design docs are full of.

use tree_sitter::{Node, Parser};

use crate::finding::{Finding, Loc};
use crate::markdown::Block;
use crate::model::{Field, Reference, Surface, TypeDef, TypeKind};
use crate::rules;

mod read;
pub mod shape;

use read::Reader;
use shape::{Body, Decl, Ty};

pub struct Parsed {
    pub surface: Surface,
    /// The exported declarations as structure.
    pub decls: Vec<Decl>,
    pub findings: Vec<Finding>,
}

/// Errors reported per block; past this the rest are usually consequences of the first.
/// The parser's later errors mostly follow from its first: one finding per block.
const MAX_ERRORS: usize = 1;

/// Design docs show a few members without their interface, or a type without its alias.
/// A block that does not parse as written but does inside one of these is such an excerpt.
const WRAPPERS: &[(&str, &str)] = &[("interface __Excerpt { ", "\n}"), ("type __Excerpt = ", "")];

/// Several object shapes sketched one after another (`{ name: string }` twice, with a
/// comment between): each top-level `{` line becomes a type of its own. Only those lines
/// move, and by the prefix's width.
fn object_sketches(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut depth = 0i32;
    let mut n = 0;
    for line in text.split_inclusive('\n') {
        if depth == 0 && line.starts_with('{') {
            n += 1;
            out.push_str(&format!("type {WRAPPER_NAME}{n} = "));
        }
        out.push_str(line);
        depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
    }
    (n > 1).then_some(out)
}
const WRAPPER_NAME: &str = "__Excerpt";

fn parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into())
        .expect("the TypeScript grammar matches the tree-sitter runtime");
    parser
}

/// Type arguments, objects and parameter lists nested deeper than this are refused before
/// parsing: the parser and the lowering recurse on them.
const MAX_NESTING: usize = 128;

pub fn parse_block(block: &Block, file: &str) -> Parsed {
    let text = blank_elisions(&block.content);
    let refused = |at: &Loc, message: String| Parsed {
        surface: Surface::default(),
        decls: Vec::new(),
        findings: vec![Finding::new(rules::TYPESCRIPT_SYNTAX_ERROR, at, message)],
    };
    if let Some(offset) = crate::formats::nesting::too_deep_with_angles(&text, MAX_NESTING, &["//"])
    {
        return refused(
            &block.loc_of_offset(file, offset),
            format!(
                "TypeScript nests deeper than {MAX_NESTING} levels here; the block is not parsed"
            ),
        );
    }
    let mut parser = parser();
    let Some(tree) = parser.parse(&text, None) else {
        return refused(
            &block.start_loc(file),
            "TypeScript parser gave up on this block".into(),
        );
    };
    if tree.root_node().has_error()
        && let Some(parsed) = parse_as_excerpt(&mut parser, &text, block, file)
    {
        return parsed;
    }
    let root = tree.root_node();
    let loc = |n: Node| block.loc(file, n.start_position().row, char_col(&text, n));
    let findings = syntax_errors(root, &text)
        .into_iter()
        .map(|(n, message)| Finding::new(rules::TYPESCRIPT_SYNTAX_ERROR, &loc(n), message))
        .collect();
    let (surface, decls) = lower_tree(root, &text, 0, block, file);
    Parsed {
        surface,
        decls,
        findings,
    }
}

/// A block that does not parse as written, read as TSX, as a function's body, as object
/// sketches or inside one of the `WRAPPERS`; the wrapper's own name is dropped.
fn parse_as_excerpt(parser: &mut Parser, text: &str, block: &Block, file: &str) -> Option<Parsed> {
    let parsed = |(mut surface, mut decls): (Surface, Vec<Decl>)| {
        surface.types.retain(|t| !t.name.starts_with(WRAPPER_NAME));
        decls.retain(|d| !d.name.starts_with(WRAPPER_NAME));
        Parsed {
            surface,
            decls,
            findings: Vec::new(),
        }
    };
    // A `ts` fence round React code is TSX, and may show a function's body alone.
    let mut tsx = Parser::new();
    if tsx
        .set_language(&tree_sitter_typescript::LANGUAGE_TSX.into())
        .is_ok()
    {
        for (before, after) in [("", ""), ("function __Excerpt() { ", "\n}")] {
            let wrapped = format!("{before}{text}{after}");
            if let Some(t) = tsx.parse(&wrapped, None)
                && !t.root_node().has_error()
            {
                let lowered = lower_tree(t.root_node(), &wrapped, before.len(), block, file);
                return Some(parsed(lowered));
            }
        }
    }
    if let Some(sketches) = object_sketches(text)
        && let Some(t) = parser.parse(&sketches, None)
        && !t.root_node().has_error()
    {
        return Some(parsed(lower_tree(t.root_node(), &sketches, 0, block, file)));
    }
    for (before, after) in WRAPPERS {
        let wrapped = format!("{before}{text}{after}");
        if let Some(t) = parser.parse(&wrapped, None)
            && !t.root_node().has_error()
        {
            let lowered = lower_tree(t.root_node(), &wrapped, before.len(), block, file);
            return Some(parsed(lowered));
        }
    }
    None
}

/// The surface and declarations of a parsed tree; `shift` characters were put before the
/// block's first line.
fn lower_tree(
    root: Node,
    text: &str,
    shift: usize,
    block: &Block,
    file: &str,
) -> (Surface, Vec<Decl>) {
    let loc = |n: Node| {
        let row = n.start_position().row;
        let col = char_col(text, n);
        block.loc(
            file,
            row,
            if row == 0 {
                col.saturating_sub(shift)
            } else {
                col
            },
        )
    };
    let mut decls = Vec::new();
    Reader { text, loc: &loc }.statements(root, "", 0, &mut decls);
    let surface = Surface {
        types: decls.iter().filter_map(surface_type).collect(),
        refs: references(root, text, &loc),
        bound: bound_names(root, text),
        ..Surface::default()
    };
    (surface, decls)
}

/// A declaration as the surface shared with the other formats sees it; classes are bound
/// names there, not contract types.
fn surface_type(d: &Decl) -> Option<TypeDef> {
    let (kind, fields, values) = match &d.body {
        Body::Interface { members, .. } | Body::Alias(Ty::Object(members)) => {
            let fields = members
                .iter()
                .filter(|m| !m.name.starts_with(['[', '(']) && !m.name.starts_with("new("))
                .map(|m| field(&m.name, &m.ty, m.optional, &m.loc))
                .collect();
            (TypeKind::Object, fields, Vec::new())
        }
        Body::Alias(Ty::Union(members)) => {
            let literal = members.iter().all(|m| matches!(m, Ty::Literal(_)));
            let values = members
                .iter()
                .map(|m| m.to_string().trim_matches('"').to_string())
                .collect();
            let kind = if literal {
                TypeKind::Enum
            } else {
                TypeKind::Union
            };
            (kind, Vec::new(), values)
        }
        Body::Alias(_) => (TypeKind::Scalar, Vec::new(), Vec::new()),
        Body::Function(sigs) => {
            let sig = sigs.first()?;
            let fields = sig
                .params
                .iter()
                .map(|p| field(&p.name, &p.ty, p.optional, &d.loc))
                .collect();
            (TypeKind::Function, fields, vec![sig.returns.to_string()])
        }
        Body::Enum { members, .. } => (
            TypeKind::Enum,
            Vec::new(),
            members.iter().map(|m| m.name.clone()).collect(),
        ),
        Body::Namespace(constants) => (TypeKind::Namespace, Vec::new(), constants.clone()),
        Body::Class { .. } | Body::Variable(_) => return None,
    };
    Some(TypeDef {
        kind,
        name: d.name.clone(),
        fields,
        values,
        extension: false,
        loc: d.loc.clone(),
    })
}

fn field(name: &str, ty: &Ty, optional: bool, loc: &Loc) -> Field {
    let (list, ty) = match ty {
        Ty::Array { element, .. } => (true, element.to_string()),
        other => (false, other.to_string()),
    };
    Field {
        name: name.to_string(),
        ty,
        optional,
        list,
        loc: loc.clone(),
    }
}

/// `...` and `…` standing for omitted members become spaces; spreads (`...rest`) stay.
/// As many spaces as bytes, so that byte offsets stay put.
pub fn blank_elisions(text: &str) -> String {
    let blanked = map_elisions(text, |e| {
        // A marker of its own width, so that `= ...` (a value left out) can become `= {}`.
        "\u{1}".repeat(e.len())
    });
    let mut out = String::with_capacity(blanked.len());
    let mut rest = blanked.as_str();
    while let Some(i) = rest.find('\u{1}') {
        let (before, after) = rest.split_at(i);
        let run = after.len() - after.trim_start_matches('\u{1}').len();
        out.push_str(before);
        let value = before.trim_end().ends_with('=') || before.trim_end().ends_with("=>");
        if value && run >= 2 {
            out.push_str("{}");
            out.push_str(&" ".repeat(run - 2));
        } else {
            out.push_str(&" ".repeat(run));
        }
        rest = &after[run..];
    }
    out.push_str(rest);
    out
}

/// Elisions as comments: what an extracted `.ts` file says where the doc left members out.
pub fn comment_elisions(text: &str) -> String {
    map_elisions(text, |_| "/* ... */".to_string())
}

fn map_elisions(text: &str, with: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['.', '…']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let len = if rest.starts_with("...") {
            3
        } else if rest.starts_with('…') {
            '…'.len_utf8()
        } else {
            1
        };
        let next = rest[len..].chars().next();
        let spread =
            next.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '$' | '[' | '(' | '{'));
        if len > 1 && !spread && !in_comment_or_string(&out) {
            out.push_str(&with(&rest[..len]));
        } else {
            out.push_str(&rest[..len]);
        }
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

/// Whether the current line, up to here, has opened a `//` comment or a string.
fn in_comment_or_string(before: &str) -> bool {
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for c in line.chars() {
        match quote {
            Some(q) if c == q && prev != '\\' => quote = None,
            Some(_) => {}
            None if c == '/' && prev == '/' => return true,
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None => {}
        }
        prev = c;
    }
    quote.is_some()
}

fn char_col(text: &str, n: Node) -> usize {
    let start = n.start_byte();
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..start].chars().count()
}

/// What a visitor wants after seeing a node.
enum Walk {
    Descend,
    Skip,
    Stop,
}

/// Visits the tree in document order without recursion (hostile nesting cannot overflow it).
fn preorder<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>) -> Walk) {
    let mut cursor = root.walk();
    loop {
        match visit(cursor.node()) {
            Walk::Stop => return,
            Walk::Descend if cursor.goto_first_child() => continue,
            _ => {}
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// ERROR and MISSING nodes, outermost only, in document order.
fn syntax_errors<'t>(root: Node<'t>, text: &str) -> Vec<(Node<'t>, String)> {
    let mut out = Vec::new();
    if !root.has_error() {
        return out;
    }
    preorder(root, |node| {
        if node.is_missing() {
            out.push((
                node,
                format!("TypeScript syntax error: missing `{}`", node.kind()),
            ));
        } else if node.is_error() {
            let snippet: String = text[node.byte_range()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .take(40)
                .collect();
            out.push((
                node,
                format!("TypeScript syntax error: unexpected `{snippet}`"),
            ));
        }
        if out.len() >= MAX_ERRORS {
            Walk::Stop
        } else if !node.is_error() && node.has_error() {
            Walk::Descend
        } else {
            Walk::Skip
        }
    });
    out
}

/// Type names used in annotations, minus declaration names, type parameters, and the
/// qualified part of `NS.Type` (a namespace member).
fn references(root: Node, text: &str, loc: &impl Fn(Node) -> Loc) -> Vec<Reference> {
    let mut params = Vec::new();
    let mut uses = Vec::new();
    preorder(root, |node| {
        if node.kind() == "type_identifier" {
            let parent = node.parent();
            let is_name = parent
                .and_then(|p| p.child_by_field_name("name"))
                .is_some_and(|n| n.id() == node.id());
            let parent_kind = parent.map(|p| p.kind()).unwrap_or("");
            let binds = matches!(parent_kind, "type_parameter" | "mapped_type_clause") && is_name
                || parent_kind == "infer_type";
            if binds {
                params.push(text[node.byte_range()].to_string());
            } else if !is_name && parent_kind != "nested_type_identifier" {
                uses.push(node);
            }
        }
        Walk::Descend
    });
    uses.into_iter()
        .map(|n| (text[n.byte_range()].to_string(), n))
        .filter(|(name, _)| !params.contains(name))
        .map(|(name, n)| Reference { name, loc: loc(n) })
        .collect()
}

/// Names bound by `import` (default, named, namespace, `import x = …`) and by classes, which
/// declare a type the surface does not model.
fn bound_names(root: Node, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    preorder(root, |node| {
        let name = match node.kind() {
            "import_specifier" => node
                .child_by_field_name("alias")
                .or_else(|| node.child_by_field_name("name")),
            "namespace_import" => node.named_child(0),
            "import_clause" => node.named_child(0).filter(|c| c.kind() == "identifier"),
            "import_alias" => node.named_child(0),
            "class_declaration" | "abstract_class_declaration" | "class" => {
                node.child_by_field_name("name")
            }
            _ => None,
        };
        if let Some(n) = name {
            out.push(text[n.byte_range()].to_string());
        }
        Walk::Descend
    });
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elisions_are_blanked_spreads_kept() {
        assert_eq!(blank_elisions("a;\n  ...\n"), "a;\n     \n");
        assert_eq!(blank_elisions("f(...args)"), "f(...args)");
        assert_eq!(blank_elisions("{ a: 1, … }").len(), "{ a: 1, … }".len());
        assert_eq!(
            comment_elisions("  ...\n  // and so on...\n"),
            "  /* ... */\n  // and so on...\n"
        );
    }
}
