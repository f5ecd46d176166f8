//! Editions files, lowered to proto2 text the parser reads. protox 0.10 knows only `syntax`
//! (its editions issue is open); an editions file differs from proto2 in little that the
//! parser checks: its `edition` line, fields written without a label, bare reserved names and
//! the 2024 visibility keywords. Those are rewritten here; `features` options stay as written
//! and are resolved per element by [`super::features`], so nothing the file says is lost.

/// An editions file as proto2, and where characters were inserted to get there.
pub struct Lowered {
    pub text: String,
    pub edition: String,
    /// (line, column in `text`, characters inserted there).
    pub shifts: Vec<(usize, usize, usize)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Scope {
    File,
    Message,
    Enum,
    Oneof,
    Extend,
    /// Service bodies, rpc option blocks, aggregate option values.
    Other,
}

#[derive(Debug)]
enum Tok<'a> {
    Word(&'a str),
    Str,
    Other(char),
}

struct Token<'a> {
    tok: Tok<'a>,
    start: usize,
    end: usize,
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if text[i..].starts_with("//") {
            i = text[i..].find('\n').map_or(b.len(), |n| i + n);
        } else if text[i..].starts_with("/*") {
            i = text[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
        } else if c == b'"' || c == b'\'' {
            let start = i;
            i += 1;
            while i < b.len() && b[i] != c && b[i] != b'\n' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(b.len());
            out.push(Token {
                tok: Tok::Str,
                start,
                end: i,
            });
        } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'.') {
                i += 1;
            }
            out.push(Token {
                tok: Tok::Word(&text[start..i]),
                start,
                end: i,
            });
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            out.push(Token {
                tok: Tok::Other(ch),
                start: i,
                end: i + ch.len_utf8(),
            });
            i += ch.len_utf8();
        }
    }
    out
}

/// Words that start a statement in a message body other than a field.
const NOT_FIELDS: &[&str] = &[
    "message",
    "enum",
    "oneof",
    "option",
    "reserved",
    "extensions",
    "extend",
    "map",
    "repeated",
    "optional",
    "required",
    "group",
];

/// `None` when `text` has no `edition` statement.
pub fn lower(text: &str) -> Option<Lowered> {
    // Most files are proto2 or proto3: not worth a token list.
    if !text.contains("edition") {
        return None;
    }
    let toks = tokens(text);
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut edition = None;
    let mut scopes = vec![Scope::File];
    let mut start = true;
    let mut first: Option<&str> = None;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let scope = *scopes.last().unwrap_or(&Scope::File);
        match t.tok {
            Tok::Word("edition") if start && scope == Scope::File && edition.is_none() => {
                let semi = toks[i..]
                    .iter()
                    .position(|x| matches!(x.tok, Tok::Other(';')));
                let value = toks[i..].iter().find(|x| matches!(x.tok, Tok::Str));
                let (Some(semi), Some(value)) = (semi, value) else {
                    return None;
                };
                let end = toks[i + semi].end;
                edition = Some(text[value.start + 1..value.end - 1].to_string());
                let mut with = String::from("syntax = \"proto2\";");
                if with.len() > end - t.start {
                    with = "syntax=\"proto2\";".into();
                }
                while with.len() < end - t.start {
                    with.push(' ');
                }
                edits.push((t.start, end, with));
                i += semi + 1;
                start = true;
                continue;
            }
            Tok::Word(w @ ("export" | "local"))
                if start
                    && matches!(
                        toks.get(i + 1).map(|x| &x.tok),
                        Some(Tok::Word("message" | "enum"))
                    ) =>
            {
                edits.push((t.start, t.end, " ".repeat(w.len())));
                i += 1;
                continue;
            }
            Tok::Word(w) if start => {
                first = Some(w);
                start = false;
                if matches!(scope, Scope::Message | Scope::Extend) && !NOT_FIELDS.contains(&w) {
                    edits.push((t.start, t.start, "optional ".into()));
                }
                if w == "reserved" {
                    quote_reserved(&toks[i + 1..], &mut edits);
                }
            }
            Tok::Other('{') => {
                scopes.push(match first {
                    _ if scope == Scope::Other => Scope::Other,
                    Some("message") => Scope::Message,
                    Some("enum") => Scope::Enum,
                    Some("oneof") => Scope::Oneof,
                    Some("extend") => Scope::Extend,
                    _ => Scope::Other,
                });
                start = true;
                first = None;
            }
            Tok::Other('}') => {
                if scopes.len() > 1 {
                    scopes.pop();
                }
                start = true;
                first = None;
            }
            Tok::Other(';') => {
                start = true;
                first = None;
            }
            _ => start = false,
        }
        i += 1;
    }
    let edition = edition?;
    Some(apply(text, edits, edition))
}

/// `reserved foo, bar;` names fields as identifiers in editions; proto2 wants strings.
fn quote_reserved(rest: &[Token], edits: &mut Vec<(usize, usize, String)>) {
    for t in rest {
        match t.tok {
            Tok::Word(w) if w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') => {
                edits.push((t.start, t.start, "\"".into()));
                edits.push((t.end, t.end, "\"".into()));
            }
            Tok::Other(';') => break,
            _ => {}
        }
    }
}

fn apply(text: &str, mut edits: Vec<(usize, usize, String)>, edition: String) -> Lowered {
    edits.sort_by_key(|e| (e.0, e.1));
    let mut out = String::with_capacity(text.len() + edits.len() * 9);
    let mut shifts = Vec::new();
    let mut at = 0;
    for (s, e, with) in edits {
        if s < at {
            continue;
        }
        out.push_str(&text[at..s]);
        let grown = with
            .chars()
            .count()
            .saturating_sub(text[s..e].chars().count());
        if grown > 0 {
            let line = out.matches('\n').count();
            let col = out[out.rfind('\n').map_or(0, |n| n + 1)..].chars().count();
            shifts.push((line, col, grown));
        }
        out.push_str(&with);
        at = e;
    }
    out.push_str(&text[at..]);
    Lowered {
        text: out,
        edition,
        shifts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_get_a_label_and_the_edition_line_becomes_syntax() {
        let src = "edition = \"2023\";\npackage a;\nmessage M {\n  string id = 1 [features.field_presence = IMPLICIT];\n  repeated int32 xs = 2;\n  oneof k { int32 b = 3; }\n  map<string, int32> m = 4;\n  message N { int32 c = 1; }\n  reserved foo;\n}\n";
        let l = lower(src).unwrap();
        assert_eq!(l.edition, "2023");
        // No wider than the edition line, so nothing after it on its line moves.
        assert!(l.text.starts_with("syntax=\"proto2\"; \npackage a;\n"));
        assert!(l.text.contains("  optional string id = 1"));
        assert!(l.text.contains("  repeated int32 xs"));
        assert!(l.text.contains("oneof k { int32 b = 3; }"));
        assert!(l.text.contains("  map<string, int32> m"));
        assert!(l.text.contains("message N { optional int32 c = 1; }"));
        assert!(l.text.contains("reserved \"foo\";"));
        assert_eq!(l.shifts[0], (3, 2, 9));
        assert!(lower("syntax = \"proto3\";\nmessage M { int32 a = 1; }\n").is_none());
    }
}
