//! JUnit XML: one test suite, one failing test case per finding at warning or error, one
//! passing case per info finding, and one passing case when there is nothing to report.

use crate::finding::Severity;

use super::Input;

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

pub fn render(input: &Input) -> String {
    let failures = input
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .count();
    let tests = input.findings.len().max(1);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"contracts\" tests=\"{tests}\" failures=\"{failures}\">\n  <testsuite name=\"contracts\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n"
    ));
    if input.findings.is_empty() {
        out.push_str("    <testcase name=\"contracts\" classname=\"contracts\"/>\n");
    }
    for f in input.findings {
        let name = xml(&format!("{} {}:{}:{}", f.rule, f.file, f.line, f.column));
        let class = xml(&f.file);
        if f.severity == Severity::Info {
            out.push_str(&format!(
                "    <testcase name=\"{name}\" classname=\"{class}\"><system-out>{}</system-out></testcase>\n",
                xml(&f.message)
            ));
        } else {
            out.push_str(&format!(
                "    <testcase name=\"{name}\" classname=\"{class}\">\n      <failure type=\"{}\" message=\"{}\">{}:{}:{}: {}</failure>\n    </testcase>\n",
                f.severity.as_str(),
                xml(&f.message),
                xml(&f.file),
                f.line,
                f.column,
                xml(&f.message)
            ));
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
