//! What contracts prints on stdout goes through here, so that a reader that goes away
//! (`contracts list docs | head -1`) ends the run quietly and a failed write (a full disk)
//! ends it with exit 2 and a message, never a panic.

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
