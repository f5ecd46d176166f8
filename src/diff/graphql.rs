//! GraphQL changes by schema coordinate, classified as GraphQL Inspector does: what breaks a
//! client is breaking, what may change its behaviour is dangerous, the rest is safe. Output
//! fields may gain `!`; inputs and arguments may lose it.

use std::collections::BTreeMap;

use graphql_parser::schema::{self, Definition, TypeDefinition, TypeExtension};

use crate::analyze::{Analysis, Role};
use crate::finding::{Finding, Loc, Severity};
use crate::markdown::Block;
use crate::model::Kind;
use crate::rules;

struct Arg {
    ty: String,
    default: Option<String>,
    loc: Loc,
}

struct Field {
    ty: String,
    args: BTreeMap<String, Arg>,
    /// Input fields: a default value.
    default: Option<String>,
    deprecated: bool,
    description: Option<String>,
    loc: Loc,
}

struct Type {
    kind: &'static str,
    fields: BTreeMap<String, Field>,
    values: BTreeMap<String, (bool, Loc)>,
    members: Vec<String>,
    interfaces: Vec<String>,
    description: Option<String>,
    loc: Loc,
}

struct Directive {
    locations: Vec<String>,
    loc: Loc,
}

#[derive(Default)]
struct Schema {
    types: BTreeMap<String, Type>,
    directives: BTreeMap<String, Directive>,
    roots: BTreeMap<&'static str, String>,
    /// Duplicate definitions met while reading: reported, then the first one is compared.
    findings: Vec<Finding>,
}

/// A type definition or extension, whatever its kind.
struct Parts<'d> {
    name: &'d String,
    kind: &'static str,
    at: graphql_parser::Pos,
    description: Option<String>,
    fields: Vec<(String, Field)>,
    values: Vec<(String, (bool, Loc))>,
    members: Vec<String>,
    interfaces: Vec<String>,
}

impl<'d> Parts<'d> {
    fn new(
        name: &'d String,
        kind: &'static str,
        at: graphql_parser::Pos,
        description: Option<String>,
    ) -> Parts<'d> {
        Parts {
            name,
            kind,
            at,
            description,
            fields: Vec::new(),
            values: Vec::new(),
            members: Vec::new(),
            interfaces: Vec::new(),
        }
    }
}

fn render(t: &schema::Type<String>) -> String {
    match t {
        schema::Type::NamedType(n) => n.clone(),
        schema::Type::ListType(inner) => format!("[{}]", render(inner)),
        schema::Type::NonNullType(inner) => format!("{}!", render(inner)),
    }
}

fn read(analyses: &[&Analysis]) -> Schema {
    let mut s = Schema::default();
    for a in analyses {
        let file = a.source.display.as_str();
        for r in &a.results {
            if r.kind != Kind::Graphql || r.role != Role::Contract || !r.parsed {
                continue;
            }
            let block = &a.doc.blocks[r.block];
            // Parsed before, so this parses; a block that also holds operations is left out.
            if let Ok(doc) = schema::parse_schema::<String>(&block.content) {
                add(&mut s, &doc, block, file);
            }
        }
    }
    for root in ["query", "mutation", "subscription"] {
        if !s.roots.contains_key(root) {
            let default = format!("{}{}", root[..1].to_ascii_uppercase(), &root[1..]);
            if s.types.contains_key(&default) {
                s.roots.insert(root, default);
            }
        }
    }
    s
}

