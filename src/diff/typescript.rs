//! TypeScript changes by exported name. A type's direction comes from the same-named OpenAPI
//! schema's use (request or response) where the doc has one; otherwise both, so that a change
//! that breaks either senders or receivers is breaking.

use std::collections::BTreeMap;

use crate::analyze::{Analysis, Role};
use crate::finding::{Finding, Loc, Severity};
use crate::model::{Field, Kind, TypeDef, TypeKind};
use crate::rules;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// Only sent by clients (a request body).
    Input,
    /// Only received (a response body).
    Output,
    Both,
}

fn types<'a>(analyses: &[&'a Analysis]) -> BTreeMap<&'a str, &'a TypeDef> {
    let mut out = BTreeMap::new();
    for a in analyses {
        for r in &a.results {
            if r.kind == Kind::Typescript && r.role == Role::Contract {
                for t in &r.surface.types {
                    out.entry(t.name.as_str()).or_insert(t);
                }
            }
        }
    }
    out
}

/// Schema names used as request or response bodies in the OpenAPI of the new side.
fn directions(analyses: &[&Analysis]) -> BTreeMap<String, Direction> {
    let mut out: BTreeMap<String, Direction> = BTreeMap::new();
    for a in analyses {
        for api in &a.apis {
            for op in &api.surface.operations {
                for (name, d) in [
                    (&op.input, Direction::Input),
                    (&op.output, Direction::Output),
                ] {
                    if let Some(n) = name {
                        out.entry(n.clone())
                            .and_modify(|e| {
                                if *e != d {
                                    *e = Direction::Both
                                }
                            })
                            .or_insert(d);
                    }
                }
            }
        }
    }
    out
}

pub fn diff(old: &[&Analysis], new: &[&Analysis]) -> Vec<Finding> {
    let (o, n) = (types(old), types(new));
    let dirs = directions(new);
    let mut out = Vec::new();
    let mut push = |rule, severity, old: Option<&Loc>, new: Option<&Loc>, subject, message| {
        out.push(super::change(rule, severity, old, new, subject, message));
    };
    for (name, ot) in &o {
        let Some(nt) = n.get(name) else {
            push(
                rules::TYPESCRIPT_DECLARATION_REMOVED,
                Severity::Error,
                Some(&ot.loc),
                None,
                name.to_string(),
                format!("`{name}` was removed"),
            );
            continue;
        };
        let dir = dirs.get(*name).copied().unwrap_or(Direction::Both);
        match (ot.kind, nt.kind) {
            (TypeKind::Object, TypeKind::Object) => members(name, ot, nt, dir, &mut push),
            (TypeKind::Function, TypeKind::Function) => {
                let shape = |t: &TypeDef| {
                    let params: Vec<String> = t
                        .fields
                        .iter()
                        .map(|f| {
                            format!(
                                "{}{}: {}{}",
                                f.name,
                                if f.optional { "?" } else { "" },
                                f.ty,
                                if f.list { "[]" } else { "" }
                            )
                        })
                        .collect();
                    format!(
                        "({}) => {}",
                        params.join(", "),
                        t.values.first().map_or("void", String::as_str)
                    )
                };
                let (before, after) = (shape(ot), shape(nt));
                // Parameters compared by position: a new optional one at the end is safe.
                let only_optional_added = nt.fields.len() > ot.fields.len()
                    && nt.fields[ot.fields.len()..].iter().all(|f| f.optional)
                    && shape(&TypeDef {
                        fields: nt.fields[..ot.fields.len()].to_vec(),
                        ..(*nt).clone()
                    }) == before;
                if before != after {
                    let sev = if only_optional_added {
                        Severity::Info
                    } else {
                        Severity::Error
                    };
                    push(
                        rules::TYPESCRIPT_FUNCTION_SIGNATURE_CHANGED,
                        sev,
                        Some(&ot.loc),
                        Some(&nt.loc),
                        name.to_string(),
                        format!("`{name}` changed from `{before}` to `{after}`"),
                    );
                }
            }
            (TypeKind::Enum | TypeKind::Union | TypeKind::Namespace, _) if ot.kind == nt.kind => {
                for v in ot.values.iter().filter(|v| !nt.values.contains(v)) {
                    let sev = if dir == Direction::Output {
                        Severity::Info
                    } else {
                        Severity::Error
                    };
                    push(
                        rules::TYPESCRIPT_MEMBER_REMOVED,
                        sev,
                        Some(&ot.loc),
                        Some(&nt.loc),
                        format!("{name}.{v}"),
                        format!("`{v}` was removed from `{name}`"),
                    );
                }
                for v in nt.values.iter().filter(|v| !ot.values.contains(v)) {
                    let sev = if dir == Direction::Input {
                        Severity::Info
                    } else {
                        Severity::Warning
                    };
                    push(
                        rules::TYPESCRIPT_MEMBER_ADDED,
                        sev,
                        Some(&ot.loc),
                        Some(&nt.loc),
                        format!("{name}.{v}"),
                        format!(
                            "`{v}` was added to `{name}`; code that switches over it may not handle it"
                        ),
                    );
                }
            }
            (a, b) if a != b => push(
                rules::TYPESCRIPT_DECLARATION_KIND_CHANGED,
                Severity::Error,
                Some(&ot.loc),
                Some(&nt.loc),
                name.to_string(),
                format!("`{name}` changed from {a:?} to {b:?}").to_lowercase(),
            ),
            _ => {}
        }
    }
    for (name, nt) in &n {
        if !o.contains_key(name) {
            push(
                rules::TYPESCRIPT_DECLARATION_ADDED,
                Severity::Info,
                None,
                Some(&nt.loc),
                name.to_string(),
                format!("`{name}` was added"),
            );
        }
    }
    out
}

