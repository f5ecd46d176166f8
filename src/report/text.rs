//! rustc-style text: `error[rule]: message`, then `--> file:line:col`, the line and a caret.

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use crate::finding::{Finding, Severity};

use super::Input;

pub fn render(input: &Input) -> String {
    let renderer = Renderer::plain();
    let mut out = String::new();
    for f in input.findings {
        out.push_str(&one(&renderer, f, (input.source_line)(&f.file, f.line)));
        out.push('\n');
    }
    if !input.findings.is_empty() {
        out.push('\n');
    }
    out
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

fn one(renderer: &Renderer, f: &Finding, line_text: Option<&str>) -> String {
    let title = level(f.severity)
        .primary_title(f.message.as_str())
        .id(f.rule);
    match line_text {
        Some(line) => {
            let start: usize = line
                .chars()
                .take((f.column as usize).saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            let start = start.min(line.len());
            let end = line[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8());
            let snippet = Snippet::source(line)
                .line_start(f.line as usize)
                .path(f.file.as_str())
                .annotation(AnnotationKind::Primary.span(start..end));
            renderer.render(&[title.element(snippet)]).to_string()
        }
        None => format!(
            "{}[{}]: {}\n  --> {}:{}:{}",
            f.severity.as_str(),
            f.rule,
            f.message,
            f.file,
            f.line,
            f.column
        ),
    }
}
