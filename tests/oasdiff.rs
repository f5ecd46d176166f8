//! One pair per ERR and WARN check of oasdiff's list, and per INFO check where we say more
//! (`testdata/oasdiff/<check>/`, written by `scripts/oasdiff-fixtures.py`): the diff yields
//! exactly the findings its `expect` names, each at the lines `# <-` marks on either side, and
//! they agree with `rules/parity/oasdiff.md`.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{bin, root};

/// A finding as the pairs pin it: rule, level, and the line of each side it has.
type Pinned = (String, String, Option<u64>, Option<u64>);

/// The line marked `# <-tag` (`# <-` for the findings that name no tag).
fn marked_line(text: &str, tag: &str) -> Option<u64> {
    let mark = format!("# <-{tag}");
    let mut at = text.lines().enumerate().filter(|(_, l)| l.ends_with(&mark));
    let line = at.next().map(|(i, _)| i as u64 + 1);
    assert!(at.next().is_none(), "two `{mark}` marks in one side");
    line
}

/// `expect` holds `rule level [tag]` per finding, or `none`.
fn expected(dir: &Path) -> Vec<Pinned> {
    let (old, new) = (
        fs::read_to_string(dir.join("old.yaml")).unwrap(),
        fs::read_to_string(dir.join("new.yaml")).unwrap(),
    );
    let expect = fs::read_to_string(dir.join("expect")).unwrap();
    let mut out: Vec<Pinned> = expect
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#') && *l != "none")
        .map(|l| {
            let words: Vec<&str> = l.split(' ').collect();
            let [rule, level, tag @ ..] = &words[..] else {
                panic!("{}: `{l}` is not `rule level [tag]`", dir.display());
            };
            let tag = tag.first().copied().unwrap_or("");
            (
                rule.to_string(),
                level.to_string(),
                marked_line(&old, tag),
                marked_line(&new, tag),
            )
        })
        .collect();
    out.sort();
    out
}

fn found(dir: &Path) -> Vec<Pinned> {
    let out = bin()
        .current_dir(dir)
        .args(["diff", "old.yaml", "new.yaml", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found: Vec<Pinned> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_string();
            let line = |side: &str| f[side]["line"].as_u64();
            (s("rule"), s("severity"), line("old"), line("new"))
        })
        .collect();
    found.sort();
    found
}

/// The parity table's rows: check → (our rule, our level), `-` where it names none.
fn table() -> BTreeMap<String, (String, String)> {
    let text = fs::read_to_string(root().join("rules/parity/oasdiff.md")).unwrap();
    text.lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(|c| c.trim().trim_matches('`')).collect();
            let level = cells[4].split(';').next().unwrap().to_string();
            (cells[1].to_string(), (cells[3].to_string(), level))
        })
        .collect()
}

#[test]
fn each_check_s_pair_yields_its_findings_at_the_marked_lines() {
    let base = root().join("testdata/oasdiff");
    let mut checks: Vec<String> = fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    checks.sort();
    let mut wrong = Vec::new();
    for check in &checks {
        let dir = base.join(check);
        let (want, got) = (expected(&dir), found(&dir));
        if want != got {
            wrong.push(format!("{check}: expected {want:?}, found {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_check_of_the_table_has_a_pair_that_gives_the_table_s_rule_and_level() {
    let base = root().join("testdata/oasdiff");
    let mut wrong = Vec::new();
    let rows = table();
    assert!(rows.len() >= 243, "only {} rows", rows.len());
    for (check, (rule, level)) in &rows {
        let dir = base.join(check);
        if !dir.is_dir() {
            wrong.push(format!("{check}: no pair"));
            continue;
        }
        let want = expected(&dir);
        if rule != "-" && !want.iter().any(|(r, l, ..)| r == rule && l == level) {
            wrong.push(format!(
                "{check}: the table says {rule} {level}, the pair {want:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
