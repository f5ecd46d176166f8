// Cross-check of `contracts diff` on TypeScript against the compiler: mutates real
// declarations into revision pairs, one change each, diffs every pair with `contracts diff`,
// and for the declaration the change touched writes a consumer program that uses the old
// surface and compiles it against the new one (strict). A breaking verdict of ours needs a
// compile error; a safe one (info, or no finding) needs none. Dangerous verdicts (warnings)
// are counted apart: the compiler cannot judge them. Usage (from scripts/peer-check-typescript):
//   node peer-check-typescript.mjs TS_NODE_MODULES CONTRACTS_BIN OUT_DIR SEED N FILE.ts...
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { seeded } from "./seeded.mjs";

const [modules, bin, outDir, seedArg, nArg, ...inputs] = process.argv.slice(2);
const require = createRequire(path.join(modules, "x.js"));
const ts = require("typescript");

const { rand, pick } = seeded(seedArg);

const options = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  isolatedModules: false,
  skipLibCheck: true,
  types: [],
};

// The standard library's files, parsed once for all programs.
const libraries = new Map();

// In-memory program: `files` maps names to text; returns the diagnostics of `root`.
function compile(files, root) {
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => (f in files ? files[f] : read(f));
  host.fileExists = (f) => f in files || fs.existsSync(f);
  const dirs = new Set(Object.keys(files).map((f) => path.dirname(f)));
  host.directoryExists = (d) => dirs.has(d) || fs.existsSync(d);
  host.realpath = (f) => f;
  const getSource = host.getSourceFile.bind(host);
  host.getSourceFile = (f, lang) => {
    if (f in files) return ts.createSourceFile(f, files[f], lang, true);
    if (!libraries.has(f)) libraries.set(f, getSource(f, lang));
    return libraries.get(f);
  };
  const program = ts.createProgram([root], options, host);
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(root));
}

const message = (d) => ts.flattenDiagnosticMessageText(d.messageText, " ");

// Names the surface uses but does not declare become `any`, so that excerpts compile.
function stubbed(text) {
  const files = { "/s/surface.ts": text };
  const missing = new Set();
  for (const d of compile(files, "/s/surface.ts")) {
    if (d.code === 2304 || d.code === 2552) {
      const m = /'([^']+)'/.exec(message(d));
      if (m) missing.add(m[1]);
    }
  }
  return [...missing].sort().map((n) => `type ${n} = any;`).join("\n");
}

const exported = (n) => (ts.getCombinedModifierFlags(n) & ts.ModifierFlags.Export) !== 0;

// Top-level declarations of a file, by name, with their node.
function declarations(sf) {
  const out = [];
  for (const s of sf.statements) {
    if (!exported(s) || !s.name) continue;
    if (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isEnumDeclaration(s)
      || ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) {
      out.push(s);
    }
  }
  return out;
}

// The text of `sf` with [start, end) replaced by `by`.
const splice = (sf, start, end, by) => sf.text.slice(0, start) + by + sf.text.slice(end);
const other = (t) => (t.trim() === "string" ? "number" : "string");

// Each mutation returns { decl, text } for one change to a declaration of `sf`, or null.
const members = (d) => (ts.isInterfaceDeclaration(d) ? d.members
  : ts.isTypeAliasDeclaration(d) && ts.isTypeLiteralNode(d.type) ? d.type.members : null);
const properties = (d) => (members(d) || []).filter((m) => ts.isPropertySignature(m) && m.type);
const withProps = (ds) => ds.filter((d) => properties(d).length > 0);
const unions = (ds) => ds.filter((d) => ts.isTypeAliasDeclaration(d) && ts.isUnionTypeNode(d.type));
const enums = (ds) => ds.filter((d) => ts.isEnumDeclaration(d) && d.members.length > 0);
const functions = (ds) => ds.filter((d) => ts.isFunctionDeclaration(d) && d.body === undefined);
const classes = (ds) => ds.filter((d) => ts.isClassDeclaration(d));
const isStatic = (m) => (m.modifiers || []).some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
const methods = (d) => d.members.filter((m) => ts.isMethodDeclaration(m) && ts.isIdentifier(m.name) && !isStatic(m));

