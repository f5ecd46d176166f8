//! The surface every kind lowers to: operations, types and their fields, each with its place.
//!
//! `check` and `diff` work on this (plus the per-kind trees), so that one rule about a
//! "field" or an "operation" reads the same whichever format declared it.

use serde::Serialize;

use crate::finding::Loc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Openapi,
    Protobuf,
    Graphql,
    Typescript,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Openapi => "openapi",
            Kind::Protobuf => "protobuf",
            Kind::Graphql => "graphql",
            Kind::Typescript => "typescript",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OperationKind {
    /// `METHOD /path`
    Rest,
    /// `Service.Rpc`
    Rpc,
    /// `Query.field`, `Mutation.field`, `Subscription.field`
    GraphqlRoot,
}

#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    pub kind: OperationKind,
    /// `POST /api/v2/exports`, `ExportService.CreateExport`, `Query.export`.
    pub name: String,
    /// operationId where the format has one.
    pub id: Option<String>,
    pub input: Option<String>,
    pub output: Option<String>,
    pub loc: Loc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TypeKind {
    /// OpenAPI schema, protobuf message, GraphQL object/input/interface, TS interface/object alias.
    Object,
    Enum,
    /// GraphQL union, TS union alias of named types, OpenAPI oneOf/anyOf schema.
    Union,
    /// GraphQL scalar, an OpenAPI schema or TS alias of a primitive.
    Scalar,
    /// A TS namespace or protobuf service holder with no fields of its own.
    Namespace,
    /// A TS function: its parameters as fields, its return type as the one value.
    Function,
}

#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    pub kind: TypeKind,
    /// Qualified where the format nests: `Outer.Inner`.
    pub name: String,
    pub fields: Vec<Field>,
    /// Enum values, union members; for a protobuf message, its oneofs' names.
    pub values: Vec<String>,
    /// A GraphQL `extend`: adds to a type defined elsewhere.
    pub extension: bool,
    pub loc: Loc,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub name: String,
    /// The type as the format spells it, element type for lists: `string`, `int64`, `Export`.
    pub ty: String,
    pub optional: bool,
    pub list: bool,
    pub loc: Loc,
}

/// What one contract (a block, or an API merged from several) defines.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Surface {
    pub operations: Vec<Operation>,
    pub types: Vec<TypeDef>,
    /// Type names the contract uses, where the format's own parser does not resolve them
    /// (GraphQL, TypeScript).
    pub refs: Vec<Reference>,
    /// Names a block binds that are no contract type of its own (TypeScript imports and
    /// classes): uses of them resolve.
    pub bound: Vec<String>,
}

/// A use of a type name.
#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    pub name: String,
    pub loc: Loc,
}

impl Surface {
    pub fn extend(&mut self, other: Surface) {
        self.operations.extend(other.operations);
        self.types.extend(other.types);
        self.refs.extend(other.refs);
    }

    /// Names a reader would look for: operation names first, then type names.
    pub fn names(&self) -> Vec<&str> {
        self.operations
            .iter()
            .map(|o| o.name.as_str())
            .chain(self.types.iter().map(|t| t.name.as_str()))
            .collect()
    }
}
