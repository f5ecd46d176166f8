//! What a revision announced of an element's life: deprecated (a later removal is expected),
//! its `x-sunset` date and its `x-stability-level`, and a new revision taking them back.

use crate::formats::openapi::scalar_text;
use crate::formats::yaml::Node;

use super::super::change::{Change, Report};
use super::{Op, truthy};

/// A removal weighed by what the old revision announced: deprecated, it was expected and
/// is a warning (`deprecated`, which `soften-deprecated = false` ignores), unless its
/// `x-sunset` date is still ahead or its `x-stability-level` is `stable`.
pub(super) fn weigh(c: Change, old: &Node) -> Change {
    if !truthy(old.get("deprecated")) {
        return c;
    }
    if let Some(day) = sunset_day(old)
        && day > crate::config::today()
    {
        return c.fact("before-sunset").slot("sunset", day);
    }
    if old.get("x-stability-level").and_then(Node::as_str) == Some("stable") {
        return c.fact("stable");
    }
    c.fact("deprecated")
}

/// The day of an `x-sunset` that gives one (`2027-01-31`, or a date-time starting with it:
/// ISO dates order as text). Any other value promises nothing.
fn sunset_day(n: &Node) -> Option<String> {
    let text = scalar_text(n.get("x-sunset")?);
    let day = text.get(..10)?;
    let b = day.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10))
        .then(|| day.to_string())
}

pub(super) fn deprecated(op: &Op, out: &mut Report) {
    if !truthy(op.o.op.get("deprecated")) && truthy(op.n.op.get("deprecated")) {
        out.add(op.change("operation-deprecated"));
    }
}

pub(super) fn promises_kept(op: &Op, out: &mut Report) {
    for c in promises(op.o.op, op.n.op) {
        out.add(
            Change::new(c.0, Some(&op.o.loc), Some(&op.n.loc), op.key)
                .slot("what", format!("operation {}", op.written))
                .slot("old", c.1)
                .slot("new", c.2),
        );
    }
}

/// The stability levels of `x-stability-level`, least stable first.
const STABILITY: &[&str] = &["draft", "alpha", "beta", "stable"];

/// What a deprecated element's old revision promised and the new one takes back: its
/// `x-sunset` date dropped or brought forward, its `x-stability-level` lowered. Each is
/// (change, old value, new value).
pub(super) fn promises(old: &Node, new: &Node) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    if truthy(old.get("deprecated"))
        && let Some(a) = sunset_day(old)
    {
        match sunset_day(new) {
            None => out.push(("sunset-changed", a, "none".to_string())),
            Some(b) if b < a => out.push(("sunset-changed", a, b)),
            _ => {}
        }
    }
    let level = |n: &Node| {
        n.get("x-stability-level")
            .and_then(Node::as_str)
            .and_then(|l| STABILITY.iter().position(|s| *s == l))
    };
    if let (Some(a), Some(b)) = (level(old), level(new))
        && b < a
    {
        out.push((
            "stability-decreased",
            STABILITY[a].into(),
            STABILITY[b].into(),
        ));
    }
    out
}
