//! GraphQL: SDL lowered to types and root fields; operation documents recognised as such.

use graphql_parser::schema::{self, Definition, TypeDefinition, TypeExtension};

use crate::finding::Finding;
use crate::formats::nesting;
use crate::markdown::Block;
use crate::model::{Field, Operation, OperationKind, Surface, TypeDef, TypeKind};
use crate::rules;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Type system definitions: a contract.
    Schema,
    /// Queries, mutations, fragments: how a client uses the contract, not part of it.
    Operations,
}

pub struct Parsed {
    pub shape: Shape,
    pub surface: Surface,
}

/// GraphQL's parser recurses on nesting; deeper input than this is refused before parsing.
const MAX_NESTING: usize = 64;

pub fn parse_block(block: &Block, file: &str) -> Result<Parsed, Finding> {
    let text = &block.content;
    if let Some(offset) = nesting::too_deep(text, MAX_NESTING, &["#"]) {
        return Err(Finding::new(
            rules::GRAPHQL_SYNTAX,
            &block.loc_of_offset(file, offset),
            format!("GraphQL nests deeper than {MAX_NESTING} levels here; the block is not parsed"),
        ));
    }
    let schema_err = match schema::parse_schema::<String>(text) {
        Ok(doc) => {
            return Ok(Parsed {
                shape: Shape::Schema,
                surface: lower(&doc, block, file),
            });
        }
        Err(e) => e.to_string(),
    };
    let query_err = match graphql_parser::parse_query::<String>(text) {
        Ok(_) => {
            return Ok(Parsed {
                shape: Shape::Operations,
                surface: Surface::default(),
            });
        }
        Err(e) => e.to_string(),
    };
    // Spec-style blocks put a schema and the operations against it side by side.
    if let Some((types, operations)) = split_mixed(text)
        && let Ok(doc) = schema::parse_schema::<String>(&types)
        && graphql_parser::parse_query::<String>(&operations).is_ok()
    {
        return Ok(Parsed {
            shape: Shape::Schema,
            surface: lower(&doc, block, file),
        });
    }
    // Report the error of the reading the block most likely meant.
    let first_word = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .and_then(|l| l.split(|c: char| !c.is_alphanumeric()).next())
        .unwrap_or("");
    let meant_operation = text.trim_start().starts_with('{')
        || ["query", "mutation", "subscription", "fragment"].contains(&first_word);
    let message = if meant_operation {
        query_err
    } else {
        schema_err
    };
    let (line, col) = error_pos(&message).unwrap_or((1, 1));
    let detail = message
        .split_once('\n')
        .map(|(_, rest)| rest.replace('\n', "; "))
        .unwrap_or(message.clone());
    Err(Finding::new(
        rules::GRAPHQL_SYNTAX,
        &block.loc(file, line - 1, col - 1),
        format!(
            "GraphQL {} does not parse: {}",
            if meant_operation {
                "operation"
            } else {
                "schema"
            },
            detail.trim_end_matches("; ").trim()
        ),
    ))
}

/// A block holding both type definitions and operations, as two texts of the same shape:
/// each keeps its own definitions and blanks the other's, so positions stay put.
fn split_mixed(text: &str) -> Option<(String, String)> {
    const TYPE_WORDS: &[&str] = &[
        "schema",
        "extend",
        "scalar",
        "type",
        "interface",
        "union",
        "enum",
        "input",
        "directive",
    ];
    const OPERATION_WORDS: &[&str] = &["query", "mutation", "subscription", "fragment"];
    let mut types = String::with_capacity(text.len());
    let mut operations = String::with_capacity(text.len());
    let mut depth = 0i32;
    // Whether the current top-level definition is a type definition.
    let mut in_types: Option<bool> = None;
    let (mut saw_types, mut saw_operations) = (false, false);
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if depth == 0 && !t.is_empty() && !t.starts_with('#') && !t.starts_with('"') {
            let word = t.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
            if TYPE_WORDS.contains(&word) {
                in_types = Some(true);
            } else if OPERATION_WORDS.contains(&word) || t.starts_with('{') {
                in_types = Some(false);
            }
        }
        let blank: String = line
            .chars()
            .map(|c| if c == '\n' { c } else { ' ' })
            .collect();
        match in_types {
            Some(false) => {
                saw_operations = true;
                types.push_str(&blank);
                operations.push_str(line);
            }
            _ => {
                saw_types |= in_types.is_some();
                types.push_str(line);
                operations.push_str(&blank);
            }
        }
        let code = t.split('#').next().unwrap_or("");
        depth += code.matches(['{', '(']).count() as i32 - code.matches(['}', ')']).count() as i32;
        depth = depth.max(0);
    }
    (saw_types && saw_operations).then_some((types, operations))
}

/// `... Parse error at 3:14 ...` -> (3, 14).
fn error_pos(message: &str) -> Option<(usize, usize)> {
    let rest = &message[message.find(" at ")? + 4..];
    let token = rest.split_whitespace().next()?;
    let (l, c) = token.split_once(':')?;
    Some((
        l.parse().ok()?,
        c.trim_end_matches(|ch: char| !ch.is_ascii_digit())
            .parse()
            .ok()?,
    ))
}

