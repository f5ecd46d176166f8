# Writes testdata/oasdiff/: per ERR and WARN check of oasdiff's list (and per INFO check where we
# say more), an old/new pair showing the change and `expect`, the finding we give it (`rule
# level` per line, or `none`). `# <-` marks the line each side of the finding points at.
# tests/oasdiff.rs runs them and holds them to rules/parity/oasdiff.md.
# Usage: python3 scripts/oasdiff-fixtures.py (from the checkout).
import os
import shutil

HEAD = "openapi: {v}\ninfo: {{title: Orders, version: '1'}}\npaths:\n  /orders:\n"
AT = "  # <-"


def doc(v, ops):
    return HEAD.format(v=v) + ops


def at(schema):
    """`schema:` then the schema, inline or on the lines below."""
    return "schema:" + (schema if schema.startswith("\n") else " " + schema)


def req_body(schema, mark):
    return f"""    post:
      requestBody:
        content:
          application/json:
            {at(schema)}{mark}
      responses:
        '204': {{description: created}}
"""


def res_body(schema, mark):
    return f"""    get:
      responses:
        '200':
          description: the orders
          content:
            application/json:
              {at(schema)}{mark}
"""


def obj(p, indent):
    """An object schema of one property, `p`, on the lines below `schema:`."""
    pad = " " * indent
    return f"\n{pad}type: object\n{pad}properties:\n{pad}  p: {p}{AT}"


def param(where, name, schema, at_name):
    return f"""    get:
      parameters:
        - name: {name}{AT if at_name else ''}
          in: {where}
          schema: {schema}{'' if at_name else AT}
      responses:
        '200': {{description: ok}}
"""


def res_header(header):
    return f"""    get:
      responses:
        '200':
          description: ok
          headers:
            X-Rate: {header}{AT}
"""


# Each kind places a schema (or a header object) in one spot of the same small spec.
KINDS = {
    "req-prop": lambda s: req_body(obj(s, 14), ""),
    "res-prop": lambda s: res_body(obj(s, 16), ""),
    "req-body": lambda s: req_body(s, AT),
    "res-body": lambda s: res_body(s, AT),
    "param": lambda s: param("query", "q", s, True),
    "param-schema": lambda s: param("query", "q", s, False),
    "header-param-schema": lambda s: param("header", "X-Filter", s, False),
    "res-header": res_header,
}

