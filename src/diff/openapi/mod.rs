//! OpenAPI changes, request/response aware: what a client sends may widen, what it receives
//! may narrow; the opposite breaks it. Operations match by method and path template
//! (parameter names ignored); schemas are compared through `$ref`s, so a `$ref` and the same
//! schema inline are no change, and cycles stop at the first pair seen twice.

mod schema;

use std::collections::{BTreeMap, BTreeSet};

use crate::analyze::Analysis;
use crate::finding::{Finding, Loc};
use crate::formats::openapi::{Api, scalar_text};
use crate::formats::yaml::{Key, Node};
use crate::rules;

use schema::{Compare, Scope};

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// An API with the key it is paired by: the source and the API's slug.
struct Keyed<'a> {
    key: String,
    api: &'a Api,
}

fn apis<'a>(analyses: &[&'a Analysis]) -> Vec<Keyed<'a>> {
    let mut out = Vec::new();
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
            out.push(Keyed { key, api });
        }
    }
    out
}

pub fn diff(old: &[&Analysis], new: &[&Analysis]) -> Vec<Finding> {
    let (o, n) = (apis(old), apis(new));
    let mut out = Vec::new();
    // One API on each side: they are the same API, whatever their names.
    if o.len() == 1 && n.len() == 1 {
        compare_api(o[0].api, n[0].api, &mut out);
        return out;
    }
    for oa in &o {
        match n.iter().find(|na| na.key == oa.key) {
            Some(na) => compare_api(oa.api, na.api, &mut out),
            None => out.push(
                Finding::change(
                    rules::OPENAPI_API_REMOVED,
                    Some(oa.api.loc(oa.api.root.pos)),
                    None,
                    format!("API `{}` was removed", oa.api.name),
                )
                .subject(oa.key.clone()),
            ),
        }
    }
    for na in &n {
        if !o.iter().any(|oa| oa.key == na.key) {
            out.push(
                Finding::change(
                    rules::OPENAPI_API_ADDED,
                    None,
                    Some(na.api.loc(na.api.root.pos)),
                    format!("API `{}` was added", na.api.name),
                )
                .subject(na.key.clone()),
            );
        }
    }
    out
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
}

fn operations(api: &Api) -> BTreeMap<String, Operation<'_>> {
    let mut out = BTreeMap::new();
    for (path, item) in api.root.get("paths").map(Node::entries).unwrap_or_default() {
        for (method, op) in item.entries() {
            if METHODS.contains(&method.name.as_str()) {
                out.insert(
                    format!(
                        "{} {}",
                        method.name.to_ascii_uppercase(),
                        template(&path.name)
                    ),
                    Operation {
                        path,
                        method,
                        op,
                        item,
                    },
                );
            }
        }
    }
    out
}

/// A JSON pointer lookup in the API, `#/a/b`.
pub(super) fn lookup<'a>(api: &'a Api, reference: &str) -> Option<&'a Node> {
    let pointer = reference.strip_prefix('#')?;
    let mut node = &api.root;
    for raw in pointer.split('/').skip(1) {
        let seg = raw.replace("~1", "/").replace("~0", "~");
        node = node.get(&seg)?;
    }
    Some(node)
}

/// Follows `$ref` chains (bounded) to the node they name.
pub(super) fn resolve<'a>(api: &'a Api, node: &'a Node) -> &'a Node {
    let mut n = node;
    for _ in 0..16 {
        match n
            .get("$ref")
            .and_then(Node::as_str)
            .and_then(|r| lookup(api, r))
        {
            Some(target) => n = target,
            None => return n,
        }
    }
    n
}

struct Param<'a> {
    name: String,
    location: String,
    node: &'a Node,
    at: Loc,
}

/// The operation's parameters with the path item's, keyed by `in` and name; path parameters
/// by their position in the template, since their names may change freely.
fn parameters<'a>(api: &'a Api, o: &Operation<'a>) -> BTreeMap<(String, String), Param<'a>> {
    let order: Vec<&str> = o
        .path
        .name
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|p| p.0))
        .collect();
    let mut out = BTreeMap::new();
    let lists = [o.item.get("parameters"), o.op.get("parameters")];
    for list in lists.into_iter().flatten() {
        for p in list.items() {
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
    }
    out
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
        Some((n, c)) if n > 0 => Some(c),
        _ if candidates.len() == 1 => Some(candidates[0]),
        _ => None,
    }
}

