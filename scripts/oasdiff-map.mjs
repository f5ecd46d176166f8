// Writes rules/parity/oasdiff.md: each ERR and WARN check of oasdiff's list
// (../shared/anchors/oasdiff-checks.md) with the rule of ours that reports the same change, or
// why we judge it differently, or that it is not done. The judgement is the table below,
// one pattern per family of checks; every rule it names must exist in rules/.
// Usage: node scripts/oasdiff-map.mjs [ANCHORS] > rules/parity/oasdiff.md
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const anchors = process.argv[2] || path.join(root, "../shared/anchors/oasdiff-checks.md");
const rules = new Set(fs.readdirSync(path.join(root, "rules")).filter((f) => f.endsWith(".md")).map((f) => f.slice(0, -3)));

const checks = [];
for (const m of fs.readFileSync(anchors, "utf8").matchAll(/^\| \d+ \| `([\w-]+)` \| (ERR|WARN) \| (\w+) \|/gm)) {
  checks.push({ id: m[1], level: m[2], side: m[3] });
}

// Where a request check is about a parameter or about a body, and its narrowing rule.
const narrowed = (id) => (/parameter/.test(id) ? "openapi.request-parameter-constraint-narrowed" : "openapi.request-property-constraint-narrowed");
const typeRule = (id, side) => (side === "response" ? "openapi.response-property-type-changed"
  : /parameter/.test(id) ? "openapi.request-parameter-type-changed" : "openapi.request-property-type-changed");
const WIDENED = "openapi.response-property-constraint-widened";

