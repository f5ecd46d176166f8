//! Blocks a doc itself presents as something other than its contract: a wrong example it
//! labels as such ("Bad example:", "// Incorrect.", "This won't compile"), pseudocode, and a
//! change shown as a diff (`+` and `-` lines).

use crate::markdown::Block;
use crate::source::Source;

/// What the prose says a block is wrong, or no code at all. Matched in the end of the
/// paragraph just before the block and in the block's own first comment.
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

/// What the prose says a block is only part of something.
const PARTIAL: &[&str] = &[
    "partial document",
    "partial openapi",
    "partial spec",
    "partial schema",
    "partial example",
    "excerpt",
    "abbreviated",
    "truncated",
];

/// The doc labels the block a wrong example, or pseudocode.
pub fn labelled_wrong(source: &Source, block: &Block) -> bool {
    labelled(source, block, WRONG)
}

/// The doc labels the block an excerpt ("the following partial document"): a contract that
/// is not held to being whole.
pub fn labelled_partial(source: &Source, block: &Block) -> bool {
    labelled(source, block, PARTIAL)
}

fn labelled(source: &Source, block: &Block, words: &[&str]) -> bool {
    // The two lines of prose just before the fence (a label such as "**Bad Example**" may
    // stand a paragraph above a line that introduces the block): a label sits next to what
    // it labels, and what comes earlier talks about something else.
    let mut before: Vec<&str> = (1..block.fence_line)
        .rev()
        .map(|l| source.line_text(l).trim())
        .filter(|l| !l.is_empty())
        .take_while(|l| !l.starts_with("```") && !l.starts_with("~~~"))
        .take(2)
        .collect();
    before.reverse();
    let before = before.join(" ");
    let before = before.as_str();
    let first_comment = block
        .content
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .filter(|l| l.starts_with("//") || l.starts_with('#'))
        .unwrap_or("");
    [before, first_comment].iter().any(|text| {
        let text = text.to_lowercase();
        words.iter().any(|w| text.contains(w))
    })
}

/// A block written as a diff: some lines start with `+ ` (no contract language starts a
/// line so). Its new side, in place: `+` becomes a space and `- ` lines become blank, so the
/// block reads as the changed contract and every line stays where it was. Not for YAML and
/// JSON, whose lists start lines with `-`.
pub fn new_side_of_diff(content: &str) -> Option<String> {
    let adds = content
        .lines()
        .any(|l| l.starts_with("+ ") || l.starts_with("+\t") || l == "+");
    if !adds || content.lines().any(|l| l.starts_with("+++")) {
        return None;
    }
    let mut out = String::with_capacity(content.len());
    for line in content.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix('+') {
            out.push(' ');
            out.push_str(rest);
        } else if line.starts_with("- ") || line.trim_end() == "-" {
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
            new_side_of_diff("a {\n- b: 1\n+ c: 2\n}\n").as_deref(),
            Some("a {\n      \n  c: 2\n}\n")
        );
        assert_eq!(new_side_of_diff("a {\n  b: 1\n}\n"), None);
        // A list is no diff.
        assert_eq!(new_side_of_diff("- a\n- b\n"), None);
    }
}
