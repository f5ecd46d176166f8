//! GraphQL: SDL lowered to types and root fields; operation documents recognised as such.

use graphql_parser::schema::{self, Definition, TypeDefinition, TypeExtension};

use crate::finding::Finding;
use crate::formats::nesting;
use crate::markdown::Block;
use crate::model::{Field, Operation, OperationKind, Reference, Surface, TypeDef, TypeKind};
use crate::rules;

mod excerpt;
pub mod model;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Type system definitions: a contract.
    Schema,
    /// Queries, mutations, fragments: how a client uses the contract, not part of it.
    Operations,
    /// A directive applied on its own, shown to explain the directive: an example.
    DirectiveUsage,
}

pub struct Parsed {
    pub shape: Shape,
    pub surface: Surface,
    /// Schema blocks: the schema as located elements.
    pub schema: Option<model::Schema>,
}

impl Parsed {
    /// A block that shows how something is written: no contract.
    fn illustration() -> Parsed {
        Parsed {
            shape: Shape::DirectiveUsage,
            surface: Surface::default(),
            schema: None,
        }
    }
}

/// GraphQL's parser recurses on nesting; deeper input than this is refused before parsing.
const MAX_NESTING: usize = 64;

pub fn parse_block(block: &Block, file: &str) -> Result<Parsed, Finding> {
    if excerpt::is_directive_usage(&block.content) {
        return Ok(Parsed::illustration());
    }
    let text = &excerpt::elide(&block.content);
    if excerpt::is_empty(text) {
        return Ok(Parsed::illustration());
    }
    if let Some(offset) = nesting::too_deep(text, MAX_NESTING, &["#"]) {
        return Err(Finding::new(
            rules::GRAPHQL_SYNTAX_ERROR,
            &block.loc_of_offset(file, offset),
            format!("GraphQL nests deeper than {MAX_NESTING} levels here; the block is not parsed"),
        ));
    }
    let (schema_err, query_err) = match read(text, block, file) {
        Ok(parsed) => return Ok(parsed),
        Err(errors) => errors,
    };
    // Newer grammar than the parser's (descriptions on operations and on `schema`) and
    // annotations a doc writes into a block (`<---- new field`, `// variables`) do not make
    // a block wrong: read without them before calling it broken.
    let relaxed = excerpt::relax(text);
    if excerpt::is_empty(&relaxed) {
        // Only a description or annotations: an illustration of how they are written.
        return Ok(Parsed::illustration());
    }
    if let Ok(parsed) = read(&relaxed, block, file) {
        return Ok(parsed);
    }
    if let Some(closed) = excerpt::close_cut_off(&relaxed)
        && let Ok(parsed) = read(&closed, block, file)
    {
        return Ok(parsed);
    }
    // Field definitions shown without their type: read inside one.
    if let Some(wrapped) = excerpt::wrap_fields(&relaxed)
        && let Ok(parsed) = read(&wrapped, block, file)
    {
        return Ok(parsed);
    }
    Err(failure(text, block, file, schema_err, query_err))
}

/// Why a block that no reading parses is refused: the error of the reading it most likely
/// meant, or the foreign syntax (a proposal's, another notation's) it shows.
fn failure(
    text: &str,
    block: &Block,
    file: &str,
    schema_err: String,
    query_err: String,
) -> Finding {
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
    if detail.starts_with("invalid directive location") {
        let word = word_at(text, line, col);
        if !crate::check::near_keyword(word, DIRECTIVE_LOCATIONS) {
            return Finding::new(
                rules::GRAPHQL_UNKNOWN_SYNTAX,
                &block.loc(file, line - 1, col - 1),
                format!(
                    "`{word}` is no directive location of GraphQL's: the block is read as a proposal's syntax, and not checked"
                ),
            )
            .subject(word.to_string());
        }
    }
    if let Some(what) = foreign_construct(text, &detail, line, col, meant_operation) {
        return Finding::new(
            rules::GRAPHQL_UNKNOWN_SYNTAX,
            &block.loc(file, line - 1, col - 1),
            format!(
                "{what} is no GraphQL: the block is read as a proposal's syntax or another notation, and not checked"
            ),
        )
        .subject(what);
    }
    if let Some(c) = foreign_character(text, &detail) {
        return Finding::new(
            rules::GRAPHQL_UNKNOWN_SYNTAX,
            &block.loc(file, line - 1, col - 1),
            format!(
                "`{c}` is no GraphQL: the block is read as a proposal's syntax or another notation, and not checked"
            ),
        )
        .subject(c.to_string());
    }
    if !meant_operation && let Some(word) = foreign_word(&detail) {
        return Finding::new(
            rules::GRAPHQL_UNKNOWN_SYNTAX,
            &block.loc(file, line - 1, col - 1),
            format!(
                "`{word}` opens no GraphQL definition: the block is read as a proposal's syntax or another notation, and not checked"
            ),
        )
        .subject(word.to_string());
    }
    Finding::new(
        rules::GRAPHQL_SYNTAX_ERROR,
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
    )
}

