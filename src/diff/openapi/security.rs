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

/// Where a scheme says how credentials are presented and where they are got; a flow's
/// presence is given by its name alone.
const SCHEME_FIELDS: &[&[&str]] = &[
    &["type"],
    &["in"],
    &["name"],
    &["scheme"],
    &["openIdConnectUrl"],
    &["flows", "implicit"],
    &["flows", "implicit", "authorizationUrl"],
    &["flows", "password"],
    &["flows", "password", "tokenUrl"],
    &["flows", "clientCredentials"],
    &["flows", "clientCredentials", "tokenUrl"],
    &["flows", "authorizationCode"],
    &["flows", "authorizationCode", "authorizationUrl"],
    &["flows", "authorizationCode", "tokenUrl"],
];

fn scheme_defs(api: &Api) -> Option<&Node> {
    let d = api.root.get("components")?.get("securitySchemes")?;
    Some(super::resolve(api, d))
}

fn at_path<'n>(node: &'n Node, path: &[&str]) -> Option<&'n Node> {
    path.iter().try_fold(node, |n, k| n.get(k))
}

/// The schemes that some requirement of the revision names, its own or an operation's.
fn used_schemes(api: &Api) -> BTreeSet<String> {
    let mut lists: Vec<&Node> = api.root.get("security").into_iter().collect();
    lists.extend(
        super::operations(api)
            .values()
            .filter_map(|o| o.op.get("security")),
    );
    let reqs = lists.into_iter().flat_map(Node::items);
    reqs.flat_map(|r| r.entries().iter().map(|(k, _)| k.name.clone()))
        .collect()
}

/// A security scheme the old revision's requirements use, changed in how a client presents
/// its credentials or where it gets them: clients that authenticate the old way are refused.
pub(super) fn schemes(oa: &Api, na: &Api, out: &mut Report) {
    let (Some(od), Some(nd)) = (scheme_defs(oa), scheme_defs(na)) else {
        return;
    };
    let used = used_schemes(oa);
    for (key, o) in od.entries().iter().filter(|(k, _)| used.contains(&k.name)) {
        let Some(n) = nd.get(&key.name) else { continue };
        let (o, n) = (super::resolve(oa, o), super::resolve(na, n));
        // Another type of scheme changes everything after it: the type says it all.
        let fields = if o.get("type").map(scalar_text) != n.get("type").map(scalar_text) {
            &SCHEME_FIELDS[..1]
        } else {
            SCHEME_FIELDS
        };
        for field in fields {
            let (a, b) = (at_path(o, field), at_path(n, field));
            let text = |v: Option<&Node>| match v {
                None => "none".to_string(),
                Some(_) if field.len() == 2 => "present".to_string(),
                Some(v) => format!("`{}`", scalar_text(v)),
            };
            // A flow added is one more way to get a token; only one taken away refuses.
            let same = match (a, b) {
                (None, None) => true,
                (_, Some(_)) if field.len() == 2 => true,
                (Some(x), Some(y)) if field == &["name"] => {
                    scalar_text(x).eq_ignore_ascii_case(&scalar_text(y))
                }
                (Some(x), Some(y)) => scalar_text(x) == scalar_text(y),
                _ => false,
            };
            if same {
                continue;
            }
            let loc = |api: &Api, s: &Node, v: Option<&Node>| api.loc(v.map_or(s.pos, |v| v.pos));
            let c = super::Change::new(
                "security-scheme-changed",
                Some(&loc(oa, o, a)),
                Some(&loc(na, n, b)),
                format!("security scheme {} {}", key.name, field.join("/")),
            );
            out.add(
                c.slot("scheme", &key.name)
                    .slot("field", field.join("."))
                    .slot("old", text(a))
                    .slot("new", text(b)),
            );
        }
    }
}