# (check, kind, old, new, expected finding[, openapi version])
cases = [
 ("request-property-max-decreased", "req-prop", "{type: integer, maximum: 10}", "{type: integer, maximum: 5}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-min-increased", "req-prop", "{type: integer, minimum: 1}", "{type: integer, minimum: 2}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-max-length-decreased", "req-prop", "{type: string, maxLength: 10}", "{type: string, maxLength: 5}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-max-length-set", "req-prop", "{type: string}", "{type: string, maxLength: 5}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-min-items-increased", "req-prop", "{type: array, items: {type: string}, minItems: 1}", "{type: array, items: {type: string}, minItems: 2}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-exclusive-max-decreased", "req-prop", "{type: number, exclusiveMaximum: 10}", "{type: number, exclusiveMaximum: 5}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-pattern-added", "req-prop", "{type: string}", "{type: string, pattern: '^[a-z]+$'}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-pattern-changed", "req-prop", "{type: string, pattern: '^[a-z]+$'}", "{type: string, pattern: '^[a-z0-9]+$'}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-enum-value-removed", "req-prop", "{type: string, enum: [a, b]}", "{type: string, enum: [a]}", "openapi.request-property-enum-value-removed error"),
 ("request-property-became-enum", "req-prop", "{type: string}", "{type: string, enum: [a]}", "openapi.request-property-enum-value-removed error"),
 ("request-property-x-extensible-enum-value-removed", "req-prop", "{type: string, x-extensible-enum: [a, b]}", "{type: string, x-extensible-enum: [a]}", "openapi.request-property-enum-value-removed error"),
 ("request-property-became-not-nullable", "req-prop", "{type: string, nullable: true}", "{type: string}", "openapi.request-property-became-non-nullable error"),
 ("request-property-type-changed", "req-prop", "{type: string}", "{type: integer}", "openapi.request-property-type-changed error"),
 ("request-property-list-of-types-narrowed", "req-prop", "{type: [string, integer]}", "{type: [string]}", "openapi.request-property-type-changed error"),
 ("request-property-const-added", "req-prop", "{type: string}", "{type: string, const: a}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-contains-added", "req-prop", "{type: array, items: {type: string}}", "{type: array, items: {type: string}, contains: {const: x}}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-min-contains-increased", "req-prop", "{type: array, contains: {type: string}, minContains: 1}", "{type: array, contains: {type: string}, minContains: 2}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-property-names-added", "req-prop", "{type: object}", "{type: object, propertyNames: {maxLength: 3}}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-unevaluated-properties-added", "req-prop", "{type: object}", "{type: object, unevaluatedProperties: false}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-dependent-required-added", "req-prop", "{type: object}", "{type: object, dependentRequired: {a: [b]}}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-dependent-schema-added", "req-prop", "{type: object}", "{type: object, dependentSchemas: {a: {required: [b]}}}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-pattern-property-added", "req-prop", "{type: object}", "{type: object, patternProperties: {'^x-': {type: string}}}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-content-media-type-changed", "req-prop", "{type: string, contentMediaType: image/png}", "{type: string, contentMediaType: image/webp}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-content-encoding-changed", "req-prop", "{type: string, contentEncoding: base64}", "{type: string, contentEncoding: base32}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-content-schema-added", "req-prop", "{type: string, contentMediaType: application/json}", "{type: string, contentMediaType: application/json, contentSchema: {type: object}}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-prefix-items-removed", "req-prop", "{type: array, prefixItems: [{type: string}, {type: integer}]}", "{type: array, prefixItems: [{type: string}]}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-one-of-removed", "req-prop", "{oneOf: [{type: string}, {type: integer}]}", "{oneOf: [{type: string}]}", "openapi.request-union-member-removed error"),
 ("response-property-max-increased", "res-prop", "{type: integer, maximum: 5}", "{type: integer, maximum: 10}", "openapi.response-property-constraint-widened error"),
 ("response-property-min-decreased", "res-prop", "{type: integer, minimum: 2}", "{type: integer, minimum: 1}", "openapi.response-property-constraint-widened error"),
 ("response-property-max-length-unset", "res-prop", "{type: string, maxLength: 5}", "{type: string}", "openapi.response-property-constraint-widened error"),
 ("response-property-min-items-decreased", "res-prop", "{type: array, items: {type: string}, minItems: 2}", "{type: array, items: {type: string}, minItems: 1}", "openapi.response-property-constraint-widened error"),
 ("response-property-exclusive-min-decreased", "res-prop", "{type: number, exclusiveMinimum: 2}", "{type: number, exclusiveMinimum: 1}", "openapi.response-property-constraint-widened error"),
 ("response-property-max-contains-increased", "res-prop", "{type: array, contains: {type: string}, maxContains: 2}", "{type: array, contains: {type: string}, maxContains: 3}", "openapi.response-property-constraint-widened error"),
 ("response-property-became-nullable", "res-prop", "{type: string}", "{type: string, nullable: true}", "openapi.response-property-became-nullable error"),
 ("response-property-type-changed", "res-prop", "{type: string}", "{type: integer}", "openapi.response-property-type-changed error"),
 ("response-property-type-generalized", "res-prop", "{type: integer}", "{type: number}", "openapi.response-property-type-changed error"),
 ("response-property-list-of-types-widened", "res-prop", "{type: [string]}", "{type: [string, integer]}", "openapi.response-property-type-changed error"),
 ("response-property-const-removed", "res-prop", "{type: string, const: a}", "{type: string}", "openapi.response-property-constraint-widened error"),
 ("response-property-const-changed", "res-prop", "{type: string, const: a}", "{type: string, const: b}", "openapi.response-property-constraint-widened error"),
 ("response-property-then-removed", "res-prop", "{type: object, if: {required: [a]}, then: {required: [b]}}", "{type: object, if: {required: [a]}}", "openapi.response-property-constraint-widened error"),
 ("response-property-contains-removed", "res-prop", "{type: array, contains: {type: string}}", "{type: array}", "openapi.response-property-constraint-widened error"),
 ("response-property-property-names-removed", "res-prop", "{type: object, propertyNames: {maxLength: 3}}", "{type: object}", "openapi.response-property-constraint-widened error"),
 ("response-property-unevaluated-items-removed", "res-prop", "{type: array, unevaluatedItems: false}", "{type: array}", "openapi.response-property-constraint-widened error"),
 ("response-property-pattern-property-removed", "res-prop", "{type: object, patternProperties: {'^x-': {type: string}}}", "{type: object}", "openapi.response-property-constraint-widened error"),
 ("response-property-dependent-required-removed", "res-prop", "{type: object, dependentRequired: {a: [b]}}", "{type: object}", "openapi.response-property-constraint-widened error"),
 ("response-property-content-schema-removed", "res-prop", "{type: string, contentMediaType: application/json, contentSchema: {type: object}}", "{type: string, contentMediaType: application/json}", "openapi.response-property-constraint-widened error"),
 ("response-property-prefix-items-added", "res-prop", "{type: array, prefixItems: [{type: string}]}", "{type: array, prefixItems: [{type: string}, {type: integer}]}", "openapi.response-property-constraint-widened error"),
 ("response-property-one-of-added", "res-prop", "{oneOf: [{type: string}]}", "{oneOf: [{type: string}, {type: integer}]}", "openapi.response-union-member-added warning"),
 ("response-property-enum-value-added", "res-prop", "{type: string, enum: [a]}", "{type: string, enum: [a, b]}", "openapi.response-property-enum-value-added warning"),
 # The same keywords at a request body's and a response body's root.
 ("request-body-became-enum", "req-body", "{type: string}", "{type: string, enum: [a]}", "openapi.request-property-enum-value-removed error"),
 ("request-body-enum-value-removed", "req-body", "{type: string, enum: [a, b]}", "{type: string, enum: [a]}", "openapi.request-property-enum-value-removed error"),
 ("request-body-became-not-nullable", "req-body", "{type: string, nullable: true}", "{type: string}", "openapi.request-property-became-non-nullable error", "3.0.3"),
 ("request-body-const-added", "req-body", "{type: string}", "{type: string, const: a}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-const-changed", "req-body", "{type: string, const: a}", "{type: string, const: b}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-max-decreased", "req-body", "{type: integer, maximum: 10}", "{type: integer, maximum: 5}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-max-set", "req-body", "{type: integer}", "{type: integer, maximum: 5}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-exclusive-max-decreased", "req-body", "{type: number, exclusiveMaximum: 10}", "{type: number, exclusiveMaximum: 5}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-exclusive-max-set", "req-body", "{type: number, maximum: 10}", "{type: number, maximum: 10, exclusiveMaximum: true}", "openapi.request-property-constraint-narrowed error", "3.0.3"),
 ("request-body-max-length-set", "req-body", "{type: string}", "{type: string, maxLength: 5}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-max-length-decreased", "req-body", "{type: string, maxLength: 10}", "{type: string, maxLength: 5}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-min-increased", "req-body", "{type: integer, minimum: 1}", "{type: integer, minimum: 2}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-min-set", "req-body", "{type: integer}", "{type: integer, minimum: 1}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-exclusive-min-increased", "req-body", "{type: number, exclusiveMinimum: 1}", "{type: number, exclusiveMinimum: 2}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-exclusive-min-set", "req-body", "{type: number, minimum: 1}", "{type: number, minimum: 1, exclusiveMinimum: true}", "openapi.request-property-constraint-narrowed error", "3.0.3"),
 ("request-body-min-items-increased", "req-body", "{type: array, items: {type: string}, minItems: 1}", "{type: array, items: {type: string}, minItems: 2}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-min-items-set", "req-body", "{type: array, items: {type: string}}", "{type: array, items: {type: string}, minItems: 1}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-min-length-increased", "req-body", "{type: string, minLength: 1}", "{type: string, minLength: 2}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-one-of-removed", "req-body", "{oneOf: [{type: string}, {type: integer}]}", "{oneOf: [{type: string}]}", "openapi.request-union-member-removed error"),
 ("request-body-any-of-removed", "req-body", "{anyOf: [{type: string}, {type: integer}]}", "{anyOf: [{type: string}]}", "openapi.request-union-member-removed error"),
 ("request-body-type-changed", "req-body", "{type: string}", "{type: integer}", "openapi.request-property-type-changed error"),
 ("request-body-list-of-types-narrowed", "req-body", "{type: [string, integer]}", "{type: [string]}", "openapi.request-property-type-changed error"),
 ("request-body-prefix-items-removed", "req-body", "{type: array, prefixItems: [{type: string}, {type: integer}]}", "{type: array, prefixItems: [{type: string}]}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-if-added", "req-body", "{type: object}", "{type: object, if: {required: [a]}, then: {required: [b]}}", "openapi.request-property-constraint-narrowed error\nopenapi.request-property-constraint-narrowed error"),
 ("request-body-then-added", "req-body", "{type: object, if: {required: [a]}}", "{type: object, if: {required: [a]}, then: {required: [b]}}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-else-added", "req-body", "{type: object, if: {required: [a]}}", "{type: object, if: {required: [a]}, else: {required: [b]}}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-contains-added", "req-body", "{type: array, items: {type: string}}", "{type: array, items: {type: string}, contains: {const: x}}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-min-contains-increased", "req-body", "{type: array, contains: {type: string}, minContains: 1}", "{type: array, contains: {type: string}, minContains: 2}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-max-contains-decreased", "req-body", "{type: array, contains: {type: string}, maxContains: 3}", "{type: array, contains: {type: string}, maxContains: 2}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-dependent-required-added", "req-body", "{type: object}", "{type: object, dependentRequired: {a: [b]}}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-dependent-required-changed", "req-body", "{type: object, dependentRequired: {a: [b]}}", "{type: object, dependentRequired: {a: [b, c]}}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-dependent-schema-added", "req-body", "{type: object}", "{type: object, dependentSchemas: {a: {required: [b]}}}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-pattern-property-added", "req-body", "{type: object}", "{type: object, patternProperties: {'^x-': {type: string}}}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-property-names-added", "req-body", "{type: object}", "{type: object, propertyNames: {maxLength: 3}}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-unevaluated-items-added", "req-body", "{type: array}", "{type: array, unevaluatedItems: false}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-unevaluated-properties-added", "req-body", "{type: object}", "{type: object, unevaluatedProperties: false}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-content-schema-added", "req-body", "{type: string, contentMediaType: application/json}", "{type: string, contentMediaType: application/json, contentSchema: {type: object}}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-content-media-type-changed", "req-body", "{type: string, contentMediaType: image/png}", "{type: string, contentMediaType: image/webp}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-content-encoding-changed", "req-body", "{type: string, contentEncoding: base64}", "{type: string, contentEncoding: base32}", "openapi.request-property-constraint-narrowed error"),
 ("request-body-all-of-added", "req-body", "{allOf: [{type: object, properties: {a: {type: string}}}]}", "{allOf: [{type: object, properties: {a: {type: string}}}, {type: object, required: [b], properties: {b: {type: string}}}]}", "openapi.request-property-added-required error"),
 ("request-body-all-of-removed", "req-body", "{allOf: [{type: object, properties: {a: {type: string}}}, {type: object, properties: {b: {type: string}}}]}", "{allOf: [{type: object, properties: {a: {type: string}}}]}", "openapi.request-property-removed warning"),
 ("request-body-wrapped-in-one-of", "req-body", "{type: string}", "{oneOf: [{type: string}, {type: integer}]}", "openapi.request-union-member-added info"),
 ("response-body-became-nullable", "res-body", "{type: string}", "{type: string, nullable: true}", "openapi.response-property-became-nullable error", "3.0.3"),
 ("response-body-const-removed", "res-body", "{type: string, const: a}", "{type: string}", "openapi.response-property-constraint-widened error"),
 ("response-body-const-changed", "res-body", "{type: string, const: a}", "{type: string, const: b}", "openapi.response-property-constraint-widened error"),
 ("response-body-max-increased", "res-body", "{type: integer, maximum: 5}", "{type: integer, maximum: 10}", "openapi.response-property-constraint-widened error"),
 ("response-body-exclusive-max-increased", "res-body", "{type: number, exclusiveMaximum: 5}", "{type: number, exclusiveMaximum: 10}", "openapi.response-property-constraint-widened error"),
 ("response-body-max-length-increased", "res-body", "{type: string, maxLength: 5}", "{type: string, maxLength: 10}", "openapi.response-property-constraint-widened error"),
 ("response-body-max-length-unset", "res-body", "{type: string, maxLength: 5}", "{type: string}", "openapi.response-property-constraint-widened error"),
 ("response-body-min-decreased", "res-body", "{type: integer, minimum: 2}", "{type: integer, minimum: 1}", "openapi.response-property-constraint-widened error"),
 ("response-body-exclusive-min-decreased", "res-body", "{type: number, minimum: 1, exclusiveMinimum: true}", "{type: number, minimum: 1}", "openapi.response-property-constraint-widened error", "3.0.3"),
 ("response-body-min-items-decreased", "res-body", "{type: array, items: {type: string}, minItems: 2}", "{type: array, items: {type: string}, minItems: 1}", "openapi.response-property-constraint-widened error"),
 ("response-body-min-items-unset", "res-body", "{type: array, items: {type: string}, minItems: 2}", "{type: array, items: {type: string}}", "openapi.response-property-constraint-widened error"),
 ("response-body-min-length-decreased", "res-body", "{type: string, minLength: 2}", "{type: string, minLength: 1}", "openapi.response-property-constraint-widened error"),
 ("response-body-one-of-added", "res-body", "{oneOf: [{type: string}, {type: integer}]}", "{oneOf: [{type: string}, {type: integer}, {type: boolean}]}", "openapi.response-union-member-added warning"),
 ("response-body-type-changed", "res-body", "{type: string}", "{type: integer}", "openapi.response-property-type-changed error"),
 ("response-body-type-generalized", "res-body", "{type: integer}", "{type: number}", "openapi.response-property-type-changed error"),
 ("response-body-list-of-types-widened", "res-body", "{type: [string]}", "{type: [string, integer]}", "openapi.response-property-type-changed error"),
 ("response-body-wrapped-in-one-of", "res-body", "{type: string}", "{oneOf: [{type: string}, {type: integer}]}", "openapi.response-union-member-added warning"),
 ("response-body-prefix-items-added", "res-body", "{type: array, prefixItems: [{type: string}]}", "{type: array, prefixItems: [{type: string}, {type: integer}]}", "openapi.response-property-constraint-widened error"),
 ("response-body-if-removed", "res-body", "{type: object, if: {required: [a]}, then: {required: [b]}}", "{type: object}", "openapi.response-property-constraint-widened error\nopenapi.response-property-constraint-widened error"),
 ("response-body-then-removed", "res-body", "{type: object, if: {required: [a]}, then: {required: [b]}}", "{type: object, if: {required: [a]}}", "openapi.response-property-constraint-widened error"),
 ("response-body-else-removed", "res-body", "{type: object, if: {required: [a]}, else: {required: [b]}}", "{type: object, if: {required: [a]}}", "openapi.response-property-constraint-widened error"),
 ("response-body-contains-removed", "res-body", "{type: array, contains: {type: string}}", "{type: array}", "openapi.response-property-constraint-widened error"),
 ("response-body-min-contains-decreased", "res-body", "{type: array, contains: {type: string}, minContains: 2}", "{type: array, contains: {type: string}, minContains: 1}", "openapi.response-property-constraint-widened error"),
 ("response-body-max-contains-increased", "res-body", "{type: array, contains: {type: string}, maxContains: 2}", "{type: array, contains: {type: string}, maxContains: 3}", "openapi.response-property-constraint-widened error"),
 ("response-body-dependent-required-removed", "res-body", "{type: object, dependentRequired: {a: [b]}}", "{type: object}", "openapi.response-property-constraint-widened error"),
 ("response-body-dependent-required-changed", "res-body", "{type: object, dependentRequired: {a: [b, c]}}", "{type: object, dependentRequired: {a: [b]}}", "openapi.response-property-constraint-widened error"),
 ("response-body-dependent-schema-removed", "res-body", "{type: object, dependentSchemas: {a: {required: [b]}}}", "{type: object}", "openapi.response-property-constraint-widened error"),
 ("response-body-pattern-property-removed", "res-body", "{type: object, patternProperties: {'^x-': {type: string}}}", "{type: object}", "openapi.response-property-constraint-widened error"),
 ("response-body-property-names-removed", "res-body", "{type: object, propertyNames: {maxLength: 3}}", "{type: object}", "openapi.response-property-constraint-widened error"),
 ("response-body-unevaluated-items-removed", "res-body", "{type: array, unevaluatedItems: false}", "{type: array}", "openapi.response-property-constraint-widened error"),
 ("response-body-unevaluated-properties-removed", "res-body", "{type: object, unevaluatedProperties: false}", "{type: object}", "openapi.response-property-constraint-widened error"),
 ("response-body-content-schema-removed", "res-body", "{type: string, contentMediaType: application/json, contentSchema: {type: object}}", "{type: string, contentMediaType: application/json}", "openapi.response-property-constraint-widened error"),
 ("response-body-content-media-type-changed", "res-body", "{type: string, contentMediaType: image/png}", "{type: string, contentMediaType: image/webp}", "openapi.response-property-constraint-widened error"),
 ("response-body-content-encoding-changed", "res-body", "{type: string, contentEncoding: base64}", "{type: string, contentEncoding: base32}", "openapi.response-property-constraint-widened error"),
 ("response-required-property-removed", "res-body", "{type: object, required: [a], properties: {a: {type: string}}}", "{type: object}", "openapi.response-property-removed error"),
 ("response-optional-property-removed", "res-body", "{type: object, properties: {a: {type: string}}}", "{type: object}", "openapi.response-property-removed error"),
 ("response-property-became-optional", "res-body", "{type: object, required: [a], properties: {a: {type: string}}}", "{type: object, properties: {a: {type: string}}}", "openapi.response-property-became-optional error"),
 ("response-required-property-became-not-write-only", "res-body", "{type: object, required: [a], properties: {a: {type: string, writeOnly: true}}}", "{type: object, required: [a], properties: {a: {type: string}}}", "openapi.response-property-became-required info"),
 # INFO checks of the list where we weigh more, or where a reader wants to know.
 ("request-required-property-became-not-read-only", "req-body", "{type: object, required: [a], properties: {a: {type: string, readOnly: true}}}", "{type: object, required: [a], properties: {a: {type: string}}}", "openapi.request-property-became-required error"),
 # One property's schema, for the checks the pairs above do not show already.
 ("request-property-const-changed", "req-prop", "{type: string, const: a}", "{type: string, const: b}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-max-set", "req-prop", "{type: integer}", "{type: integer, maximum: 5}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-exclusive-max-set", "req-prop", "{type: number}", "{type: number, exclusiveMaximum: 5}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-exclusive-min-increased", "req-prop", "{type: number, minimum: 1, exclusiveMinimum: false}", "{type: number, minimum: 1, exclusiveMinimum: true}", "openapi.request-property-constraint-narrowed error", "3.0.3"),
 ("request-property-exclusive-min-set", "req-prop", "{type: number}", "{type: number, exclusiveMinimum: 1}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-min-items-set", "req-prop", "{type: array, items: {type: string}}", "{type: array, items: {type: string}, minItems: 1}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-min-length-increased", "req-prop", "{type: string, minLength: 1}", "{type: string, minLength: 3}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-min-set", "req-prop", "{type: integer}", "{type: integer, minimum: 0}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-any-of-removed", "req-prop", "{anyOf: [{type: string}, {type: integer}]}", "{anyOf: [{type: string}]}", "openapi.request-union-member-removed error"),
 ("request-property-if-added", "req-prop", "{type: object}", "{type: object, if: {required: [a]}, then: {required: [b]}}", "openapi.request-property-constraint-narrowed error\nopenapi.request-property-constraint-narrowed error"),
 ("request-property-then-added", "req-prop", "{type: object, if: {required: [a]}}", "{type: object, if: {required: [a]}, then: {required: [b]}}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-else-added", "req-prop", "{type: object, if: {required: [a]}}", "{type: object, if: {required: [a]}, else: {required: [b]}}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-max-contains-decreased", "req-prop", "{type: array, contains: {type: string}, maxContains: 3}", "{type: array, contains: {type: string}, maxContains: 2}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-dependent-required-changed", "req-prop", "{type: object, dependentRequired: {a: [b]}}", "{type: object, dependentRequired: {a: [b, c]}}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-unevaluated-items-added", "req-prop", "{type: array}", "{type: array, unevaluatedItems: false}", "openapi.request-property-constraint-narrowed error"),
 ("request-property-all-of-added", "req-prop", "{allOf: [{type: object, properties: {a: {type: string}}}]}", "{allOf: [{type: object, properties: {a: {type: string}}}, {type: object, required: [b], properties: {b: {type: string}}}]}", "openapi.request-property-added-required error"),
 ("request-property-all-of-removed", "req-prop", "{allOf: [{type: object, properties: {a: {type: string}}}, {type: object, properties: {b: {type: string}}}]}", "{allOf: [{type: object, properties: {a: {type: string}}}]}", "openapi.request-property-removed warning"),
 ("request-property-became-required", "req-prop", "{type: object, properties: {a: {type: string}}}", "{type: object, required: [a], properties: {a: {type: string}}}", "openapi.request-property-became-required error"),
 ("request-property-became-required-with-default", "req-prop", "{type: object, properties: {a: {type: string, default: x}}}", "{type: object, required: [a], properties: {a: {type: string, default: x}}}", "openapi.request-property-became-required error"),
 ("request-property-removed", "req-prop", "{type: object, properties: {a: {type: string}}}", "{type: object}", "openapi.request-property-removed warning"),
 ("new-required-request-property", "req-prop", "{type: object}", "{type: object, required: [a], properties: {a: {type: string}}}", "openapi.request-property-added-required error"),
 ("new-required-request-property-with-default", "req-prop", "{type: object}", "{type: object, required: [a], properties: {a: {type: string, default: x}}}", "openapi.request-property-added-required error"),
 ("request-property-stability-decreased", "req-prop", "{type: string, x-stability-level: stable}", "{type: string, x-stability-level: beta}", "openapi.stability-decreased error"),
 ("request-property-deprecated-sunset-missing", "req-prop", "{type: string}", "{type: string, deprecated: true}", "openapi.property-deprecated info"),
 ("request-property-deprecated-sunset-invalid", "req-prop", "{type: string}", "{type: string, deprecated: true, x-sunset: soon}", "openapi.property-deprecated info"),
 ("request-property-sunset-date-too-small", "req-prop", "{type: string}", "{type: string, deprecated: true, x-sunset: '2026-12-04'}", "openapi.property-deprecated info"),
 ("response-property-exclusive-max-increased", "res-prop", "{type: number, exclusiveMaximum: 5}", "{type: number, exclusiveMaximum: 6}", "openapi.response-property-constraint-widened error"),
 ("response-property-max-length-increased", "res-prop", "{type: string, maxLength: 5}", "{type: string, maxLength: 6}", "openapi.response-property-constraint-widened error"),
 ("response-property-min-items-unset", "res-prop", "{type: array, items: {type: string}, minItems: 1}", "{type: array, items: {type: string}}", "openapi.response-property-constraint-widened error"),
 ("response-property-min-length-decreased", "res-prop", "{type: string, minLength: 3}", "{type: string, minLength: 1}", "openapi.response-property-constraint-widened error"),
 ("response-property-if-removed", "res-prop", "{type: object, if: {required: [a]}, then: {required: [b]}}", "{type: object}", "openapi.response-property-constraint-widened error\nopenapi.response-property-constraint-widened error"),
 ("response-property-else-removed", "res-prop", "{type: object, if: {required: [a]}, else: {required: [b]}}", "{type: object, if: {required: [a]}}", "openapi.response-property-constraint-widened error"),
 ("response-property-min-contains-decreased", "res-prop", "{type: array, contains: {type: string}, minContains: 2}", "{type: array, contains: {type: string}, minContains: 1}", "openapi.response-property-constraint-widened error"),
 ("response-property-dependent-required-changed", "res-prop", "{type: object, dependentRequired: {a: [b, c]}}", "{type: object, dependentRequired: {a: [b]}}", "openapi.response-property-constraint-widened error"),
 ("response-property-dependent-schema-removed", "res-prop", "{type: object, dependentSchemas: {a: {required: [b]}}}", "{type: object}", "openapi.response-property-constraint-widened error"),
 ("response-property-unevaluated-properties-removed", "res-prop", "{type: object, unevaluatedProperties: false}", "{type: object}", "openapi.response-property-constraint-widened error"),
 ("response-property-content-media-type-changed", "res-prop", "{type: string, contentMediaType: image/png}", "{type: string, contentMediaType: image/webp}", "openapi.response-property-constraint-widened error"),
 ("response-property-content-encoding-changed", "res-prop", "{type: string, contentEncoding: base64}", "{type: string, contentEncoding: base32}", "openapi.response-property-constraint-widened error"),
 ("response-property-stability-decreased", "res-prop", "{type: string, x-stability-level: stable}", "{type: string, x-stability-level: alpha}", "openapi.stability-decreased error"),
 ("response-property-deprecated-sunset-missing", "res-prop", "{type: string}", "{type: string, deprecated: true}", "openapi.property-deprecated info"),
 ("response-property-deprecated-sunset-invalid", "res-prop", "{type: string}", "{type: string, deprecated: true, x-sunset: soon}", "openapi.property-deprecated info"),
 ("response-property-sunset-date-too-small", "res-prop", "{type: string}", "{type: string, deprecated: true, x-sunset: '2026-12-04'}", "openapi.property-deprecated info"),
 # A query parameter's schema: findings point at the parameter.
 ("request-parameter-became-enum", "param", "{type: string}", "{type: string, enum: [a]}", "openapi.request-parameter-enum-value-removed error"),
 ("request-parameter-became-not-nullable", "param", "{type: string, nullable: true}", "{type: string}", "openapi.request-property-became-non-nullable error", "3.0.3"),
 ("request-parameter-default-value-changed", "param", "{type: integer, default: 10}", "{type: integer, default: 20}", "openapi.request-parameter-default-changed warning"),
 ("request-parameter-default-value-added", "param", "{type: integer}", "{type: integer, default: 10}", "openapi.request-parameter-default-changed warning"),
 ("request-parameter-default-value-removed", "param", "{type: integer, default: 10}", "{type: integer}", "openapi.request-parameter-default-changed warning"),
 ("request-parameter-enum-value-removed", "param", "{type: string, enum: [a, b]}", "{type: string, enum: [a]}", "openapi.request-parameter-enum-value-removed error"),
 ("request-parameter-x-extensible-enum-value-removed", "param", "{type: string, x-extensible-enum: [a, b]}", "{type: string, x-extensible-enum: [a]}", "openapi.request-parameter-enum-value-removed error"),
 ("request-parameter-max-items-decreased", "param", "{type: array, items: {type: string}, maxItems: 5}", "{type: array, items: {type: string}, maxItems: 3}", "openapi.request-parameter-constraint-narrowed error"),
 ("request-parameter-max-length-set", "param", "{type: string}", "{type: string, maxLength: 5}", "openapi.request-parameter-constraint-narrowed error"),
 ("request-parameter-max-length-decreased", "param", "{type: string, maxLength: 10}", "{type: string, maxLength: 5}", "openapi.request-parameter-constraint-narrowed error"),
 ("request-parameter-max-set", "param", "{type: integer}", "{type: integer, maximum: 100}", "openapi.request-parameter-constraint-narrowed error"),
 ("request-parameter-exclusive-max-set", "param", "{type: integer}", "{type: integer, exclusiveMaximum: 100}", "openapi.request-parameter-constraint-narrowed error"),
 ("request-parameter-max-decreased", "param", "{type: integer, maximum: 100}", "{type: integer, maximum: 50}", "openapi.request-parameter-constraint-narrowed error"),
 ("request-parameter-exclusive-max-decreased", "param", "{type: integer, exclusiveMaximum: 100}", "{type: integer, exclusiveMaximum: 50}", "openapi.request-parameter-constraint-narrowed error"),
 ("request-parameter-min-items-set", "param", "{type: array, items: {type: string}}", "{type: array, items: {type: string}, minItems: 1}", "openapi.request-parameter-constraint-narrowed error"),
 ("request-parameter-min-items-increased", "param", "{type: array, items: {type: string}, minItems: 1}", "{type: array, items: {type: string}, minItems: 2}", "openapi.request-parameter-constraint-narrowed error"),
 ("request-parameter-min-length-increased", "param", "{type: string, minLength: 1}", "{type: string, minLength: 2}", "openapi.request-parameter-constraint-narrowed error"),
 ("request-parameter-min-set", "param", "{type: integer}", "{type: integer, minimum: 1}", "openapi.request-parameter-constraint-narrowed error"),
 ("request-parameter-exclusive-min-set", "param", "{type: integer, minimum: 0}", "{type: integer, minimum: 0, exclusiveMinimum: true}", "openapi.request-parameter-constraint-narrowed error", "3.0.3"),
 ("request-parameter-min-increased", "param", "{type: integer, minimum: 1}", "{type: integer, minimum: 2}", "openapi.request-parameter-constraint-narrowed error"),
 ("request-parameter-exclusive-min-increased", "param", "{type: integer, exclusiveMinimum: 1}", "{type: integer, exclusiveMinimum: 2}", "openapi.request-parameter-constraint-narrowed error"),
 ("request-parameter-pattern-added", "param", "{type: string}", "{type: string, pattern: '^[a-z]+$'}", "openapi.request-parameter-constraint-narrowed error"),
 ("request-parameter-pattern-changed", "param", "{type: string, pattern: '^[a-z]+$'}", "{type: string, pattern: '^[a-z0-9]+$'}", "openapi.request-parameter-constraint-narrowed error"),
 ("request-parameter-type-changed", "param", "{type: string}", "{type: integer}", "openapi.request-parameter-type-changed error"),
 ("request-parameter-list-of-types-narrowed", "param", "{type: [string, integer]}", "{type: [string]}", "openapi.request-parameter-type-changed error"),
 # Inside a parameter's object schema: findings point at the schema.
 ("request-parameter-property-became-not-nullable", "param-schema", "{type: object, properties: {p: {type: string, nullable: true}}}", "{type: object, properties: {p: {type: string}}}", "openapi.request-property-became-non-nullable error", "3.0.3"),
 ("request-parameter-property-enum-value-removed", "param-schema", "{type: object, properties: {p: {type: string, enum: [a, b]}}}", "{type: object, properties: {p: {type: string, enum: [a]}}}", "openapi.request-parameter-enum-value-removed error"),
 ("request-parameter-property-type-changed", "param-schema", "{type: object, properties: {p: {type: string}}}", "{type: object, properties: {p: {type: integer}}}", "openapi.request-parameter-type-changed error"),
 ("request-parameter-property-type-specialized", "param-schema", "{type: object, properties: {p: {type: number}}}", "{type: object, properties: {p: {type: integer}}}", "openapi.request-parameter-type-changed error"),
 ("request-parameter-property-list-of-types-narrowed", "param-schema", "{type: object, properties: {p: {type: [string, integer]}}}", "{type: object, properties: {p: {type: [string]}}}", "openapi.request-parameter-type-changed error"),
 ("request-header-property-became-enum", "header-param-schema", "{type: object, properties: {p: {type: string}}}", "{type: object, properties: {p: {type: string, enum: [a]}}}", "openapi.request-parameter-enum-value-removed error"),
 ("request-header-property-became-required", "header-param-schema", "{type: object, properties: {p: {type: string}}}", "{type: object, required: [p], properties: {p: {type: string}}}", "openapi.request-property-became-required error"),
 # A response header.
 ("response-header-type-changed", "res-header", "{schema: {type: string}}", "{schema: {type: integer}}", "openapi.response-property-type-changed error"),
 ("response-header-type-generalized", "res-header", "{schema: {type: integer}}", "{schema: {type: number}}", "openapi.response-property-type-changed error"),
 ("response-header-became-nullable", "res-header", "{schema: {type: integer}}", "{schema: {type: integer, nullable: true}}", "openapi.response-property-became-nullable error", "3.0.3"),
 ("response-header-became-optional", "res-header", "{required: true, schema: {type: integer}}", "{schema: {type: integer}}", "openapi.response-header-became-optional error"),
]

