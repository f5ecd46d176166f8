//! Options and features of messages, fields and enums: defaults, generated types, UTF-8
//! checks, required fields, open and closed enums, JSON support, oneofs and extension ranges.

use crate::formats::protobuf::features::Value;
use prost_types::field_descriptor_proto::{Label, Type};

use super::{Change, Enum, Field, Fields, Messages, Report, Sides, cardinality, field_change};

/// The field rules of this module, run with the others for each paired field.
pub(super) fn field_default_changed(_: &Sides, m: &Messages, f: &Fields, out: &mut Report) {
    let Some((of, nf)) = f.both() else { return };
    let (a, b) = (default_of(of), default_of(nf));
    let zero = |v: &Option<String>| {
        v.as_deref()
            .is_some_and(|v| v.is_empty() || v == "false" || v.parse::<f64>() == Ok(0.0))
    };
    // A list, a map or a message has no default; two zeros are the same default.
    let valued = |f: &Field| f.d.label() != Label::Repeated && f.map.is_none();
    if !valued(of) || !valued(nf) || (zero(&a) && zero(&b)) {
        return;
    }
    let same = match (a.as_deref(), b.as_deref()) {
        (Some(x), Some(y)) => {
            x == y
                || x.parse::<f64>()
                    .ok()
                    .zip(y.parse::<f64>().ok())
                    .is_some_and(|(p, q)| p == q)
        }
        (None, None) => true,
        // An enum's unset default is its first value, which the field does not know.
        _ => of.d.type_name.is_some() || nf.d.type_name.is_some(),
    };
    if !same {
        let show = |v: Option<String>| v.map_or("none".to_string(), |v| format!("`{v}`"));
        out.add(
            super::field_change(m, f, "field-default-changed", of)
                .slot("old", show(a))
                .slot("new", show(b)),
        );
    }
}

/// The value an unset field reads as: its `default`, else its type's zero.
fn default_of(f: &Field) -> Option<String> {
    if let Some(v) = &f.d.default_value {
        return Some(v.clone());
    }
    match f.d.r#type.map(|_| f.d.r#type())? {
        Type::Bool => Some("false".into()),
        Type::String | Type::Bytes => Some(String::new()),
        Type::Message | Type::Group | Type::Enum => None,
        _ => Some("0".into()),
    }
}

