//! From a change to a finding: the rule table decides which rule a change falls under, its
//! level and its message. Differs say what changed, what it touched and the facts they saw
//! (`request`, `input`, `required`); nothing else names a severity.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::finding::Severity;
use crate::rules::{self, Category, Rule};

/// What the table made of a change.
pub struct Classified {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
}

fn index() -> &'static HashMap<(&'static str, &'static str), Vec<&'static Rule>> {
    static INDEX: OnceLock<HashMap<(&str, &str), Vec<&Rule>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map: HashMap<(&str, &str), Vec<&Rule>> = HashMap::new();
        for r in rules::all().iter().filter(|r| r.is_diff_rule()) {
            map.entry((r.area(), r.change)).or_default().push(r);
        }
        // The rule naming most facts is the most specific one.
        for list in map.values_mut() {
            list.sort_by_key(|r| std::cmp::Reverse(r.when.len()));
        }
        map
    })
}

/// The rule a change in `area` falls under given its facts.
pub fn rule_for(area: &str, change: &str, facts: &[&str]) -> Option<&'static Rule> {
    index().get(&(area, change))?.iter().copied().find(|r| {
        r.when.iter().all(|w| facts.contains(w)) && !r.unless.iter().any(|u| facts.contains(u))
    })
}

/// The severity of a change under `rule`: its level for these facts or, for a protobuf rule,
/// whether the categories it breaks include the one `level` enforces.
pub fn severity(rule: &Rule, facts: &[&str], level: Category) -> Severity {
    if let Some(cats) = rule.categories.pick(facts) {
        return match cats.is_empty() {
            true => Severity::Info,
            false if cats.contains(&level) => Severity::Error,
            false => Severity::Warning,
        };
    }
    rule.levels.pick(facts).copied().unwrap_or(rule.severity)
}

/// Every level a rule can give, whatever the facts and the enforced category.
pub fn possible_levels(rule: &Rule) -> Vec<Severity> {
    // A protobuf rule's level comes from its categories alone.
    let mut out = match rule.categories.default {
        Some(_) => Vec::new(),
        None => vec![rule.severity],
    };
    out.extend(rule.levels.cases.iter().map(|(_, s)| *s));
    let cats = rule
        .categories
        .cases
        .iter()
        .map(|(_, c)| c)
        .chain(&rule.categories.default);
    for c in cats {
        if c.is_empty() {
            out.push(Severity::Info);
        } else {
            out.extend([Severity::Error, Severity::Warning]);
        }
    }
    out.sort();
    out.dedup();
    out
}

pub fn classify(
    area: &str,
    change: &str,
    facts: &[&str],
    slots: &[(&str, String)],
    level: Category,
) -> Option<Classified> {
    let rule = rule_for(area, change, facts)?;
    let mut message = render(
        rule.messages.pick(facts).copied().unwrap_or(rule.summary),
        slots,
    );
    if let Some(innermost) = rule.categories.pick(facts).and_then(|c| c.iter().min()) {
        message.push_str(&format!(" [{}]", innermost.name()));
    }
    Some(Classified {
        rule,
        severity: severity(rule, facts, level),
        message,
    })
}

/// `{slot}` replaced by its value; braces that name no slot (`/users/{id}`) stay as written.
pub fn render(template: &str, slots: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let slot = after.find('}').and_then(|close| {
            slots
                .iter()
                .find(|(k, _)| *k == &after[..close])
                .map(|s| (close, s))
        });
        match slot {
            Some((close, (_, value))) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_filled_and_other_braces_kept() {
        let slots = [
            ("op", "GET /a/{id}".to_string()),
            ("code", "200".to_string()),
        ];
        assert_eq!(
            render("{op} no longer returns {code} {x}", &slots),
            "GET /a/{id} no longer returns 200 {x}"
        );
    }

    #[test]
    fn the_most_specific_rule_wins() {
        let r = rule_for("openapi", "property-removed", &["request"]).unwrap();
        assert_eq!(r.id, "openapi.request-property-removed");
        let r = rule_for("openapi", "property-removed", &["response"]).unwrap();
        assert_eq!(r.id, "openapi.response-property-removed");
    }

    #[test]
    fn protobuf_levels_follow_the_enforced_category() {
        let r = rules::find("protobuf.field-deleted").unwrap();
        assert_eq!(severity(r, &[], Category::WireJson), Severity::Error);
        let reserved = ["number-reserved", "name-reserved"];
        assert_eq!(
            severity(r, &reserved, Category::WireJson),
            Severity::Warning
        );
        assert_eq!(severity(r, &reserved, Category::File), Severity::Error);
    }

    #[test]
    fn every_diff_rule_has_a_message_and_a_reachable_change() {
        for r in rules::all().iter().filter(|r| r.is_diff_rule()) {
            assert_eq!(
                rule_for(r.area(), r.change, &r.when).map(|x| x.id),
                Some(r.id)
            );
        }
    }
}
