//! One pair per check of oasdiff's list that a small schema change shows
//! (`testdata/oasdiff/<check>/`), with the rule and level we give it
//! (`testdata/oasdiff/expected.tsv`; `rules/parity/oasdiff.md` says why where they differ).

mod common;

use std::fs;
use std::path::Path;

use common::bin;

#[test]
fn each_check_s_pair_yields_its_rule_at_its_level_at_the_property() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/oasdiff");
    let expected = fs::read_to_string(root.join("expected.tsv")).unwrap();
    let mut checked = 0;
    for line in expected.lines().filter(|l| !l.starts_with('#')) {
        let [check, rule, level] = line.split('\t').collect::<Vec<_>>()[..] else {
            panic!("bad line {line}");
        };
        let dir = root.join(check);
        let out = bin()
            .current_dir(&dir)
            .args(["diff", "old.yaml", "new.yaml", "--format", "json"])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let new = fs::read_to_string(dir.join("new.yaml")).unwrap();
        let at = new
            .lines()
            .position(|l| l.trim_start().starts_with("p:"))
            .unwrap()
            + 1;
        let found: Vec<(String, String, u64)> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let s = |k: &str| f[k].as_str().unwrap().to_string();
                (s("rule"), s("severity"), f["line"].as_u64().unwrap())
            })
            .collect();
        assert_eq!(
            found,
            [(rule.to_string(), level.to_string(), at as u64)],
            "{check}"
        );
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} pairs");
}
