//! `contracts diff OLD NEW`: both revisions read like `check` reads one, then compared.
//! Docs pair by their path below OLD and NEW, each compared with its counterpart; spec files
//! are compared as one pool, since definitions move between files.

use std::collections::BTreeMap;

use crate::analyze::Analysis;
use crate::cmd::check::{Options, finish};
use crate::diff;
use crate::finding::{self, Finding};
use crate::report::Format;
use crate::revisions;

/// What to compare: two paths (or `REV:path`s), or what changed since `base`.
pub struct Sides<'a> {
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
    pub base: Option<&'a str>,
    pub head: Option<&'a str>,
}

pub fn run(
    sides: &Sides,
    unified: bool,
    loaded: &crate::config::Loaded,
    opts: &Options,
    diff_opts: &diff::Options,
) -> u8 {
    let read = match (sides.base, sides.old, sides.new) {
        (Some(base), _, _) => revisions::changed_since(base, sides.head),
        (None, Some(old), Some(new)) => {
            revisions::side(old).and_then(|o| revisions::side(new).map(|n| (o, n)))
        }
        _ => Err("give OLD and NEW, or --base REV".to_string()),
    };
    let ((old_side, mut bad), (new_side, bad_new)) = match read {
        Ok(r) => r,
        Err(e) => {
            eprintln!("contracts diff: {e}");
            return 2;
        }
    };
    bad.extend(bad_new);
    let findings = compare(old_side.as_slice(), new_side.as_slice(), diff_opts);
    let both: Vec<&Analysis> = old_side.iter().chain(new_side.iter()).collect();
    let mut findings = crate::policy::apply(
        findings,
        loaded,
        &both,
        &crate::config::today(),
        crate::policy::Run::Diff,
    );
    if opts.quiet {
        findings.retain(|f| f.severity <= opts.fail_on);
    }
    let sections = if unified {
        texts(&old_side, &new_side)
    } else {
        Vec::new()
    };
    // Never freed: the process ends after the report, and freeing every parsed tree of a big
    // pair one by one costs more time than the OS needs to drop them all at once.
    let all = std::mem::ManuallyDrop::new(
        old_side
            .into_iter()
            .chain(new_side)
            .collect::<Vec<Analysis>>(),
    );
    if sections.is_empty() || opts.output.is_some() {
        return finish(&findings, &all, &bad, opts);
    }
    match opts.format {
        // Each changed contract's findings, then its text diff; findings of no such contract first.
        Format::Text => {
            let home = |f: &Finding| {
                sections.iter().position(|s| {
                    f.rule.split('.').next() == Some(s.kind.as_str()) && s.files.contains(&f.file)
                })
            };
            let rest: Vec<Finding> = findings
                .iter()
                .filter(|f| home(f).is_none())
                .cloned()
                .collect();
            crate::output::print(&crate::cmd::render(Format::Text, &rest, &all));
            for (i, s) in sections.iter().enumerate() {
                let own: Vec<Finding> = findings
                    .iter()
                    .filter(|f| home(f) == Some(i))
                    .cloned()
                    .collect();
                crate::output::print(&crate::cmd::render(Format::Text, &own, &all));
                crate::output::print(&format!("diff of {}\n{}\n", s.title, s.diff));
            }
            if !opts.quiet {
                eprintln!("{}", crate::report::summary_line(&findings, all.len()));
            }
            crate::cmd::check::exit_code(&findings, &bad, opts)
        }
        Format::Markdown => {
            let code = finish(&findings, &all, &bad, opts);
            for s in &sections {
                crate::output::print(&format!(
                    "\n<details><summary>diff of {}</summary>\n\n```diff\n{}```\n\n</details>\n",
                    s.title, s.diff
                ));
            }
            code
        }
        _ => finish(&findings, &all, &bad, opts),
    }
}

/// The unified diffs of the contracts that changed, paired as `compare` pairs them.
fn texts(old: &[Analysis], new: &[Analysis]) -> Vec<diff::unified::Section> {
    let (old_docs, old_specs): (Vec<&Analysis>, Vec<&Analysis>) =
        old.iter().partition(|a| a.is_doc);
    let (new_docs, new_specs): (Vec<&Analysis>, Vec<&Analysis>) =
        new.iter().partition(|a| a.is_doc);
    let mut out = Vec::new();
    if old_docs.len() == 1 && new_docs.len() == 1 {
        out.extend(diff::unified::sections(&old_docs, &new_docs));
    } else {
        let mut pairs: BTreeMap<String, (Vec<&Analysis>, Vec<&Analysis>)> = BTreeMap::new();
        for a in old_docs {
            pairs.entry(pairing_key(a)).or_default().0.push(a);
        }
        for a in new_docs {
            pairs.entry(pairing_key(a)).or_default().1.push(a);
        }
        for (o, n) in pairs.into_values() {
            out.extend(diff::unified::sections(&o, &n));
        }
    }
    out.extend(diff::unified::sections(&old_specs, &new_specs));
    out
}

/// The path a source is paired by: below the walked directory, or its name when given alone.
fn pairing_key(a: &Analysis) -> String {
    let name = a
        .source
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match a.source.rel_dir.as_str() {
        "" => name,
        dir => format!("{dir}/{name}"),
    }
}

pub fn compare(old: &[Analysis], new: &[Analysis], opts: &diff::Options) -> Vec<Finding> {
    let (old_docs, old_specs): (Vec<&Analysis>, Vec<&Analysis>) =
        old.iter().partition(|a| a.is_doc);
    let (new_docs, new_specs): (Vec<&Analysis>, Vec<&Analysis>) =
        new.iter().partition(|a| a.is_doc);
    let mut out = Vec::new();
    // One doc on each side: the same doc at two revisions, whatever the file names.
    if old_docs.len() == 1 && new_docs.len() == 1 {
        out.extend(diff::diff(
            std::slice::from_ref(old_docs[0]),
            std::slice::from_ref(new_docs[0]),
            opts,
        ));
    } else {
        let mut pairs: BTreeMap<String, (Option<&Analysis>, Option<&Analysis>)> = BTreeMap::new();
        for a in old_docs {
            pairs.entry(pairing_key(a)).or_default().0 = Some(a);
        }
        for a in new_docs {
            pairs.entry(pairing_key(a)).or_default().1 = Some(a);
        }
        for (o, n) in pairs.into_values() {
            let o: Vec<&Analysis> = o.into_iter().collect();
            let n: Vec<&Analysis> = n.into_iter().collect();
            out.extend(diff::diff_refs(&o, &n, opts));
        }
    }
    if !old_specs.is_empty() || !new_specs.is_empty() {
        out.extend(diff::diff_refs(&old_specs, &new_specs, opts));
    }
    finding::sort(&mut out);
    out.dedup();
    out
}
