//! Turns the paths on the command line into sources: files as given, directories walked
//! with `.gitignore` respected, every source analysed once, on all cores.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::analyze::{Analysis, analyze, is_markdown};
use crate::formats::language_of_path;
use crate::source::Source;

/// A path that could not be read: the command exits 2 after reporting it.
#[derive(Debug)]
pub struct Unreadable {
    pub path: String,
    pub reason: String,
}

impl Unreadable {
    /// A named path that holds nothing to check.
    pub fn nothing_to_check(path: &std::path::Path, why: &str) -> Unreadable {
        Unreadable {
            path: path.display().to_string(),
            reason: format!("nothing to check: {why}"),
        }
    }

    /// `cannot read x.md: …`, or `nothing to check in docs/: …`.
    pub fn describe(&self) -> String {
        match self.reason.strip_prefix("nothing to check: ") {
            Some(why) => format!("nothing to check in {}: {why}", self.path),
            None => format!("cannot read {}: {}", self.path, self.reason),
        }
    }

    /// The failure as a finding, so that every report format carries it.
    pub fn finding(&self) -> crate::finding::Finding {
        let at = crate::finding::Loc {
            file: self.path.clone(),
            line: 1,
            column: 1,
        };
        crate::finding::Finding::new(crate::rules::INPUT_UNREADABLE, &at, self.describe())
            .subject(self.path.clone())
    }
}

/// A file to read, and the directory below its walked input it sits in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub path: PathBuf,
    pub rel_dir: String,
}

pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<Unreadable>) {
    let mut files = Vec::new();
    let mut bad = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let walker = ignore::WalkBuilder::new(p)
                    .hidden(true)
                    .git_ignore(true)
                    .require_git(false)
                    .follow_links(false)
                    .build();
                for entry in walker {
                    match entry {
                        Ok(e)
                            if e.file_type().is_some_and(|t| t.is_file())
                                && is_source(e.path()) =>
                        {
                            let rel_dir = e
                                .path()
                                .parent()
                                .and_then(|d| d.strip_prefix(p).ok())
                                .map(|d| d.to_string_lossy().replace('\\', "/"))
                                .unwrap_or_default();
                            files.push(Input {
                                path: e.into_path(),
                                rel_dir,
                            })
                        }
                        Ok(_) => {}
                        Err(err) => bad.push(Unreadable {
                            path: p.display().to_string(),
                            reason: err.to_string(),
                        }),
                    }
                }
            }
            Ok(_) => files.push(Input {
                path: p.clone(),
                rel_dir: String::new(),
            }),
            Err(e) => bad.push(Unreadable {
                path: p.display().to_string(),
                reason: e.to_string(),
            }),
        }
    }
    files.sort();
    files.dedup();
    (files, bad)
}

/// Docs and spec files; everything else in a directory is not ours to read.
pub fn is_source(path: &Path) -> bool {
    is_markdown(path) || language_of_path(path).is_some()
}

/// Reads and analyses every file in parallel; the result is in path order.
pub fn analyze_all(files: &[Input]) -> (Vec<Analysis>, Vec<Unreadable>) {
    let progress = crate::progress::Progress::start("reading sources", files.len());
    let results: Vec<Result<Analysis, Unreadable>> = files
        .par_iter()
        .inspect(|_| progress.tick())
        .map(
            |f| match too_large(&f.path).map_or_else(|| Source::read(&f.path), Err) {
                Ok(mut src) => {
                    src.rel_dir = f.rel_dir.clone();
                    Ok(analyze(src))
                }
                Err(e) => Err(Unreadable {
                    path: f.path.display().to_string(),
                    reason: e.to_string(),
                }),
            },
        )
        .collect();
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    for r in results {
        match r {
            Ok(a) => ok.push(a),
            Err(u) => bad.push(u),
        }
    }
    (drop_linked(ok), bad)
}

/// The error for a file over `max-file-size`, read from its size alone.
fn too_large(path: &Path) -> Option<std::io::Error> {
    let size = std::fs::metadata(path).ok()?.len();
    over_limit(size).map(std::io::Error::other)
}

/// Why `size` bytes are not read, if they are too many.
pub fn over_limit(size: u64) -> Option<String> {
    let limit = crate::limits::get().file_size;
    (size > limit).then(|| {
        format!(
            "it is {}, over the {} `max-file-size` of contracts.toml",
            crate::limits::shown(size),
            crate::limits::shown(limit)
        )
    })
}

/// A spec file that a doc links into one of its APIs is part of that doc: it is not read
/// again as a source of its own.
fn drop_linked(analyses: Vec<Analysis>) -> Vec<Analysis> {
    let linked: std::collections::BTreeSet<PathBuf> = analyses
        .iter()
        .flat_map(|a| a.apis.iter().flat_map(|api| api.linked.iter()))
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    if linked.is_empty() {
        return analyses;
    }
    analyses
        .into_iter()
        .filter(|a| {
            a.is_doc || std::fs::canonicalize(&a.source.path).map_or(true, |p| !linked.contains(&p))
        })
        .collect()
}

/// A doc with no contract block is skipped quietly; a spec file always counts.
pub fn has_contracts(a: &Analysis) -> bool {
    !a.results.is_empty() || !a.apis.is_empty() || !a.findings.is_empty()
}
