//! A text file read once, with a line index so byte offsets become `line:column`.

use std::path::{Component, Path, PathBuf};

/// One input file. `display` is the path as the user should see it in findings.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub display: String,
    /// The directory below the walked input directory it was found in (`""` when named).
    pub rel_dir: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl Source {
    pub fn new(path: &Path, display: String, raw: String) -> Source {
        // A BOM is not content; editors do not count it as a column either.
        let text = match raw.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => raw,
        };
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Source {
            path: path.to_path_buf(),
            display,
            rel_dir: String::new(),
            text,
            line_starts,
        }
    }

    pub fn read(path: &Path) -> std::io::Result<Source> {
        let bytes = std::fs::read(path)?;
        let raw = String::from_utf8(bytes).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
            )
        })?;
        Ok(Source::new(path, display_path(path), raw))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text[start..floor_char(&self.text, offset)]
            .chars()
            .count();
        (line as u32 + 1, col as u32 + 1)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: u32) -> &str {
        let i = (line as usize).saturating_sub(1);
        let Some(&start) = self.line_starts.get(i) else {
            return "";
        };
        let end = self
            .line_starts
            .get(i + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }

    /// The file name without its extension: `docs/export.md` -> `export`,
    /// `v3.0.4.md` -> `v3.0.4`, `types.d.ts` -> `types`.
    pub fn stem(&self) -> String {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(base) = name.strip_suffix(".d.ts") {
            return base.to_string();
        }
        match name.rfind('.') {
            Some(0) | None => name,
            Some(i) => name[..i].to_string(),
        }
    }
}

pub fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Paths are shown relative to the working directory when they lie below it, with `/`.
pub fn display_path(path: &Path) -> String {
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    let s = shown.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// A `file=` value as a path below `--out`, or None when it is absolute or climbs out.
pub fn relative_inside(f: &str) -> Option<String> {
    let p = Path::new(f);
    if f.is_empty()
        || f.starts_with('/')
        || f.starts_with('\\')
        || p.is_absolute()
        || f.contains(':')
    {
        return None;
    }
    let mut parts = Vec::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?.to_string()),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}
