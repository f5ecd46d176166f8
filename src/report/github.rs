//! GitHub Actions workflow commands: one annotation per finding on the pull request, at its
//! file's path from the repository root.

use crate::finding::Severity;

use super::Input;

/// Escaping of a command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a command's property values.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(input: &Input) -> String {
    let mut out = String::new();
    for f in input.findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        out.push_str(&format!(
            "::{command} file={},line={},col={},title={}::{}\n",
            property(&super::paths::repo_path(&f.file).path),
            f.line,
            f.column,
            property(f.rule),
            data(&f.message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_data_and_properties() {
        assert_eq!(super::data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(super::property("a:b,c"), "a%3Ab%2Cc");
    }
}
