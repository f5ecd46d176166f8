//! A spec file of any bytes, read as each kind by its extension: the first byte picks it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = ["a.yaml", "a.json", "a.proto", "a.graphql", "a.ts"][pick as usize % 5];
    let source = contracts::source::Source::new(
        std::path::Path::new(name),
        name.to_string(),
        text.to_string(),
    );
    let _ = contracts::analyze::analyze(source);
});