/// Every change from one API to another.
pub fn compare(old: &Api, new: &Api) -> Vec<Finding> {
    let mut out = Vec::new();
    compare_api(old, new, &mut out);
    out
}

fn compare_api(oa: &Api, na: &Api, out: &mut Vec<Finding>) {
    let (oo, no) = (operations(oa), operations(na));
    for (matched, o) in &oo {
        let old_at = oa.loc(o.method.pos);
        // Shown as the new revision writes it (the old one's when it is gone).
        let written =
            |x: &Operation| format!("{} {}", x.method.name.to_ascii_uppercase(), x.path.name);
        let key = &written(o);
        let Some(n) = no.get(matched) else {
            out.push(
                Finding::change(
                    rules::OPENAPI_OPERATION_REMOVED,
                    Some(old_at),
                    None,
                    format!("operation {key} was removed"),
                )
                .subject(key.clone()),
            );
            continue;
        };
        let new_at = na.loc(n.method.pos);
        let key = &written(n);
        let change = |rule: &'static str, message: String| {
            Finding::change(rule, Some(old_at.clone()), Some(new_at.clone()), message)
                .subject(key.clone())
        };
        if !truthy(o.op.get("deprecated")) && truthy(n.op.get("deprecated")) {
            out.push(change(
                rules::OPENAPI_OPERATION_DEPRECATED,
                format!("operation {key} is now deprecated"),
            ));
        }
        let (oid, nid) = (
            o.op.get("operationId").map(scalar_text),
            n.op.get("operationId").map(scalar_text),
        );
        if oid.is_some() && nid.is_some() && oid != nid {
            out.push(change(
                rules::OPENAPI_OPERATION_ID_CHANGED,
                format!("operationId of {key} changed from `{}` to `{}`; generated clients rename the method", oid.unwrap_or_default(), nid.unwrap_or_default()),
            ));
        }
        security(oa, na, o, n, key, &old_at, &new_at, out);
        let cmp = Compare {
            old: oa,
            new: na,
            op: key.clone(),
        };
        params(&cmp, o, n, out);
        request_body(&cmp, o, n, &old_at, &new_at, out);
        responses(&cmp, o, n, &old_at, &new_at, out);
    }
    for (matched, n) in &no {
        if !oo.contains_key(matched) {
            let key = format!("{} {}", n.method.name.to_ascii_uppercase(), n.path.name);
            out.push(
                Finding::change(
                    rules::OPENAPI_OPERATION_ADDED,
                    None,
                    Some(na.loc(n.method.pos)),
                    format!("operation {key} was added"),
                )
                .subject(key.clone()),
            );
        }
    }
}

