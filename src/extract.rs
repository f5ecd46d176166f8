//! `contracts extract`: the doc's contracts as real spec files, one per target.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::analyze::{Analysis, Role};
use crate::extract_proto;
use crate::finding::{Finding, Loc};
use crate::formats::typescript;
use crate::markdown::Block;
use crate::model::Kind;
use crate::rules;

/// One file to write, relative to `--out`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub path: String,
    pub bytes: String,
    /// The doc it comes from, as shown in its header.
    pub doc: String,
}

const MARK: &str = "edit the doc, not this file";

fn header(comment: &str, doc: &str, first: u32, last: u32) -> String {
    linked_header(comment, doc, first, last, &[])
}

/// The header of a target that also takes in spec files linked from the doc.
fn linked_header(comment: &str, doc: &str, first: u32, last: u32, linked: &[String]) -> String {
    let with = if linked.is_empty() {
        String::new()
    } else {
        format!(" with {}", linked.join(", "))
    };
    format!("{comment} generated from {doc} (lines {first}–{last}){with}; {MARK}\n")
}

/// The doc a generated file names in its header, if it is one of ours.
pub fn generated_from(text: &str) -> Option<&str> {
    let first = text.lines().next()?;
    if !first.ends_with(MARK) {
        return None;
    }
    let rest = &first[first.find("generated from ")? + "generated from ".len()..];
    Some(&rest[..rest.rfind(" (lines ")?])
}

type Groups = BTreeMap<String, (Kind, Vec<usize>)>;

fn stem_of(a: &Analysis) -> String {
    match a.source.rel_dir.as_str() {
        "" => a.source.stem(),
        dir => format!("{dir}/{}", a.source.stem()),
    }
}

fn default_path(stem: &str, kind: Kind, target: &str) -> String {
    match kind {
        Kind::Openapi => format!("{stem}/{target}.openapi.yaml"),
        Kind::Protobuf => format!("{stem}/{target}.proto"),
        Kind::Graphql => format!("{stem}/schema.graphql"),
        Kind::Typescript => format!("{stem}/types.ts"),
    }
}

/// The file each contract block goes to (target path -> kind and blocks in doc order), and
/// the targets one of whose blocks does not parse.
fn group(a: &Analysis, findings: &mut Vec<Finding>) -> (Groups, BTreeSet<String>) {
    let (doc, stem) = (&a.source.display, stem_of(a));
    let mut groups = Groups::new();
    let mut broken: BTreeSet<String> = BTreeSet::new();
    for r in a.results.iter().filter(|r| r.role == Role::Contract) {
        let block = a.block(r);
        let path = match &block.info.file {
            Some(f) => match crate::source::relative_inside(f) {
                Some(p) => p,
                None => {
                    findings.push(
                        Finding::new(
                            rules::EXTRACT_UNSAFE_PATH,
                            &fence(block, doc),
                            format!("`file={f}` is absolute or climbs out of --out with `..`; nothing is written for it"),
                        )
                        .subject(f.clone()),
                    );
                    continue;
                }
            },
            None if r.kind == Kind::Openapi => {
                // The API's own target: a `file=` on any of its blocks wins.
                let Some(api) = a.apis.iter().find(|api| api.blocks.contains(&r.block)) else {
                    continue;
                };
                match &api.target {
                    Some(f) => match crate::source::relative_inside(f) {
                        Some(p) => p,
                        None => continue,
                    },
                    None => default_path(&stem, Kind::Openapi, &api.slug),
                }
            }
            None => default_path(&stem, r.kind, &r.target),
        };
        if !r.parsed {
            broken.insert(path.clone());
        }
        groups
            .entry(path)
            .or_insert((r.kind, Vec::new()))
            .1
            .push(r.block);
    }
    // APIs made only of linked spec files have no block: they are written too.
    for api in a.apis.iter().filter(|api| api.blocks.is_empty()) {
        groups.insert(
            default_path(&stem, Kind::Openapi, &api.slug),
            (Kind::Openapi, Vec::new()),
        );
    }
    (groups, broken)
}

/// Protobuf files by default target split where a block defines a name again; a `file=`
/// target is the author's one file, as written. Also the blocks of every proto file.
fn split_protos(
    a: &Analysis,
    groups: Groups,
    broken: &BTreeSet<String>,
) -> (Groups, Vec<(String, Vec<usize>)>) {
    let explicit: BTreeSet<String> = a
        .results
        .iter()
        .filter_map(|r| a.block(r).info.file.clone())
        .filter_map(|f| crate::source::relative_inside(&f))
        .collect();
    let mut split_groups = Groups::new();
    let mut proto_files: Vec<(String, Vec<usize>)> = Vec::new();
    for (path, (kind, blocks)) in groups {
        if kind == Kind::Protobuf && !explicit.contains(&path) && !broken.contains(&path) {
            for (p, bs) in extract_proto::split(a, &path, &blocks) {
                proto_files.push((p.clone(), bs.clone()));
                split_groups.insert(p, (kind, bs));
            }
        } else {
            if kind == Kind::Protobuf {
                proto_files.push((path.clone(), blocks.clone()));
            }
            split_groups.insert(path, (kind, blocks));
        }
    }
    (split_groups, proto_files)
}

