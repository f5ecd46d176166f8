//! Holds a merged API against the object model of its OpenAPI version.

use serde_path_to_error::Segment;

use crate::finding::Finding;
use crate::formats::yaml::{Node, Pos};
use crate::rules;

use super::{Api, Version};

pub fn validate(api: &Api) -> Vec<Finding> {
    let json = api.root.to_json();
    let failures: Vec<Failure> = match api.version {
        Version::V30 => match check::<openapiv3::OpenAPI>(json) {
            Ok(()) => Vec::new(),
            Err(first) => every_30(&api.root, refine_30(&api.root, first)),
        },
        Version::V31 => check::<oas3::Spec>(json).err().into_iter().collect(),
        Version::Swagger2 | Version::Other => {
            let version = api
                .root
                .get("swagger")
                .or(api.root.get("openapi"))
                .map(super::scalar_text)
                .unwrap_or_default();
            return vec![
                Finding::new(
                    rules::OPENAPI_UNVALIDATED_VERSION,
                    &api.loc(api.root.pos),
                    format!(
                        "API `{}` is version {version}; it is parsed and listed, but only OpenAPI 3.0 and 3.1 are validated",
                        api.name
                    ),
                )
                .subject(api.name.clone()),
            ];
        }
    };
    failures.into_iter().filter_map(|f| judge(api, f)).collect()
}

/// The finding for one object-model failure, unless it is an excerpt's or the model's.
fn judge(api: &Api, failure: Failure) -> Option<Finding> {
    match failure {
        // The 3.1 object model reads JSON Schema 2020-12 only in part (boolean schemas, type
        // lists): what it says inside a schema is its limit, not the doc's fault; and an
        // excerpt with no version line may be 3.1's.
        (path, _)
            if (api.version == Version::V31 || !api.declared)
                && path
                    .iter()
                    .any(|s| s == "schema" || s == "schemas" || s == "items") =>
        {
            None
        }
        // An excerpt (a block that does not state the version itself) leaves required fields
        // and values out (`info: ...`).
        (path, message)
            if !api.in_declared(locate(&api.root, &path))
                && (message.starts_with("missing field")
                    || message.starts_with("invalid type: null")
                    || message.starts_with("no variant of enum ParameterSchemaOrContent")) =>
        {
            None
        }
        (path, message) => {
            let pos = locate(&api.root, &path);
            let shown = if path.is_empty() {
                String::new()
            } else {
                format!(" at `{}`", path.join("."))
            };
            Some(
                Finding::new(
                    rules::OPENAPI_INVALID_DOCUMENT,
                    &api.loc(pos),
                    format!("API `{}` is not valid OpenAPI{shown}: {message}", api.name),
                )
                .subject(path.join(".")),
            )
        }
    }
}

/// serde stops at a document's first failure; each path item, each component and the rest
/// of the root are checked on their own too, so that every fault is reported at its place.
fn every_30(root: &Node, first: Failure) -> Vec<Failure> {
    let mut out = Vec::new();
    let mut one = |path: Vec<String>, node: &Node| {
        if let Some(Err((sub, message))) = check_as_30(&path, node.to_json()) {
            let mut full = path;
            full.extend(sub);
            out.push(refine_30(root, (full, message)));
        }
    };
    if let Some(paths) = root.get("paths") {
        for (key, item) in paths.entries() {
            one(vec!["paths".into(), key.name.clone()], item);
        }
    }
    if let Some(components) = root.get("components") {
        for (section, entries) in components.entries() {
            for (name, node) in entries.entries() {
                one(
                    vec!["components".into(), section.name.clone(), name.name.clone()],
                    node,
                );
            }
        }
    }
    // The root with its paths and components emptied: what is wrong elsewhere.
    let mut rest = root.to_json();
    if let Some(map) = rest.as_object_mut() {
        for key in ["paths", "components"] {
            if map.contains_key(key) {
                map.insert(key.into(), serde_json::json!({}));
            }
        }
    }
    if let Err(f) = check::<openapiv3::OpenAPI>(rest) {
        out.push(refine_30(root, f));
    }
    if out.is_empty() {
        out.push(first);
    }
    out.sort();
    out.dedup();
    out
}

