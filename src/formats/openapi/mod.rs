//! OpenAPI: blocks of one API merged into one spec, validated by its version's object model,
//! and lowered to operations and schemas.

pub mod lower;
mod merge;
pub mod refs;
mod validate;

use crate::finding::{Finding, Loc};
use crate::formats::yaml::{self, Key, Node, Pos, Value};
use crate::markdown::Block;
use crate::model::Surface;
use crate::rules;

pub use lower::lower;
pub use merge::{conflicts, merge_into};
pub use validate::validate;

/// A YAML/JSON block (or spec file) is an OpenAPI contract when its root says so.
pub fn is_openapi(root: &Node) -> bool {
    // AsyncAPI and Arazzo documents share `components`; they are not OpenAPI.
    let other = ["asyncapi", "arazzo", "overlay", "channels", "workflows"]
        .iter()
        .any(|k| root.get(k).is_some());
    // A payload may have a `paths` list or a `components` string; a spec has maps there.
    let spec_shaped = ["paths", "components", "webhooks"]
        .iter()
        .all(|k| root.get(k).is_none_or(|n| matches!(n.value, Value::Map(_))));
    !other
        && spec_shaped
        && ["openapi", "swagger", "paths", "components", "webhooks"]
            .iter()
            .any(|k| root.get(k).is_some())
}

