//! Cross-format consistency: a type of one name in two kinds has the same fields, compatible
//! field types, the same optionality where both kinds say, and the same enum values.

use std::collections::BTreeMap;

use crate::analyze::Analysis;
use crate::finding::Finding;
use crate::model::{Field, Kind, TypeDef, TypeKind};
use crate::rules;

use super::names::{Index, fold};
use super::protobuf::screaming;

pub fn check(_a: &Analysis, index: &Index) -> Vec<Finding> {
    // One merged definition per (name, kind), in doc order: GraphQL extensions join their type.
    let mut merged: BTreeMap<(&str, Kind), Merged> = BTreeMap::new();
    let mut order: Vec<(&str, Kind)> = Vec::new();
    for (kind, t) in &index.contract_types {
        let key = (t.name.as_str(), *kind);
        let m = merged.entry(key).or_insert_with(|| {
            order.push(key);
            Merged {
                def: t,
                fields: Vec::new(),
                values: Vec::new(),
            }
        });
        if t.extension || std::ptr::eq(m.def, *t) {
            m.fields.extend(t.fields.iter());
            m.values.extend(t.values.iter().cloned());
        }
    }
    let mut out = Vec::new();
    let mut first_of: BTreeMap<&str, (Kind, &Merged)> = BTreeMap::new();
    for key in &order {
        let later = &merged[key];
        match first_of.get(key.0) {
            None => {
                first_of.insert(key.0, (key.1, later));
            }
            Some((first_kind, first)) if *first_kind != key.1 => {
                compare(index, (*first_kind, first), (key.1, later), &mut out);
            }
            Some(_) => {}
        }
    }
    out
}

struct Merged<'a> {
    def: &'a TypeDef,
    fields: Vec<&'a Field>,
    values: Vec<String>,
}

fn compare(
    index: &Index,
    (ek, earlier): (Kind, &Merged),
    (lk, later): (Kind, &Merged),
    out: &mut Vec<Finding>,
) {
    let name = &later.def.name;
    let there = format!(
        "{} at {}:{}",
        ek.as_str(),
        earlier.def.loc.file,
        earlier.def.loc.line
    );
    match (earlier.def.kind, later.def.kind) {
        // A type shown without its members (`type Book { ... }`) is a name, not a shape.
        (TypeKind::Object, TypeKind::Object)
            if earlier.fields.is_empty() || later.fields.is_empty() =>
        {
            return;
        }
        (TypeKind::Object, TypeKind::Object) => {}
        (TypeKind::Enum, TypeKind::Enum) => {
            enum_values(earlier, later, &there, lk, out);
            return;
        }
        _ => return,
    }
    // A protobuf message's oneof names are members of its generated code.
    let oneof = |m: &Merged, name: &str| m.values.iter().any(|v| fold(v) == fold(name));
    for f in &earlier.fields {
        if !later.fields.iter().any(|g| fold(&g.name) == fold(&f.name)) && !oneof(later, &f.name) {
            out.push(
                Finding::new(
                    rules::CONSISTENCY_FIELD_MISSING,
                    &later.def.loc,
                    format!(
                        "`{name}` in {} has no field `{}`, which `{name}` in {there} has",
                        lk.as_str(),
                        f.name
                    ),
                )
                .subject(format!("{name}.{}", f.name)),
            );
        }
    }
    for g in &later.fields {
        let Some(f) = earlier
            .fields
            .iter()
            .find(|f| fold(&f.name) == fold(&g.name))
        else {
            if oneof(earlier, &g.name) {
                continue;
            }
            out.push(
                Finding::new(
                    rules::CONSISTENCY_FIELD_MISSING,
                    &g.loc,
                    format!(
                        "field `{name}.{}` of {} is not in `{name}` in {there}",
                        g.name,
                        lk.as_str()
                    ),
                )
                .subject(format!("{name}.{}", g.name)),
            );
            continue;
        };
        let (a, b) = (category(index, ek, &f.ty), category(index, lk, &g.ty));
        if f.list != g.list || !compatible(&a, &b) {
            let shape = |field: &Field| {
                if field.list {
                    format!("list of {}", field.ty)
                } else {
                    field.ty.clone()
                }
            };
            out.push(
                Finding::new(
                    rules::CONSISTENCY_FIELD_TYPE_MISMATCH,
                    &g.loc,
                    format!(
                        "`{name}.{}` is `{}` in {} but `{}` in {there}",
                        g.name,
                        shape(g),
                        lk.as_str(),
                        shape(f)
                    ),
                )
                .subject(format!("{name}.{}", g.name)),
            );
        }
        let says_optional = |k: Kind| matches!(k, Kind::Openapi | Kind::Graphql | Kind::Typescript);
        if says_optional(ek) && says_optional(lk) && f.optional != g.optional {
            let word = |o: bool| if o { "optional" } else { "required" };
            out.push(
                Finding::new(
                    rules::CONSISTENCY_OPTIONALITY_MISMATCH,
                    &g.loc,
                    format!(
                        "`{name}.{}` is {} in {} but {} in {there}",
                        g.name,
                        word(g.optional),
                        lk.as_str(),
                        word(f.optional)
                    ),
                )
                .subject(format!("{name}.{}", g.name)),
            );
        }
    }
}

