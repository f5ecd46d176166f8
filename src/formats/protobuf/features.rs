//! Options as written, and the features they resolve to. The parser leaves every option
//! uninterpreted; the few a breaking change can touch are read here by name. Features
//! (field presence, open or closed enums, UTF-8 checks, JSON support) are what proto2, proto3
//! and editions all come down to, so files of different syntax compare on them.

use std::collections::BTreeMap;

use prost_types::UninterpretedOption;

/// Options by dotted name as written (`go_package`, `features.field_presence`,
/// `(pb.cpp).string_type`), each with its value as text.
pub type Options = BTreeMap<String, String>;

pub fn read(options: &[UninterpretedOption]) -> Options {
    options
        .iter()
        .filter(|o| known(o))
        .map(|o| (name(o), value(o)))
        .collect()
}

/// Options of protobuf's own: custom ones (`(google.api.field_behavior)`) are for the tools
/// that define them, and no breaking change reads them. Most options of real files are
/// custom, so they are not kept.
pub fn known(o: &UninterpretedOption) -> bool {
    !o.name.first().is_some_and(|p| p.is_extension)
}

pub fn name(o: &UninterpretedOption) -> String {
    o.name
        .iter()
        .map(|p| {
            if p.is_extension {
                format!("({})", p.name_part.trim_start_matches('.'))
            } else {
                p.name_part.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn value(o: &UninterpretedOption) -> String {
    if let Some(v) = &o.identifier_value {
        v.clone()
    } else if let Some(v) = o.positive_int_value {
        v.to_string()
    } else if let Some(v) = o.negative_int_value {
        v.to_string()
    } else if let Some(v) = o.double_value {
        v.to_string()
    } else if let Some(v) = &o.string_value {
        String::from_utf8_lossy(v).into_owned()
    } else {
        o.aggregate_value.clone().unwrap_or_default()
    }
}

/// The language a file is written in: its syntax, or its edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Proto2,
    Proto3,
    Edition2023,
    Edition2024,
}

impl Syntax {
    pub fn of(syntax: &str, edition: Option<&str>) -> Syntax {
        match (syntax, edition) {
            (_, Some("2024")) => Syntax::Edition2024,
            (_, Some(_)) => Syntax::Edition2023,
            ("proto3", None) => Syntax::Proto3,
            _ => Syntax::Proto2,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Syntax::Proto2 => "proto2",
            Syntax::Proto3 => "proto3",
            Syntax::Edition2023 => "edition 2023",
            Syntax::Edition2024 => "edition 2024",
        }
    }

    pub fn is_edition(self) -> bool {
        matches!(self, Syntax::Edition2023 | Syntax::Edition2024)
    }
}

/// The features of one element, after defaults and inheritance, as the names the
/// `features` options use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Features {
    pub field_presence: Value,
    pub enum_type: Value,
    pub utf8_validation: Value,
    pub json_format: Value,
    pub cpp_string_type: Value,
    pub java_utf8_validation: Value,
}

/// A feature's value. Every element carries all of them, so the names protobuf defines are
/// shared rather than allocated each time.
pub type Value = std::borrow::Cow<'static, str>;

const KNOWN: &[&str] = &[
    "EXPLICIT",
    "IMPLICIT",
    "LEGACY_REQUIRED",
    "OPEN",
    "CLOSED",
    "VERIFY",
    "NONE",
    "ALLOW",
    "LEGACY_BEST_EFFORT",
    "STRING",
    "CORD",
    "STRING_PIECE",
    "VIEW",
    "DEFAULT",
];

pub fn shared(s: &str) -> Value {
    match KNOWN.iter().find(|k| **k == s) {
        Some(k) => Value::Borrowed(k),
        None => Value::Owned(s.to_string()),
    }
}

/// Feature names as the `features` option spells them, and where each is read from.
/// A feature's slot in [`Features`].
type Slot = fn(&mut Features) -> &mut Value;

const FEATURES: &[(&str, Slot)] = &[
    ("features.field_presence", |f| &mut f.field_presence),
    ("features.enum_type", |f| &mut f.enum_type),
    ("features.utf8_validation", |f| &mut f.utf8_validation),
    ("features.json_format", |f| &mut f.json_format),
    ("features.(pb.cpp).string_type", |f| &mut f.cpp_string_type),
    ("features.(pb.java).utf8_validation", |f| {
        &mut f.java_utf8_validation
    }),
];

impl Features {
    /// What a file of `syntax` starts from; for proto2 and proto3, the options that stand for
    /// features (`java_string_check_utf8`) are applied by [`Features::file`].
    pub fn defaults(syntax: Syntax) -> Features {
        let (presence, enums, utf8, json) = match syntax {
            Syntax::Proto2 => ("EXPLICIT", "CLOSED", "NONE", "LEGACY_BEST_EFFORT"),
            Syntax::Proto3 => ("IMPLICIT", "OPEN", "VERIFY", "ALLOW"),
            Syntax::Edition2023 | Syntax::Edition2024 => ("EXPLICIT", "OPEN", "VERIFY", "ALLOW"),
        };
        let cpp = if syntax == Syntax::Edition2024 {
            "VIEW"
        } else {
            "STRING"
        };
        Features {
            field_presence: presence.into(),
            enum_type: enums.into(),
            utf8_validation: utf8.into(),
            json_format: json.into(),
            cpp_string_type: cpp.into(),
            java_utf8_validation: "DEFAULT".into(),
        }
    }

    /// A file's features: its syntax's defaults, then its own options.
    pub fn file(syntax: Syntax, options: &Options) -> Features {
        let mut f = Features::defaults(syntax);
        if options.get("java_string_check_utf8").map(String::as_str) == Some("true") {
            f.java_utf8_validation = "VERIFY".into();
        }
        f.inherit(options)
    }

    /// An element's features: its parent's, overridden by what its own options set.
    pub fn inherit(&self, options: &Options) -> Features {
        let mut f = self.clone();
        for (name, slot) in FEATURES {
            if let Some(v) = options.get(*name) {
                *slot(&mut f) = shared(v);
            }
        }
        f
    }

    /// A field's features: as [`Features::inherit`], with `ctype` standing for the C++ string
    /// type where the field sets it. Java checks UTF-8 where the field's own check says so,
    /// unless its Java feature (or `java_string_check_utf8`) asks for the check anyway.
    pub fn field(&self, options: &Options) -> Features {
        let mut f = self.inherit(options);
        if f.java_utf8_validation == "DEFAULT" {
            f.java_utf8_validation = f.utf8_validation.clone();
        }
        if let Some(ctype) = options.get("ctype") {
            f.cpp_string_type = shared(ctype);
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editions_inherit_from_file_to_field() {
        let file: Options = [("features.field_presence".into(), "IMPLICIT".into())].into();
        let f = Features::file(Syntax::Edition2023, &file);
        assert_eq!(f.field_presence, "IMPLICIT");
        let field: Options = [("features.field_presence".into(), "EXPLICIT".into())].into();
        assert_eq!(f.field(&field).field_presence, "EXPLICIT");
        assert_eq!(f.enum_type, "OPEN");
    }

    #[test]
    fn proto2_is_closed_and_unchecked() {
        let f = Features::file(Syntax::Proto2, &Options::new());
        assert_eq!((&*f.enum_type, &*f.utf8_validation), ("CLOSED", "NONE"));
        let ctype: Options = [("ctype".into(), "CORD".into())].into();
        assert_eq!(f.field(&ctype).cpp_string_type, "CORD");
    }
}
