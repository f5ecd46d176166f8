//! How a doc's protobuf blocks become files that protoc accepts. Blocks of one package join
//! one file, except where a block defines again a name the file already has (a doc's
//! "before / after", or bare rpcs each wrapped in a service): such a block starts the
//! package's next file. A file that uses a name another file of the doc defines imports it.

use std::collections::{BTreeMap, BTreeSet};

use crate::analyze::Analysis;
use crate::check::protobuf_names;

/// The blocks of one default target, split into files of no clashing name:
/// (path, blocks) in doc order.
pub fn split(a: &Analysis, path: &str, blocks: &[usize]) -> Vec<(String, Vec<usize>)> {
    let mut files: Vec<(String, Vec<usize>, BTreeSet<String>)> = Vec::new();
    for &b in blocks {
        let names = top_level(a, b);
        let fits = files
            .iter()
            .position(|(_, _, taken)| taken.is_disjoint(&names));
        match fits {
            Some(i) => {
                files[i].1.push(b);
                files[i].2.extend(names);
            }
            None => {
                let n = files.len() + 1;
                let name = match n {
                    1 => path.to_string(),
                    n => format!("{}-{n}.proto", path.trim_end_matches(".proto")),
                };
                files.push((name, vec![b], names));
            }
        }
    }
    files.into_iter().map(|(p, b, _)| (p, b)).collect()
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

/// For each file, the other files of the doc it must import: those that define a name its
/// blocks use and it does not define itself.
pub fn imports(a: &Analysis, files: &[(String, Vec<usize>)]) -> BTreeMap<String, Vec<String>> {
    let file = a.source.display.as_str();
    let defines: Vec<BTreeSet<String>> = files
        .iter()
        .map(|(_, blocks)| {
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
        })
        .collect();
    let tops: Vec<BTreeSet<String>> = files
        .iter()
        .map(|(_, blocks)| blocks.iter().flat_map(|&b| top_level(a, b)).collect())
        .collect();
    let mut out = BTreeMap::new();
    for (i, (path, blocks)) in files.iter().enumerate() {
        let mut used = BTreeSet::new();
        for b in blocks {
            if let Some((_, p)) = a.protos.iter().find(|(j, _)| j == b) {
                let block = &a.doc.blocks[*b];
                for (name, _, _) in protobuf_names::references(p, block, file) {
                    used.insert(name.rsplit('.').next().unwrap_or(&name).to_string());
                }
            }
        }
        // Each name from the first file that defines it: a later one restates it.
        let mut needed: Vec<String> = Vec::new();
        for n in used.iter().filter(|n| !defines[i].contains(*n)) {
            let from = (0..files.len())
                .find(|&j| j != i && defines[j].contains(n) && tops[i].is_disjoint(&tops[j]));
            if let Some(j) = from
                && !needed.contains(&files[j].0)
            {
                needed.push(files[j].0.clone());
            }
        }
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
