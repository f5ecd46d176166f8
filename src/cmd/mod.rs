//! Subcommands: each reads its inputs, runs the pipeline, renders, and returns the exit code.

pub mod extract;
pub mod list;

use crate::inputs::Unreadable;

/// Reports unreadable inputs on stderr; true when there were any (exit 2).
pub fn report_unreadable(bad: &[Unreadable]) -> bool {
    for u in bad {
        eprintln!("contracts: cannot read {}: {}", u.path, u.reason);
    }
    !bad.is_empty()
}
