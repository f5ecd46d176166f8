//! What a team decided about findings: ignores by rule and subject (in `contracts.toml`, each
//! with a reason and maybe an end date), inline `allow` comments in docs, severity overrides.

use crate::analyze::Analysis;
use crate::config::{self, Loaded};
use crate::finding::{self, Finding, Severity};
use crate::rules;

/// The run the findings come from. Only `check` judges the docs' own suppressions (an allow
/// without a reason, an unused one: only for `check` rules; unused config ignores when it read
/// the config's whole `docs`). `diff` applies them and reports nothing of them: a doc's
/// comments are `check`'s business, and the base revision's are history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    Diff,
    Check { whole_config: bool },
}

/// Applies suppressions and severity overrides; adds findings about the suppressions
/// themselves (no reason, unknown rule, bad date, unused). `today` is `YYYY-MM-DD`.
pub fn apply(
    findings: Vec<Finding>,
    loaded: &Loaded,
    analyses: &[&Analysis],
    today: &str,
    run: Run,
) -> Vec<Finding> {
    let mut own = Vec::new();
    let cfg = &loaded.config;
    let active = config_ignores(loaded, &mut own);
    let mut doc_faults = Vec::new();
    let scopes = inline_allows(analyses, &mut doc_faults);
    if run != Run::Diff {
        own.extend(doc_faults);
    }
    let mut used_ignores = vec![false; active.len()];
    let mut used_scopes = vec![false; scopes.len()];
    let mut out = Vec::new();
    for mut f in findings {
        let covers =
            |s: &Scope| s.rule == f.rule && s.file == f.file && (s.from..=s.to).contains(&f.line);
        if let Some(i) = scopes.iter().position(covers) {
            used_scopes[i] = true;
            continue;
        }
        let matches =
            |(ig, _): &(config::Ignore, finding::Loc)| ig.rule == f.rule && ig.subject == f.subject;
        if let Some(i) = active.iter().position(matches) {
            used_ignores[i] = true;
        }
        if let Some((ig, _)) = active.iter().find(|x| matches(x)) {
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
    let diff_rule = |id: &str| rules::find(id).is_some_and(|r| r.is_diff_rule());
    let unused_scopes = scopes
        .iter()
        .zip(&used_scopes)
        .filter(|(s, used)| !**used && !diff_rule(&s.rule));
    for (s, _) in unused_scopes.filter(|_| run != Run::Diff) {
        let message = format!(
            "`allow {}` covers lines {}-{}, where `{}` reports nothing; remove it",
            s.rule, s.from, s.to, s.rule
        );
        own.push(
            Finding::new(rules::MARKDOWN_UNUSED_ALLOW, &s.at, message).subject(s.rule.clone()),
        );
    }
    if run == (Run::Check { whole_config: true }) {
        for ((ig, at), _) in active
            .iter()
            .zip(&used_ignores)
            .filter(|((ig, _), used)| !**used && !diff_rule(&ig.rule))
        {
            let message = format!(
                "the ignore of `{}` for `{}` matched nothing in the docs this config names; remove it",
                ig.rule, ig.subject
            );
            own.push(
                Finding::new(rules::CONFIG_UNUSED_IGNORE, at, message)
                    .subject(format!("{} {}", ig.rule, ig.subject)),
            );
        }
    }
    out.extend(own);
    finding::sort(&mut out);
    out
}

/// `YYYY-MM-DD`, a day that exists.
fn valid_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return false;
    }
    let (y, m, d): (u32, u32, u32) = (
        y.parse().unwrap_or(0),
        m.parse().unwrap_or(0),
        d.parse().unwrap_or(0),
    );
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// The place of a key in the config's `[severity]` table, else the file's start.
fn severity_key_loc(loaded: &Loaded, key: &str) -> finding::Loc {
    let mut offset = 0;
    let mut in_table = false;
    for line in loaded.text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with('[') {
            in_table = t == "[severity]";
        } else if in_table {
            let name = t.split('=').next().unwrap_or("").trim().trim_matches('"');
            if name == key {
                return loaded.loc(offset + (line.len() - line.trim_start().len()));
            }
        }
        offset += line.len();
    }
    loaded.loc(0)
}

/// The config's ignores that apply (those with a reason); findings about the others and
/// about `[severity]` entries that name no rule or level.
fn config_ignores(loaded: &Loaded, own: &mut Vec<Finding>) -> Vec<(config::Ignore, finding::Loc)> {
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
            Some(_) => match ig.until.as_deref() {
                Some(until) if !valid_date(until) => own.push(
                    Finding::new(
                        rules::CONFIG_INVALID_UNTIL,
                        &at,
                        format!("`until = \"{until}\"` is not a date (YYYY-MM-DD); the ignore of `{}` is not applied", ig.rule),
                    )
                    .subject(format!("{} {}", ig.rule, ig.subject)),
                ),
                _ => active.push((ig.clone(), at)),
            },
        }
    }
    for (rule, level) in &cfg.severity {
        if rules::find(rule).is_none() {
            own.push(
                Finding::new(
                    rules::CONFIG_UNKNOWN_RULE,
                    &severity_key_loc(loaded, rule),
                    format!("`{rule}` in [severity] is not a rule contracts has"),
                )
                .subject(rule.clone()),
            );
        } else if !matches!(level.as_str(), "error" | "warning" | "info" | "off") {
            own.push(
                Finding::new(
                    rules::CONFIG_UNKNOWN_RULE,
                    &severity_key_loc(loaded, rule),
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
    /// The comment itself.
    at: finding::Loc,
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
                at: at.clone(),
                rule: allow.rule.clone(),
                file: a.source.display.clone(),
                from: allow.line,
                to: end,
            });
        }
    }

    scopes
}
