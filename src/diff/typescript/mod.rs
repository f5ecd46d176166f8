//! TypeScript changes by exported name, compared structurally (`compare`) through the bases
//! and utility types each side declares (`heritage`). A type's direction comes from the
//! same-named OpenAPI schema's use (request or response) where the doc has one; otherwise
//! both, so that a change that breaks either senders or receivers is breaking.

mod compare;
mod heritage;

use std::collections::{BTreeMap, BTreeSet};

use crate::analyze::{Analysis, Role};
use crate::finding::{Finding, Loc};
use crate::formats::typescript::shape::{Body, Decl, EnumMember, Signature, Ty};
use crate::model::Kind;
use crate::rules::Category;

use super::change::{Change, Report};
use super::pair::{Delta, Located, pair};
use compare::{At, Cx};
use heritage::Scope;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
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

impl Located for Decl {
    fn loc(&self) -> &Loc {
        &self.loc
    }
}

impl Located for EnumMember {
    fn loc(&self) -> &Loc {
        &self.loc
    }
}

/// One side's exported declarations of contract blocks, merged as the compiler merges them,
/// and where a removal of one is shown: its first block.
fn decls(analyses: &[&Analysis]) -> (Vec<Decl>, Option<Loc>) {
    let mut out: Vec<Decl> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut anchor = None;
    for a in analyses {
        for (block, decls) in &a.typescript {
            let contract = a
                .results
                .iter()
                .find(|r| r.block == *block && r.kind == Kind::Typescript)
                .filter(|r| r.role == Role::Contract);
            let Some(r) = contract else { continue };
            anchor.get_or_insert_with(|| a.block(r).start_loc(&a.source.display));
            for d in decls {
                let Some(&i) = index.get(&d.name) else {
                    index.insert(d.name.clone(), out.len());
                    out.push(d.clone());
                    continue;
                };
                merge(&mut out[i], d);
            }
        }
    }
    (out, anchor)
}

/// A second declaration of a name: interfaces of one name are one interface with the
/// members of both; a namespace merged with a type of its name (`namespace Kind { … }`
/// beside `type Kind = 'a' | 'b'`) holds that type's values, and the type is the contract.
fn merge(slot: &mut Decl, d: &Decl) {
    match (&mut slot.body, &d.body) {
        (Body::Namespace(_), body) if !matches!(body, Body::Namespace(_)) => *slot = d.clone(),
        (
            Body::Interface { extends, members },
            Body::Interface {
                extends: more_bases,
                members: more,
            },
        ) => {
            for m in more {
                if !members.iter().any(|x| x.name == m.name) {
                    members.push(m.clone());
                }
            }
            members.sort_by(|a, b| a.name.cmp(&b.name));
            extends.extend(more_bases.iter().cloned());
        }
        _ => {}
    }
}

fn scope(decls: &[Decl]) -> Scope<'_> {
    decls.iter().map(|d| (d.name.as_str(), d)).collect()
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
    let ((o, _), (n, _)) = (decls(old), decls(new));
    let (o, n) = (scope(&o), scope(&n));
    (o.len(), o.keys().filter(|k| n.contains_key(*k)).count())
}

pub fn diff(old: &[&Analysis], new: &[&Analysis]) -> Vec<Finding> {
    let ((o, _), (n, anchor)) = (decls(old), decls(new));
    let (o, n) = (scope(&o), scope(&n));
    let dirs = directions(new);
    let mut out = Report::new("typescript", Category::WireJson);
    for d in pair(&o, &n, anchor.as_ref()) {
        declaration(&d, &o, &n, &mut out);
        let Some((od, nd)) = d.both() else { continue };
        let mut cx = Cx {
            name: d.key,
            dir: dirs.get(*d.key).copied().unwrap_or(Direction::Both),
            class: matches!(
                (&od.body, &nd.body),
                (Body::Class { .. }, Body::Class { .. })
            ),
            old: &o,
            new: &n,
            out: &mut out,
        };
        type_params(&mut cx, od, nd);
        body(&mut cx, od, nd);
    }
    out.findings
}

/// What a declaration is, as a message names it: `interface`, `class`, `enum`, …
fn kind(d: &Decl, scope: &Scope) -> &'static str {
    match &d.body {
        Body::Class { .. } => "class",
        Body::Alias(_) | Body::Interface { .. } if heritage::of_decl(d, scope).is_some() => {
            "object type"
        }
        other => other.kind(),
    }
}