/// Security requirement sets, by scheme names: the operation's own or else the API's.
fn requirements(api: &Api, op: &Node) -> BTreeSet<String> {
    let list = op.get("security").or_else(|| api.root.get("security"));
    list.map(|l| {
        l.items()
            .iter()
            .map(|req| {
                let mut names: Vec<&str> =
                    req.entries().iter().map(|(k, _)| k.name.as_str()).collect();
                names.sort();
                names.join("+")
            })
            .collect()
    })
    .unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
fn security(
    oa: &Api,
    na: &Api,
    o: &Operation,
    n: &Operation,
    key: &str,
    old_at: &Loc,
    new_at: &Loc,
    out: &mut Vec<Finding>,
) {
    let (os, ns) = (requirements(oa, o.op), requirements(na, n.op));
    // An empty requirement (`{}`) means "no authentication needed".
    let open = |s: &BTreeSet<String>| s.is_empty() || s.contains("");
    if open(&os) && !open(&ns) {
        out.push(
            Finding::change(
                rules::OPENAPI_SECURITY_REQUIREMENT_ADDED,
                Some(old_at.clone()),
                Some(new_at.clone()),
                format!(
                    "{key} now requires {}",
                    ns.iter().cloned().collect::<Vec<_>>().join(" or ")
                ),
            )
            .subject(key.to_string()),
        );
        return;
    }
    for r in ns.difference(&os) {
        if !r.is_empty()
            && os
                .iter()
                .all(|x| !r.split('+').all(|p| x.split('+').any(|q| q == p)))
        {
            out.push(
                Finding::change(
                    rules::OPENAPI_SECURITY_REQUIREMENT_ADDED,
                    Some(old_at.clone()),
                    Some(new_at.clone()),
                    format!(
                        "{key} accepts a new security requirement `{r}` that no old one covered"
                    ),
                )
                .subject(key.to_string()),
            );
        }
    }
    for r in os.difference(&ns).filter(|r| !r.is_empty()) {
        out.push(
            Finding::change(rules::OPENAPI_SECURITY_REQUIREMENT_REMOVED, Some(old_at.clone()), Some(new_at.clone()), format!("{key} no longer accepts security requirement `{r}`; clients using it are refused"))
                .subject(key.to_string()),
        );
    }
}

fn params(cmp: &Compare, o: &Operation, n: &Operation, out: &mut Vec<Finding>) {
    let (op_, np) = (parameters(cmp.old, o), parameters(cmp.new, n));
    let key = &cmp.op;
    for (k, p) in &op_ {
        let what = format!("{} parameter `{}`", p.location, p.name);
        let Some(q) = np.get(k) else {
            out.push(
                Finding::change(
                    rules::OPENAPI_REQUEST_PARAMETER_REMOVED,
                    Some(p.at.clone()),
                    None,
                    format!("{what} of {key} was removed"),
                )
                .subject(format!("{key} {what}")),
            );
            continue;
        };
        let (was, is) = (
            truthy(p.node.get("required")),
            truthy(q.node.get("required")),
        );
        if !was && is {
            out.push(
                Finding::change(
                    rules::OPENAPI_REQUEST_PARAMETER_BECAME_REQUIRED,
                    Some(p.at.clone()),
                    Some(q.at.clone()),
                    format!("{what} of {key} became required"),
                )
                .subject(format!("{key} {what}")),
            );
        } else if was && !is {
            out.push(
                Finding::change(
                    rules::OPENAPI_REQUEST_PARAMETER_BECAME_OPTIONAL,
                    Some(p.at.clone()),
                    Some(q.at.clone()),
                    format!("{what} of {key} became optional"),
                )
                .subject(format!("{key} {what}")),
            );
        }
        if !truthy(p.node.get("deprecated")) && truthy(q.node.get("deprecated")) {
            out.push(
                Finding::change(
                    rules::OPENAPI_REQUEST_PARAMETER_DEPRECATED,
                    Some(p.at.clone()),
                    Some(q.at.clone()),
                    format!("{what} of {key} is now deprecated"),
                )
                .subject(format!("{key} {what}")),
            );
        }
        // Swagger 2.0 puts the type on the parameter itself.
        let (os, ns) = (
            p.node.get("schema").unwrap_or(p.node),
            q.node.get("schema").unwrap_or(q.node),
        );
        cmp.schema(os, ns, Scope::Parameter, &what, &p.at, &q.at, out);
    }
    for (k, q) in &np {
        if op_.contains_key(k) {
            continue;
        }
        let what = format!("{} parameter `{}`", q.location, q.name);
        let (rule, adjective) = if truthy(q.node.get("required")) {
            (rules::OPENAPI_REQUEST_PARAMETER_ADDED_REQUIRED, "required ")
        } else {
            (rules::OPENAPI_REQUEST_PARAMETER_ADDED, "optional ")
        };
        out.push(
            Finding::change(
                rule,
                None,
                Some(q.at.clone()),
                format!("{adjective}{what} was added to {key}"),
            )
            .subject(format!("{key} {what}")),
        );
    }
}

fn media<'a>(api: &'a Api, container: Option<&'a Node>) -> BTreeMap<&'a str, &'a Node> {
    let Some(c) = container else {
        return BTreeMap::new();
    };
    let c = resolve(api, c);
    c.get("content")
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .map(|(k, v)| (k.name.as_str(), v))
        .collect()
}