fn lower(doc: &schema::Document<String>, block: &Block, file: &str) -> Surface {
    let loc = |p: graphql_parser::Pos| {
        block.loc(file, p.line.saturating_sub(1), p.column.saturating_sub(1))
    };
    let mut roots = vec![
        "Query".to_string(),
        "Mutation".to_string(),
        "Subscription".to_string(),
    ];
    for def in &doc.definitions {
        if let Definition::SchemaDefinition(s) = def {
            roots = [&s.query, &s.mutation, &s.subscription]
                .into_iter()
                .flatten()
                .cloned()
                .collect();
        }
    }
    let fields_of = |fields: &[schema::Field<String>]| -> Vec<Field> {
        fields
            .iter()
            .map(|f| field(&f.name, &f.field_type, loc(f.position)))
            .collect()
    };
    let inputs_of = |fields: &[schema::InputValue<String>]| -> Vec<Field> {
        fields
            .iter()
            .map(|f| field(&f.name, &f.value_type, loc(f.position)))
            .collect()
    };
    let mut surface = Surface::default();
    let mut add = |kind, name: &str, fields: Vec<Field>, values: Vec<String>, at| {
        if roots.iter().any(|r| r == name) {
            for f in &fields {
                surface.operations.push(Operation {
                    kind: OperationKind::GraphqlRoot,
                    name: format!("{name}.{}", f.name),
                    id: None,
                    input: None,
                    output: Some(f.ty.clone()),
                    loc: f.loc.clone(),
                });
            }
        }
        surface.types.push(TypeDef {
            kind,
            name: name.to_string(),
            fields,
            values,
            loc: at,
        });
    };
    for def in &doc.definitions {
        match def {
            Definition::TypeDefinition(t) => match t {
                TypeDefinition::Scalar(s) => {
                    add(TypeKind::Scalar, &s.name, vec![], vec![], loc(s.position))
                }
                TypeDefinition::Object(o) => add(
                    TypeKind::Object,
                    &o.name,
                    fields_of(&o.fields),
                    vec![],
                    loc(o.position),
                ),
                TypeDefinition::Interface(i) => add(
                    TypeKind::Object,
                    &i.name,
                    fields_of(&i.fields),
                    vec![],
                    loc(i.position),
                ),
                TypeDefinition::Union(u) => add(
                    TypeKind::Union,
                    &u.name,
                    vec![],
                    u.types.clone(),
                    loc(u.position),
                ),
                TypeDefinition::Enum(e) => add(
                    TypeKind::Enum,
                    &e.name,
                    vec![],
                    e.values.iter().map(|v| v.name.clone()).collect(),
                    loc(e.position),
                ),
                TypeDefinition::InputObject(i) => add(
                    TypeKind::Object,
                    &i.name,
                    inputs_of(&i.fields),
                    vec![],
                    loc(i.position),
                ),
            },
            Definition::TypeExtension(t) => match t {
                TypeExtension::Object(o) => add(
                    TypeKind::Object,
                    &o.name,
                    fields_of(&o.fields),
                    vec![],
                    loc(o.position),
                ),
                TypeExtension::Interface(i) => add(
                    TypeKind::Object,
                    &i.name,
                    fields_of(&i.fields),
                    vec![],
                    loc(i.position),
                ),
                TypeExtension::InputObject(i) => add(
                    TypeKind::Object,
                    &i.name,
                    inputs_of(&i.fields),
                    vec![],
                    loc(i.position),
                ),
                TypeExtension::Enum(e) => add(
                    TypeKind::Enum,
                    &e.name,
                    vec![],
                    e.values.iter().map(|v| v.name.clone()).collect(),
                    loc(e.position),
                ),
                TypeExtension::Union(u) => add(
                    TypeKind::Union,
                    &u.name,
                    vec![],
                    u.types.clone(),
                    loc(u.position),
                ),
                TypeExtension::Scalar(s) => {
                    add(TypeKind::Scalar, &s.name, vec![], vec![], loc(s.position))
                }
            },
            Definition::SchemaDefinition(_) | Definition::DirectiveDefinition(_) => {}
        }
    }
    surface
}

fn field(name: &str, ty: &schema::Type<String>, loc: crate::finding::Loc) -> Field {
    use schema::Type;
    let (optional, inner) = match ty {
        Type::NonNullType(inner) => (false, inner.as_ref()),
        other => (true, other),
    };
    let (list, element) = match inner {
        Type::ListType(el) => (true, el.as_ref()),
        other => (false, other),
    };
    Field {
        name: name.to_string(),
        ty: base_name(element),
        optional,
        list,
        loc,
    }
}

fn base_name(ty: &schema::Type<String>) -> String {
    use schema::Type;
    let mut t = ty;
    loop {
        match t {
            Type::NamedType(n) => return n.clone(),
            Type::ListType(inner) | Type::NonNullType(inner) => t = inner,
        }
    }
}
