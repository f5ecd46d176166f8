//! Identities CI can rely on: a finding's fingerprint hashes its rule, its repository path and its
//! structured subject, never its message or its line, so rewording a message or moving an
//! unrelated line keeps it; findings with equal keys get an occurrence counter, so every
//! fingerprint of a run is unique (GitLab drops duplicates).

use std::collections::BTreeMap;

use crate::finding::Finding;

/// One fingerprint per finding, in the findings' order (which is sorted, so counters are
/// stable for the same input).
pub fn fingerprints(findings: &[Finding]) -> Vec<String> {
    let mut seen: BTreeMap<u64, u32> = BTreeMap::new();
    findings
        .iter()
        .map(|f| {
            // The path from the repository root, so the directory contracts ran in and the
            // revision a file was read at change nothing.
            let path = super::paths::repo_path(&f.file).path;
            let key = hash(&[f.rule, path.as_str(), f.subject.as_str()]);
            let n = seen.entry(key).or_insert(0);
            *n += 1;
            let h = if *n == 1 {
                key
            } else {
                hash(&[&format!("{key:016x}"), &n.to_string()])
            };
            format!("{h:016x}")
        })
        .collect()
}

/// FNV-1a over the parts, each closed by a zero byte.
fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Loc;

    fn finding(subject: &str, line: u32, message: &str) -> Finding {
        let at = Loc {
            file: "docs/a.md".into(),
            line,
            column: 1,
        };
        Finding::new("graphql.unknown-type", &at, message).subject(subject)
    }

    #[test]
    fn unique_and_blind_to_lines_and_wording() {
        let a = fingerprints(&[finding("Strng", 3, "one wording"), finding("Strng", 9, "x")]);
        assert_ne!(a[0], a[1]);
        let b = fingerprints(&[finding("Strng", 40, "another wording")]);
        assert_eq!(a[0], b[0]);
    }
}
