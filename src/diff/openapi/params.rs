//! Parameters of an operation, with its path item's: removed, added, required or not,
//! deprecated, and their schemas.

use std::collections::BTreeMap;

use crate::finding::Loc;
use crate::formats::openapi::{Api, scalar_text};
use crate::formats::yaml::Node;

use super::super::change::Report;
use super::super::pair::{Located, pair};
use super::schema::{Compare, Place, Scope};
use super::{Op, Operation, resolve, truthy};

struct Param<'a> {
    name: String,
    location: String,
    node: &'a Node,
    at: Loc,
}

impl Located for Param<'_> {
    fn loc(&self) -> &Loc {
        &self.at
    }
}

/// The operation's parameters with the path item's, keyed by `in` and name; path parameters
/// by their position in the template, since their names may change freely.
fn collect<'a>(api: &'a Api, o: &Operation<'a>) -> BTreeMap<(String, String), Param<'a>> {
    let order: Vec<&str> = o
        .path
        .name
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|p| p.0))
        .collect();
    let mut out = BTreeMap::new();
    let lists = [o.item.get("parameters"), o.op.get("parameters")];
    for p in lists.into_iter().flatten().flat_map(Node::items) {
        let r = resolve(api, p);
        let (Some(name), Some(location)) =
            (r.get("name").map(scalar_text), r.get("in").map(scalar_text))
        else {
            continue;
        };
        let key_name = match order.iter().position(|n| *n == name) {
            Some(i) if location == "path" => format!("#{i}"),
            _ => name.clone(),
        };
        out.insert(
            (location.clone(), key_name),
            Param {
                name,
                location,
                node: r,
                at: api.loc(p.pos),
            },
        );
    }
    out
}

/// How a parameter is written on the wire: its `style` and `explode`, defaults filled in
/// (`form` and exploded for query and cookie, `simple` for path and header).
fn serialization(p: &Param) -> String {
    let style = p.node.get("style").map(scalar_text).unwrap_or_else(|| {
        match p.location.as_str() {
            "query" | "cookie" => "form",
            _ => "simple",
        }
        .to_string()
    });
    let explode = match p.node.get("explode").map(|e| &e.value) {
        Some(crate::formats::yaml::Value::Bool(b)) => *b,
        _ => style == "form",
    };
    format!(
        "style `{style}`, {}exploded",
        if explode { "" } else { "not " }
    )
}

pub(super) fn parameters(op: &Op, out: &mut Report) {
    let (old, new) = (collect(op.oa, op.o), collect(op.na, op.n));
    for d in pair(&old, &new, Some(&op.n.loc)) {
        let p = d.new.or(d.old).expect("a paired parameter is on one side");
        let what = format!("{} parameter `{}`", p.location, p.name);
        let subject = format!("{} {} {}", op.key, d.key.0, d.key.1);
        let change = |c| {
            super::Change::new(c, d.old_loc(), d.at, &subject)
                .slot("op", &op.written)
                .slot("what", &what)
        };
        let Some((p, q)) = d.both() else {
            match d.new {
                None => {
                    let old = d.old.expect("a parameter removed is on the old side");
                    out.add(super::lifecycle::weigh(
                        change("request-parameter-removed"),
                        old.node,
                    ));
                }
                Some(q) => out.add(
                    change("request-parameter-added")
                        .fact_if(truthy(q.node.get("required")), "required"),
                ),
            }
            continue;
        };
        match (
            truthy(p.node.get("required")),
            truthy(q.node.get("required")),
        ) {
            (false, true) => out.add(change("request-parameter-became-required")),
            (true, false) => out.add(change("request-parameter-became-optional")),
            _ => {}
        }
        if !truthy(p.node.get("deprecated")) && truthy(q.node.get("deprecated")) {
            out.add(change("request-parameter-deprecated"));
        }
        for (c, was, now) in super::lifecycle::promises(p.node, q.node) {
            let c = super::Change::new(c, d.old_loc(), d.at, &subject)
                .slot("what", format!("{what} of {}", op.written));
            out.add(c.slot("old", was).slot("new", now));
        }
        let (a, b) = (serialization(p), serialization(q));
        if a != b {
            out.add(
                change("request-parameter-style-changed")
                    .slot("old", a)
                    .slot("new", b),
            );
        }
        // Swagger 2.0 puts the type on the parameter itself.
        let place = Place {
            old: super::value_schema(p.node).unwrap_or(p.node),
            new: super::value_schema(q.node).unwrap_or(q.node),
            what: what.clone(),
            path: String::new(),
            old_at: p.at.clone(),
            new_at: q.at.clone(),
        };
        Compare::new(op.oa, op.na, &op.written, &subject, Scope::Parameter).schema(place, out);
    }
}