/// Every target of one analysed source, plus findings for targets that cannot be written.
pub fn targets(a: &Analysis) -> (Vec<Target>, Vec<Finding>) {
    let doc = a.source.display.clone();
    let stem = stem_of(a);
    let mut findings = Vec::new();
    let (groups, broken) = group(a, &mut findings);
    let (split_groups, proto_files) = split_protos(a, groups, &broken);
    let proto_imports = extract_proto::imports(a, &proto_files);
    let mut out = Vec::new();
    for (path, (kind, blocks)) in split_groups {
        if broken.contains(&path) {
            let first = blocks.first().map(|&b| &a.doc.blocks[b]);
            if let Some(b) = first {
                findings.push(
                    Finding::new(
                        rules::EXTRACT_NOT_WRITTEN,
                        &fence(b, &doc),
                        format!("`{path}` is not written: one of its blocks does not parse (see the errors above)"),
                    )
                    .subject(path.clone()),
                );
            }
            continue;
        }
        let bytes = match kind {
            Kind::Openapi => openapi_text(a, &path, &stem, &blocks, &doc),
            Kind::Protobuf => proto_text(
                a,
                &blocks,
                &doc,
                proto_imports.get(&path).map(Vec::as_slice).unwrap_or(&[]),
            ),
            Kind::Graphql => joined(a, &blocks, &doc, "#", |b| b.content.clone()),
            Kind::Typescript => joined(a, &blocks, &doc, "//", |b| {
                typescript::comment_elisions(&b.content)
            }),
        };
        if let Some(bytes) = bytes {
            out.push(Target {
                path,
                bytes,
                doc: doc.clone(),
            });
        }
    }
    (out, findings)
}

fn fence(b: &Block, doc: &str) -> Loc {
    Loc {
        file: doc.to_string(),
        line: b.fence_line,
        column: b.fence_column,
    }
}

fn span(a: &Analysis, blocks: &[usize]) -> (u32, u32) {
    let first = blocks
        .iter()
        .map(|&b| a.doc.blocks[b].fence_line)
        .min()
        .unwrap_or(1);
    let last = blocks
        .iter()
        .map(|&b| a.doc.blocks[b].end_line)
        .max()
        .unwrap_or(first);
    (first, last)
}

fn joined(
    a: &Analysis,
    blocks: &[usize],
    doc: &str,
    comment: &str,
    text: impl Fn(&Block) -> String,
) -> Option<String> {
    let (first, last) = span(a, blocks);
    let mut out = header(comment, doc, first, last);
    for &b in blocks {
        out.push('\n');
        let t = text(&a.doc.blocks[b]);
        out.push_str(t.trim_end());
        out.push('\n');
    }
    Some(out)
}

fn openapi_text(
    a: &Analysis,
    path: &str,
    stem: &str,
    blocks: &[usize],
    doc: &str,
) -> Option<String> {
    let api = a.apis.iter().find(|api| match blocks.first() {
        Some(b) => api.blocks.contains(b),
        None => api.blocks.is_empty() && path == format!("{stem}/{}.openapi.yaml", api.slug),
    })?;
    let (first, last) = (api.first_line, api.last_line);
    let mut json = api.root.to_json();
    drop_elided_operations(&mut json);
    if path.ends_with(".json") {
        // JSON has no comments; the header travels as an extension field.
        let mut obj = serde_json::Map::new();
        obj.insert(
            "x-generated-from".into(),
            linked_header("", doc, first, last, &api.files[1..])
                .trim()
                .into(),
        );
        if let serde_json::Value::Object(m) = json {
            obj.extend(m);
        }
        return serde_json::to_string_pretty(&serde_json::Value::Object(obj))
            .ok()
            .map(|s| s + "\n");
    }
    let body = serde_saphyr::to_string(&json).ok()?;
    Some(format!(
        "{}{}",
        linked_header("#", doc, first, last, &api.files[1..]),
        body
    ))
}

