// Differential test against GraphQL Inspector: mutates real SDL into revision pairs, one change
// of Inspector's kinds each, diffs every pair with Inspector's core and with `contracts diff`,
// and compares change by change. Usage (from scripts/peer-check-graphql):
//   node peer-check-graphql.mjs INSPECTOR_NODE_MODULES CONTRACTS_BIN OUT_DIR SEED N SDL...
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { seeded } from "./seeded.mjs";

const [modules, bin, outDir, seedArg, nArg, ...inputs] = process.argv.slice(2);
const require = createRequire(path.join(modules, "x.js"));
const { parse, print, buildASTSchema, Kind } = require("graphql");
const { diff } = require("@graphql-inspector/core");

const { rand, pick } = seeded(seedArg);
// CONTRACTS_CONFIG: a contracts.toml for every run (`soften-deprecated = false` reads
// deprecation as Inspector does).
const config = process.env.CONTRACTS_CONFIG ? ["--config", path.resolve(process.env.CONTRACTS_CONFIG)] : [];

const name = (value) => ({ kind: Kind.NAME, value });
const named = (n) => ({ kind: Kind.NAMED_TYPE, name: name(n) });
const nonNull = (t) => ({ kind: Kind.NON_NULL_TYPE, type: t });
const str = (value) => ({ kind: Kind.STRING, value, block: false });
const deprecated = (reason) => ({
  kind: Kind.DIRECTIVE,
  name: name("deprecated"),
  arguments: reason ? [{ kind: Kind.ARGUMENT, name: name("reason"), value: str(reason) }] : [],
});
const unwrap = (t) => (t.kind === Kind.NAMED_TYPE ? t : unwrap(t.type));

const defs = (doc, kinds) => doc.definitions.filter((d) => kinds.includes(d.kind));
const OBJECTS = [Kind.OBJECT_TYPE_DEFINITION, Kind.INTERFACE_TYPE_DEFINITION];
const TYPES = [
  Kind.OBJECT_TYPE_DEFINITION, Kind.INTERFACE_TYPE_DEFINITION, Kind.UNION_TYPE_DEFINITION,
  Kind.ENUM_TYPE_DEFINITION, Kind.INPUT_OBJECT_TYPE_DEFINITION, Kind.SCALAR_TYPE_DEFINITION,
];
const scalars = ["String", "Int", "Boolean", "ID", "Float"];

