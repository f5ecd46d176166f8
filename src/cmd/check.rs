//! `contracts check`: every doc rule over the given docs, in the format CI asks for.

use std::path::{Path, PathBuf};

use crate::check;
use crate::finding::{Finding, Severity};
use crate::inputs;
use crate::report::Format;

pub struct Options<'a> {
    pub format: Format,
    pub output: Option<&'a Path>,
    pub fail_on: Severity,
    pub quiet: bool,
}

pub fn run(paths: &[PathBuf], opts: &Options) -> u8 {
    let (files, mut bad) = inputs::collect(paths);
    let (analyses, unreadable) = inputs::analyze_all(&files);
    bad.extend(unreadable);
    let analyses: Vec<_> = analyses.into_iter().filter(inputs::has_contracts).collect();
    let mut findings: Vec<Finding> = check::check_all(&analyses);
    if opts.quiet {
        findings.retain(|f| f.severity <= opts.fail_on);
    }
    finish(&findings, &analyses, &bad, opts)
}

/// Writes the report where it goes and returns the exit code; shared with `diff`.
pub fn finish(
    findings: &[Finding],
    analyses: &[crate::analyze::Analysis],
    bad: &[inputs::Unreadable],
    opts: &Options,
) -> u8 {
    let rendered = crate::cmd::render(opts.format, findings, analyses);
    match opts.output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &rendered) {
                eprintln!("contracts: cannot write {}: {e}", path.display());
                return 2;
            }
        }
        None => print!("{rendered}"),
    }
    if opts.format == Format::Text && !opts.quiet {
        eprintln!("{}", crate::report::summary_line(findings, analyses.len()));
    }
    if crate::cmd::report_unreadable(bad) {
        2
    } else if findings.iter().any(|f| f.severity <= opts.fail_on) {
        1
    } else {
        0
    }
}