// [pattern, verdict, rule(s) or null, our level, note]; the first pattern that matches wins.
// verdict: "mapped" (same change, same weight), "judged" (we weigh it otherwise, and say why),
// "not done".
const TABLE = [
  [/-deprecated-sunset-missing$/, "judged", null, "-", "A deprecation without `x-sunset` is no fault of a change: deprecated alone already makes a later removal a warning, and a sunset given keeps it an error until its date. Requiring a date is a team's policy."],
  [/(-deprecated-sunset-invalid|sunset-parse)$/, "judged", null, "-", "An `x-sunset` that is not a date promises nothing: the removal weighs as a deprecated one. A malformed value breaks no client: the value itself is not reported."],
  [/sunset-date-too-small$/, "judged", null, "-", "How long a deprecation must run before its sunset is a team's policy, not an effect on clients."],
  [/^api-stability-decreased$/, "mapped", "openapi.stability-decreased", "error", "Operations, parameters and schema properties."],
  [/-property-stability-decreased$/, "mapped", "openapi.stability-decreased", "error", "At the property, in requests and responses."],
  [/^api-invalid-stability-level$/, "judged", null, "-", "A level outside draft / alpha / beta / stable is not compared; a value's validity is not a change."],
  [/removed-without-deprecation$/, "mapped", "openapi.operation-removed", "error; warning when the old revision deprecated it", "Removal is an error whether or not it was deprecated first; deprecated (and past any `x-sunset`, not `stable`) it is a warning that says so."],
  [/^api-(path-)?removed-before-sunset$/, "mapped", "openapi.operation-removed", "error", "Removed before the `x-sunset` date it promised: stays an error, and the message gives the date."],
  [/^request-parameter-removed-before-sunset$/, "judged", "openapi.request-parameter-removed", "warning", "A parameter removed is a warning for us in every case (servers ignore a parameter they do not know, so requests still succeed); before its sunset the message says so."],
  [/(^sunset-deleted|-sunset-deleted|sunset-date-changed-too-small)$/, "mapped", "openapi.sunset-changed", "error", "A deprecated operation's or parameter's `x-sunset` dropped or brought forward."],
  [/^request-body-added-required$/, "mapped", "openapi.request-body-added-required", "error", ""],
  [/^(new-required-request-parameter|new-request-path-parameter|new-required-request-default-parameter-to-existing-path)$/, "mapped", "openapi.request-parameter-added-required", "error", "Path-item parameters are the operation's too; path parameters are always required."],
  [/^new-required-request-(property|property-with-default|header-property)$/, "mapped", "openapi.request-property-added-required", "error", "Also inside a parameter's object schema."],
  [/became-enum$/, "mapped", null, "error", "An `enum` where there was none is reported as restricting the values (`introduced`)."],
  [/^request-body-media-type-removed$/, "mapped", "openapi.request-body-media-type-removed", "error", ""],
  [/^response-media-type-removed$/, "mapped", "openapi.response-media-type-removed", "error", ""],
  [/^response-media-type-name-generalized$/, "judged", "openapi.response-media-type-removed", "error", "Media types pair by name: `application/json` become `application/*` is one removed (error) and one added."],
  [/^request-body-media-type-schema-added$/, "mapped", "openapi.request-body-schema-added", "error", ""],
  [/^response-body-media-type-schema-removed$/, "mapped", "openapi.response-body-schema-removed", "warning", ""],
  [/^request-body-removed$/, "judged", "openapi.request-body-removed", "warning", "A warning: clients that still send a body are not refused by most servers, but what it said is ignored."],
  [/^request-body-became-required$/, "mapped", "openapi.request-body-became-required", "error", ""],
  [/became-not-nullable$/, "mapped", "openapi.request-property-became-non-nullable", "error", "Bodies, properties and parameters."],
  [/^request-parameter-default-value-(changed|added|removed)$/, "judged", "openapi.request-parameter-default-changed", "warning", "A warning: every request that was valid still is; what changes is what the server assumes for clients that leave the parameter out."],
  [/x-extensible-enum-value-removed$/, "mapped", null, "error", "The `x-extensible-enum` values are compared like `enum` ones; a value added to a response is safe."],
  [/enum-value-removed$/, "mapped", null, "error", ""],
  [/^request-.*-(max|max-length|max-items|exclusive-max|max-contains)-decreased$/, "mapped", narrowed, "error", ""],
  [/^request-.*-(min|min-length|min-items|exclusive-min|min-contains)-increased$/, "mapped", narrowed, "error", ""],
  [/^request-.*-(max|max-length|max-items|min|min-length|min-items|exclusive-max|exclusive-min)-set$/, "judged", narrowed, "error", "An error, not a warning: a bound where there was none refuses values that were accepted."],
  [/^response-.*-(max|max-length|exclusive-max|max-contains)-increased$/, "mapped", WIDENED, "error", ""],
  [/^response-.*-(min|min-length|min-items|exclusive-min|min-contains)-decreased$/, "mapped", WIDENED, "error", ""],
  [/^response-.*-(max-length|min-items)-unset$/, "mapped", WIDENED, "error", ""],
  [/^request-.*-pattern-added$/, "mapped", narrowed, "error", ""],
  [/^request-.*-pattern-changed$/, "judged", narrowed, "error", "An error, not a warning: a rewritten pattern may refuse what the old one accepted, and no reader can tell."],
  [/^request-parameter-property-type-changed$/, "judged", "openapi.request-parameter-type-changed", "error", "An error: a value of the old type is no longer valid."],
  [/^request-.*-content-media-type-changed$/, "mapped", narrowed, "error", "`contentMediaType` says what a string holds: changed, it is a constraint changed, not the JSON type."],
  [/^response-.*-content-media-type-changed$/, "mapped", WIDENED, "error", "`contentMediaType` says what a string holds: changed, it is a constraint changed, not the JSON type."],
  [/(type-changed|type-generalized|type-specialized|list-of-types-narrowed|list-of-types-widened)$/, "mapped", null, "error", "A list of types compares as a set: one added widens it (safe in a request), one dropped narrows it (safe in a response); `integer` counts as a `number`."],
  [/^request-.*-(one-of|any-of)-removed$/, "mapped", "openapi.request-union-member-removed", "error", ""],
  [/^response-.*-one-of-added$/, "judged", "openapi.response-union-member-added", "warning", "A warning: clients that handle every variant they know meet a new one; those that read common properties are unaffected."],
  [/wrapped-in-one-of$/, "judged", null, "per property", "A schema become a union is compared by what its variants offer: properties that every variant keeps are no change, one only some variants have is reported at that property (in a request, a variant that requires a new property is `request-property-added-required`)."],
  [/all-of-(added|removed)$/, "judged", null, "per property", "`allOf` members are merged into the schema: a member added or removed is reported as the properties and constraints it brings or takes (a required property added to a request is `request-property-added-required`, an error); a member that changes nothing is no change."],
  [/^request-parameter-became-required$/, "mapped", "openapi.request-parameter-became-required", "error", ""],
  [/^request-(property|header-property)-became-required(-with-default)?$/, "mapped", "openapi.request-property-became-required", "error", ""],
  [/^request-property-removed$/, "mapped", "openapi.request-property-removed", "warning", "A note (info) when the old revision deprecated it."],
  [/^request-parameter-removed$/, "mapped", "openapi.request-parameter-removed", "warning", "A note (info) when the old revision deprecated it."],
  [/^response-header-became-optional$/, "mapped", "openapi.response-header-became-optional", "error", ""],
  [/^required-response-header-removed$/, "mapped", "openapi.response-header-removed", "error", ""],
  [/^optional-response-header-removed$/, "mapped", "openapi.response-header-removed", "warning", ""],
  [/^response-.*-became-nullable$/, "mapped", "openapi.response-property-became-nullable", "error", "Headers' schemas are compared as what the client receives."],
  [/^response-property-became-optional$/, "mapped", "openapi.response-property-became-optional", "error", ""],
  [/^request-.*-(const|if|then|else|contains|property-names|unevaluated-items|unevaluated-properties|content-schema|dependent-schema|pattern-property|dependent-required)-added$/, "mapped", narrowed, "error", "JSON Schema 2020-12 keywords are constraints: one added to a request narrows it."],
  [/^request-.*-(const|content-media-type|content-encoding|dependent-required)-changed$/, "mapped", narrowed, "error", ""],
  [/^request-.*-prefix-items-removed$/, "mapped", narrowed, "error", "`prefixItems` gaining or losing a position changes what every later one means, in both directions."],
  [/^response-.*-(const|if|then|else|contains|property-names|unevaluated-items|unevaluated-properties|content-schema|dependent-schema|pattern-property|dependent-required)-removed$/, "mapped", WIDENED, "error", "A keyword dropped from a response widens it."],
  [/^response-.*-(const|content-media-type|content-encoding|dependent-required)-changed$/, "mapped", WIDENED, "error", ""],
  [/^response-.*-prefix-items-added$/, "mapped", WIDENED, "error", ""],
  [/^response-required-property-removed$/, "mapped", "openapi.response-property-removed", "error", "A warning when the old revision deprecated it."],
  [/^response-optional-property-removed$/, "judged", "openapi.response-property-removed", "error", "An error, optional or not: clients read an optional property whenever it is there."],
  [/^response-required-property-became-not-write-only$/, "judged", "openapi.response-property-became-required", "info", "Safe, not a warning: responses now always carry a property they never did, one more property received, as any property added to a response is. The other direction, a response property become `writeOnly`, is `openapi.response-property-became-write-only` (warning)."],
  [/^response-success-status-removed$/, "mapped", "openapi.response-success-status-removed", "error", ""],
  [/^webhook-removed$/, "mapped", "openapi.webhook-removed", "error", ""],
  [/^response-property-enum-value-added$/, "mapped", "openapi.response-property-enum-value-added", "warning", "Info for an `x-extensible-enum`."],
];

