//! Two revisions of a doc (the input split at its first NUL byte): both analysed and diffed
//! at every protobuf level; a doc diffed with itself reports no change.
#![no_main]

use libfuzzer_sys::fuzz_target;

fn analyse(text: &str) -> contracts::analyze::Analysis {
    let source = contracts::source::Source::new(
        std::path::Path::new("fuzz.md"),
        "fuzz.md".to_string(),
        text.to_string(),
    );
    contracts::analyze::analyze(source)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (old, new) = text.split_once('\0').unwrap_or((text, text));
    let (o, n) = (analyse(old), analyse(new));
    let opts = contracts::diff::Options::default();
    let _ = contracts::diff::diff(std::slice::from_ref(&o), std::slice::from_ref(&n), &opts);
    let same = contracts::diff::diff(std::slice::from_ref(&o), std::slice::from_ref(&o), &opts);
    // Against itself a doc changes nothing, and an error it has is not the change's.
    assert!(same.is_empty(), "{same:?}");
});
