//! A `contracts.toml` of any bytes, then a doc (split at the first NUL): the config's parse, its
//! limits, and its ignores, allows and severities applied to the doc's findings.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (config, doc) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b"# Doc\n\n```graphql\ntype Query { a: Money }\n```\n"[..]),
    };
    let (Ok(config), Ok(doc)) = (std::str::from_utf8(config), std::str::from_utf8(doc)) else {
        return;
    };
    let Ok(loaded) =
        contracts::config::Loaded::parse("contracts.toml".into(), config.to_string())
    else {
        return;
    };
    let _ = loaded.limits();
    let source = contracts::source::Source::new(
        std::path::Path::new("fuzz.md"),
        "fuzz.md".to_string(),
        doc.to_string(),
    );
    let a = contracts::analyze::analyze(source);
    let findings = contracts::check::check_all(std::slice::from_ref(&a));
    let _ = contracts::policy::apply(
        findings,
        &loaded,
        &[&a],
        "2026-12-02",
        contracts::policy::Run::Check { whole_config: true },
    );
});
