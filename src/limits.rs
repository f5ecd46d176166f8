//! How much one run reads: a file over `max-file-size` is not read, and a doc's blocks past
//! `max-blocks` are not read; the report says so at the place. Set once from the config,
//! before anything is read.

use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes.
    pub file_size: u64,
    /// Fenced blocks of one doc.
    pub blocks: usize,
}

/// Far above any real doc or spec (the largest of the corpus hold about 200 blocks, and
/// published specs a few MB), low enough that a hostile input is answered in well under a
/// second.
pub const DEFAULT: Limits = Limits {
    file_size: 16 * MIB,
    blocks: 5000,
};

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

static LIMITS: OnceLock<Limits> = OnceLock::new();

/// The limits of this run; a second call changes nothing.
pub fn set(limits: Limits) {
    let _ = LIMITS.set(limits);
}

pub fn get() -> Limits {
    LIMITS.get().copied().unwrap_or(DEFAULT)
}

/// `16 MiB`, `500kB`, `2MB` or a number of bytes; `None` for anything else.
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits.parse().ok()?;
    let scale = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => KIB,
        "m" | "mb" | "mib" => MIB,
        "g" | "gb" | "gib" => 1024 * MIB,
        _ => return None,
    };
    n.checked_mul(scale)
}

/// `20.0 MB` for a message.
pub fn shown(bytes: u64) -> String {
    if bytes >= MIB {
        format!("{:.1} MB", bytes as f64 / MIB as f64)
    } else if bytes >= KIB {
        format!("{:.1} kB", bytes as f64 / KIB as f64)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(parse_size("16 MiB"), Some(16 * MIB));
        assert_eq!(parse_size("500kB"), Some(500 * KIB));
        assert_eq!(parse_size("2MB"), Some(2 * MIB));
        assert_eq!(parse_size("1048576"), Some(MIB));
        assert_eq!(parse_size("ten MB"), None);
        assert_eq!(parse_size("5 parsecs"), None);
        assert_eq!(parse_size("99999999999999999999 GB"), None);
    }
}
