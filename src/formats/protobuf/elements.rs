//! A parsed proto file as named, numbered, located elements: walked once from the descriptor
//! when the block parses, and read by `check` (names defined twice) and `diff` (what changed).

use std::collections::BTreeMap;
use std::sync::Arc;

use prost_types::{
    DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorProto,
    UninterpretedOption,
};

use crate::finding::Loc;
use crate::markdown::Block;

use super::features::{self, Features, Options, Syntax};
use super::{Proto, Spans};

/// Nested messages deeper than this are not walked (the parser caps nesting too).
const MAX_NESTING: usize = 64;

#[derive(Debug, Clone)]
pub struct Field {
    /// The descriptor without its options.
    pub d: FieldDescriptorProto,
    /// The real oneof it is in (not the synthetic one of a proto3 `optional`).
    pub oneof: Option<String>,
    /// For a map field, `map<key, value>`: its entry type's name says nothing of either.
    pub map: Option<String>,
    pub options: Options,
    pub features: Arc<Features>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Message {
    /// Fully qualified: `pkg.Outer.Inner`.
    pub name: String,
    pub loc: Loc,
    pub fields: Vec<Field>,
    /// Reserved numbers, end exclusive.
    pub reserved: Vec<(i32, i32)>,
    pub reserved_names: Vec<String>,
    /// Extension ranges, end exclusive.
    pub extension_ranges: Vec<(i32, i32)>,
    /// Its real oneofs, by name.
    pub oneofs: Vec<(String, Loc)>,
    pub options: Options,
    /// Where each option is set, by name.
    pub option_locs: BTreeMap<String, Loc>,
    pub features: Features,
}

#[derive(Debug, Clone)]
pub struct Value {
    pub name: String,
    pub number: i32,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub name: String,
    pub loc: Loc,
    pub values: Vec<Value>,
    /// Reserved numbers, end inclusive (as enums write them).
    pub reserved: Vec<(i32, i32)>,
    pub reserved_names: Vec<String>,
    pub features: Features,
}

#[derive(Debug, Clone)]
pub struct Method {
    pub name: String,
    pub input: String,
    pub output: String,
    pub client_streaming: bool,
    pub server_streaming: bool,
    /// `NO_SIDE_EFFECTS`, `IDEMPOTENT`, or `IDEMPOTENCY_UNKNOWN` when unset.
    pub idempotency: String,
    /// Where the idempotency level is set, if it is.
    pub idempotency_loc: Option<Loc>,
    pub loc: Loc,
}

/// A field that extends another message, declared at file level or inside a message.
#[derive(Debug, Clone)]
pub struct Extension {
    /// Fully qualified, as the extension is named.
    pub name: String,
    /// The message it extends, as written.
    pub extendee: String,
    pub number: i32,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Service {
    pub name: String,
    pub loc: Loc,
    pub methods: Vec<Method>,
}

/// A name as protoc scopes it: what defines it and where.
#[derive(Debug, Clone)]
pub struct Definition {
    pub name: String,
    /// `message`, `enum`, `enum value`, `service`.
    pub what: &'static str,
    pub loc: Loc,
}

#[derive(Debug, Clone, Default)]
pub struct Elements {
    /// The `package` line, else the file's first line.
    pub package_loc: Option<Loc>,
    pub syntax: Option<Syntax>,
    /// Where the `syntax` or `edition` line is, else the file's first line.
    pub syntax_loc: Option<Loc>,
    pub file_options: Options,
    /// Each file option's line, by name.
    pub file_option_locs: BTreeMap<String, Loc>,
    pub extensions: Vec<Extension>,
    pub messages: Vec<Message>,
    pub enums: Vec<Enum>,
    pub services: Vec<Service>,
    /// Every name the file defines, in file order.
    pub definitions: Vec<Definition>,
}

/// `map<key, value>` when `f` is a map field of `m`: repeated, of one of `m`'s entry types.
fn map_of(m: &DescriptorProto, f: &FieldDescriptorProto) -> Option<String> {
    if f.label() != prost_types::field_descriptor_proto::Label::Repeated {
        return None;
    }
    let ty = f.type_name.as_deref()?;
    let short = ty.rsplit('.').next().unwrap_or(ty);
    let entry = m
        .nested_type
        .iter()
        .find(|n| n.options.as_ref().is_some_and(|o| o.map_entry()) && n.name() == short)?;
    let part = |number: i32| -> String {
        entry
            .field
            .iter()
            .find(|x| x.number() == number)
            .map(|x| match x.type_name.as_deref() {
                Some(t) if !t.is_empty() => t.trim_start_matches('.').to_string(),
                _ => format!("{:?}", x.r#type()).to_ascii_lowercase(),
            })
            .unwrap_or_default()
    };
    Some(format!("map<{}, {}>", part(1), part(2)))
}

fn join(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_string()
    } else {
        format!("{scope}.{name}")
    }
}

struct Walk<'a> {
    proto: &'a Proto,
    block: &'a Block,
    file: &'a str,
    spans: &'a Spans,
    out: Elements,
}

impl Walk<'_> {
    fn at(&self, path: &[i32]) -> Loc {
        self.spans.loc(self.proto, self.block, self.file, path)
    }

