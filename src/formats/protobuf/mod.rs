//! Protobuf without protoc: protox parses each block in memory with exact spans, then compiles
//! it against the doc's other blocks and the well-known types to find what does not resolve.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use miette::Diagnostic;
use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{DescriptorProto, EnumDescriptorProto, FileDescriptorProto};
use protox::file::{ChainFileResolver, File, FileResolver, GoogleFileResolver};

use crate::finding::{Finding, Loc};
use crate::markdown::Block;
use crate::model::{Field, Operation, OperationKind, Surface, TypeDef, TypeKind};
use crate::rules;

mod editions;
pub mod elements;
mod excerpt;
pub mod features;

pub use excerpt::{PLACEHOLDER_NAME, WRAPPER_SERVICE, complete, is_placeholder_number};

/// One parsed proto block.
#[derive(Debug, Clone)]
pub struct Proto {
    /// The name other blocks import it by: its `file=`, else `block-<line>.proto`.
    pub name: String,
    pub package: Option<String>,
    pub syntax: String,
    /// `2023`, `2024` for an editions file.
    pub edition: Option<String>,
    /// The text handed to the parser: the block, completed where design docs abbreviate
    /// (see [`complete`]); a valid file on its own.
    pub text: String,
    /// Characters inserted at the start of a line of `text`, to map places back.
    shifts: Vec<(usize, usize)>,
    /// For an editions file, characters inserted to lower it to proto2: (line, column, count).
    lowered: Vec<(usize, usize, usize)>,
    pub descriptor: FileDescriptorProto,
    /// Places of the descriptor's elements, by descriptor path.
    pub spans: Spans,
    /// The descriptor's elements, located in the doc: walked when first asked for.
    elements: std::sync::OnceLock<elements::Elements>,
}

impl Proto {
    /// The descriptor's elements, located in `block` of `file` (the block it was parsed from).
    pub fn elements(&self, block: &Block, file: &str) -> &elements::Elements {
        self.elements
            .get_or_init(|| elements::walk(self, block, file))
    }

    /// A 0-based (line, column) of `text` back in the block's own coordinates.
    fn unshift(&self, line: usize, col: usize) -> (usize, usize) {
        let shift = self
            .shifts
            .iter()
            .find(|(l, _)| *l == line)
            .map_or(0, |(_, n)| *n);
        let col = col.saturating_sub(shift);
        // A place inside inserted text (a field's added label) is the place it was inserted at.
        let col = self
            .lowered
            .iter()
            .find(|(l, c, n)| *l == line && (*c..c + n).contains(&col))
            .map_or(col, |(_, c, _)| *c);
        let before: usize = self
            .lowered
            .iter()
            .filter(|(l, c, n)| *l == line && c + n <= col)
            .map(|(_, _, n)| n)
            .sum();
        (line, col.saturating_sub(before))
    }

    fn loc_of_offset(&self, block: &Block, file: &str, offset: usize) -> Loc {
        let offset = crate::source::floor_char(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count();
        let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count();
        let (line, col) = self.unshift(line, col);
        block.loc(file, line, col)
    }
}

/// The name other blocks import a block by: its `file=` when that is a clean relative path.
pub fn import_name(block: &Block) -> String {
    block
        .info
        .file
        .as_deref()
        .and_then(crate::source::relative_inside)
        .unwrap_or_else(|| format!("block-{}.proto", block.fence_line))
}

/// A name the author gave (not the `block-<line>.proto` of a block without `file=`, which
/// moves whenever lines are added above it).
pub fn named_by_author(name: &str) -> bool {
    let line = name
        .strip_prefix("block-")
        .and_then(|r| r.strip_suffix(".proto"));
    !line.is_some_and(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()))
}

