//! The sides of a diff: paths on disk, `REV:path` read from git, or every source file that
//! changed between a base revision and a head (or the work tree), renames paired.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::analyze::{Analysis, analyze};
use crate::git::{Repo, split_rev};
use crate::inputs::{self, Unreadable};
use crate::source::Source;

pub type Side = (Vec<Analysis>, Vec<Unreadable>);

/// A blob read for analysis: (path shown, path paired by, its directory, its bytes).
type ReadBlob = (String, String, String, Result<Vec<u8>, String>);

/// One side from a command-line argument: a path, or `REV:path`.
pub fn side(arg: &str) -> Result<Side, String> {
    match split_rev(arg) {
        Some((rev, path)) => {
            let repo = Repo::open(Path::new("."))?;
            let blobs = repo.files_under(rev, path)?;
            let prefix = path
                .trim_start_matches("./")
                .trim_end_matches('/')
                .to_string();
            let wanted: Vec<(String, String, gix::ObjectId)> = blobs
                .into_iter()
                .filter(|b| inputs::is_source(Path::new(&b.path)))
                .map(|b| {
                    let rel = b
                        .path
                        .strip_prefix(&format!("{prefix}/"))
                        .unwrap_or(&b.path)
                        .to_string();
                    (b.path.clone(), rel, b.id)
                })
                .collect();
            let single = wanted.len() == 1 && wanted[0].0 == prefix;
            Ok(from_git(
                &repo,
                rev,
                wanted.into_iter().map(|(path, rel, id)| {
                    let rel_dir = if single { String::new() } else { parent(&rel) };
                    (path.clone(), path, rel_dir, id)
                }),
            ))
        }
        None => {
            let (files, mut bad) = inputs::collect(&[PathBuf::from(arg)]);
            let (analyses, unreadable) = inputs::analyze_all(&files);
            bad.extend(unreadable);
            Ok((analyses, bad))
        }
    }
}

fn parent(path: &str) -> String {
    path.rsplit_once('/')
        .map(|(d, _)| d.to_string())
        .unwrap_or_default()
}

/// Reads blobs and analyses them: (path shown after `REV:`, path paired by, its directory, blob).
fn from_git(
    repo: &Repo,
    rev: &str,
    items: impl Iterator<Item = (String, String, String, gix::ObjectId)>,
) -> Side {
    let items: Vec<ReadBlob> = items
        .map(|(shown, identity, rel_dir, id)| (shown, identity, rel_dir, repo.read(id)))
        .collect();
    let results: Vec<Result<Analysis, Unreadable>> = items
        .into_par_iter()
        .map(|(shown, identity, rel_dir, bytes)| {
            analyze_bytes(format!("{rev}:{shown}"), &identity, rel_dir, bytes)
        })
        .collect();
    split(results)
}

/// One file read from git or disk: shown as `display`, paired by `identity`.
fn analyze_bytes(
    display: String,
    identity: &str,
    rel_dir: String,
    bytes: Result<Vec<u8>, String>,
) -> Result<Analysis, Unreadable> {
    let bytes = bytes
        .and_then(|b| match inputs::over_limit(b.len() as u64) {
            Some(why) => Err(why),
            None => Ok(b),
        })
        .map_err(|reason| Unreadable {
            path: display.clone(),
            reason,
        })?;
    let text = String::from_utf8(bytes).map_err(|_| Unreadable {
        path: display.clone(),
        reason: "not UTF-8".into(),
    })?;
    let mut src = Source::new(Path::new(identity), display, text);
    src.rel_dir = rel_dir;
    Ok(analyze(src))
}

fn split(results: Vec<Result<Analysis, Unreadable>>) -> Side {
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    for r in results {
        match r {
            Ok(a) => ok.push(a),
            Err(u) => bad.push(u),
        }
    }
    (ok, bad)
}

/// The head side's files: blob ids from a revision, or paths in the work tree.
enum Content {
    Blob(gix::ObjectId),
    Disk(PathBuf),
}

struct Head<'r> {
    repo: &'r Repo,
    files: BTreeMap<String, Content>,
}

impl Head<'_> {
    fn bytes(&self, path: &str) -> Result<Vec<u8>, String> {
        match &self.files[path] {
            Content::Blob(id) => self.repo.read(*id),
            Content::Disk(p) => std::fs::read(p).map_err(|e| format!("{}: {e}", p.display())),
        }
    }

    /// Whether the head's `path` holds exactly the blob `id`.
    fn same(&self, id: &gix::ObjectId, path: &str) -> bool {
        match &self.files[path] {
            Content::Blob(other) => id == other,
            Content::Disk(_) => match (self.repo.read(*id), self.bytes(path)) {
                (Ok(a), Ok(b)) => a == b,
                _ => false,
            },
        }
    }
}