function enumRule(id, side) {
  if (side === "response") return "openapi.response-property-enum-value-removed";
  // A header property is one of a header parameter's object schema.
  return /parameter|header/.test(id) ? "openapi.request-parameter-enum-value-removed" : "openapi.request-property-enum-value-removed";
}

const rows = [];
const counts = { mapped: 0, judged: 0, "not done": 0 };
for (const c of checks) {
  const hit = TABLE.find(([re]) => re.test(c.id));
  if (!hit) throw new Error(`no judgement for ${c.id}`);
  let [, verdict, rule, level, note] = hit;
  if (typeof rule === "function") rule = rule(c.id);
  if (rule === null && /enum/.test(c.id)) rule = enumRule(c.id, c.side);
  if (rule === null && /type/.test(c.id)) rule = typeRule(c.id, c.side);
  if (rule && !rules.has(rule)) throw new Error(`${c.id}: no rule ${rule}`);
  counts[verdict]++;
  rows.push(`| \`${c.id}\` | ${c.level} | ${rule ? `\`${rule}\`` : "-"} | ${level} | ${verdict} | ${note} |`);
}

console.log(`This table maps each of oasdiff's ERR and WARN checks (${checks.length} of the 509 in its list) to the \`openapi.*\` rule that \`contracts diff\` reports for the same change, or says why we weigh it otherwise, or that it is not done. Our levels: error = breaking, warning = dangerous, info = safe. Generated by \`node scripts/oasdiff-map.mjs\` from the list and the judgements in that script; the rules it names exist, and the fixtures under \`testdata/rules/\`, \`testdata/diff/openapi-*\` and \`testdata/oasdiff/\` (one pair per check of this table, written by \`scripts/oasdiff-fixtures.py\`, giving the rule and level named here at the lines it marks, asserted by \`tests/oasdiff.rs\`) hold the changes.

Counts: mapped ${counts.mapped}, judged differently ${counts.judged}, not done ${counts["not done"]}.

| oasdiff check | level | our rule | our level | verdict | note |
|---|---|---|---|---|---|
${rows.join("\n")}`);