fn request_body(
    cmp: &Compare,
    o: &Operation,
    n: &Operation,
    old_at: &Loc,
    new_at: &Loc,
    out: &mut Vec<Finding>,
) {
    let key = &cmp.op;
    let (ob, nb) = (
        o.op.get("requestBody").map(|b| resolve(cmp.old, b)),
        n.op.get("requestBody").map(|b| resolve(cmp.new, b)),
    );
    let required = |b: Option<&Node>| b.is_some_and(|b| truthy(b.get("required")));
    match (ob, nb) {
        (None, Some(b)) => {
            let rule = if required(Some(b)) {
                rules::OPENAPI_REQUEST_BODY_ADDED_REQUIRED
            } else {
                rules::OPENAPI_REQUEST_BODY_ADDED
            };
            out.push(
                Finding::change(
                    rule,
                    Some(old_at.clone()),
                    Some(cmp.new.loc(b.pos)),
                    format!(
                        "{key} now takes a {}request body",
                        if required(Some(b)) { "required " } else { "" }
                    ),
                )
                .subject(key.clone()),
            );
        }
        (Some(_), None) => {
            out.push(
                Finding::change(
                    rules::OPENAPI_REQUEST_BODY_REMOVED,
                    Some(old_at.clone()),
                    Some(new_at.clone()),
                    format!("{key} no longer takes a request body"),
                )
                .subject(key.clone()),
            );
        }
        _ => {}
    }
    let (Some(ob), Some(nb)) = (ob, nb) else {
        return;
    };
    if !required(Some(ob)) && required(Some(nb)) {
        out.push(
            Finding::change(
                rules::OPENAPI_REQUEST_BODY_BECAME_REQUIRED,
                Some(cmp.old.loc(ob.pos)),
                Some(cmp.new.loc(nb.pos)),
                format!("the request body of {key} became required"),
            )
            .subject(key.clone()),
        );
    }
    let (om, nm) = (media(cmp.old, Some(ob)), media(cmp.new, Some(nb)));
    media_types(
        cmp,
        (&om, &nm),
        (cmp.old.loc(ob.pos), cmp.new.loc(nb.pos)),
        Media {
            scope: Scope::Request,
            removed: rules::OPENAPI_REQUEST_BODY_MEDIA_TYPE_REMOVED,
            added: rules::OPENAPI_REQUEST_BODY_MEDIA_TYPE_ADDED,
            subject: key.clone(),
            what: "request body".to_string(),
            gone: format!("{key} no longer accepts a `{{}}` request body"),
            more: format!("{key} also accepts a `{{}}` request body"),
        },
        out,
    );
}

/// How the media types of one request body or response are reported.
struct Media {
    scope: Scope,
    removed: &'static str,
    added: &'static str,
    subject: String,
    /// `request body`, `200 response`.
    what: String,
    /// Messages with `{}` where the media type goes.
    gone: String,
    more: String,
}

/// Media types removed or added, and the schemas of those on both sides compared.
fn media_types(
    cmp: &Compare,
    (om, nm): (&BTreeMap<&str, &Node>, &BTreeMap<&str, &Node>),
    (old_at, new_at): (Loc, Loc),
    m: Media,
    out: &mut Vec<Finding>,
) {
    for (mt, o_media) in om {
        let Some(n_media) = nm.get(mt) else {
            out.push(
                Finding::change(
                    m.removed,
                    Some(cmp.old.loc(o_media.pos)),
                    Some(new_at.clone()),
                    m.gone.replace("{}", mt),
                )
                .subject(format!("{} {mt}", m.subject)),
            );
            continue;
        };
        if let (Some(os), Some(ns)) = (o_media.get("schema"), n_media.get("schema")) {
            let what = match m.scope {
                Scope::Response => format!(
                    "the {} `{mt}` response",
                    m.what.trim_end_matches(" response")
                ),
                _ => format!("the `{mt}` {}", m.what),
            };
            cmp.schema(
                os,
                ns,
                m.scope,
                &what,
                &cmp.old.loc(os.pos),
                &cmp.new.loc(ns.pos),
                out,
            );
        }
    }
    for (mt, n_media) in nm {
        if !om.contains_key(mt) {
            out.push(
                Finding::change(
                    m.added,
                    Some(old_at.clone()),
                    Some(cmp.new.loc(n_media.pos)),
                    m.more.replace("{}", mt),
                )
                .subject(format!("{} {mt}", m.subject)),
            );
        }
    }
}

