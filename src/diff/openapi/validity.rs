//! A revision the OpenAPI object model rejects is still compared, from its tree; that it is
//! not valid is said once per side, and only when the change touched its faults.

use crate::analyze::Analysis;
use crate::finding::{Finding, Loc};

use super::super::change::{Change, Report};

pub(super) fn report(old: &[&Analysis], new: &[&Analysis], out: &mut Report) {
    // The same faults on both sides are no news of this change.
    let faults = |side: &[&Analysis]| -> Vec<String> {
        let mut m: Vec<String> = side
            .iter()
            .flat_map(|a| &a.findings)
            .filter(|f| f.rule == crate::rules::OPENAPI_INVALID_DOCUMENT)
            .map(|f| {
                f.message
                    .split_once(" is not")
                    .map_or("", |x| x.1)
                    .to_string()
            })
            .collect();
        m.sort();
        m
    };
    if faults(old) != faults(new) {
        invalid(old, "old", out);
        invalid(new, "new", out);
    }
}

/// Each source of a side whose APIs the object model rejects, said once: the diff goes on
/// from the tree, and validity stays `check`'s to report fault by fault.
fn invalid(side: &[&Analysis], name: &str, out: &mut Report) {
    for a in side {
        let faults: Vec<&Finding> = a
            .findings
            .iter()
            .filter(|f| f.rule == crate::rules::OPENAPI_INVALID_DOCUMENT)
            .collect();
        let Some(first) = faults.first() else {
            continue;
        };
        let loc = Loc {
            file: first.file.clone(),
            line: first.line,
            column: first.column,
        };
        let api = a.apis.first().map_or(String::new(), |x| x.name.clone());
        let (old, at) = if name == "old" {
            (Some(&loc), None)
        } else {
            (None, Some(&loc))
        };
        let count = match faults.len() {
            1 => "1 fault".to_string(),
            n => format!("{n} faults"),
        };
        // The validator's message starts with the API it is about, which this one names.
        let what = first
            .message
            .split_once("is not valid OpenAPI")
            .map_or(first.message.as_str(), |(_, rest)| rest)
            .trim_start_matches(':')
            .trim();
        out.add(
            Change::new(
                "revision-invalid",
                old,
                at,
                format!("{name} {}", a.source.rel_dir),
            )
            .slot("side", name)
            .slot("api", api)
            .slot("faults", count)
            .slot("first", what),
        );
    }
}
