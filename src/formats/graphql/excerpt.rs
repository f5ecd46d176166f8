//! Design docs quote GraphQL: `type T { ... }` for a body left out, a `...` line among fields,
//! `extend schema @link(…)` at the top of a federated subgraph. The parser reads none of these;
//! this module blanks them in place, so every other character stays where it was.

use super::{OPERATION_WORDS, TYPE_WORDS};

/// The text with elisions and schema extensions replaced by spaces (newlines kept).
pub fn elide(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut schema_extension = false;
    let mut depth = 0i32;
    for line in text.split_inclusive('\n') {
        let (code, comment) = match line.find('#') {
            Some(i) if !line[..i].contains('"') => line.split_at(i),
            _ => (line, ""),
        };
        let t = code.trim();
        if depth == 0 && t.starts_with("extend schema") {
            schema_extension = true;
        } else if depth == 0 && schema_extension && starts_definition(t) {
            schema_extension = false;
        }
        depth += t.matches(['{', '(']).count() as i32 - t.matches(['}', ')']).count() as i32;
        depth = depth.max(0);
        if schema_extension {
            out.push_str(&blank(code));
            out.push_str(comment);
            continue;
        }
        let elided = if t == "..." || t == "…" || t == "...," {
            blank(code)
        } else {
            code.replace("{ ... }", "       ")
                .replace("{...}", "     ")
                .replace("{ … }", "     ")
        };
        out.push_str(&elided);
        out.push_str(comment);
    }
    blank_empty_bodies(&out)
}

/// `{ }` holding only blanks and comments (`type Payment {\n  # ...\n}`): the body is left
/// out, so the braces go too.
fn blank_empty_bodies(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'{' {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < bytes.len() {
            match bytes[j] {
                b' ' | b'\t' | b'\r' | b'\n' => j += 1,
                b'#' => {
                    while j < bytes.len() && bytes[j] != b'\n' {
                        j += 1;
                    }
                }
                _ => break,
            }
        }
        if j < bytes.len() && bytes[j] == b'}' {
            for b in &mut bytes[i..=j] {
                if *b != b'\n' && *b != b'\r' {
                    *b = b' ';
                }
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
    // Only ASCII bytes were replaced, and only by ASCII: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

/// Nothing left to read: the block only held what was left out.
pub fn is_empty(text: &str) -> bool {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .all(str::is_empty)
}

/// Descriptions that open a line (`"..."`, `"""..."""`), annotations after `<--` or `<==`,
/// and `//` comments, blanked in place.
pub fn relax(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_block_string = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let quotes = line.matches("\"\"\"").count();
        if in_block_string || t.starts_with('"') {
            if t.starts_with("\"\"\"") || in_block_string {
                in_block_string ^= quotes % 2 == 1;
            }
            out.push_str(&blank(line));
            continue;
        }
        let cut = ["<--", "<==", "//"]
            .iter()
            .filter_map(|m| line.find(m))
            .filter(|&i| !line[..i].contains('"'))
            .min();
        match cut {
            Some(i) => {
                out.push_str(&line[..i]);
                out.push_str(&blank(&line[i..]));
            }
            None => out.push_str(line),
        }
    }
    out
}

/// The first word of a type system definition, or a description that opens one.
fn starts_definition(t: &str) -> bool {
    let word = t.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    TYPE_WORDS.contains(&word)
        || OPERATION_WORDS.contains(&word)
        || t.starts_with('"')
        || t.starts_with('{')
}

/// A block that only applies a directive (`@key(fields: "id")`), shown to explain it.
pub fn is_directive_usage(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.starts_with('@'))
}

fn blank(s: &str) -> String {
    s.chars()
        .map(|c| if c == '\n' || c == '\r' { c } else { ' ' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elisions_and_schema_extensions_blank_in_place() {
        assert_eq!(elide("type T { ... }\n"), "type T        \n");
        assert_eq!(
            elide("type T {\n  a: Int\n  ...\n}\n"),
            "type T {\n  a: Int\n     \n}\n"
        );
        assert_eq!(
            elide("extend schema\n  @link(url: \"x\")\n\ntype A { a: Int }\n"),
            "             \n                 \n\ntype A { a: Int }\n"
        );
        // A fragment spread is no elision.
        assert_eq!(elide("{ a { ...F } }\n"), "{ a { ...F } }\n");
        assert_eq!(elide("type P {\n  # ...\n}\n"), "type P  \n       \n \n");
        assert_eq!(
            relax("\"\"\"\nDoc\n\"\"\"\nquery Q { a }  <--- new\n"),
            "   \n   \n   \nquery Q { a }          \n"
        );
        assert!(is_directive_usage("# On a field\n@is(field: \"id\")\n"));
    }
}
