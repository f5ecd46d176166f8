//! OpenAPI changes, request/response aware: what a client sends may widen, what it receives
//! may narrow; the opposite breaks it. Operations match by method and path template
//! (parameter names ignored); schemas are compared through `$ref`s, so a `$ref` and the same
//! schema inline are no change, and cycles stop at the first pair seen twice. Each rule's file
//! says which side it is for and its level there.

mod bodies;
mod keywords;
mod lifecycle;
mod params;
mod schema;
mod security;
mod validity;

use std::collections::BTreeMap;

use crate::analyze::Analysis;
use crate::finding::{Finding, Loc};
use crate::formats::openapi::{Api, refs, scalar_text};
use crate::formats::yaml::{Key, Node};
use crate::rules::Category;

use super::change::{Change, Report};
use super::pair::{Located, pair};

/// An API with the key it is paired by: the source and the API's slug.
struct Keyed<'a> {
    key: String,
    api: &'a Api,
}

fn apis<'a>(analyses: &[&'a Analysis]) -> Vec<Keyed<'a>> {
    let mut out = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for a in analyses {
        let source = match a.source.rel_dir.as_str() {
            "" => a.source.stem(),
            d => format!("{d}/{}", a.source.stem()),
        };
        for api in &a.apis {
            // Docs are paired before they get here, so within one the slug names the API.
            let key = if a.is_doc {
                api.slug.clone()
            } else {
                source.clone()
            };
            // Two sections of one heading hold two APIs of one slug: the n-th pairs with the
            // n-th.
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            let key = if *n == 1 { key } else { format!("{key}#{n}") };
            out.push(Keyed { key, api });
        }
    }
    out
}

pub fn diff(old: &[&Analysis], new: &[&Analysis], soften_deprecated: bool) -> Vec<Finding> {
    let (o, n) = (apis(old), apis(new));
    let mut out = Report::new("openapi", Category::WireJson);
    if !soften_deprecated {
        out.ignore_fact("deprecated");
    }
    validity::report(old, new, &mut out);
    // One API on each side: they are the same API, whatever their names.
    if o.len() == 1 && n.len() == 1 {
        compare_api(o[0].api, n[0].api, &mut out);
        return out.findings;
    }
    let first_new = n.first().map(|k| k.api.loc(k.api.root.pos));
    for oa in &o {
        match n.iter().find(|na| na.key == oa.key) {
            Some(na) => compare_api(oa.api, na.api, &mut out),
            None => out.add(
                Change::new(
                    "api-removed",
                    Some(&oa.api.loc(oa.api.root.pos)),
                    first_new.as_ref(),
                    &oa.key,
                )
                .slot("name", &oa.api.name),
            ),
        }
    }
    for na in n.iter().filter(|na| !o.iter().any(|oa| oa.key == na.key)) {
        out.add(
            Change::new(
                "api-added",
                None,
                Some(&na.api.loc(na.api.root.pos)),
                &na.key,
            )
            .slot("name", &na.api.name),
        );
    }
    out.findings
}

/// `/a/{id}/b` -> `/a/{}/b`.
fn template(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push('{');
            }
            '}' => {
                inside = false;
                out.push('}');
            }
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

struct Operation<'a> {
    path: &'a Key,
    method: &'a Key,
    op: &'a Node,
    item: &'a Node,
    loc: Loc,
}

impl Located for Operation<'_> {
    fn loc(&self) -> &Loc {
        &self.loc
    }
}

impl Operation<'_> {
    /// As the revision writes it: `GET /exports/{exportId}`.
    fn written(&self) -> String {
        format!(
            "{} {}",
            self.method.name.to_ascii_uppercase(),
            self.path.name
        )
    }
}

/// Operations keyed `GET /exports/{}`.
fn operations(api: &Api) -> BTreeMap<String, Operation<'_>> {
    let mut out = BTreeMap::new();
    for (path, item) in api.root.get("paths").map(Node::entries).unwrap_or_default() {
        for (method, op) in item
            .entries()
            .iter()
            .filter(|(m, _)| refs::is_method(&m.name))
        {
            let key = format!(
                "{} {}",
                method.name.to_ascii_uppercase(),
                template(&path.name)
            );
            let loc = api.loc(method.pos);
            out.insert(
                key,
                Operation {
                    path,
                    method,
                    op,
                    item,
                    loc,
                },
            );
        }
    }
    out
}

