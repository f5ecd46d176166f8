//! The rules this build reports, each with its default severity and a one-line summary.

use crate::finding::Severity;

pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

pub const MARKDOWN_UNCLOSED_FENCE: &str = "markdown.unclosed-fence";
pub const MARKDOWN_SWALLOWED_FENCE: &str = "markdown.swallowed-fence";
pub const MARKDOWN_UNKNOWN_ATTRIBUTE: &str = "markdown.unknown-attribute";
pub const OPENAPI_SYNTAX: &str = "openapi.syntax-error";
pub const OPENAPI_INVALID: &str = "openapi.invalid-document";
pub const OPENAPI_CONFLICTING_KEY: &str = "openapi.conflicting-key";
pub const OPENAPI_LINKED_SPEC: &str = "openapi.linked-spec-unreadable";
pub const OPENAPI_UNVALIDATED_VERSION: &str = "openapi.unvalidated-version";
pub const PROTOBUF_SYNTAX: &str = "protobuf.syntax-error";
pub const PROTOBUF_INVALID: &str = "protobuf.invalid-definition";
pub const PROTOBUF_UNSUPPORTED_EDITION: &str = "protobuf.unsupported-edition";
pub const PROTOBUF_UNRESOLVED_NAME: &str = "protobuf.unresolved-name";
pub const PROTOBUF_UNRESOLVED_IMPORT: &str = "protobuf.unresolved-import";
pub const GRAPHQL_SYNTAX: &str = "graphql.syntax-error";
pub const TYPESCRIPT_SYNTAX: &str = "typescript.syntax-error";
pub const EXTRACT_UNSAFE_PATH: &str = "extract.unsafe-path";
pub const EXTRACT_NOT_WRITTEN: &str = "extract.not-written";
pub const EXTRACT_STALE: &str = "extract.stale-file";
pub const EXTRACT_MISSING: &str = "extract.missing-file";
pub const EXTRACT_ORPHANED: &str = "extract.orphaned-file";

pub const RULES: &[Rule] = &[
    Rule {
        id: MARKDOWN_UNCLOSED_FENCE,
        severity: Severity::Error,
        summary: "a fenced block is never closed, so it swallows the rest of its container",
    },
    Rule {
        id: MARKDOWN_SWALLOWED_FENCE,
        severity: Severity::Error,
        summary: "a contract fence opener sits inside a language-less block: an earlier fence is unbalanced",
    },
    Rule {
        id: MARKDOWN_UNKNOWN_ATTRIBUTE,
        severity: Severity::Warning,
        summary: "a `key=value` word in a fence's info string is not an attribute contracts knows",
    },
    Rule {
        id: OPENAPI_SYNTAX,
        severity: Severity::Error,
        summary: "an OpenAPI block is not well-formed YAML or JSON",
    },
    Rule {
        id: OPENAPI_INVALID,
        severity: Severity::Error,
        summary: "an OpenAPI API does not match the OpenAPI object model of its version",
    },
    Rule {
        id: OPENAPI_CONFLICTING_KEY,
        severity: Severity::Error,
        summary: "two fragments of one API give the same key different values",
    },
    Rule {
        id: OPENAPI_LINKED_SPEC,
        severity: Severity::Error,
        summary: "a spec file linked from an API's section cannot be read or parsed",
    },
    Rule {
        id: OPENAPI_UNVALIDATED_VERSION,
        severity: Severity::Info,
        summary: "an API in a version other than OpenAPI 3.0/3.1 is parsed but not validated",
    },
    Rule {
        id: PROTOBUF_SYNTAX,
        severity: Severity::Error,
        summary: "a protobuf block does not parse",
    },
    Rule {
        id: PROTOBUF_INVALID,
        severity: Severity::Error,
        summary: "a protobuf block parses but its definitions are inconsistent (names, numbers)",
    },
    Rule {
        id: PROTOBUF_UNSUPPORTED_EDITION,
        severity: Severity::Warning,
        summary: "a protobuf block uses editions, which this release cannot parse; it is not checked",
    },
    Rule {
        id: PROTOBUF_UNRESOLVED_NAME,
        severity: Severity::Warning,
        summary: "a type or option name resolves nowhere: not in its block, its imports, the doc's other blocks of its package, or the well-known types",
    },
    Rule {
        id: PROTOBUF_UNRESOLVED_IMPORT,
        severity: Severity::Warning,
        summary: "a protobuf import is neither a well-known type nor another block of the doc",
    },
    Rule {
        id: GRAPHQL_SYNTAX,
        severity: Severity::Error,
        summary: "a GraphQL block is neither a valid schema nor a valid operation document",
    },
    Rule {
        id: TYPESCRIPT_SYNTAX,
        severity: Severity::Error,
        summary: "a TypeScript block has a syntax error",
    },
    Rule {
        id: EXTRACT_UNSAFE_PATH,
        severity: Severity::Error,
        summary: "a `file=` target is absolute or climbs out of --out; nothing is written for it",
    },
    Rule {
        id: EXTRACT_NOT_WRITTEN,
        severity: Severity::Error,
        summary: "a target is not written because one of its blocks does not parse",
    },
    Rule {
        id: EXTRACT_STALE,
        severity: Severity::Error,
        summary: "an extracted file differs from what the doc now says",
    },
    Rule {
        id: EXTRACT_MISSING,
        severity: Severity::Error,
        summary: "a file the doc produces has not been extracted",
    },
    Rule {
        id: EXTRACT_ORPHANED,
        severity: Severity::Error,
        summary: "a generated file in --out is produced by no doc any more",
    },
];

pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

pub fn default_severity(id: &str) -> Severity {
    find(id).map(|r| r.severity).unwrap_or(Severity::Error)
}