// Each mutation changes `doc` in place and returns its name, or null when it does not apply.
const mutations = {
  "type-removed": (doc) => {
    const roots = ["Query", "Mutation", "Subscription"];
    const t = pick(defs(doc, TYPES).filter((d) => !roots.includes(d.name.value)));
    if (!t) return null;
    doc.definitions = doc.definitions.filter((d) => d !== t);
    return t.name.value;
  },
  "type-added": (doc) => {
    doc.definitions.push({ kind: Kind.OBJECT_TYPE_DEFINITION, name: name("Zz" + Math.floor(rand() * 1e6)), fields: [
      { kind: Kind.FIELD_DEFINITION, name: name("id"), arguments: [], type: nonNull(named("ID")), directives: [] }], interfaces: [], directives: [] });
    return "added";
  },
  "field-removed": (doc) => {
    const t = pick(defs(doc, [...OBJECTS, Kind.INPUT_OBJECT_TYPE_DEFINITION]).filter((d) => (d.fields || []).length > 1));
    if (!t) return null;
    t.fields.splice(Math.floor(rand() * t.fields.length), 1);
    return t.name.value;
  },
  "field-added": (doc) => {
    const t = pick(defs(doc, [...OBJECTS, Kind.INPUT_OBJECT_TYPE_DEFINITION]));
    if (!t) return null;
    const input = t.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION;
    const ty = rand() < 0.5 ? nonNull(named(pick(scalars))) : named(pick(scalars));
    t.fields = [...(t.fields || []), input
      ? { kind: Kind.INPUT_VALUE_DEFINITION, name: name("zzNew"), type: ty, directives: [] }
      : { kind: Kind.FIELD_DEFINITION, name: name("zzNew"), arguments: [], type: ty, directives: [] }];
    return t.name.value;
  },
  "field-type-changed": (doc) => {
    const t = pick(defs(doc, [...OBJECTS, Kind.INPUT_OBJECT_TYPE_DEFINITION]).filter((d) => (d.fields || []).length));
    if (!t) return null;
    const f = pick(t.fields);
    const how = pick(["non-null", "nullable", "list", "scalar"]);
    if (how === "non-null" && f.type.kind !== Kind.NON_NULL_TYPE) f.type = nonNull(f.type);
    else if (how === "nullable" && f.type.kind === Kind.NON_NULL_TYPE) f.type = f.type.type;
    else if (how === "list") f.type = { kind: Kind.LIST_TYPE, type: f.type };
    else {
      const base = unwrap(f.type);
      const other = pick(scalars.filter((s) => s !== base.name.value));
      base.name = name(other);
    }
    return `${t.name.value}.${f.name.value}`;
  },
  "argument-added": (doc) => {
    const t = pick(defs(doc, OBJECTS).filter((d) => (d.fields || []).length));
    if (!t) return null;
    const f = pick(t.fields);
    const required = rand() < 0.5;
    const withDefault = required && rand() < 0.5;
    f.arguments = [...(f.arguments || []), { kind: Kind.INPUT_VALUE_DEFINITION, name: name("zzArg"),
      type: required ? nonNull(named("Int")) : named("Int"), directives: [],
      defaultValue: withDefault ? { kind: Kind.INT, value: "1" } : undefined }];
    return `${t.name.value}.${f.name.value}`;
  },
  "argument-removed": (doc) => {
    const fs_ = defs(doc, OBJECTS).flatMap((t) => (t.fields || []).filter((f) => (f.arguments || []).length));
    const f = pick(fs_);
    if (!f) return null;
    f.arguments.splice(Math.floor(rand() * f.arguments.length), 1);
    return f.name.value;
  },
  "argument-changed": (doc) => {
    const args = defs(doc, OBJECTS).flatMap((t) => (t.fields || []).flatMap((f) => f.arguments || []));
    const a = pick(args);
    if (!a) return null;
    if (rand() < 0.5) a.type = a.type.kind === Kind.NON_NULL_TYPE ? a.type.type : nonNull(a.type);
    else if (unwrap(a.type).name.value === "Int") a.defaultValue = { kind: Kind.INT, value: String(Math.floor(rand() * 100)) };
    else return null;
    return a.name.value;
  },
  "enum-value-removed": (doc) => {
    const e = pick(defs(doc, [Kind.ENUM_TYPE_DEFINITION]).filter((d) => (d.values || []).length > 1));
    if (!e) return null;
    e.values.splice(Math.floor(rand() * e.values.length), 1);
    return e.name.value;
  },
  "enum-value-added": (doc) => {
    const e = pick(defs(doc, [Kind.ENUM_TYPE_DEFINITION]));
    if (!e) return null;
    e.values = [...(e.values || []), { kind: Kind.ENUM_VALUE_DEFINITION, name: name("ZZ_NEW"), directives: [] }];
    return e.name.value;
  },
  "union-member": (doc) => {
    const u = pick(defs(doc, [Kind.UNION_TYPE_DEFINITION]));
    const objects = defs(doc, [Kind.OBJECT_TYPE_DEFINITION]).map((d) => d.name.value);
    if (!u) return null;
    if (rand() < 0.5 && u.types.length > 1) u.types.splice(Math.floor(rand() * u.types.length), 1);
    else {
      const extra = objects.find((o) => !u.types.some((t) => t.name.value === o));
      if (!extra) return null;
      u.types.push(named(extra));
    }
    return u.name.value;
  },
  "description": (doc) => {
    const t = pick(defs(doc, TYPES));
    if (!t) return null;
    const target = (t.fields || []).length && rand() < 0.6 ? pick(t.fields) : t;
    target.description = target.description && rand() < 0.3 ? undefined : str("zz changed " + Math.floor(rand() * 1e6));
    return t.name.value;
  },
  "deprecation": (doc) => {
    const fields = defs(doc, OBJECTS).flatMap((t) => t.fields || []);
    const f = pick(fields);
    if (!f) return null;
    const has = (f.directives || []).find((d) => d.name.value === "deprecated");
    if (has) f.directives = rand() < 0.5 ? f.directives.filter((d) => d !== has) : [...f.directives.filter((d) => d !== has), deprecated("zz other reason")];
    else f.directives = [...(f.directives || []), deprecated(rand() < 0.5 ? "zz gone soon" : undefined)];
    return f.name.value;
  },
  "deprecated-field-removed": (doc) => {
    const t = pick(defs(doc, OBJECTS).filter((d) => (d.fields || []).length > 1));
    if (!t) return null;
    const f = pick(t.fields);
    // Deprecated in the old revision, gone in the new: the caller writes both.
    f.directives = [...(f.directives || []).filter((d) => d.name.value !== "deprecated"), deprecated("zz use another")];
    return { twoStep: true, type: t, field: f };
  },
  "directive-definition": (doc) => {
    const d = pick(defs(doc, [Kind.DIRECTIVE_DEFINITION]).filter((x) => !["deprecated", "specifiedBy"].includes(x.name.value)));
    if (!d) return null;
    const how = pick(["arg-added", "arg-required", "arg-removed", "repeatable", "location-added", "location-removed", "description"]);
    if (how === "arg-added" || how === "arg-required") {
      d.arguments = [...(d.arguments || []), { kind: Kind.INPUT_VALUE_DEFINITION, name: name("zzArg"),
        type: how === "arg-required" ? nonNull(named("String")) : named("String"), directives: [] }];
    } else if (how === "arg-removed") {
      if (!(d.arguments || []).length) return null;
      d.arguments.splice(Math.floor(rand() * d.arguments.length), 1);
    } else if (how === "repeatable") d.repeatable = !d.repeatable;
    else if (how === "location-added") {
      const all = ["FIELD_DEFINITION", "OBJECT", "INTERFACE", "ENUM_VALUE", "ARGUMENT_DEFINITION", "INPUT_FIELD_DEFINITION", "SCALAR"];
      const extra = all.find((l) => !d.locations.some((x) => x.value === l));
      if (!extra) return null;
      d.locations.push(name(extra));
    } else if (how === "location-removed") {
      if (d.locations.length < 2) return null;
      d.locations.splice(Math.floor(rand() * d.locations.length), 1);
    } else d.description = str("zz directive " + Math.floor(rand() * 1e6));
    return d.name.value;
  },
  "directive-usage": (doc) => {
    // A directive of its own, defined on both sides; applied to or taken off an element.
    const t = pick(defs(doc, [...OBJECTS, Kind.ENUM_TYPE_DEFINITION, Kind.INPUT_OBJECT_TYPE_DEFINITION]));
    if (!t) return null;
    const parts = t.fields || t.values || [];
    const target = parts.length && rand() < 0.7 ? pick(parts) : t;
    target.directives = [...(target.directives || []), { kind: Kind.DIRECTIVE, name: name("zzTag"), arguments: [] }];
    return { defineTag: true };
  },
  "one-of": (doc) => {
    const i = pick(defs(doc, [Kind.INPUT_OBJECT_TYPE_DEFINITION]).filter((d) => (d.fields || []).every((f) => f.type.kind !== Kind.NON_NULL_TYPE)));
    if (!i) return null;
    const has = (i.directives || []).some((d) => d.name.value === "oneOf");
    i.directives = has ? i.directives.filter((d) => d.name.value !== "oneOf") : [...(i.directives || []), { kind: Kind.DIRECTIVE, name: name("oneOf"), arguments: [] }];
    return i.name.value;
  },
  "kind-changed": (doc) => {
    const t = pick(defs(doc, [Kind.OBJECT_TYPE_DEFINITION]).filter((d) => !["Query", "Mutation", "Subscription"].includes(d.name.value) && !(d.interfaces || []).length));
    if (!t) return null;
    t.kind = Kind.INTERFACE_TYPE_DEFINITION;
    return t.name.value;
  },
  "input-default": (doc) => {
    const fields = defs(doc, [Kind.INPUT_OBJECT_TYPE_DEFINITION]).flatMap((d) => d.fields || []);
    const f = pick(fields.filter((x) => unwrap(x.type).name.value === "Int" && x.type.kind !== Kind.LIST_TYPE));
    if (!f) return null;
    f.defaultValue = { kind: Kind.INT, value: String(Math.floor(rand() * 100)) };
    return f.name.value;
  },
  "enum-value-marks": (doc) => {
    const values = defs(doc, [Kind.ENUM_TYPE_DEFINITION]).flatMap((d) => d.values || []);
    const v = pick(values);
    if (!v) return null;
    if (rand() < 0.5) v.description = str("zz value " + Math.floor(rand() * 1e6));
    else {
      const has = (v.directives || []).some((d) => d.name.value === "deprecated");
      v.directives = has ? v.directives.filter((d) => d.name.value !== "deprecated") : [...(v.directives || []), deprecated("zz old")];
    }
    return v.name.value;
  },
  "interface-added": (doc) => {
    const i = pick(defs(doc, [Kind.INTERFACE_TYPE_DEFINITION]));
    if (!i) return null;
    const fields = (i.fields || []).map((f) => f.name.value);
    const o = pick(defs(doc, [Kind.OBJECT_TYPE_DEFINITION]).filter((d) =>
      !(d.interfaces || []).some((x) => x.name.value === i.name.value)
      && fields.every((n) => (d.fields || []).some((f) => f.name.value === n))));
    if (!o) return null;
    o.interfaces = [...(o.interfaces || []), named(i.name.value)];
    return o.name.value;
  },
  "interface": (doc) => {
    const o = pick(defs(doc, [Kind.OBJECT_TYPE_DEFINITION]).filter((d) => (d.interfaces || []).length));
    if (!o) return null;
    o.interfaces.splice(Math.floor(rand() * o.interfaces.length), 1);
    return o.name.value;
  },
};

