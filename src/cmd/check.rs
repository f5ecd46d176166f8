//! `contracts check`: every doc rule over the given docs, in the format CI asks for.

use std::path::{Path, PathBuf};

use crate::analyze::Analysis;
use crate::check;
use crate::config::Loaded;
use crate::diff::ProtoLevel;
use crate::finding::{Finding, Severity};
use crate::inputs;
use crate::report::Format;

pub struct Options<'a> {
    pub format: Format,
    pub output: Option<&'a Path>,
    pub fail_on: Severity,
    pub quiet: bool,
}

pub fn run(
    paths: &[PathBuf],
    against: &[PathBuf],
    loaded: &Loaded,
    level: ProtoLevel,
    opts: &Options,
) -> u8 {
    let whole_config_run = paths.is_empty() && !loaded.config.docs.is_empty();
    let paths = default_paths(paths, loaded);
    let (files, mut bad) = inputs::collect(&paths);
    let (analyses, unreadable) = inputs::analyze_all(&files);
    bad.extend(unreadable);
    let analyses: Vec<_> = analyses.into_iter().filter(inputs::has_contracts).collect();
    // Named paths that hold nothing to check make a failed run, as eslint and oasdiff say;
    // so do config globs that match nothing.
    if analyses.is_empty() && bad.is_empty() {
        bad.extend(paths.iter().map(|p| {
            inputs::Unreadable::nothing_to_check(p, "no doc or spec file here holds a contract")
        }));
        if paths.is_empty() {
            bad.extend(loaded.config.docs.iter().map(|d| {
                inputs::Unreadable::nothing_to_check(
                    std::path::Path::new(d),
                    "the config's `docs` entry matches no file",
                )
            }));
        }
    }
    let mut findings: Vec<Finding> = check::check_all(&analyses);

    // Drift: against the paths given, or the config's mapping for each doc.
    let (against_files, bad_against) = inputs::collect(against);
    bad.extend(bad_against);
    let (implementation, unreadable) = inputs::analyze_all(&against_files);
    bad.extend(unreadable);
    if !against.is_empty() && implementation.is_empty() && against_files.is_empty() {
        bad.extend(against.iter().map(|p| {
            inputs::Unreadable::nothing_to_check(
                p,
                "--against names no spec file to hold the doc to",
            )
        }));
    }
    let given: Vec<&Analysis> = implementation.iter().collect();
    let mut mapped: Vec<Analysis> = Vec::new();
    let mut coverages: Vec<(String, check::drift::Coverage)> = Vec::new();
    for doc in analyses.iter().filter(|a| a.is_doc) {
        let entries: Vec<&crate::config::Implementation> = loaded
            .config
            .implementation
            .iter()
            .filter(|m| same_file(&loaded.resolve(&m.doc), &doc.source.path))
            .collect();
        let mut coverage = None;
        if entries.is_empty() && !given.is_empty() {
            let (found, c) = check::drift::check(doc, &given, level, None);
            findings.extend(found);
            findings.extend(check::drift::unmatched(doc, &given, None));
            coverage = Some(c);
        }
        for entry in entries {
            let specs: Vec<PathBuf> = entry.specs.iter().map(|s| loaded.resolve(s)).collect();
            let (files, bad_map) = inputs::collect(&specs);
            bad.extend(bad_map);
            let (own, unreadable) = inputs::analyze_all(&files);
            bad.extend(unreadable);
            let side: Vec<&Analysis> = own.iter().collect();
            let scope = entry.api.as_deref();
            let (found, c) = check::drift::check(doc, &side, level, scope);
            findings.extend(found);
            findings.extend(check::drift::unmatched(doc, &side, scope));
            let total = coverage.get_or_insert_with(check::drift::Coverage::default);
            total.compared += c.compared;
            total.found += c.found;
            mapped.extend(own);
        }
        if let Some(c) = coverage {
            coverages.push((doc.source.display.clone(), c));
        }
    }
    let all: Vec<&Analysis> = analyses
        .iter()
        .chain(implementation.iter())
        .chain(mapped.iter())
        .collect();
    let unused = crate::policy::Run::Check {
        whole_config: whole_config_run,
    };
    let mut findings =
        crate::policy::apply(findings, loaded, &all, &crate::config::today(), unused);
    crate::finding::sort(&mut findings);
    findings.dedup();
    if opts.quiet {
        findings.retain(|f| f.severity <= opts.fail_on);
    }
    let shown: Vec<Analysis> = analyses
        .into_iter()
        .chain(implementation)
        .chain(mapped)
        .collect();
    // How far apart each doc and its implementation are, said at the end of a text report.
    let notes: Vec<String> = coverages
        .iter()
        .map(|(doc, c)| {
            let n = findings
                .iter()
                .filter(|f| {
                    f.rule.starts_with("drift.") && &f.file == doc && f.severity != Severity::Info
                })
                .count();
            c.line(doc, n)
        })
        .collect();
    finish_with(&findings, &shown, &bad, opts, &notes)
}

