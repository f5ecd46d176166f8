//! Merging fragments: maps merge key by key; the same key with another value is a finding.

use crate::finding::Finding;
use crate::formats::yaml::{Node, Pos, Value};
use crate::rules;

use super::Api;

/// Merges `from` into the API's tree; returns one finding per key given two different values.
pub fn merge_into(api: &mut Api, from: Node) -> Vec<Finding> {
    if from.get("openapi").is_some() || from.get("swagger").is_some() {
        api.declared = true;
        let (first, last) = line_span(&from);
        api.declared_at.push((from.pos.src, first, last));
    }
    let mut conflicts = Vec::new();
    merge(&mut api.root, from, &mut Vec::new(), &mut conflicts);
    conflicts
        .into_iter()
        .map(|(path, first, second)| {
            let first_loc = api.loc(first);
            Finding::new(
                rules::OPENAPI_CONFLICTING_KEY,
                &api.loc(second),
                format!(
                    "`{}` is defined again with a different value; the first definition at {}:{} is kept",
                    path.join("."),
                    first_loc.file,
                    first_loc.line
                ),
            )
            .subject(path.join("."))
        })
        .collect()
}

/// Whether merging `from` into `into` would give some key two different values.
pub fn conflicts(into: &Node, from: &Node) -> bool {
    let mut stack = vec![(into, from)];
    while let Some((mine, theirs)) = stack.pop() {
        match (&mine.value, &theirs.value) {
            (Value::Map(m), Value::Map(t)) => {
                for (key, value) in t {
                    if let Some((_, existing)) = m.iter().find(|(k, _)| k.name == key.name) {
                        stack.push((existing, value));
                    }
                }
            }
            _ if !mine.same_as(theirs) => return true,
            _ => {}
        }
    }
    false
}

/// The first and last line a tree's positions reach.
fn line_span(node: &Node) -> (u32, u32) {
    let (mut first, mut last) = (node.pos.line, node.pos.line);
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        first = first.min(n.pos.line);
        last = last.max(n.pos.line);
        match &n.value {
            Value::Map(entries) => {
                for (k, v) in entries {
                    first = first.min(k.pos.line);
                    stack.push(v);
                }
            }
            Value::Seq(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    (first, last)
}

type Conflict = (Vec<String>, Pos, Pos);

fn merge(into: &mut Node, from: Node, path: &mut Vec<String>, out: &mut Vec<Conflict>) {
    match (&mut into.value, from.value) {
        (Value::Map(mine), Value::Map(theirs)) => {
            for (key, value) in theirs {
                match mine.iter_mut().find(|(k, _)| k.name == key.name) {
                    Some((existing_key, existing)) => {
                        path.push(key.name.clone());
                        if existing.is_map() && value.is_map() {
                            merge(existing, value, path, out);
                        } else if !existing.same_as(&value) {
                            out.push((path.clone(), existing_key.pos, key.pos));
                        }
                        path.pop();
                    }
                    None => mine.push((key, value)),
                }
            }
        }
        (_, theirs) => {
            let theirs = Node {
                pos: from.pos,
                value: theirs,
            };
            if !into.same_as(&theirs) {
                out.push((path.clone(), into.pos, theirs.pos));
            }
        }
    }
}
