//! The rule registry: every rule contracts reports, one file each under `rules/`, with its
//! ID, default severity, one-line summary and documentation (`contracts rules [ID]`).

use std::sync::OnceLock;

use crate::finding::Severity;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub doc: &'static str,
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

/// `---` front matter with `id`, `severity` and `summary`, then the documentation.
fn parse(file: &'static str) -> Rule {
    let rest = file
        .strip_prefix("---\n")
        .expect("rule file starts with front matter");
    let (front, doc) = rest.split_once("\n---\n").expect("front matter is closed");
    let field = |name: &str| {
        front
            .lines()
            .find_map(|l| l.strip_prefix(name).and_then(|v| v.strip_prefix(": ")))
            .unwrap_or_else(|| panic!("rule file lacks `{name}`"))
    };
    let severity = match field("severity") {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        "info" => Severity::Info,
        other => panic!("unknown severity {other}"),
    };
    Rule {
        id: field("id"),
        severity,
        summary: field("summary"),
        doc: doc.trim(),
    }
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
                    "input"
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
