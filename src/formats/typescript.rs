//! TypeScript shared types through tree-sitter, which recovers from the `...` elisions and
//! half-written members that design docs are full of.

use tree_sitter::{Node, Parser};

use crate::finding::{Finding, Loc};
use crate::markdown::Block;
use crate::model::{Field, Reference, Surface, TypeDef, TypeKind};
use crate::rules;

pub struct Parsed {
    pub surface: Surface,
    pub findings: Vec<Finding>,
    /// The block with elisions blanked out: what the parser saw.
    pub text: String,
}

/// Errors reported per block; past this the rest are usually consequences of the first.
/// The parser's later errors mostly follow from its first: one finding per block.
const MAX_ERRORS: usize = 1;
/// Namespaces nest; lowering stops descending here.
const MAX_NAMESPACE_DEPTH: usize = 32;

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
    if let Some(offset) = crate::formats::nesting::too_deep_with_angles(&text, MAX_NESTING, &["//"])
    {
        let message = format!(
            "TypeScript nests deeper than {MAX_NESTING} levels here; the block is not parsed"
        );
        return Parsed {
            surface: Surface::default(),
            findings: vec![Finding::new(
                rules::TYPESCRIPT_SYNTAX_ERROR,
                &block.loc_of_offset(file, offset),
                message,
            )],
            text,
        };
    }
    let mut parser = parser();
    let Some(tree) = parser.parse(&text, None) else {
        return Parsed {
            surface: Surface::default(),
            findings: vec![Finding::new(
                rules::TYPESCRIPT_SYNTAX_ERROR,
                &block.start_loc(file),
                "TypeScript parser gave up on this block",
            )],
            text,
        };
    };
    if tree.root_node().has_error() {
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
                    let mut surface =
                        lower_tree(t.root_node(), &wrapped, before.len(), block, file);
                    surface.types.retain(|t| t.name != WRAPPER_NAME);
                    return Parsed {
                        surface,
                        findings: Vec::new(),
                        text,
                    };
                }
            }
        }
        if let Some(sketches) = object_sketches(&text)
            && let Some(t) = parser.parse(&sketches, None)
            && !t.root_node().has_error()
        {
            let mut surface = lower_tree(t.root_node(), &sketches, 0, block, file);
            surface.types.retain(|t| !t.name.starts_with(WRAPPER_NAME));
            return Parsed {
                surface,
                findings: Vec::new(),
                text,
            };
        }
        for (before, after) in WRAPPERS {
            let wrapped = format!("{before}{text}{after}");
            if let Some(t) = parser.parse(&wrapped, None)
                && !t.root_node().has_error()
            {
                let mut surface = lower_tree(t.root_node(), &wrapped, before.len(), block, file);
                surface.types.retain(|t| t.name != WRAPPER_NAME);
                return Parsed {
                    surface,
                    findings: Vec::new(),
                    text,
                };
            }
        }
    }
    let root = tree.root_node();
    let loc = |n: Node| block.loc(file, n.start_position().row, char_col(&text, n));
    let findings = syntax_errors(root, &text)
        .into_iter()
        .map(|(n, message)| Finding::new(rules::TYPESCRIPT_SYNTAX_ERROR, &loc(n), message))
        .collect();
    let surface = lower_tree(root, &text, 0, block, file);
    Parsed {
        surface,
        findings,
        text,
    }
}

/// The surface of a parsed tree; `shift` characters were put before the block's first line.
fn lower_tree(root: Node, text: &str, shift: usize, block: &Block, file: &str) -> Surface {
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
    let mut surface = Surface::default();
    let lower = Lower { text, loc: &loc };
    lower.statements(root, "", 0, &mut surface);
    surface.refs = references(root, text, &loc);
    surface.bound = bound_names(root, text);
    surface
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

struct Lower<'a, F: Fn(Node) -> Loc> {
    text: &'a str,
    loc: &'a F,
}

