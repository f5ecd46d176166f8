//! Holds a merged API against the object model of its OpenAPI version.

use serde_path_to_error::Segment;

use crate::finding::Finding;
use crate::formats::yaml::{Node, Pos};
use crate::rules;

use super::{Api, Version};

pub fn validate(api: &Api) -> Vec<Finding> {
    let json = api.root.to_json();
    let result = match api.version {
        Version::V30 => check::<openapiv3::OpenAPI>(json),
        Version::V31 => check::<oas3::Spec>(json),
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
    match result {
        Ok(()) => Vec::new(),
        Err((path, message)) => {
            let pos = locate(&api.root, &path);
            let shown = if path.is_empty() {
                String::new()
            } else {
                format!(" at `{}`", path.join("."))
            };
            vec![
                Finding::new(
                    rules::OPENAPI_INVALID,
                    &api.loc(pos),
                    format!("API `{}` is not valid OpenAPI{shown}: {message}", api.name),
                )
                .subject(path.join(".")),
            ]
        }
    }
}

fn check<T: serde::de::DeserializeOwned>(json: serde_json::Value) -> Result<(), (Vec<String>, String)> {
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
