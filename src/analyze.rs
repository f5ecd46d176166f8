//! One source through the pipeline: scan, classify and parse each block, merge OpenAPI
//! fragments into APIs, resolve protobuf imports, lower everything to the surface.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use crate::finding::{Finding, Loc};
use crate::formats::openapi::{self, Api};
use crate::formats::protobuf::{self, Proto};
use crate::formats::{Language, graphql, language_of_path, typescript};
use crate::illustration;
use crate::markdown::{self, Block, Doc};
use crate::model::{Kind, Surface};
use crate::rules;
use crate::source::Source;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Part of the contract.
    Contract,
    /// Marked `example`: parsed and reported, never extracted.
    Example,
    /// Marked `counter-example`: expected to be invalid; not parsed.
    CounterExample,
    /// Marked `skip` / `ignore`.
    Skipped,
    /// A GraphQL operation document: how a client calls the API, not the API.
    Operations,
}

/// What became of one contract block.
#[derive(Debug, Clone)]
pub struct BlockResult {
    pub block: usize,
    pub kind: Kind,
    pub role: Role,
    /// Parsed without a syntax error (counter-examples, skipped and unclosed blocks: false).
    pub parsed: bool,
    /// The API, package or file the block contributes to.
    pub target: String,
    pub surface: Surface,
}

#[derive(Debug, Clone)]
pub struct Analysis {
    pub source: Source,
    /// False for a spec file, which is one whole block.
    pub is_doc: bool,
    pub doc: Doc,
    pub results: Vec<BlockResult>,
    pub apis: Vec<Api>,
    pub protos: Vec<(usize, Proto)>,
    /// GraphQL schema blocks of the contract, as located elements, by block.
    pub graphql: Vec<(usize, crate::formats::graphql::model::Schema)>,
    /// TypeScript declarations, by block.
    pub typescript: Vec<(usize, Vec<typescript::shape::Decl>)>,
    pub findings: Vec<Finding>,
}

impl Analysis {
    pub fn block(&self, r: &BlockResult) -> &Block {
        &self.doc.blocks[r.block]
    }

    pub fn title(&self) -> String {
        self.doc.title.clone().unwrap_or_else(|| self.source.stem())
    }
}

pub fn analyze(source: Source) -> Analysis {
    let is_doc = is_markdown(&source.path);
    let doc = doc_of(&source, is_doc);
    let mut a = Analysis {
        source,
        is_doc,
        doc,
        results: Vec::new(),
        apis: Vec::new(),
        protos: Vec::new(),
        graphql: Vec::new(),
        typescript: Vec::new(),
        findings: Vec::new(),
    };
    let file = a.source.display.clone();
    if let Some(f) = past_block_limit(&mut a.doc, &file) {
        a.findings.push(f);
    }
    let mut fragments: Vec<(usize, Fragment)> = Vec::new();
    // In a doc that holds a Swagger 2.0 document, blocks of bare `definitions:` or
    // `parameters:` are fragments of it (elsewhere they may be JSON Schema or config).
    let swagger_doc = a.doc.blocks.iter().any(|b| {
        Language::of(&b.info.lang) == Some(Language::Data)
            && b.content
                .lines()
                .any(|l| l.starts_with("swagger:") || l.trim_start().starts_with("\"swagger\""))
    });

    for block in &mut a.doc.blocks {
        let code = Language::of(&block.info.lang).is_some_and(|l| l != Language::Data);
        if code && let Some(new_side) = illustration::new_side_of_diff(&block.content) {
            block.content = new_side;
        }
    }
    let blocks = std::mem::take(&mut a.doc.blocks);
    for (i, block) in blocks.iter().enumerate() {
        if let Some(result) = read_block(&mut a, i, block, swagger_doc, &mut fragments) {
            a.results.push(result);
        }
    }
    a.doc.blocks = blocks;

    build_apis(&mut a, fragments, &file);

    crate::finding::sort(&mut a.findings);
    a
}

