//! One module per kind of contract: parse a block with located errors, lower it to the surface.

pub mod graphql;
pub mod nesting;
pub mod openapi;
pub mod protobuf;
pub mod typescript;
pub mod yaml;

use crate::model::Kind;

/// What a fence's language makes of a block before its content is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// YAML or JSON: OpenAPI when its root says so, else an example payload or config.
    Data,
    Proto,
    Graphql,
    Typescript,
}

impl Language {
    pub fn of(lang: &str) -> Option<Language> {
        Some(match lang {
            "yaml" | "yml" | "json" | "jsonc" => Language::Data,
            "proto" | "protobuf" | "proto3" | "proto2" => Language::Proto,
            "graphql" | "gql" | "graphqls" => Language::Graphql,
            "ts" | "typescript" => Language::Typescript,
            _ => return None,
        })
    }

    pub fn kind(self) -> Kind {
        match self {
            Language::Data => Kind::Openapi,
            Language::Proto => Kind::Protobuf,
            Language::Graphql => Kind::Graphql,
            Language::Typescript => Kind::Typescript,
        }
    }
}

/// A spec file's kind, by its name.
pub fn language_of_path(path: &std::path::Path) -> Option<Language> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".d.ts") || name.ends_with(".ts") {
        return Some(Language::Typescript);
    }
    let ext = name.rsplit('.').next()?;
    Language::of(match ext {
        "graphqls" => "graphql",
        other => other,
    })
}
