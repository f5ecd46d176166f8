//! Properties over docs made of our fixtures' blocks in random order and grouping: a doc
//! diffed with itself changes nothing, and a report does not depend on the thread count.

mod common;

use std::fs;

use proptest::prelude::*;

use common::{analyze_text, bin, root};

/// Every fenced block of the docs we ship, with its fence lines.
fn pool() -> Vec<String> {
    let mut blocks = Vec::new();
    for dir in ["testdata/docs", "testdata/rules", "testdata/precision"] {
        let mut stack = vec![root().join(dir)];
        while let Some(d) = stack.pop() {
            let mut entries: Vec<_> = fs::read_dir(&d)
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .collect();
            entries.sort();
            for p in entries {
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "md") {
                    blocks.extend(fenced(&fs::read_to_string(&p).unwrap()));
                }
            }
        }
    }
    assert!(blocks.len() > 100, "{}", blocks.len());
    blocks
}

fn fenced(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Option<String> = None;
    for line in text.lines() {
        match open.as_mut() {
            None if line.starts_with("```") && line.len() > 3 => open = Some(format!("{line}\n")),
            Some(b) if line.starts_with("```") => {
                b.push_str("```\n");
                out.push(std::mem::take(b));
                open = None;
            }
            Some(b) => {
                b.push_str(line);
                b.push('\n');
            }
            None => {}
        }
    }
    out
}

/// A doc of the chosen blocks; blocks that share a section number share a heading, so
/// fragments merge and alternatives split as they would in a real doc.
fn doc(pool: &[String], picks: &[(usize, u8)]) -> String {
    let mut text = String::from("# Generated\n\n");
    let mut last = None;
    for &(i, section) in picks {
        if last != Some(section) {
            text.push_str(&format!("## Section {section}\n\n"));
            last = Some(section);
        }
        text.push_str(&pool[i % pool.len()]);
        text.push('\n');
    }
    text
}

fn picks() -> impl Strategy<Value = Vec<(usize, u8)>> {
    prop::collection::vec((any::<usize>(), 0u8..4), 1..8)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_doc_diffed_with_itself_changes_nothing(picks in picks()) {
        let pool = pool();
        let a = analyze_text("gen.md", &doc(&pool, &picks));
        let opts = contracts::diff::Options::default();
        let same = contracts::diff::diff(std::slice::from_ref(&a), std::slice::from_ref(&a), &opts);
        prop_assert!(same.is_empty(), "{same:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn a_report_is_the_same_on_one_thread_and_on_four(docs in prop::collection::vec(picks(), 2..6)) {
        let pool = pool();
        let dir = tempfile::tempdir().unwrap();
        for (n, picks) in docs.iter().enumerate() {
            fs::write(dir.path().join(format!("d{n}.md")), doc(&pool, picks)).unwrap();
        }
        let run = |threads: &str| {
            bin()
                .current_dir(dir.path())
                .env("RAYON_NUM_THREADS", threads)
                .args(["check", ".", "--format", "json"])
                .output()
                .unwrap()
        };
        let (one, four) = (run("1"), run("4"));
        prop_assert_eq!(one.status.code(), four.status.code());
        prop_assert_eq!(String::from_utf8_lossy(&one.stdout), String::from_utf8_lossy(&four.stdout));
    }
}
