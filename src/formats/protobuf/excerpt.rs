//! Design docs quote protobuf: a `...` line for what is left out, `rpc Get(...) returns (...)`,
//! a bare field or `oneof` shown out of its message, a message left open after
//! `// ... new field`, `= N` for a number not chosen yet, several `package` lines as a list of
//! examples. This module completes such an excerpt into a file the parser reads, without
//! moving any line: every edit keeps the characters before it on its line where they were,
//! except text inserted at a line's start, which is recorded so places map back.

use std::borrow::Cow;

use super::{WELL_KNOWN, has_syntax};

/// The name put where an excerpt elides an rpc's request or response type; resolving it is
/// no business of the doc's.
pub const PLACEHOLDER_NAME: &str = "E__";

/// The service put around bare rpcs (`Fragment`, then `Fragment2`, … in one block).
pub const WRAPPER_SERVICE: &str = "Fragment";

/// Field numbers given to placeholders (`= N`, `= ?`), one each, counting up from here: in
/// range, and far from any number a real message uses.
const PLACEHOLDER_NUMBERS: u32 = 536_000_000;

/// A number the excerpt reader gave a placeholder: it promises no number.
pub fn is_placeholder_number(n: i32) -> bool {
    n >= PLACEHOLDER_NUMBERS as i32
}

/// Completes what design docs abbreviate. Returns the text and the characters inserted at
/// the start of each changed line.
pub fn complete(text: &str, proto3: bool) -> (String, Vec<(usize, usize)>) {
    let elided = elide(text);
    let lines: Vec<&str> = elided.split('\n').collect();
    let mut prefix: Vec<String> = vec![String::new(); lines.len()];
    let mut suffix: Vec<String> = vec![String::new(); lines.len()];
    if proto3 && !has_syntax(text) {
        prefix[0].push_str("syntax = \"proto3\"; ");
    }
    let depth = wrap_bare_statements(&lines, &mut prefix, &mut suffix);
    // A message left open after a line that says more follows: close it.
    let original: Vec<&str> = text.split('\n').collect();
    if depth > 0
        && let Some(last) = original.iter().rposition(|l| !l.trim().is_empty())
        && (is_elision_note(original[last]) || original.iter().any(|l| has_elision(l)))
    {
        suffix[last].push_str(&" }".repeat(depth as usize));
    }
    let mut appended = String::new();
    // One pass for the well-known types the text names; big files name several.
    let named: std::collections::BTreeSet<&str> = text
        .match_indices("google.protobuf.")
        .map(|(i, m)| {
            let rest = &text[i + m.len()..];
            let end = rest
                .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect();
    let used = |ty: &&str| named.iter().any(|n| n.starts_with(ty));
    for (_, file) in WELL_KNOWN.iter().filter(|(ty, _)| used(ty)) {
        let import = format!("\"google/protobuf/{file}\"");
        if !text.contains(&import) && !appended.contains(&import) {
            appended.push_str(&format!("\nimport {import};"));
        }
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut shifts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !prefix[i].is_empty() {
            shifts.push((i, prefix[i].chars().count()));
        }
        out.push_str(&prefix[i]);
        if suffix[i].is_empty() {
            out.push_str(line);
        } else {
            // Before a trailing `//` comment, which would swallow the brace.
            let (code, comment) = match comment_start(line) {
                Some(c) => line.split_at(c),
                None => (*line, ""),
            };
            out.push_str(code);
            out.push_str(&suffix[i]);
            if !comment.is_empty() {
                out.push(' ');
                out.push_str(comment);
            }
        }
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
    if !appended.is_empty() {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(appended.trim_start());
        out.push('\n');
    }
    (out, shifts)
}

/// A comment or line that only says something was left out: `...`, `…`, `// ... more`.
fn is_elision_note(line: &str) -> bool {
    let t = line.trim();
    let body = t.strip_prefix("//").unwrap_or(t).trim();
    body.starts_with("...") || body.starts_with('…') || t == "..." || t == "…"
}

/// Whether a line says something was left out.
fn has_elision(line: &str) -> bool {
    line.contains("...") || line.contains('…')
}

/// What the parser cannot read but an excerpt means, replaced in place: elision marks become
/// spaces (or a placeholder type inside an rpc's parentheses), placeholder field numbers a
/// number, and `package` lines after the first are blanked.
fn elide(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut packages = 0;
    let mut numbers = PLACEHOLDER_NUMBERS;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let (code, comment) = match comment_start(line) {
            Some(c) => line.split_at(c),
            None => (line, ""),
        };
        if code.trim_start().starts_with("package ") {
            packages += 1;
            if packages > 1 {
                out.push_str(&blank(code));
                out.push_str(comment);
                continue;
            }
        }
        let elided = has_elision(code);
        // `rpc ...`, `message …`: a whole statement left out.
        if elided {
            let rest = code.replace("...", " ").replace('…', " ");
            if rest.len() != code.len() && rest.split_whitespace().count() <= 1 {
                out.push_str(&blank(code));
                out.push_str(comment);
                continue;
            }
        }
        let code: Cow<str> = if elided {
            Cow::Owned(
                code.replace("(...)", &format!("({PLACEHOLDER_NAME})"))
                    .replace("(…)", "(E)"),
            )
        } else {
            Cow::Borrowed(code)
        };
        let numbered = placeholder_number(&code, &mut numbers);
        let keyed = placeholder_map_key(&numbered);
        let code = returns_left_out(&keyed);
        if elided {
            out.push_str(&code.replace("...", "   ").replace('…', " "));
        } else {
            out.push_str(&code);
        }
        out.push_str(comment);
    }
    out
}

/// `map<key_type, V>`: a map's key can only be a scalar, so a name there is a placeholder
/// and reads as `string`, padded to its width.
fn placeholder_map_key(code: &str) -> Cow<'_, str> {
    let Some(start) = code.contains('<').then(|| code.find("map<")).flatten() else {
        return Cow::Borrowed(code);
    };
    let key_start = start + 4;
    let Some(comma) = code[key_start..].find(',') else {
        return Cow::Borrowed(code);
    };
    let key = code[key_start..key_start + comma].trim();
    const KEYS: &[&str] = &[
        "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64", "sfixed32",
        "sfixed64", "bool", "string",
    ];
    if KEYS.contains(&key) || key.len() < "string".len() {
        return Cow::Borrowed(code);
    }
    let width = comma;
    Cow::Owned(format!(
        "{}{:<width$}{}",
        &code[..key_start],
        "string",
        &code[key_start + comma..]
    ))
}

/// `rpc Get(GetRequest) {` with its `returns` left out, as excerpts that show only an
/// rpc's options write it: the response reads as the placeholder type.
fn returns_left_out(code: &str) -> Cow<'_, str> {
    let t = code.trim_start();
    if !t.starts_with("rpc ") || t.contains("returns") {
        return Cow::Borrowed(code);
    }
    match code.find(')') {
        Some(close) if code[close + 1..].trim_start().starts_with(['{', ';']) => {
            Cow::Owned(format!(
                "{} returns ({PLACEHOLDER_NAME}){}",
                &code[..=close],
                &code[close + 1..]
            ))
        }
        _ => Cow::Borrowed(code),
    }
}