/// One block read: its role, its parse, and what it adds to the analysis; `None` for a
/// block that holds no contract (code in another language, data that is not OpenAPI).
fn read_block(
    a: &mut Analysis,
    i: usize,
    block: &Block,
    swagger_doc: bool,
    fragments: &mut Vec<(usize, Fragment)>,
) -> Option<BlockResult> {
    let file = a.source.display.clone();
    let Some(lang) = Language::of(&block.info.lang) else {
        if block.info.lang.is_empty()
            && let Some(f) = swallowed_fence(block, &file)
        {
            a.findings.push(f);
        }
        return None;
    };
    for word in &block.info.unknown {
        a.findings.push(
            Finding::new(
                rules::MARKDOWN_UNKNOWN_ATTRIBUTE,
                &fence_loc(block, &file),
                format!("`{word}` is not an attribute contracts knows (file=, title=, filename=, id=, skip)"),
            )
            .subject(word.clone()),
        );
    }
    let role = if block.info.skip {
        Role::Skipped
    } else if block.info.is_counter_example() || illustration::labelled_wrong(&a.source, block) {
        Role::CounterExample
    } else if block.info.has_word("example") {
        Role::Example
    } else {
        Role::Contract
    };
    // CommonMark runs an unclosed fence to the end of its container; so does the block.
    if !block.closed {
        a.findings.push(Finding::new(
            rules::MARKDOWN_UNCLOSED_FENCE,
            &fence_loc(block, &file),
            format!(
                "this ```{} fence is never closed, so lines {}-{} are read as its block; close it with a matching fence",
                block.info.lang, block.fence_line, block.end_line
            ),
        ));
    }
    let mut result = BlockResult {
        block: i,
        kind: lang.kind(),
        role,
        parsed: false,
        target: String::new(),
        surface: Surface::default(),
    };
    if matches!(role, Role::Skipped | Role::CounterExample) {
        if lang == Language::Data && !looks_like_openapi(&block.content) {
            return None;
        }
        return Some(result);
    }
    parse(a, i, block, lang, &mut result, swagger_doc, fragments)?;
    Some(result)
}

/// Parses a block of a contract language into `result` and the analysis; `None` when it
/// turns out to hold no contract.
fn parse(
    a: &mut Analysis,
    i: usize,
    block: &Block,
    lang: Language,
    result: &mut BlockResult,
    swagger_doc: bool,
    fragments: &mut Vec<(usize, Fragment)>,
) -> Option<()> {
    let file = a.source.display.clone();
    match lang {
        Language::Data => match openapi::parse_block(block, &file) {
            Ok(node)
                if openapi::is_openapi(&node)
                    || (swagger_doc && openapi::is_swagger2_fragment(&node)) =>
            {
                result.parsed = true;
                if result.role == Role::Example {
                    // Parsed for its syntax; an example is no part of the API.
                    result.target = "example".into();
                } else {
                    fragments.push((a.results.len(), Fragment { block: i, node }));
                }
            }
            Ok(_) => return None,
            Err(f) => {
                if !looks_like_openapi(&block.content) {
                    return None;
                }
                result.target = section_slug(block, &a.source);
                a.findings.push(f);
            }
        },
        Language::Proto => match protobuf::parse_block(block, &file) {
            Ok(p) => {
                result.parsed = true;
                result.target = p
                    .package
                    .clone()
                    .unwrap_or_else(|| section_slug(block, &a.source));
                result.surface = protobuf::lower(&p, block, &file);
                a.protos.push((i, p));
            }
            Err(fs) => {
                result.target = section_slug(block, &a.source);
                a.findings.extend(fs);
            }
        },
        Language::Graphql => match graphql::parse_block(block, &file) {
            Ok(p) => {
                result.parsed = true;
                result.target = "schema".into();
                if result.role == Role::Contract {
                    match p.shape {
                        graphql::Shape::Operations => result.role = Role::Operations,
                        graphql::Shape::DirectiveUsage => result.role = Role::Example,
                        graphql::Shape::Schema => {}
                    }
                }
                result.surface = p.surface;
                if let Some(schema) = p.schema.filter(|_| result.role == Role::Contract) {
                    a.graphql.push((i, schema));
                }
            }
            Err(f) => {
                result.target = "schema".into();
                a.findings.push(f);
            }
        },
        Language::Typescript => {
            let p = typescript::parse_block(block, &file);
            result.parsed = p.findings.is_empty();
            result.target = "types".into();
            result.surface = p.surface;
            a.findings.extend(p.findings);
            a.typescript.push((i, p.decls));
        }
    }
    Some(())
}

