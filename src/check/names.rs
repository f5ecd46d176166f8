//! What a doc defines, by name, for the rules that resolve references across its contracts.

use std::collections::BTreeMap;

use crate::analyze::{Analysis, Role};
use crate::model::{Kind, Operation, TypeDef};

/// `customer_id`, `customerId` and `Customer-ID` fold to one name.
pub fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Type names defined by the other docs of a run, by kind (last part of qualified names).
#[derive(Debug, Default)]
pub struct Shared {
    pub typescript: std::collections::BTreeSet<String>,
    pub graphql: std::collections::BTreeSet<String>,
}

/// The contracts of one doc, indexed.
pub struct Index<'a> {
    /// Every type of every contract (examples included), by exact name.
    pub types: BTreeMap<&'a str, Vec<(Kind, &'a TypeDef)>>,
    /// Types of the doc's contract blocks only (not examples), in doc order, per kind.
    pub contract_types: Vec<(Kind, &'a TypeDef)>,
    pub operations: Vec<(Kind, &'a Operation)>,
}

impl<'a> Index<'a> {
    pub fn of(a: &'a Analysis) -> Index<'a> {
        let mut types: BTreeMap<&str, Vec<(Kind, &TypeDef)>> = BTreeMap::new();
        let mut contract_types = Vec::new();
        let mut operations = Vec::new();
        for r in &a.results {
            if r.role == Role::CounterExample || r.kind == Kind::Openapi {
                continue;
            }
            for t in &r.surface.types {
                types.entry(t.name.as_str()).or_default().push((r.kind, t));
                if r.role == Role::Contract {
                    contract_types.push((r.kind, t));
                }
            }
            operations.extend(r.surface.operations.iter().map(|o| (r.kind, o)));
        }
        for api in &a.apis {
            for t in &api.surface.types {
                types
                    .entry(t.name.as_str())
                    .or_default()
                    .push((Kind::Openapi, t));
                contract_types.push((Kind::Openapi, t));
            }
            operations.extend(api.surface.operations.iter().map(|o| (Kind::Openapi, o)));
        }
        contract_types.sort_by(|x, y| {
            (&x.1.loc.line, &x.1.loc.column).cmp(&(&y.1.loc.line, &y.1.loc.column))
        });
        Index {
            types,
            contract_types,
            operations,
        }
    }

    /// Defined by some contract, under its exact name or the last part of a qualified one.
    pub fn has_type(&self, name: &str) -> bool {
        self.types.contains_key(name)
            || self
                .types
                .keys()
                .any(|k| k.rsplit('.').next() == Some(name))
    }
}
