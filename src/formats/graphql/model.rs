//! A GraphQL schema block as located elements by name: built once when the block parses, read
//! by `diff` (and by nothing that parses again).

use std::collections::BTreeMap;

use graphql_parser::schema::{self, Definition, TypeDefinition, TypeExtension};

use crate::finding::{Finding, Loc};
use crate::markdown::Block;
use crate::rules;

/// What decorates an element beside its type: its description, its deprecation and the
/// directives applied to it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks {
    pub description: Option<String>,
    /// `@deprecated`, with its reason (empty when it gives none).
    pub deprecation: Option<String>,
    /// Directives applied, other than `@deprecated`, by name.
    pub directives: BTreeMap<String, Usage>,
}

/// A directive applied to an element: its arguments' values as written, by name.
#[derive(Debug, Clone, PartialEq)]
pub struct Usage {
    pub args: BTreeMap<String, String>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Arg {
    pub ty: String,
    pub default: Option<String>,
    pub marks: Marks,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub ty: String,
    pub args: BTreeMap<String, Arg>,
    /// Input fields: a default value.
    pub default: Option<String>,
    pub deprecated: bool,
    pub description: Option<String>,
    pub marks: Marks,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Value {
    pub deprecated: bool,
    pub marks: Marks,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Type {
    /// `object`, `interface`, `union`, `enum`, `input`, `scalar`.
    pub kind: &'static str,
    pub fields: BTreeMap<String, Field>,
    pub values: BTreeMap<String, Value>,
    /// Union members and implemented interfaces, at the type's place.
    pub members: BTreeMap<String, Loc>,
    pub interfaces: BTreeMap<String, Loc>,
    pub description: Option<String>,
    /// Directives applied to the type (`@oneOf`, `@key`), by name.
    pub directives: BTreeMap<String, Usage>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Directive {
    pub locations: BTreeMap<String, Loc>,
    pub args: BTreeMap<String, Arg>,
    pub repeatable: bool,
    pub description: Option<String>,
    pub loc: Loc,
}

#[derive(Debug, Clone, Default)]
pub struct Schema {
    pub types: BTreeMap<String, Type>,
    pub directives: BTreeMap<String, Directive>,
    /// `query` -> the type named by `schema { query: ... }`.
    pub roots: BTreeMap<&'static str, String>,
    /// Directives applied to the `schema` definition.
    pub applied: BTreeMap<String, Usage>,
    /// Where the `schema` definition is.
    pub schema_loc: Option<Loc>,
    /// Fields defined twice in one block: reported, and the first one kept.
    pub duplicates: Vec<Finding>,
}

impl Schema {
    /// Another block's schema: what this one already defines stands.
    pub fn merge(&mut self, other: &Schema) {
        for (name, t) in &other.types {
            match self.types.get_mut(name) {
                None => {
                    self.types.insert(name.clone(), t.clone());
                }
                Some(mine) => {
                    for (k, f) in &t.fields {
                        mine.fields.entry(k.clone()).or_insert_with(|| f.clone());
                    }
                    for (k, v) in &t.values {
                        mine.values.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                    for (k, l) in &t.members {
                        mine.members.entry(k.clone()).or_insert_with(|| l.clone());
                    }
                    for (k, l) in &t.interfaces {
                        mine.interfaces
                            .entry(k.clone())
                            .or_insert_with(|| l.clone());
                    }
                }
            }
        }
        for (name, d) in &other.directives {
            self.directives
                .entry(name.clone())
                .or_insert_with(|| d.clone());
        }
        for (root, t) in &other.roots {
            self.roots.insert(root, t.clone());
        }
        for (name, u) in &other.applied {
            self.applied
                .entry(name.clone())
                .or_insert_with(|| u.clone());
        }
        if self.schema_loc.is_none() {
            self.schema_loc.clone_from(&other.schema_loc);
        }
        self.duplicates.extend(other.duplicates.iter().cloned());
    }

    /// Roots not declared by a `schema` definition default to `Query`, `Mutation` and
    /// `Subscription` where those types exist.
    pub fn default_roots(&mut self) {
        for (root, default) in [
            ("query", "Query"),
            ("mutation", "Mutation"),
            ("subscription", "Subscription"),
        ] {
            if !self.roots.contains_key(root) && self.types.contains_key(default) {
                self.roots.insert(root, default.to_string());
            }
        }
    }
}

pub fn render(t: &schema::Type<String>) -> String {
    match t {
        schema::Type::NamedType(n) => n.clone(),
        schema::Type::ListType(inner) => format!("[{}]", render(inner)),
        schema::Type::NonNullType(inner) => format!("{}!", render(inner)),
    }
}

/// A definition or extension read: its name, the type it declares and its fields.
type Part<'d> = (&'d String, Type, Vec<(String, Field)>);

struct Reader<'b> {
    block: &'b Block,
    file: &'b str,
}

fn deprecated(ds: &[schema::Directive<String>]) -> bool {
    ds.iter().any(|d| d.name == "deprecated")
}

fn string_value(v: &schema::Value<String>) -> String {
    match v {
        schema::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Reader<'_> {
    fn loc(&self, p: graphql_parser::Pos) -> Loc {
        self.block.loc(
            self.file,
            p.line.saturating_sub(1),
            p.column.saturating_sub(1),
        )
    }

    fn marks(&self, description: &Option<String>, ds: &[schema::Directive<String>]) -> Marks {
        let deprecation = ds.iter().find(|d| d.name == "deprecated").map(|d| {
            let reason = d.arguments.iter().find(|(k, _)| k == "reason");
            reason.map(|(_, v)| string_value(v)).unwrap_or_default()
        });
        Marks {
            description: description.clone(),
            deprecation,
            directives: self.usages(ds),
        }
    }

    fn usages(&self, ds: &[schema::Directive<String>]) -> BTreeMap<String, Usage> {
        let applied = ds.iter().filter(|d| d.name != "deprecated");
        applied
            .map(|d| {
                let usage = Usage {
                    args: d
                        .arguments
                        .iter()
                        .map(|(k, v)| (k.clone(), v.to_string()))
                        .collect(),
                    loc: self.loc(d.position),
                };
                (d.name.clone(), usage)
            })
            .collect()
    }

    fn input_values(&self, vs: &[schema::InputValue<String>]) -> BTreeMap<String, Arg> {
        let arg = |a: &schema::InputValue<String>| Arg {
            ty: render(&a.value_type),
            default: a.default_value.as_ref().map(|v| v.to_string()),
            marks: self.marks(&a.description, &a.directives),
            loc: self.loc(a.position),
        };
        vs.iter().map(|a| (a.name.clone(), arg(a))).collect()
    }

    fn args(&self, f: &schema::Field<String>) -> BTreeMap<String, Arg> {
        self.input_values(&f.arguments)
    }

    fn fields(&self, fs: &[schema::Field<String>]) -> Vec<(String, Field)> {
        let field = |f: &schema::Field<String>| Field {
            ty: render(&f.field_type),
            args: self.args(f),
            default: None,
            deprecated: deprecated(&f.directives),
            description: f.description.clone(),
            marks: self.marks(&f.description, &f.directives),
            loc: self.loc(f.position),
        };
        fs.iter().map(|f| (f.name.clone(), field(f))).collect()
    }

    fn inputs(&self, fs: &[schema::InputValue<String>]) -> Vec<(String, Field)> {
        let field = |f: &schema::InputValue<String>| Field {
            ty: render(&f.value_type),
            args: BTreeMap::new(),
            default: f.default_value.as_ref().map(|v| v.to_string()),
            deprecated: deprecated(&f.directives),
            description: f.description.clone(),
            marks: self.marks(&f.description, &f.directives),
            loc: self.loc(f.position),
        };
        fs.iter().map(|f| (f.name.clone(), field(f))).collect()
    }

    fn values(&self, vs: &[schema::EnumValue<String>]) -> BTreeMap<String, Value> {
        vs.iter()
            .map(|v| {
                let value = Value {
                    deprecated: deprecated(&v.directives),
                    marks: self.marks(&v.description, &v.directives),
                    loc: self.loc(v.position),
                };
                (v.name.clone(), value)
            })
            .collect()
    }

    fn named(&self, names: &[String], at: graphql_parser::Pos) -> BTreeMap<String, Loc> {
        names.iter().map(|n| (n.clone(), self.loc(at))).collect()
    }

    /// A definition or extension as a type with this block's fields of it.
    fn part<'d>(&self, def: &'d Definition<String>) -> Option<Part<'d>> {
        let t = |kind, at, description: &Option<String>, ds: &[schema::Directive<String>]| Type {
            kind,
            fields: BTreeMap::new(),
            values: BTreeMap::new(),
            members: BTreeMap::new(),
            interfaces: BTreeMap::new(),
            description: description.clone(),
            directives: self.usages(ds),
            loc: self.loc(at),
        };
        let none = None;
        Some(match def {
            Definition::TypeDefinition(d) => match d {
                TypeDefinition::Scalar(x) => (
                    &x.name,
                    t("scalar", x.position, &x.description, &x.directives),
                    vec![],
                ),
                TypeDefinition::Object(x) => (
                    &x.name,
                    Type {
                        interfaces: self.named(&x.implements_interfaces, x.position),
                        ..t("object", x.position, &x.description, &x.directives)
                    },
                    self.fields(&x.fields),
                ),
                TypeDefinition::Interface(x) => (
                    &x.name,
                    Type {
                        interfaces: self.named(&x.implements_interfaces, x.position),
                        ..t("interface", x.position, &x.description, &x.directives)
                    },
                    self.fields(&x.fields),
                ),
                TypeDefinition::Union(x) => (
                    &x.name,
                    Type {
                        members: self.named(&x.types, x.position),
                        ..t("union", x.position, &x.description, &x.directives)
                    },
                    vec![],
                ),
                TypeDefinition::Enum(x) => (
                    &x.name,
                    Type {
                        values: self.values(&x.values),
                        ..t("enum", x.position, &x.description, &x.directives)
                    },
                    vec![],
                ),
                TypeDefinition::InputObject(x) => (
                    &x.name,
                    t("input", x.position, &x.description, &x.directives),
                    self.inputs(&x.fields),
                ),
            },
            Definition::TypeExtension(e) => match e {
                TypeExtension::Scalar(x) => (
                    &x.name,
                    t("scalar", x.position, &none, &x.directives),
                    vec![],
                ),
                TypeExtension::Object(x) => (
                    &x.name,
                    Type {
                        interfaces: self.named(&x.implements_interfaces, x.position),
                        ..t("object", x.position, &none, &x.directives)
                    },
                    self.fields(&x.fields),
                ),
                TypeExtension::Interface(x) => (
                    &x.name,
                    Type {
                        interfaces: self.named(&x.implements_interfaces, x.position),
                        ..t("interface", x.position, &none, &x.directives)
                    },
                    self.fields(&x.fields),
                ),
                TypeExtension::Union(x) => (
                    &x.name,
                    Type {
                        members: self.named(&x.types, x.position),
                        ..t("union", x.position, &none, &x.directives)
                    },
                    vec![],
                ),
                TypeExtension::Enum(x) => (
                    &x.name,
                    Type {
                        values: self.values(&x.values),
                        ..t("enum", x.position, &none, &x.directives)
                    },
                    vec![],
                ),
                TypeExtension::InputObject(x) => (
                    &x.name,
                    t("input", x.position, &none, &x.directives),
                    self.inputs(&x.fields),
                ),
            },
            _ => return None,
        })
    }
}

/// The schema one block defines.
pub fn build(doc: &schema::Document<String>, block: &Block, file: &str) -> Schema {
    let r = Reader { block, file };
    let mut s = Schema::default();
    for def in &doc.definitions {
        match def {
            Definition::SchemaDefinition(d) => {
                s.applied.extend(r.usages(&d.directives));
                s.schema_loc.get_or_insert_with(|| r.loc(d.position));
                for (root, t) in [
                    ("query", &d.query),
                    ("mutation", &d.mutation),
                    ("subscription", &d.subscription),
                ] {
                    if let Some(t) = t {
                        s.roots.insert(root, t.clone());
                    }
                }
            }
            Definition::DirectiveDefinition(d) => {
                let locations = d
                    .locations
                    .iter()
                    .map(|l| (l.as_str().to_string(), r.loc(d.position)))
                    .collect();
                s.directives.insert(
                    d.name.clone(),
                    Directive {
                        locations,
                        args: r.input_values(&d.arguments),
                        repeatable: d.repeatable,
                        description: d.description.clone(),
                        loc: r.loc(d.position),
                    },
                );
            }
            _ => {
                // The excerpt reader's stand-in types are never the doc's.
                let stand_in =
                    |n: &str| n == super::excerpt::ELIDED_TYPE || n == super::excerpt::EXCERPT_TYPE;
                if let Some((name, part, fields)) = r.part(def).filter(|p| !stand_in(p.0)) {
                    add(&mut s, name, part, fields);
                }
            }
        }
    }
    s
}

fn add(s: &mut Schema, name: &str, part: Type, fields: Vec<(String, Field)>) {
    let t = s.types.entry(name.to_string()).or_insert_with(|| Type {
        fields: BTreeMap::new(),
        values: BTreeMap::new(),
        members: BTreeMap::new(),
        interfaces: BTreeMap::new(),
        directives: BTreeMap::new(),
        ..part.clone()
    });
    // `_1`, `_2`: the excerpt reader's names for fields a doc shows without one.
    let placeholder =
        |n: &str| n.len() > 1 && n.starts_with('_') && n[1..].bytes().all(|b| b.is_ascii_digit());
    for (fname, f) in fields.into_iter().filter(|(n, _)| !placeholder(n)) {
        if let Some(first) = t.fields.get(&fname) {
            let message = format!(
                "field `{name}.{fname}` is defined again (first at line {}); the first definition is compared",
                first.loc.line
            );
            s.duplicates.push(
                Finding::new(rules::GRAPHQL_DUPLICATE_FIELD, &f.loc, message)
                    .subject(format!("{name}.{fname}")),
            );
            continue;
        }
        t.fields.insert(fname, f);
    }
    for (k, v) in part.values {
        t.values.entry(k).or_insert(v);
    }
    for (k, l) in part.members {
        t.members.entry(k).or_insert(l);
    }
    for (k, l) in part.interfaces {
        t.interfaces.entry(k).or_insert(l);
    }
    for (k, l) in part.directives {
        t.directives.entry(k).or_insert(l);
    }
}