    /// Where each of an element's own options is set: `options` is the path of its options
    /// message (`[4, 0, 7]` for the first message's), whose uninterpreted ones sit at 999.
    fn option_locs(&self, opts: &[UninterpretedOption], options: &[i32]) -> BTreeMap<String, Loc> {
        let mut at = options.to_vec();
        at.extend([999, 0]);
        let last = at.len() - 1;
        opts.iter()
            .enumerate()
            .filter(|(_, o)| features::known(o))
            .map(|(i, o)| {
                at[last] = i as i32;
                (features::name(o), self.at(&at))
            })
            .collect()
    }

    fn define(&mut self, name: String, what: &'static str, loc: Loc) {
        self.out.definitions.push(Definition { name, what, loc });
    }

    fn message(
        &mut self,
        m: &DescriptorProto,
        scope: &str,
        path: Vec<i32>,
        depth: usize,
        parent: &Features,
    ) {
        let name = join(scope, m.name());
        let loc = self.at(&path);
        self.define(name.clone(), "message", loc.clone());
        let options = m
            .options
            .as_ref()
            .map(|o| features::read(&o.uninterpreted_option))
            .unwrap_or_default();
        let mine = parent.inherit(&options);
        let uninterpreted = m
            .options
            .as_ref()
            .map(|o| o.uninterpreted_option.as_slice())
            .unwrap_or_default();
        let option_locs = self.option_locs(uninterpreted, &[path.as_slice(), &[7]].concat());
        let fields = self.fields(m, &path, &mine);
        let oneofs = self.oneofs(m, &path);
        for (k, x) in m.extension.iter().enumerate() {
            let mut xp = path.clone();
            xp.extend([6, k as i32]);
            self.extension(x, &name, &xp);
        }
        self.out.messages.push(Message {
            name: name.clone(),
            loc,
            fields,
            reserved: m
                .reserved_range
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect(),
            reserved_names: m.reserved_name.clone(),
            extension_ranges: m
                .extension_range
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect(),
            oneofs,
            options,
            option_locs,
            features: mine.clone(),
        });
        if depth >= MAX_NESTING {
            return;
        }
        for (j, n) in m.nested_type.iter().enumerate() {
            if n.options.as_ref().is_some_and(|o| o.map_entry()) {
                continue;
            }
            let mut np = path.clone();
            np.extend([3, j as i32]);
            self.message(n, &name, np, depth + 1, &mine);
        }
        for (j, e) in m.enum_type.iter().enumerate() {
            let mut ep = path.clone();
            ep.extend([4, j as i32]);
            self.enumeration(e, &name, ep, &mine);
        }
    }

    /// A message's fields, each with the features its scope (the message, or its oneof) and
    /// its own options give it.
    fn fields(&self, m: &DescriptorProto, path: &[i32], mine: &Features) -> Vec<Field> {
        let oneof_options: Vec<Features> = m
            .oneof_decl
            .iter()
            .map(|o| {
                let opts = o
                    .options
                    .as_ref()
                    .map(|x| features::read(&x.uninterpreted_option));
                mine.inherit(&opts.unwrap_or_default())
            })
            .collect();
        // Most fields set no feature of their own: they share what their scope gives them.
        let plain = |scope: &Features| Arc::new(scope.field(&Options::new()));
        let mine_plain = plain(mine);
        let oneof_plain: Vec<Arc<Features>> = oneof_options.iter().map(plain).collect();
        m.field
            .iter()
            .enumerate()
            .map(|(k, f)| {
                let mut fp = path.to_vec();
                fp.extend([2, k as i32]);
                let oneof = f
                    .oneof_index
                    .filter(|_| !f.proto3_optional())
                    .and_then(|i| m.oneof_decl.get(i as usize))
                    .map(|o| o.name().to_string());
                let scope = f.oneof_index.map(|i| i as usize);
                let within = scope.and_then(|i| oneof_options.get(i)).unwrap_or(mine);
                let options = field_options(f);
                let own = options
                    .keys()
                    .any(|k| k.starts_with("features.") || k == "ctype");
                let features = if own {
                    Arc::new(within.field(&options))
                } else {
                    scope
                        .and_then(|i| oneof_plain.get(i))
                        .unwrap_or(&mine_plain)
                        .clone()
                };
                Field {
                    d: slim(f),
                    oneof,
                    map: map_of(m, f),
                    features,
                    options,
                    loc: self.at(&fp),
                }
            })
            .collect()
    }

    /// A message's real oneofs, by name.
    fn oneofs(&self, m: &DescriptorProto, path: &[i32]) -> Vec<(String, Loc)> {
        // A proto3 `optional` field's synthetic oneof is not one the author wrote.
        let synthetic = |i: usize| {
            m.field
                .iter()
                .any(|f| f.proto3_optional() && f.oneof_index == Some(i as i32))
        };
        m.oneof_decl
            .iter()
            .enumerate()
            .filter(|(i, _)| !synthetic(*i))
            .map(|(i, o)| {
                let mut op = path.to_vec();
                op.extend([8, i as i32]);
                (o.name().to_string(), self.at(&op))
            })
            .collect()
    }