# Changes no one spot shows: whole specs, `# <-` written where the finding's sides point.
def ops(*parts):
    return "".join(parts)


def get(extra="", mark="", responses="        '200': {description: ok}\n"):
    return f"    get:{mark}\n{extra}      responses:\n{responses}"


def post(extra="", mark=""):
    return f"    post:{mark}\n{extra}      responses:\n        '204': {{description: created}}\n"


V = "3.1.0"
LIST = "  /orders/{id}:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200': {description: ok}\n"


def op_with(lines, mark=""):
    """GET /orders with these operation-level lines, `# <-` on the `get:` line when marked."""
    return doc(V, get(lines, mark))


def param_with(p, mark=AT):
    return doc(V, get(f"      parameters:\n        - {p}{mark}\n"))


PATHS_AT = HEAD.format(v=V).replace("paths:", "paths:" + AT)
ORDERS_AT = HEAD.format(v=V).replace("/orders:", "/orders:" + AT)

SCHEMES = HEAD.format(v=V).replace("paths:", "security:\n  - key: []\npaths:") + get() + "components:\n  securitySchemes:\n    key:KEY\n"

raw = {
    # Lifecycle: stability, deprecation and sunsets.
    "api-stability-decreased": (op_with("      x-stability-level: stable\n", AT), op_with("      x-stability-level: beta\n", AT), "openapi.stability-decreased error"),
    "api-invalid-stability-level": (op_with("      x-stability-level: stable\n"), op_with("      x-stability-level: solid\n"), "none"),
    "api-deprecated-sunset-missing": (op_with("", AT), op_with("      deprecated: true\n", AT), "openapi.operation-deprecated info"),
    "api-deprecated-sunset-parse": (op_with("", AT), op_with("      deprecated: true\n      x-sunset: soon\n", AT), "openapi.operation-deprecated info"),
    "api-sunset-date-too-small": (op_with("", AT), op_with("      deprecated: true\n      x-sunset: '2026-12-04'\n", AT), "openapi.operation-deprecated info"),
    "sunset-deleted": (op_with("      deprecated: true\n      x-sunset: '2027-06-01'\n", AT), op_with("      deprecated: true\n", AT), "openapi.sunset-changed error"),
    "api-sunset-date-changed-too-small": (op_with("      deprecated: true\n      x-sunset: '2027-06-01'\n", AT), op_with("      deprecated: true\n      x-sunset: '2027-01-01'\n", AT), "openapi.sunset-changed error"),
    "request-parameter-deprecated-sunset-missing": (param_with("{name: q, in: query, schema: {type: string}}"), param_with("{name: q, in: query, deprecated: true, schema: {type: string}}"), "openapi.request-parameter-deprecated info"),
    "request-parameter-sunset-date-too-small": (param_with("{name: q, in: query, schema: {type: string}}"), param_with("{name: q, in: query, deprecated: true, x-sunset: '2026-12-04', schema: {type: string}}"), "openapi.request-parameter-deprecated info"),
    "request-parameter-sunset-deleted": (param_with("{name: q, in: query, deprecated: true, x-sunset: '2027-06-01', schema: {type: string}}"), param_with("{name: q, in: query, deprecated: true, schema: {type: string}}"), "openapi.sunset-changed error"),
    "request-parameter-sunset-date-changed-too-small": (param_with("{name: q, in: query, deprecated: true, x-sunset: '2027-06-01', schema: {type: string}}"), param_with("{name: q, in: query, deprecated: true, x-sunset: '2027-01-01', schema: {type: string}}"), "openapi.sunset-changed error"),
    # Paths and operations removed.
    "api-path-removed-without-deprecation": (doc(V, get() + LIST.replace("    get:\n      parameters", "    get:" + AT + "\n      parameters")), PATHS_AT + get(), "openapi.operation-removed error"),
    "api-path-removed-before-sunset": (doc(V, get() + LIST.replace("    get:\n      parameters", "    get:" + AT + "\n      deprecated: true\n      x-sunset: '2099-01-01'\n      parameters")), PATHS_AT + get(), "openapi.operation-removed error"),
    "api-path-sunset-parse": (doc(V, get() + LIST.replace("    get:\n      parameters", "    get:" + AT + "\n      deprecated: true\n      x-sunset: soon\n      parameters")), PATHS_AT + get(), "openapi.operation-removed warning"),
    "api-removed-without-deprecation": (doc(V, get() + post(mark=AT)), ORDERS_AT + get(), "openapi.operation-removed error"),
    "api-removed-before-sunset": (doc(V, get() + post("      deprecated: true\n      x-sunset: '2099-01-01'\n", AT)), ORDERS_AT + get(), "openapi.operation-removed error"),
    # Parameters added, removed, made required.
    "new-required-request-parameter": (op_with(""), param_with("{name: q, in: query, required: true, schema: {type: string}}"), "openapi.request-parameter-added-required error"),
    "new-required-request-default-parameter-to-existing-path": (doc(V, get()), HEAD.format(v=V) + "    parameters:\n      - {name: X-Tenant, in: header, required: true, schema: {type: string}}" + AT + "\n" + get(), "openapi.request-parameter-added-required error"),
    "new-request-path-parameter": ("openapi: 3.1.0\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders/{id}:\n    get:\n      responses:\n        '200': {description: ok}\n", "openapi: 3.1.0\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders/{id}:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}" + AT + "\n      responses:\n        '200': {description: ok}\n", "openapi.request-parameter-added-required error"),
    "request-parameter-became-required": (param_with("{name: q, in: query, schema: {type: string}}"), param_with("{name: q, in: query, required: true, schema: {type: string}}"), "openapi.request-parameter-became-required error"),
    "request-parameter-removed": (param_with("{name: q, in: query, schema: {type: string}}"), op_with("", AT), "openapi.request-parameter-removed warning"),
    "request-parameter-sunset-parse": (param_with("{name: q, in: query, deprecated: true, x-sunset: soon, schema: {type: string}}"), op_with("", AT), "openapi.request-parameter-removed info"),
    "request-parameter-removed-before-sunset": (param_with("{name: q, in: query, deprecated: true, x-sunset: '2099-01-01', schema: {type: string}}"), op_with("", AT), "openapi.request-parameter-removed warning"),
    # Request bodies and media types.
    "request-body-added-required": (doc(V, post(mark=AT)), doc(V, post("      requestBody:\n        required: true" + AT + "\n        content:\n          application/json: {schema: {type: object}}\n")), "openapi.request-body-added-required error"),
    "request-body-became-required": (doc(V, post("      requestBody:\n        content:" + AT + "\n          application/json: {schema: {type: object}}\n")), doc(V, post("      requestBody:\n        required: true" + AT + "\n        content:\n          application/json: {schema: {type: object}}\n")), "openapi.request-body-became-required error"),
    "request-body-removed": (doc(V, post("      requestBody:\n        content:" + AT + "\n          application/json: {schema: {type: object}}\n")), doc(V, post(mark=AT)), "openapi.request-body-removed warning"),
    "request-body-media-type-removed": (doc(V, post("      requestBody:\n        content:\n          application/json: {schema: {type: object}}\n          application/xml: {schema: {type: object}}" + AT + "\n")), doc(V, post("      requestBody:\n        content:" + AT + "\n          application/json: {schema: {type: object}}\n")), "openapi.request-body-media-type-removed error"),
    "request-body-media-type-schema-added": (doc(V, post("      requestBody:\n        content:\n          application/json: {}" + AT + "\n")), doc(V, post("      requestBody:\n        content:\n          application/json: {schema: {type: object}}" + AT + "\n")), "openapi.request-body-schema-added error"),
    # Responses: bodies, media types, headers, statuses.
    "response-body-media-type-schema-removed": (doc(V, get(responses="        '200':\n          description: ok\n          content:\n            application/json: {schema: {type: object}}" + AT + "\n")), doc(V, get(responses="        '200':\n          description: ok\n          content:\n            application/json: {}" + AT + "\n")), "openapi.response-body-schema-removed warning"),
    "response-media-type-removed": (doc(V, get(responses="        '200':\n          description: ok\n          content:\n            application/json: {schema: {type: object}}\n            application/xml: {schema: {type: object}}" + AT + "\n")), doc(V, get(responses="        '200':" + AT + "\n          description: ok\n          content:\n            application/json: {schema: {type: object}}\n")), "openapi.response-media-type-removed error"),
    "response-media-type-name-generalized": (doc(V, get(responses="        '200':" + AT + "added\n          description: ok\n          content:\n            application/json: {schema: {type: object}}" + AT + "\n")), doc(V, get(responses="        '200':" + AT + "\n          description: ok\n          content:\n            application/*: {schema: {type: object}}" + AT + "added\n")), "openapi.response-media-type-removed error\nopenapi.response-media-type-added info added"),
    "response-success-status-removed": (doc(V, get(responses="        '200': {description: ok}" + AT + "\n        '202': {description: accepted}\n")), doc(V, get(mark=AT, responses="        '202': {description: accepted}\n")), "openapi.response-success-status-removed error"),
    "required-response-header-removed": (doc(V, get(responses="        '200':\n          description: ok\n          headers:\n            X-Rate: {required: true, schema: {type: integer}}" + AT + "\n")), doc(V, get(responses="        '200':" + AT + "\n          description: ok\n")), "openapi.response-header-removed error"),
    "optional-response-header-removed": (doc(V, get(responses="        '200':\n          description: ok\n          headers:\n            X-Rate: {schema: {type: integer}}" + AT + "\n")), doc(V, get(responses="        '200':" + AT + "\n          description: ok\n")), "openapi.response-header-removed warning"),
    # Security requirements: alternatives added and dropped, and dropped altogether.
    "api-security-added": (op_with("      security:\n        - key: []\n", AT), op_with("      security:\n        - key: []\n        - oauth: []\n", AT), "openapi.security-requirement-added info"),
    "api-security-removed": (op_with("      security:\n        - key: []\n        - oauth: []\n", AT), op_with("      security:\n        - key: []\n", AT), "openapi.security-requirement-removed error"),
    "api-global-security-removed": (HEAD.format(v=V).replace("paths:", "security:\n  - key: []\npaths:") + get(mark=AT), HEAD.format(v=V) + get(mark=AT), "openapi.security-requirement-removed info"),
    # Security schemes in use: how credentials are presented, where tokens are got.
    "api-security-component-type-changed": (SCHEMES.replace("KEY", " {type: apiKey, in: header, name: X-Key}" + AT), SCHEMES.replace("KEY", " {type: http, scheme: bearer}" + AT), "openapi.security-scheme-changed error"),
    "api-security-component-oauth-token-url-changed": (SCHEMES.replace("KEY", "\n      type: oauth2\n      flows:\n        clientCredentials:\n          tokenUrl: https://auth.example.com/token" + AT + "\n          scopes: {}"), SCHEMES.replace("KEY", "\n      type: oauth2\n      flows:\n        clientCredentials:\n          tokenUrl: https://login.example.com/token" + AT + "\n          scopes: {}"), "openapi.security-scheme-changed error"),
    "api-security-component-oauth-url-changed": (SCHEMES.replace("KEY", "\n      type: oauth2\n      flows:\n        authorizationCode:\n          authorizationUrl: https://auth.example.com/authorize" + AT + "\n          tokenUrl: https://auth.example.com/token\n          scopes: {}"), SCHEMES.replace("KEY", "\n      type: oauth2\n      flows:\n        authorizationCode:\n          authorizationUrl: https://login.example.com/authorize" + AT + "\n          tokenUrl: https://auth.example.com/token\n          scopes: {}"), "openapi.security-scheme-changed error"),
    # Webhooks.
    "webhook-removed": ("openapi: 3.1.0\ninfo: {title: Orders, version: '1'}\nwebhooks:\n  orderShipped:" + AT + "\n    post:\n      responses:\n        '200': {description: ok}\n", "openapi: 3.1.0\ninfo: {title: Orders, version: '1'}\nwebhooks: {}" + AT + "\n", "openapi.webhook-removed error"),
    # Inside a header parameter's object schema, a property added: its old side is the parameter.
    "new-required-request-header-property": (doc(V, param("header", "X-Filter", "{type: object}", True)), doc(V, param("header", "X-Filter", "{type: object, required: [p], properties: {p: {type: string}}}", False)), "openapi.request-property-added-required error"),
}

def write(check, old, new, expect):
    d = f"testdata/oasdiff/{check}"
    os.makedirs(d, exist_ok=True)
    for name, text in (("old.yaml", old), ("new.yaml", new), ("expect", expect + "\n")):
        with open(f"{d}/{name}", "w") as f:
            f.write(text)


shutil.rmtree("testdata/oasdiff", ignore_errors=True)
for case in cases:
    check, kind, old, new, expect = case[:5]
    v = case[5] if len(case) > 5 else "3.1.0"
    write(check, doc(v, KINDS[kind](old)), doc(v, KINDS[kind](new)), expect)
for check, (old, new, expect) in raw.items():
    write(check, old, new, expect)