/// Where a removed operation is shown in the new revision: its path item if the path is
/// still there, else `paths:`, else the API's first line.
fn survivor(api: &Api, path: &str) -> Loc {
    let paths = api.root.entries().iter().find(|(k, _)| k.name == "paths");
    let item = paths.and_then(|(_, p)| {
        p.entries()
            .iter()
            .find(|(k, _)| template(&k.name) == template(path))
    });
    match (item, paths) {
        (Some((k, _)), _) | (None, Some((k, _))) => api.loc(k.pos),
        _ => api.loc(api.root.pos),
    }
}

pub(super) fn resolve<'a>(api: &'a Api, node: &'a Node) -> &'a Node {
    refs::resolve(&api.root, node)
}

/// The schema of a parameter or header: its `schema`, or that of the one media type its
/// `content` gives.
pub(super) fn value_schema(node: &Node) -> Option<&Node> {
    node.get("schema").or_else(|| {
        let content = node.get("content")?.entries();
        content.first()?.1.get("schema")
    })
}

/// The keys of the mapping `node` holds under `key` (webhooks, callbacks, links), each where
/// it is written.
pub(super) fn names_under(api: &Api, node: &Node, key: &str) -> BTreeMap<String, Loc> {
    let entries = node.get(key).map(Node::entries).unwrap_or_default();
    entries
        .iter()
        .map(|(k, _)| (k.name.clone(), api.loc(k.pos)))
        .collect()
}

fn truthy(n: Option<&Node>) -> bool {
    matches!(
        n.map(|n| &n.value),
        Some(crate::formats::yaml::Value::Bool(true))
    )
}

/// The implementation's API that a doc's API is: the one sharing most operations.
pub fn counterpart<'a>(doc_api: &Api, candidates: &[&'a Api]) -> Option<&'a Api> {
    let mine: Vec<String> = operations(doc_api).into_keys().collect();
    let best = candidates
        .iter()
        .map(|c| {
            (
                operations(c).keys().filter(|k| mine.contains(k)).count(),
                *c,
            )
        })
        .max_by_key(|(n, _)| *n);
    match best {
        Some((n, c)) if n > 0 => return Some(c),
        _ if candidates.len() == 1 => return Some(candidates[0]),
        _ => {}
    }
    // An API that holds only components (a doc's data model) pairs by its schema names.
    let names = schema_names(doc_api);
    candidates
        .iter()
        .map(|c| (schema_names(c).intersection(&names).count(), *c))
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, _)| *n)
        .map(|(_, c)| c)
}

fn schema_names(api: &Api) -> std::collections::BTreeSet<&str> {
    component_schemas(api)
        .map(|s| s.entries().iter().map(|(k, _)| k.name.as_str()).collect())
        .unwrap_or_default()
}

/// How many of the old API's operations (its schemas, for an API of components only) the
/// new one has: (compared, found).
pub fn coverage(old: &Api, new: &Api) -> (usize, usize) {
    let (oo, no) = (operations(old), operations(new));
    if oo.is_empty() {
        let (os, ns) = (schema_names(old), schema_names(new));
        return (os.len(), os.intersection(&ns).count());
    }
    (oo.len(), oo.keys().filter(|k| no.contains_key(*k)).count())
}

/// Every change from one API to another.
pub fn compare(old: &Api, new: &Api) -> Vec<Finding> {
    let mut out = Report::new("openapi", Category::WireJson);
    compare_api(old, new, &mut out);
    out.findings
}

/// Both revisions of one operation, for the rules that read it.
pub(super) struct Op<'a> {
    oa: &'a Api,
    na: &'a Api,
    o: &'a Operation<'a>,
    n: &'a Operation<'a>,
    /// As the new revision writes it, and as subjects key it.
    written: String,
    key: &'a str,
}

impl Op<'_> {
    fn change(&self, what: &'static str) -> Change {
        Change::new(what, Some(&self.o.loc), Some(&self.n.loc), self.key).slot("op", &self.written)
    }
}

type OpRule = fn(&Op, &mut Report);

const OPERATION_RULES: &[OpRule] = &[
    lifecycle::deprecated,
    lifecycle::promises_kept,
    callbacks,
    operation_id,
    security::security,
    params::parameters,
    bodies::request_body,
    bodies::responses,
];