fn head_files(
    repo: &Repo,
    root: &Path,
    head: Option<&str>,
) -> Result<BTreeMap<String, Content>, String> {
    let is_source = |p: &str| inputs::is_source(Path::new(p));
    Ok(match head {
        Some(rev) => repo
            .files(rev)?
            .into_iter()
            .filter(|(p, _)| is_source(p))
            .map(|(p, id)| (p, Content::Blob(id)))
            .collect(),
        None => ignore::WalkBuilder::new(root)
            .hidden(true)
            .git_ignore(true)
            .build()
            .flatten()
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .filter_map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(root)
                    .ok()?
                    .to_string_lossy()
                    .replace('\\', "/");
                is_source(&rel).then(|| (rel, Content::Disk(e.into_path())))
            })
            .collect(),
    })
}

/// What changed between the two sides, by path.
#[derive(Default)]
struct Changes<'p> {
    changed: BTreeSet<&'p str>,
    deleted: Vec<&'p str>,
    added: Vec<&'p str>,
    renamed: Vec<(&'p str, &'p str)>,
}

fn changes<'p>(old: &'p BTreeMap<String, gix::ObjectId>, head: &'p Head) -> Changes<'p> {
    let mut c = Changes::default();
    for (path, id) in old {
        match head.files.get(path) {
            Some(_) if !head.same(id, path) => {
                c.changed.insert(path);
            }
            Some(_) => {}
            None => c.deleted.push(path),
        }
    }
    c.added = head
        .files
        .keys()
        .filter(|p| !old.contains_key(*p))
        .map(String::as_str)
        .collect();
    // A deleted file whose content reappears under a new path was renamed.
    for d in c.deleted.clone() {
        let taken = |a: &&str| c.renamed.iter().any(|(_, x)| x == a);
        if let Some(a) = c.added.iter().find(|a| !taken(a) && head.same(&old[d], a)) {
            c.renamed.push((d, a));
        }
    }
    c.deleted.retain(|d| !c.renamed.iter().any(|(x, _)| x == d));
    c.added.retain(|a| !c.renamed.iter().any(|(_, x)| x == a));
    edited_renames(old, head, &mut c);
    c
}

/// Renamed and edited: the most similar added file of the same kind, if at least half alike
/// (git's default threshold).
fn edited_renames<'p>(
    old: &'p BTreeMap<String, gix::ObjectId>,
    head: &'p Head,
    c: &mut Changes<'p>,
) {
    let ext = |p: &str| p.rsplit('.').next().unwrap_or("").to_string();
    for d in c.deleted.clone() {
        let Ok(before) = head
            .repo
            .read(old[d])
            .map(|b| String::from_utf8_lossy(&b).into_owned())
        else {
            continue;
        };
        let best = c
            .added
            .iter()
            .filter(|a| ext(a) == ext(d))
            .filter_map(|a| {
                let after = head.bytes(a).ok()?;
                let ratio = similar::TextDiff::from_lines(
                    before.as_str(),
                    String::from_utf8_lossy(&after).as_ref(),
                )
                .ratio();
                (ratio >= 0.5).then_some((ratio, *a))
            })
            .max_by(|x, y| x.0.total_cmp(&y.0));
        if let Some((_, a)) = best {
            c.renamed.push((d, a));
            c.deleted.retain(|x| *x != d);
            c.added.retain(|x| *x != a);
        }
    }
}

/// Every doc and spec file that differs between `base` and `head` (the work tree when none):
/// changed, added, deleted, and renamed (same content under a new path) paired with its old self.
pub fn changed_since(base: &str, head: Option<&str>) -> Result<(Side, Side), String> {
    let repo = Repo::open(Path::new("."))?;
    let root = repo.workdir().unwrap_or_else(|| PathBuf::from("."));
    let is_source = |p: &str| inputs::is_source(Path::new(p));
    let old: BTreeMap<String, gix::ObjectId> = repo
        .files(base)?
        .into_iter()
        .filter(|(p, _)| is_source(p))
        .collect();
    let files = head_files(&repo, &root, head)?;
    let new = Head { repo: &repo, files };
    let c = changes(&old, &new);

    let old_items = c
        .changed
        .iter()
        .chain(c.deleted.iter())
        .map(|p| (p.to_string(), p.to_string(), parent(p), old[*p]))
        .chain(
            c.renamed
                .iter()
                .map(|(from, to)| (from.to_string(), to.to_string(), parent(to), old[*from])),
        )
        .collect::<Vec<_>>();
    let old_side = from_git(&repo, base, old_items.into_iter());

    let new_paths: Vec<&str> = c
        .changed
        .iter()
        .chain(c.added.iter())
        .copied()
        .chain(c.renamed.iter().map(|(_, to)| *to))
        .collect();
    // Read serially (the repository is not shared across threads), analyse in parallel.
    let read: Vec<(String, String, Result<Vec<u8>, String>)> = new_paths
        .iter()
        .map(|path| {
            let display = match head {
                Some(rev) => format!("{rev}:{path}"),
                None => path.to_string(),
            };
            (display, path.to_string(), new.bytes(path))
        })
        .collect();
    let results: Vec<Result<Analysis, Unreadable>> = read
        .into_par_iter()
        .map(|(display, path, bytes)| {
            let rel_dir = parent(&path);
            analyze_bytes(display, &path, rel_dir, bytes)
        })
        .collect();
    Ok((old_side, split(results)))
}
