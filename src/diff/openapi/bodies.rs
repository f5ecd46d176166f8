//! Request bodies and responses: present or not, required or not, their media types and
//! status codes, response headers, and the schemas of what is on both sides.

use std::collections::BTreeMap;

use crate::finding::Loc;
use crate::formats::openapi::Api;
use crate::formats::yaml::Node;

use super::super::change::{Change, Report};
use super::schema::{Compare, Place, Scope};
use super::{Op, names_under, resolve, truthy};

fn media<'a>(api: &'a Api, container: &'a Node) -> BTreeMap<&'a str, &'a Node> {
    let c = resolve(api, container);
    let entries = c.get("content").map(Node::entries).unwrap_or_default();
    entries.iter().map(|(k, v)| (k.name.as_str(), v)).collect()
}

pub(super) fn request_body(op: &Op, out: &mut Report) {
    let (ob, nb) = (
        op.o.op.get("requestBody").map(|b| resolve(op.oa, b)),
        op.n.op.get("requestBody").map(|b| resolve(op.na, b)),
    );
    let required = |b: &Node| truthy(b.get("required"));
    let (ob, nb) = match (ob, nb) {
        (None, Some(b)) => {
            let c = Change::new(
                "request-body-added",
                Some(&op.o.loc),
                Some(&op.na.loc(b.pos)),
                op.key,
            );
            out.add(c.fact_if(required(b), "required").slot("op", &op.written));
            return;
        }
        (Some(b), None) => {
            let c = Change::new(
                "request-body-removed",
                Some(&op.oa.loc(b.pos)),
                Some(&op.n.loc),
                op.key,
            );
            return out.add(c.slot("op", &op.written));
        }
        (Some(ob), Some(nb)) => (ob, nb),
        (None, None) => return,
    };
    let (old_at, new_at) = (op.oa.loc(ob.pos), op.na.loc(nb.pos));
    if !required(ob) && required(nb) {
        let c = Change::new(
            "request-body-became-required",
            Some(&old_at),
            Some(&new_at),
            op.key,
        );
        out.add(c.slot("op", &op.written));
    }
    let side = Side {
        scope: Scope::Request,
        subject: format!("{} request", op.key),
        what: "request body".to_string(),
        old_at,
        new_at,
    };
    media_types(op, &side, (media(op.oa, ob), media(op.na, nb)), out);
}

/// A request body or one response: how its media types are reported.
struct Side {
    scope: Scope,
    /// `GET /a/{} 200`, `POST /a request`.
    subject: String,
    /// `request body`, `200 response`.
    what: String,
    old_at: Loc,
    new_at: Loc,
}

impl Side {
    fn facts(&self) -> &'static str {
        if self.scope == Scope::Response {
            "response"
        } else {
            "request"
        }
    }
}

/// Media types removed or added, and the schemas of those on both sides compared.
fn media_types(
    op: &Op,
    side: &Side,
    (om, nm): (BTreeMap<&str, &Node>, BTreeMap<&str, &Node>),
    out: &mut Report,
) {
    let change = |what, old: &Loc, new: &Loc, mt: &str| {
        Change::new(what, Some(old), Some(new), format!("{} {mt}", side.subject))
            .fact(side.facts())
            .slot("op", &op.written)
            .slot("media", mt)
            .slot("what", &side.what)
    };
    for (mt, o_media) in &om {
        let Some(n_media) = nm.get(mt) else {
            out.add(change(
                "media-type-removed",
                &op.oa.loc(o_media.pos),
                &side.new_at,
                mt,
            ));
            continue;
        };
        let (o_schema, n_schema) = (o_media.get("schema"), n_media.get("schema"));
        match (o_schema, n_schema) {
            (None, Some(ns)) => out.add(change(
                "media-type-schema-added",
                &op.oa.loc(o_media.pos),
                &op.na.loc(ns.pos),
                mt,
            )),
            (Some(os), None) => out.add(change(
                "media-type-schema-removed",
                &op.oa.loc(os.pos),
                &op.na.loc(n_media.pos),
                mt,
            )),
            _ => {}
        }
        if let (Some(os), Some(ns)) = (o_schema, n_schema) {
            let what = match side.scope {
                Scope::Response => format!(
                    "the {} `{mt}` response",
                    side.what.trim_end_matches(" response")
                ),
                _ => format!("the `{mt}` {}", side.what),
            };
            let place = Place {
                old: os,
                new: ns,
                what,
                path: String::new(),
                old_at: op.oa.loc(os.pos),
                new_at: op.na.loc(ns.pos),
            };
            let key = format!("{} {mt}", side.subject);
            Compare::new(op.oa, op.na, &op.written, &key, side.scope).schema(place, out);
        }
    }
    for (mt, n_media) in nm.iter().filter(|(mt, _)| !om.contains_key(*mt)) {
        out.add(change(
            "media-type-added",
            &side.old_at,
            &op.na.loc(n_media.pos),
            mt,
        ));
    }
}

fn responses_of(op: &Node) -> Vec<(&str, &crate::formats::yaml::Key, &Node)> {
    let entries = op.get("responses").map(Node::entries).unwrap_or_default();
    entries
        .iter()
        .map(|(k, v)| (k.name.as_str(), k, v))
        .collect()
}

