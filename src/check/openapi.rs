//! OpenAPI validity: `$ref`s resolve, path templates and path parameters agree,
//! `operationId`s are unique, response keys are status codes.

use std::collections::BTreeMap;

use crate::analyze::Analysis;
use crate::finding::Finding;
use crate::formats::openapi::{Api, Version, scalar_text};
use crate::formats::yaml::{Key, Node, Pos, Value};
use crate::rules;

use crate::formats::openapi::refs::{self, Broken, METHODS, percent_decode};

pub fn check(a: &Analysis) -> Vec<Finding> {
    let dir = a
        .source
        .path
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let mut out = Vec::new();
    for api in &a.apis {
        refs(api, &dir, a.is_doc, &mut out);
        path_parameters(api, &mut out);
        unknown_fields(api, &mut out);
        operation_ids(api, &mut out);
        status_codes(api, &mut out);
    }
    out
}

/// The fixed fields of a Path Item and an Operation (3.0 to 3.2). The object models accept
/// any other key and drop it, so `requestBodies:` under an operation would lose the body
/// without a word.
const PATH_ITEM_FIELDS: &[&str] = &[
    "$ref",
    "summary",
    "description",
    "servers",
    "parameters",
    "additionalOperations",
];
const OPERATION_FIELDS: &[&str] = &[
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "parameters",
    "requestBody",
    "responses",
    "callbacks",
    "deprecated",
    "security",
    "servers",
];

fn unknown_fields(api: &Api, out: &mut Vec<Finding>) {
    if matches!(api.version, Version::Swagger2 | Version::Other) {
        return;
    }
    let Some(paths) = api.root.get("paths") else {
        return;
    };
    let mut report = |key: &Key, what: &str, known: &[&str]| {
        if key.name.starts_with("x-") {
            return;
        }
        let near = crate::check::undefined::near_miss(&key.name, known, &[])
            .map(|n| format!("; did you mean `{n}`?"))
            .unwrap_or_default();
        out.push(
            Finding::new(
                rules::OPENAPI_UNKNOWN_FIELD,
                &api.loc(key.pos),
                format!(
                    "`{}` is no field of {what}, so OpenAPI tools ignore it{near}",
                    key.name
                ),
            )
            .subject(format!("{what} {}", key.name)),
        );
    };
    for (_, item) in paths.entries() {
        for (key, op) in item.entries() {
            if METHODS.contains(&key.name.as_str()) || key.name == "query" {
                for (k, _) in op.entries() {
                    if !OPERATION_FIELDS.contains(&k.name.as_str()) {
                        report(k, "an Operation", OPERATION_FIELDS);
                    }
                }
            } else if !PATH_ITEM_FIELDS.contains(&key.name.as_str()) {
                report(key, "a Path Item", PATH_ITEM_FIELDS);
            }
        }
    }
}

/// Every operation of the API: (path key, method key, operation).
fn operations(api: &Api) -> impl Iterator<Item = (&Key, &Key, &Node)> {
    api.root
        .get("paths")
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .flat_map(|(path, item)| {
            item.entries()
                .iter()
                .filter(|(m, _)| METHODS.contains(&m.name.as_str()))
                .map(move |(m, op)| (path, m, op))
        })
}

/// Every `$ref` outside example data and extensions.
fn refs(api: &Api, dir: &std::path::Path, in_doc: bool, out: &mut Vec<Finding>) {
    let mut stack: Vec<(&Node, bool)> = vec![(&api.root, false)];
    while let Some((node, names_are_keys)) = stack.pop() {
        match &node.value {
            Value::Map(entries) => {
                for (key, value) in entries {
                    if key.name == "$ref"
                        && let Some(target) = value.as_str()
                    {
                        check_ref(api, dir, in_doc, target, key.pos, out);
                        continue;
                    }
                    // Under `properties` the keys are property names, not keywords.
                    let data = !names_are_keys
                        && (key.name == "example"
                            || key.name == "examples"
                            || key.name.starts_with("x-"));
                    if !data {
                        let child_names =
                            matches!(key.name.as_str(), "properties" | "patternProperties")
                                && !names_are_keys;
                        stack.push((value, child_names));
                    }
                }
            }
            Value::Seq(items) => stack.extend(items.iter().map(|i| (i, false))),
            _ => {}
        }
    }
}

