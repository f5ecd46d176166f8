# Writes testdata/oasdiff/: one old/new pair per check of oasdiff's list that a change to one
# property's schema shows, and expected.tsv with the rule and level we give it (asserted by
# tests/oasdiff.rs). Usage: python3 scripts/oasdiff-fixtures.py (from the checkout).
import os
# (check, side, old schema of `p`, new schema of `p`, rule, level, required-old, required-new)
R, S = "request", "response"
cases = [
 ("request-property-max-decreased", R, "{type: integer, maximum: 10}", "{type: integer, maximum: 5}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-min-increased", R, "{type: integer, minimum: 1}", "{type: integer, minimum: 2}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-max-length-decreased", R, "{type: string, maxLength: 10}", "{type: string, maxLength: 5}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-max-length-set", R, "{type: string}", "{type: string, maxLength: 5}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-min-items-increased", R, "{type: array, items: {type: string}, minItems: 1}", "{type: array, items: {type: string}, minItems: 2}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-exclusive-max-decreased", R, "{type: number, exclusiveMaximum: 10}", "{type: number, exclusiveMaximum: 5}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-pattern-added", R, "{type: string}", "{type: string, pattern: '^[a-z]+$'}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-pattern-changed", R, "{type: string, pattern: '^[a-z]+$'}", "{type: string, pattern: '^[a-z0-9]+$'}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-enum-value-removed", R, "{type: string, enum: [a, b]}", "{type: string, enum: [a]}", "openapi.request-property-enum-value-removed", "error"),
 ("request-property-became-enum", R, "{type: string}", "{type: string, enum: [a]}", "openapi.request-property-enum-value-removed", "error"),
 ("request-property-x-extensible-enum-value-removed", R, "{type: string, x-extensible-enum: [a, b]}", "{type: string, x-extensible-enum: [a]}", "openapi.request-property-enum-value-removed", "error"),
 ("request-property-became-not-nullable", R, "{type: string, nullable: true}", "{type: string}", "openapi.request-property-became-non-nullable", "error"),
 ("request-property-type-changed", R, "{type: string}", "{type: integer}", "openapi.request-property-type-changed", "error"),
 ("request-property-list-of-types-narrowed", R, "{type: [string, integer]}", "{type: [string]}", "openapi.request-property-type-changed", "error"),
 ("request-property-const-added", R, "{type: string}", "{type: string, const: a}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-contains-added", R, "{type: array, items: {type: string}}", "{type: array, items: {type: string}, contains: {const: x}}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-min-contains-increased", R, "{type: array, contains: {type: string}, minContains: 1}", "{type: array, contains: {type: string}, minContains: 2}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-property-names-added", R, "{type: object}", "{type: object, propertyNames: {maxLength: 3}}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-unevaluated-properties-added", R, "{type: object}", "{type: object, unevaluatedProperties: false}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-dependent-required-added", R, "{type: object}", "{type: object, dependentRequired: {a: [b]}}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-dependent-schema-added", R, "{type: object}", "{type: object, dependentSchemas: {a: {required: [b]}}}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-pattern-property-added", R, "{type: object}", "{type: object, patternProperties: {'^x-': {type: string}}}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-content-media-type-changed", R, "{type: string, contentMediaType: image/png}", "{type: string, contentMediaType: image/webp}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-content-encoding-changed", R, "{type: string, contentEncoding: base64}", "{type: string, contentEncoding: base32}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-content-schema-added", R, "{type: string, contentMediaType: application/json}", "{type: string, contentMediaType: application/json, contentSchema: {type: object}}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-prefix-items-removed", R, "{type: array, prefixItems: [{type: string}, {type: integer}]}", "{type: array, prefixItems: [{type: string}]}", "openapi.request-property-constraint-narrowed", "error"),
 ("request-property-one-of-removed", R, "{oneOf: [{type: string}, {type: integer}]}", "{oneOf: [{type: string}]}", "openapi.request-union-member-removed", "error"),
 ("response-property-max-increased", S, "{type: integer, maximum: 5}", "{type: integer, maximum: 10}", "openapi.response-property-constraint-widened", "error"),
 ("response-property-min-decreased", S, "{type: integer, minimum: 2}", "{type: integer, minimum: 1}", "openapi.response-property-constraint-widened", "error"),
 ("response-property-max-length-unset", S, "{type: string, maxLength: 5}", "{type: string}", "openapi.response-property-constraint-widened", "error"),
 ("response-property-min-items-decreased", S, "{type: array, items: {type: string}, minItems: 2}", "{type: array, items: {type: string}, minItems: 1}", "openapi.response-property-constraint-widened", "error"),
 ("response-property-exclusive-min-decreased", S, "{type: number, exclusiveMinimum: 2}", "{type: number, exclusiveMinimum: 1}", "openapi.response-property-constraint-widened", "error"),
 ("response-property-max-contains-increased", S, "{type: array, contains: {type: string}, maxContains: 2}", "{type: array, contains: {type: string}, maxContains: 3}", "openapi.response-property-constraint-widened", "error"),
 ("response-property-became-nullable", S, "{type: string}", "{type: string, nullable: true}", "openapi.response-property-became-nullable", "error"),
 ("response-property-type-changed", S, "{type: string}", "{type: integer}", "openapi.response-property-type-changed", "error"),
 ("response-property-type-generalized", S, "{type: integer}", "{type: number}", "openapi.response-property-type-changed", "error"),
 ("response-property-list-of-types-widened", S, "{type: [string]}", "{type: [string, integer]}", "openapi.response-property-type-changed", "error"),
 ("response-property-const-removed", S, "{type: string, const: a}", "{type: string}", "openapi.response-property-constraint-widened", "error"),
 ("response-property-const-changed", S, "{type: string, const: a}", "{type: string, const: b}", "openapi.response-property-constraint-widened", "error"),
 ("response-property-then-removed", S, "{type: object, if: {required: [a]}, then: {required: [b]}}", "{type: object, if: {required: [a]}}", "openapi.response-property-constraint-widened", "error"),
 ("response-property-contains-removed", S, "{type: array, contains: {type: string}}", "{type: array}", "openapi.response-property-constraint-widened", "error"),
 ("response-property-property-names-removed", S, "{type: object, propertyNames: {maxLength: 3}}", "{type: object}", "openapi.response-property-constraint-widened", "error"),
 ("response-property-unevaluated-items-removed", S, "{type: array, unevaluatedItems: false}", "{type: array}", "openapi.response-property-constraint-widened", "error"),
 ("response-property-pattern-property-removed", S, "{type: object, patternProperties: {'^x-': {type: string}}}", "{type: object}", "openapi.response-property-constraint-widened", "error"),
 ("response-property-dependent-required-removed", S, "{type: object, dependentRequired: {a: [b]}}", "{type: object}", "openapi.response-property-constraint-widened", "error"),
 ("response-property-content-schema-removed", S, "{type: string, contentMediaType: application/json, contentSchema: {type: object}}", "{type: string, contentMediaType: application/json}", "openapi.response-property-constraint-widened", "error"),
 ("response-property-prefix-items-added", S, "{type: array, prefixItems: [{type: string}]}", "{type: array, prefixItems: [{type: string}, {type: integer}]}", "openapi.response-property-constraint-widened", "error"),
 ("response-property-one-of-added", S, "{oneOf: [{type: string}]}", "{oneOf: [{type: string}, {type: integer}]}", "openapi.response-union-member-added", "warning"),
 ("response-property-enum-value-added", S, "{type: string, enum: [a]}", "{type: string, enum: [a, b]}", "openapi.response-property-enum-value-added", "warning"),
]
def spec(side, schema):
    body = f"""            schema:
              type: object
              properties:
                p: {schema}
"""
    if side == R:
        return f"""openapi: 3.1.0
info: {{title: Orders, version: '1'}}
paths:
  /orders:
    post:
      requestBody:
        content:
          application/json:
{body}      responses:
        '204': {{description: created}}
"""
    return f"""openapi: 3.1.0
info: {{title: Orders, version: '1'}}
paths:
  /orders:
    get:
      responses:
        '200':
          description: the orders
          content:
            application/json:
              schema:
                type: object
                properties:
                  p: {schema}
"""
lines=["# oasdiff check\tour rule\tour level (one finding, at the line of `p`)"]
for check, side, o, n, rule, level in cases:
    d=f"testdata/oasdiff/{check}"; os.makedirs(d, exist_ok=True)
    open(f"{d}/old.yaml","w").write(spec(side,o)); open(f"{d}/new.yaml","w").write(spec(side,n))
    lines.append(f"{check}\t{rule}\t{level}")
open("testdata/oasdiff/expected.tsv","w").write("\n".join(lines)+"\n")