const mutations = {
  "property-removed": (sf, ds) => {
    const d = pick(withProps(ds).filter((d) => properties(d).length > 1));
    if (!d) return null;
    const p = pick(properties(d));
    return { decl: d.name.text, text: splice(sf, p.getFullStart(), p.end, "") };
  },
  "required-property-added": (sf, ds) => {
    const d = pick(withProps(ds));
    if (!d) return null;
    const last = properties(d).at(-1);
    return { decl: d.name.text, text: splice(sf, last.end, last.end, "\n  zzAdded: string;") };
  },
  "optional-property-added": (sf, ds) => {
    const d = pick(withProps(ds));
    if (!d) return null;
    const last = properties(d).at(-1);
    return { decl: d.name.text, text: splice(sf, last.end, last.end, "\n  zzAdded?: string;") };
  },
  "optionality-toggled": (sf, ds) => {
    const d = pick(withProps(ds));
    if (!d) return null;
    const p = pick(properties(d));
    const name = p.name.getText(sf);
    const text = p.questionToken
      ? splice(sf, p.questionToken.getStart(sf), p.questionToken.end, "")
      : splice(sf, p.name.end, p.name.end, "?");
    return { decl: d.name.text, text, what: name };
  },
  "readonly-toggled": (sf, ds) => {
    const d = pick(withProps(ds));
    if (!d) return null;
    const p = pick(properties(d));
    const ro = (p.modifiers || []).find((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword);
    const text = ro ? splice(sf, ro.getStart(sf), ro.end + 1, "") : splice(sf, p.getStart(sf), p.getStart(sf), "readonly ");
    return { decl: d.name.text, text };
  },
  "property-retyped": (sf, ds) => {
    const d = pick(withProps(ds));
    if (!d) return null;
    const p = pick(properties(d));
    const touched = p.type.getText(sf);
    return { decl: d.name.text, text: splice(sf, p.type.getStart(sf), p.type.end, other(touched)), touched };
  },
  "property-widened": (sf, ds) => {
    const d = pick(withProps(ds));
    if (!d) return null;
    const p = pick(properties(d));
    const touched = p.type.getText(sf);
    return { decl: d.name.text, text: splice(sf, p.type.getStart(sf), p.type.end, `${touched} | null`), touched };
  },
  "union-member-removed": (sf, ds) => {
    const d = pick(unions(ds).filter((d) => d.type.types.length > 2));
    if (!d) return null;
    const ty = pick(d.type.types);
    const rest = d.type.types.filter((t) => t !== ty).map((t) => t.getText(sf)).join(" | ");
    return { decl: d.name.text, text: splice(sf, d.type.getStart(sf), d.type.end, rest) };
  },
  "union-member-added": (sf, ds) => {
    const d = pick(unions(ds));
    if (!d) return null;
    return { decl: d.name.text, text: splice(sf, d.type.end, d.type.end, ` | "zzAdded"`) };
  },
  "enum-member-appended": (sf, ds) => {
    const d = pick(enums(ds).filter((d) => d.members.every((m) => !m.initializer)));
    if (!d) return null;
    const last = d.members.at(-1);
    return { decl: d.name.text, text: splice(sf, last.end, last.end, ",\n  ZzAdded") };
  },
  "enum-member-prepended": (sf, ds) => {
    const d = pick(enums(ds).filter((d) => d.members.every((m) => !m.initializer)));
    if (!d) return null;
    const first = d.members[0];
    return { decl: d.name.text, text: splice(sf, first.getStart(sf), first.getStart(sf), "ZzAdded,\n  ") };
  },
  "enum-member-removed": (sf, ds) => {
    const d = pick(enums(ds).filter((d) => d.members.length > 1));
    if (!d) return null;
    const m = d.members.at(-1);
    const prev = d.members.at(-2);
    return { decl: d.name.text, text: splice(sf, prev.end, m.end, "") };
  },
  "enum-made-const": (sf, ds) => {
    const d = pick(enums(ds).filter((d) => !(d.modifiers || []).some((m) => m.kind === ts.SyntaxKind.ConstKeyword)));
    if (!d) return null;
    const at = d.getChildren(sf).find((c) => c.kind === ts.SyntaxKind.EnumKeyword).getStart(sf);
    return { decl: d.name.text, text: splice(sf, at, at, "const ") };
  },
  "optional-parameter-added": (sf, ds) => {
    const d = pick(functions(ds));
    if (!d) return null;
    const end = d.parameters.end;
    const sep = d.parameters.length ? ", " : "";
    return { decl: d.name.text, text: splice(sf, end, end, `${sep}zzExtra?: string`) };
  },
  "required-parameter-added": (sf, ds) => {
    const d = pick(functions(ds).filter((d) => d.parameters.every((p) => !p.questionToken && !p.initializer && !p.dotDotDotToken)));
    if (!d) return null;
    const end = d.parameters.end;
    const sep = d.parameters.length ? ", " : "";
    return { decl: d.name.text, text: splice(sf, end, end, `${sep}zzExtra: string`) };
  },
  "return-retyped": (sf, ds) => {
    const d = pick(functions(ds).filter((d) => d.type));
    if (!d) return null;
    const touched = d.type.getText(sf);
    return { decl: d.name.text, text: splice(sf, d.type.getStart(sf), d.type.end, other(touched)), touched };
  },
  "type-parameter-added": (sf, ds) => {
    const d = pick(withProps(ds).filter((d) => ts.isInterfaceDeclaration(d)));
    if (!d) return null;
    const withDefault = rand() < 0.5;
    const param = withDefault ? "ZzT = string" : "ZzT";
    const text = d.typeParameters
      ? splice(sf, d.typeParameters.end, d.typeParameters.end, `, ${param}`)
      : splice(sf, d.name.end, d.name.end, `<${param}>`);
    return { decl: d.name.text, text, what: withDefault ? "with default" : "required" };
  },
  "overload-removed": (sf, ds) => {
    const fs_ = functions(ds);
    const d = pick(fs_.filter((f) => fs_.filter((g) => g.name.text === f.name.text).length > 1));
    if (!d) return null;
    return { decl: d.name.text, text: splice(sf, d.getFullStart(), d.end, "") };
  },
  "method-removed": (sf, ds) => {
    const d = pick(classes(ds).filter((c) => methods(c).length > 0));
    if (!d) return null;
    const m = pick(methods(d));
    return { decl: d.name.text, text: splice(sf, m.getFullStart(), m.end, "") };
  },
  "method-added": (sf, ds) => {
    const d = pick(classes(ds).filter((c) => c.members.length > 0));
    if (!d) return null;
    const last = d.members.at(-1);
    return { decl: d.name.text, text: splice(sf, last.end, last.end, "\n  zzPing(): boolean;") };
  },
  "constructor-parameter-added": (sf, ds) => {
    const d = pick(classes(ds).filter((c) => c.members.some(ts.isConstructorDeclaration)));
    if (!d) return null;
    const c = d.members.find(ts.isConstructorDeclaration);
    const optional = rand() < 0.5;
    const end = c.parameters.end;
    const sep = c.parameters.length ? ", " : "";
    return { decl: d.name.text, text: splice(sf, end, end, `${sep}zzExtra${optional ? "?" : ""}: string`), what: optional ? "optional" : "required" };
  },
  // Spelled another way, the same declarations: nothing may be reported.
  "respelled": (sf, ds) => {
    const d = pick(withProps(ds));
    if (!d) return null;
    const body = properties(d).map((p) => `    /* kept */ ${p.getText(sf).replace(/;$/, "").replace(/'/g, '"')},`).join("\n");
    const m = members(d);
    return { decl: d.name.text, text: splice(sf, m.pos, m.end, `\n${body}\n`) };
  },
};

// A consumer of declaration `name` as the old surface has it, compiled against the new one:
// values of the old type must be values of the new one and the other way round (writers and
// readers); functions stay callable as before; enum members keep their names and values.
function consumer(oldSf, name) {
  const d = declarations(oldSf).find((x) => x.name.text === name);
  if (!d) return null;
  const args = (d.typeParameters || []).map(() => "unknown");
  const inst = args.length ? `<${args.join(", ")}>` : "";
  if (ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d)) {
    // Each property read from a new value, and each writable one assigned from an old value.
    const uses = properties(d).filter((p) => ts.isIdentifier(p.name)).map((p, i) => {
      const key = p.name.text;
      const readonly = (p.modifiers || []).some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword);
      return `export const p${i} = n.${key};\n` + (readonly ? "" : `export function w${i}(x: New.${name}${inst}) { x.${key} = o.${key}; }\n`);
    });
    return `import * as Old from "./old";\nimport * as New from "./new";\n`
      + `declare const o: Old.${name}${inst};\ndeclare const n: New.${name}${inst};\n`
      + `export const written: New.${name}${inst} = o;\nexport const read: Old.${name}${inst} = n;\n`
      + uses.join("");
  }
  if (ts.isClassDeclaration(d)) {
    const uses = methods(d).map((m, i) => `export const m${i} = n.${m.name.text};\n`);
    return `import * as Old from "./old";\nimport * as New from "./new";\n`
      + `declare const n: New.${name}${inst};\nexport const read: Old.${name}${inst} = n;\n`
      + `declare const args: ConstructorParameters<typeof Old.${name}>;\n`
      + `export const made = new New.${name}(...args);\n` + uses.join("");
  }
  if (ts.isFunctionDeclaration(d)) {
    return `import * as Old from "./old";\nimport * as New from "./new";\n`
      + `export const call: typeof Old.${name} = New.${name};\n`;
  }
  if (ts.isEnumDeclaration(d)) {
    const lines = [`import * as New from "./new";`];
    let next = 0;
    for (const m of d.members) {
      const key = m.name.getText(oldSf);
      let value = null;
      if (!m.initializer) value = next;
      else if (ts.isNumericLiteral(m.initializer)) value = Number(m.initializer.text);
      next = value === null ? null : value + 1;
      lines.push(value === null ? `export const m_${lines.length} = New.${name}.${key};`
        : `export const m_${lines.length}: ${value} = New.${name}.${key};`);
    }
    const constant = (d.modifiers || []).some((m) => m.kind === ts.SyntaxKind.ConstKeyword);
    if (!constant) lines.push(`export const all = Object.values(New.${name});`);
    return lines.join("\n") + "\n";
  }
  return null;
}

