// Differential test against `openapi-diff` (npm, pinned in scripts/peers): mutates real
// OpenAPI 3.0 specs into revision pairs, one change each at a request or response schema or an
// operation, runs openapi-diff and `contracts diff` on each pair, and compares
// verdicts: openapi-diff's "breaking differences found" against an error of ours.
// openapi-diff reads 3.0 only and weighs schemas by the values they accept (json-schema-diff),
// so a few kinds differ from ours by design; the summary keeps them apart (EXPECTED below).
// Usage (from scripts/peer-check-openapi):
//   node peer-check-openapi.mjs OPENAPI_DIFF JS_YAML CONTRACTS_BIN OUT_DIR SEED N SPEC...
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { seeded } from "./seeded.mjs";

const [peer, jsYaml, bin, outDir, seedArg, nArg, ...specs] = process.argv.slice(2);
const yaml = createRequire(import.meta.url)(jsYaml);
const { rand, pick } = seeded(seedArg);
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

// Kinds where openapi-diff's value-set reading and ours part by design, with why: a schema
// that describes a property it left open before accepts fewer values, so openapi-diff calls an
// optional property added to a request breaking; we and oasdiff call it safe, because clients
// that never sent it are unaffected. A property or operation removed that the old revision
// marked deprecated is a warning for us, as for oasdiff; openapi-diff reads no deprecation.
const EXPECTED = {
  "property-added-optional request": "ours safe, peer breaking: the property was open before",
  "deprecated-property-removed response": "ours warning: the old revision announced it, as oasdiff weighs it",
  "deprecated-operation-removed operation": "ours warning: the old revision announced it, as oasdiff weighs it",
};

// ---- sites: where in a spec a change can be made, and which way the data flows ----

function deref(spec, node) {
  const ref = node && node.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return node;
  return ref.slice(2).split("/").reduce((n, k) => n && n[k.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
}

// How many times each `$ref` target is named: a shared schema has no one direction.
function refCounts(spec) {
  const counts = {};
  const walk = (n) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === "object") {
      if (typeof n.$ref === "string") counts[n.$ref] = (counts[n.$ref] || 0) + 1;
      Object.values(n).forEach(walk);
    }
  };
  walk(spec);
  return counts;
}

// Every schema object below `schema`, with the direction it flows; a `$ref` is followed when
// its target is named once (so the change has one direction) and not yet seen.
function schemas(spec, counts, schema, dir, where, out, seen = new Set()) {
  if (!schema || typeof schema !== "object" || out.length > 4000) return;
  if (schema.$ref) {
    if (counts[schema.$ref] !== 1 || seen.has(schema.$ref)) return;
    seen.add(schema.$ref);
    return schemas(spec, counts, deref(spec, schema), dir, where, out, seen);
  }
  out.push({ schema, dir, where });
  for (const [k, v] of Object.entries(schema.properties || {})) schemas(spec, counts, v, dir, `${where}.${k}`, out, seen);
  if (schema.items) schemas(spec, counts, schema.items, dir, `${where}[]`, out, seen);
}

function sites(spec) {
  const counts = refCounts(spec);
  const ops = [];
  const found = [];
  for (const [p, item] of Object.entries(spec.paths || {})) {
    for (const m of METHODS) {
      const op = item && item[m];
      if (!op || typeof op !== "object") continue;
      ops.push({ item, m, op, where: `${m.toUpperCase()} ${p}` });
      const body = deref(spec, op.requestBody);
      for (const [mt, media] of Object.entries((body && body.content) || {})) {
        if (mt === "application/json") schemas(spec, counts, media.schema, "request", `${m} ${p} body`, found);
      }
      for (const [status, r] of Object.entries(op.responses || {})) {
        if (!/^2/.test(status)) continue;
        for (const [mt, media] of Object.entries((deref(spec, r) || {}).content || {})) {
          if (mt === "application/json") schemas(spec, counts, media.schema, "response", `${m} ${p} ${status}`, found);
        }
      }
    }
  }
  return { ops, schemas: found };
}

// ---- mutations: each edits the new revision in place and says what it did, or declines ----

const isNum = (s) => s.type === "integer" || s.type === "number";
const isObj = (s) => s.type === "object" || s.properties;