/// The block as SDL, as operations, or as both side by side; else the two parse errors.
fn read(text: &str, block: &Block, file: &str) -> Result<Parsed, (String, String)> {
    let schema_err = match schema::parse_schema::<String>(text) {
        Ok(doc) => {
            return Ok(Parsed {
                shape: Shape::Schema,
                surface: lower(&doc, block, file),
                schema: Some(model::build(&doc, block, file)),
            });
        }
        Err(e) => e.to_string(),
    };
    let query_err = match graphql_parser::parse_query::<String>(text) {
        Ok(_) => {
            return Ok(Parsed {
                shape: Shape::Operations,
                surface: Surface::default(),
                schema: None,
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
            schema: Some(model::build(&doc, block, file)),
        });
    }
    Err((schema_err, query_err))
}

/// The words that open a type system definition, and an executable one.
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

/// A block holding both type definitions and operations, as two texts of the same shape:
/// each keeps its own definitions and blanks the other's, so positions stay put.
fn split_mixed(text: &str) -> Option<(String, String)> {
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

/// The word a parse failed on, where a definition had to start, when it is no keyword of
/// GraphQL's and no slip of one (`tpye`): `struct`, `inputunion`, `book.title`.
fn foreign_word(detail: &str) -> Option<&str> {
    let rest = detail.strip_prefix("Unexpected `")?;
    let (word, rest) = rest.split_once("[Name]`; ")?;
    let at_definition = rest.starts_with("Expected schema, extend")
        || rest.starts_with("Expected scalar, type")
        || rest.starts_with("Expected end of input");
    let keyword = TYPE_WORDS.contains(&word) || OPERATION_WORDS.contains(&word);
    let slip = crate::check::near_keyword(word, TYPE_WORDS);
    (at_definition && !keyword && !slip).then_some(word)
}

const DIRECTIVE_LOCATIONS: &[&str] = &[
    "QUERY",
    "MUTATION",
    "SUBSCRIPTION",
    "FIELD",
    "FRAGMENT_DEFINITION",
    "FRAGMENT_SPREAD",
    "INLINE_FRAGMENT",
    "VARIABLE_DEFINITION",
    "SCHEMA",
    "SCALAR",
    "OBJECT",
    "FIELD_DEFINITION",
    "ARGUMENT_DEFINITION",
    "INTERFACE",
    "UNION",
    "ENUM",
    "ENUM_VALUE",
    "INPUT_OBJECT",
    "INPUT_FIELD_DEFINITION",
];

/// The word at a 1-based line and column of `text`.
fn word_at(text: &str, line: usize, col: usize) -> &str {
    let l = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let start = l
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(l.len(), |(i, _)| i);
    let rest = &l[start..];
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// A construct the grammar has no place for, which proposals use: a directive applied to
/// a directive definition, `{{`, `Type::VALUE`, and a `!` in a selection.
fn foreign_construct(
    text: &str,
    detail: &str,
    line: usize,
    col: usize,
    operation: bool,
) -> Option<String> {
    let l = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let at = l
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(l.len(), |(i, _)| i);
    let (before, after) = l.split_at(at);
    if detail.contains("Expected repeatable or on") {
        return Some("a directive definition with more than a name and arguments".into());
    }
    if after.starts_with('{') && before.trim_end().ends_with('{') {
        return Some("`{{`".into());
    }
    if after.starts_with("::") || (after.starts_with(':') && before.ends_with(':')) {
        return Some("`::`".into());
    }
    if detail.contains("[StringValue]`; Expected Name or [") {
        return Some("a string where a type belongs".into());
    }
    if after.starts_with(':') && before.ends_with(':') {
        return Some("`::`".into());
    }
    if operation && after.starts_with('!') {
        return Some("`!` in a selection".into());
    }
    None
}

/// A character GraphQL's grammar has no use for, where proposals and other notations put
/// theirs (`field?`, `<Book>.id`, `Type::VALUE`, `*`). `;` is not among them: writing it
/// is a slip from other languages.
fn foreign_character(text: &str, detail: &str) -> Option<char> {
    const FOREIGN: [char; 7] = ['?', '<', '>', '*', '%', '~', '^'];
    if let Some(c) = detail
        .strip_prefix("Unexpected unexpected character '")
        .and_then(|r| r.chars().next())
    {
        return FOREIGN.contains(&c).then_some(c);
    }
    // A block that fails anywhere and uses such a character in its code is that notation.
    text.lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .filter(|l| !l.contains('"'))
        .find_map(|l| l.chars().find(|c| FOREIGN.contains(c)))
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

/// One type definition or extension, whatever its GraphQL kind.
struct Def<'a, 'd> {
    kind: TypeKind,
    name: &'a str,
    extension: bool,
    at: graphql_parser::Pos,
    fields: &'a [schema::Field<'d, String>],
    inputs: &'a [schema::InputValue<'d, String>],
    values: Vec<String>,
    /// Union members and implemented interfaces: references, not fields.
    named: &'a [String],
}

fn defs<'a, 'd>(doc: &'a schema::Document<'d, String>) -> Vec<Def<'a, 'd>> {
    let enum_values =
        |vs: &[schema::EnumValue<String>]| vs.iter().map(|v| v.name.clone()).collect();
    let def = |kind, name: &'a String, extension, at, named: &'a [String]| Def {
        kind,
        name,
        extension,
        at,
        fields: &[],
        inputs: &[],
        values: Vec::new(),
        named,
    };
    let mut out = Vec::new();
    for d in &doc.definitions {
        let item = match d {
            Definition::TypeDefinition(t) => match t {
                TypeDefinition::Scalar(x) => def(TypeKind::Scalar, &x.name, false, x.position, &[]),
                TypeDefinition::Object(x) => Def {
                    fields: &x.fields,
                    ..def(
                        TypeKind::Object,
                        &x.name,
                        false,
                        x.position,
                        &x.implements_interfaces,
                    )
                },
                TypeDefinition::Interface(x) => Def {
                    fields: &x.fields,
                    ..def(
                        TypeKind::Object,
                        &x.name,
                        false,
                        x.position,
                        &x.implements_interfaces,
                    )
                },
                TypeDefinition::Union(x) => Def {
                    values: x.types.clone(),
                    ..def(TypeKind::Union, &x.name, false, x.position, &x.types)
                },
                TypeDefinition::Enum(x) => Def {
                    values: enum_values(&x.values),
                    ..def(TypeKind::Enum, &x.name, false, x.position, &[])
                },
                TypeDefinition::InputObject(x) => Def {
                    inputs: &x.fields,
                    ..def(TypeKind::Object, &x.name, false, x.position, &[])
                },
            },
            Definition::TypeExtension(t) => match t {
                TypeExtension::Scalar(x) => def(TypeKind::Scalar, &x.name, true, x.position, &[]),
                TypeExtension::Object(x) => Def {
                    fields: &x.fields,
                    ..def(
                        TypeKind::Object,
                        &x.name,
                        true,
                        x.position,
                        &x.implements_interfaces,
                    )
                },
                TypeExtension::Interface(x) => Def {
                    fields: &x.fields,
                    ..def(
                        TypeKind::Object,
                        &x.name,
                        true,
                        x.position,
                        &x.implements_interfaces,
                    )
                },
                TypeExtension::Union(x) => Def {
                    values: x.types.clone(),
                    ..def(TypeKind::Union, &x.name, true, x.position, &x.types)
                },
                TypeExtension::Enum(x) => Def {
                    values: enum_values(&x.values),
                    ..def(TypeKind::Enum, &x.name, true, x.position, &[])
                },
                TypeExtension::InputObject(x) => Def {
                    inputs: &x.fields,
                    ..def(TypeKind::Object, &x.name, true, x.position, &[])
                },
            },
            Definition::SchemaDefinition(_) | Definition::DirectiveDefinition(_) => continue,
        };
        out.push(item);
    }
    out
}

/// graphql-parser places a definition with a description at the description; findings belong
/// on the line that names it, the first one at or after that place that is not description.
fn named_at(lines: &[&str], p: graphql_parser::Pos) -> (usize, usize) {
    let start = p.line.saturating_sub(1);
    let Some(first) = lines.get(start) else {
        return (start, p.column.saturating_sub(1));
    };
    if !first.trim_start().starts_with('"') {
        return (start, p.column.saturating_sub(1));
    }
    let mut in_block_string = false;
    for (i, line) in lines.iter().enumerate().skip(start) {
        let t = line.trim_start();
        let quotes = t.matches("\"\"\"").count();
        let was_inside = in_block_string;
        if quotes % 2 == 1 {
            in_block_string = !in_block_string;
        }
        if was_inside || quotes > 0 || t.starts_with('"') || t.is_empty() || t.starts_with('#') {
            continue;
        }
        return (i, line.len() - t.len());
    }
    (start, p.column.saturating_sub(1))
}

fn lower(doc: &schema::Document<String>, block: &Block, file: &str) -> Surface {
    let lines: Vec<&str> = block.content.lines().collect();
    let loc = |p: graphql_parser::Pos| {
        let (line, col) = named_at(&lines, p);
        block.loc(file, line, col)
    };
    let mut roots = vec![
        "Query".to_string(),
        "Mutation".to_string(),
        "Subscription".to_string(),
    ];
    let mut surface = Surface::default();
    let mut refer = |name: &str, at: graphql_parser::Pos| {
        if name == excerpt::ELIDED_TYPE {
            return;
        }
        surface.refs.push(Reference {
            name: name.to_string(),
            loc: loc(at),
        })
    };
    for def in &doc.definitions {
        match def {
            Definition::SchemaDefinition(s) => {
                roots = [&s.query, &s.mutation, &s.subscription]
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect();
                for r in &roots {
                    refer(r, s.position);
                }
            }
            Definition::DirectiveDefinition(d) => {
                for a in &d.arguments {
                    refer(&base_name(&a.value_type), a.position);
                }
            }
            _ => {}
        }
    }
    let definitions = defs(doc);
    for d in &definitions {
        if d.extension {
            refer(d.name, d.at);
        }
        for n in d.named {
            refer(n, d.at);
        }
        for f in d.fields {
            refer(&base_name(&f.field_type), f.position);
            for a in &f.arguments {
                refer(&base_name(&a.value_type), a.position);
            }
        }
        for i in d.inputs {
            refer(&base_name(&i.value_type), i.position);
        }
    }
    for d in definitions {
        let fields: Vec<Field> = d
            .fields
            .iter()
            .map(|f| field(&f.name, &f.field_type, loc(f.position)))
            .chain(
                d.inputs
                    .iter()
                    .map(|f| field(&f.name, &f.value_type, loc(f.position))),
            )
            .collect();
        if roots.iter().any(|r| r == d.name) {
            for f in &fields {
                surface.operations.push(Operation {
                    kind: OperationKind::GraphqlRoot,
                    name: format!("{}.{}", d.name, f.name),
                    id: None,
                    input: None,
                    output: Some(f.ty.clone()),
                    loc: f.loc.clone(),
                });
            }
        }
        surface.types.push(TypeDef {
            kind: d.kind,
            name: d.name.to_string(),
            fields,
            values: d.values,
            extension: d.extension,
            loc: loc(d.at),
        });
    }
    surface.types.retain(|t| t.name != excerpt::EXCERPT_TYPE);
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
