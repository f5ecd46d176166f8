//! Findings rendered for people and machines: one module per output format.

mod fingerprint;
mod github;
mod gitlab;
mod json;
mod junit;
mod markdown;
pub mod paths;
mod sarif;
mod text;

use crate::finding::{Finding, Severity};

pub use fingerprint::fingerprints;
pub use json::{finding_json, json};

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style, with the source line and a caret
    Text,
    /// one JSON object: tool, version, schema, findings, summary
    Json,
    /// SARIF 2.1.0, for GitHub code scanning
    Sarif,
    /// GitHub Actions workflow commands (PR annotations)
    Github,
    /// JUnit XML, one test case per finding
    Junit,
    /// Markdown, for a pull-request comment
    Markdown,
    /// GitLab Code Quality JSON
    Gitlab,
}

/// What a renderer may read: the findings, how many sources were read, and a line of a
/// source by file and 1-based number.
pub struct Input<'a> {
    pub findings: &'a [Finding],
    pub sources: usize,
    pub source_line: &'a dyn Fn(&str, u32) -> Option<&'a str>,
}

pub fn render(format: Format, input: &Input) -> String {
    match format {
        Format::Text => text::render(input),
        Format::Json => json(input.findings, input.sources, Vec::new()),
        Format::Sarif => sarif::render(input),
        Format::Github => github::render(input),
        Format::Junit => junit::render(input),
        Format::Markdown => markdown::render(input),
        Format::Gitlab => gitlab::render(input),
    }
}

pub fn count(findings: &[Finding], s: Severity) -> usize {
    findings.iter().filter(|f| f.severity == s).count()
}

pub fn has_errors(findings: &[Finding]) -> bool {
    count(findings, Severity::Error) > 0
}

/// `3 errors, 1 warning, 0 infos in 4 sources`.
pub fn summary_line(findings: &[Finding], sources: usize) -> String {
    let n = |s: Severity, word: &str| {
        let c = count(findings, s);
        format!("{c} {word}{}", if c == 1 { "" } else { "s" })
    };
    format!(
        "{}, {}, {} in {sources} source{}",
        n(Severity::Error, "error"),
        n(Severity::Warning, "warning"),
        n(Severity::Info, "info"),
        if sources == 1 { "" } else { "s" }
    )
}
