//! OpenAPI to the surface: `METHOD /path` operations and component schemas.

use crate::formats::yaml::{Node, Value};
use crate::model::{Field, Operation, OperationKind, Surface, TypeDef, TypeKind};

use super::{Api, scalar_text};

pub fn lower(api: &Api) -> Surface {
    let mut surface = Surface::default();
    if let Some(paths) = api.root.get("paths") {
        for (path, item) in paths.entries() {
            for (method, op) in item.entries() {
                if !super::refs::is_method(&method.name) {
                    continue;
                }
                surface.operations.push(Operation {
                    kind: OperationKind::Rest,
                    name: format!("{} {}", method.name.to_ascii_uppercase(), path.name),
                    id: op.get("operationId").map(scalar_text),
                    input: op
                        .get("requestBody")
                        .and_then(|b| b.get("content"))
                        .and_then(first_media_schema),
                    output: success_schema(op),
                    loc: api.loc(method.pos),
                });
            }
        }
    }
    let schemas = api
        .root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .or(api.root.get("definitions"));
    if let Some(schemas) = schemas {
        for (name, schema) in schemas.entries() {
            surface
                .types
                .push(type_def(api, &name.name, schema, name.pos));
        }
    }
    surface
}

fn type_def(api: &Api, name: &str, schema: &Node, at: crate::formats::yaml::Pos) -> TypeDef {
    let mut fields = Vec::new();
    collect_fields(api, schema, &mut fields, 0);
    let values: Vec<String> = schema
        .get("enum")
        .map_or_else(Vec::new, |e| e.items().iter().map(scalar_text).collect());
    let union: Vec<String> = ["oneOf", "anyOf"]
        .iter()
        .filter_map(|k| schema.get(k))
        .flat_map(|n| n.items().iter().map(type_name))
        .collect();
    let kind = if !values.is_empty() {
        TypeKind::Enum
    } else if !union.is_empty() {
        TypeKind::Union
    } else if !fields.is_empty() || schema.get("type").and_then(Node::as_str) == Some("object") {
        TypeKind::Object
    } else {
        TypeKind::Scalar
    };
    TypeDef {
        kind,
        name: name.to_string(),
        fields,
        values: if values.is_empty() { union } else { values },
        extension: false,
        loc: api.loc(at),
    }
}

/// Properties, including those of inline `allOf` members (depth-capped: schemas can nest).
fn collect_fields(api: &Api, schema: &Node, out: &mut Vec<Field>, depth: usize) {
    if depth > 16 {
        return;
    }
    let required: Vec<String> = schema
        .get("required")
        .map_or_else(Vec::new, |r| r.items().iter().map(scalar_text).collect());
    if let Some(props) = schema.get("properties") {
        for (key, prop) in props.entries() {
            let list = is_array(prop);
            let element = if list {
                prop.get("items").unwrap_or(prop)
            } else {
                prop
            };
            out.push(Field {
                name: key.name.clone(),
                ty: type_name(element),
                optional: !required.contains(&key.name),
                list,
                loc: api.loc(key.pos),
            });
        }
    }
    if let Some(all) = schema.get("allOf") {
        for member in all.items() {
            collect_fields(api, member, out, depth + 1);
        }
    }
}

fn is_array(schema: &Node) -> bool {
    match schema.get("type").map(|t| &t.value) {
        Some(Value::Str(s)) => s == "array",
        Some(Value::Seq(items)) => items.iter().any(|i| i.as_str() == Some("array")),
        _ => false,
    }
}

/// `#/components/schemas/Export` -> `Export`; otherwise the format, else the type.
pub fn type_name(schema: &Node) -> String {
    if let Some(r) = schema.get("$ref").and_then(Node::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    if let Some(f) = schema.get("format").and_then(Node::as_str) {
        return f.to_string();
    }
    match schema.get("type").map(|t| &t.value) {
        Some(Value::Str(s)) => s.clone(),
        Some(Value::Seq(items)) => items
            .iter()
            .filter_map(Node::as_str)
            .find(|s| *s != "null")
            .unwrap_or("null")
            .to_string(),
        _ if schema.get("enum").is_some() => "string".to_string(),
        _ => "object".to_string(),
    }
}

fn first_media_schema(content: &Node) -> Option<String> {
    content
        .entries()
        .iter()
        .find_map(|(_, media)| media.get("schema"))
        .map(type_name)
}

fn success_schema(op: &Node) -> Option<String> {
    op.get("responses")?
        .entries()
        .iter()
        .filter(|(code, _)| code.name.starts_with('2'))
        .find_map(|(_, r)| r.get("content").and_then(first_media_schema))
}
