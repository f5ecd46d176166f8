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

pub const CONSISTENCY_ENUM_VALUES_DIFFER: &str = "consistency.enum-values-differ";
pub const CONSISTENCY_FIELD_MISSING: &str = "consistency.field-missing";
pub const CONSISTENCY_FIELD_TYPE_MISMATCH: &str = "consistency.field-type-mismatch";
pub const CONSISTENCY_OPTIONALITY_MISMATCH: &str = "consistency.optionality-mismatch";
pub const DATAMODEL_REMOVED_ENTITY_DEFINED: &str = "datamodel.removed-entity-defined";
pub const DATAMODEL_UNKNOWN_FIELD: &str = "datamodel.unknown-field";
pub const EXTRACT_MISSING_FILE: &str = "extract.missing-file";
pub const EXTRACT_NOT_WRITTEN: &str = "extract.not-written";
pub const EXTRACT_ORPHANED_FILE: &str = "extract.orphaned-file";
pub const EXTRACT_STALE_FILE: &str = "extract.stale-file";
pub const EXTRACT_TARGET_COLLISION: &str = "extract.target-collision";
pub const EXTRACT_UNSAFE_PATH: &str = "extract.unsafe-path";
pub const GRAPHQL_DUPLICATE_FIELD: &str = "graphql.duplicate-field";
pub const GRAPHQL_DUPLICATE_TYPE: &str = "graphql.duplicate-type";
pub const GRAPHQL_SYNTAX_ERROR: &str = "graphql.syntax-error";
pub const GRAPHQL_UNKNOWN_TYPE: &str = "graphql.unknown-type";
pub const MARKDOWN_SWALLOWED_FENCE: &str = "markdown.swallowed-fence";
pub const MARKDOWN_UNCLOSED_FENCE: &str = "markdown.unclosed-fence";
pub const MARKDOWN_UNKNOWN_ATTRIBUTE: &str = "markdown.unknown-attribute";
pub const OPENAPI_CONFLICTING_KEY: &str = "openapi.conflicting-key";
pub const OPENAPI_DUPLICATE_OPERATION_ID: &str = "openapi.duplicate-operation-id";
pub const OPENAPI_INVALID_DOCUMENT: &str = "openapi.invalid-document";
pub const OPENAPI_INVALID_STATUS_CODE: &str = "openapi.invalid-status-code";
pub const OPENAPI_LINKED_SPEC_UNREADABLE: &str = "openapi.linked-spec-unreadable";
pub const OPENAPI_REF_CYCLE: &str = "openapi.ref-cycle";
pub const OPENAPI_REMOTE_REF: &str = "openapi.remote-ref";
pub const OPENAPI_SYNTAX_ERROR: &str = "openapi.syntax-error";
pub const OPENAPI_UNDECLARED_PATH_PARAMETER: &str = "openapi.undeclared-path-parameter";
pub const OPENAPI_UNRESOLVED_REF: &str = "openapi.unresolved-ref";
pub const OPENAPI_UNUSED_PATH_PARAMETER: &str = "openapi.unused-path-parameter";
pub const OPENAPI_UNVALIDATED_VERSION: &str = "openapi.unvalidated-version";
pub const PROTOBUF_DUPLICATE_FIELD_NUMBER: &str = "protobuf.duplicate-field-number";
pub const PROTOBUF_ENUM_FIRST_NOT_ZERO: &str = "protobuf.enum-first-not-zero";
pub const PROTOBUF_FIELD_NUMBER_OUT_OF_RANGE: &str = "protobuf.field-number-out-of-range";
pub const PROTOBUF_INVALID_DEFINITION: &str = "protobuf.invalid-definition";
pub const PROTOBUF_RESERVED_REUSED: &str = "protobuf.reserved-reused";
pub const PROTOBUF_SYNTAX_ERROR: &str = "protobuf.syntax-error";
pub const PROTOBUF_UNRESOLVED_IMPORT: &str = "protobuf.unresolved-import";
pub const PROTOBUF_UNRESOLVED_NAME: &str = "protobuf.unresolved-name";
pub const PROTOBUF_UNSUPPORTED_EDITION: &str = "protobuf.unsupported-edition";
pub const TABLE_MISSING_STREAM: &str = "table.missing-stream";
pub const TABLE_UNRESOLVED_REFERENCE: &str = "table.unresolved-reference";
pub const TYPESCRIPT_SYNTAX_ERROR: &str = "typescript.syntax-error";
pub const TYPESCRIPT_UNRESOLVED_TYPE: &str = "typescript.unresolved-type";

/// The rule files, in ID order.
const FILES: &[&str] = &[
    include_str!("../rules/consistency.enum-values-differ.md"),
    include_str!("../rules/consistency.field-missing.md"),
    include_str!("../rules/consistency.field-type-mismatch.md"),
    include_str!("../rules/consistency.optionality-mismatch.md"),
    include_str!("../rules/datamodel.removed-entity-defined.md"),
    include_str!("../rules/datamodel.unknown-field.md"),
    include_str!("../rules/extract.missing-file.md"),
    include_str!("../rules/extract.not-written.md"),
    include_str!("../rules/extract.orphaned-file.md"),
    include_str!("../rules/extract.stale-file.md"),
    include_str!("../rules/extract.target-collision.md"),
    include_str!("../rules/extract.unsafe-path.md"),
    include_str!("../rules/graphql.duplicate-field.md"),
    include_str!("../rules/graphql.duplicate-type.md"),
    include_str!("../rules/graphql.syntax-error.md"),
    include_str!("../rules/graphql.unknown-type.md"),
    include_str!("../rules/markdown.swallowed-fence.md"),
    include_str!("../rules/markdown.unclosed-fence.md"),
    include_str!("../rules/markdown.unknown-attribute.md"),
    include_str!("../rules/openapi.conflicting-key.md"),
    include_str!("../rules/openapi.duplicate-operation-id.md"),
    include_str!("../rules/openapi.invalid-document.md"),
    include_str!("../rules/openapi.invalid-status-code.md"),
    include_str!("../rules/openapi.linked-spec-unreadable.md"),
    include_str!("../rules/openapi.ref-cycle.md"),
    include_str!("../rules/openapi.remote-ref.md"),
    include_str!("../rules/openapi.syntax-error.md"),
    include_str!("../rules/openapi.undeclared-path-parameter.md"),
    include_str!("../rules/openapi.unresolved-ref.md"),
    include_str!("../rules/openapi.unused-path-parameter.md"),
    include_str!("../rules/openapi.unvalidated-version.md"),
    include_str!("../rules/protobuf.duplicate-field-number.md"),
    include_str!("../rules/protobuf.enum-first-not-zero.md"),
    include_str!("../rules/protobuf.field-number-out-of-range.md"),
    include_str!("../rules/protobuf.invalid-definition.md"),
    include_str!("../rules/protobuf.reserved-reused.md"),
    include_str!("../rules/protobuf.syntax-error.md"),
    include_str!("../rules/protobuf.unresolved-import.md"),
    include_str!("../rules/protobuf.unresolved-name.md"),
    include_str!("../rules/protobuf.unsupported-edition.md"),
    include_str!("../rules/table.missing-stream.md"),
    include_str!("../rules/table.unresolved-reference.md"),
    include_str!("../rules/typescript.syntax-error.md"),
    include_str!("../rules/typescript.unresolved-type.md"),
];

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
                    "extract"
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