/// Kinds that compare as types: an alias may become a union or a literal type. An object
/// type become one of those is a change of kind.
fn comparable(a: &str, b: &str) -> bool {
    let alias = |k| matches!(k, "union" | "union of literals" | "type alias");
    a == b || alias(a) && alias(b)
}

fn declaration(d: &Delta<&str, &Decl>, o: &Scope, n: &Scope, out: &mut Report) {
    let name = *d.key;
    let change = |what| Change::new(what, d.old_loc(), d.at, name).slot("name", name);
    match (d.old, d.new) {
        (Some(_), None) => out.add(change("declaration-removed")),
        (None, Some(_)) => out.add(change("declaration-added")),
        (Some(a), Some(b))
            if !comparable(kind(a, o), kind(b, n))
                && (string_values(a).is_none() || string_values(b).is_none()) =>
        {
            out.add(
                change("declaration-kind-changed")
                    .slot("old", kind(a, o))
                    .slot("new", kind(b, n)),
            )
        }
        _ => {}
    }
}

fn body(cx: &mut Cx, od: &Decl, nd: &Decl) {
    let at = At {
        old: &od.loc,
        new: &nd.loc,
    };
    if !comparable(kind(od, cx.old), kind(nd, cx.new)) {
        if let (Some(a), Some(b)) = (string_values(od), string_values(nd)) {
            values(cx, &a, &b, at);
        }
        return;
    }
    if let (Body::Alias(a), Body::Alias(b)) = (&od.body, &nd.body)
        && a == b
    {
        // Written alike (`Partial<Order>` on both sides): what changed is reported at the
        // types it names.
        return;
    }
    if let (Some(mut a), Some(mut b)) =
        (heritage::of_decl(od, cx.old), heritage::of_decl(nd, cx.new))
    {
        // A member both sides inherit through the same base is that base's to report.
        let shared: BTreeSet<String> = a
            .origin
            .iter()
            .filter(|(name, base)| b.origin.get(*name) == Some(base))
            .map(|(name, _)| name.clone())
            .collect();
        a.members.retain(|m| !shared.contains(&m.name));
        b.members.retain(|m| !shared.contains(&m.name));
        bases(cx, &a.opaque, &b.opaque, at);
        return cx.members(cx.name, &a.members, &b.members, at, 0);
    }
    match (&od.body, &nd.body) {
        (Body::Alias(a), Body::Alias(b)) => cx.types(cx.name, a, b, at, 0),
        (Body::Function(a), Body::Function(b)) => overloads(cx, a, b, at),
        (
            Body::Enum {
                constant: ca,
                members: a,
            },
            Body::Enum {
                constant: cb,
                members: b,
            },
        ) => {
            enum_members(cx, a, b, at);
            if ca != cb {
                let c = Change::new("enum-const-changed", Some(at.old), Some(at.new), cx.name)
                    .fact(if *cb { "added" } else { "removed" })
                    .slot("name", cx.name);
                cx.out.add(c);
            }
        }
        (Body::Namespace(a), Body::Namespace(b)) => values(cx, a, b, at),
        _ => {}
    }
}

/// Values added to or removed from a set of them (a namespace's constants, an enum's
/// strings against a union's literals).
fn values(cx: &mut Cx, old: &[String], new: &[String], at: At) {
    for (what, from, to) in [("member-removed", old, new), ("member-added", new, old)] {
        for v in from.iter().filter(|v| !to.contains(v)) {
            let c = Change::new(what, Some(at.old), Some(at.new), format!("{}.{v}", cx.name))
                .fact(cx.dir.fact())
                .slot("name", cx.name)
                .slot("path", cx.name)
                .slot("member", v.as_str());
            cx.out.add(c);
        }
    }
}

