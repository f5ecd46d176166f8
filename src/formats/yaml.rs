//! YAML/JSON into a tree that keeps the position of every key and value.
//!
//! OpenAPI fragments have to be merged, validated and diffed with findings at the doc's own
//! lines, so the tree cannot forget where each node came from.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A place in the parsed text: 0-based (line, column in characters) as parsed; after
/// [`Node::map_pos`] the owner's coordinates (doc lines), with `src` naming which of its
/// files when one tree is merged from several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub src: u16,
    pub line: u32,
    pub col: u32,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn key_pos(&self, key: &str) -> Option<Pos> {
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.name == key)
                .map(|(k, _)| k.pos),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[(Key, Node)] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }

    /// Same data, wherever it was written.
    pub fn same_as(&self, other: &Node) -> bool {
        match (&self.value, &other.value) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Int(a), Value::Float(b)) | (Value::Float(b), Value::Int(a)) => *a as f64 == *b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Seq(a), Value::Seq(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_as(y))
            }
            (Value::Map(a), Value::Map(b)) => {
                a.len() == b.len()
                    && a.iter().all(|(k, v)| {
                        b.iter()
                            .find(|(k2, _)| k2.name == k.name)
                            .is_some_and(|(_, v2)| v.same_as(v2))
                    })
            }
            _ => false,
        }
    }

    /// Moves every position by a fixed offset (a block that starts inside a bigger text).
    pub fn map_pos(&mut self, f: &impl Fn(Pos) -> Pos) {
        self.pos = f(self.pos);
        match &mut self.value {
            Value::Seq(items) => items.iter_mut().for_each(|n| n.map_pos(f)),
            Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
                k.pos = f(k.pos);
                v.map_pos(f);
            }),
            _ => {}
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.name.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// A YAML syntax or structure error at a 0-based position of the parsed text.
#[derive(Debug, Clone)]
pub struct Error {
    pub message: String,
    pub pos: Pos,
}

/// Parses YAML (and therefore JSON) with limits that stop alias bombs and runaway nesting.
pub fn parse(text: &str) -> Result<Node, Error> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_nodes: 50_000_000,
            max_events: 100_000_000,
        },
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
        with_snippet: false,
    };
    match serde_saphyr::from_str_with_options::<Option<Spanned<Value>>>(text, options) {
        Ok(Some(sp)) => Ok(Node {
            pos: pos_of(&sp),
            value: sp.value,
        }),
        Ok(None) => Ok(Node {
            pos: Pos::default(),
            value: Value::Null,
        }),
        Err(e) => {
            let pos = e
                .location()
                .filter(|l| l.line() > 0)
                .map(|l| Pos {
                    src: 0,
                    line: l.line() as u32 - 1,
                    col: (l.column() as u32).saturating_sub(1),
                })
                .unwrap_or_default();
            Err(Error {
                message: plain_message(&e.to_string()),
                pos,
            })
        }
    }
}

/// Deeper than any real spec nests; deep enough that hostile input stops well short of the stack.
pub const MAX_DEPTH: usize = 256;

fn plain_message(rendered: &str) -> String {
    let first = rendered.lines().next().unwrap_or(rendered).trim();
    if first.starts_with("multiple YAML documents detected") {
        return "the block holds more than one YAML document (`---`); a contract block holds one"
            .into();
    }
    let cut = first.find(" at line ").unwrap_or(first.len());
    first[..cut].trim_end_matches(':').to_string()
}

fn pos_of<T>(sp: &Spanned<T>) -> Pos {
    Pos {
        src: 0,
        line: (sp.referenced.line() as u32).saturating_sub(1),
        col: (sp.referenced.column() as u32).saturating_sub(1),
    }
}

/// Nesting recurses through serde; the stack grows on demand so depth is bounded by
/// `MAX_DEPTH`, not by the calling thread's stack size.
fn grow<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(128 * 1024, 4 * 1024 * 1024, f)
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(sp) = grow(|| seq.next_element::<Spanned<Value>>())? {
            items.push(Node {
                pos: pos_of(&sp),
                value: sp.value,
            });
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries: Vec<(Key, Node)> = Vec::new();
        while let Some(key) = grow(|| map.next_key::<Spanned<Value>>())? {
            let name = match &key.value {
                Value::Str(s) => s.clone(),
                Value::Int(i) => i.to_string(),
                Value::Float(f) => f.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Null => "null".to_string(),
                Value::Seq(_) | Value::Map(_) => {
                    return Err(de::Error::custom("a mapping key must be a scalar"));
                }
            };
            let value = grow(|| map.next_value::<Spanned<Value>>())?;
            entries.push((
                Key {
                    name,
                    pos: pos_of(&key),
                },
                Node {
                    pos: pos_of(&value),
                    value: value.value,
                },
            ));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let n = parse("a: 1\nb:\n  c: [x, 2]\n").unwrap();
        assert_eq!(
            n.key_pos("b"),
            Some(Pos {
                src: 0,
                line: 1,
                col: 0
            })
        );
        let c = n.get("b").unwrap().get("c").unwrap();
        assert_eq!(
            c.pos,
            Pos {
                src: 0,
                line: 2,
                col: 5
            }
        );
        assert_eq!(
            c.items()[1].pos,
            Pos {
                src: 0,
                line: 2,
                col: 9
            }
        );
        assert!(matches!(c.items()[1].value, Value::Int(2)));
    }

    #[test]
    fn status_code_keys_become_strings() {
        let n = parse("'200': {}\n404: {}\n").unwrap();
        let names: Vec<_> = n.entries().iter().map(|(k, _)| k.name.as_str()).collect();
        assert_eq!(names, ["200", "404"]);
    }

    #[test]
    fn syntax_error_is_located() {
        let e = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(e.pos.line >= 1, "{e:?}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut y = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            y.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(parse(&y).is_err());
    }

    #[test]
    fn hostile_nesting_is_refused_not_overflowed() {
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).is_err());
        let deep_block: String = (0..5000)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        assert!(parse(&deep_block).is_err());
    }
}