/// A doc's blocks, or a spec file as one whole block.
fn doc_of(source: &Source, is_doc: bool) -> Doc {
    if is_doc {
        markdown::scan(source)
    } else {
        let lang = match language_of_path(&source.path) {
            Some(Language::Data) => "yaml",
            Some(Language::Proto) => "proto",
            Some(Language::Graphql) => "graphql",
            Some(Language::Typescript) => "typescript",
            None => "",
        };
        let mut block = Block::whole(source, lang);
        // A spec file is imported by its path below the walked directory.
        block.info.file = source
            .path
            .file_name()
            .map(|n| match source.rel_dir.as_str() {
                "" => n.to_string_lossy().into_owned(),
                dir => format!("{dir}/{}", n.to_string_lossy()),
            });
        Doc {
            title: Some(source.stem()),
            blocks: vec![block],
            ..Doc::default()
        }
    }
}

/// An OpenAPI block's tree, waiting to be grouped into its API.
struct Fragment {
    block: usize,
    node: crate::formats::yaml::Node,
}

/// Groups fragments into APIs (by `file=`, then `id=`, then section), pulls in linked spec
/// files, fills what fragments leave out, validates and lowers each API.
fn build_apis(a: &mut Analysis, fragments: Vec<(usize, Fragment)>, file: &str) {
    let mut order: Vec<String> = Vec::new();
    let mut groups: BTreeMap<String, Api> = BTreeMap::new();
    let mut members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let title = a.title();
    let keys = assign_apis(a, &fragments, &title);
    let mut alternatives: BTreeMap<String, usize> = BTreeMap::new();
    for ((result_index, frag), (key, name)) in fragments.into_iter().zip(keys) {
        let block = &a.doc.blocks[frag.block];
        // Blocks that only share a heading and disagree are alternatives ("before / after",
        // "this works / this won't"), each its own API; blocks the author tied together with
        // `file=` or `id=` are one API, and a disagreement between them is a finding.
        let tied = key.starts_with("file:") || key.starts_with("id:");
        let n = alternatives.entry(key.clone()).or_insert(0);
        let effective = |n: usize| match n {
            0 => (key.clone(), name.clone()),
            n => (format!("{key}~{n}"), format!("{name} ({})", n + 1)),
        };
        if !tied
            && groups
                .get(&effective(*n).0)
                .is_some_and(|api| openapi::conflicts(&api.root, &frag.node))
        {
            *n += 1;
        }
        let (key, name) = effective(*n);
        let api = groups.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            Api::new(name, block.info.file.clone(), file, frag.node.pos)
        });
        if api.target.is_none() {
            api.target = block.info.file.clone();
        }
        api.blocks.push(frag.block);
        api.first_line = api.first_line.min(block.fence_line);
        api.last_line = api.last_line.max(block.end_line);
        let declared_before = api.declared_at.len();
        let conflicts = openapi::merge_into(api, frag.node);
        // A document the prose calls partial states its version but not its completeness.
        if illustration::labelled_partial(&a.source, block) {
            api.declared_at.truncate(declared_before);
        }
        a.findings.extend(conflicts);
        members.entry(key).or_default().push(result_index);
    }
    if a.is_doc {
        link_specs(a, &mut groups, &mut order, &title, file);
    }
    let stated: BTreeSet<String> = groups
        .values()
        .filter_map(|api| api.root.get("openapi").map(openapi::scalar_text))
        .collect();
    let doc_version = (stated.len() == 1)
        .then(|| stated.first().cloned())
        .flatten();
    for key in order {
        let Some(mut api) = groups.remove(&key) else {
            continue;
        };
        api.complete(&title, doc_version.as_deref());
        a.findings.extend(openapi::validate(&api));
        api.surface = openapi::lower(&api);
        for &ri in members.get(&key).into_iter().flatten() {
            let r = &mut a.results[ri];
            let b = &a.doc.blocks[r.block];
            r.target = api.slug.clone();
            r.surface = within(&api.surface, file, b.fence_line, b.end_line);
        }
        a.apis.push(api);
    }
}