impl<F: Fn(Node) -> Loc> Lower<'_, F> {
    fn src(&self, n: Node) -> &str {
        &self.text[n.byte_range()]
    }

    fn name(&self, n: Node) -> String {
        n.child_by_field_name("name")
            .map(|c| self.src(c).trim_matches(['"', '\'']).to_string())
            .unwrap_or_default()
    }

    fn statements(&self, parent: Node, prefix: &str, depth: usize, out: &mut Surface) {
        let mut cursor = parent.walk();
        for child in parent.named_children(&mut cursor) {
            self.declaration(child, prefix, depth, out);
        }
    }

    fn declaration(&self, n: Node, prefix: &str, depth: usize, out: &mut Surface) {
        match n.kind() {
            "export_statement" | "ambient_declaration" | "expression_statement" => {
                let mut cursor = n.walk();
                for child in n.named_children(&mut cursor) {
                    self.declaration(child, prefix, depth, out);
                }
            }
            "interface_declaration" => {
                let fields = n
                    .child_by_field_name("body")
                    .map(|b| self.members(b))
                    .unwrap_or_default();
                self.push(out, TypeKind::Object, prefix, n, fields, Vec::new());
            }
            "type_alias_declaration" => {
                let value = n.child_by_field_name("value");
                let (kind, fields, values) = match value {
                    Some(v) if v.kind() == "object_type" => {
                        (TypeKind::Object, self.members(v), Vec::new())
                    }
                    Some(v) if v.kind() == "union_type" => {
                        let members = self.union_members(v);
                        let literal = members.iter().all(|m| m.0);
                        let values = members.into_iter().map(|m| m.1).collect();
                        (
                            if literal {
                                TypeKind::Enum
                            } else {
                                TypeKind::Union
                            },
                            Vec::new(),
                            values,
                        )
                    }
                    _ => (TypeKind::Scalar, Vec::new(), Vec::new()),
                };
                self.push(out, kind, prefix, n, fields, values);
            }
            "function_declaration" | "function_signature" => {
                let params = n
                    .child_by_field_name("parameters")
                    .map(|p| self.parameters(p))
                    .unwrap_or_default();
                let returns = n
                    .child_by_field_name("return_type")
                    .map(|t| squash(self.src(t).trim_start_matches(':')))
                    .unwrap_or_else(|| "void".to_string());
                self.push(out, TypeKind::Function, prefix, n, params, vec![returns]);
            }
            "enum_declaration" => {
                let mut values = Vec::new();
                if let Some(body) = n.child_by_field_name("body") {
                    let mut cursor = body.walk();
                    for m in body.named_children(&mut cursor) {
                        let name = match m.kind() {
                            "enum_assignment" => self.name(m),
                            "comment" => continue,
                            _ => self.src(m).trim_matches(['"', '\'']).to_string(),
                        };
                        values.push(name);
                    }
                }
                self.push(out, TypeKind::Enum, prefix, n, Vec::new(), values);
            }
            "internal_module" | "module" => {
                let name = self.name(n);
                let values = n
                    .child_by_field_name("body")
                    .map(|b| self.constants(b))
                    .unwrap_or_default();
                self.push(out, TypeKind::Namespace, prefix, n, Vec::new(), values);
                if depth < MAX_NAMESPACE_DEPTH
                    && let Some(body) = n.child_by_field_name("body")
                {
                    self.statements(body, &format!("{prefix}{name}."), depth + 1, out);
                }
            }
            _ => {}
        }
    }

    fn push(
        &self,
        out: &mut Surface,
        kind: TypeKind,
        prefix: &str,
        n: Node,
        fields: Vec<Field>,
        values: Vec<String>,
    ) {
        let name = self.name(n);
        if name.is_empty() {
            return;
        }
        out.types.push(TypeDef {
            kind,
            name: format!("{prefix}{name}"),
            fields,
            values,
            extension: false,
            loc: (self.loc)(n.child_by_field_name("name").unwrap_or(n)),
        });
    }

    fn members(&self, body: Node) -> Vec<Field> {
        let mut fields = Vec::new();
        let mut cursor = body.walk();
        for m in body.named_children(&mut cursor) {
            if !matches!(m.kind(), "property_signature" | "method_signature") {
                continue;
            }
            let Some(name) = m.child_by_field_name("name") else {
                continue;
            };
            let optional = {
                let mut c = m.walk();
                m.children(&mut c).any(|x| x.kind() == "?")
            };
            let ty = if m.kind() == "method_signature" {
                self.signature(m)
            } else {
                m.child_by_field_name("type")
                    .map(|t| self.src(t).trim_start_matches(':').trim().to_string())
                    .unwrap_or_else(|| "any".to_string())
            };
            let (list, ty) = element_type(&ty);
            fields.push(Field {
                name: self.src(name).trim_matches(['"', '\'']).to_string(),
                ty,
                optional,
                list,
                loc: (self.loc)(name),
            });
        }
        fields
    }

    /// `(a: string, b?: number) => void`, white space folded: a method's type.
    fn signature(&self, m: Node) -> String {
        let params = m
            .child_by_field_name("parameters")
            .map(|p| squash(self.src(p)))
            .unwrap_or_else(|| "()".into());
        let returns = m
            .child_by_field_name("return_type")
            .map(|t| squash(self.src(t).trim_start_matches(':')))
            .unwrap_or_else(|| "void".into());
        format!("{params} => {returns}")
    }

    /// A function's parameters as fields: name, type, optional.
    fn parameters(&self, p: Node) -> Vec<Field> {
        let mut out = Vec::new();
        let mut cursor = p.walk();
        for param in p.named_children(&mut cursor) {
            if !matches!(param.kind(), "required_parameter" | "optional_parameter") {
                continue;
            }
            let Some(pattern) = param.child_by_field_name("pattern") else {
                continue;
            };
            let ty = param
                .child_by_field_name("type")
                .map(|t| squash(self.src(t).trim_start_matches(':')))
                .unwrap_or_else(|| "any".into());
            let optional = param.kind() == "optional_parameter"
                || param.child_by_field_name("value").is_some();
            let (list, ty) = element_type(&ty);
            out.push(Field {
                name: squash(self.src(pattern)),
                ty,
                optional,
                list,
                loc: (self.loc)(pattern),
            });
        }
        out
    }

    /// Members of a union in source order: (is a literal, its text without quotes).
    fn union_members(&self, n: Node) -> Vec<(bool, String)> {
        let mut out = Vec::new();
        let mut stack = vec![n];
        while let Some(u) = stack.pop() {
            if u.kind() != "union_type" {
                let text = self.src(u).trim();
                out.push((
                    u.kind() == "literal_type",
                    text.trim_matches(['"', '\'']).to_string(),
                ));
                continue;
            }
            let mut cursor = u.walk();
            let children: Vec<Node> = u.named_children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
        out
    }

    /// `export const Error: 1 = 1;` members of a namespace used as an enum.
    fn constants(&self, body: Node) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![body];
        while let Some(n) = stack.pop() {
            let mut cursor = n.walk();
            for c in n.named_children(&mut cursor) {
                match c.kind() {
                    "export_statement" | "lexical_declaration" => stack.push(c),
                    "variable_declarator" => out.push(self.name(c)),
                    _ => {}
                }
            }
        }
        out.sort();
        out
    }
}

/// Runs of white space as one space.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `Foo[]` / `Array<Foo>` / `readonly Foo[]` -> (true, `Foo`).
fn element_type(ty: &str) -> (bool, String) {
    let t = ty.trim().trim_start_matches("readonly ").trim();
    if let Some(inner) = t.strip_suffix("[]") {
        return (true, inner.trim_matches(['(', ')']).to_string());
    }
    if let Some(inner) = t.strip_prefix("Array<").and_then(|r| r.strip_suffix('>')) {
        return (true, inner.to_string());
    }
    (false, t.to_string())
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
        assert_eq!(element_type("Foo[]"), (true, "Foo".to_string()));
        assert_eq!(element_type("Array<Bar>"), (true, "Bar".to_string()));
    }
}
