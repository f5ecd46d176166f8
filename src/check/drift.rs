//! Drift: the doc is the promise, the implementation's own spec files must keep it. Every
//! operation, rpc, type and field the doc declares must exist there with a shape that does not
//! break a client of the doc; the diff rules judge it, with the doc as the old side.
//! Extra implementation items are fine.

use crate::analyze::Analysis;
use crate::diff;
use crate::finding::{Finding, Severity};
use crate::formats::openapi::Api;
use crate::model::Kind;
use crate::rules;

/// Whether an API is the one a config mapping names (by slug or heading), or any when none.
fn in_scope(api: &Api, scope: Option<&str>) -> bool {
    scope.is_none_or(|s| api.slug == s || api.name == s)
}

/// How far apart a doc and its implementation are: the doc's elements compared (operations,
/// messages, enums, services, types, declarations) and how many the implementation has.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    pub compared: usize,
    pub found: usize,
}

impl Coverage {
    fn add(&mut self, (compared, found): (usize, usize)) {
        self.compared += compared;
        self.found += found;
    }

    /// `12 of the doc's elements compared, 10 found in the implementation, 2 only in the
    /// doc; 3 drift findings`, for the end of a text report.
    pub fn line(&self, doc: &str, findings: usize) -> String {
        format!(
            "drift {doc}: {} of the doc's elements compared, {} found in the implementation, {} only in the doc; {findings} drift finding{}",
            self.compared,
            self.found,
            self.compared - self.found,
            if findings == 1 { "" } else { "s" }
        )
    }
}

/// `scope`: one OpenAPI API of the doc (a mapping for that API); then only it is compared.
pub fn check(
    doc: &Analysis,
    implementation: &[&Analysis],
    level: diff::ProtoLevel,
    scope: Option<&str>,
) -> (Vec<Finding>, Coverage) {
    let mut raw = Vec::new();
    let mut coverage = Coverage::default();
    let impl_apis: Vec<&Api> = implementation.iter().flat_map(|a| a.apis.iter()).collect();
    for api in doc.apis.iter().filter(|a| in_scope(a, scope)) {
        if let Some(other) = diff::openapi::counterpart(api, &impl_apis) {
            coverage.add(diff::openapi::coverage(api, other));
            let silent = silent_on_security(api);
            raw.extend(
                diff::openapi::compare(api, other)
                    .into_iter()
                    // A doc that says nothing of security promises no open API: an
                    // excerpt leaves it out as it leaves out the rest.
                    .filter(|f| !(silent && f.rule == "openapi.security-requirement-added")),
            );
        }
    }
    let mut uncompared = Vec::new();
    if scope.is_none() {
        let doc_side = [doc];
        // A kind the implementation has no spec of is not compared: none of the doc's
        // elements of that kind is "removed", and the report says once that it was skipped.
        for kind in [Kind::Protobuf, Kind::Graphql, Kind::Typescript] {
            let in_doc = doc.results.iter().find(|r| r.kind == kind && r.parsed);
            let Some(first) = in_doc else { continue };
            if !implementation
                .iter()
                .any(|a| a.results.iter().any(|r| r.kind == kind))
            {
                uncompared.push(
                    Finding::new(
                        rules::DRIFT_UNCOMPARED_KIND,
                        &doc.block(first).start_loc(&doc.source.display),
                        format!(
                            "the doc's {} contracts were not compared: no implementation spec given is {}",
                            kind.as_str(),
                            kind.as_str()
                        ),
                    )
                    .subject(kind.as_str().to_string()),
                );
                continue;
            }
            match kind {
                Kind::Protobuf => {
                    let d = diff::protobuf::drift(&doc_side, implementation, level);
                    coverage.add(d.coverage);
                    raw.extend(d.findings);
                    uncompared.extend(d.ambiguous.into_iter().map(ambiguity));
                    uncompared.extend(d.outside.into_iter().map(outside));
                }
                Kind::Graphql => {
                    coverage.add(diff::graphql::coverage(&doc_side, implementation));
                    // A type the doc only extends is shown in part: the implementation's
                    // other fields of it are no drift.
                    let partial = extended_only(doc);
                    raw.extend(
                        diff::graphql::diff(&doc_side, implementation, true)
                            .into_iter()
                            .filter(|f| {
                                !(f.rule.ends_with("-added")
                                    && partial.iter().any(|t| {
                                        f.subject
                                            .strip_prefix(t.as_str())
                                            .is_some_and(|rest| rest.starts_with('.'))
                                    }))
                            }),
                    )
                }
                _ => {
                    coverage.add(diff::typescript::coverage(&doc_side, implementation));
                    raw.extend(diff::typescript::diff(&doc_side, implementation))
                }
            }
        }
    }

    // A field whose type changed has its presence changed with it (a scalar become a
    // wrapper message): the type change says it all.
    let retyped: std::collections::BTreeSet<String> = raw
        .iter()
        .filter(|f| f.rule == "protobuf.field-type-changed")
        .map(|f| f.subject.clone())
        .collect();
    raw.retain(|f| {
        !(f.rule == "protobuf.field-cardinality-changed" && retyped.contains(&f.subject))
    });
    let found = raw
        .into_iter()
        .filter(|f| f.severity != Severity::Info)
        // The implementation's own duplicate definitions are its business, not drift.
        .filter(|f| f.old.is_some() || f.new.is_none())
        .map(as_drift)
        .chain(uncompared)
        .collect();
    (found, coverage)
}

