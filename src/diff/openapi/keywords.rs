//! The JSON Schema 2020-12 keywords OpenAPI 3.1 schemas may use, compared on the tree: each
//! is a constraint, so one added narrows what is valid and one dropped widens it (`const`,
//! `contentMediaType`, `dependentRequired`, the subschema keywords); `exclusiveMinimum` /
//! `exclusiveMaximum` are read in their 3.0 boolean and 3.1 numeric forms. Subschemas present
//! on both sides are walked like any other schema (see [`Compare::subschemas`]).

use std::collections::BTreeSet;

use crate::formats::openapi::scalar_text;
use crate::formats::yaml::{Node, Value};

use super::super::change::Report;
use super::schema::{Compare, Place};

/// Keywords whose value is one schema, walked where both sides have it.
pub const ONE_SCHEMA: &[&str] = &[
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalProperties",
    "contentSchema",
    "not",
];

/// Keywords whose value maps names to schemas, walked name by name.
pub const NAMED_SCHEMAS: &[&str] = &["patternProperties", "dependentSchemas"];

/// `{a: 1}` as one line, for messages.
fn shown(n: &Node) -> String {
    match &n.value {
        Value::Map(_) | Value::Seq(_) => n.to_json().to_string(),
        Value::Null => "null".into(),
        Value::Str(s) => format!("\"{s}\""),
        _ => scalar_text(n),
    }
}

fn none_or(n: Option<&Node>) -> String {
    n.map_or("none".to_string(), shown)
}

/// One keyword's value added (narrows), dropped (widens) or changed (both).
fn keyword(cmp: &Compare, at: &Place, key: &str, out: &mut Report) {
    let (a, b) = (at.old.get(key), at.new.get(key));
    let (narrows, widens) = match (a, b) {
        (None, None) => return,
        (Some(x), Some(y)) if x.same_as(y) => return,
        (None, Some(_)) => (true, false),
        (Some(_), None) => (false, true),
        (Some(_), Some(_)) => (true, true),
    };
    out.add(
        cmp.change("constraint-changed", at)
            .fact_if(narrows, "narrows")
            .fact_if(widens, "widens")
            .fact("keyword")
            .slot("key", key)
            .slot("old", none_or(a))
            .slot("new", none_or(b)),
    );
}

/// `const`, and what an encoded string holds: a fixed value, a media type, an encoding.
pub fn fixed_values(cmp: &Compare, at: &Place, out: &mut Report) {
    for key in ["const", "contentMediaType", "contentEncoding"] {
        keyword(cmp, at, key, out);
    }
}

/// A subschema keyword that one side has and the other lacks. Where both have it, the walk
/// goes inside; `false` for `additionalProperties` and its kin is a subschema too.
pub fn subschema_presence(cmp: &Compare, at: &Place, out: &mut Report) {
    for &key in ONE_SCHEMA {
        let (a, b) = (at.old.get(key), at.new.get(key));
        // Absent, `true` and `{}` allow everything.
        let allows_all = |n: Option<&Node>| match n.map(|n| &n.value) {
            None | Some(Value::Bool(true)) => true,
            Some(Value::Map(m)) => m.is_empty(),
            _ => false,
        };
        let (ta, tb) = (allows_all(a), allows_all(b));
        let same = match (a, b) {
            (Some(x), Some(y)) => x.same_as(y),
            _ => ta && tb,
        };
        // Inside `not` every direction turns round, so it is not walked, only compared.
        let walked = key != "not"
            && !ta
            && !tb
            && a.is_some_and(Node::is_map)
            && b.is_some_and(Node::is_map);
        if same || ta && tb || walked {
            continue;
        }
        out.add(
            cmp.change("constraint-changed", at)
                .fact_if(!tb, "narrows")
                .fact_if(!ta, "widens")
                .fact("keyword")
                .slot("key", key)
                .slot("old", none_or(a))
                .slot("new", none_or(b)),
        );
    }
    for &key in NAMED_SCHEMAS {
        let names = |n: &Node| -> BTreeSet<String> {
            n.get(key)
                .map(|m| m.entries().iter().map(|(k, _)| k.name.clone()).collect())
                .unwrap_or_default()
        };
        let (a, b) = (names(at.old), names(at.new));
        for (name, narrows) in b
            .difference(&a)
            .map(|n| (n, true))
            .chain(a.difference(&b).map(|n| (n, false)))
        {
            out.add(
                cmp.change("constraint-changed", at)
                    .fact(if narrows { "narrows" } else { "widens" })
                    .fact("keyword")
                    .slot("key", format!("{key}/{name}"))
                    .slot("old", if narrows { "none" } else { "a schema" })
                    .slot("new", if narrows { "a schema" } else { "none" }),
            );
        }
    }
    // Positional schemas: one added or dropped moves what every later position means.
    let count = |n: &Node| n.get("prefixItems").map(|p| p.items().len());
    let (a, b) = (count(at.old), count(at.new));
    if a != b {
        let show = |c: Option<usize>| match c {
            None => "none".to_string(),
            Some(1) => "1 schema".to_string(),
            Some(c) => format!("{c} schemas"),
        };
        out.add(
            cmp.change("constraint-changed", at)
                .fact("narrows")
                .fact("widens")
                .fact("keyword")
                .slot("key", "prefixItems")
                .slot("old", show(a))
                .slot("new", show(b)),
        );
    }
}