// openapi-diff skips parameters, `enum` and `nullable`, so no kind changes them: its verdict
// would say nothing. testdata/oasdiff pins what we give those changes.
const SCHEMA_KINDS = {
  "maximum-lowered": (s) => isNum(s) && ((s.maximum = typeof s.maximum === "number" ? s.maximum - 1 : 1000), true),
  "maximum-dropped": (s) => isNum(s) && typeof s.maximum === "number" && (delete s.maximum, true),
  "minimum-raised": (s) => isNum(s) && ((s.minimum = typeof s.minimum === "number" ? s.minimum + 1 : 1), true),
  "minimum-dropped": (s) => isNum(s) && typeof s.minimum === "number" && (delete s.minimum, true),
  "max-length-set": (s) => s.type === "string" && !s.enum && !s.format && ((s.maxLength = typeof s.maxLength === "number" ? Math.max(1, s.maxLength - 1) : 64), true),
  "max-length-dropped": (s) => s.type === "string" && typeof s.maxLength === "number" && (delete s.maxLength, true),
  "min-items-raised": (s) => s.type === "array" && ((s.minItems = (s.minItems || 0) + 1), true),
  "type-changed": (s) => (s.type === "string" && !s.enum && !s.format ? ((s.type = "integer"), true) : s.type === "boolean" ? ((s.type = "string"), true) : false),
  "property-added-required": (s) => isObj(s) && !(s.properties || {}).added_prop && ((s.properties ||= {}).added_prop = { type: "string" }, (s.required ||= []).push("added_prop"), true),
  "property-added-optional": (s) => isObj(s) && !(s.properties || {}).added_prop && ((s.properties ||= {}).added_prop = { type: "string" }, true),
  "property-removed": (s) => {
    const names = Object.keys(s.properties || {}).filter((k) => !(s.required || []).includes(k));
    if (!names.length) return false;
    const name = pick(names);
    const gone = s.properties[name];
    delete s.properties[name];
    return gone && gone.deprecated === true ? "deprecated-property-removed" : true;
  },
  "required-added": (s) => {
    const names = Object.keys(s.properties || {}).filter((k) => !(s.required || []).includes(k));
    if (!names.length) return false;
    (s.required ||= []).push(pick(names));
    return true;
  },
  "required-dropped": (s) => {
    if (!Array.isArray(s.required) || !s.required.length) return false;
    s.required.splice(Math.floor(rand() * s.required.length), 1);
    if (!s.required.length) delete s.required;
    return true;
  },
};

const OP_KINDS = {
  "operation-removed": (site) => (delete site.item[site.m], site.op.deprecated === true ? "deprecated-operation-removed" : true),
};

// ---- running both tools ----

function peerVerdict(dir) {
  const r = spawnSync(peer, ["old.yaml", "new.yaml"], { cwd: dir, maxBuffer: 1 << 26, timeout: 120000 });
  const text = r.stdout.toString();
  if (text.startsWith("No changes found")) return { breaking: false, codes: [], raw: text };
  const start = text.indexOf("{");
  if (start < 0 || r.stderr.length) return { error: (r.stderr.toString() || text).split("\n")[0] };
  try {
    const j = JSON.parse(text.slice(start));
    return { breaking: j.breakingDifferencesFound, codes: (j.breakingDifferences || []).map((d) => d.code) };
  } catch {
    return { error: "unreadable output" };
  }
}

function ourVerdict(dir) {
  const r = spawnSync(bin, ["diff", "old.yaml", "new.yaml", "--format", "json"], { cwd: dir, maxBuffer: 1 << 26 });
  if (r.status === 2 || r.status === null) return { error: r.stderr.toString().split("\n")[0] };
  const findings = JSON.parse(r.stdout.toString()).findings.filter((f) => !f.rule.startsWith("openapi.revision-"));
  const level = ["error", "warning", "info"].find((l) => findings.some((f) => f.severity === l)) || "none";
  return { level, rules: findings.map((f) => `${f.rule} ${f.severity}`) };
}

// A source is used when openapi-diff reads it: as 3.0.x, and valid to its parser.
function loadSources() {
  const out = [];
  for (const file of specs) {
    let spec;
    try {
      spec = yaml.load(fs.readFileSync(file, "utf8"));
    } catch {
      continue;
    }
    if (!spec || typeof spec !== "object" || !/^3\.0\./.test(String(spec.openapi))) continue;
    const dir = path.join(outDir, "probe");
    fs.mkdirSync(dir, { recursive: true });
    const text = yaml.dump(spec, { noRefs: true, lineWidth: -1 });
    fs.writeFileSync(path.join(dir, "old.yaml"), text);
    fs.writeFileSync(path.join(dir, "new.yaml"), text);
    const v = peerVerdict(dir);
    if (v.error || v.breaking) continue;
    out.push({ file, text, ...sites(spec) });
  }
  return out;
}