/// Which API each fragment belongs to: (group key, API name).
///
/// Fragments group by `file=`, `id=` or section (see [`group_of`]), with two refinements
/// for documents that are not one-API-per-section:
/// - within one section, a block whose `info.title` differs from the one the section's API
///   already has is a second document, and starts a second API;
/// - when exactly one API of the doc declares its version (`openapi:`/`swagger:`), sections
///   of bare fragments belong to it (a spec spread over a doc, "literate" style).
fn assign_apis(
    a: &Analysis,
    fragments: &[(usize, Fragment)],
    title: &str,
) -> Vec<(String, String)> {
    let mut keys = Vec::new();
    let mut current: BTreeMap<String, (usize, Option<String>)> = BTreeMap::new();
    for (_, frag) in fragments {
        let (base, name) = group_of(&a.doc.blocks[frag.block], title);
        let info_title = frag
            .node
            .get("info")
            .and_then(|i| i.get("title"))
            .map(openapi::scalar_text);
        let (n, seen) = current.entry(base.clone()).or_insert((0, None));
        if let Some(t) = &info_title {
            match seen {
                Some(prev) if prev != t => {
                    *n += 1;
                    *seen = Some(t.clone());
                }
                None => *seen = Some(t.clone()),
                _ => {}
            }
        }
        let (key, name) = match *n {
            0 => (base, name),
            n => (format!("{base}#{n}"), format!("{name} ({})", n + 1)),
        };
        keys.push((key, name));
    }
    let rooted: Vec<&(String, String)> = {
        let mut r: Vec<&(String, String)> = fragments
            .iter()
            .zip(&keys)
            .filter(|((_, f), _)| {
                f.node.get("openapi").is_some() || f.node.get("swagger").is_some()
            })
            .map(|(_, k)| k)
            .collect();
        r.dedup();
        r
    };
    if let [root] = rooted.as_slice() {
        let root = (*root).clone();
        let root_version = fragments
            .iter()
            .zip(&keys)
            .find(|((_, f), k)| {
                **k == root && (f.node.get("openapi").is_some() || f.node.get("swagger").is_some())
            })
            .map(|((_, f), _)| openapi::Version::of(&f.node));
        let rooted_keys: Vec<String> = vec![root.0.clone()];
        for (k, (_, frag)) in keys.iter_mut().zip(fragments) {
            let bare_section = k.0.starts_with("section:") || k.0 == "doc";
            // A Swagger 2.0 fragment is no part of an OpenAPI 3 document, whatever the doc.
            let other_version = openapi::Version::of(&frag.node) == openapi::Version::Swagger2
                && root_version.is_some_and(|v| v != openapi::Version::Swagger2);
            if bare_section && !rooted_keys.contains(&k.0) && !other_version {
                *k = root.clone();
            }
        }
    }
    keys
}

/// An API's group: its `file=` target, else its `id=`, else its section heading.
fn group_of(block: &Block, title: &str) -> (String, String) {
    if let Some(f) = &block.info.file {
        let stem = f.rsplit('/').next().unwrap_or(f);
        let stem = stem.split('.').next().unwrap_or(stem);
        return (format!("file:{f}"), stem.to_string());
    }
    if let Some(id) = &block.info.id {
        return (format!("id:{id}"), id.clone());
    }
    match block.section() {
        Some(h) => (format!("section:{}", h.line), h.text.clone()),
        None => ("doc".to_string(), title.to_string()),
    }
}

