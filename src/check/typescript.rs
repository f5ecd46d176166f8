//! TypeScript validity: every referenced type resolves somewhere in the doc.

use crate::analyze::{Analysis, Role};
use crate::finding::Finding;
use crate::model::Kind;
use crate::rules;

use super::names::{Index, Shared};

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

pub fn check(a: &Analysis, index: &Index, shared: &Shared) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in &a.results {
        if r.kind != Kind::Typescript || !matches!(r.role, Role::Contract | Role::Example) {
            continue;
        }
        for reference in &r.surface.refs {
            let name = reference.name.as_str();
            if STANDARD.contains(&name) || index.has_type(name) || shared.typescript.contains(name)
            {
                continue;
            }
            out.push(
                Finding::new(
                    rules::TYPESCRIPT_UNRESOLVED_TYPE,
                    &reference.loc,
                    format!("type `{name}` is declared in none of the contracts of this doc or the others checked with it"),
                )
                .subject(name.to_string()),
            );
        }
    }
    out
}
