//! Blocks a doc itself presents as something other than its contract: a wrong example it
//! labels as such ("Bad example:", "// Incorrect.", "This won't compile"), pseudocode, and a
//! change shown as a diff (`+` and `-` lines).

use crate::markdown::Block;
use crate::source::Source;

/// What the prose says a block is wrong, or no code at all. Matched in the last line of prose
/// before the block and in the block's own first comment.
const WRONG: &[&str] = &[
    "bad example",
    "incorrect",
    "not valid",
    "invalid example",
    "won't compile",
    "will not compile",
    "does not compile",
    "don't do this",
    "do not do this",
    "pseudocode",
    "pseudo-code",
    "anti-pattern",
];

/// The doc labels the block a wrong example, or pseudocode.
pub fn labelled_wrong(source: &Source, block: &Block) -> bool {
    let before = (1..block.fence_line)
        .rev()
        .map(|l| source.line_text(l).trim())
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let first_comment = block
        .content
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .filter(|l| l.starts_with("//") || l.starts_with('#'))
        .unwrap_or("");
    [before, first_comment].iter().any(|text| {
        let text = text.to_lowercase();
        WRONG.iter().any(|w| text.contains(w))
    })
}

/// A block written as a diff: every line starts with `+`, `-` or a space, and some with a
/// sign. Its new side, in place: `+` becomes a space and `-` lines become blank, so the
/// block reads as the changed contract and every line stays where it was.
pub fn new_side_of_diff(content: &str) -> Option<String> {
    let lines: Vec<&str> = content.lines().filter(|l| !l.trim().is_empty()).collect();
    let signed = lines
        .iter()
        .filter(|l| l.starts_with("+ ") || l.starts_with("- ") || *l == &"+" || *l == &"-")
        .count();
    let shaped = lines
        .iter()
        .all(|l| l.starts_with('+') || l.starts_with('-') || l.starts_with(' '));
    // A YAML list is all `-`: a diff adds something.
    let adds = lines.iter().any(|l| l.starts_with('+'));
    if signed == 0
        || !adds
        || !shaped
        || lines
            .iter()
            .any(|l| l.starts_with("---") || l.starts_with("+++"))
    {
        return None;
    }
    let mut out = String::with_capacity(content.len());
    for line in content.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix('+') {
            out.push(' ');
            out.push_str(rest);
        } else if line.starts_with('-') {
            out.extend(
                line.chars()
                    .map(|c| if c == '\n' || c == '\r' { c } else { ' ' }),
            );
        } else {
            out.push_str(line);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_reads_as_its_new_side() {
        assert_eq!(
            new_side_of_diff(" a {\n-  b: 1\n+  c: 2\n }\n").as_deref(),
            Some(" a {\n       \n   c: 2\n }\n")
        );
        assert_eq!(new_side_of_diff("a {\n  b: 1\n}\n"), None);
        // A YAML list is no diff.
        assert_eq!(new_side_of_diff("- a\n- b\n"), None);
    }
}
