//! TypeScript validity: every referenced type resolves somewhere in the doc.

use std::collections::BTreeSet;

use crate::analyze::{Analysis, Role};
use crate::finding::Finding;
use crate::model::Kind;
use crate::rules;

use super::names::{Index, Shared};
use super::undefined::{self, Policy};

/// Types every TypeScript program has (lib.es*, lib.dom), plus Node's `Buffer`.
const STANDARD: &[&str] = &[
    "Array",
    "ReadonlyArray",
    "Record",
    "Partial",
    "Required",
    "Readonly",
    "Pick",
    "Omit",
    "Exclude",
    "Extract",
    "NonNullable",
    "ReturnType",
    "Parameters",
    "InstanceType",
    "ConstructorParameters",
    "ThisParameterType",
    "OmitThisParameter",
    "ThisType",
    "Awaited",
    "NoInfer",
    "Uppercase",
    "Lowercase",
    "Capitalize",
    "Uncapitalize",
    "Promise",
    "PromiseLike",
    "Map",
    "Set",
    "WeakMap",
    "WeakSet",
    "WeakRef",
    "ReadonlyMap",
    "ReadonlySet",
    "Date",
    "RegExp",
    "Error",
    "TypeError",
    "RangeError",
    "Function",
    "Object",
    "String",
    "Number",
    "Boolean",
    "Symbol",
    "BigInt",
    "ArrayBuffer",
    "SharedArrayBuffer",
    "DataView",
    "Uint8Array",
    "Int8Array",
    "Uint16Array",
    "Int16Array",
    "Uint32Array",
    "Int32Array",
    "Float32Array",
    "Float64Array",
    "BigInt64Array",
    "BigUint64Array",
    "Uint8ClampedArray",
    "Iterable",
    "Iterator",
    "IterableIterator",
    "AsyncIterable",
    "AsyncIterator",
    "AsyncIterableIterator",
    "Generator",
    "AsyncGenerator",
    "PropertyKey",
    "PropertyDescriptor",
    "TemplateStringsArray",
    "JSON",
    "Math",
    "Intl",
    "Console",
    "URL",
    "URLSearchParams",
    "Blob",
    "File",
    "FormData",
    "Headers",
    "Request",
    "Response",
    "RequestInit",
    "AbortSignal",
    "AbortController",
    "Event",
    "EventTarget",
    "Element",
    "HTMLElement",
    "Document",
    "Window",
    "ReadableStream",
    "WritableStream",
    "TransformStream",
    "TextEncoder",
    "TextDecoder",
    "Buffer",
    "NodeJS",
];

/// Other languages' primitives, written for TypeScript's.
const FOREIGN: &[(&str, &str)] = &[
    ("bool", "boolean"),
    ("int", "number"),
    ("integer", "number"),
    ("float", "number"),
    ("double", "number"),
    ("long", "number"),
    ("int32", "number"),
    ("int64", "number"),
    ("str", "string"),
];

const POLICY: Policy = Policy {
    unresolved: rules::TYPESCRIPT_UNRESOLVED_TYPE,
    elsewhere: rules::TYPESCRIPT_UNDEFINED_NAMES,
    noun: "type",
    foreign: FOREIGN,
};

pub fn check(a: &Analysis, index: &Index, shared: &Shared) -> Vec<Finding> {
    let mut out = Vec::new();
    let results = a
        .results
        .iter()
        .filter(|r| r.kind == Kind::Typescript && matches!(r.role, Role::Contract | Role::Example));
    let bound: BTreeSet<&str> = results
        .clone()
        .flat_map(|r| r.surface.bound.iter().map(String::as_str))
        .collect();
    let dominant = undefined::dominant_spellings(
        results
            .clone()
            .flat_map(|r| r.surface.refs.iter().map(|x| x.name.as_str())),
    );
    let contract: Vec<&str> = index
        .contract_types
        .iter()
        .map(|(_, t)| t.name.as_str())
        .chain(dominant.iter().map(String::as_str))
        .collect();
    for r in results {
        let defined = |name: &str| {
            bound.contains(name) || index.has_type(name) || shared.typescript.contains(name)
        };
        undefined::check_block(
            &POLICY, a.is_doc, STANDARD, &contract, &r.surface, defined, &mut out,
        );
    }
    // A line the parser already reports is one finding, not two.
    let broken: BTreeSet<u32> = a
        .findings
        .iter()
        .filter(|f| f.rule == rules::TYPESCRIPT_SYNTAX_ERROR)
        .map(|f| f.line)
        .collect();
    out.retain(|f| !broken.contains(&f.line));
    out
}