/// Values folded for case and `_`, without the protobuf `ENUM_NAME_` prefix and the zero
/// `*_UNSPECIFIED` value.
fn enum_key(enum_name: &str, value: &str) -> Option<String> {
    let prefix = format!("{}_", screaming(enum_name));
    let v = value.strip_prefix(&prefix).unwrap_or(value);
    if v.eq_ignore_ascii_case("UNSPECIFIED") || v.to_ascii_uppercase().ends_with("_UNSPECIFIED") {
        return None;
    }
    Some(fold(v))
}

fn enum_values(earlier: &Merged, later: &Merged, there: &str, lk: Kind, out: &mut Vec<Finding>) {
    let name = &later.def.name;
    let set = |m: &Merged| -> Vec<String> {
        let mut v: Vec<String> = m.values.iter().filter_map(|x| enum_key(name, x)).collect();
        v.sort();
        v.dedup();
        v
    };
    let (a, b) = (set(earlier), set(later));
    let only_earlier: Vec<&String> = a.iter().filter(|x| !b.contains(x)).collect();
    let only_later: Vec<&String> = b.iter().filter(|x| !a.contains(x)).collect();
    if only_earlier.is_empty() && only_later.is_empty() {
        return;
    }
    let list = |v: &[&String]| {
        v.iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = Vec::new();
    if !only_later.is_empty() {
        parts.push(format!("{} only here", list(&only_later)));
    }
    if !only_earlier.is_empty() {
        parts.push(format!("{} only in {there}", list(&only_earlier)));
    }
    out.push(
        Finding::new(
            rules::CONSISTENCY_ENUM_VALUES_DIFFER,
            &later.def.loc,
            format!(
                "enum `{name}` in {} differs (values compared folded): {}",
                lk.as_str(),
                parts.join("; ")
            ),
        )
        .subject(name.clone()),
    );
}

#[derive(Debug, Clone, PartialEq)]
enum Category {
    Str,
    Int,
    Num,
    /// TypeScript's `number`: integer or floating point.
    AnyNumber,
    Bool,
    /// A map, or an object with no named type.
    Map,
    Enum(String),
    Named(String),
    /// `any`, `unknown`, or a type we cannot place: never a mismatch.
    Unknown,
}

fn category(index: &Index, kind: Kind, ty: &str) -> Category {
    let t = strip_nullish(ty);
    let short = t.rsplit('.').next().unwrap_or(&t).to_string();
    match t.as_str() {
        "string"
        | "String"
        | "ID"
        | "date-time"
        | "date"
        | "time"
        | "uri"
        | "url"
        | "uuid"
        | "email"
        | "byte"
        | "binary"
        | "bytes"
        | "password"
        | "hostname"
        | "ipv4"
        | "ipv6"
        | "google.protobuf.Timestamp"
        | "google.protobuf.Duration"
        | "google.protobuf.StringValue"
        | "google.protobuf.BytesValue"
        | "DateTime" => Category::Str,
        "integer"
        | "int32"
        | "int64"
        | "uint32"
        | "uint64"
        | "sint32"
        | "sint64"
        | "fixed32"
        | "fixed64"
        | "sfixed32"
        | "sfixed64"
        | "Int"
        | "bigint"
        | "google.protobuf.Int32Value"
        | "google.protobuf.Int64Value"
        | "google.protobuf.UInt32Value"
        | "google.protobuf.UInt64Value" => Category::Int,
        "number" if kind == Kind::Typescript => Category::AnyNumber,
        "number"
        | "float"
        | "double"
        | "Float"
        | "google.protobuf.DoubleValue"
        | "google.protobuf.FloatValue" => Category::Num,
        "boolean" | "bool" | "Boolean" | "google.protobuf.BoolValue" => Category::Bool,
        "object" | "google.protobuf.Struct" => Category::Map,
        "any" | "unknown" | "google.protobuf.Any" | "google.protobuf.Value" => Category::Unknown,
        _ if t.starts_with("map<")
            || t.starts_with("Record<")
            || t.starts_with("Map<")
            || t.starts_with('{') =>
        {
            Category::Map
        }
        _ if t.contains('\'') || t.contains('"') => Category::Str,
        _ if short.chars().all(|c| c.is_alphanumeric() || c == '_') && !short.is_empty() => {
            let is_enum = index
                .types
                .get(short.as_str())
                .is_some_and(|defs| defs.iter().any(|(_, d)| d.kind == TypeKind::Enum))
                || index.types.iter().any(|(n, defs)| {
                    n.rsplit('.').next() == Some(short.as_str())
                        && defs.iter().any(|(_, d)| d.kind == TypeKind::Enum)
                });
            if is_enum {
                Category::Enum(short)
            } else {
                Category::Named(short)
            }
        }
        _ => Category::Unknown,
    }
}

/// `Foo | null | undefined` -> `Foo`.
fn strip_nullish(ty: &str) -> String {
    let parts: Vec<&str> = ty
        .split('|')
        .map(str::trim)
        .filter(|p| !matches!(*p, "null" | "undefined"))
        .collect();
    parts.join(" | ")
}

fn compatible(a: &Category, b: &Category) -> bool {
    use Category::*;
    match (a, b) {
        (Unknown, _) | (_, Unknown) => true,
        (AnyNumber, Int | Num | AnyNumber) | (Int | Num, AnyNumber) => true,
        (Enum(_), Str) | (Str, Enum(_)) => true,
        (Enum(x), Enum(y)) | (Enum(x), Named(y)) | (Named(x), Enum(y)) | (Named(x), Named(y)) => {
            fold(x) == fold(y)
        }
        (Map, Named(_)) | (Named(_), Map) => true,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_values_fold_and_drop_prefix_and_unspecified() {
        assert_eq!(enum_key("ExportStatus", "EXPORT_STATUS_UNSPECIFIED"), None);
        assert_eq!(
            enum_key("ExportStatus", "EXPORT_STATUS_PENDING").as_deref(),
            Some("pending")
        );
        assert_eq!(
            enum_key("ExportStatus", "PENDING").as_deref(),
            Some("pending")
        );
        assert_eq!(enum_key("Channel", "push").as_deref(), Some("push"));
    }

    #[test]
    fn compatible_pairs() {
        use Category::*;
        assert!(compatible(&Str, &Enum("X".into())));
        assert!(compatible(&AnyNumber, &Int) && compatible(&AnyNumber, &Num));
        assert!(!compatible(&Int, &Num));
        assert!(!compatible(&Str, &Bool));
        assert!(compatible(
            &Named("ExportJob".into()),
            &Named("exportjob".into())
        ));
        assert!(!compatible(&Named("A".into()), &Named("B".into())));
    }
}
