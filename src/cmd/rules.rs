//! `contracts rules [ID]`: the rule registry, all of it or one rule's documentation.

use crate::rules;

pub fn run(id: Option<&str>) -> u8 {
    match id {
        None => {
            let width = rules::all().iter().map(|r| r.id.len()).max().unwrap_or(0);
            for r in rules::all() {
                crate::output::print(&format!(
                    "{:<width$}  {:<7}  {}\n",
                    r.id,
                    r.severity.as_str(),
                    r.summary
                ));
            }
            0
        }
        Some(id) => match rules::find(id) {
            Some(r) => {
                crate::output::print(&format!(
                    "{} ({})\n\n{}\n\n{}\n",
                    r.id,
                    r.severity.as_str(),
                    r.summary,
                    r.doc
                ));
                0
            }
            None => {
                eprintln!("contracts rules: no rule `{id}`; `contracts rules` lists them");
                2
            }
        },
    }
}