/// Local OpenAPI files linked from a section join that section's API.
fn link_specs(
    a: &mut Analysis,
    groups: &mut BTreeMap<String, Api>,
    order: &mut Vec<String>,
    title: &str,
    file: &str,
) {
    let dir = a
        .source
        .path
        .parent()
        .unwrap_or(Path::new(""))
        .to_path_buf();
    for link in a.doc.links.clone() {
        let dest = link.dest.split('#').next().unwrap_or("");
        let lower = dest.to_ascii_lowercase();
        if dest.is_empty()
            || dest.contains("://")
            || dest.starts_with("mailto:")
            || !(lower.ends_with(".yaml") || lower.ends_with(".yml") || lower.ends_with(".json"))
        {
            continue;
        }
        let at = Loc {
            file: file.to_string(),
            line: link.line,
            column: link.column,
        };
        let section = link
            .headings
            .iter()
            .rev()
            .find(|h| h.level == 3)
            .or(link.headings.last());
        // The API of the link's section, whatever its blocks group it by (`file=`, `id=`).
        let section_api = order
            .iter()
            .find(|k| {
                groups[*k].blocks.iter().any(|&b| {
                    let h = a.doc.blocks[b].section();
                    h.map(|h| h.line) == section.map(|h| h.line)
                })
            })
            .cloned();
        let path = dir.join(dest);
        let text = match std::fs::metadata(&path) {
            Ok(m) if m.is_file() && m.len() <= MAX_LINKED_BYTES => std::fs::read_to_string(&path),
            Ok(_) => Err(std::io::Error::other(
                "not a regular file of at most 64 MiB",
            )),
            Err(e) => Err(e),
        };
        let text = match text {
            Ok(t) => t,
            // A section with no API links to configs, schemas and sources as much as to
            // specs: only a file that turns out to be OpenAPI is taken from it.
            Err(_) if section_api.is_none() => continue,
            Err(e) => {
                a.findings.push(
                    Finding::new(
                        rules::OPENAPI_LINKED_SPEC_UNREADABLE,
                        &at,
                        format!("linked spec `{dest}` cannot be read: {e}"),
                    )
                    .subject(dest.to_string()),
                );
                continue;
            }
        };
        let (key, name) = match (&section_api, section) {
            (Some(k), _) => (k.clone(), groups[k].name.clone()),
            (None, Some(h)) => (format!("section:{}", h.line), h.text.clone()),
            (None, None) => ("doc".to_string(), title.to_string()),
        };
        let shown = crate::source::display_path(&path);
        let api = groups.entry(key.clone()).or_insert_with(|| {
            order.push(key.clone());
            Api::new(
                name,
                None,
                file,
                crate::formats::yaml::Pos {
                    src: 0,
                    line: link.line,
                    col: link.column,
                },
            )
        });
        let src = api.files.len() as u16;
        match openapi::parse_file(&text, src) {
            Ok(node) if openapi::is_openapi(&node) => {
                api.files.push(shown);
                api.linked.push(path.clone());
                let conflicts = openapi::merge_into(api, node);
                a.findings.extend(conflicts);
            }
            Err(e) if section_api.is_some() => a.findings.push(
                Finding::new(
                    rules::OPENAPI_LINKED_SPEC_UNREADABLE,
                    &at,
                    format!(
                        "linked spec `{dest}` does not parse at {shown}:{}:{}: {}",
                        e.pos.line + 1,
                        e.pos.col + 1,
                        e.message
                    ),
                )
                .subject(dest.to_string()),
            ),
            _ => {
                if api.blocks.is_empty() && api.files.len() == 1 && api.root.entries().is_empty() {
                    groups.remove(&key);
                    order.retain(|k| k != &key);
                }
            }
        }
    }
}

const MAX_LINKED_BYTES: u64 = 64 << 20;

