//! What every stage reports: a rule, a severity and a place in the doc.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A place in a file: 1-based line and column (characters).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Loc {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub subject: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
    /// Diff findings: where the change's subject is on the old side and on the new side.
    pub old: Option<Box<Loc>>,
    pub new: Option<Box<Loc>>,
}

impl Finding {
    pub fn new(rule: &'static str, at: &Loc, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: crate::rules::default_severity(rule),
            message: message.into(),
            subject: String::new(),
            file: at.file.clone(),
            line: at.line,
            column: at.column,
            old: None,
            new: None,
        }
    }

    /// A diff finding: reported at the new side's place when there is one, else the old side's.
    pub fn change(
        rule: &'static str,
        old: Option<Loc>,
        new: Option<Loc>,
        message: impl Into<String>,
    ) -> Finding {
        let at = new.clone().or_else(|| old.clone()).unwrap_or(Loc {
            file: String::new(),
            line: 1,
            column: 1,
        });
        let mut f = Finding::new(rule, &at, message);
        f.old = old.map(Box::new);
        f.new = new.map(Box::new);
        f
    }

    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    pub fn subject(mut self, subject: impl Into<String>) -> Finding {
        self.subject = subject.into();
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn loc(&self) -> Loc {
        Loc {
            file: self.file.clone(),
            line: self.line,
            column: self.column,
        }
    }

    /// Sort key that makes output independent of thread scheduling.
    pub fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        (&self.file, self.line, self.column, self.rule, &self.message)
    }
}

pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}
