//! A bracket-depth probe run before parsers that recurse on nesting.

/// The byte offset where `(`, `[` or `{` first nest deeper than `max`, outside strings and
/// line comments (which start with one of `comments`).
pub fn too_deep(text: &str, max: usize, comments: &[&str]) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == b'\\' {
                i += 1;
            } else if b == q || b == b'\n' {
                quote = None;
            }
        } else if comments
            .iter()
            .any(|c| bytes[i..].starts_with(c.as_bytes()))
        {
            i += bytes[i..]
                .iter()
                .position(|&b| b == b'\n')
                .unwrap_or(bytes.len() - i);
            continue;
        } else {
            match b {
                b'"' | b'\'' | b'`' => quote = Some(b),
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    if depth > max {
                        return Some(i);
                    }
                }
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_the_first_too_deep_bracket() {
        assert_eq!(super::too_deep("{{{}}}", 2, &[]), Some(2));
        assert_eq!(super::too_deep("{\"{{{\"}", 2, &[]), None);
        assert_eq!(super::too_deep("# {{{\n{}", 2, &["#"]), None);
    }
}