fn add(s: &mut Schema, doc: &schema::Document<String>, block: &Block, file: &str) {
    let loc = |p: graphql_parser::Pos| {
        block.loc(file, p.line.saturating_sub(1), p.column.saturating_sub(1))
    };
    let deprecated = |ds: &[schema::Directive<String>]| ds.iter().any(|d| d.name == "deprecated");
    let fields = |fs: &[schema::Field<String>]| -> Vec<(String, Field)> {
        fs.iter()
            .map(|f| {
                let args = f
                    .arguments
                    .iter()
                    .map(|a| {
                        (
                            a.name.clone(),
                            Arg {
                                ty: render(&a.value_type),
                                default: a.default_value.as_ref().map(|v| v.to_string()),
                                loc: loc(a.position),
                            },
                        )
                    })
                    .collect();
                (
                    f.name.clone(),
                    Field {
                        ty: render(&f.field_type),
                        args,
                        default: None,
                        deprecated: deprecated(&f.directives),
                        description: f.description.clone(),
                        loc: loc(f.position),
                    },
                )
            })
            .collect()
    };
    let inputs = |fs: &[schema::InputValue<String>]| -> Vec<(String, Field)> {
        fs.iter()
            .map(|f| {
                (
                    f.name.clone(),
                    Field {
                        ty: render(&f.value_type),
                        args: BTreeMap::new(),
                        default: f.default_value.as_ref().map(|v| v.to_string()),
                        deprecated: deprecated(&f.directives),
                        description: f.description.clone(),
                        loc: loc(f.position),
                    },
                )
            })
            .collect()
    };
    let values = |vs: &[schema::EnumValue<String>]| -> Vec<(String, (bool, Loc))> {
        vs.iter()
            .map(|v| (v.name.clone(), (deprecated(&v.directives), loc(v.position))))
            .collect()
    };
    // Fields defined twice within this one document; across blocks the first one stands.
    let mut here: std::collections::BTreeSet<(String, String)> = std::collections::BTreeSet::new();
    for def in &doc.definitions {
        let p: Parts = match def {
            Definition::SchemaDefinition(d) => {
                for (root, t) in [
                    ("query", &d.query),
                    ("mutation", &d.mutation),
                    ("subscription", &d.subscription),
                ] {
                    if let Some(t) = t {
                        s.roots.insert(root, t.clone());
                    }
                }
                continue;
            }
            Definition::DirectiveDefinition(d) => {
                s.directives.insert(
                    d.name.clone(),
                    Directive {
                        locations: d.locations.iter().map(|l| l.as_str().to_string()).collect(),
                        loc: loc(d.position),
                    },
                );
                continue;
            }
            Definition::TypeDefinition(t) => match t {
                TypeDefinition::Scalar(x) => {
                    Parts::new(&x.name, "scalar", x.position, x.description.clone())
                }
                TypeDefinition::Object(x) => Parts {
                    fields: fields(&x.fields),
                    interfaces: x.implements_interfaces.clone(),
                    ..Parts::new(&x.name, "object", x.position, x.description.clone())
                },
                TypeDefinition::Interface(x) => Parts {
                    fields: fields(&x.fields),
                    interfaces: x.implements_interfaces.clone(),
                    ..Parts::new(&x.name, "interface", x.position, x.description.clone())
                },
                TypeDefinition::Union(x) => Parts {
                    members: x.types.clone(),
                    ..Parts::new(&x.name, "union", x.position, x.description.clone())
                },
                TypeDefinition::Enum(x) => Parts {
                    values: values(&x.values),
                    ..Parts::new(&x.name, "enum", x.position, x.description.clone())
                },
                TypeDefinition::InputObject(x) => Parts {
                    fields: inputs(&x.fields),
                    ..Parts::new(&x.name, "input", x.position, x.description.clone())
                },
            },
            Definition::TypeExtension(t) => match t {
                TypeExtension::Scalar(x) => Parts::new(&x.name, "scalar", x.position, None),
                TypeExtension::Object(x) => Parts {
                    fields: fields(&x.fields),
                    interfaces: x.implements_interfaces.clone(),
                    ..Parts::new(&x.name, "object", x.position, None)
                },
                TypeExtension::Interface(x) => Parts {
                    fields: fields(&x.fields),
                    interfaces: x.implements_interfaces.clone(),
                    ..Parts::new(&x.name, "interface", x.position, None)
                },
                TypeExtension::Union(x) => Parts {
                    members: x.types.clone(),
                    ..Parts::new(&x.name, "union", x.position, None)
                },
                TypeExtension::Enum(x) => Parts {
                    values: values(&x.values),
                    ..Parts::new(&x.name, "enum", x.position, None)
                },
                TypeExtension::InputObject(x) => Parts {
                    fields: inputs(&x.fields),
                    ..Parts::new(&x.name, "input", x.position, None)
                },
            },
        };
        let Parts {
            name,
            kind,
            at,
            description,
            fields: fs,
            values: vs,
            members,
            interfaces,
        } = p;
        let t = s.types.entry(name.clone()).or_insert_with(|| Type {
            kind,
            fields: BTreeMap::new(),
            values: BTreeMap::new(),
            members: Vec::new(),
            interfaces: Vec::new(),
            description: description.clone(),
            loc: loc(at),
        });
        for (fname, f) in fs {
            let fresh_here = here.insert((name.clone(), fname.clone()));
            if let Some(first) = t.fields.get(&fname) {
                if fresh_here {
                    continue;
                }
                s.findings.push(
                    Finding::new(
                        rules::GRAPHQL_DUPLICATE_FIELD,
                        &f.loc,
                        format!("field `{name}.{fname}` is defined again (first at line {}); the first definition is compared", first.loc.line),
                    )
                    .subject(format!("{name}.{fname}")),
                );
                continue;
            }
            t.fields.insert(fname, f);
        }
        for (v, d) in vs {
            t.values.entry(v).or_insert(d);
        }
        t.members.extend(members);
        t.interfaces.extend(interfaces);
    }
}