function contractsDiff(dir) {
  const r = spawnSync(bin, ["diff", "old.ts", "new.ts", "--format", "json"], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0 && r.status !== 1) return null;
  return JSON.parse(r.stdout).findings;
}

const rank = { error: 3, warning: 2, info: 1 };
const sources = [];
for (const f of inputs) {
  const text = fs.readFileSync(f, "utf8");
  const sf = ts.createSourceFile(f, text, ts.ScriptTarget.ES2022, true);
  const ds = declarations(sf);
  if (ds.length === 0) continue;
  const stubs = stubbed(text);
  // Only sources that compile alone (with their unknown names stubbed) make fair pairs.
  const clean = compile({ "/s/surface.ts": `${text}\n${stubs}\n` }, "/s/surface.ts").length === 0;
  if (clean) sources.push({ f, text, sf, stubs });
}
fs.mkdirSync(outDir, { recursive: true });
const rows = [];
const n = Number(nArg);
const kinds = Object.keys(mutations);
for (let tries = 0; rows.length < n && tries < n * 4 && sources.length; tries++) {
  // Each kind in turn, on a source it applies to: kinds that few sources allow (overloads,
  // classes) are tried as often as the rest.
  const kind = kinds[tries % kinds.length];
  let src = null;
  let m = null;
  for (let k = 0; k < 40 && !m; k++) {
    src = pick(sources);
    m = mutations[kind](src.sf, declarations(src.sf));
    if (m && m.text === src.text) m = null;
  }
  if (!m) continue;
  const dir = path.join(outDir, String(rows.length).padStart(4, "0"));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "old.ts"), src.text);
  fs.writeFileSync(path.join(dir, "new.ts"), m.text);
  const findings = contractsDiff(dir);
  const row = { pair: path.basename(dir), source: src.f, mutation: kind, what: m.what || "", decl: m.decl };
  // A change to a type the sources do not declare (stubbed as `any`) is beyond the compiler.
  const stubs = src.stubs.split("\n").map((l) => l.split(" ")[1]).filter(Boolean);
  const mentions = (text) => stubs.some((s) => new RegExp(`\\b${s}\\b`).test(text));
  if (m.touched && mentions(m.touched)) {
    rows.push({ ...row, outcome: "the change touches a name the sources do not declare" });
    continue;
  }
  // A base stubbed as `any` lets every member access compile.
  const decl = declarations(src.sf).find((x) => x.name.text === m.decl);
  const bases = (decl && decl.heritageClauses || []).map((h) => h.getText(src.sf)).join(" ");
  if (mentions(bases)) {
    rows.push({ ...row, outcome: "the declaration extends a name the sources do not declare" });
    continue;
  }
  if (findings === null) {
    rows.push({ ...row, outcome: "contracts failed" });
    continue;
  }
  const mine = findings.filter((f) => f.subject === m.decl || f.subject.startsWith(`${m.decl}.`));
  const level = mine.reduce((l, f) => (rank[f.severity] > rank[l] ? f.severity : l), "info");
  const verdict = level === "error" ? "breaking" : level === "warning" ? "dangerous" : "safe";
  const program = consumer(src.sf, m.decl);
  if (!program) {
    rows.push({ ...row, verdict, outcome: "no consumer" });
    continue;
  }
  const files = (newText) => ({
    "/c/old.ts": `${src.text}\n${src.stubs}\n`,
    "/c/new.ts": `${newText}\n${src.stubs}\n`,
    "/c/use.ts": program,
  });
  const baseline = compile(files(src.text), "/c/use.ts");
  if (baseline.length) {
    rows.push({ ...row, verdict, outcome: "consumer does not compile against the old surface", tsc: baseline.slice(0, 2).map(message) });
    continue;
  }
  const errors = compile(files(m.text), "/c/use.ts").map(message);
  const compiles = errors.length === 0;
  const agree = verdict === "dangerous" ? null : (verdict === "breaking") === !compiles;
  rows.push({
    ...row, verdict, compiles, agree, rules: mine.map((f) => `${f.severity} ${f.rule}`),
    tsc: errors.slice(0, 2),
  });
}
fs.writeFileSync(path.join(outDir, "results.json"), JSON.stringify(rows, null, 1));