pub fn parse_block(block: &Block, file: &str) -> Result<Proto, Vec<Finding>> {
    let name = import_name(block);
    let lowered = editions::lower(&block.content);
    if let Some(l) = lowered
        .as_ref()
        .filter(|l| !matches!(l.edition.as_str(), "2023" | "2024"))
    {
        let line = block
            .content
            .lines()
            .position(|x| x.trim_start().starts_with("edition"));
        return Err(vec![Finding::new(
            rules::PROTOBUF_UNSUPPORTED_EDITION,
            &block.loc(file, line.unwrap_or(0), 0),
            format!(
                "edition `{}` is not one this release knows (2023, 2024); the block is listed but not checked",
                l.edition
            ),
        )]);
    }
    let content = lowered
        .as_ref()
        .map_or(block.content.as_str(), |l| l.text.as_str());
    // A construct only editions have (`export`/`local` visibility, reserved names written as
    // bare identifiers), shown without its `edition` line.
    if lowered.is_none()
        && let Some(line) = block.content.lines().position(|l| {
            let t = l.trim_start();
            t.starts_with("edition ")
                || t.starts_with("edition=")
                || ["export ", "local "].iter().any(|k| {
                    t.strip_prefix(k)
                        .is_some_and(|r| r.starts_with("message ") || r.starts_with("enum "))
                })
                || t.strip_prefix("reserved ")
                    .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic()))
        })
    {
        return Err(vec![Finding::new(
            rules::PROTOBUF_UNSUPPORTED_EDITION,
            &block.loc(file, line, 0),
            "this block uses editions syntax but has no `edition` line; it is listed but not checked",
        )]);
    }
    let (text, shifts) = complete(content, true);
    let mut result = protox_parse::parse(&name, &text).map(|d| (text, shifts.clone(), d));
    if result.is_err() && !has_syntax(content) {
        // Not proto3 after all: a proto2 snippet without its `syntax` line.
        let (text2, shifts2) = complete(content, false);
        if let Ok(d) = protox_parse::parse(&name, &text2) {
            result = Ok((text2, shifts2, d));
        }
    }
    match result {
        Ok((text, shifts, descriptor)) => Ok(Proto {
            name,
            package: descriptor.package.clone().filter(|p| !p.is_empty()),
            syntax: match &lowered {
                Some(_) => "editions".into(),
                None => descriptor.syntax.clone().unwrap_or_else(|| "proto2".into()),
            },
            edition: lowered.as_ref().map(|l| l.edition.clone()),
            lowered: lowered.map(|l| l.shifts).unwrap_or_default(),
            text,
            shifts,
            spans: Spans::of(&descriptor),
            descriptor,
            elements: std::sync::OnceLock::new(),
        }),
        Err(_) if !looks_like_protobuf(content) => Err(Vec::new()),
        Err(e) => {
            let (text, shifts) = complete(content, true);
            let failed = Proto {
                name,
                package: None,
                syntax: String::new(),
                edition: None,
                lowered: lowered.map(|l| l.shifts).unwrap_or_default(),
                text,
                shifts,
                descriptor: FileDescriptorProto::default(),
                spans: Spans(HashMap::new()),
                elements: std::sync::OnceLock::new(),
            };
            let mut out = Vec::new();
            let mut push = |offset: Option<usize>, message: String| {
                let loc = match offset {
                    Some(o) => failed.loc_of_offset(block, file, o),
                    None => block.start_loc(file),
                };
                out.push(Finding::new(
                    rules::PROTOBUF_SYNTAX_ERROR,
                    &loc,
                    format!("protobuf does not parse: {message}"),
                ));
            };
            // The parser's later errors follow from its first: one finding per block.
            let message = e.to_string();
            let mut offset = e.span().map(|s| s.start);
            // A missing `;` is missing at the end of the statement, not at the next one.
            if message.starts_with("expected ';'")
                && let Some(o) = offset
            {
                let before = &failed.text[..o.min(failed.text.len())];
                offset = Some(before.trim_end().len());
            }
            push(offset, message);
            Err(out)
        }
    }
}

/// Text format (`status { code: 3 }`), Protoscope, CEL and other payloads are fenced as
/// `proto` too: a block with no statement of the protobuf language is one of those.
fn looks_like_protobuf(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "syntax", "edition", "package", "import", "option", "message", "enum", "service", "extend",
        "rpc", "oneof", "reserved", "repeated", "optional", "required", "map",
    ];
    text.lines().any(|l| {
        let t = l.split("//").next().unwrap_or("").trim();
        let word = t
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .next()
            .unwrap_or("");
        // `message Foo`, `map<…>`; text format's `message: "…"` is a field of a payload.
        let after = t[word.len()..].chars().next();
        (WORDS.contains(&word) && matches!(after, Some(' ' | '<' | '=' | '\t')))
            || t.split_once('=').is_some_and(|(decl, value)| {
                decl.split_whitespace().count() == 2
                    && value.trim_start().starts_with(|c: char| c.is_ascii_digit())
            })
    })
}