/// A bare Swagger 2.0 fragment: only root keys of a Swagger 2.0 document that are not
/// OpenAPI 3 ones, e.g. `definitions:` or `parameters:`.
pub fn is_swagger2_fragment(root: &Node) -> bool {
    const KEYS: &[&str] = &[
        "definitions",
        "parameters",
        "responses",
        "securityDefinitions",
        "security",
        "tags",
        "host",
        "basePath",
        "schemes",
        "consumes",
        "produces",
        "externalDocs",
    ];
    !root.entries().is_empty()
        && root
            .entries()
            .iter()
            .all(|(k, _)| KEYS.contains(&k.name.as_str()) || k.name.starts_with("x-"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V30,
    V31,
    Swagger2,
    Other,
}

impl Version {
    pub fn of(root: &Node) -> Version {
        if root.get("swagger").is_some()
            || (root.get("openapi").is_none() && looks_like_swagger2(root))
        {
            return Version::Swagger2;
        }
        match root.get("openapi").map(scalar_text).as_deref() {
            None => Version::V30,
            Some(v) if v.starts_with("3.0") => Version::V30,
            Some(v) if v.starts_with("3.1") || v.starts_with("3.2") => Version::V31,
            Some(_) => Version::Other,
        }
    }
}

/// A fragment without a version line that uses Swagger 2.0's own vocabulary.
fn looks_like_swagger2(root: &Node) -> bool {
    if [
        "definitions",
        "produces",
        "consumes",
        "basePath",
        "host",
        "securityDefinitions",
        // Root keys of 2.0 only: OpenAPI 3 keeps these under `components`.
        "responses",
        "parameters",
    ]
    .iter()
    .any(|k| root.get(k).is_some())
    {
        return true;
    }
    let Some(paths) = root.get("paths") else {
        return false;
    };
    // Swagger 2.0 puts `type` on a parameter and `schema` on a response, where OpenAPI 3
    // has a `schema` and a `content`; and it refers into `#/definitions/`.
    let swagger_parameter = |p: &Node| {
        matches!(
            p.get("in").and_then(Node::as_str),
            Some("body" | "formData")
        ) || (p.get("type").is_some() && p.get("schema").is_none() && p.get("content").is_none())
    };
    let swagger_response = |r: &Node| r.get("schema").is_some() && r.get("content").is_none();
    paths.entries().iter().any(|(_, item)| {
        item.entries().iter().any(|(_, op)| {
            op.get("parameters")
                .is_some_and(|ps| ps.items().iter().any(swagger_parameter))
                || op
                    .get("responses")
                    .is_some_and(|rs| rs.entries().iter().any(|(_, r)| swagger_response(r)))
        })
    }) || refers_into_definitions(root)
}

fn refers_into_definitions(root: &Node) -> bool {
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        match &n.value {
            Value::Map(entries) => {
                for (k, v) in entries {
                    if k.name == "$ref"
                        && v.as_str().is_some_and(|r| r.starts_with("#/definitions/"))
                    {
                        return true;
                    }
                    stack.push(v);
                }
            }
            Value::Seq(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    false
}

pub fn scalar_text(n: &Node) -> String {
    match &n.value {
        Value::Str(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// Parses a block's YAML/JSON with every position moved to the doc's 1-based coordinates.
pub fn parse_block(block: &Block, file: &str) -> Result<Node, Finding> {
    let text = elide(&block.content);
    let parsed = yaml::parse(&text).or_else(|e| {
        // JSON members shown without their object (`"paths": {…},`): read inside one.
        let first = text.trim_start();
        // An excerpt cut off after a `...` line: its open brackets closed after it.
        if text != block.content
            && let Some(closed) = close_brackets(&text)
            && let Ok(node) = yaml::parse(&closed)
        {
            return Ok(node);
        }
        if first.starts_with('"')
            && let Ok(node) =
                yaml::parse(&format!("{{{}\n}}", text.trim_end().trim_end_matches(',')))
        {
            return Ok(node);
        }
        Err(e)
    });
    match parsed {
        Ok(mut node) => {
            node.map_pos(&|p: Pos| {
                let (line, col) = block.doc_pos(p.line as usize, p.col as usize);
                Pos { src: 0, line, col }
            });
            Ok(node)
        }
        Err(e) => Err(Finding::new(
            rules::OPENAPI_SYNTAX_ERROR,
            &block.loc(file, e.pos.line as usize, e.pos.col as usize),
            format!("YAML/JSON does not parse: {}", e.message),
        )),
    }
}

/// The brackets (outside strings) a JSON text leaves open, closed after its last line.
fn close_brackets(text: &str) -> Option<String> {
    let mut open = Vec::new();
    let mut quoted = false;
    let mut escaped = false;
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '{' | '[' if !quoted => open.push(if c == '{' { '}' } else { ']' }),
            '}' | ']' if !quoted => {
                open.pop();
            }
            _ => {}
        }
    }
    if open.is_empty() {
        return None;
    }
    let body = text.trim_end().trim_end_matches(',');
    Some(format!("{body}\n{}", open.iter().rev().collect::<String>()))
}

/// A `...` or `…` line stands for what an excerpt leaves out; to YAML it would be a document
/// end or a stray scalar. It becomes blank, and every other line stays where it was.
fn elide(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            let t = line.trim().trim_end_matches(',');
            let dots = t.len() >= 3 && t.chars().all(|c| matches!(c, '.' | '…' | ' '));
            if dots || t == "# ..." {
                line.chars()
                    .map(|c| if c == '\n' || c == '\r' { c } else { ' ' })
                    .collect()
            } else if let Some(key) = line.trim_end().strip_suffix(": ...") {
                // `callbacks: ...`: the value left out, read as an empty map.
                format!("{key}: {{}} {}", &line[line.trim_end().len()..])
            } else {
                line.to_string()
            }
        })
        .collect()
}

/// Parses a whole spec file; positions become the file's 1-based lines, tagged `src`.
pub fn parse_file(text: &str, src: u16) -> Result<Node, yaml::Error> {
    let mut node = yaml::parse(text)?;
    node.map_pos(&|p: Pos| Pos {
        src,
        line: p.line + 1,
        col: p.col + 1,
    });
    Ok(node)
}

/// One API: the blocks (and linked spec files) that describe it, merged.
#[derive(Debug, Clone)]
pub struct Api {
    pub name: String,
    pub slug: String,
    /// A `file=` target named by one of its blocks.
    pub target: Option<String>,
    /// Files the merged tree's positions point into; `files[0]` is the doc.
    pub files: Vec<String>,
    /// The linked spec files, as paths to read (`files[1..]` as shown).
    pub linked: Vec<std::path::PathBuf>,
    pub blocks: Vec<usize>,
    pub root: Node,
    pub version: Version,
    pub surface: Surface,
    pub first_line: u32,
    pub last_line: u32,
    /// Some block or linked file states `openapi:`/`swagger:`: a whole document, held to
    /// the object model in full. An API of bare fragments is an excerpt: the required
    /// fields it does not show are left out, not missing.
    pub declared: bool,
    /// The places (file index, first and last line) of the blocks and files that state it.
    pub declared_at: Vec<(u16, u32, u32)>,
}

impl Api {
    pub fn new(name: String, target: Option<String>, doc: &str, at: Pos) -> Api {
        Api {
            slug: slug(&name),
            name,
            target,
            files: vec![doc.to_string()],
            linked: Vec::new(),
            blocks: Vec::new(),
            root: Node {
                pos: at,
                value: Value::Map(Vec::new()),
            },
            version: Version::V30,
            surface: Surface::default(),
            first_line: at.line,
            last_line: at.line,
            declared: false,
            declared_at: Vec::new(),
        }
    }

    /// Whether `pos` lies in a block or file that states the version: a whole document
    /// there, held to the object model in full.
    pub fn in_declared(&self, pos: Pos) -> bool {
        self.declared_at
            .iter()
            .any(|&(src, first, last)| src == pos.src && (first..=last).contains(&pos.line))
    }

    pub fn loc(&self, pos: Pos) -> Loc {
        Loc {
            file: self.files[pos.src as usize].clone(),
            line: pos.line,
            column: pos.col,
        }
    }

    /// Fills what a fragment may leave out, so that the merged API is a whole document. An
    /// excerpt without a version line is of `doc_version`, the one version the doc's other
    /// documents state, if they agree on one.
    pub fn complete(&mut self, title: &str, doc_version: Option<&str>) {
        let at = self.root.pos;
        let Value::Map(entries) = &mut self.root.value else {
            return;
        };
        let has =
            |entries: &Vec<(Key, Node)>, k: &str| entries.iter().any(|(key, _)| key.name == k);
        let key = |name: &str| Key {
            name: name.to_string(),
            pos: at,
        };
        let str_node = |s: &str| Node {
            pos: at,
            value: Value::Str(s.to_string()),
        };
        let swagger = Version::of(&Node {
            pos: at,
            value: Value::Map(entries.clone()),
        }) == Version::Swagger2;
        let mut front = Vec::new();
        if swagger && !has(entries, "swagger") {
            front.push((key("swagger"), str_node("2.0")));
        }
        if !swagger && !has(entries, "openapi") {
            // What only 3.1 has (`webhooks`, `components.pathItems`) says which version an
            // excerpt is of; else 3.0.
            let root = Node {
                pos: at,
                value: Value::Map(entries.clone()),
            };
            let v31 = root.get("webhooks").is_some()
                || root
                    .get("components")
                    .is_some_and(|c| c.get("pathItems").is_some());
            let version = match doc_version {
                Some(v) if !(v31 && v.starts_with("3.0")) => v,
                _ if v31 => "3.1.0",
                _ => "3.0.3",
            };
            front.push((key("openapi"), str_node(version)));
        }
        // `info: ...` in an excerpt reads as no value: filled like a missing one.
        entries.retain(|(k, v)| !(k.name == "info" && matches!(v.value, Value::Null)));
        if !has(entries, "info") {
            let info = Value::Map(vec![
                (key("title"), str_node(title)),
                (key("version"), str_node("0.0.0")),
            ]);
            front.push((
                key("info"),
                Node {
                    pos: at,
                    value: info,
                },
            ));
        }
        if !has(entries, "paths") {
            let i = entries.len().min(front.len());
            entries.insert(
                i,
                (
                    key("paths"),
                    Node {
                        pos: at,
                        value: Value::Map(Vec::new()),
                    },
                ),
            );
        }
        for (i, e) in front.into_iter().enumerate() {
            entries.insert(i, e);
        }
        self.version = Version::of(&self.root);
    }
}

/// `Export Service (v2)` -> `export-service-v2`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "api".to_string()
    } else {
        out
    }
}