fn check_ref(
    api: &Api,
    dir: &std::path::Path,
    in_doc: bool,
    target: &str,
    at: Pos,
    out: &mut Vec<Finding>,
) {
    let loc = api.loc(at);
    if target.starts_with("http://") || target.starts_with("https://") {
        out.push(
            Finding::new(
                rules::OPENAPI_REMOTE_REF,
                &loc,
                format!("`$ref: {target}` is remote; contracts never fetches it, so what it points at is not checked"),
            )
            .subject(target.to_string()),
        );
        return;
    }
    if let Some(pointer) = target.strip_prefix('#') {
        match follow(&api.root, pointer) {
            Ok(_) => {}
            // A doc's excerpt that has no `components` (or `definitions`) section at all
            // refers into the part of the spec it does not show; one that has the section
            // and lacks the name has a typo or a missing definition.
            Err(Broken::Missing) if in_doc && !has_section(&api.root, pointer) => out.push(
                Finding::new(
                    rules::OPENAPI_EXTERNAL_REF,
                    &loc,
                    format!("`$ref: {target}` points into a part of the API this doc does not show, so what it points at is not checked"),
                )
                .subject(target.to_string()),
            ),
            Err(Broken::Missing) => out.push(
                Finding::new(
                    rules::OPENAPI_UNRESOLVED_REF,
                    &loc,
                    format!("`$ref: {target}` points at nothing in API `{}`", api.name),
                )
                .subject(target.to_string()),
            ),
            Err(Broken::Cycle) => out.push(
                Finding::new(
                    rules::OPENAPI_REF_CYCLE,
                    &loc,
                    format!(
                        "`$ref: {target}` starts a chain of references that leads back to itself"
                    ),
                )
                .subject(target.to_string()),
            ),
        }
        return;
    }
    let file = target.split('#').next().unwrap_or("");
    if file.is_empty() || dir.join(percent_decode(file)).is_file() || has_id(&api.root, file) {
        return;
    }
    // A doc shows one file of a multi-file API; a spec file claims its neighbours exist.
    let (rule, what) = if !in_doc {
        (
            rules::OPENAPI_UNRESOLVED_REF,
            "names a file that does not exist beside the doc",
        )
    } else {
        (
            rules::OPENAPI_EXTERNAL_REF,
            "names a file that is not beside the doc, so what it points at is not checked",
        )
    };
    out.push(
        Finding::new(rule, &loc, format!("`$ref: {target}` {what}")).subject(target.to_string()),
    );
}

/// Whether the API has the top-level section a pointer reaches into (`components` of
/// `/components/schemas/Pet`, `definitions` of `/definitions/Pet`).
fn has_section(root: &Node, pointer: &str) -> bool {
    let top = pointer
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("");
    top.is_empty() || root.get(top).is_some()
}

/// A schema of the API whose `$id` is `id`: JSON Schema resolves a `$ref` to it.
fn has_id(root: &Node, id: &str) -> bool {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Map(entries) => {
                for (key, value) in entries {
                    if key.name == "$id"
                        && value
                            .as_str()
                            .is_some_and(|v| v == id || v.ends_with(&format!("/{id}")))
                    {
                        return true;
                    }
                    stack.push(value);
                }
            }
            Value::Seq(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    false
}

/// Resolves a JSON pointer, following a target that is itself only a `$ref`.
fn follow<'a>(root: &'a Node, pointer: &str) -> Result<&'a Node, Broken> {
    refs::follow(root, pointer)
}

/// `{param}`s of a template, in order.
fn template_params(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
        .collect()
}

/// A parameter object (following a `$ref`), as (name, in, place of the declaration).
fn parameter<'a>(api: &'a Api, p: &'a Node) -> Option<(String, String, Pos)> {
    let resolved = match p.get("$ref").and_then(Node::as_str) {
        Some(r) => follow(&api.root, r.strip_prefix('#')?).ok()?,
        None => p,
    };
    let name = resolved.get("name").map(scalar_text)?;
    let location = resolved.get("in").map(scalar_text)?;
    Some((name, location, p.pos))
}