/// GraphQL types the doc writes only as `extend …`, never defining them.
fn extended_only(doc: &Analysis) -> Vec<String> {
    let types = || {
        doc.results
            .iter()
            .filter(|r| r.kind == Kind::Graphql)
            .flat_map(|r| &r.surface.types)
    };
    let mut out: Vec<String> = types()
        .filter(|t| t.extension)
        .filter(|t| !types().any(|d| !d.extension && d.name == t.name))
        .map(|t| t.name.clone())
        .collect();
    out.dedup();
    out
}

/// A change from the doc to the implementation, as the doc's drift finding.
fn as_drift(f: Finding) -> Finding {
    let area = f.rule.split('.').next().unwrap_or("");
    let rule = match area {
        "openapi" => rules::DRIFT_OPENAPI,
        "protobuf" => rules::DRIFT_PROTOBUF,
        "graphql" => rules::DRIFT_GRAPHQL,
        _ => rules::DRIFT_TYPESCRIPT,
    };
    let mut d = Finding::change(
        rule,
        f.old.as_deref().cloned(),
        f.new.as_deref().cloned(),
        format!(
            "the implementation breaks the doc: {} [{}]",
            f.message, f.rule
        ),
    )
    // What the doc promises and the implementation lacks is always an error here.
    .severity(
        if f.rule.ends_with("-deleted") || f.rule.ends_with("-removed") {
            Severity::Error
        } else {
            f.severity
        },
    )
    .subject(format!("{} {}", f.rule, f.subject));
    // Drift is the doc's finding: it is reported at the doc's place.
    if let Some(old) = f.old.as_deref() {
        d.file = old.file.clone();
        d.line = old.line;
        d.column = old.column;
    }
    d
}

fn outside((at, names): (crate::finding::Loc, Vec<String>)) -> Finding {
    let shown: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    Finding::new(
        rules::DRIFT_UNCOMPARED_BLOCK,
        &at,
        format!(
            "this block has no package and the implementation has none of its names ({}): it was not compared",
            shown.join(", ")
        ),
    )
    .subject(names.join(","))
}

/// No `security` anywhere in the API, and no security scheme.
fn silent_on_security(api: &Api) -> bool {
    let root = &api.root;
    let schemes = root
        .get("components")
        .is_some_and(|c| c.get("securitySchemes").is_some())
        || root.get("securityDefinitions").is_some();
    let per_operation = root.get("paths").is_some_and(|paths| {
        paths.entries().iter().any(|(_, item)| {
            item.entries()
                .iter()
                .any(|(_, op)| op.get("security").is_some())
        })
    });
    root.get("security").is_none() && !schemes && !per_operation
}

/// A package-less name of the doc that several of the implementation's packages define.
fn ambiguity(a: diff::protobuf::Ambiguous) -> Finding {
    let candidates: Vec<String> = a.candidates.iter().map(|c| format!("`{c}`")).collect();
    Finding::new(
        rules::DRIFT_AMBIGUOUS_NAME,
        &a.loc,
        format!(
            "`{}` has no package here, and the implementation defines it as {}: it is compared with none of them; give the block its `package` line",
            a.name,
            candidates.join(" and ")
        ),
    )
    .subject(a.name)
}

/// An API of the doc that no implementation spec matches at all.
pub fn unmatched(
    doc: &Analysis,
    implementation: &[&Analysis],
    scope: Option<&str>,
) -> Vec<Finding> {
    let impl_apis: Vec<&Api> = implementation.iter().flat_map(|a| a.apis.iter()).collect();
    if impl_apis.is_empty() {
        return Vec::new();
    }
    doc.apis
        .iter()
        .filter(|api| in_scope(api, scope) && diff::openapi::counterpart(api, &impl_apis).is_none())
        .map(|api| {
            Finding::change(
                rules::DRIFT_OPENAPI,
                Some(api.loc(api.root.pos)),
                None,
                format!(
                    "no implementation spec serves API `{}`: none has any of its operations",
                    api.name
                ),
            )
            .subject(api.slug.clone())
        })
        .collect()
}
