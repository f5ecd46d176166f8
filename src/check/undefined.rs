//! Names a contract uses that nothing it can see defines.
//!
//! A spec file claims to be whole, so such a name is an error there. A design doc quotes: it
//! shows the messages a proposal changes and names the ones around them, refers to an SDK's
//! types, a sibling page's, another package's. A name that misses by a letter, by case or by a
//! `_` a name the doc does define (or a built-in type) is still a typo and an error; any other
//! is taken to live outside the doc, and each block says so once, as info, listing them.

use crate::finding::{Finding, Loc};
use crate::model::{Reference, Surface};

use super::names::fold;

/// How one kind reports what it cannot resolve.
pub struct Policy {
    /// The error for a name that cannot be right (a near miss, or any name in a spec file).
    pub unresolved: &'static str,
    /// The per-block note listing names taken as defined elsewhere.
    pub elsewhere: &'static str,
    /// What the kind calls the things it resolves ("type", "name").
    pub noun: &'static str,
    /// Names from other languages that people write for one of this kind's built-ins.
    pub foreign: &'static [(&'static str, &'static str)],
}

/// One block's references that `defined` does not know, judged against the kind's built-ins,
/// the doc's contract types and the block's own: a slip is judged against what the doc
/// promises and what the block itself shows, not against another example's names.
pub fn check_block(
    policy: &Policy,
    is_doc: bool,
    builtins: &[&str],
    contract: &[&str],
    surface: &Surface,
    defined: impl Fn(&str) -> bool,
    out: &mut Vec<Finding>,
) {
    let unresolved: Vec<Reference> = surface
        .refs
        .iter()
        .filter(|r| !builtins.contains(&r.name.as_str()) && !defined(&r.name))
        .cloned()
        .collect();
    let known: Vec<&str> = builtins
        .iter()
        .chain(contract)
        .copied()
        .chain(surface.types.iter().map(|t| t.name.as_str()))
        .collect();
    report(policy, is_doc, &known, &unresolved, out);
}

/// The spelling a doc uses most for a name it writes in several (`Stream` three times,
/// `stream` twice): the others are slips of it. Ties name no winner.
pub fn dominant_spellings<'a>(uses: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut counts: std::collections::BTreeMap<String, std::collections::BTreeMap<&str, usize>> =
        std::collections::BTreeMap::new();
    for name in uses {
        *counts
            .entry(fold(name))
            .or_default()
            .entry(name)
            .or_default() += 1;
    }
    counts
        .values()
        .filter(|spellings| spellings.len() > 1)
        .filter_map(|spellings| {
            let max = spellings.values().max()?;
            let mut top = spellings.iter().filter(|(_, n)| *n == max);
            let first = top.next()?;
            top.next().is_none().then(|| first.0.to_string())
        })
        .collect()
}

/// One block's unresolved uses, in order.
pub fn report(
    policy: &Policy,
    is_doc: bool,
    known: &[&str],
    unresolved: &[Reference],
    out: &mut Vec<Finding>,
) {
    let mut elsewhere: Vec<&Reference> = Vec::new();
    for r in unresolved {
        let near = near_miss(&r.name, known, policy.foreign);
        if near.is_none() && is_doc {
            if !elsewhere.iter().any(|e| e.name == r.name) {
                elsewhere.push(r);
            }
            continue;
        }
        let hint = near
            .map(|n| format!("; did you mean `{n}`?"))
            .unwrap_or_default();
        out.push(
            Finding::new(
                policy.unresolved,
                &r.loc,
                format!(
                    "{} `{}` is defined nowhere this contract can see{hint}",
                    policy.noun, r.name
                ),
            )
            .subject(r.name.clone()),
        );
    }
    if let Some(first) = elsewhere.first() {
        let names: Vec<String> = elsewhere.iter().map(|r| format!("`{}`", r.name)).collect();
        let subject: Vec<&str> = elsewhere.iter().map(|r| r.name.as_str()).collect();
        out.push(
            Finding::new(
                policy.elsewhere,
                &loc(first),
                format!(
                    "{} used here but defined nowhere in this doc, taken as defined elsewhere and not checked: {}",
                    plural(policy.noun, names.len()),
                    names.join(", ")
                ),
            )
            .subject(subject.join(",")),
        );
    }
}

fn loc(r: &Reference) -> Loc {
    r.loc.clone()
}

fn plural(noun: &str, n: usize) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The defined name that `name` most likely meant to spell, if it is one slip away: the same
/// after folding case and `_`/`-`, or one edit apart on names of five letters or more.
pub fn near_miss(
    name: &str,
    known: &[&str],
    foreign: &[(&'static str, &'static str)],
) -> Option<String> {
    if let Some((_, meant)) = foreign.iter().find(|(f, _)| *f == name) {
        return Some(meant.to_string());
    }
    // Typographic quotes, from a word processor, where code needs straight ones.
    if name.contains(['“', '”', '‘', '’']) {
        return Some(name.replace(['“', '”'], "\"").replace(['‘', '’'], "'"));
    }
    let last = name.rsplit('.').next().unwrap_or(name);
    let folded = fold(last);
    let mut best: Option<&str> = None;
    for k in known {
        let k_last = k.rsplit('.').next().unwrap_or(k);
        if k_last == last {
            continue;
        }
        let kf = fold(k_last);
        let close = kf == folded
            || (folded.chars().count() >= 5 && kf.chars().count() >= 5 && slip(&folded, &kf));
        if close && best.is_none_or(|b| k < &b) {
            best = Some(k);
        }
    }
    best.map(str::to_string)
}

/// One letter typed wrong, left out or doubled inside the name. Differences in a digit
/// (`Type1`, `Type2`) or at either end (`IDocument`, `Books`) are naming, not slips.
fn slip(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let at = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if at == 0 || at + 1 >= long.len() || long[at].is_ascii_digit() {
        return false;
    }
    if short.len() == long.len() {
        !short[at].is_ascii_digit() && short[at + 1..] == long[at + 1..]
    } else {
        short[at..] == long[at + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_are_near_misses_other_names_are_not() {
        let known = ["int64", "string", "CreateBookRequest", "Book"];
        assert_eq!(near_miss("int_64", &known, &[]).as_deref(), Some("int64"));
        assert_eq!(near_miss("String", &known, &[]).as_deref(), Some("string"));
        assert_eq!(
            near_miss("CreateBookRequst", &known, &[]).as_deref(),
            Some("CreateBookRequest")
        );
        assert_eq!(near_miss("UpdateBookRequest", &known, &[]), None);
        // Short names are too close to each other to call one edit a slip.
        assert_eq!(near_miss("Boot", &known, &[]), None);
        assert_eq!(
            near_miss("bool", &[], &[("bool", "boolean")]).as_deref(),
            Some("boolean")
        );
        assert_eq!(near_miss("Type2", &["Type1"], &[]), None);
        assert_eq!(near_miss("“auto”", &[], &[]).as_deref(), Some("\"auto\""));
        assert_eq!(
            dominant_spellings(["Stream", "stream", "Stream", "Other"].into_iter()),
            vec!["Stream".to_string()]
        );
        assert_eq!(near_miss("IDocument", &["Document"], &[]), None);
        assert!(!slip("abcdef", "abcdefgh"));
        assert!(slip("abcdef", "abdef"));
    }
}
