//! `contracts rules [ID]`: the rule registry, all of it or one rule's documentation, with
//! each diff rule's classification: the change it names, the facts that pick it, its level
//! per case or, for protobuf, buf's categories per case.

use serde_json::{Value, json};

use crate::classify;
use crate::cli::Format;
use crate::rules::{self, Cased, Rule};

pub fn run(id: Option<&str>, kind: Option<&str>, format: Format) -> u8 {
    let chosen: Vec<&Rule> = match id {
        Some(id) => match rules::find(id) {
            Some(r) => vec![r],
            None => {
                eprintln!("contracts rules: no rule `{id}`; `contracts rules` lists them");
                return 2;
            }
        },
        None => rules::all()
            .iter()
            .filter(|r| kind.is_none_or(|k| r.area() == k))
            .collect(),
    };
    if chosen.is_empty() {
        eprintln!(
            "contracts rules: no rule in area `{}`; areas are the part of an ID before the dot",
            kind.unwrap_or_default()
        );
        return 2;
    }
    let text = match (format, id) {
        (Format::Json, _) => {
            let list: Vec<Value> = chosen.iter().map(|r| to_json(r)).collect();
            let mut s = serde_json::to_string_pretty(&list).expect("rules serialise");
            s.push('\n');
            s
        }
        (Format::Text, Some(_)) => one(chosen[0]),
        (Format::Text, None) => listing(&chosen),
    };
    crate::output::print(&text);
    0
}

/// The level a rule gives when no case applies (for protobuf, at the default level).
fn default_level(r: &Rule) -> &'static str {
    classify::severity(r, &[], rules::Category::WireJson).as_str()
}

fn listing(chosen: &[&Rule]) -> String {
    let width = chosen.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in chosen {
        out.push_str(&format!(
            "{:<width$}  {:<7}  {}\n",
            r.id,
            default_level(r),
            r.summary
        ));
        for line in classification(r) {
            out.push_str(&format!("{:<width$}  {line}\n", ""));
        }
    }
    out
}

fn one(r: &Rule) -> String {
    let mut out = format!("{} ({})\n\n{}\n", r.id, default_level(r), r.summary);
    let lines = classification(r);
    if !lines.is_empty() {
        out.push('\n');
        for line in lines {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out.push_str(&format!("\n{}\n", r.doc));
    out
}

fn facts(f: &[&str]) -> String {
    f.join("+")
}

/// How a diff rule classifies, one line per aspect.
fn classification(r: &Rule) -> Vec<String> {
    if !r.is_diff_rule() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut pick = format!("change `{}`", r.change);
    if !r.when.is_empty() {
        pick.push_str(&format!(" when {}", r.when.join(" ")));
    }
    if !r.unless.is_empty() {
        pick.push_str(&format!(" unless {}", r.unless.join(" ")));
    }
    out.push(pick);
    if r.categories.default.is_some() {
        let show = |c: &Vec<rules::Category>| match c.is_empty() {
            true => "none".to_string(),
            false => c.iter().map(|c| c.name()).collect::<Vec<_>>().join(" "),
        };
        out.push(format!("categories {}", cases(&r.categories, show)));
    } else if !r.levels.cases.is_empty() {
        let mut levels = r.levels.clone();
        levels.default.get_or_insert(r.severity);
        out.push(format!(
            "levels {}",
            cases(&levels, |s| s.as_str().to_string())
        ));
    }
    if !r.buf.is_empty() {
        out.push(format!("buf {}", r.buf.join(" ")));
    }
    out
}

/// `a+b: X, c: Y, otherwise Z`.
fn cases<T>(c: &Cased<T>, show: impl Fn(&T) -> String) -> String {
    let mut parts: Vec<String> = c
        .cases
        .iter()
        .map(|(when, v)| format!("{}: {}", facts(when), show(v)))
        .collect();
    if let Some(d) = &c.default {
        parts.push(match parts.is_empty() {
            true => show(d),
            false => format!("otherwise {}", show(d)),
        });
    }
    parts.join(", ")
}

fn to_json(r: &Rule) -> Value {
    let cased = |c: &Cased<Value>| -> Value {
        let mut list: Vec<Value> = c
            .cases
            .iter()
            .map(|(w, v)| json!({"when": w, "value": v}))
            .collect();
        if let Some(d) = &c.default {
            list.push(json!({"when": [], "value": d}));
        }
        Value::Array(list)
    };
    let mut v = json!({
        "id": r.id,
        "area": r.area(),
        "severity": default_level(r),
        "summary": r.summary,
    });
    if r.is_diff_rule() {
        let mut levels = r.levels.map(|s| json!(s.as_str()));
        if r.categories.default.is_none() {
            levels.default.get_or_insert(json!(r.severity.as_str()));
        }
        let cats = r.categories.map(|c| json!(c));
        let messages = r.messages.map(|m| json!(m));
        let o = v.as_object_mut().expect("an object");
        o.insert("change".into(), json!(r.change));
        o.insert("when".into(), json!(r.when));
        o.insert("unless".into(), json!(r.unless));
        o.insert("levels".into(), cased(&levels));
        if r.categories.default.is_some() {
            o.insert("categories".into(), cased(&cats));
            o.insert("buf".into(), json!(r.buf));
        }
        o.insert("messages".into(), cased(&messages));
    }
    v
}
