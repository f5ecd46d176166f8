//! The doc's tables: every reference in the interface table resolves to a contract, and the
//! data-model table agrees with the contracts that define its entities.

use crate::analyze::Analysis;
use crate::finding::{Finding, Loc};
use crate::markdown::{Cell, Row, Table};
use crate::model::{Kind, OperationKind};
use crate::rules;

use super::names::{Index, fold};

/// A backticked token with one of these endings names a file next to the doc.
const FILE_ENDINGS: &[&str] = &[
    "yaml", "yml", "json", "proto", "graphql", "graphqls", "gql", "ts", "md", "avsc", "csv", "sql",
    "xml", "txt",
];

pub fn check(a: &Analysis, index: &Index) -> Vec<Finding> {
    let mut out = Vec::new();
    for t in &a.doc.tables {
        if let Some(col) = interface_columns(t) {
            interface_table(a, index, t, col, &mut out);
        }
        if let Some(cols) = data_model_columns(t) {
            data_model_table(a, index, t, cols, &mut out);
        }
    }
    out
}

fn header_fold(h: &str) -> String {
    h.trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace())
        .to_ascii_lowercase()
}

/// (from, to, contract) column indexes of an interface table.
fn interface_columns(t: &Table) -> Option<(usize, usize, usize)> {
    let find = |name: &str| t.header.iter().position(|h| header_fold(h) == name);
    let contract = find("contract")?;
    let by_heading = t
        .headings
        .last()
        .is_some_and(|h| fold(&h.text) == fold("Interface Contracts Between Streams"));
    match (find("from stream"), find("to stream"), find("interface")) {
        (Some(from), Some(to), Some(_)) => Some((from, to, contract)),
        (from, to, _) if by_heading => Some((
            from.unwrap_or(usize::MAX),
            to.unwrap_or(usize::MAX),
            contract,
        )),
        _ => None,
    }
}

fn data_model_columns(t: &Table) -> Option<(usize, usize, usize)> {
    let find = |name: &str| t.header.iter().position(|h| header_fold(h) == name);
    Some((find("entity")?, find("change")?, find("fields")?))
}

/// Template rows such as `_(e.g., ExportJob)_` stand for nothing.
fn is_placeholder(row: &Row) -> bool {
    row.cells
        .iter()
        .any(|c| c.text.trim().starts_with("_(") || c.text.trim().starts_with("*("))
}

/// The backticked tokens of a cell, each with its character offset in the cell.
fn code_spans(cell: &Cell) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    let mut open: Option<u32> = None;
    let mut current = String::new();
    for (offset, c) in cell.text.chars().enumerate() {
        if c == '`' {
            match open.take() {
                Some(at) => out.push((std::mem::take(&mut current).trim().to_string(), at)),
                None => open = Some(offset as u32),
            }
        } else if open.is_some() {
            current.push(c);
        }
    }
    out
}

fn interface_table(
    a: &Analysis,
    index: &Index,
    t: &Table,
    (from, to, contract): (usize, usize, usize),
    out: &mut Vec<Finding>,
) {
    let file = &a.source.display;
    for row in t.rows.iter().filter(|r| !is_placeholder(r)) {
        for (col, side) in [(from, "From"), (to, "To")] {
            let Some(cell) = row.cells.get(col) else {
                continue;
            };
            if cell.text.trim().is_empty() {
                out.push(Finding::new(
                    rules::TABLE_MISSING_STREAM,
                    &Loc {
                        file: file.clone(),
                        line: cell.line,
                        column: cell.column,
                    },
                    format!("this interface row has no {side} stream"),
                ));
            }
        }
        let Some(cell) = row.cells.get(contract) else {
            continue;
        };
        for (token, offset) in code_spans(cell) {
            let Some(verdict) = resolve(a, index, &token) else {
                continue;
            };
            if let Err(kind) = verdict {
                let message = if kind == FILE {
                    format!("`{token}` is not a file next to the doc")
                } else {
                    format!("`{token}` names {kind} that no contract of this doc defines")
                };
                out.push(
                    Finding::new(
                        rules::TABLE_UNRESOLVED_REFERENCE,
                        &Loc {
                            file: file.clone(),
                            line: cell.line,
                            column: cell.column + offset,
                        },
                        message,
                    )
                    .subject(token.clone()),
                );
            }
        }
    }
}

const FILE: &str = "a file next to the doc";