/// The part of a surface declared between two doc lines.
fn within(s: &Surface, file: &str, first: u32, last: u32) -> Surface {
    let inside = |l: &Loc| l.file == file && l.line >= first && l.line <= last;
    Surface {
        operations: s
            .operations
            .iter()
            .filter(|o| inside(&o.loc))
            .cloned()
            .collect(),
        types: s.types.iter().filter(|t| inside(&t.loc)).cloned().collect(),
        refs: Vec::new(),
        bound: Vec::new(),
    }
}

/// The blocks past `max-blocks` are dropped unread, said at the first of them.
fn past_block_limit(doc: &mut markdown::Doc, file: &str) -> Option<Finding> {
    let limit = crate::limits::get().blocks;
    let first = doc.blocks.get(limit)?;
    let f = Finding::new(
        rules::MARKDOWN_TOO_MANY_BLOCKS,
        &fence_loc(first, file),
        format!(
            "this doc has {} fenced blocks; only the first {limit} are read, so this one and the rest are not checked (`max-blocks` in contracts.toml)",
            doc.blocks.len()
        ),
    )
    .subject(limit.to_string());
    doc.blocks.truncate(limit);
    Some(f)
}

/// A fence with no language that holds a contract fence opener: an earlier fence is
/// unbalanced (a two-backtick opener, say) and this block swallowed a contract.
fn swallowed_fence(block: &Block, file: &str) -> Option<Finding> {
    block.content.lines().enumerate().find_map(|(i, line)| {
        let t = line.trim_start();
        let rest = t.strip_prefix("```").or_else(|| t.strip_prefix("~~~"))?;
        let lang = markdown::Info::parse(rest.trim_start_matches(['`', '~'])).lang;
        Language::of(&lang)?;
        Some(
            Finding::new(
                rules::MARKDOWN_SWALLOWED_FENCE,
                &block.loc(file, i, line.len() - t.len()),
                format!(
                    "a ```{lang} fence opener sits inside the block that starts at line {}; an earlier fence is unbalanced, so this contract is not read",
                    block.fence_line
                ),
            )
            .subject(lang),
        )
    })
}

fn fence_loc(block: &Block, file: &str) -> Loc {
    Loc {
        file: file.to_string(),
        line: block.fence_line,
        column: block.fence_column,
    }
}

/// Whether text that may not parse was meant as OpenAPI: a root-level YAML key, or a JSON key
/// anywhere, that OpenAPI documents have.
fn looks_like_openapi(text: &str) -> bool {
    const YAML_KEYS: &[&str] = &["openapi:", "swagger:", "paths:", "components:", "webhooks:"];
    const JSON_KEYS: &[&str] = &["\"openapi\"", "\"swagger\"", "\"paths\""];
    // A JSON document's own keys sit at its shallowest indentation; a `"paths"` deeper
    // down is some payload's property.
    let indent = |l: &str| l.len() - l.trim_start().len();
    let top = text
        .lines()
        .filter(|l| l.trim_start().starts_with('"'))
        .map(indent)
        .min();
    // Minified JSON: the document's first key follows its opening brace.
    let first_key = text.trim_start().strip_prefix('{').map(str::trim_start);
    first_key.is_some_and(|k| JSON_KEYS.iter().any(|j| k.starts_with(j)))
        || text.lines().any(|l| {
            YAML_KEYS.iter().any(|k| l.starts_with(k))
                || (Some(indent(l)) == top
                    && JSON_KEYS.iter().any(|k| l.trim_start().starts_with(k)))
        })
}

pub fn section_slug(block: &Block, source: &Source) -> String {
    match block.section() {
        Some(h) => openapi::slug(&h.text),
        None => openapi::slug(&source.stem()),
    }
}

/// The walked directory a spec file was found in: its imports are relative to it.
pub fn include_root(source: &Source) -> Option<std::path::PathBuf> {
    let mut dir = source.path.parent()?.to_path_buf();
    for _ in Path::new(&source.rel_dir).components() {
        dir.pop();
    }
    Some(dir)
}

pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| matches!(e.as_str(), "md" | "markdown" | "mdx"))
}