/// `dependentRequired`: a name that, when present, requires others. More names required
/// narrow; fewer widen.
pub fn dependent_required(cmp: &Compare, at: &Place, out: &mut Report) {
    let deps = |n: &Node| -> BTreeSet<(String, String)> {
        let mut out = BTreeSet::new();
        for (k, v) in n
            .get("dependentRequired")
            .map(Node::entries)
            .unwrap_or_default()
        {
            for name in v.items() {
                out.insert((k.name.clone(), scalar_text(name)));
            }
        }
        out
    };
    let (a, b) = (deps(at.old), deps(at.new));
    for ((when, name), narrows) in b
        .difference(&a)
        .map(|d| (d, true))
        .chain(a.difference(&b).map(|d| (d, false)))
    {
        out.add(
            cmp.change("constraint-changed", at)
                .fact(if narrows { "narrows" } else { "widens" })
                .fact("keyword")
                .slot("key", format!("dependentRequired/{when}"))
                .slot(
                    "old",
                    if narrows {
                        "none".into()
                    } else {
                        format!("`{name}`")
                    },
                )
                .slot(
                    "new",
                    if narrows {
                        format!("`{name}`")
                    } else {
                        "none".into()
                    },
                ),
        );
    }
}

/// The 3.0 form: `exclusiveMinimum: true` turns `minimum` into a strict bound. (The 3.1
/// numeric form is a bound of its own, compared with the others.)
pub fn exclusive_flags(cmp: &Compare, at: &Place, out: &mut Report) {
    for (key, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        let flag = |n: &Node| match n.get(key).map(|v| &v.value) {
            Some(Value::Bool(b)) => Some(*b),
            Some(Value::Int(_) | Value::Float(_)) => None,
            _ => Some(false),
        };
        let (Some(a), Some(b)) = (flag(at.old), flag(at.new)) else {
            continue;
        };
        if a == b || at.new.get(bound).is_none() && at.old.get(bound).is_none() {
            continue;
        }
        out.add(
            cmp.change("constraint-changed", at)
                .fact(if b { "narrows" } else { "widens" })
                .fact("bound")
                .slot("key", key)
                .slot("old", a.to_string())
                .slot("new", b.to_string()),
        );
    }
}

/// `type` as a set of names, `null` apart (nullability is its own rule). `integer` is in
/// `number`.
pub fn types(n: &Node) -> Option<BTreeSet<String>> {
    let t = n.get("type")?;
    let set: BTreeSet<String> = match &t.value {
        Value::Str(s) => [s.clone()].into(),
        Value::Seq(items) => items
            .iter()
            .filter_map(Node::as_str)
            .map(str::to_string)
            .collect(),
        _ => return None,
    };
    let set: BTreeSet<String> = set.into_iter().filter(|t| t != "null").collect();
    (!set.is_empty()).then_some(set)
}

/// Every type of `a` is one of `b`'s.
pub fn covered(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    a.iter()
        .all(|t| b.contains(t) || t == "integer" && b.contains("number"))
}