// `RESCORE=1`: score the pairs of an earlier run again, without running either tool.
if (process.env.RESCORE) {
  score(JSON.parse(fs.readFileSync(path.join(outDir, "results.json"), "utf8")));
  process.exit(0);
}

const sources = [];
for (const file of inputs) {
  const text = fs.readFileSync(file, "utf8");
  try {
    const doc = parse(text, { noLocation: true });
    buildASTSchema(doc, { assumeValidSDL: false });
    sources.push({ file, doc });
  } catch { /* not a schema Inspector can build alone */ }
}
if (!sources.length) throw new Error("no schema to mutate");
// Fixtures, the corpus docs' schemas and GitHub's schema weigh alike, however many files each has.
const groupOf = (f) => (f.includes("/testdata/") ? 0 : f.includes("github-graphql-schema") ? 2 : 1);
const groups = [0, 1, 2].map((g) => sources.filter((x) => groupOf(x.file) === g)).filter((g) => g.length);

const levelOf = { BREAKING: "error", DANGEROUS: "warning", NON_BREAKING: "info" };
fs.mkdirSync(outDir, { recursive: true });
const rows = [];
const n = Number(nArg);
let tries = 0;
while (rows.length < n && tries < n * 20) {
  tries++;
  const src = pick(pick(groups));
  const kind = pick(Object.keys(mutations));
  let oldDoc = JSON.parse(JSON.stringify(src.doc));
  let newDoc = JSON.parse(JSON.stringify(src.doc));
  const what = mutations[kind](newDoc);
  if (!what) continue;
  if (what.defineTag) {
    const tag = { kind: Kind.DIRECTIVE_DEFINITION, name: name("zzTag"), arguments: [], repeatable: false,
      locations: ["FIELD_DEFINITION", "OBJECT", "INTERFACE", "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION"].map(name) };
    oldDoc.definitions.push(tag);
    newDoc.definitions.push(JSON.parse(JSON.stringify(tag)));
    // Half the time the tag is what the new revision drops.
    if (rand() < 0.5) [oldDoc, newDoc] = [newDoc, oldDoc];
  }
  if (what.twoStep) {
    // The old side has the field deprecated; the new side has it removed.
    oldDoc = JSON.parse(JSON.stringify(newDoc));
    const t = newDoc.definitions.find((d) => d.name && d.name.value === what.type.name.value);
    t.fields = t.fields.filter((f) => f.name.value !== what.field.name.value);
  }
  let oldText, newText, changes;
  try {
    oldText = print(oldDoc);
    newText = print(newDoc);
    changes = await diff(buildASTSchema(parse(oldText)), buildASTSchema(parse(newText)));
  } catch { continue; }
  if (!changes.length) continue;
  const dir = path.join(outDir, String(rows.length).padStart(4, "0"));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "old.graphql"), oldText);
  fs.writeFileSync(path.join(dir, "new.graphql"), newText);
  const run = spawnSync(bin, ["diff", "old.graphql", "new.graphql", "--format", "json", ...config], { cwd: dir });
  const theirs = changes.map((c) => ({ type: c.type, level: levelOf[c.criticality.level], path: c.path, message: c.message }));
  if (run.status !== 0 && run.status !== 1) {
    rows.push({ dir, kind, source: src.file, theirs, ours: [], failed: run.status });
    continue;
  }
  const ours = JSON.parse(run.stdout.toString()).findings.map((f) => ({ rule: f.rule, level: f.severity, subject: f.subject, message: f.message }));
  rows.push({ dir, kind, source: src.file, theirs, ours });
}
fs.writeFileSync(path.join(outDir, "results.json"), JSON.stringify(rows, null, 1));
score(rows);

