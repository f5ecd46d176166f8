//! JUnit XML: one test suite per file, one failing test case per finding at warning or error
//! (named by rule and subject), one passing case per info finding, and one passing case when
//! there is nothing to report.

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

/// A test case's name: the rule and the finding's subject, which stay put when lines move.
fn case_name(f: &crate::finding::Finding) -> String {
    match f.subject.is_empty() {
        true => format!("{} {}", f.rule, f.message),
        false => format!("{} {}", f.rule, f.subject),
    }
}

pub fn render(input: &Input) -> String {
    let failing = |fs: &[&crate::finding::Finding]| {
        fs.iter().filter(|f| f.severity != Severity::Info).count()
    };
    let mut files: std::collections::BTreeMap<&str, Vec<&crate::finding::Finding>> =
        Default::default();
    for f in input.findings {
        files.entry(f.file.as_str()).or_default().push(f);
    }
    let all: Vec<&crate::finding::Finding> = input.findings.iter().collect();
    let (tests, failures) = (input.findings.len().max(1), failing(&all));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"contracts\" tests=\"{tests}\" failures=\"{failures}\">\n"
    ));
    if input.findings.is_empty() {
        out.push_str("  <testsuite name=\"contracts\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n");
        out.push_str(
            "    <testcase name=\"contracts\" classname=\"contracts\"/>\n  </testsuite>\n",
        );
    }
    // One suite per file, as test reports group them.
    for (file, fs) in &files {
        let class = xml(file);
        out.push_str(&format!(
            "  <testsuite name=\"{class}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
            fs.len(),
            failing(fs)
        ));
        for f in fs {
            let name = xml(&case_name(f));
            if f.severity == Severity::Info {
                out.push_str(&format!(
                    "    <testcase name=\"{name}\" classname=\"{class}\"><system-out>{}:{}:{}: {}</system-out></testcase>\n",
                    class, f.line, f.column, xml(&f.message)
                ));
            } else {
                out.push_str(&format!(
                    "    <testcase name=\"{name}\" classname=\"{class}\">\n      <failure type=\"{}\" message=\"{}\">{}:{}:{}: {}</failure>\n    </testcase>\n",
                    f.severity.as_str(),
                    xml(&f.message),
                    class,
                    f.line,
                    f.column,
                    xml(&f.message)
                ));
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
