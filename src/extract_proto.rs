//! How a doc's protobuf blocks become files that protoc accepts. Blocks of one package join
//! one file, except where a block defines again a name the file already has (a doc's
//! "before / after", or bare rpcs each wrapped in a service): such a block starts the
//! package's next file. A file that uses a name another file of the doc defines imports it.

use std::collections::{BTreeMap, BTreeSet};

use crate::analyze::Analysis;
use crate::check::protobuf_names;

/// The blocks of one default target, split into files of no clashing name:
/// (path, blocks) in doc order. A block joins the file it does not clash with that defines
/// most of the names it uses, else the first it does not clash with: a block that builds on
/// the "after" definitions belongs beside them, not beside the "before" ones.
pub fn split(a: &Analysis, path: &str, blocks: &[usize]) -> Vec<(String, Vec<usize>)> {
    let mut files: Vec<File> = Vec::new();
    for &b in blocks {
        let tops = top_level(a, b);
        let defined = defines(a, &[b]);
        let used: BTreeSet<String> = uses(a, b).difference(&defined).cloned().collect();
        let fitting = || {
            files
                .iter()
                .enumerate()
                .filter(|(_, f)| f.tops.is_disjoint(&tops))
        };
        let fits = fitting()
            .map(|(i, f)| (f.defined.intersection(&used).count(), i))
            .filter(|&(n, _)| n > 0)
            .max_by_key(|&(n, i)| (n, std::cmp::Reverse(i)))
            .map(|(_, i)| i)
            .or_else(|| fitting().next().map(|(i, _)| i));
        match fits {
            Some(i) => {
                files[i].blocks.push(b);
                files[i].tops.extend(tops);
                files[i].defined.extend(defined);
            }
            None => {
                let path = match files.len() + 1 {
                    1 => path.to_string(),
                    n => format!("{}-{n}.proto", path.trim_end_matches(".proto")),
                };
                files.push(File {
                    path,
                    blocks: vec![b],
                    tops,
                    defined,
                });
            }
        }
    }
    files.into_iter().map(|f| (f.path, f.blocks)).collect()
}

/// A file being filled: its blocks, their top-level names (what a new block must not
/// restate) and every name they define (what a new block may build on).
struct File {
    path: String,
    blocks: Vec<usize>,
    tops: BTreeSet<String>,
    defined: BTreeSet<String>,
}

/// The service a bare rpc was wrapped in, named for its block: bare rpcs of different blocks
/// are no clash in one file.
pub fn own_wrappers(text: &str, block: usize) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        match wrapper_name(line) {
            Some(name) => {
                out.push_str(&line.replacen(name, &format!("{name}_{block}"), 1));
            }
            None => out.push_str(line),
        }
    }
    out
}

/// `Fragment` or `FragmentN` where a line opens the service put around bare rpcs.
fn wrapper_name(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("syntax = \"proto3\"; ").unwrap_or(line);
    let name = rest.strip_prefix("service ")?.split(' ').next()?;
    let digits = name.strip_prefix(crate::formats::protobuf::WRAPPER_SERVICE)?;
    (digits.chars().all(|c| c.is_ascii_digit()) && rest[8 + name.len()..].starts_with(" { "))
        .then_some(name)
}

fn top_level(a: &Analysis, b: usize) -> BTreeSet<String> {
    let Some((_, p)) = a.protos.iter().find(|(i, _)| *i == b) else {
        return BTreeSet::new();
    };
    let d = &p.descriptor;
    // A file option set by two blocks (one `go_package` each) clashes as a name does.
    let options = p.text.lines().filter_map(|l| {
        let t = l.trim_start().strip_prefix("option ")?;
        Some(format!("option {}", t.split('=').next()?.trim()))
    });
    d.message_type
        .iter()
        .map(|m| m.name().to_string())
        .chain(options)
        .chain(d.enum_type.iter().map(|e| e.name().to_string()))
        .chain(d.service.iter().map(|s| {
            let name = s.name();
            if wrapper_name(&format!("service {name} {{ ")).is_some() {
                format!("{name}_{b}")
            } else {
                name.to_string()
            }
        }))
        .chain(d.extension.iter().map(|e| e.name().to_string()))
        .collect()
}

/// The simple names of the messages and enums that blocks define, nested ones included.
fn defines(a: &Analysis, blocks: &[usize]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for b in blocks {
        if let Some((_, p)) = a.protos.iter().find(|(i, _)| i == b) {
            protobuf_names::collect(&p.descriptor, &mut names);
        }
    }
    names
        .into_iter()
        .map(|n| n.rsplit('.').next().unwrap_or(&n).to_string())
        .collect()
}

/// The simple names a block refers to.
fn uses(a: &Analysis, b: usize) -> BTreeSet<String> {
    let Some((_, p)) = a.protos.iter().find(|(j, _)| *j == b) else {
        return BTreeSet::new();
    };
    let block = &a.doc.blocks[b];
    protobuf_names::references(p, block, &a.source.display)
        .into_iter()
        .map(|(name, _, _)| name.rsplit('.').next().unwrap_or(&name).to_string())
        .collect()
}

/// For each file, the other files of the doc it must import: those that define a name its
/// blocks use and it does not define itself.
pub fn imports(a: &Analysis, files: &[(String, Vec<usize>)]) -> BTreeMap<String, Vec<String>> {
    let defined: Vec<BTreeSet<String>> = files.iter().map(|(_, bs)| defines(a, bs)).collect();
    let tops: Vec<BTreeSet<String>> = files
        .iter()
        .map(|(_, blocks)| blocks.iter().flat_map(|&b| top_level(a, b)).collect())
        .collect();
    let mut out = BTreeMap::new();
    for (i, (path, blocks)) in files.iter().enumerate() {
        let mut missing: BTreeSet<String> = blocks.iter().flat_map(|&b| uses(a, b)).collect();
        missing.retain(|n| !defined[i].contains(n));
        let chosen = cover(i, &missing, &defined, &tops);
        let mut needed: Vec<String> = chosen.into_iter().map(|j| files[j].0.clone()).collect();
        // An import back to a file that imports this one would be a cycle: the later file
        // of the two does without.
        needed.retain(|p| {
            !out.get(p)
                .is_some_and(|back: &Vec<String>| back.contains(path))
        });
        needed.sort();
        if !needed.is_empty() {
            out.insert(path.clone(), needed);
        }
    }
    out
}

/// The files that file `i` imports for its `missing` names: each round takes the file that
/// defines most of what is still missing (the earliest on a tie), so a file restating the
/// names of another is not imported beside it. A file that clashes with `i` or with one
/// already taken is never taken: the two would define one name twice.
fn cover(
    i: usize,
    missing: &BTreeSet<String>,
    defined: &[BTreeSet<String>],
    tops: &[BTreeSet<String>],
) -> Vec<usize> {
    let mut missing = missing.clone();
    let mut chosen: Vec<usize> = Vec::new();
    loop {
        let best = (0..defined.len())
            .filter(|&j| j != i && !chosen.contains(&j))
            .filter(|&j| {
                std::iter::once(i)
                    .chain(chosen.iter().copied())
                    .all(|k| tops[k].is_disjoint(&tops[j]))
            })
            .map(|j| (defined[j].intersection(&missing).count(), j))
            .filter(|&(n, _)| n > 0)
            .max_by_key(|&(n, j)| (n, std::cmp::Reverse(j)));
        let Some((_, j)) = best else {
            return chosen;
        };
        missing.retain(|n| !defined[j].contains(n));
        chosen.push(j);
    }
}
