//! `$ref`s within one API, as `check` and `diff` both follow them: JSON-pointer escapes
//! (`~1`, `~0`, percent-encoding), array indices, and chains followed until they end or meet
//! a pointer already seen, which is a cycle.

use crate::formats::yaml::Node;

/// The operations of a path item, as OpenAPI spells the keys.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub fn is_method(key: &str) -> bool {
    METHODS.contains(&key)
}

#[derive(Debug, PartialEq, Eq)]
pub enum Broken {
    Missing,
    Cycle,
}

/// The node a JSON pointer (`/components/schemas/Pet`) names, without following `$ref`s.
pub fn lookup<'a>(root: &'a Node, pointer: &str) -> Option<&'a Node> {
    let mut node = root;
    for raw in pointer.split('/').skip(1) {
        let seg = percent_decode(raw).replace("~1", "/").replace("~0", "~");
        node = match node.get(&seg) {
            Some(n) => n,
            None => node.items().get(seg.parse::<usize>().ok()?)?,
        };
    }
    Some(node)
}

/// The node a local `$ref` target (`#/a/b`) names, following targets that are themselves
/// `$ref`s; a chain that comes back to a pointer it has passed is a cycle.
pub fn follow<'a>(root: &'a Node, pointer: &str) -> Result<&'a Node, Broken> {
    let mut seen: Vec<String> = Vec::new();
    let mut pointer = pointer.to_string();
    loop {
        if seen.contains(&pointer) {
            return Err(Broken::Cycle);
        }
        seen.push(pointer.clone());
        let node = lookup(root, &pointer).ok_or(Broken::Missing)?;
        match local_ref(node) {
            Some(p) => pointer = p.to_string(),
            None => return Ok(node),
        }
    }
}

/// The pointer of a node's local `$ref`, `#/a/b` -> `/a/b`.
fn local_ref(node: &Node) -> Option<&str> {
    node.get("$ref")
        .and_then(Node::as_str)
        .and_then(|t| t.strip_prefix('#'))
}

/// What a node stands for: the target of its `$ref` chain, or the node itself when it has
/// none, the target is missing or remote, or the chain is a cycle (which `check` reports).
pub fn resolve<'a>(root: &'a Node, node: &'a Node) -> &'a Node {
    match local_ref(node) {
        Some(p) => follow(root, p).unwrap_or(node),
        None => node,
    }
}

pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Node {
        crate::formats::openapi::parse_file(text, 0).unwrap()
    }

    #[test]
    fn escapes_indices_and_cycles() {
        let r = root(
            "paths:\n  /a/b:\n    x: 1\nlist:\n  - y: 2\nc:\n  $ref: '#/d'\nd:\n  $ref: '#/c'\n",
        );
        assert!(lookup(&r, "/paths/~1a~1b/x").is_some());
        assert!(lookup(&r, "/list/0/y").is_some());
        assert_eq!(follow(&r, "/c").err(), Some(Broken::Cycle));
        assert_eq!(follow(&r, "/nothing").err(), Some(Broken::Missing));
    }

    #[test]
    fn long_chains_end_where_they_end() {
        let mut text = String::new();
        for i in 0..40 {
            text.push_str(&format!("s{i}:\n  $ref: '#/s{}'\n", i + 1));
        }
        text.push_str("s40:\n  type: string\n");
        let r = root(&text);
        let end = follow(&r, "/s0").unwrap();
        assert_eq!(end.get("type").and_then(Node::as_str), Some("string"));
    }
}