/// The values of an enum whose members are all strings, or of a union of string literals:
/// the two spell one contract (`enum Kind { A = 'a' }` against `type Kind = 'a'`).
fn string_values(d: &Decl) -> Option<Vec<String>> {
    match &d.body {
        Body::Enum { members, .. } => members
            .iter()
            .map(|m| {
                let v = m.value.as_deref()?;
                let inner = v.strip_prefix(['"', '\''])?.strip_suffix(['"', '\''])?;
                Some(format!("\"{inner}\""))
            })
            .collect(),
        Body::Alias(Ty::Union(alts)) => alts
            .iter()
            .map(|t| match t {
                Ty::Literal(l) if l.starts_with('"') => Some(l.clone()),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// Bases outside the compared files, by name: one dropped takes its members with it.
fn bases(cx: &mut Cx, old: &[Ty], new: &[Ty], at: At) {
    for (fact, from, to) in [("removed", old, new), ("added", new, old)] {
        for base in from.iter().filter(|b| !to.contains(b)) {
            let c = Change::new("extends-changed", Some(at.old), Some(at.new), cx.name)
                .fact(fact)
                .slot("name", cx.name)
                .slot("base", base.to_string());
            cx.out.add(c);
        }
    }
}

/// Overloads unmatched on either side pair up in order; one left over on the old side was
/// removed, on the new side added.
fn overloads(cx: &mut Cx, old: &[Signature], new: &[Signature], at: At) {
    let gone: Vec<&Signature> = old.iter().filter(|s| !new.contains(s)).collect();
    let came: Vec<&Signature> = new.iter().filter(|s| !old.contains(s)).collect();
    for (i, a) in gone.iter().enumerate() {
        match came.get(i) {
            Some(b) => cx.signature(cx.name, a, b, at),
            None => {
                let c = Change::new("overload-changed", Some(at.old), Some(at.new), cx.name)
                    .fact("removed")
                    .slot("name", cx.name)
                    .slot("signature", a.to_string());
                cx.out.add(c);
            }
        }
    }
    for b in came.iter().skip(gone.len()) {
        let c = Change::new("overload-changed", Some(at.old), Some(at.new), cx.name)
            .fact("added")
            .slot("name", cx.name)
            .slot("signature", b.to_string());
        cx.out.add(c);
    }
}

/// Enum members by name, with the values the compiler gives them: a member without an
/// initializer is one more than the member before it.
fn enum_members(cx: &mut Cx, old: &[EnumMember], new: &[EnumMember], at: At) {
    let index = |ms: &[EnumMember]| -> BTreeMap<String, (EnumMember, Option<String>)> {
        let mut next = Some(0i64);
        let mut out = BTreeMap::new();
        for m in ms {
            let value = match &m.value {
                Some(v) => {
                    next = v.parse::<i64>().ok().and_then(|n| n.checked_add(1));
                    Some(v.clone())
                }
                None => {
                    let v = next.map(|n| n.to_string());
                    next = next.and_then(|n| n.checked_add(1));
                    v
                }
            };
            out.insert(m.name.clone(), (m.clone(), value));
        }
        out
    };
    let (ov, nv) = (index(old), index(new));
    let members =
        |v: &BTreeMap<String, (EnumMember, Option<String>)>| -> BTreeMap<String, EnumMember> {
            v.iter().map(|(k, (m, _))| (k.clone(), m.clone())).collect()
        };
    let (om, nm) = (members(&ov), members(&nv));
    for m in pair(&om, &nm, Some(at.new)) {
        let subject = format!("{}.{}", cx.name, m.key);
        let what = if m.removed().is_some() {
            "member-removed"
        } else if m.added().is_some() {
            "member-added"
        } else {
            let (a, b) = (&ov[m.key].1, &nv[m.key].1);
            if a == b {
                continue;
            }
            let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(computed)".into());
            let c = Change::new("enum-value-changed", m.old_loc(), m.at, subject)
                .slot("name", cx.name)
                .slot("member", m.key.as_str())
                .slot("old", show(a))
                .slot("new", show(b));
            cx.out.add(c);
            continue;
        };
        let c = Change::new(what, m.old_loc().or(Some(at.old)), m.at, subject)
            .fact(cx.dir.fact())
            .slot("name", cx.name)
            .slot("path", cx.name)
            .slot("member", m.key.as_str());
        cx.out.add(c);
    }
}

/// Type parameters: one added with a default is safe, a default changed is dangerous,
/// anything else breaks code that names the type with its arguments.
fn type_params(cx: &mut Cx, od: &Decl, nd: &Decl) {
    let (a, b) = (&od.type_params, &nd.type_params);
    if a == b {
        return;
    }
    let defaulted_added = b.len() > a.len()
        && b[..a.len()] == a[..]
        && b[a.len()..].iter().all(|p| p.default.is_some());
    let same_but_defaults = a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.name == y.name && x.constraint == y.constraint);
    let show = |ps: &[crate::formats::typescript::shape::TypeParam]| {
        let list: Vec<String> = ps.iter().map(ToString::to_string).collect();
        format!("<{}>", list.join(", "))
    };
    let c = Change::new(
        "type-parameters-changed",
        Some(&od.loc),
        Some(&nd.loc),
        cx.name,
    )
    .fact_if(defaulted_added, "defaulted-added")
    .fact_if(same_but_defaults, "default-changed")
    .slot("name", cx.name)
    .slot("old", show(a))
    .slot("new", show(b));
    cx.out.add(c);
}