/// `T` -> `T!` at any depth only: a field that now never returns null.
fn only_gained_non_null(old: &str, new: &str) -> bool {
    old != new
        && strip_bangs(old) == strip_bangs(new)
        && new.matches('!').count() > old.matches('!').count()
        && old
            .chars()
            .filter(|&c| c != '!')
            .eq(new.chars().filter(|&c| c != '!'))
        && bang_positions_superset(old, new)
}

fn strip_bangs(t: &str) -> String {
    t.replace('!', "")
}

/// Every `!` of `old` is also in `new`, at the same place in the type.
fn bang_positions_superset(old: &str, new: &str) -> bool {
    let marks = |t: &str| -> Vec<usize> {
        let mut pos = 0;
        let mut out = Vec::new();
        for c in t.chars() {
            if c == '!' {
                out.push(pos);
            } else {
                pos += 1;
            }
        }
        out
    };
    let (o, n) = (marks(old), marks(new));
    o.iter().all(|p| n.contains(p))
}

fn is_required(f: &Field) -> bool {
    f.ty.ends_with('!') && f.default.is_none()
}

pub fn diff(old: &[&Analysis], new: &[&Analysis]) -> Vec<Finding> {
    let (o, n) = (read(old), read(new));
    let mut out = o.findings;
    out.extend(n.findings);
    let mut push = |rule, severity, old: Option<&Loc>, new: Option<&Loc>, subject, message| {
        out.push(super::change(rule, severity, old, new, subject, message));
    };
    for (root, name) in &o.roots {
        let was = o.types.get(name).map(|t| &t.loc);
        match n.roots.get(root) {
            Some(new_name) if new_name != name => push(
                rules::GRAPHQL_SCHEMA_ROOT_CHANGED,
                Severity::Error,
                was,
                n.types.get(new_name).map(|t| &t.loc),
                root.to_string(),
                format!("the {root} root type changed from `{name}` to `{new_name}`"),
            ),
            None => push(
                rules::GRAPHQL_SCHEMA_ROOT_CHANGED,
                Severity::Error,
                was,
                None,
                root.to_string(),
                format!("the schema no longer has a {root} root (`{name}`)"),
            ),
            _ => {}
        }
    }
    for (name, ot) in &o.types {
        let Some(nt) = n.types.get(name) else {
            push(
                rules::GRAPHQL_TYPE_REMOVED,
                Severity::Error,
                Some(&ot.loc),
                None,
                name.clone(),
                format!("type `{name}` was removed"),
            );
            continue;
        };
        if ot.kind != nt.kind {
            push(
                rules::GRAPHQL_TYPE_KIND_CHANGED,
                Severity::Error,
                Some(&ot.loc),
                Some(&nt.loc),
                name.clone(),
                format!("`{name}` changed from {} to {}", ot.kind, nt.kind),
            );
            continue;
        }
        if ot.description != nt.description {
            push(
                rules::GRAPHQL_DESCRIPTION_CHANGED,
                Severity::Info,
                Some(&ot.loc),
                Some(&nt.loc),
                name.clone(),
                format!("the description of `{name}` changed"),
            );
        }
        let input = ot.kind == "input";
        for (fname, of) in &ot.fields {
            let coord = format!("{name}.{fname}");
            let Some(nf) = nt.fields.get(fname) else {
                let rule = if input {
                    rules::GRAPHQL_INPUT_FIELD_REMOVED
                } else {
                    rules::GRAPHQL_FIELD_REMOVED
                };
                push(
                    rule,
                    Severity::Error,
                    Some(&of.loc),
                    Some(&nt.loc),
                    coord.clone(),
                    format!("field `{coord}` was removed"),
                );
                continue;
            };
            if of.ty != nf.ty {
                let (safe, rule) = if input {
                    (
                        only_gained_non_null(&nf.ty, &of.ty),
                        rules::GRAPHQL_INPUT_FIELD_TYPE_CHANGED,
                    )
                } else {
                    (
                        only_gained_non_null(&of.ty, &nf.ty),
                        rules::GRAPHQL_FIELD_TYPE_CHANGED,
                    )
                };
                let sev = if safe {
                    Severity::Info
                } else {
                    Severity::Error
                };
                push(
                    rule,
                    sev,
                    Some(&of.loc),
                    Some(&nf.loc),
                    coord.clone(),
                    format!("`{coord}` changed type from `{}` to `{}`", of.ty, nf.ty),
                );
            }
            if input && of.default != nf.default {
                push(
                    rules::GRAPHQL_DEFAULT_VALUE_CHANGED,
                    Severity::Warning,
                    Some(&of.loc),
                    Some(&nf.loc),
                    coord.clone(),
                    format!(
                        "the default of `{coord}` changed from {} to {}",
                        of.default.as_deref().unwrap_or("none"),
                        nf.default.as_deref().unwrap_or("none")
                    ),
                );
            }
            if !of.deprecated && nf.deprecated {
                push(
                    rules::GRAPHQL_FIELD_DEPRECATED,
                    Severity::Info,
                    Some(&of.loc),
                    Some(&nf.loc),
                    coord.clone(),
                    format!("`{coord}` is now deprecated"),
                );
            }
            if of.description != nf.description {
                push(
                    rules::GRAPHQL_DESCRIPTION_CHANGED,
                    Severity::Info,
                    Some(&of.loc),
                    Some(&nf.loc),
                    coord.clone(),
                    format!("the description of `{coord}` changed"),
                );
            }
            for (aname, oa) in &of.args {
                let acoord = format!("{coord}({aname}:)");
                let Some(na) = nf.args.get(aname) else {
                    push(
                        rules::GRAPHQL_ARGUMENT_REMOVED,
                        Severity::Error,
                        Some(&oa.loc),
                        Some(&nf.loc),
                        acoord.clone(),
                        format!("argument `{aname}` was removed from `{coord}`"),
                    );
                    continue;
                };
                if oa.ty != na.ty {
                    let sev = if only_gained_non_null(&na.ty, &oa.ty) {
                        Severity::Info
                    } else {
                        Severity::Error
                    };
                    push(
                        rules::GRAPHQL_ARGUMENT_TYPE_CHANGED,
                        sev,
                        Some(&oa.loc),
                        Some(&na.loc),
                        acoord.clone(),
                        format!(
                            "argument `{aname}` of `{coord}` changed type from `{}` to `{}`",
                            oa.ty, na.ty
                        ),
                    );
                }
                if oa.default != na.default {
                    push(
                        rules::GRAPHQL_DEFAULT_VALUE_CHANGED,
                        Severity::Warning,
                        Some(&oa.loc),
                        Some(&na.loc),
                        acoord.clone(),
                        format!(
                            "the default of argument `{aname}` of `{coord}` changed from {} to {}",
                            oa.default.as_deref().unwrap_or("none"),
                            na.default.as_deref().unwrap_or("none")
                        ),
                    );
                }
            }
            for (aname, na) in &nf.args {
                if !of.args.contains_key(aname) {
                    let required = na.ty.ends_with('!') && na.default.is_none();
                    let (sev, what) = if required {
                        (Severity::Error, "required")
                    } else {
                        (Severity::Warning, "optional")
                    };
                    push(
                        rules::GRAPHQL_ARGUMENT_ADDED,
                        sev,
                        Some(&of.loc),
                        Some(&na.loc),
                        format!("{coord}({aname}:)"),
                        format!("{what} argument `{aname}` was added to `{coord}`"),
                    );
                }
            }
        }
        for (fname, nf) in &nt.fields {
            if ot.fields.contains_key(fname) {
                continue;
            }
            let coord = format!("{name}.{fname}");
            if input {
                let (sev, what) = if is_required(nf) {
                    (Severity::Error, "required")
                } else {
                    (Severity::Info, "optional")
                };
                push(
                    rules::GRAPHQL_INPUT_FIELD_ADDED,
                    sev,
                    Some(&ot.loc),
                    Some(&nf.loc),
                    coord.clone(),
                    format!("{what} input field `{coord}` was added"),
                );
            } else {
                push(
                    rules::GRAPHQL_FIELD_ADDED,
                    Severity::Info,
                    Some(&ot.loc),
                    Some(&nf.loc),
                    coord.clone(),
                    format!("field `{coord}` was added"),
                );
            }
        }
        for (v, (_, vloc)) in &ot.values {
            if !nt.values.contains_key(v) {
                push(
                    rules::GRAPHQL_ENUM_VALUE_REMOVED,
                    Severity::Error,
                    Some(vloc),
                    Some(&nt.loc),
                    format!("{name}.{v}"),
                    format!("value `{v}` was removed from enum `{name}`"),
                );
            }
        }
        for (v, (deprecated, vloc)) in &nt.values {
            match ot.values.get(v) {
                None => push(
                    rules::GRAPHQL_ENUM_VALUE_ADDED,
                    Severity::Warning,
                    Some(&ot.loc),
                    Some(vloc),
                    format!("{name}.{v}"),
                    format!(
                        "value `{v}` was added to enum `{name}`; clients that switch over it may not handle it"
                    ),
                ),
                Some((was, _)) if !was && *deprecated => push(
                    rules::GRAPHQL_FIELD_DEPRECATED,
                    Severity::Info,
                    Some(&ot.loc),
                    Some(vloc),
                    format!("{name}.{v}"),
                    format!("enum value `{name}.{v}` is now deprecated"),
                ),
                _ => {}
            }
        }
        for m in &ot.members {
            if !nt.members.contains(m) {
                push(
                    rules::GRAPHQL_UNION_MEMBER_REMOVED,
                    Severity::Error,
                    Some(&ot.loc),
                    Some(&nt.loc),
                    format!("{name}.{m}"),
                    format!("`{m}` was removed from union `{name}`"),
                );
            }
        }
        for m in &nt.members {
            if !ot.members.contains(m) {
                push(
                    rules::GRAPHQL_UNION_MEMBER_ADDED,
                    Severity::Warning,
                    Some(&ot.loc),
                    Some(&nt.loc),
                    format!("{name}.{m}"),
                    format!(
                        "`{m}` was added to union `{name}`; clients that switch over its members may not handle it"
                    ),
                );
            }
        }
        for i in &ot.interfaces {
            if !nt.interfaces.contains(i) {
                push(
                    rules::GRAPHQL_INTERFACE_REMOVED,
                    Severity::Error,
                    Some(&ot.loc),
                    Some(&nt.loc),
                    format!("{name}.{i}"),
                    format!("`{name}` no longer implements `{i}`"),
                );
            }
        }
        for i in &nt.interfaces {
            if !ot.interfaces.contains(i) {
                push(
                    rules::GRAPHQL_INTERFACE_ADDED,
                    Severity::Warning,
                    Some(&ot.loc),
                    Some(&nt.loc),
                    format!("{name}.{i}"),
                    format!("`{name}` now implements `{i}`"),
                );
            }
        }
    }
    for (name, nt) in &n.types {
        if !o.types.contains_key(name) {
            push(
                rules::GRAPHQL_TYPE_ADDED,
                Severity::Info,
                None,
                Some(&nt.loc),
                name.clone(),
                format!("type `{name}` was added"),
            );
        }
    }
    for (name, od) in &o.directives {
        let Some(nd) = n.directives.get(name) else {
            push(
                rules::GRAPHQL_DIRECTIVE_REMOVED,
                Severity::Error,
                Some(&od.loc),
                None,
                format!("@{name}"),
                format!("directive `@{name}` was removed"),
            );
            continue;
        };
        for l in &od.locations {
            if !nd.locations.contains(l) {
                push(
                    rules::GRAPHQL_DIRECTIVE_LOCATION_REMOVED,
                    Severity::Error,
                    Some(&od.loc),
                    Some(&nd.loc),
                    format!("@{name}"),
                    format!("directive `@{name}` can no longer be used on {l}"),
                );
            }
        }
    }
    for (name, nd) in &n.directives {
        if !o.directives.contains_key(name) {
            push(
                rules::GRAPHQL_DIRECTIVE_ADDED,
                Severity::Info,
                None,
                Some(&nd.loc),
                format!("@{name}"),
                format!("directive `@{name}` was added"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn gaining_non_null_is_told_apart() {
        assert!(super::only_gained_non_null("String", "String!"));
        assert!(super::only_gained_non_null("[String]", "[String!]!"));
        assert!(!super::only_gained_non_null("String!", "String"));
        assert!(!super::only_gained_non_null("String", "Int!"));
        assert!(!super::only_gained_non_null("[String]", "String!"));
    }
}
