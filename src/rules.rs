//! The rule registry: every rule contracts reports, one file each under `rules/`, with its
//! ID, default severity, one-line summary and documentation (`contracts rules [ID]`). A diff
//! rule's file also holds its classification: the change it names, the facts that pick it,
//! the level in each case (or, for protobuf, buf's categories) and its message template; see
//! `classify`.

use std::sync::OnceLock;

use crate::finding::Severity;

/// buf's nested categories, innermost first: FILE ⊃ PACKAGE ⊃ WIRE_JSON ⊃ WIRE. A protobuf
/// rule lists the ones a change breaks; `--proto-level` picks the one whose breaks are errors.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum, serde::Serialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Category {
    Wire,
    WireJson,
    Package,
    File,
}

impl Category {
    pub fn name(self) -> &'static str {
        match self {
            Category::Wire => "WIRE",
            Category::WireJson => "WIRE_JSON",
            Category::Package => "PACKAGE",
            Category::File => "FILE",
        }
    }

    fn parse(s: &str) -> Category {
        match s {
            "WIRE" => Category::Wire,
            "WIRE_JSON" => Category::WireJson,
            "PACKAGE" => Category::Package,
            "FILE" => Category::File,
            other => panic!("unknown buf category {other}"),
        }
    }
}

/// A value that depends on the facts a change carries: the first case whose facts all hold
/// wins, in file order, else the default (the key without a case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cased<T> {
    pub cases: Vec<(Vec<&'static str>, T)>,
    pub default: Option<T>,
}

impl<T> Default for Cased<T> {
    fn default() -> Self {
        Cased {
            cases: Vec::new(),
            default: None,
        }
    }
}

impl<T> Cased<T> {
    pub fn pick(&self, facts: &[&str]) -> Option<&T> {
        self.cases
            .iter()
            .find(|(when, _)| when.iter().all(|w| facts.contains(w)))
            .map(|(_, v)| v)
            .or(self.default.as_ref())
    }

    pub fn map<U>(&self, f: impl Fn(&T) -> U) -> Cased<U> {
        Cased {
            cases: self.cases.iter().map(|(w, v)| (w.clone(), f(v))).collect(),
            default: self.default.as_ref().map(f),
        }
    }

    fn set(&mut self, case: Option<&'static str>, value: T) {
        match case {
            None => self.default = Some(value),
            Some(c) => self.cases.push((c.split('+').collect(), value)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub doc: &'static str,
    /// Diff rules: the change this rule classifies (by default the ID's name) ...
    pub change: &'static str,
    /// ... when these facts hold (`request`, `input`); the rule naming most of them wins.
    pub when: Vec<&'static str>,
    /// ... and none of these.
    pub unless: Vec<&'static str>,
    /// The level per case; the default is `severity`.
    pub levels: Cased<Severity>,
    /// Protobuf: buf's categories the change breaks, per case (`none` for a safe change).
    pub categories: Cased<Vec<Category>>,
    /// buf's rule IDs this rule covers.
    pub buf: Vec<&'static str>,
    /// The message, with `{slot}`s the differ fills in.
    pub messages: Cased<&'static str>,
}

include!(concat!(env!("OUT_DIR"), "/rules.rs"));

/// Every rule, parsed once from its file.
pub fn all() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| FILES.iter().map(|f| parse(f)).collect())
}

pub fn find(id: &str) -> Option<&'static Rule> {
    all().iter().find(|r| r.id == id)
}

pub fn default_severity(id: &str) -> Severity {
    find(id).map(|r| r.severity).unwrap_or(Severity::Error)
}

impl Rule {
    pub fn area(&self) -> &'static str {
        self.id.split_once('.').map_or(self.id, |(a, _)| a)
    }

    pub fn is_diff_rule(&self) -> bool {
        self.messages.default.is_some() || !self.messages.cases.is_empty()
    }
}

fn severity(s: &str) -> Severity {
    match s {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        "info" => Severity::Info,
        other => panic!("unknown severity {other}"),
    }
}

/// `---` front matter of `key: value` lines (a key may carry a case, `level.required`), then
/// the documentation.
fn parse(file: &'static str) -> Rule {
    let rest = file
        .strip_prefix("---\n")
        .expect("rule file starts with front matter");
    let (front, doc) = rest.split_once("\n---\n").expect("front matter is closed");
    let mut rule = Rule {
        id: "",
        severity: Severity::Error,
        summary: "",
        doc: doc.trim(),
        change: "",
        when: Vec::new(),
        unless: Vec::new(),
        levels: Cased::default(),
        categories: Cased::default(),
        buf: Vec::new(),
        messages: Cased::default(),
    };
    for line in front.lines() {
        let (key, value) = line
            .split_once(": ")
            .unwrap_or_else(|| panic!("front matter line `{line}` is not `key: value`"));
        let (key, case) = match key.split_once('.') {
            Some((k, c)) => (k, Some(c)),
            None => (key, None),
        };
        match key {
            "id" => rule.id = value,
            "severity" => rule.severity = severity(value),
            "summary" => rule.summary = value,
            "change" => rule.change = value,
            "when" => rule.when = value.split_whitespace().collect(),
            "unless" => rule.unless = value.split_whitespace().collect(),
            "buf" => rule.buf = value.split_whitespace().collect(),
            "level" => rule.levels.set(case, severity(value)),
            "categories" => {
                let cats = match value {
                    "none" => Vec::new(),
                    v => v.split_whitespace().map(Category::parse).collect(),
                };
                rule.categories.set(case, cats);
            }
            "message" => rule.messages.set(case, value),
            other => panic!("unknown front matter key `{other}`"),
        }
    }
    assert!(
        !rule.id.is_empty() && !rule.summary.is_empty(),
        "rule file lacks id or summary"
    );
    if rule.change.is_empty() {
        rule.change = rule.id.split_once('.').map_or(rule.id, |(_, n)| n);
    }
    rule
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_file_is_registered_and_well_formed() {
        let on_disk = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "md")
            })
            .count();
        assert_eq!(
            all().len(),
            on_disk,
            "a file in rules/ is missing from FILES"
        );
        let mut ids: Vec<&str> = all().iter().map(|r| r.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), all().len());
        for r in all() {
            let (area, name) = r.id.split_once('.').unwrap();
            assert!(
                [
                    "markdown",
                    "openapi",
                    "protobuf",
                    "graphql",
                    "typescript",
                    "table",
                    "datamodel",
                    "consistency",
                    "drift",
                    "extract",
                    "config",
                    "input",
                    "diff"
                ]
                .contains(&area),
                "{}",
                r.id
            );
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
                "{}",
                r.id
            );
            assert!(!r.summary.is_empty() && !r.doc.is_empty());
        }
    }
}