    fn extension(&mut self, x: &FieldDescriptorProto, scope: &str, path: &[i32]) {
        self.out.extensions.push(Extension {
            name: join(scope, x.name()),
            extendee: x.extendee().trim_start_matches('.').to_string(),
            number: x.number(),
            loc: self.at(path),
        });
    }

    /// Enum values are scoped like their enum's siblings, not inside the enum.
    fn enumeration(
        &mut self,
        e: &EnumDescriptorProto,
        scope: &str,
        path: Vec<i32>,
        parent: &Features,
    ) {
        let name = join(scope, e.name());
        let options = e
            .options
            .as_ref()
            .map(|o| features::read(&o.uninterpreted_option))
            .unwrap_or_default();
        let loc = self.at(&path);
        self.define(name.clone(), "enum", loc.clone());
        let mut values = Vec::new();
        for (k, v) in e.value.iter().enumerate() {
            let mut vp = path.clone();
            vp.extend([2, k as i32]);
            let at = self.at(&vp);
            self.define(join(scope, v.name()), "enum value", at.clone());
            values.push(Value {
                name: v.name().to_string(),
                number: v.number(),
                loc: at,
            });
        }
        self.out.enums.push(Enum {
            name,
            loc,
            values,
            reserved: e
                .reserved_range
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect(),
            reserved_names: e.reserved_name.clone(),
            features: parent.inherit(&options),
        });
    }
}

fn field_options(f: &FieldDescriptorProto) -> Options {
    f.options
        .as_ref()
        .map(|o| features::read(&o.uninterpreted_option))
        .unwrap_or_default()
}

/// What a field is, without its options (the large part of a descriptor, not compared).
fn slim(f: &FieldDescriptorProto) -> FieldDescriptorProto {
    FieldDescriptorProto {
        name: f.name.clone(),
        number: f.number,
        label: f.label,
        r#type: f.r#type,
        type_name: f.type_name.clone(),
        json_name: f.json_name.clone(),
        oneof_index: f.oneof_index,
        proto3_optional: f.proto3_optional,
        default_value: f.default_value.clone(),
        ..FieldDescriptorProto::default()
    }
}

fn options_of(m: &prost_types::MethodDescriptorProto) -> &[UninterpretedOption] {
    m.options
        .as_ref()
        .map(|o| o.uninterpreted_option.as_slice())
        .unwrap_or_default()
}

/// The elements of a parsed block.
pub fn walk(proto: &Proto, block: &Block, file: &str) -> Elements {
    let d: &FileDescriptorProto = &proto.descriptor;
    let mut w = Walk {
        proto,
        block,
        file,
        spans: &proto.spans,
        out: Elements::default(),
    };
    w.out.package_loc = Some(w.at(&[2]));
    w.out.syntax_loc = Some(w.at(&[12]));
    let syntax = Syntax::of(&proto.syntax, proto.edition.as_deref());
    w.out.syntax = Some(syntax);
    let uninterpreted = d
        .options
        .as_ref()
        .map(|o| o.uninterpreted_option.as_slice())
        .unwrap_or_default();
    w.out.file_options = features::read(uninterpreted);
    w.out.file_option_locs = w.option_locs(uninterpreted, &[8]);
    let file_features = Features::file(syntax, &w.out.file_options);
    let package = d.package().to_string();
    for (i, m) in d.message_type.iter().enumerate() {
        if !m.options.as_ref().is_some_and(|o| o.map_entry()) {
            w.message(m, &package, vec![4, i as i32], 0, &file_features);
        }
    }
    for (i, e) in d.enum_type.iter().enumerate() {
        w.enumeration(e, &package, vec![5, i as i32], &file_features);
    }
    for (i, x) in d.extension.iter().enumerate() {
        w.extension(x, &package, &[7, i as i32]);
    }
    for (i, svc) in d.service.iter().enumerate() {
        let name = join(&package, svc.name());
        let loc = w.at(&[6, i as i32]);
        w.define(name.clone(), "service", loc.clone());
        let methods = svc
            .method
            .iter()
            .enumerate()
            .map(|(j, m)| Method {
                name: m.name().to_string(),
                input: m.input_type().trim_start_matches('.').to_string(),
                output: m.output_type().trim_start_matches('.').to_string(),
                client_streaming: m.client_streaming(),
                server_streaming: m.server_streaming(),
                idempotency: features::read(options_of(m))
                    .remove("idempotency_level")
                    .unwrap_or_else(|| "IDEMPOTENCY_UNKNOWN".into()),
                idempotency_loc: w
                    .option_locs(options_of(m), &[6, i as i32, 2, j as i32, 4])
                    .remove("idempotency_level"),
                loc: w.at(&[6, i as i32, 2, j as i32]),
            })
            .collect();
        w.out.services.push(Service { name, loc, methods });
    }
    w.out
}