const sources = loadSources().filter((s) => s.ops.length);
console.log(`${sources.length} of ${specs.length} specs read by openapi-diff`);
const rows = [];
for (let i = 0, tries = 0; rows.length < Number(nArg) && tries < Number(nArg) * 20 && sources.length; tries++) {
  const src = pick(sources);
  const spec = yaml.load(src.text);
  const s = sites(spec);
  let kind;
  let where;
  let dir;
  if (rand() < 0.1) {
    kind = pick(Object.keys(OP_KINDS));
    const site = pick(s.ops);
    const did = OP_KINDS[kind](site);
    if (!did) continue;
    if (typeof did === "string") kind = did;
    where = site.where;
    dir = "operation";
  } else {
    if (!s.schemas.length) continue;
    // A kind drawn first, then a schema it applies to: kinds that fit few schemas still come up.
    kind = pick(Object.keys(SCHEMA_KINDS));
    const fits = s.schemas.filter((x) => SCHEMA_KINDS[kind](structuredClone(x.schema)));
    if (!fits.length) continue;
    const site = pick(fits);
    const did = SCHEMA_KINDS[kind](site.schema);
    if (typeof did === "string") kind = did;
    where = site.where;
    dir = site.dir;
  }
  const pair = path.join(outDir, "pairs", String(i++).padStart(4, "0"));
  fs.mkdirSync(pair, { recursive: true });
  fs.writeFileSync(path.join(pair, "old.yaml"), src.text);
  fs.writeFileSync(path.join(pair, "new.yaml"), yaml.dump(spec, { noRefs: true, lineWidth: -1 }));
  rows.push({ pair, source: src.file, kind, dir, where, peer: peerVerdict(pair), ours: ourVerdict(pair) });
}
fs.writeFileSync(path.join(outDir, "results.json"), JSON.stringify(rows, null, 1));

// ---- our per-check pairs (testdata/oasdiff), read as 3.0 where openapi-diff can ----

const fixtures = { n: 0, seen: 0, agree: 0, expected: 0, lines: [] };
const fixtureDirs = process.env.FIXTURES ? fs.readdirSync(process.env.FIXTURES, { withFileTypes: true }) : [];
for (const check of fixtureDirs.filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
  const src = path.join(process.env.FIXTURES, check);
  const dir = path.join(outDir, "fixtures", check);
  fs.mkdirSync(dir, { recursive: true });
  for (const side of ["old.yaml", "new.yaml"]) {
    fs.writeFileSync(path.join(dir, side), fs.readFileSync(path.join(src, side), "utf8").replace(/^openapi: 3\.1\.0$/m, "openapi: 3.0.3"));
  }
  const p = peerVerdict(dir);
  if (p.error) continue;
  fixtures.n++;
  // "No changes" is a change openapi-diff does not compare, not a verdict.
  if (!p.breaking && !p.codes.length && /^No changes/.test(p.raw)) continue;
  fixtures.seen++;
  const want = fs.readFileSync(path.join(src, "expect"), "utf8");
  const ours = /\berror\b/.test(want);
  if (ours === p.breaking) { fixtures.agree++; continue; }
  fixtures.lines.push(`fixture\t${check}\tpeer ${p.breaking ? p.codes.join(",") : "not breaking"}\tours ${want.trim().replace(/\n/g, ", ")}`);
}

// ---- scoring ----

const t = { pairs: 0, agree: 0, expected: 0, disagree: 0, peerFailed: 0, oursFailed: 0 };
const byKind = {};
const lines = [];
for (const r of rows) {
  t.pairs++;
  if (r.ours.error) { t.oursFailed++; lines.push(`ours-failed\t${r.pair}\t${r.kind}\t${r.ours.error}`); continue; }
  if (r.peer.error) { t.peerFailed++; continue; }
  const key = `${r.kind} ${r.dir}`;
  const e = (byKind[key] ||= { n: 0, agree: 0 });
  e.n++;
  const ours = r.ours.level === "error";
  if (ours === r.peer.breaking) { t.agree++; e.agree++; continue; }
  if (key in EXPECTED) { t.expected++; continue; }
  t.disagree++;
  lines.push(`${ours ? "extra" : "missed"}\t${r.pair}\t${key}\t${r.where}\tpeer ${r.peer.breaking ? r.peer.codes.join(",") : "not breaking"}\tours ${r.ours.rules.join(", ") || "nothing"}`);
}
fs.writeFileSync(path.join(outDir, "disagreements.tsv"), [...lines, ...fixtures.lines].sort().join("\n") + "\n");
const judged = t.pairs - t.peerFailed - t.oursFailed;
console.log(`${t.pairs} pairs; openapi-diff failed on ${t.peerFailed}, contracts on ${t.oursFailed}`);
console.log(`of ${judged} judged: agree ${t.agree}, differ by design ${t.expected}, disagree ${t.disagree}`);
console.log(`our per-check pairs: ${fixtures.n} read as 3.0 by openapi-diff, ${fixtures.seen} with a change it compares; agree ${fixtures.agree}, disagree ${fixtures.seen - fixtures.agree}`);
for (const [k, e] of Object.entries(byKind).sort()) {
  console.log(`  ${k}: ${e.agree}/${e.n}${k in EXPECTED ? ` (by design: ${EXPECTED[k] || "-"})` : ""}`);
}