pub(crate) fn has_syntax(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim_start();
        t.starts_with("syntax") || t.starts_with("edition")
    })
}

pub(crate) const WELL_KNOWN: &[(&str, &str)] = &[
    ("Any", "any.proto"),
    ("Duration", "duration.proto"),
    ("Empty", "empty.proto"),
    ("FieldMask", "field_mask.proto"),
    ("Struct", "struct.proto"),
    ("Value", "struct.proto"),
    ("ListValue", "struct.proto"),
    ("NullValue", "struct.proto"),
    ("Timestamp", "timestamp.proto"),
    ("DoubleValue", "wrappers.proto"),
    ("FloatValue", "wrappers.proto"),
    ("Int64Value", "wrappers.proto"),
    ("UInt64Value", "wrappers.proto"),
    ("Int32Value", "wrappers.proto"),
    ("UInt32Value", "wrappers.proto"),
    ("BoolValue", "wrappers.proto"),
    ("StringValue", "wrappers.proto"),
    ("BytesValue", "wrappers.proto"),
    // Options messages, extended by custom options.
    ("FileOptions", "descriptor.proto"),
    ("MessageOptions", "descriptor.proto"),
    ("FieldOptions", "descriptor.proto"),
    ("OneofOptions", "descriptor.proto"),
    ("EnumOptions", "descriptor.proto"),
    ("EnumValueOptions", "descriptor.proto"),
    ("ServiceOptions", "descriptor.proto"),
    ("MethodOptions", "descriptor.proto"),
    ("ExtensionRangeOptions", "descriptor.proto"),
];

/// The doc's blocks, by import name, for the compiler.
/// The doc's blocks as files: the one being compiled from its text, so that its faults have
/// places; the others from the parse they already had, so that a doc of many blocks is not
/// parsed again once per block.
struct DocFiles {
    parsed: Arc<HashMap<String, FileDescriptorProto>>,
    target: String,
    text: String,
}

impl FileResolver for DocFiles {
    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        if name == self.target {
            return File::from_source(name, &self.text);
        }
        match self.parsed.get(name) {
            Some(d) => Ok(File::from_file_descriptor_proto(d.clone())),
            None => Err(protox::Error::file_not_found(name)),
        }
    }
}