// Inspector's change types and the rule of ours each is.
function ruleOf(type, where) {
  const t = type;
  if (/^DIRECTIVE_USAGE_INPUT_OBJECT_/.test(t) && /@oneOf$/.test(where || "")) {
    return t.endsWith("_ADDED") ? "graphql.one-of-added" : "graphql.one-of-removed";
  }
  if (/DESCRIPTION_(CHANGED|ADDED|REMOVED)$/.test(t)) return "graphql.description-changed";
  if (/DEPRECATION_REASON_(CHANGED|ADDED|REMOVED)$/.test(t)) return "graphql.deprecation-reason-changed";
  if (/^DIRECTIVE_USAGE_.*_ADDED$/.test(t) || t === "DIRECTIVE_USAGE_ARGUMENT_ADDED") return "graphql.directive-usage-added";
  if (/^DIRECTIVE_USAGE_.*_REMOVED$/.test(t)) return "graphql.directive-usage-removed";
  const table = {
    FIELD_REMOVED: "graphql.field-removed", FIELD_ADDED: "graphql.field-added",
    FIELD_DEPRECATION_ADDED: "graphql.field-deprecated", ENUM_VALUE_DEPRECATION_ADDED: "graphql.field-deprecated",
    FIELD_DEPRECATION_REMOVED: "graphql.deprecation-removed", ENUM_VALUE_DEPRECATION_REMOVED: "graphql.deprecation-removed",
    FIELD_TYPE_CHANGED: "graphql.field-type-changed", FIELD_ARGUMENT_ADDED: "graphql.argument-added",
    FIELD_ARGUMENT_REMOVED: "graphql.argument-removed", FIELD_ARGUMENT_TYPE_CHANGED: "graphql.argument-type-changed",
    FIELD_ARGUMENT_DEFAULT_CHANGED: "graphql.default-value-changed", INPUT_FIELD_REMOVED: "graphql.input-field-removed",
    INPUT_FIELD_ADDED: "graphql.input-field-added", INPUT_FIELD_DEFAULT_VALUE_CHANGED: "graphql.default-value-changed",
    INPUT_FIELD_TYPE_CHANGED: "graphql.input-field-type-changed", ENUM_VALUE_REMOVED: "graphql.enum-value-removed",
    ENUM_VALUE_ADDED: "graphql.enum-value-added", OBJECT_TYPE_INTERFACE_ADDED: "graphql.interface-added",
    OBJECT_TYPE_INTERFACE_REMOVED: "graphql.interface-removed", SCHEMA_QUERY_TYPE_CHANGED: "graphql.schema-root-changed",
    SCHEMA_MUTATION_TYPE_CHANGED: "graphql.schema-root-changed", SCHEMA_SUBSCRIPTION_TYPE_CHANGED: "graphql.schema-root-changed",
    TYPE_REMOVED: "graphql.type-removed", TYPE_ADDED: "graphql.type-added", TYPE_KIND_CHANGED: "graphql.type-kind-changed",
    UNION_MEMBER_REMOVED: "graphql.union-member-removed", UNION_MEMBER_ADDED: "graphql.union-member-added",
    DIRECTIVE_REMOVED: "graphql.directive-removed", DIRECTIVE_ADDED: "graphql.directive-added",
    DIRECTIVE_LOCATION_ADDED: "graphql.directive-location-added", DIRECTIVE_LOCATION_REMOVED: "graphql.directive-location-removed",
    DIRECTIVE_ARGUMENT_ADDED: "graphql.directive-argument-added", DIRECTIVE_ARGUMENT_REMOVED: "graphql.directive-argument-removed",
    DIRECTIVE_ARGUMENT_TYPE_CHANGED: "graphql.directive-argument-type-changed",
    DIRECTIVE_ARGUMENT_DEFAULT_VALUE_CHANGED: "graphql.directive-argument-default-changed",
    DIRECTIVE_REPEATABLE_ADDED: "graphql.directive-repeatable-changed", DIRECTIVE_REPEATABLE_REMOVED: "graphql.directive-repeatable-changed",
  };
  return table[t] || `?${t}`;
}

