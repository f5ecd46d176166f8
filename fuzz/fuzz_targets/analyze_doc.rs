//! A design doc of any bytes: the Markdown scan, every block's parse and lowering, and `check`'s
//! per-doc rules.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = contracts::source::Source::new(
        std::path::Path::new("fuzz.md"),
        "fuzz.md".to_string(),
        text.to_string(),
    );
    let a = contracts::analyze::analyze(source);
    let _ = contracts::extract::targets(&a);
});