fn members(
    name: &str,
    ot: &TypeDef,
    nt: &TypeDef,
    dir: Direction,
    push: &mut impl FnMut(&'static str, Severity, Option<&Loc>, Option<&Loc>, String, String),
) {
    let find = |t: &'_ TypeDef, n: &str| -> Option<Field> {
        t.fields.iter().find(|f| f.name == n).cloned()
    };
    for of in &ot.fields {
        let subject = format!("{name}.{}", of.name);
        let Some(nf) = find(nt, &of.name) else {
            // Removing what a client reads breaks it; removing what it sends only leaves data unread.
            let sev = if dir == Direction::Input {
                Severity::Warning
            } else {
                Severity::Error
            };
            push(
                rules::TYPESCRIPT_PROPERTY_REMOVED,
                sev,
                Some(&of.loc),
                Some(&nt.loc),
                subject,
                format!("property `{}` was removed from `{name}`", of.name),
            );
            continue;
        };
        if of.ty != nf.ty || of.list != nf.list {
            let show = |f: &Field| {
                if f.list {
                    format!("{}[]", f.ty)
                } else {
                    f.ty.clone()
                }
            };
            push(
                rules::TYPESCRIPT_PROPERTY_TYPE_CHANGED,
                Severity::Error,
                Some(&of.loc),
                Some(&nf.loc),
                subject.clone(),
                format!(
                    "`{name}.{}` changed type from `{}` to `{}`",
                    of.name,
                    show(of),
                    show(&nf)
                ),
            );
        }
        match (of.optional, nf.optional) {
            (true, false) => {
                let sev = if dir == Direction::Output {
                    Severity::Info
                } else {
                    Severity::Error
                };
                push(
                    rules::TYPESCRIPT_PROPERTY_BECAME_REQUIRED,
                    sev,
                    Some(&of.loc),
                    Some(&nf.loc),
                    subject,
                    format!("`{name}.{}` became required", of.name),
                );
            }
            (false, true) => {
                let sev = if dir == Direction::Input {
                    Severity::Info
                } else {
                    Severity::Error
                };
                push(
                    rules::TYPESCRIPT_PROPERTY_BECAME_OPTIONAL,
                    sev,
                    Some(&of.loc),
                    Some(&nf.loc),
                    subject,
                    format!("`{name}.{}` became optional", of.name),
                );
            }
            _ => {}
        }
    }
    for nf in &nt.fields {
        if ot.fields.iter().any(|f| f.name == nf.name) {
            continue;
        }
        let sev = if !nf.optional && dir != Direction::Output {
            Severity::Error
        } else {
            Severity::Info
        };
        let what = if nf.optional { "optional" } else { "required" };
        push(
            rules::TYPESCRIPT_PROPERTY_ADDED,
            sev,
            Some(&ot.loc),
            Some(&nf.loc),
            format!("{name}.{}", nf.name),
            format!("{what} property `{}` was added to `{name}`", nf.name),
        );
    }
}