/// Where a `//` comment starts: a byte search, as this runs on every line of big files.
fn comment_start(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    (0..b.len().saturating_sub(1)).find(|&i| b[i] == b'/' && b[i + 1] == b'/')
}

fn blank(s: &str) -> String {
    s.chars().map(|_| ' ').collect()
}

/// `= N;`, `= ?;`, `= X;`, `= <number>;` after a field name: a number not chosen yet.
fn placeholder_number<'c>(code: &'c str, next: &mut u32) -> Cow<'c, str> {
    let Some(eq) = code.find('=') else {
        return Cow::Borrowed(code);
    };
    let after = &code[eq + 1..];
    let value = after.trim_start();
    let end = value.find([';', '[']).unwrap_or(value.len());
    let token = value[..end].trim();
    let is_placeholder = matches!(token, "N" | "?" | "X" | "n" | "..." | "…" | "#")
        || (token.starts_with('<') && token.ends_with('>'));
    let is_field = code[..eq].split_whitespace().count() >= 2 && !code.contains('"');
    if !is_placeholder || !is_field || end == value.len() {
        return Cow::Borrowed(code);
    }
    let start = eq + 1 + (after.len() - value.len());
    let number = next.to_string();
    *next += 1;
    Cow::Owned(format!(
        "{}{number}{}",
        &code[..start],
        &value[token.len()..]
    ))
}

