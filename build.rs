//! Registers every rule file under `rules/`: one constant per rule ID and the list of files,
//! so that adding a rule is adding its file.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let mut ids: Vec<String> = std::fs::read_dir("rules")
        .expect("rules/ exists")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".md").map(str::to_string)
        })
        .collect();
    ids.sort();
    let mut out = String::new();
    for id in &ids {
        let constant: String = id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '_'
                }
            })
            .collect();
        writeln!(out, "pub const {constant}: &str = \"{id}\";").unwrap();
    }
    out.push_str("\n/// The rule files, in ID order.\nconst FILES: &[&str] = &[\n");
    for id in &ids {
        writeln!(
            out,
            "    include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/rules/{id}.md\")),"
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("rules.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
