//! What a team decided about findings: ignores by rule and subject (in `contracts.toml`, each
//! with a reason and maybe an end date), inline `allow` comments in docs, severity overrides.

use crate::analyze::Analysis;
use crate::config::{self, Loaded};
use crate::finding::{self, Finding, Severity};
use crate::rules;

/// Applies suppressions and severity overrides; adds findings about the suppressions
/// themselves (no reason, unknown rule). `today` is `YYYY-MM-DD`.
pub fn apply(
    findings: Vec<Finding>,
    loaded: &Loaded,
    analyses: &[&Analysis],
    today: &str,
) -> Vec<Finding> {
    let mut own = Vec::new();
    let cfg = &loaded.config;
    let active = config_ignores(loaded, &mut own);
    let scopes = inline_allows(analyses, &mut own);
    let mut out = Vec::new();
    for mut f in findings {
        if scopes
            .iter()
            .any(|s| s.rule == f.rule && s.file == f.file && (s.from..=s.to).contains(&f.line))
        {
            continue;
        }
        if let Some(ig) = active
            .iter()
            .find(|ig| ig.rule == f.rule && ig.subject == f.subject)
        {
            match ig.until.as_deref() {
                Some(until) if until < today => {
                    f.message = format!(
                        "{} (an ignore in {} covered this until {until}: {})",
                        f.message,
                        config::FILE_NAME,
                        ig.reason.as_deref().unwrap_or_default()
                    );
                }
                _ => continue,
            }
        }
        match cfg.severity.get(f.rule).map(String::as_str) {
            Some("off") => continue,
            Some("error") => f.severity = Severity::Error,
            Some("warning") => f.severity = Severity::Warning,
            Some("info") => f.severity = Severity::Info,
            _ => {}
        }
        out.push(f);
    }
    out.extend(own);
    finding::sort(&mut out);
    out
}

/// The config's ignores that apply (those with a reason); findings about the others and
/// about `[severity]` entries that name no rule or level.
fn config_ignores(loaded: &Loaded, own: &mut Vec<Finding>) -> Vec<config::Ignore> {
    let cfg = &loaded.config;

    // Config ignores: by rule ID and subject, never by message text.
    let mut active = Vec::new();
    for spanned in &cfg.ignore {
        let ig = spanned.get_ref();
        let at = loaded.loc(spanned.span().start);
        if rules::find(&ig.rule).is_none() {
            own.push(
                Finding::new(
                    rules::CONFIG_UNKNOWN_RULE,
                    &at,
                    format!(
                        "`{}` is not a rule contracts has; this ignore matches nothing",
                        ig.rule
                    ),
                )
                .subject(ig.rule.clone()),
            );
        }
        match ig.reason.as_deref().map(str::trim) {
            None | Some("") => own.push(
                Finding::new(
                    rules::CONFIG_IGNORE_WITHOUT_REASON,
                    &at,
                    format!(
                        "the ignore of `{}` for `{}` gives no `reason`; it is not applied",
                        ig.rule, ig.subject
                    ),
                )
                .subject(format!("{} {}", ig.rule, ig.subject)),
            ),
            Some(_) => active.push(ig.clone()),
        }
    }
    for (rule, level) in &cfg.severity {
        if rules::find(rule).is_none() {
            own.push(
                Finding::new(
                    rules::CONFIG_UNKNOWN_RULE,
                    &loaded.loc(0),
                    format!("`{rule}` in [severity] is not a rule contracts has"),
                )
                .subject(rule.clone()),
            );
        } else if !matches!(level.as_str(), "error" | "warning" | "info" | "off") {
            own.push(
                Finding::new(
                    rules::CONFIG_UNKNOWN_RULE,
                    &loaded.loc(0),
                    format!(
                        "`{rule} = \"{level}\"`: the level is one of error, warning, info, off"
                    ),
                )
                .subject(rule.clone()),
            );
        }
    }

    active
}

/// Inline allows: each covers the next block or table after it.
struct Scope {
    rule: String,
    file: String,
    from: u32,
    to: u32,
}

/// The lines each inline `allow` covers; findings about allows without a reason.
fn inline_allows(analyses: &[&Analysis], own: &mut Vec<Finding>) -> Vec<Scope> {
    let mut scopes = Vec::new();
    for a in analyses.iter().filter(|a| a.is_doc) {
        for allow in &a.doc.allows {
            let at = finding::Loc {
                file: a.source.display.clone(),
                line: allow.line,
                column: allow.column,
            };
            if allow.reason.is_none() {
                own.push(
                    Finding::new(
                        rules::MARKDOWN_SUPPRESSION_WITHOUT_REASON,
                        &at,
                        format!(
                            "`allow {}` gives no reason=\"…\"; it is not applied",
                            allow.rule
                        ),
                    )
                    .subject(allow.rule.clone()),
                );
                continue;
            }
            let next_block = a
                .doc
                .blocks
                .iter()
                .filter(|b| b.fence_line > allow.line)
                .map(|b| (b.fence_line, b.end_line))
                .min();
            let next_table = a
                .doc
                .tables
                .iter()
                .filter(|t| t.line > allow.line)
                .map(|t| (t.line, t.rows.last().map_or(t.line, |r| r.line)))
                .min();
            let end = match (next_block, next_table) {
                (Some(b), Some(t)) => b.min(t).1,
                (Some(x), None) | (None, Some(x)) => x.1,
                (None, None) => allow.line,
            };
            // A comment inside a table cell covers its own row.
            let end = end.max(allow.line);
            scopes.push(Scope {
                rule: allow.rule.clone(),
                file: a.source.display.clone(),
                from: allow.line,
                to: end,
            });
        }
    }

    scopes
}
