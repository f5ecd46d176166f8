//! The syntax tree read into declarations (`shape`): what `diff` compares and what the
//! surface is made from.

use tree_sitter::Node;

use crate::finding::Loc;

use super::shape::{Body, Decl, EnumMember, Member, Param, Signature, Ty, TypeParam};

/// Namespaces nest; reading stops descending here.
const MAX_NAMESPACE_DEPTH: usize = 32;

pub struct Reader<'a, F: Fn(Node) -> Loc> {
    pub text: &'a str,
    pub loc: &'a F,
}

/// Named children without comments, which may sit anywhere in a tree.
fn kids(n: Node) -> Vec<Node> {
    let mut cursor = n.walk();
    n.named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .collect()
}

/// Whether `n` has an unnamed child token `token` (`?`, `readonly`, `static`, `const`).
fn has_token(n: Node, token: &str) -> bool {
    let mut cursor = n.walk();
    n.children(&mut cursor).any(|c| c.kind() == token)
}

fn unquote(s: &str) -> &str {
    s.trim_matches(['"', '\'', '`'])
}

/// Runs of white space as one space.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl<F: Fn(Node) -> Loc> Reader<'_, F> {
    fn src(&self, n: Node) -> &str {
        &self.text[n.byte_range()]
    }

    fn name(&self, n: Node) -> String {
        n.child_by_field_name("name")
            .map(|c| unquote(self.src(c)).to_string())
            .unwrap_or_default()
    }

    fn at(&self, n: Node) -> Loc {
        (self.loc)(n.child_by_field_name("name").unwrap_or(n))
    }

    pub fn statements(&self, parent: Node, prefix: &str, depth: usize, out: &mut Vec<Decl>) {
        for child in kids(parent) {
            self.declaration(child, prefix, depth, out);
        }
    }

    fn declaration(&self, n: Node, prefix: &str, depth: usize, out: &mut Vec<Decl>) {
        let body = match n.kind() {
            "export_statement" | "ambient_declaration" | "expression_statement" => {
                return self.statements(n, prefix, depth, out);
            }
            "interface_declaration" => Body::Interface {
                extends: kids(n)
                    .into_iter()
                    .filter(|c| c.kind() == "extends_type_clause")
                    .flat_map(kids)
                    .map(|t| self.ty(t))
                    .collect(),
                members: n
                    .child_by_field_name("body")
                    .map(|b| self.members(b))
                    .unwrap_or_default(),
            },
            "type_alias_declaration" => Body::Alias(
                n.child_by_field_name("value")
                    .map(|v| self.ty(v))
                    .unwrap_or_else(|| Ty::named("any")),
            ),
            "class_declaration" | "abstract_class_declaration" => Body::Class {
                extends: self.class_extends(n),
                members: n
                    .child_by_field_name("body")
                    .map(|b| self.members(b))
                    .unwrap_or_default(),
            },
            // A function written out in full and not exported is sample code (an interceptor,
            // a handler a user would write): its signature is the reader's, not the API's.
            "function_declaration" if n.parent().is_none_or(|p| p.kind() != "export_statement") => {
                return;
            }
            "function_declaration" | "function_signature" => {
                let name = format!("{prefix}{}", self.name(n));
                let sig = self.signature(n);
                // Overloads are declarations of one name, one after another.
                if let Some(Decl {
                    body: Body::Function(sigs),
                    ..
                }) = out.iter_mut().rev().find(|d| d.name == name)
                {
                    sigs.push(sig);
                    return;
                }
                Body::Function(vec![sig])
            }
            "enum_declaration" => Body::Enum {
                constant: has_token(n, "const"),
                members: self.enum_members(n),
            },
            "internal_module" | "module" => {
                let name = self.name(n);
                let body = n.child_by_field_name("body");
                let constants = body.map(|b| self.constants(b)).unwrap_or_default();
                self.push(out, prefix, n, Body::Namespace(constants));
                if depth < MAX_NAMESPACE_DEPTH
                    && let Some(body) = body
                {
                    self.statements(body, &format!("{prefix}{name}."), depth + 1, out);
                }
                return;
            }
            _ => return,
        };
        self.push(out, prefix, n, body);
    }

    fn push(&self, out: &mut Vec<Decl>, prefix: &str, n: Node, body: Body) {
        let name = self.name(n);
        if name.is_empty() {
            return;
        }
        out.push(Decl {
            name: format!("{prefix}{name}"),
            type_params: self.type_params(n),
            body,
            loc: self.at(n),
        });
    }

    fn class_extends(&self, n: Node) -> Vec<Ty> {
        let mut out = Vec::new();
        for heritage in kids(n).into_iter().filter(|c| c.kind() == "class_heritage") {
            for clause in kids(heritage) {
                if clause.kind() != "extends_clause" {
                    continue;
                }
                if let Some(v) = clause.child_by_field_name("value") {
                    let args = clause
                        .child_by_field_name("type_arguments")
                        .map(|a| kids(a).into_iter().map(|t| self.ty(t)).collect())
                        .unwrap_or_default();
                    out.push(Ty::Named(squash(self.src(v)), args));
                }
            }
        }
        out
    }

    fn type_params(&self, n: Node) -> Vec<TypeParam> {
        let Some(list) = n.child_by_field_name("type_parameters") else {
            return Vec::new();
        };
        kids(list)
            .into_iter()
            .filter(|p| p.kind() == "type_parameter")
            .map(|p| {
                // `constraint` and `value` wrap the type in `extends` / `=` tokens.
                let inner = |field| {
                    p.child_by_field_name(field)
                        .and_then(|c| kids(c).into_iter().next())
                        .map(|t| self.ty(t))
                };
                TypeParam {
                    name: self.name(p),
                    constraint: inner("constraint"),
                    default: inner("value"),
                }
            })
            .collect()
    }

    fn enum_members(&self, n: Node) -> Vec<EnumMember> {
        let Some(body) = n.child_by_field_name("body") else {
            return Vec::new();
        };
        kids(body)
            .into_iter()
            .map(|m| match m.kind() {
                "enum_assignment" => EnumMember {
                    name: self.name(m),
                    value: m.child_by_field_name("value").map(|v| squash(self.src(v))),
                    loc: self.at(m),
                },
                _ => EnumMember {
                    name: unquote(self.src(m)).to_string(),
                    value: None,
                    loc: (self.loc)(m),
                },
            })
            .collect()
    }

    /// `export const Error: 1 = 1;` members of a namespace used as an enum.
    fn constants(&self, body: Node) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![body];
        while let Some(n) = stack.pop() {
            for c in kids(n) {
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

    /// The members of an interface, object type or class body, by name.
    pub fn members(&self, body: Node) -> Vec<Member> {
        let mut out: Vec<Member> = Vec::new();
        for m in kids(body) {
            let Some(member) = self.member(m) else {
                continue;
            };
            match out.iter_mut().find(|o| o.name == member.name) {
                // Overloads of a method; a getter beside its setter.
                Some(o) if matches!(o.ty, Ty::Function(_) | Ty::Intersection(_)) => {
                    o.ty = Ty::intersection(vec![o.ty.clone(), member.ty]);
                }
                Some(o) => o.readonly &= member.readonly,
                None => out.push(member),
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    fn member(&self, m: Node) -> Option<Member> {
        let hidden = kids(m).iter().any(|c| {
            c.kind() == "accessibility_modifier" && self.src(*c) == "private"
                || c.kind() == "private_property_identifier"
        });
        if hidden {
            return None;
        }
        let statik = if has_token(m, "static") {
            "static "
        } else {
            ""
        };
        let name = || format!("{statik}{}", self.name(m));
        let annotated = |field| {
            m.child_by_field_name(field)
                .and_then(|t| kids(t).into_iter().next())
                .map(|t| self.ty(t))
                .unwrap_or_else(|| Ty::named("any"))
        };
        let (name, ty, readonly) = match m.kind() {
            "property_signature" | "public_field_definition" => {
                (name(), annotated("type"), has_token(m, "readonly"))
            }
            "method_signature" | "method_definition" | "abstract_method_signature" => {
                if has_token(m, "get") {
                    (name(), annotated("return_type"), true)
                } else if has_token(m, "set") {
                    let value = m
                        .child_by_field_name("parameters")
                        .and_then(|p| self.params(p).into_iter().next())
                        .map(|p| p.ty)
                        .unwrap_or_else(|| Ty::named("any"));
                    (name(), value, false)
                } else {
                    (name(), Ty::Function(Box::new(self.signature(m))), false)
                }
            }
            "call_signature" => (
                "()".into(),
                Ty::Function(Box::new(self.signature(m))),
                false,
            ),
            "construct_signature" => (
                "new()".into(),
                Ty::Function(Box::new(self.signature(m))),
                false,
            ),
            "index_signature" => {
                let key = m
                    .child_by_field_name("index_type")
                    .map(|t| self.ty(t).to_string())
                    .unwrap_or_default();
                (
                    format!("[{key}]"),
                    annotated("type"),
                    has_token(m, "readonly"),
                )
            }
            _ => return None,
        };
        Some(Member {
            name,
            ty,
            optional: has_token(m, "?"),
            readonly,
            loc: self.at(m),
        })
    }

    fn signature(&self, n: Node) -> Signature {
        let returns = n
            .child_by_field_name("return_type")
            .map(|t| match t.kind() {
                "type_annotation" => kids(t)
                    .into_iter()
                    .next()
                    .map(|t| self.ty(t))
                    .unwrap_or_else(|| Ty::named("any")),
                "asserts_annotation" | "type_predicate_annotation" => {
                    Ty::Text(squash(self.src(t).trim_start_matches(':')))
                }
                _ => self.ty(t),
            })
            .or_else(|| n.child_by_field_name("type").map(|t| self.ty(t)))
            .unwrap_or_else(|| Ty::named("void"));
        Signature {
            type_params: self.type_params(n),
            params: n
                .child_by_field_name("parameters")
                .map(|p| self.params(p))
                .unwrap_or_default(),
            returns,
        }
    }

    pub fn params(&self, list: Node) -> Vec<Param> {
        let mut out = Vec::new();
        for p in kids(list) {
            if !matches!(p.kind(), "required_parameter" | "optional_parameter") {
                continue;
            }
            let Some(pattern) = p.child_by_field_name("pattern") else {
                continue;
            };
            let rest = pattern.kind() == "rest_pattern";
            let ty = p
                .child_by_field_name("type")
                .and_then(|t| kids(t).into_iter().next())
                .map(|t| self.ty(t))
                .unwrap_or_else(|| Ty::named("any"));
            out.push(Param {
                name: squash(self.src(pattern).trim_start_matches("...")),
                ty,
                optional: p.kind() == "optional_parameter"
                    || p.child_by_field_name("value").is_some(),
                rest,
            });
        }
        out
    }

    pub fn ty(&self, n: Node) -> Ty {
        if n.has_error() {
            return Ty::Unknown;
        }
        match n.kind() {
            "parenthesized_type" | "type_annotation" => kids(n)
                .into_iter()
                .next()
                .map(|t| self.ty(t))
                .unwrap_or_else(|| Ty::named("any")),
            "predefined_type" | "type_identifier" | "nested_type_identifier" | "this_type" => {
                Ty::named(&squash(self.src(n)))
            }
            "generic_type" => {
                let name = n
                    .child_by_field_name("name")
                    .map(|c| squash(self.src(c)))
                    .unwrap_or_default();
                let mut args: Vec<Ty> = n
                    .child_by_field_name("type_arguments")
                    .map(|a| kids(a).into_iter().map(|t| self.ty(t)).collect())
                    .unwrap_or_default();
                match (name.as_str(), args.len()) {
                    ("Array" | "ReadonlyArray", 1) => Ty::Array {
                        element: Box::new(args.pop().expect("one argument")),
                        readonly: name == "ReadonlyArray",
                    },
                    _ => Ty::Named(name, args),
                }
            }
            "literal_type" => {
                let text = self.src(n).trim();
                match kids(n).first().map(|c| c.kind()) {
                    Some("string") => Ty::Literal(format!("\"{}\"", unquote(text))),
                    _ => Ty::Literal(squash(text)),
                }
            }
            "array_type" => Ty::Array {
                element: Box::new(self.first(n)),
                readonly: false,
            },
            "readonly_type" => match self.first(n) {
                Ty::Array { element, .. } => Ty::Array {
                    element,
                    readonly: true,
                },
                other => Ty::Named("readonly".into(), vec![other]),
            },
            "tuple_type" => Ty::Tuple(kids(n).into_iter().map(|t| self.ty(t)).collect()),
            "union_type" => Ty::union(kids(n).into_iter().map(|t| self.ty(t)).collect()),
            "intersection_type" => {
                Ty::intersection(kids(n).into_iter().map(|t| self.ty(t)).collect())
            }
            "object_type" if !self.is_mapped(n) => Ty::Object(self.members(n)),
            "function_type" => Ty::Function(Box::new(self.signature(n))),
            _ => Ty::Text(squash(self.src(n))),
        }
    }

    fn first(&self, n: Node) -> Ty {
        kids(n)
            .into_iter()
            .next()
            .map(|t| self.ty(t))
            .unwrap_or_else(|| Ty::named("any"))
    }

    /// `{ [K in keyof T]: … }`: a mapped type, compared as a whole.
    fn is_mapped(&self, n: Node) -> bool {
        kids(n).into_iter().any(|m| {
            m.kind() == "index_signature"
                && kids(m).iter().any(|c| c.kind() == "mapped_type_clause")
        })
    }
}