/// The paths to read: as given, else the config's `docs` (paths or globs), else `.`.
pub fn default_paths(paths: &[PathBuf], loaded: &Loaded) -> Vec<PathBuf> {
    if !paths.is_empty() {
        return paths.to_vec();
    }
    if loaded.config.docs.is_empty() {
        return vec![PathBuf::from(".")];
    }
    let mut out = Vec::new();
    for entry in &loaded.config.docs {
        if !entry.contains(['*', '?', '[']) {
            out.push(loaded.resolve(entry));
            continue;
        }
        let Ok(glob) = globset::Glob::new(entry) else {
            eprintln!(
                "contracts: {}: `{entry}` in docs is not a glob",
                loaded.shown()
            );
            continue;
        };
        let matcher = glob.compile_matcher();
        let base = loaded.resolve(".");
        for e in ignore::WalkBuilder::new(&base).build().flatten() {
            let rel = e.path().strip_prefix(&base).unwrap_or(e.path());
            if e.file_type().is_some_and(|t| t.is_file()) && matcher.is_match(rel) {
                out.push(e.into_path());
            }
        }
    }
    out.sort();
    out
}

fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Writes the report where it goes and returns the exit code; shared with `diff`.
pub fn finish(
    findings: &[Finding],
    analyses: &[crate::analyze::Analysis],
    bad: &[inputs::Unreadable],
    opts: &Options,
) -> u8 {
    finish_with(findings, analyses, bad, opts, &[])
}

/// [`finish`], with `notes` said before a text report's closing count.
fn finish_with(
    findings: &[Finding],
    analyses: &[crate::analyze::Analysis],
    bad: &[inputs::Unreadable],
    opts: &Options,
    notes: &[String],
) -> u8 {
    // A run that failed says so in its report, in every format: an input it could not read
    // is a finding like any other, first.
    let mut all: Vec<Finding> = bad.iter().map(inputs::Unreadable::finding).collect();
    all.extend(findings.iter().cloned());
    let findings = all.as_slice();
    let rendered = crate::cmd::render(opts.format, findings, analyses);
    match opts.output {
        Some(path) => {
            if let Err(e) = crate::output::write_file(path, rendered.as_bytes()) {
                eprintln!("contracts: cannot write {}: {e}", path.display());
                return 2;
            }
        }
        None => crate::output::print(&rendered),
    }
    if opts.format == Format::Text && !opts.quiet {
        for note in notes {
            eprintln!("{note}");
        }
        eprintln!("{}", crate::report::summary_line(findings, analyses.len()));
    }
    exit_code(findings, bad, opts)
}

/// 2 for unreadable input, 1 when a finding reaches --fail-on, else 0.
pub fn exit_code(findings: &[Finding], bad: &[inputs::Unreadable], opts: &Options) -> u8 {
    if crate::cmd::report_unreadable(bad) {
        2
    } else if findings.iter().any(|f| f.severity <= opts.fail_on) {
        1
    } else {
        0
    }
}
