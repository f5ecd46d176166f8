//! The one path from a change to a finding: differs describe a change (what, where on each
//! side, its subject, the facts that classify it and the slots of its message) and the rule
//! table makes it a finding.

use crate::classify;
use crate::finding::{Finding, Loc};
use crate::rules::Category;

pub struct Change {
    change: &'static str,
    facts: Vec<&'static str>,
    old: Option<Loc>,
    at: Option<Loc>,
    subject: String,
    slots: Vec<(&'static str, String)>,
}

impl Change {
    /// `old` is the element's place in the old revision; `at` its place in the new one, or
    /// for a removal its nearest surviving ancestor's, where a review can show it.
    pub fn new(
        change: &'static str,
        old: Option<&Loc>,
        at: Option<&Loc>,
        subject: impl Into<String>,
    ) -> Change {
        Change {
            change,
            facts: Vec::new(),
            old: old.cloned(),
            at: at.cloned(),
            subject: subject.into(),
            slots: Vec::new(),
        }
    }

    pub fn fact(mut self, fact: &'static str) -> Change {
        self.facts.push(fact);
        self
    }

    pub fn fact_if(self, cond: bool, fact: &'static str) -> Change {
        if cond { self.fact(fact) } else { self }
    }

    pub fn slot(mut self, name: &'static str, value: impl Into<String>) -> Change {
        self.slots.push((name, value.into()));
        self
    }
}

/// The findings of one kind's diff.
pub struct Report {
    area: &'static str,
    level: Category,
    /// Facts the user's config says not to weigh (`soften-deprecated = false`).
    ignored: Vec<&'static str>,
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn new(area: &'static str, level: Category) -> Report {
        Report {
            area,
            level,
            ignored: Vec::new(),
            findings: Vec::new(),
        }
    }

    pub fn ignore_fact(&mut self, fact: &'static str) {
        self.ignored.push(fact);
    }

    pub fn add(&mut self, mut c: Change) {
        c.facts.retain(|f| !self.ignored.contains(f));
        let Some(done) = classify::classify(self.area, c.change, &c.facts, &c.slots, self.level)
        else {
            debug_assert!(
                false,
                "no rule classifies {}.{} with {:?}",
                self.area, c.change, c.facts
            );
            return;
        };
        self.findings.push(
            Finding::change(done.rule.id, c.old, c.at, done.message)
                .severity(done.severity)
                .subject(c.subject),
        );
    }
}