const judged = rows.filter((r) => r.agree !== undefined && r.agree !== null);
const by = (pred) => judged.filter(pred).length;
const breaking = judged.filter((r) => r.verdict === "breaking");
const safe = judged.filter((r) => r.verdict === "safe");
console.log(`${sources.length} sources that compile; ${rows.length} pairs`);
console.log(`breaking verdicts: ${breaking.length}, compile as broken: ${breaking.filter((r) => !r.compiles).length}`);
console.log(`safe verdicts: ${safe.length}, compile clean: ${safe.filter((r) => r.compiles).length}`);
console.log(`dangerous (not judged by the compiler): ${rows.filter((r) => r.verdict === "dangerous").length}`);
console.log(`agreement: ${by((r) => r.agree)}/${judged.length}`);
const skipped = {};
for (const r of rows.filter((r) => r.outcome)) skipped[r.outcome] = (skipped[r.outcome] || 0) + 1;
for (const [k, v] of Object.entries(skipped)) console.log(`not judged: ${k}: ${v}`);
const perKind = {};
for (const r of judged) {
  const e = (perKind[r.mutation] ||= { n: 0, agree: 0 });
  e.n++;
  if (r.agree) e.agree++;
}
for (const [k, e] of Object.entries(perKind).sort()) console.log(`  ${k}: ${e.agree}/${e.n}`);
const lines = judged.filter((r) => !r.agree).map((r) =>
  [r.pair, r.mutation, r.what, r.decl, r.verdict, r.compiles ? "compiles" : "compile error", r.rules.join("; "), r.tsc.join(" / ")].join("\t"));
fs.writeFileSync(path.join(outDir, "disagreements.tsv"), lines.sort().join("\n") + "\n");