fn compare_api(oa: &Api, na: &Api, out: &mut Report) {
    webhooks(oa, na, out);
    security::schemes(oa, na, out);
    let (oo, no) = (operations(oa), operations(na));
    if oo.is_empty() {
        data_model(oa, na, out);
    }
    for d in pair(&oo, &no, None) {
        match (d.old, d.new) {
            (Some(o), None) => {
                let at = survivor(na, &o.path.name);
                let c = Change::new("operation-removed", Some(&o.loc), Some(&at), d.key)
                    .slot("op", o.written());
                out.add(lifecycle::weigh(c, o.op));
            }
            (None, Some(n)) => out.add(
                Change::new("operation-added", None, Some(&n.loc), d.key).slot("op", n.written()),
            ),
            (Some(o), Some(n)) => {
                let op = Op {
                    oa,
                    na,
                    o,
                    n,
                    written: n.written(),
                    key: d.key,
                };
                for rule in OPERATION_RULES {
                    rule(&op, out);
                }
            }
            (None, None) => {}
        }
    }
}

/// OpenAPI 3.1 `webhooks`: the requests the API sends to its clients, by name. One dropped
/// is a call that subscribers stop getting.
fn webhooks(oa: &Api, na: &Api, out: &mut Report) {
    let (ow, nw) = (
        names_under(oa, &oa.root, "webhooks"),
        names_under(na, &na.root, "webhooks"),
    );
    let anchor = na
        .root
        .key_pos("webhooks")
        .map_or_else(|| na.loc(na.root.pos), |p| na.loc(p));
    for (name, at) in &ow {
        if !nw.contains_key(name) {
            let c = Change::new(
                "webhook-removed",
                Some(at),
                Some(&anchor),
                format!("webhook {name}"),
            );
            out.add(c.slot("name", name));
        }
    }
    for (name, at) in nw.iter().filter(|(n, _)| !ow.contains_key(*n)) {
        let c = Change::new("webhook-added", None, Some(at), format!("webhook {name}"));
        out.add(c.slot("name", name));
    }
}

/// An API of components only (a doc's data model) promises its schemas: each is held to
/// the same-named schema of the other side as a response is, since clients read what the
/// model describes.
fn data_model(oa: &Api, na: &Api, out: &mut Report) {
    let (Some(os), Some(ns)) = (component_schemas(oa), component_schemas(na)) else {
        return;
    };
    for (name, o) in os.entries() {
        let Some(n) = ns.get(&name.name) else {
            continue;
        };
        let place = schema::Place {
            old: o,
            new: n,
            what: format!("schema `{}`", name.name),
            path: String::new(),
            old_at: oa.loc(o.pos),
            new_at: na.loc(n.pos),
        };
        let key = format!("#/components/schemas/{}", name.name);
        schema::Compare::new(oa, na, "the data model", &key, schema::Scope::Response)
            .schema(place, out);
    }
}

fn component_schemas(a: &Api) -> Option<&Node> {
    a.root.get("components").and_then(|c| c.get("schemas"))
}

/// The requests an operation makes back to its caller, by name.
fn callbacks(op: &Op, out: &mut Report) {
    let (oc, nc) = (
        names_under(op.oa, op.o.op, "callbacks"),
        names_under(op.na, op.n.op, "callbacks"),
    );
    for (name, at) in &oc {
        if !nc.contains_key(name) {
            let c = Change::new("callback-removed", Some(at), Some(&op.n.loc), op.key);
            out.add(c.slot("op", &op.written).slot("name", name));
        }
    }
    for (name, at) in nc.iter().filter(|(n, _)| !oc.contains_key(*n)) {
        let c = Change::new("callback-added", Some(&op.o.loc), Some(at), op.key);
        out.add(c.slot("op", &op.written).slot("name", name));
    }
}

fn operation_id(op: &Op, out: &mut Report) {
    let (oid, nid) = (
        op.o.op.get("operationId").map(scalar_text),
        op.n.op.get("operationId").map(scalar_text),
    );
    if let (Some(a), Some(b)) = (oid, nid)
        && a != b
    {
        out.add(
            op.change("operation-id-changed")
                .slot("old", a)
                .slot("new", b),
        );
    }
}