fn check<T: serde::de::DeserializeOwned>(
    json: serde_json::Value,
) -> Result<(), (Vec<String>, String)> {
    match serde_path_to_error::deserialize::<_, T>(json) {
        Ok(_) => Ok(()),
        Err(e) => {
            let path = e
                .path()
                .iter()
                .filter_map(|s| match s {
                    Segment::Map { key } => Some(key.clone()),
                    Segment::Seq { index } => Some(index.to_string()),
                    Segment::Enum { variant } => Some(variant.clone()),
                    Segment::Unknown => None,
                })
                .collect();
            Err((path, e.into_inner().to_string()))
        }
    }
}

type Failure = (Vec<String>, String);

/// openapiv3's untagged `ReferenceOr` makes serde report a failure at the nearest tagged
/// ancestor (often just `paths`). Checking that node's children one by one, each as its own
/// OpenAPI object, walks down to the object that really is wrong.
fn refine_30(root: &Node, mut failure: Failure) -> Failure {
    for _ in 0..64 {
        let Some(node) = walk(root, &failure.0) else {
            break;
        };
        let deeper = children(node).into_iter().find_map(|(key, child)| {
            let mut path = failure.0.clone();
            path.push(key);
            match check_as_30(&path, child.to_json()) {
                Some(Err((sub, message))) => {
                    path.extend(sub);
                    Some((path, message))
                }
                _ => None,
            }
        });
        match deeper {
            Some(f) if f.0.len() > failure.0.len() => failure = f,
            _ => break,
        }
    }
    failure
}

fn children(node: &Node) -> Vec<(String, &Node)> {
    let mut out: Vec<(String, &Node)> = node
        .entries()
        .iter()
        .map(|(k, v)| (k.name.clone(), v))
        .collect();
    out.extend(
        node.items()
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v)),
    );
    out
}

/// Checks a node as the OpenAPI 3.0 object its place in the document says it is.
fn check_as_30(path: &[String], json: serde_json::Value) -> Option<Result<(), Failure>> {
    use openapiv3::{
        Header, MediaType, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response,
        Schema, SecurityScheme,
    };
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    Some(match p.as_slice() {
        ["paths", _] => check::<PathItem>(json),
        ["paths", _, m] if super::refs::is_method(m) => check::<Operation>(json),
        [.., "parameters", i] if i.parse::<usize>().is_ok() => {
            check::<ReferenceOr<Parameter>>(json)
        }
        ["components", "parameters", _] => check::<ReferenceOr<Parameter>>(json),
        [.., "requestBody"] | ["components", "requestBodies", _] => {
            check::<ReferenceOr<RequestBody>>(json)
        }
        [.., "responses", _] => check::<ReferenceOr<Response>>(json),
        [.., "headers", _] => check::<ReferenceOr<Header>>(json),
        [.., "content", _] => check::<MediaType>(json),
        ["components", "schemas", _] | [.., "schema"] | [.., "items"] | [.., "properties", _] => {
            check::<ReferenceOr<Schema>>(json)
        }
        ["components", "securitySchemes", _] => check::<ReferenceOr<SecurityScheme>>(json),
        _ => return None,
    })
}

fn walk<'a>(root: &'a Node, path: &[String]) -> Option<&'a Node> {
    let mut node = root;
    for seg in path {
        node = match node.get(seg) {
            Some(child) => child,
            None => node.items().get(seg.parse::<usize>().ok()?)?,
        };
    }
    Some(node)
}

/// The deepest node of the path that exists: its key when it is a map entry.
fn locate(root: &Node, path: &[String]) -> Pos {
    let mut node = root;
    let mut pos = root.pos;
    for seg in path {
        if let Some(child) = node.get(seg) {
            pos = node.key_pos(seg).unwrap_or(child.pos);
            node = child;
        } else if let Some(child) = seg.parse::<usize>().ok().and_then(|i| node.items().get(i)) {
            pos = child.pos;
            node = child;
        } else {
            break;
        }
    }
    pos
}