// `Type.field(arg:)` and `@dir` as Inspector writes paths: `Type.field.arg`, `dir`.
function norm(s) {
  return s.replace(/\(([^:)]*):\)/, ".$1").replace(/^@/, "").replace(/#.*$/, "");
}

function score(rows) {
  const t = { covered: 0, changes: 0, same: 0, otherLevel: 0, missed: 0, ours: 0, extra: 0, extraErrors: 0, falseBreaking: 0, failed: 0 };
  const byType = {};
  const lines = [];
  for (const r of rows) {
    if (r.failed !== undefined) t.failed++;
    const used = new Set();
    const addedTypes = r.theirs.filter((c) => c.type === "TYPE_ADDED").map((c) => c.path);
    const inputDefaults = r.theirs.some((c) => /^(INPUT_FIELD_(ADDED|REMOVED|DEFAULT_VALUE_CHANGED|TYPE_CHANGED)|DIRECTIVE_USAGE_INPUT_OBJECT_ADDED)$/.test(c.type));
    for (const c of r.theirs) {
      t.changes++;
      // Judged differently, on purpose: the parts of a type added with it are that type's
      // addition, and `@deprecated` applied or taken off is the deprecation change.
      const ofNewType = c.type !== "TYPE_ADDED" && addedTypes.some((p) => c.path && c.path.startsWith(p + "."));
      const deprecation = /^DIRECTIVE_USAGE_/.test(c.type) && /@deprecated/.test(c.path || "");
      // A change to an input object's fields changes the coerced default of every argument
      // whose default is an object of that type; the input field's change is the one finding.
      const coerced = c.type === "FIELD_ARGUMENT_DEFAULT_CHANGED" && inputDefaults;
      // `Type.@oneOf` is matched by the type's subject.
      const written = c.path;
      if (/@oneOf$/.test(c.path || "")) c.path = c.path.replace(/\.@oneOf$/, "");
      if (ofNewType || deprecation || coerced) {
        t.covered++;
        continue;
      }
      const rule = ruleOf(c.type, written);
      const rules = c.type === "ENUM_VALUE_DEPRECATION_REASON_ADDED" ? [rule, "graphql.field-deprecated"] : [rule];
      const i = r.ours.findIndex((f, k) => !used.has(k) && rules.includes(f.rule) && (!c.path || norm(f.subject) === c.path || norm(f.subject).startsWith(c.path + ".")));
      const j = i >= 0 ? i : r.ours.findIndex((f, k) => !used.has(k) && rules.includes(f.rule));
      const e = (byType[c.type] ||= { n: 0, same: 0, other: 0, missed: 0 });
      e.n++;
      if (j < 0) { t.missed++; e.missed++; lines.push(`missed\t${r.dir}\t${c.type}\t${c.level}\t${c.path}`); continue; }
      used.add(j);
      if (r.ours[j].level === c.level) { t.same++; e.same++; }
      else {
        t.otherLevel++; e.other++;
        lines.push(`level\t${r.dir}\t${c.type}\t${c.level}\t${r.ours[j].rule} ${r.ours[j].level}`);
        if (r.ours[j].level === "error") t.falseBreaking++;
      }
    }
    r.ours.forEach((f, k) => {
      t.ours++;
      if (!used.has(k)) {
        t.extra++;
        if (f.level === "error") t.extraErrors++;
        lines.push(`extra\t${r.dir}\t${f.rule}\t${f.level}\t${f.subject}`);
      }
    });
  }
  fs.writeFileSync(path.join(outDir, "disagreements.tsv"), lines.sort().join("\n") + "\n");
  const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : "0") + " %";
  console.log(`${rows.length} pairs, ${t.changes} changes by Inspector, ${t.ours} findings of ours`);
  console.log(`covered by another finding of ours, as argued: ${t.covered}`);
  console.log(`found at Inspector's level ${t.same} (${pct(t.same, t.changes)}), at another level ${t.otherLevel} (of them errors where Inspector is not breaking: ${t.falseBreaking}), missed ${t.missed} (${pct(t.missed, t.changes)})`);
  console.log(`ours that Inspector does not make: ${t.extra}, of them errors: ${t.extraErrors}; runs that failed: ${t.failed}`);
  for (const [type, e] of Object.entries(byType).sort()) {
    if (e.same !== e.n) console.log(`  ${type}: ${e.same}/${e.n} same level, ${e.other} other, ${e.missed} missed`);
  }
}
