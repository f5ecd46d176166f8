//! TypeScript changes by exported name. A type's direction comes from the same-named OpenAPI
//! schema's use (request or response) where the doc has one; otherwise both, so that a change
//! that breaks either senders or receivers is breaking.

use std::collections::BTreeMap;

use crate::analyze::{Analysis, Role};
use crate::finding::{Finding, Loc};
use crate::model::{Field, Kind, TypeDef, TypeKind};
use crate::rules::Category;

use super::change::{Change, Report};
use super::pair::{Delta, Located, pair};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// Only sent by clients (a request body).
    Input,
    /// Only received (a response body).
    Output,
    Both,
}

impl Direction {
    fn fact(self) -> &'static str {
        match self {
            Direction::Input => "input",
            Direction::Output => "output",
            Direction::Both => "both",
        }
    }
}

impl Located for TypeDef {
    fn loc(&self) -> &Loc {
        &self.loc
    }
}

impl Located for Field {
    fn loc(&self) -> &Loc {
        &self.loc
    }
}

/// One side's exported declarations, and where a removal of one is shown: its first block.
fn types<'a>(analyses: &[&'a Analysis]) -> (BTreeMap<&'a str, &'a TypeDef>, Option<Loc>) {
    let mut out = BTreeMap::new();
    let mut anchor = None;
    for a in analyses {
        for r in &a.results {
            if r.kind == Kind::Typescript && r.role == Role::Contract {
                anchor.get_or_insert_with(|| a.block(r).start_loc(&a.source.display));
                for t in &r.surface.types {
                    // A namespace merged with a type of its name (`namespace Kind { … }` beside
                    // `type Kind = 'a' | 'b'`) holds that type's values: the type is the
                    // contract.
                    let slot = out.entry(t.name.as_str()).or_insert(t);
                    if slot.kind == TypeKind::Namespace && t.kind != TypeKind::Namespace {
                        *slot = t;
                    }
                }
            }
        }
    }
    (out, anchor)
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

/// How many of the old side's declarations the new side has: (compared, found).
pub fn coverage(old: &[&Analysis], new: &[&Analysis]) -> (usize, usize) {
    let ((o, _), (n, _)) = (types(old), types(new));
    (o.len(), o.keys().filter(|k| n.contains_key(*k)).count())
}

pub fn diff(old: &[&Analysis], new: &[&Analysis]) -> Vec<Finding> {
    let ((o, _), (n, anchor)) = (types(old), types(new));
    let dirs = directions(new);
    let mut out = Report::new("typescript", Category::WireJson);
    for t in pair(&o, &n, anchor.as_ref()) {
        let dir = dirs.get(*t.key).copied().unwrap_or(Direction::Both);
        declaration(&t, &mut out);
        let Some((ot, nt)) = t.both() else { continue };
        match (ot.kind, nt.kind) {
            (TypeKind::Object, TypeKind::Object) => {
                let (of, nf) = (fields(ot), fields(nt));
                for m in pair(&of, &nf, Some(&nt.loc)) {
                    for rule in PROPERTY_RULES {
                        rule(t.key, &t, &m, dir, &mut out);
                    }
                }
            }
            (TypeKind::Function, TypeKind::Function) => signature(t.key, ot, nt, &mut out),
            (TypeKind::Enum | TypeKind::Union | TypeKind::Namespace, _) if ot.kind == nt.kind => {
                values(t.key, ot, nt, dir, &mut out)
            }
            _ => {}
        }
    }
    out.findings
}

fn fields(t: &TypeDef) -> BTreeMap<&str, &Field> {
    t.fields.iter().map(|f| (f.name.as_str(), f)).collect()
}

type Decl<'a> = Delta<'a, &'a str, &'a TypeDef>;
type Member<'a> = Delta<'a, &'a str, &'a Field>;
type PropertyRule = fn(&str, &Decl, &Member, Direction, &mut Report);

const PROPERTY_RULES: &[PropertyRule] = &[
    property_removed_or_added,
    property_type_changed,
    property_optionality_changed,
];

fn declaration(t: &Decl, out: &mut Report) {
    let name = *t.key;
    let change = |what| Change::new(what, t.old_loc(), t.at, name).slot("name", name);
    match (t.old, t.new) {
        (Some(_), None) => out.add(change("declaration-removed")),
        (None, Some(_)) => out.add(change("declaration-added")),
        (Some(a), Some(b)) if a.kind != b.kind => {
            let kind = |k: TypeKind| format!("{k:?}").to_lowercase();
            out.add(
                change("declaration-kind-changed")
                    .slot("old", kind(a.kind))
                    .slot("new", kind(b.kind)),
            );
        }
        _ => {}
    }
}

/// A function's shape, `(a: string, b?: number) => void`.
fn shape(t: &TypeDef, params: usize) -> String {
    let params: Vec<String> = t.fields[..params.min(t.fields.len())]
        .iter()
        .map(|f| {
            let optional = if f.optional { "?" } else { "" };
            let list = if f.list { "[]" } else { "" };
            format!("{}{optional}: {}{list}", f.name, f.ty)
        })
        .collect();
    let returns = t.values.first().map_or("void", String::as_str);
    format!("({}) => {returns}", params.join(", "))
}

fn signature(name: &str, ot: &TypeDef, nt: &TypeDef, out: &mut Report) {
    let (before, after) = (shape(ot, ot.fields.len()), shape(nt, nt.fields.len()));
    if before == after {
        return;
    }
    // Parameters compare by position: new optional ones at the end are safe.
    let only_optional_added = nt.fields.len() > ot.fields.len()
        && nt.fields[ot.fields.len()..].iter().all(|f| f.optional)
        && shape(nt, ot.fields.len()) == before;
    out.add(
        Change::new(
            "function-signature-changed",
            Some(&ot.loc),
            Some(&nt.loc),
            name,
        )
        .fact_if(only_optional_added, "optional-parameters-added")
        .slot("name", name)
        .slot("old", before)
        .slot("new", after),
    );
}

fn values(name: &str, ot: &TypeDef, nt: &TypeDef, dir: Direction, out: &mut Report) {
    let changes = [
        ("member-removed", &ot.values, &nt.values),
        ("member-added", &nt.values, &ot.values),
    ];
    for (what, from, to) in changes {
        for v in from.iter().filter(|v| !to.contains(v)) {
            out.add(
                Change::new(what, Some(&ot.loc), Some(&nt.loc), format!("{name}.{v}"))
                    .fact(dir.fact())
                    .slot("name", name)
                    .slot("member", v),
            );
        }
    }
}

fn property(name: &str, t: &Decl, m: &Member, what: &'static str, dir: Direction) -> Change {
    let old_at = m.old_loc().or(t.old_loc());
    Change::new(what, old_at, m.at, format!("{name}.{}", m.key))
        .fact(dir.fact())
        .slot("name", name)
        .slot("property", *m.key)
}

fn property_removed_or_added(name: &str, t: &Decl, m: &Member, dir: Direction, out: &mut Report) {
    if m.removed().is_some() {
        out.add(property(name, t, m, "property-removed", dir));
    } else if let Some(nf) = m.added() {
        out.add(property(name, t, m, "property-added", dir).fact_if(!nf.optional, "required"));
    }
}

fn property_type_changed(name: &str, t: &Decl, m: &Member, dir: Direction, out: &mut Report) {
    let Some((of, nf)) = m.both() else { return };
    if of.ty != nf.ty || of.list != nf.list {
        let show = |f: &Field| {
            if f.list {
                format!("{}[]", f.ty)
            } else {
                f.ty.clone()
            }
        };
        out.add(
            property(name, t, m, "property-type-changed", dir)
                .slot("old", show(of))
                .slot("new", show(nf)),
        );
    }
}

fn property_optionality_changed(
    name: &str,
    t: &Decl,
    m: &Member,
    dir: Direction,
    out: &mut Report,
) {
    let what = match m.both().map(|(a, b)| (a.optional, b.optional)) {
        Some((true, false)) => "property-became-required",
        Some((false, true)) => "property-became-optional",
        _ => return,
    };
    out.add(property(name, t, m, what, dir));
}
