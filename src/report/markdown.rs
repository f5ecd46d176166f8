//! Markdown for a pull-request comment: a summary line, then errors, warnings and infos.

use crate::finding::Severity;

use super::{Input, summary_line};

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn render(input: &Input) -> String {
    let mut out = format!(
        "### contracts: {}\n\n",
        summary_line(input.findings, input.sources)
    );
    if input.findings.is_empty() {
        out.push_str("No findings.\n");
        return out;
    }
    out.push_str("| | Rule | Where | Finding |\n|---|---|---|---|\n");
    for s in [Severity::Error, Severity::Warning, Severity::Info] {
        let mark = match s {
            Severity::Error => "❌ error",
            Severity::Warning => "⚠️ warning",
            Severity::Info => "ℹ️ info",
        };
        for f in input.findings.iter().filter(|f| f.severity == s) {
            out.push_str(&format!(
                "| {mark} | `{}` | `{}:{}:{}` | {} |\n",
                f.rule,
                cell(&f.file),
                f.line,
                f.column,
                cell(&f.message)
            ));
        }
    }
    out
}
