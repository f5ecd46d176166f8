//! `contracts check`: the doc rules. Each module holds the rules of one area and reads only
//! the analysed doc; this one runs them all and puts the findings in order.

mod consistency;
mod graphql;
mod names;
mod openapi;
mod protobuf;
mod tables;
mod typescript;

use crate::analyze::Analysis;
use crate::finding::{self, Finding};

/// Every finding about one source: what parsing found, then every rule.
pub fn check(a: &Analysis) -> Vec<Finding> {
    let index = names::Index::of(a);
    let mut out = a.findings.clone();
    out.extend(openapi::check(a));
    out.extend(protobuf::check(a));
    out.extend(graphql::check(a, &index));
    out.extend(typescript::check(a, &index));
    out.extend(tables::check(a, &index));
    out.extend(consistency::check(a, &index));
    finding::sort(&mut out);
    out.dedup();
    out
}
