//! `contracts.toml`: what a repository would otherwise repeat on every call.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::finding::Loc;

pub const FILE_NAME: &str = "contracts.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    /// Docs (paths or globs) read when no path is given.
    #[serde(default)]
    pub docs: Vec<String>,
    pub fail_on: Option<String>,
    pub proto_level: Option<String>,
    /// `diff`: whether removing what was deprecated is a warning rather than an error
    /// (default true).
    pub soften_deprecated: Option<bool>,
    /// Rule ID -> `error`, `warning`, `info` or `off`.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    /// Which implementation spec files honour which doc (`check` compares them).
    #[serde(default)]
    pub implementation: Vec<Implementation>,
    #[serde(default)]
    pub ignore: Vec<toml::Spanned<Ignore>>,
    /// A file larger than this is not read: bytes, or `"16 MiB"`, `"500 kB"`.
    pub max_file_size: Option<toml::Spanned<toml::Value>>,
    /// A doc's fenced blocks past this many are not read.
    pub max_blocks: Option<toml::Spanned<usize>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Implementation {
    /// The doc (a path) whose contracts the specs implement.
    pub doc: String,
    /// One OpenAPI API of the doc (its heading or slug), when the specs implement only it.
    pub api: Option<String>,
    pub specs: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Ignore {
    pub rule: String,
    pub subject: String,
    pub reason: Option<String>,
    /// `YYYY-MM-DD`: after this day the finding comes back.
    pub until: Option<String>,
}

/// A loaded config and where it came from (for finding locations and relative paths).
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Config,
    pub path: Option<PathBuf>,
    pub text: String,
}

impl Loaded {
    /// The `contracts.toml` of the working directory or the nearest parent, up to the
    /// repository root; none is fine.
    pub fn discover(explicit: Option<&Path>) -> Result<Loaded, String> {
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => find_up(),
        };
        let Some(path) = path else {
            return Ok(Loaded::default());
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Loaded::parse(path, text)
    }

    /// The config `text` read from `path`; a fault is an error at its `file:line:col`.
    pub fn parse(path: PathBuf, text: String) -> Result<Loaded, String> {
        let config: Config = toml::from_str(&text).map_err(|e| {
            let (line, col) = e.span().map_or((1, 1), |s| line_col(&text, s.start));
            format!("{}:{line}:{col}: {}", path.display(), e.message())
        })?;
        Ok(Loaded {
            config,
            path: Some(path),
            text,
        })
    }

    /// The limits the config sets, the defaults elsewhere; a size that is no size is an
    /// error at its place.
    pub fn limits(&self) -> Result<crate::limits::Limits, String> {
        let mut limits = crate::limits::DEFAULT;
        if let Some(size) = &self.config.max_file_size {
            let bytes = match size.get_ref() {
                toml::Value::Integer(n) => u64::try_from(*n).ok(),
                toml::Value::String(s) => crate::limits::parse_size(s),
                _ => None,
            };
            limits.file_size = bytes.filter(|&b| b > 0).ok_or_else(|| {
                let at = self.loc(size.span().start);
                format!(
                    "{}:{}:{}: `max-file-size` is a number of bytes or a size such as \"16 MiB\"",
                    at.file, at.line, at.column
                )
            })?;
        }
        if let Some(blocks) = &self.config.max_blocks {
            limits.blocks = *blocks.get_ref();
        }
        Ok(limits)
    }

    pub fn shown(&self) -> String {
        self.path
            .as_deref()
            .map(crate::source::display_path)
            .unwrap_or_default()
    }

    /// The place of a byte offset in the config file.
    pub fn loc(&self, offset: usize) -> Loc {
        let (line, column) = line_col(&self.text, offset);
        Loc {
            file: self.shown(),
            line,
            column,
        }
    }

    /// Paths in the config are relative to the config file's directory.
    pub fn resolve(&self, p: &str) -> PathBuf {
        match self.path.as_deref().and_then(Path::parent) {
            Some(dir) if !dir.as_os_str().is_empty() => dir.join(p),
            _ => PathBuf::from(p),
        }
    }
}

fn find_up() -> Option<PathBuf> {
    let mut dir = std::env::current_dir().ok()?;
    loop {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() || !dir.pop() {
            return None;
        }
    }
}

fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..crate::source::floor_char(text, offset.min(text.len()))];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count() as u32
        + 1;
    (line, col)
}

/// Today's date as `YYYY-MM-DD` (UTC), for `until`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    civil(secs.div_euclid(86_400))
}

/// Days since 1970-01-01 to a proleptic Gregorian date.
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates() {
        assert_eq!(super::civil(0), "1970-01-01");
        assert_eq!(super::civil(20_417), "2025-11-25");
        assert_eq!(super::civil(11_016), "2000-02-29");
    }
}
