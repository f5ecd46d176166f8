//! Paths as CI shows them: relative to the repository root (`GITHUB_WORKSPACE`,
//! `CI_PROJECT_DIR`, else the git work tree around the working directory), whatever directory
//! contracts ran in; a file read at a revision (`REV:path`) as its path, with the revision
//! beside it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A finding's file as the repository names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoPath {
    pub path: String,
    /// The revision the file was read at, for `REV:path`.
    pub revision: Option<String>,
}

/// The repository root, found once.
pub fn root() -> Option<&'static Path> {
    static ROOT: OnceLock<Option<PathBuf>> = OnceLock::new();
    ROOT.get_or_init(|| {
        let from_env = ["GITHUB_WORKSPACE", "CI_PROJECT_DIR"]
            .iter()
            .filter_map(std::env::var_os)
            .map(PathBuf::from)
            .find(|p| p.is_dir());
        from_env
            .or_else(|| {
                let cwd = std::env::current_dir().ok()?;
                cwd.ancestors()
                    .find(|d| d.join(".git").exists())
                    .map(Path::to_path_buf)
            })
            .and_then(|p| p.canonicalize().ok())
    })
    .as_deref()
}

pub fn repo_path(file: &str) -> RepoPath {
    relative_to(file, root())
}

fn relative_to(file: &str, root: Option<&Path>) -> RepoPath {
    // `REV:path` names a file of the repository at a revision, already from its root.
    if let Some((rev, path)) = file.split_once(':')
        && !rev.is_empty()
        && !path.is_empty()
        && !Path::new(file).exists()
        && !(rev.len() == 1 && path.starts_with(['\\', '/']))
    {
        return RepoPath {
            path: path.to_string(),
            revision: Some(rev.to_string()),
        };
    }
    let shown = RepoPath {
        path: file.to_string(),
        revision: None,
    };
    let (Some(root), Ok(cwd)) = (root, std::env::current_dir()) else {
        return shown;
    };
    let absolute = cwd.join(file);
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    match absolute.strip_prefix(root) {
        Ok(rel) => RepoPath {
            path: rel.to_string_lossy().replace('\\', "/"),
            revision: None,
        },
        Err(_) => shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_are_split_off() {
        let p = relative_to("origin/main:docs/x.md", None);
        assert_eq!(p.path, "docs/x.md");
        assert_eq!(p.revision.as_deref(), Some("origin/main"));
        assert_eq!(relative_to("docs/x.md", None).revision, None);
    }
}