pub(super) fn responses(op: &Op, out: &mut Report) {
    let (or, nr) = (responses_of(op.o.op), responses_of(op.n.op));
    for (code, okey, oresp) in &or {
        let o_at = op.oa.loc(okey.pos);
        let subject = format!("{} {code}", op.key);
        let Some((_, nkey, nresp)) = nr.iter().find(|(c, _, _)| c == code) else {
            let c = Change::new(
                "response-status-removed",
                Some(&o_at),
                Some(&op.n.loc),
                &subject,
            );
            out.add(
                c.fact_if(code.starts_with('2'), "success")
                    .slot("op", &op.written)
                    .slot("code", *code),
            );
            continue;
        };
        let side = Side {
            scope: Scope::Response,
            subject,
            what: format!("{code} response"),
            old_at: o_at,
            new_at: op.na.loc(nkey.pos),
        };
        let (om, nm) = (media(op.oa, oresp), media(op.na, nresp));
        let bare = om.is_empty() && nm.is_empty();
        media_types(op, &side, (om, nm), out);
        // Swagger 2.0: the schema sits on the response.
        if bare
            && let (Some(os), Some(ns)) = (
                resolve(op.oa, oresp).get("schema"),
                resolve(op.na, nresp).get("schema"),
            )
        {
            let place = Place {
                old: os,
                new: ns,
                what: format!("the {code} response"),
                path: String::new(),
                old_at: op.oa.loc(os.pos),
                new_at: op.na.loc(ns.pos),
            };
            Compare::new(op.oa, op.na, &op.written, &side.subject, Scope::Response)
                .schema(place, out);
        }
        headers(op, &side, code, (oresp, nresp), out);
        links(op, &side, code, (oresp, nresp), out);
    }
    for (code, nkey, _) in nr
        .iter()
        .filter(|(c, _, _)| !or.iter().any(|(o, _, _)| o == c))
    {
        let c = Change::new(
            "response-status-added",
            Some(&op.o.loc),
            Some(&op.na.loc(nkey.pos)),
            format!("{} {code}", op.key),
        );
        out.add(c.slot("op", &op.written).slot("code", *code));
    }
}

/// A response's headers by lowercased name: the name as written, where the response names
/// it, and its definition (through a `$ref`).
fn headers_of<'n>(api: &'n Api, r: &'n Node) -> BTreeMap<String, (&'n str, Loc, &'n Node)> {
    let entries = resolve(api, r)
        .get("headers")
        .map(Node::entries)
        .unwrap_or_default();
    entries
        .iter()
        .map(|(k, v)| {
            let at = api.loc(k.pos);
            (
                k.name.to_ascii_lowercase(),
                (k.name.as_str(), at, resolve(api, v)),
            )
        })
        .collect()
}

/// Response headers by name (case does not matter): removed, added, made optional, and their
/// schemas compared as what the client receives.
fn headers(op: &Op, side: &Side, code: &str, (oresp, nresp): (&Node, &Node), out: &mut Report) {
    let (oh, nh) = (headers_of(op.oa, oresp), headers_of(op.na, nresp));
    // The subject is keyed by the lowercased name; messages give it as the revision writes it.
    let change = |what, old: &Loc, new: &Loc, h: &str, written: &str| {
        Change::new(
            what,
            Some(old),
            Some(new),
            format!("{} header {h}", side.subject),
        )
        .slot("op", &op.written)
        .slot("code", code)
        .slot("header", written)
    };
    for (h, (o_name, o_at, o)) in &oh {
        let Some((n_name, n_at, n)) = nh.get(h) else {
            let c = change("response-header-removed", o_at, &side.new_at, h, o_name);
            out.add(c.fact_if(truthy(o.get("required")), "required"));
            continue;
        };
        if truthy(o.get("required")) && !truthy(n.get("required")) {
            out.add(change(
                "response-header-became-optional",
                o_at,
                n_at,
                h,
                n_name,
            ));
        }
        if let (Some(os), Some(ns)) = (super::value_schema(o), super::value_schema(n)) {
            let place = Place {
                old: os,
                new: ns,
                what: format!("header `{n_name}` of the {code} response"),
                path: String::new(),
                old_at: op.oa.loc(os.pos),
                new_at: op.na.loc(ns.pos),
            };
            let key = format!("{} header {h}", side.subject);
            Compare::new(op.oa, op.na, &op.written, &key, Scope::Response).schema(place, out);
        }
    }
    for (h, (n_name, n_at, _)) in nh.iter().filter(|(h, _)| !oh.contains_key(*h)) {
        out.add(change(
            "response-header-added",
            &side.old_at,
            n_at,
            h,
            n_name,
        ));
    }
}

/// A response's links by name: the operations a client may call next with its values.
fn links(op: &Op, side: &Side, code: &str, (oresp, nresp): (&Node, &Node), out: &mut Report) {
    let (ol, nl) = (
        names_under(op.oa, resolve(op.oa, oresp), "links"),
        names_under(op.na, resolve(op.na, nresp), "links"),
    );
    let change = |what, old: &Loc, new: &Loc, name: &str| {
        Change::new(
            what,
            Some(old),
            Some(new),
            format!("{} link {name}", side.subject),
        )
        .slot("op", &op.written)
        .slot("code", code)
        .slot("name", name)
    };
    for (name, at) in &ol {
        if !nl.contains_key(name) {
            out.add(change("response-link-removed", at, &side.new_at, name));
        }
    }
    for (name, at) in nl.iter().filter(|(n, _)| !ol.contains_key(*n)) {
        out.add(change("response-link-added", &side.old_at, at, name));
    }
}