/// Compiles each parsed block against the doc's blocks and the well-known types. A block
/// also sees the other blocks of its package, as if imported, as long as they define none
/// of the same names: design docs spread one file over several blocks.
/// `include`: the directory a walked spec file's imports are relative to.
pub fn resolve(
    protos: &[(&Block, &Proto)],
    file: &str,
    include: Option<&std::path::Path>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let names: Vec<Vec<String>> = protos
        .iter()
        .map(|(_, p)| top_level_names(&p.descriptor))
        .collect();
    let parsed: Arc<HashMap<String, FileDescriptorProto>> = Arc::new(
        protos
            .iter()
            .map(|(_, p)| (p.name.clone(), p.descriptor.clone()))
            .collect(),
    );
    let mut definers: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, ns) in names.iter().enumerate() {
        for n in ns {
            definers.entry(n.as_str()).or_default().push(j);
        }
    }
    for (i, (block, proto)) in protos.iter().enumerate() {
        let mut taken: HashSet<&String> = names[i].iter().collect();
        let mut text = proto.text.clone();
        // Only the blocks that define a word this one uses: a doc of a thousand blocks in one
        // package compiles each against the few it names, not against all the others.
        let words: HashSet<&str> = proto
            .text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .collect();
        let named: BTreeSet<usize> = words
            .iter()
            .filter_map(|w| definers.get(w))
            .flatten()
            .copied()
            .collect();
        for j in named {
            let other = protos[j].1;
            if j == i || other.package != proto.package {
                continue;
            }
            let imports_us = other.descriptor.dependency.iter().any(|d| d == &proto.name);
            let clash = names[j].iter().any(|n| taken.contains(&n));
            if imports_us || clash || proto.text.contains(&format!("\"{}\"", other.name)) {
                continue;
            }
            taken.extend(names[j].iter());
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&format!("import \"{}\";\n", other.name));
        }
        let mut chain = ChainFileResolver::new();
        chain.add(DocFiles {
            parsed: Arc::clone(&parsed),
            target: proto.name.clone(),
            text,
        });
        chain.add(GoogleFileResolver::new());
        if let Some(dir) = include {
            chain.add(protox::file::IncludeFileResolver::new(dir.to_path_buf()));
        }
        let mut compiler = protox::Compiler::with_file_resolver(chain);
        compiler.include_source_info(false);
        let Err(e) = compiler.open_file(&proto.name) else {
            continue;
        };
        let message = e.to_string();
        let is_import = message.starts_with("import '") && message.ends_with("' not found");
        if e.file().is_some_and(|f| f != proto.name) && !is_import {
            // The fault is in another block, which reports it itself.
            continue;
        }
        // For a clash the last label is the offending definition, the first the original.
        let labels: Vec<usize> = e
            .labels()
            .map(|l| l.map(|l| l.offset()).collect())
            .unwrap_or_default();
        // For a clash the last label is the offending definition and the first the original;
        // for any other fault the first label is the fault.
        let clash = message.contains("defined twice");
        let at = if clash { labels.last() } else { labels.first() };
        let loc = at.map_or_else(
            || block.start_loc(file),
            |&o| proto.loc_of_offset(block, file, o),
        );
        let message = match labels.first() {
            Some(&first) if clash && labels.len() > 1 => {
                let at = proto.loc_of_offset(block, file, first);
                format!("{message} (first at line {})", at.line)
            }
            _ => message,
        };
        let (rule, message) = if is_import {
            (
                rules::PROTOBUF_UNRESOLVED_IMPORT,
                format!(
                    "{message}: it is neither a well-known type nor a `file=` block of this doc, so names from it are not checked"
                ),
            )
        } else if message.starts_with("name '") && message.ends_with("' is not defined") {
            (
                rules::PROTOBUF_UNRESOLVED_NAME,
                format!(
                    "{message} in this block, the doc's other blocks of its package, or the well-known types"
                ),
            )
        } else {
            (rules::PROTOBUF_INVALID_DEFINITION, message)
        };
        findings.push(Finding::new(rule, &loc, message).subject(proto.name.clone()));
    }
    findings
}

fn top_level_names(d: &FileDescriptorProto) -> Vec<String> {
    d.message_type
        .iter()
        .map(|m| m.name().to_string())
        .chain(d.enum_type.iter().map(|e| e.name().to_string()))
        .chain(d.service.iter().map(|s| s.name().to_string()))
        .collect()
}

/// Places of declarations, keyed by their descriptor path.
#[derive(Debug, Clone)]
pub struct Spans(HashMap<Vec<i32>, (usize, usize)>);

impl Spans {
    pub fn of(d: &FileDescriptorProto) -> Spans {
        let mut map = HashMap::new();
        if let Some(info) = &d.source_code_info {
            for l in &info.location {
                if l.span.len() >= 3 {
                    map.entry(l.path.clone())
                        .or_insert((l.span[0] as usize, l.span[1] as usize));
                }
            }
        }
        Spans(map)
    }

    /// The place of the element at `path`, else of its nearest ancestor that has one.
    pub fn loc(&self, proto: &Proto, block: &Block, file: &str, path: &[i32]) -> Loc {
        let mut path = path;
        while !path.is_empty() {
            if let Some(&(line, col)) = self.0.get(path) {
                let (line, col) = proto.unshift(line, col);
                return block.loc(file, line, col);
            }
            path = &path[..path.len() - 1];
        }
        block.start_loc(file)
    }
}

pub fn lower(proto: &Proto, block: &Block, file: &str) -> Surface {
    let spans = &proto.spans;
    let mut surface = Surface::default();
    let ctx = Ctx {
        proto,
        block,
        file,
        spans,
    };
    for (i, m) in proto.descriptor.message_type.iter().enumerate() {
        ctx.message(m, "", vec![4, i as i32], &mut surface);
    }
    for (i, e) in proto.descriptor.enum_type.iter().enumerate() {
        surface
            .types
            .push(ctx.enumeration(e, "", vec![5, i as i32]));
    }
    for (i, s) in proto.descriptor.service.iter().enumerate() {
        let service = s.name();
        for (j, m) in s.method.iter().enumerate() {
            surface.operations.push(Operation {
                kind: OperationKind::Rpc,
                name: format!("{service}.{}", m.name()),
                id: None,
                input: m.input_type.as_deref().map(short_type),
                output: m.output_type.as_deref().map(short_type),
                loc: ctx.loc(&[6, i as i32, 2, j as i32]),
            });
        }
    }
    surface
}