pub(super) fn field_feature_changed(_: &Sides, m: &Messages, f: &Fields, out: &mut Report) {
    let Some((of, nf)) = f.both() else { return };
    let ty = of.d.r#type.map(|_| of.d.r#type());
    let string = ty == Some(Type::String) && nf.d.r#type() == Type::String;
    let bytes = matches!(ty, Some(Type::String | Type::Bytes))
        && matches!(nf.d.r#type(), Type::String | Type::Bytes);
    let (a, b) = (&of.el.features, &nf.el.features);
    let jstype = |x: &Field| {
        x.el.options
            .get("jstype")
            .map_or_else(|| "JS_NORMAL".into(), |v| Value::Owned(v.clone()))
    };
    let compared = [
        (
            bytes,
            "C++ string type",
            a.cpp_string_type.clone(),
            b.cpp_string_type.clone(),
        ),
        (
            wide(of) && wide(nf),
            "JavaScript type",
            jstype(of),
            jstype(nf),
        ),
        (
            string,
            "UTF-8 validation",
            a.utf8_validation.clone(),
            b.utf8_validation.clone(),
        ),
        (
            string,
            "Java UTF-8 validation",
            a.java_utf8_validation.clone(),
            b.java_utf8_validation.clone(),
        ),
    ];
    let mut compared: Vec<(bool, String, Value, Value)> = compared
        .into_iter()
        .map(|(applies, feature, old, new)| (applies, feature.to_string(), old, new))
        .collect();
    for (i, part) in ["its keys", "its values"].into_iter().enumerate() {
        if map_part_is_string(of, i) && map_part_is_string(nf, i) {
            for (feature, old, new) in [
                ("UTF-8 validation", &a.utf8_validation, &b.utf8_validation),
                (
                    "Java UTF-8 validation",
                    &a.java_utf8_validation,
                    &b.java_utf8_validation,
                ),
            ] {
                compared.push((
                    true,
                    format!("{feature} of {part}"),
                    old.clone(),
                    new.clone(),
                ));
            }
        }
    }
    for (applies, feature, old, new) in compared {
        // C++ reads a `STRING_PIECE` field as a string with a flag: back to `STRING`, its
        // generated API is the one it had, as buf holds too.
        let back = old == "STRING_PIECE" && new == "STRING";
        if applies && old != new && !back {
            out.add(
                field_change(m, f, "field-feature-changed", of)
                    .slot("feature", feature)
                    .slot("old", old)
                    .slot("new", new),
            );
        }
    }
}

/// Whether a map field's key (0) or value (1) is a string: those are fields of its entry,
/// which buf compares one by one.
fn map_part_is_string(x: &Field, i: usize) -> bool {
    let part = x.el.map.as_deref().and_then(|m| {
        let inner = m.strip_prefix("map<")?.strip_suffix('>')?;
        inner.split(", ").nth(i)
    });
    part == Some("string")
}

/// 64-bit integers, the only fields `jstype` applies to.
fn wide(f: &Field) -> bool {
    f.d.r#type.is_some()
        && matches!(
            f.d.r#type(),
            Type::Int64 | Type::Sint64 | Type::Uint64 | Type::Fixed64 | Type::Sfixed64
        )
}

/// A field that is required on one side only, or added or deleted while required.
pub(super) fn required_fields_changed(cx: &Sides, m: &Messages, f: &Fields, out: &mut Report) {
    let is_enum = |t: &str| cx.is_enum(t);
    let required = |x: &Field| cardinality(x, &is_enum) == "required";
    let (fact, field) = match (f.old, f.new) {
        (Some(of), None) if required(of) => ("deleted", of),
        (None, Some(nf)) if required(nf) => ("added", nf),
        (Some(of), Some(nf)) if required(of) != required(nf) => {
            (if required(nf) { "now" } else { "no-longer" }, of)
        }
        _ => return,
    };
    out.add(field_change(m, f, "required-fields-changed", field).fact(fact));
}

/// Oneofs, extension ranges and message options.
pub(super) fn message(m: &Messages, out: &mut Report) {
    let Some((om, nm)) = m.both() else { return };
    for (name, loc) in &om.m.oneofs {
        if !nm.m.oneofs.iter().any(|(n, _)| n == name) {
            let full = format!("{}.{name}", m.key);
            out.add(
                Change::new("oneof-deleted", Some(loc), Some(&nm.loc), &full).slot("name", &full),
            );
        }
    }
    for &(start, end) in &om.m.extension_ranges {
        if !nm
            .m
            .extension_ranges
            .iter()
            .any(|&(s, e)| s <= start && e >= end)
        {
            out.add(
                Change::new(
                    "extension-range-deleted",
                    Some(&om.loc),
                    Some(&nm.loc),
                    m.key,
                )
                .slot("name", m.key)
                .slot("what", format!("{}..{}", start, end - 1)),
            );
        }
    }
    let flag = |o: &super::Message, name: &str| o.m.options.get(name).is_some_and(|v| v == "true");
    for (option, fact) in [
        ("no_standard_descriptor_accessor", None),
        ("message_set_wire_format", Some("message-set")),
    ] {
        let (a, b) = (flag(om, option), flag(nm, option));
        // Getting the accessor back is safe.
        if a == b || (fact.is_none() && a) {
            continue;
        }
        let old_at = om.m.option_locs.get(option).unwrap_or(&om.loc);
        let new_at = nm.m.option_locs.get(option).unwrap_or(&nm.loc);
        let change = Change::new("message-option-changed", Some(old_at), Some(new_at), m.key)
            .slot("name", m.key)
            .slot("option", option)
            .slot("old", a.to_string())
            .slot("new", b.to_string());
        out.add(match fact {
            Some(x) => change.fact(x),
            None => change,
        });
    }
    json_format(
        "message",
        m.key,
        (&om.m.features.json_format, &nm.m.features.json_format),
        (&om.loc, &nm.loc),
        out,
    );
}

pub(super) fn enumeration(name: &str, oe: &Enum, ne: &Enum, out: &mut Report) {
    let (a, b) = (&oe.e.features, &ne.e.features);
    if a.enum_type != b.enum_type {
        out.add(
            Change::new("enum-type-changed", Some(&oe.loc), Some(&ne.loc), name)
                .slot("name", name)
                .slot("old", a.enum_type.to_ascii_lowercase())
                .slot("new", b.enum_type.to_ascii_lowercase()),
        );
    }
    json_format(
        "enum",
        name,
        (&a.json_format, &b.json_format),
        (&oe.loc, &ne.loc),
        out,
    );
}

/// Only losing full JSON support breaks: a best-effort reader already reads what a full one
/// writes.
fn json_format(
    kind: &str,
    name: &str,
    (old, new): (&str, &str),
    (old_at, new_at): (&crate::finding::Loc, &crate::finding::Loc),
    out: &mut Report,
) {
    if old == "ALLOW" && new != "ALLOW" {
        out.add(
            Change::new("json-format-changed", Some(old_at), Some(new_at), name)
                .slot("kind", kind)
                .slot("name", name)
                .slot("old", old)
                .slot("new", new),
        );
    }
}