/// `get:` over a `...` line is an operation the doc left out, not an operation without a
/// body: a spec file has no such thing, so it is not written. A path left out the same way
/// is written as a path item with nothing in it.
fn drop_elided_operations(root: &mut serde_json::Value) {
    let Some(paths) = root.get_mut("paths").and_then(|p| p.as_object_mut()) else {
        return;
    };
    for item in paths.values_mut() {
        match item {
            serde_json::Value::Null => *item = serde_json::Value::Object(Default::default()),
            serde_json::Value::Object(ops) => ops.retain(|k, v| {
                !(v.is_null() && crate::formats::openapi::refs::METHODS.contains(&k.as_str()))
            }),
            _ => {}
        }
    }
}

/// Joins proto blocks of one target: one `syntax`, one `package`, imports and file options
/// once each (imports of the target's own blocks dropped), then every block's definitions.
fn proto_text(a: &Analysis, blocks: &[usize], doc: &str, imports: &[String]) -> Option<String> {
    let (first, last) = span(a, blocks);
    let own: BTreeSet<&str> = blocks
        .iter()
        .filter_map(|b| a.protos.iter().find(|(i, _)| i == b))
        .map(|(_, p)| p.name.as_str())
        .collect();
    let mut syntax = None;
    let mut package = None;
    let mut heads: Vec<String> = Vec::new();
    let mut bodies = Vec::new();
    for &b in blocks {
        let (_, proto) = a.protos.iter().find(|(i, _)| *i == b)?;
        let text = extract_proto::own_wrappers(&proto.text, b);
        let (statements, body) = split_proto(&text);
        for s in statements {
            let word = s
                .split(|c: char| c.is_whitespace() || c == '=')
                .next()
                .unwrap_or("");
            match word {
                "syntax" | "edition" => {
                    syntax.get_or_insert(s);
                }
                "package" => {
                    package.get_or_insert(s);
                }
                "import" if own.iter().any(|n| s.contains(&format!("\"{n}\""))) => {}
                _ if !heads.contains(&s) => heads.push(s),
                _ => {}
            }
        }
        bodies.push(body);
    }
    for i in imports {
        let s = format!("import \"{i}\";");
        if !heads.contains(&s) {
            heads.push(s);
        }
    }
    let mut out = header("//", doc, first, last);
    out.push('\n');
    for s in syntax.iter().chain(package.iter()) {
        out.push_str(s);
        out.push('\n');
    }
    if !heads.is_empty() {
        out.push('\n');
        for h in &heads {
            out.push_str(h);
            out.push('\n');
        }
    }
    for body in bodies {
        let body = body.trim();
        if !body.is_empty() {
            out.push('\n');
            out.push_str(body);
            out.push('\n');
        }
    }
    Some(out)
}

/// Top-level `syntax`/`edition`/`package`/`import`/`option` statements, and the rest
/// (definitions with the comments before them), found by a small lexer that knows strings
/// and comments, so that nothing inside a definition is mistaken for a statement.
fn split_proto(text: &str) -> (Vec<String>, String) {
    let bytes = text.as_bytes();
    let mut statements = Vec::new();
    let mut body = String::new();
    let mut i = 0;
    let mut start = 0;
    let mut depth = 0i32;
    let mut head: Option<bool> = None;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            i += bytes[i..]
                .iter()
                .position(|&c| c == b'\n')
                .unwrap_or(bytes.len() - i);
            continue;
        }
        if b == b'/' && bytes.get(i + 1) == Some(&b'*') {
            i += text[i + 2..].find("*/").map_or(bytes.len() - i, |e| e + 4);
            continue;
        }
        if b == b'"' || b == b'\'' {
            i += 1;
            while i < bytes.len() && bytes[i] != b && bytes[i] != b'\n' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            continue;
        }
        if depth == 0 && head.is_none() && !b.is_ascii_whitespace() {
            let word: String = text[i..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            head = Some(matches!(
                word.as_str(),
                "syntax" | "edition" | "package" | "import" | "option"
            ));
            if head == Some(true) {
                // Comments before a header statement go with the definitions.
                body.push_str(&text[start..i]);
                start = i;
            }
        }
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth <= 0 {
                    depth = 0;
                    body.push_str(&text[start..=i]);
                    start = i + 1;
                    head = None;
                }
            }
            b';' if depth == 0 => {
                let stmt = &text[start..=i];
                start = i + 1;
                if head == Some(true) {
                    statements.push(stmt.split_whitespace().collect::<Vec<_>>().join(" "));
                    // A comment after a header statement starts its own line in the output.
                    while matches!(bytes.get(start), Some(b' ' | b'\t')) {
                        start += 1;
                    }
                } else {
                    body.push_str(stmt);
                }
                head = None;
            }
            _ => {}
        }
        i += 1;
    }
    body.push_str(&text[start.min(text.len())..]);
    (statements, dedent_lines(&body))
}

