//! A bracket-depth probe run before parsers that recurse on nesting.

/// The byte offset where `(`, `[` or `{` first nest deeper than `max`, outside strings and
/// line comments (which start with one of `comments`).
pub fn too_deep(text: &str, max: usize, comments: &[&str]) -> Option<usize> {
    probe(text, max, comments, false)
}

/// As [`too_deep`], with `<` … `>` (TypeScript's type arguments) counted too; `=>` closes
/// nothing.
pub fn too_deep_with_angles(text: &str, max: usize, comments: &[&str]) -> Option<usize> {
    probe(text, max, comments, true)
}

fn probe(text: &str, max: usize, comments: &[&str], angles: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut angle = 0usize;
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
            .any(|c| c.as_bytes().first() == Some(&b) && bytes[i..].starts_with(c.as_bytes()))
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
                // A type argument list follows a name (`Map<`); a comparison has spaces
                // round it (`a < b`), and no type argument list runs past a `;`.
                b'<' if angles
                    && i > 0
                    && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') =>
                {
                    angle += 1;
                    if depth + angle > max {
                        return Some(i);
                    }
                }
                b';' => angle = 0,
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                b'>' if angles && (i == 0 || bytes[i - 1] != b'=') => {
                    angle = angle.saturating_sub(1)
                }
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
        assert_eq!(super::too_deep_with_angles("A<B<C<D>>>", 2, &[]), Some(5));
        assert_eq!(
            super::too_deep_with_angles("if (a < b && c < d && e < f) {}", 2, &[]),
            None
        );
        assert_eq!(super::too_deep_with_angles("x<1; y<2; z<3;", 1, &[]), None);
        assert_eq!(super::too_deep("# {{{\n{}", 2, &["#"]), None);
    }
}
