//! Extract's target paths: a `file=` of any text never names a place outside `--out`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(f) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(p) = contracts::source::relative_inside(f) {
        let path = std::path::Path::new(&p);
        assert!(!path.is_absolute(), "{p}");
        assert!(
            path.components()
                .all(|c| matches!(c, std::path::Component::Normal(_))),
            "{p}"
        );
    }
});