/// Drops trailing spaces and collapses runs of blank lines left where statements were.
fn dedent_lines(text: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if blank > 0 && !out.is_empty() {
            out.push('\n');
        }
        blank = 0;
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proto_statements_split_from_definitions() {
        let (st, body) = split_proto(
            "syntax = \"proto3\"; // c\nmessage A { string s = 1; option (x) = { a: \"}\" }; }\nimport \"b.proto\";\n",
        );
        assert_eq!(st, vec!["syntax = \"proto3\";", "import \"b.proto\";"]);
        assert_eq!(
            body,
            "// c\nmessage A { string s = 1; option (x) = { a: \"}\" }; }\n"
        );
    }

    #[test]
    fn unsafe_targets_are_refused() {
        use crate::source::relative_inside;
        assert_eq!(relative_inside("api/x.yaml").as_deref(), Some("api/x.yaml"));
        assert_eq!(relative_inside("./x.proto").as_deref(), Some("x.proto"));
        for bad in ["../x.yaml", "a/../../x", "/etc/passwd", "C:\\x", "", "."] {
            assert_eq!(relative_inside(bad), None, "{bad}");
        }
    }
}

/// Writes targets below `out`, each atomically, skipping files already up to date.
/// Returns the paths written.
pub fn write(out: &Path, targets: &[Target]) -> std::io::Result<Vec<String>> {
    let mut written = Vec::new();
    std::fs::create_dir_all(out)?;
    for t in targets {
        let dest = out.join(&t.path);
        if std::fs::read(&dest).ok().as_deref() == Some(t.bytes.as_bytes()) {
            continue;
        }
        let parent = dest.parent().unwrap_or(out);
        std::fs::create_dir_all(parent)?;
        refuse_links(out, &dest)?;
        crate::output::write_file(&dest, t.bytes.as_bytes())?;
        written.push(t.path.clone());
    }
    Ok(written)
}

/// A symlink inside `--out` could carry a write elsewhere; none is followed.
fn refuse_links(out: &Path, dest: &Path) -> std::io::Result<()> {
    let rel = dest.strip_prefix(out).unwrap_or(dest);
    let mut cur = out.to_path_buf();
    for c in rel.components() {
        cur.push(c);
        if std::fs::symlink_metadata(&cur).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(std::io::Error::other(format!(
                "{} is a symbolic link; contracts does not write through links",
                cur.display()
            )));
        }
    }
    Ok(())
}

/// How `--out` differs from what the docs say.
#[derive(Debug, Default)]
pub struct Drift {
    pub stale: Vec<(String, String)>,
    pub missing: Vec<String>,
    pub orphaned: Vec<String>,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.orphaned.is_empty()
    }
}

/// Compares `out` with the targets. `docs` are the docs that were read: a generated file
/// is orphaned when its doc was read and no longer produces it, or its doc is gone.
pub fn compare(out: &Path, targets: &[Target], docs: &BTreeSet<String>) -> Drift {
    let mut drift = Drift::default();
    let expected: BTreeSet<&str> = targets.iter().map(|t| t.path.as_str()).collect();
    for t in targets {
        match std::fs::read_to_string(out.join(&t.path)) {
            Ok(old) if old == t.bytes => {}
            Ok(old) => {
                let diff = similar::TextDiff::from_lines(old.as_str(), t.bytes.as_str())
                    .unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{}", t.path), &format!("b/{}", t.path))
                    .to_string();
                drift.stale.push((t.path.clone(), diff));
            }
            Err(_) => drift.missing.push(t.path.clone()),
        }
    }
    for path in generated_files(out) {
        if expected.contains(path.0.as_str()) {
            continue;
        }
        let doc_read = docs.contains(&path.1);
        let doc_gone = !Path::new(&path.1).exists();
        if doc_read || doc_gone {
            drift.orphaned.push(path.0);
        }
    }
    drift
}

/// Files below `out` that carry our header: (path relative to out, doc named in the header).
fn generated_files(out: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(out)
        .standard_filters(false)
        .follow_links(false)
        .build();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let head = text.lines().take(3).collect::<Vec<_>>().join("\n");
        let doc = generated_from(&head)
            .map(str::to_string)
            .or_else(|| json_generated_from(&head));
        if let Some(doc) = doc {
            let rel: PathBuf = entry
                .path()
                .strip_prefix(out)
                .unwrap_or(entry.path())
                .to_path_buf();
            found.push((rel.to_string_lossy().replace('\\', "/"), doc));
        }
    }
    found.sort();
    found
}

fn json_generated_from(head: &str) -> Option<String> {
    let line = head.lines().find(|l| l.contains("\"x-generated-from\""))?;
    let value = line
        .split_once(':')?
        .1
        .trim()
        .trim_end_matches(',')
        .trim_matches('"');
    generated_from(value).map(str::to_string)
}
