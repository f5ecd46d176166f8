//! Design docs quote GraphQL: `type T { ... }` for a body left out, a `...` line among fields,
//! `extend schema @link(…)` at the top of a federated subgraph. The parser reads none of these;
//! this module blanks them in place, so every other character stays where it was.

use super::{OPERATION_WORDS, TYPE_WORDS};

/// The type given to a field an excerpt shows without one, and the type that holds field
/// definitions an excerpt shows on their own; neither is the doc's.
pub const ELIDED_TYPE: &str = "__Elided";
pub const EXCERPT_TYPE: &str = "__Excerpt";

/// The text with elisions and schema extensions replaced by spaces (newlines kept).
pub fn elide(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut schema_extension = false;
    let mut in_fields = false;
    let mut in_operation = false;
    let mut unnamed = 0;
    let mut depth = 0i32;
    for line in text.split_inclusive('\n') {
        let (code, comment) = match line.find('#') {
            Some(i) if !line[..i].contains('"') => line.split_at(i),
            _ => (line, ""),
        };
        let t = code.trim();
        let depth_before = depth;
        if depth == 0 && !t.is_empty() {
            let words: Vec<&str> = t.split_whitespace().take(2).collect();
            let word = if words.first() == Some(&"extend") {
                words.get(1).copied().unwrap_or("")
            } else {
                words.first().copied().unwrap_or("")
            };
            if TYPE_WORDS.contains(&word) || OPERATION_WORDS.contains(&word) || t.starts_with('{') {
                in_fields = matches!(word, "type" | "interface" | "input");
                in_operation = OPERATION_WORDS.contains(&word) || t.starts_with('{');
            }
        }
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
        let elided: std::borrow::Cow<str> = if in_operation && t == "..." {
            // A selection left out: a field of the same width keeps the selection set.
            code.replace("...", "_e_").into()
        } else if t == "..." || t == "…" || t == "...," {
            blank(code).into()
        } else if in_fields && depth_before == 1 {
            complete_field(code, &mut unnamed).into()
        } else if !code.contains(['.', '…']) {
            // Most lines of a whole schema: nothing left out, nothing to copy.
            code.into()
        } else {
            // `on ...`: the locations left out.
            code.replace(" on ...", " on FIELD")
                .replace("{ ... }", "       ")
                .replace("{...}", "     ")
                .replace("{ … }", "     ")
                .into()
        };
        out.push_str(&elided);
        out.push_str(comment);
    }
    blank_empty_bodies(&out)
}

/// A block cut off inside a definition at a comment (`# repeated 5 more times...`): the
/// rest is left out, so the open braces are closed after its last line.
pub fn close_cut_off(text: &str) -> Option<String> {
    let last = text.lines().map(str::trim).rfind(|l| !l.is_empty())?;
    if !last.contains('#') {
        return None;
    }
    let code: String = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .collect();
    let open = code.matches('{').count() as i32 - code.matches('}').count() as i32;
    (open > 0).then(|| blank_empty_bodies(&format!("{text}\n{}", "}".repeat(open as usize))))
}

/// A field line of a type body with a part left out: `name(args)` without its type gets
/// the placeholder type, `[Type]` without its name a placeholder name.
fn complete_field(code: &str, unnamed: &mut usize) -> String {
    let t = code.trim_end();
    let trailing = &code[t.len()..];
    let body = t.trim_start();
    if body.is_empty() || body.starts_with('"') || body.starts_with('#') || body.starts_with('}') {
        return code.to_string();
    }
    let name_end = body
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    let rest = body[name_end..].trim_start();
    // Nothing after the name but its arguments, whose `(` closes at the line's end.
    let args_closed = rest.is_empty() || (rest.starts_with('(') && closes_at_end(rest));
    if name_end > 0 && args_closed {
        return format!("{t}: {ELIDED_TYPE}{trailing}");
    }
    if body.starts_with('[') && !body.contains(':') {
        *unnamed += 1;
        let indent = &t[..t.len() - body.len()];
        return format!("{indent}_{unnamed}: {body}{trailing}");
    }
    code.to_string()
}

/// Whether the `(` that opens `s` is closed by its last character.
fn closes_at_end(s: &str) -> bool {
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1 == s.len();
                }
            }
            _ => {}
        }
    }
    false
}

/// A block of field definitions with no type around them (`__schema: __Schema!`), put
/// inside one; `None` when the block does not start with a field definition.
pub fn wrap_fields(text: &str) -> Option<String> {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('"'))?;
    let word = first
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()?;
    let field_like = !word.is_empty()
        && !TYPE_WORDS.contains(&word)
        && !OPERATION_WORDS.contains(&word)
        && first.contains(':');
    field_like.then(|| format!("type {EXCERPT_TYPE} {{ {text}\n}}"))
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
    let mut depth = 0i32;
    let mut json = false;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        // Variables or a response shown after the document: JSON, to the end of the block.
        let next = lines[i + 1..]
            .iter()
            .map(|l| l.trim())
            .find(|l| !l.is_empty());
        json |= depth == 0 && t.starts_with('{') && next.is_some_and(is_value_member);
        if json {
            out.push_str(&blank(line));
            continue;
        }
        let code = line.split('#').next().unwrap_or("");
        depth += code.matches(['{', '(']).count() as i32 - code.matches(['}', ')']).count() as i32;
        depth = depth.max(0);
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

/// `"key": value` or `key: "value"`: a member of a JSON (or GraphQL input) value, not a
/// field of a selection, whose alias is followed by a name.
fn is_value_member(line: &str) -> bool {
    if line.starts_with('"') {
        return true;
    }
    let Some((key, value)) = line.split_once(':') else {
        return false;
    };
    let value = value.trim_start();
    key.trim().chars().all(|c| c.is_alphanumeric() || c == '_')
        && value.starts_with(|c: char| {
            c == '"' || c == '[' || c == '{' || c == '-' || c.is_ascii_digit()
        })
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
        assert_eq!(
            elide("type T {\n  publish(id: ID!)\n  [Product]\n}\n"),
            "type T {\n  publish(id: ID!): __Elided\n  _1: [Product]\n}\n"
        );
        let typed = "type Q {\n  c(id: ID!): C @tag(name: \"x\")\n}\n";
        assert_eq!(elide(typed), typed);
        // Enum values and selections are bare names, and stay so.
        assert_eq!(elide("enum E {\n  A\n}\n"), "enum E {\n  A\n}\n");
        assert_eq!(elide("query {\n  a\n}\n"), "query {\n  a\n}\n");
        assert!(is_directive_usage("# On a field\n@is(field: \"id\")\n"));
    }
}