/// None: not a reference. Some(Ok): resolves. Some(Err(what it should have been)).
fn resolve(a: &Analysis, index: &Index, token: &str) -> Option<Result<(), &'static str>> {
    if let Some((method, path)) = token.split_once(' ')
        && crate::formats::openapi::refs::is_method(&method.to_ascii_lowercase())
        && path.trim().starts_with('/')
    {
        let want = format!(
            "{} {}",
            method.to_ascii_uppercase(),
            positional(path.trim())
        );
        let found = index.operations.iter().any(|(k, o)| {
            *k == Kind::Openapi && o.kind == OperationKind::Rest && positional(&o.name) == want
        });
        return Some(if found {
            Ok(())
        } else {
            Err("an OpenAPI operation")
        });
    }
    if token.contains(char::is_whitespace) || token.is_empty() {
        return None;
    }
    let ending = token.rsplit('.').next().unwrap_or("");
    if token.contains('/')
        || (token.contains('.') && FILE_ENDINGS.contains(&ending.to_ascii_lowercase().as_str()))
    {
        let dir = a.source.path.parent().unwrap_or(std::path::Path::new(""));
        return Some(if dir.join(token).exists() {
            Ok(())
        } else {
            Err(FILE)
        });
    }
    let identifier = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_');
    if !token.split('.').all(identifier) {
        return None;
    }
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() == 1 {
        let found = index.has_type(token)
            || index
                .operations
                .iter()
                .any(|(_, o)| o.id.as_deref() == Some(token));
        return Some(if found { Ok(()) } else { Err("a type") });
    }
    let (owner, member) = (parts[parts.len() - 2], parts[parts.len() - 1]);
    let as_operation = format!("{owner}.{member}");
    let operation = index.operations.iter().any(|(_, o)| o.name == as_operation);
    let member_of_type = index
        .types
        .iter()
        .filter(|(name, _)| **name == owner || name.rsplit('.').next() == Some(owner))
        .flat_map(|(_, defs)| defs)
        .any(|(_, t)| {
            t.fields.iter().any(|f| fold(&f.name) == fold(member))
                || t.values.iter().any(|v| fold(v) == fold(member))
        });
    Some(if operation || member_of_type {
        Ok(())
    } else {
        Err("an rpc, a GraphQL field or a member of a type")
    })
}

/// `/a/{id}/b` -> `/a/{}/b`: path parameters match by position, not name.
fn positional(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push('{');
            }
            '}' => {
                in_param = false;
                out.push('}');
            }
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}

fn plain(text: &str) -> String {
    text.replace(['`', '*'], "").trim().to_string()
}

fn data_model_table(
    a: &Analysis,
    index: &Index,
    t: &Table,
    (entity, change, fields): (usize, usize, usize),
    out: &mut Vec<Finding>,
) {
    let file = &a.source.display;
    for row in t.rows.iter().filter(|r| !is_placeholder(r)) {
        let Some(name_cell) = row.cells.get(entity) else {
            continue;
        };
        let name = plain(&name_cell.text);
        let name = name.split(['(', ' ']).next().unwrap_or("").to_string();
        if name.is_empty() {
            continue;
        }
        let defs: Vec<&crate::model::TypeDef> = index
            .types
            .iter()
            .filter(|(n, _)| {
                fold(n) == fold(&name)
                    || n.rsplit('.')
                        .next()
                        .is_some_and(|last| fold(last) == fold(&name))
            })
            .flat_map(|(_, defs)| defs.iter().map(|(_, t)| *t))
            .collect();
        if defs.is_empty() {
            continue;
        }
        let at = |cell: &Cell| Loc {
            file: file.clone(),
            line: cell.line,
            column: cell.column,
        };
        let removed = row
            .cells
            .get(change)
            .map(|c| fold(&c.text))
            .is_some_and(|c| c.contains("remov") || c.contains("delet") || c.contains("drop"));
        if removed {
            let first = defs[0];
            out.push(
                Finding::new(
                    rules::DATAMODEL_REMOVED_ENTITY_DEFINED,
                    &at(name_cell),
                    format!(
                        "`{name}` is marked removed, but a contract still defines it ({}:{})",
                        first.loc.file, first.loc.line
                    ),
                )
                .subject(name.clone()),
            );
            continue;
        }
        let Some(fields_cell) = row.cells.get(fields) else {
            continue;
        };
        for listed in plain(&fields_cell.text).split([',', ';']) {
            let field = listed
                .trim()
                .split([' ', '(', ':'])
                .next()
                .unwrap_or("")
                .trim();
            if field.is_empty() {
                continue;
            }
            let known = defs
                .iter()
                .any(|d| d.fields.iter().any(|f| fold(&f.name) == fold(field)));
            if !known {
                out.push(
                    Finding::new(
                        rules::DATAMODEL_UNKNOWN_FIELD,
                        &at(fields_cell),
                        format!("field `{field}` of `{name}` is defined by none of the contracts that define `{name}`"),
                    )
                    .subject(format!("{name}.{field}")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn path_parameters_match_by_position() {
        assert_eq!(
            super::positional("GET /a/{exportId}/b"),
            super::positional("GET /a/{id}/b")
        );
    }
}
