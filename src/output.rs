//! What contracts prints on stdout goes through here, so that a reader that goes away
//! (`contracts list docs | head -1`) ends the run quietly and a failed write (a full disk)
//! ends it with exit 2 and a message, never a panic. Files are written whole or not at all.

use std::io::Write;

/// Writes `text` to stdout and flushes it.
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        fail(&e);
    }
}

fn fail(e: &std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        // The reader has what it wanted.
        std::process::exit(0);
    }
    let _ = writeln!(std::io::stderr(), "contracts: cannot write the output: {e}");
    std::process::exit(2);
}

/// Writes `bytes` to `path` through a temporary file beside it and a rename, so that a reader
/// (or a crash) never sees half a file.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    let tmp = parent.join(format!(
        ".{}.contracts-tmp-{}",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(())
}