struct Ctx<'a> {
    proto: &'a Proto,
    block: &'a Block,
    file: &'a str,
    spans: &'a Spans,
}

impl Ctx<'_> {
    fn loc(&self, path: &[i32]) -> Loc {
        self.spans.loc(self.proto, self.block, self.file, path)
    }

    fn message(&self, m: &DescriptorProto, outer: &str, path: Vec<i32>, out: &mut Surface) {
        let name = format!("{outer}{}", m.name());
        if m.options.as_ref().is_some_and(|o| o.map_entry()) {
            return;
        }
        let entries: BTreeMap<&str, &DescriptorProto> = m
            .nested_type
            .iter()
            .filter(|n| n.options.as_ref().is_some_and(|o| o.map_entry()))
            .map(|n| (n.name(), n))
            .collect();
        let fields = m
            .field
            .iter()
            .enumerate()
            .map(|(k, f)| {
                let mut fpath = path.clone();
                fpath.extend([2, k as i32]);
                let ty = field_type(f);
                let map_entry = entries
                    .get(short_type(&ty).as_str())
                    .filter(|_| f.label() == Label::Repeated);
                let (ty, list) = match map_entry {
                    Some(entry) => {
                        let kv: Vec<String> = entry.field.iter().map(field_type).collect();
                        (format!("map<{}>", kv.join(", ")), false)
                    }
                    None => (ty, f.label() == Label::Repeated),
                };
                Field {
                    name: f.name().to_string(),
                    ty,
                    optional: f.proto3_optional()
                        || (f.label() == Label::Optional
                            && matches!(self.proto.syntax.as_str(), "proto2" | "editions")),
                    list,
                    loc: self.loc(&fpath),
                }
            })
            .collect();
        out.types.push(TypeDef {
            kind: TypeKind::Object,
            name: name.clone(),
            fields,
            // A oneof is a member of the generated code (`--oneofs`), though no field.
            values: m
                .oneof_decl
                .iter()
                .map(|o| o.name().to_string())
                .filter(|n| !n.starts_with('_'))
                .collect(),
            extension: false,
            loc: self.loc(&path),
        });
        let inner = format!("{name}.");
        for (j, n) in m.nested_type.iter().enumerate() {
            let mut npath = path.clone();
            npath.extend([3, j as i32]);
            self.message(n, &inner, npath, out);
        }
        for (j, e) in m.enum_type.iter().enumerate() {
            let mut epath = path.clone();
            epath.extend([4, j as i32]);
            out.types.push(self.enumeration(e, &inner, epath));
        }
    }

    fn enumeration(&self, e: &EnumDescriptorProto, outer: &str, path: Vec<i32>) -> TypeDef {
        TypeDef {
            kind: TypeKind::Enum,
            name: format!("{outer}{}", e.name()),
            fields: Vec::new(),
            values: e.value.iter().map(|v| v.name().to_string()).collect(),
            extension: false,
            loc: self.loc(&path),
        }
    }
}

fn field_type(f: &prost_types::FieldDescriptorProto) -> String {
    match f.type_name.as_deref() {
        Some(t) if !t.is_empty() => t.trim_start_matches('.').to_string(),
        _ => match f.r#type() {
            Type::Double => "double",
            Type::Float => "float",
            Type::Int64 => "int64",
            Type::Uint64 => "uint64",
            Type::Int32 => "int32",
            Type::Fixed64 => "fixed64",
            Type::Fixed32 => "fixed32",
            Type::Bool => "bool",
            Type::String => "string",
            Type::Group => "group",
            Type::Message => "message",
            Type::Bytes => "bytes",
            Type::Uint32 => "uint32",
            Type::Enum => "enum",
            Type::Sfixed32 => "sfixed32",
            Type::Sfixed64 => "sfixed64",
            Type::Sint32 => "sint32",
            Type::Sint64 => "sint64",
        }
        .to_string(),
    }
}

fn short_type(t: &str) -> String {
    t.rsplit('.').next().unwrap_or(t).to_string()
}