fn responses(
    cmp: &Compare,
    o: &Operation,
    n: &Operation,
    old_at: &Loc,
    new_at: &Loc,
    out: &mut Vec<Finding>,
) {
    let key = &cmp.op;
    fn entries(op: &Node) -> Vec<(&str, &Key, &Node)> {
        op.get("responses")
            .map(Node::entries)
            .unwrap_or_default()
            .iter()
            .map(|(k, v)| (k.name.as_str(), k, v))
            .collect()
    }
    let (or, nr) = (entries(o.op), entries(n.op));
    for (code, okey, oresp) in &or {
        let o_at = cmp.old.loc(okey.pos);
        let Some((_, nkey, nresp)) = nr.iter().find(|(c, _, _)| c == code) else {
            let success = code.starts_with('2');
            let rule = if success {
                rules::OPENAPI_RESPONSE_SUCCESS_STATUS_REMOVED
            } else {
                rules::OPENAPI_RESPONSE_STATUS_REMOVED
            };
            out.push(
                Finding::change(
                    rule,
                    Some(o_at),
                    Some(new_at.clone()),
                    format!("{key} no longer returns {code}"),
                )
                .subject(format!("{key} {code}")),
            );
            continue;
        };
        let n_at = cmp.new.loc(nkey.pos);
        let (om, nm) = (media(cmp.old, Some(oresp)), media(cmp.new, Some(nresp)));
        media_types(
            cmp,
            (&om, &nm),
            (o_at.clone(), n_at.clone()),
            Media {
                scope: Scope::Response,
                removed: rules::OPENAPI_RESPONSE_MEDIA_TYPE_REMOVED,
                added: rules::OPENAPI_RESPONSE_MEDIA_TYPE_ADDED,
                subject: format!("{key} {code}"),
                what: format!("{code} response"),
                gone: format!("the {code} response of {key} no longer comes as `{{}}`"),
                more: format!("the {code} response of {key} may also come as `{{}}`"),
            },
            out,
        );
        // Swagger 2.0: the schema sits on the response.
        if om.is_empty()
            && nm.is_empty()
            && let (Some(os), Some(ns)) = (
                resolve(cmp.old, oresp).get("schema"),
                resolve(cmp.new, nresp).get("schema"),
            )
        {
            cmp.schema(
                os,
                ns,
                Scope::Response,
                &format!("the {code} response"),
                &cmp.old.loc(os.pos),
                &cmp.new.loc(ns.pos),
                out,
            );
        }
        let headers = |api: &'_ Api, r: &'_ Node| -> BTreeSet<String> {
            resolve(api, r)
                .get("headers")
                .map(Node::entries)
                .unwrap_or_default()
                .iter()
                .map(|(k, _)| k.name.to_ascii_lowercase())
                .collect()
        };
        let (oh, nh) = (headers(cmp.old, oresp), headers(cmp.new, nresp));
        for h in oh.difference(&nh) {
            out.push(
                Finding::change(
                    rules::OPENAPI_RESPONSE_HEADER_REMOVED,
                    Some(o_at.clone()),
                    Some(n_at.clone()),
                    format!("the {code} response of {key} no longer sends header `{h}`"),
                )
                .subject(format!("{key} {code} {h}")),
            );
        }
        for h in nh.difference(&oh) {
            out.push(
                Finding::change(
                    rules::OPENAPI_RESPONSE_HEADER_ADDED,
                    Some(o_at.clone()),
                    Some(n_at.clone()),
                    format!("the {code} response of {key} now sends header `{h}`"),
                )
                .subject(format!("{key} {code} {h}")),
            );
        }
    }
    for (code, nkey, _) in &nr {
        if !or.iter().any(|(c, _, _)| c == code) {
            out.push(
                Finding::change(
                    rules::OPENAPI_RESPONSE_STATUS_ADDED,
                    Some(old_at.clone()),
                    Some(cmp.new.loc(nkey.pos)),
                    format!("{key} may now return {code}"),
                )
                .subject(format!("{key} {code}")),
            );
        }
    }
}