fn path_parameters(api: &Api, out: &mut Vec<Finding>) {
    let Some(paths) = api.root.get("paths") else {
        return;
    };
    for (path, item) in paths.entries() {
        let template = template_params(&path.name);
        let shared: Vec<(String, String, Pos)> = item
            .get("parameters")
            .map(|ps| {
                ps.items()
                    .iter()
                    .filter_map(|p| parameter(api, p))
                    .collect()
            })
            .unwrap_or_default();
        let mut used_shared = vec![false; shared.len()];
        let mut any_operation = false;
        for (method, op) in item.entries() {
            if !METHODS.contains(&method.name.as_str()) {
                continue;
            }
            any_operation = true;
            let own: Vec<(String, String, Pos)> = op
                .get("parameters")
                .map(|ps| {
                    ps.items()
                        .iter()
                        .filter_map(|p| parameter(api, p))
                        .collect()
                })
                .unwrap_or_default();
            let declared = |name: &str| {
                own.iter().any(|(n, i, _)| n == name && i == "path")
                    || shared.iter().any(|(n, i, _)| n == name && i == "path")
            };
            // An excerpt that shows no parameters at all has left them out.
            let shown = api.declared || op.get("parameters").is_some() || !shared.is_empty();
            for t in &template {
                if shown && !declared(t) {
                    out.push(
                        Finding::new(
                            rules::OPENAPI_UNDECLARED_PATH_PARAMETER,
                            &api.loc(method.pos),
                            format!(
                                "`{{{t}}}` in `{}` is not declared `in: path` for {}",
                                path.name,
                                method.name.to_ascii_uppercase()
                            ),
                        )
                        .subject(format!(
                            "{} {} {t}",
                            method.name.to_ascii_uppercase(),
                            path.name
                        )),
                    );
                }
            }
            for (n, i, at) in &own {
                if i == "path" && !template.contains(&n.as_str()) {
                    out.push(unused(api, &path.name, n, *at));
                }
            }
            for (k, (n, i, _)) in shared.iter().enumerate() {
                if i == "path" && template.contains(&n.as_str()) {
                    used_shared[k] = true;
                }
            }
        }
        for (k, (n, i, at)) in shared.iter().enumerate() {
            if i == "path" && !used_shared[k] && (any_operation || !template.contains(&n.as_str()))
            {
                out.push(unused(api, &path.name, n, *at));
            }
        }
    }
}

fn unused(api: &Api, path: &str, name: &str, at: Pos) -> Finding {
    Finding::new(
        rules::OPENAPI_UNUSED_PATH_PARAMETER,
        &api.loc(at),
        format!("path parameter `{name}` does not appear in the template `{path}`"),
    )
    .subject(format!("{path} {name}"))
}

fn operation_ids(api: &Api, out: &mut Vec<Finding>) {
    let mut seen: BTreeMap<String, (String, u32)> = BTreeMap::new();
    for (path, method, op) in operations(api) {
        let Some(id_node) = op.get("operationId") else {
            continue;
        };
        let id = scalar_text(id_node);
        let this = format!("{} {}", method.name.to_ascii_uppercase(), path.name);
        match seen.get(&id) {
            Some((first, line)) => out.push(
                Finding::new(
                    rules::OPENAPI_DUPLICATE_OPERATION_ID,
                    &api.loc(id_node.pos),
                    format!(
                        "operationId `{id}` of {this} is already used by {first} (line {line})"
                    ),
                )
                .subject(id.clone()),
            ),
            None => {
                seen.insert(id, (this, id_node.pos.line));
            }
        }
    }
}

fn status_codes(api: &Api, out: &mut Vec<Finding>) {
    for (path, method, op) in operations(api) {
        for (code, _) in op.get("responses").map(Node::entries).unwrap_or_default() {
            if !valid_status(&code.name) {
                out.push(
                    Finding::new(
                        rules::OPENAPI_INVALID_STATUS_CODE,
                        &api.loc(code.pos),
                        format!(
                            "`{}` under {} {} is not a status code (100-599, 1XX-5XX or default)",
                            code.name,
                            method.name.to_ascii_uppercase(),
                            path.name
                        ),
                    )
                    .subject(code.name.clone()),
                );
            }
        }
    }
}

fn valid_status(code: &str) -> bool {
    if code == "default" {
        return true;
    }
    let b = code.as_bytes();
    if b.len() == 3 && (b'1'..=b'5').contains(&b[0]) && b[1..].eq_ignore_ascii_case(b"XX") {
        return true;
    }
    code.len() == 3 && code.parse::<u16>().is_ok_and(|n| (100..=599).contains(&n))
}

#[cfg(test)]
mod tests {
    #[test]
    fn status_codes_and_templates() {
        assert!(
            super::valid_status("2XX")
                && super::valid_status("404")
                && super::valid_status("default")
        );
        assert!(
            !super::valid_status("600") && !super::valid_status("20") && !super::valid_status("ok")
        );
        assert_eq!(super::template_params("/a/{id}/b/{x}"), ["id", "x"]);
        assert_eq!(super::percent_decode("a%7Bb%7D"), "a{b}");
    }
}
