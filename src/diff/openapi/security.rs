//! Security requirements of an operation (its own or the API's): schemes required where
//! none were, alternatives added and dropped, OAuth scopes asked for.

use std::collections::{BTreeMap, BTreeSet};

use crate::formats::openapi::{Api, scalar_text};
use crate::formats::yaml::Node;

use super::super::change::Report;
use super::Op;

/// Security requirement sets, by scheme names: the operation's own or else the API's.
fn requirements(api: &Api, op: &Node) -> BTreeSet<String> {
    let list = op.get("security").or_else(|| api.root.get("security"));
    let one = |req: &Node| {
        let mut names: Vec<&str> = req.entries().iter().map(|(k, _)| k.name.as_str()).collect();
        names.sort();
        names.join("+")
    };
    list.map(|l| l.items().iter().map(one).collect())
        .unwrap_or_default()
}

pub(super) fn security(op: &Op, out: &mut Report) {
    let (os, ns) = (requirements(op.oa, op.o.op), requirements(op.na, op.n.op));
    // An empty requirement (`{}`) means "no authentication needed".
    let open = |s: &BTreeSet<String>| s.is_empty() || s.contains("");
    if open(&os) && !open(&ns) {
        let all = ns.iter().cloned().collect::<Vec<_>>().join(" or ");
        out.add(
            op.change("security-requirement-added")
                .fact("was-open")
                .slot("requirement", all),
        );
        return;
    }
    if !open(&os) && open(&ns) {
        out.add(op.change("security-requirement-removed").fact("now-open"));
        return;
    }
    // The list is of alternatives: one more is another way in, safe for clients of the old
    // ones; one fewer refuses those who used it (a requirement tightened is one of each).
    let covered = |r: &str| {
        os.iter()
            .any(|x| r.split('+').all(|p| x.split('+').any(|q| q == p)))
    };
    for r in ns.difference(&os).filter(|r| !r.is_empty() && !covered(r)) {
        out.add(
            op.change("security-requirement-added")
                .slot("requirement", r),
        );
    }
    for r in os.difference(&ns).filter(|r| !r.is_empty()) {
        out.add(
            op.change("security-requirement-removed")
                .slot("requirement", r),
        );
    }
    scopes(op, out);
}

/// The OAuth scopes a requirement asks for, by requirement (as [`requirements`] names it) and
/// scheme.
fn scopes_of(api: &Api, op: &Node) -> BTreeMap<(String, String), BTreeSet<String>> {
    let list = op.get("security").or_else(|| api.root.get("security"));
    let mut out = BTreeMap::new();
    for req in list.map(Node::items).unwrap_or_default() {
        let mut names: Vec<&str> = req.entries().iter().map(|(k, _)| k.name.as_str()).collect();
        names.sort();
        let key = names.join("+");
        for (scheme, scopes) in req.entries() {
            let set = scopes.items().iter().map(scalar_text).collect();
            out.insert((key.clone(), scheme.name.clone()), set);
        }
    }
    out
}

/// A scope more in a requirement kept is a token clients may not have; one fewer asks less.
fn scopes(op: &Op, out: &mut Report) {
    let (os, ns) = (scopes_of(op.oa, op.o.op), scopes_of(op.na, op.n.op));
    for (key, old) in &os {
        let Some(new) = ns.get(key) else { continue };
        for (what, from, to) in [
            ("security-scope-added", new, old),
            ("security-scope-removed", old, new),
        ] {
            for scope in from.difference(to) {
                out.add(op.change(what).slot("scheme", &key.1).slot("scope", scope));
            }
        }
    }
}
