//! Revisions read in process (gix): the files of a commit, without a `git` process per file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub struct Repo {
    repo: gix::Repository,
}

/// A file as a revision holds it: its path in the repository and its blob.
pub struct Blob {
    pub path: String,
    pub id: gix::ObjectId,
}

impl Repo {
    pub fn open(dir: &Path) -> Result<Repo, String> {
        gix::discover(dir)
            .map(|repo| Repo { repo })
            .map_err(|e| format!("{} is not in a git repository: {e}", dir.display()))
    }

    /// The work tree's root.
    pub fn workdir(&self) -> Option<PathBuf> {
        self.repo.workdir().map(Path::to_path_buf)
    }

    fn tree(&self, rev: &str) -> Result<gix::Tree<'_>, String> {
        let id = self.repo.rev_parse_single(rev).map_err(|e| {
            if self.repo.is_shallow().unwrap_or(false) {
                format!(
                    "revision `{rev}` is not in this clone, which is shallow: fetch the history first (`git fetch --unshallow`, or `fetch-depth: 0` for actions/checkout) ({e})"
                )
            } else {
                format!("revision `{rev}` is not in this repository: fetch it first (e.g. `git fetch origin`; in CI, `fetch-depth: 0` for actions/checkout) ({e})")
            }
        })?;
        let object = id
            .object()
            .map_err(|e| format!("cannot read `{rev}`: {e}"))?;
        object
            .peel_to_tree()
            .map_err(|e| format!("`{rev}` names no tree: {e}"))
    }

    /// Every file of a revision, by path.
    pub fn files(&self, rev: &str) -> Result<BTreeMap<String, gix::ObjectId>, String> {
        let tree = self.tree(rev)?;
        let entries = tree
            .traverse()
            .breadthfirst
            .files()
            .map_err(|e| format!("cannot read `{rev}`: {e}"))?;
        Ok(entries
            .into_iter()
            .filter(|e| e.mode.is_blob())
            .map(|e| (e.filepath.to_string(), e.oid))
            .collect())
    }

    /// The files of a revision at or below a path (a file or a directory).
    pub fn files_under(&self, rev: &str, path: &str) -> Result<Vec<Blob>, String> {
        let prefix = path.trim_start_matches("./").trim_end_matches('/');
        let files = self.files(rev)?;
        let out: Vec<Blob> = files
            .into_iter()
            .filter(|(p, _)| {
                prefix.is_empty() || p == prefix || p.starts_with(&format!("{prefix}/"))
            })
            .map(|(path, id)| Blob { path, id })
            .collect();
        if out.is_empty() {
            return Err(format!("`{rev}:{path}` names no file"));
        }
        Ok(out)
    }

    pub fn read(&self, id: gix::ObjectId) -> Result<Vec<u8>, String> {
        self.repo
            .find_object(id)
            .map(|o| o.data.clone())
            .map_err(|e| format!("cannot read object {id}: {e}"))
    }
}

/// `REV:path` as written on the command line: a revision and a path in it. A path that exists
/// on disk is a path, even with a colon in it.
pub fn split_rev(arg: &str) -> Option<(&str, &str)> {
    if Path::new(arg).exists() {
        return None;
    }
    let (rev, path) = arg.split_once(':')?;
    (!rev.is_empty()).then_some((rev, path))
}