/// Top-level `rpc` statements go into a `service Fragment { … }`, top-level fields, `oneof`s,
/// `map<…>` fields and `reserved` lines into a `message Fragment { … }`. Returns the depth of
/// braces left open at the end.
fn wrap_bare_statements(lines: &[&str], prefix: &mut [String], suffix: &mut [String]) -> i32 {
    #[derive(Clone, Copy, PartialEq)]
    enum Run {
        Rpcs,
        Members,
    }
    let mut depth = 0i32;
    let mut run: Option<(Run, usize)> = None;
    let (mut services, mut messages) = (0, 0);
    for (i, line) in lines.iter().enumerate() {
        let code = &line[..comment_start(line).unwrap_or(line.len())];
        let t = code.trim();
        if depth == 0 && !t.is_empty() {
            let word = t
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .next()
                .unwrap_or("");
            let kind = if word == "rpc" {
                Some(Run::Rpcs)
            } else if is_member(t, word) {
                Some(Run::Members)
            } else {
                None
            };
            let continues = word == "returns" && run.is_some_and(|(k, _)| k == Run::Rpcs);
            if !continues && kind != run.map(|(k, _)| k) {
                if let Some((_, end)) = run.take() {
                    suffix[end].push_str(" }");
                }
                if let Some(k) = kind {
                    let (n, what) = match k {
                        Run::Rpcs => {
                            services += 1;
                            (services, "service")
                        }
                        Run::Members => {
                            messages += 1;
                            (messages, "message")
                        }
                    };
                    let name = if n == 1 {
                        WRAPPER_SERVICE.to_string()
                    } else {
                        format!("{WRAPPER_SERVICE}{n}")
                    };
                    prefix[i].push_str(&format!("{what} {name} {{ "));
                    run = Some((k, i));
                }
            }
        }
        depth += t.matches('{').count() as i32 - t.matches('}').count() as i32;
        depth = depth.max(0);
        if let Some((_, end)) = run.as_mut()
            && !t.is_empty()
        {
            *end = i;
        }
    }
    if let Some((_, end)) = run {
        suffix[end].push_str(" }");
    }
    depth
}

/// A statement that belongs inside a message: a field, `oneof`, `map<…>` field, `reserved`
/// or `extensions` line.
fn is_member(t: &str, word: &str) -> bool {
    const TOP: &[&str] = &[
        "syntax", "edition", "package", "import", "option", "message", "enum", "service", "extend",
    ];
    if TOP.contains(&word) || word.is_empty() && !t.starts_with('.') {
        return false;
    }
    if matches!(word, "oneof" | "reserved" | "extensions" | "map") {
        return true;
    }
    // `[label] type name = number ...`
    let Some((decl, _)) = t.split_once('=') else {
        return false;
    };
    let words: Vec<&str> = decl.split_whitespace().collect();
    (2..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().all(|c| {
                c.is_alphanumeric() || c == '_' || c == '.' || c == '<' || c == '>' || c == ','
            })
        })
}

#[cfg(test)]
mod tests {
    use super::complete;

    #[test]
    fn completes_without_moving_lines() {
        let (t, shifts) = complete(
            "// Incorrect.\nrpc A(B) returns (C) {\n  option x = 1;\n}\n\nmessage B {}",
            true,
        );
        assert_eq!(
            t,
            "syntax = \"proto3\"; // Incorrect.\nservice Fragment { rpc A(B) returns (C) {\n  option x = 1;\n} }\n\nmessage B {}"
        );
        assert_eq!(shifts, vec![(0, 19), (1, 19)]);
        let (t, shifts) = complete(
            "syntax = \"proto2\";\nmessage A { optional int32 a = 1; }",
            true,
        );
        assert_eq!(
            t,
            "syntax = \"proto2\";\nmessage A { optional int32 a = 1; }"
        );
        assert!(shifts.is_empty());
    }

    #[test]
    fn excerpts_complete_in_place() {
        let (t, _) = complete(
            "syntax = \"proto3\";\nmessage A {\n  ...\n  string a = 1;\n}",
            true,
        );
        assert_eq!(
            t,
            "syntax = \"proto3\";\nmessage A {\n     \n  string a = 1;\n}"
        );
        let (t, _) = complete(
            "syntax = \"proto3\";\nstring a = 1;\noneof b {\n  int32 c = 2;\n}",
            true,
        );
        assert_eq!(
            t,
            "syntax = \"proto3\";\nmessage Fragment { string a = 1;\noneof b {\n  int32 c = 2;\n} }"
        );
        let (t, _) = complete("syntax = \"proto3\";\nrpc A(...) returns (...);", true);
        assert_eq!(
            t,
            "syntax = \"proto3\";\nservice Fragment { rpc A(E__) returns (E__); }"
        );
        let (t, _) = complete(
            "syntax = \"proto3\";\nmessage A {\n  string a = N;\n  // ... more\n",
            true,
        );
        assert_eq!(
            t,
            "syntax = \"proto3\";\nmessage A {\n  string a = 536000000;\n  // ... more\n"
                .replace("  // ... more\n", "   } // ... more\n")
        );
        let (t, _) = complete("rpc A(B)\n    returns (C);", true);
        assert_eq!(
            t,
            "syntax = \"proto3\"; service Fragment { rpc A(B)\n    returns (C); }"
        );
    }
}
