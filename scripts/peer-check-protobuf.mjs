// Differential test against `buf breaking`: mutates real .proto files into revision pairs, one
// change of buf's kinds each, runs buf with every rule and `contracts diff --proto-level file`
// on each pair, and compares finding by finding: buf's rule against ours (the `buf:` lists of
// rules/protobuf.*.md), at the same file and line. Usage (from scripts/peer-check-protobuf):
//   node peer-check-protobuf.mjs BUF CONTRACTS_BIN RULES_DIR OUT_DIR SEED N SOURCE...
// A SOURCE is `module:DIR` (a directory of protos that builds; only files under its
// `google/maps`, or any not under `google/`, are mutated) or `file:PATH` (a file that builds
// alone, with DEPS). `deps:DIR` names imports every single-file pair gets.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { seeded } from "./seeded.mjs";

const [buf, bin, rulesDir, outDir, seedArg, nArg, ...sourceArgs] = process.argv.slice(2);
const { rand, pick } = seeded(seedArg);
// buf says twice what one finding of ours says: a field renamed changes the JSON name derived
// from it, and `field-renamed` carries the JSON break.
const COVERED = { FIELD_SAME_JSON_NAME: ["protobuf.field-renamed"] };

const BUF_YAML = "version: v2\nbreaking:\n  use: [FILE, PACKAGE, WIRE_JSON, WIRE]\n";

// ---- a small structural reader of .proto text: enough to find what to mutate, by offset ----

// The text with comments blanked (same length, newlines kept), so offsets stay valid.
function code(text) {
  let out = "";
  for (let i = 0; i < text.length; ) {
    if (text.startsWith("//", i)) {
      const e = text.indexOf("\n", i);
      const end = e < 0 ? text.length : e;
      out += " ".repeat(end - i);
      i = end;
    } else if (text.startsWith("/*", i)) {
      const e = text.indexOf("*/", i + 2);
      const end = e < 0 ? text.length : e + 2;
      out += text.slice(i, end).replace(/[^\n]/g, " ");
      i = end;
    } else if (text[i] === '"' || text[i] === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== text[i] && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else out += text[i++];
  }
  return out;
}

function tokens(src) {
  const out = [];
  const re = /\s+|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|([A-Za-z_][\w.]*|\.[A-Za-z_][\w.]*)|(-?\d[\w.+-]*)|(.)/gsy;
  let m;
  while ((m = re.exec(src))) {
    if (m[1]) out.push({ t: "str", v: m[1], s: m.index, e: re.lastIndex });
    else if (m[2]) out.push({ t: "id", v: m[2], s: m.index, e: re.lastIndex });
    else if (m[3]) out.push({ t: "num", v: m[3], s: m.index, e: re.lastIndex });
    else if (m[4]) out.push({ t: "p", v: m[4], s: m.index, e: re.lastIndex });
  }
  return out;
}

// Index of the token ending the statement that starts at i: its `;`, or the `}` closing the
// first block it opens (aggregate option values and groups nest braces).
function statementEnd(toks, i) {
  let depth = 0;
  for (let j = i; j < toks.length; j++) {
    const v = toks[j].t === "p" ? toks[j].v : "";
    if (v === "{" || v === "[" || v === "(") depth++;
    else if (v === "}" || v === "]" || v === ")") {
      depth--;
      if (depth < 0) return j - 1;
      if (depth === 0 && v === "}" && (toks[j + 1]?.v !== ";" || toks[i].v === "rpc")) return j;
    } else if (v === ";" && depth === 0) return j;
  }
  return toks.length - 1;
}

function block(toks, i, kind, parent, fqn) {
  const node = { kind, name: toks[i + 1].v, s: toks[i].s, parent, fqn, children: [] };
  let j = i + 2;
  if (kind === "extend") node.name = toks[i + 1].v;
  while (toks[j] && toks[j].v !== "{") j++;
  node.open = toks[j]?.e;
  j = body(toks, j + 1, node);
  node.e = toks[j]?.e ?? toks[toks.length - 1].e;
  node.close = toks[j]?.s;
  return { node, next: j + 1 };
}

function body(toks, i, parent) {
  while (i < toks.length) {
    const t = toks[i];
    if (t.v === "}") return i;
    if (t.v === ";") { i++; continue; }
    const kw = t.t === "id" ? t.v : "";
    const named = toks[i + 1]?.t === "id";
    if (["message", "enum", "service", "oneof", "extend"].includes(kw) && named && toks[i + 2]?.v === "{") {
      const inner = parent.fqn ? `${parent.fqn}.${toks[i + 1].v}` : toks[i + 1].v;
      const fqn = kw === "oneof" || kw === "extend" ? parent.fqn : inner;
      const { node, next } = block(toks, i, kw, parent, fqn);
      parent.children.push(node);
      i = next;
      continue;
    }
    const end = statementEnd(toks, i);
    const st = { kind: "statement", s: t.s, e: toks[end].e, parent, toks: toks.slice(i, end + 1) };
    if (kw === "rpc") {
      st.kind = "rpc";
      st.name = toks[i + 1].v;
    } else if (["option", "reserved", "extensions", "syntax", "edition", "package", "import"].includes(kw)) {
      st.kind = kw;
    } else if (parent.kind === "enum") {
      st.kind = "value";
      st.name = t.v;
      st.number = st.toks.find((x) => x.t === "num");
    } else if (["message", "oneof", "extend"].includes(parent.kind)) {
      field(st);
    }
    parent.children.push(st);
    i = end + 1;
  }
  return i;
}

function field(st) {
  const ts = st.toks;
  const eq = ts.findIndex((x) => x.v === "=");
  if (eq < 2 || ts.some((x) => x.v === "{" ) || ts[0].v === "group") return;
  st.kind = "field";
  st.label = ["optional", "repeated", "required"].includes(ts[0].v) ? ts[0] : null;
  st.nameTok = ts[eq - 1];
  st.name = st.nameTok.v;
  st.number = ts[eq + 1];
  const first = st.label ? 1 : 0;
  st.typeToks = ts.slice(first, eq - 1);
  st.type = st.typeToks.map((x) => x.v).join("");
  st.map = st.type.startsWith("map<");
  st.opts = ts.findIndex((x) => x.v === "[");
}

function parse(text) {
  const toks = tokens(code(text));
  const root = { kind: "file", fqn: "", children: [] };
  const pkg = toks.findIndex((x, k) => x.v === "package" && toks[k + 1]?.t === "id");
  root.fqn = pkg >= 0 ? toks[pkg + 1].v : "";
  body(toks, 0, root);
  const syn = toks.findIndex((x) => x.v === "syntax" || x.v === "edition");
  root.syntax = syn >= 0 ? (toks[syn].v === "edition" ? "editions" : toks[syn + 2]?.v.replace(/"/g, "")) : "proto2";
  return root;
}

function* walk(node) {
  for (const c of node.children || []) {
    yield c;
    yield* walk(c);
  }
}

// ---- edits ----

const splice = (text, s, e, w) => text.slice(0, s) + w + text.slice(e);
// A statement's whole lines, when it has them to itself.
function lineSpan(text, s, e) {
  const ls = text.lastIndexOf("\n", s - 1) + 1;
  const le = text.indexOf("\n", e);
  const before = text.slice(ls, s).trim() === "";
  const after = text.slice(e, le < 0 ? text.length : le).trim() === "";
  return before && after ? [ls, le < 0 ? text.length : le + 1] : [s, e];
}
const remove = (text, n) => { const [s, e] = lineSpan(text, n.s, n.e); return splice(text, s, e, ""); };
const indentOf = (text, s) => text.slice(text.lastIndexOf("\n", s - 1) + 1, s).match(/^\s*/)[0];
const insertAfterOpen = (text, n, line) => splice(text, n.open, n.open, `\n${indentOf(text, n.s)}  ${line}`);

const SCALARS = ["double", "float", "int64", "uint64", "int32", "fixed64", "fixed32", "bool", "string",
  "bytes", "uint32", "sfixed32", "sfixed64", "sint32", "sint64"];
const fieldsOf = (root) => [...walk(root)].filter((n) => n.kind === "field" && n.parent.kind !== "extend");
const messagesOf = (root) => [...walk(root)].filter((n) => n.kind === "message");
const topMessages = (root) => root.children.filter((n) => n.kind === "message");
const numbers = (m) => new Set([...walk(m)].filter((x) => x.kind === "field" && x.parent !== undefined).map((x) => Number(x.number?.v)));
const unused = (m) => { const used = numbers(m); let k = 9000 + Math.floor(rand() * 900); while (used.has(k)) k++; return k; };
// A name nothing else in the module mentions.
const unreferenced = (ctx, name) => {
  const re = new RegExp(`\\b${name.replace(/\./g, "\\.")}\\b`, "g");
  return ctx.codes.reduce((k, c) => k + (c.match(re) || []).length, 0) === 1;
};
const fileOptionValue = (name) => ({
  go_package: `"example.com/zz${Math.floor(rand() * 1e4)}/pb"`, java_package: `"com.zz${Math.floor(rand() * 1e4)}"`,
  java_multiple_files: pick(["true", "false"]), java_outer_classname: `"Zz${Math.floor(rand() * 1e4)}Proto"`,
  csharp_namespace: `"Zz.N${Math.floor(rand() * 1e4)}"`, objc_class_prefix: `"ZZ${Math.floor(rand() * 100)}"`,
  php_namespace: `"Zz\\\\N${Math.floor(rand() * 100)}"`, ruby_package: `"Zz::N${Math.floor(rand() * 100)}"`,
  optimize_for: pick(["SPEED", "CODE_SIZE", "LITE_RUNTIME"]), cc_enable_arenas: pick(["true", "false"]),
  swift_prefix: `"ZZ"`, php_class_prefix: `"ZZ"`, php_metadata_namespace: `"Zz\\\\Meta"`,
  cc_generic_services: pick(["true", "false"]), java_generic_services: pick(["true", "false"]),
  py_generic_services: pick(["true", "false"]),
})[name];

// Each mutation rewrites `f.text` (the file chosen; `ctx.files` holds the module, by path) and
// returns a short description, or null when it does not apply.
const mutations = {
  "field-delete": (f) => {
    const x = pick(fieldsOf(f.root));
    if (!x) return null;
    f.text = remove(f.text, x);
    return x.name;
  },
  "field-delete-reserved": (f) => {
    const x = pick(fieldsOf(f.root).filter((n) => n.parent.kind === "message"));
    if (!x) return null;
    const what = f.root.syntax === "editions" ? x.name : `"${x.name}"`;
    const reserve = pick([`reserved ${x.number.v};`, `reserved ${what};`, `reserved ${x.number.v};\n${indentOf(f.text, x.s)}reserved ${what};`]);
    const [s, e] = lineSpan(f.text, x.s, x.e);
    f.text = splice(f.text, s, e, `${indentOf(f.text, x.s)}${reserve}\n`);
    return x.name;
  },
  "field-rename": (f) => {
    const x = pick(fieldsOf(f.root));
    if (!x) return null;
    f.text = splice(f.text, x.nameTok.s, x.nameTok.e, `${x.name}_zz`);
    return x.name;
  },
  "field-renumber": (f) => {
    const x = pick(fieldsOf(f.root));
    if (!x) return null;
    f.text = splice(f.text, x.number.s, x.number.e, String(unused(x.parent.kind === "oneof" ? x.parent.parent : x.parent)));
    return x.name;
  },
  "field-retype": (f) => {
    const x = pick(fieldsOf(f.root).filter((n) => !n.map));
    if (!x) return null;
    const t = x.typeToks[0];
    let other;
    if (SCALARS.includes(t.v)) other = pick(SCALARS.filter((s) => s !== t.v));
    else other = pick(topMessages(f.root).map((m) => m.name).filter((m) => m !== t.v && m !== x.parent.name));
    if (!other) return null;
    f.text = splice(f.text, t.s, t.e, other);
    return `${x.name}: ${t.v} -> ${other}`;
  },
  "field-label": (f) => {
    const x = pick(fieldsOf(f.root).filter((n) => !n.map && n.parent.kind === "message"));
    if (!x) return null;
    if (x.label) {
      const next = x.label.v === "repeated" ? (f.root.syntax === "proto2" ? "optional" : "") : pick(f.root.syntax === "proto2" ? ["repeated", "required"] : ["repeated", ""]);
      f.text = splice(f.text, x.label.s, x.label.e + (next ? 0 : 1), next);
      return `${x.name}: ${x.label.v} -> ${next || "none"}`;
    }
    const next = pick(f.root.syntax === "proto3" ? ["repeated", "optional"] : ["repeated"]);
    f.text = splice(f.text, x.typeToks[0].s, x.typeToks[0].s, `${next} `);
    return `${x.name}: -> ${next}`;
  },
  "field-option": (f) => {
    const x = pick(fieldsOf(f.root).filter((n) => !n.map));
    if (!x) return null;
    const t = x.typeToks[0].v;
    const choices = [`json_name = "zz${x.name}"`];
    if (["int64", "uint64", "sint64", "fixed64", "sfixed64"].includes(t)) choices.push(pick(["jstype = JS_STRING", "jstype = JS_NUMBER"]));
    if (["string", "bytes"].includes(t) && f.root.syntax !== "editions") choices.push(pick(["ctype = CORD", "ctype = STRING_PIECE"]));
    if (f.root.syntax === "proto2" && !x.label?.v.startsWith("rep") && SCALARS.includes(t)) {
      choices.push(`default = ${t === "string" || t === "bytes" ? '"zz"' : t === "bool" ? "true" : "7"}`);
    }
    if (f.root.syntax === "editions" && t === "string") choices.push("features.utf8_validation = NONE");
    if (f.root.syntax === "editions" && !x.label && x.parent.kind === "message") choices.push(pick(["features.field_presence = IMPLICIT", "features.field_presence = LEGACY_REQUIRED"]));
    const opt = pick(choices);
    if (x.opts >= 0) f.text = splice(f.text, x.toks[x.opts].e, x.toks[x.opts].e, `${opt}, `);
    else f.text = splice(f.text, x.number.e, x.number.e, ` [${opt}]`);
    return `${x.name}: ${opt}`;
  },
  "field-oneof": (f) => {
    const inOneof = fieldsOf(f.root).filter((n) => n.parent.kind === "oneof");
    if (inOneof.length && rand() < 0.5) {
      // Out of its oneof: the field goes after the oneof; a oneof left empty goes with it.
      const x = pick(inOneof);
      const o = x.parent;
      const stmt = f.text.slice(x.s, x.e);
      const lone = o.children.filter((c) => c.kind === "field").length === 1;
      const label = f.root.syntax === "proto2" ? "optional " : "";
      if (lone) {
        const [s, e] = lineSpan(f.text, o.s, o.e);
        f.text = splice(f.text, s, e, `${indentOf(f.text, o.s)}${label}${stmt}\n`);
      } else {
        // After the oneof first, then out of it: the later offset goes first.
        f.text = remove(splice(f.text, o.e, o.e, `\n${indentOf(f.text, o.s)}${label}${stmt}`), x);
      }
      return `${x.name} out of ${o.name}`;
    }
    const x = pick(fieldsOf(f.root).filter((n) => n.parent.kind === "message" && !n.map && n.label?.v !== "repeated" && n.label?.v !== "required"));
    if (!x) return null;
    const stmt = f.text.slice(x.label ? x.typeToks[0].s : x.s, x.e);
    const ind = indentOf(f.text, x.s);
    const [s, e] = lineSpan(f.text, x.s, x.e);
    f.text = splice(f.text, s, e, `${ind}oneof zz_${x.name} {\n${ind}  ${stmt}\n${ind}}\n`);
    return `${x.name} into a oneof`;
  },
  "type-delete": (f, ctx) => {
    const x = pick([...walk(f.root)].filter((n) => (n.kind === "message" || n.kind === "enum") && unreferenced(ctx, n.name)));
    if (!x) return null;
    f.text = remove(f.text, x);
    return x.fqn;
  },
  "type-rename": (f, ctx) => {
    const x = pick([...walk(f.root)].filter((n) => (n.kind === "message" || n.kind === "enum") && unreferenced(ctx, n.name)));
    if (!x) return null;
    const at = f.text.indexOf(x.name, x.s);
    f.text = splice(f.text, at, at + x.name.length, `${x.name}Zz`);
    return x.fqn;
  },
  "enum-value": (f) => {
    const x = pick([...walk(f.root)].filter((n) => n.kind === "value" && n.number && n.parent.children.filter((c) => c.kind === "value").length > 1));
    if (!x) return null;
    const how = pick(["delete", "rename", "renumber", "reserve", "add"]);
    if (how === "delete") f.text = remove(f.text, x);
    else if (how === "rename") f.text = splice(f.text, x.s, x.s + x.name.length, `${x.name}_ZZ`);
    else if (how === "renumber") {
      if (x.number.v === "0") return null;
      f.text = splice(f.text, x.number.s, x.number.e, String(9000 + Math.floor(rand() * 900)));
    } else if (how === "reserve") {
      const [s, e] = lineSpan(f.text, x.s, x.e);
      if (x.number.v === "0") return null;
      f.text = splice(f.text, s, e, `${indentOf(f.text, x.s)}reserved ${x.number.v};\n`);
    } else f.text = insertAfterOpen(f.text, x.parent, `${x.parent.name.toUpperCase()}_ZZ_NEW = ${9000 + Math.floor(rand() * 900)};`);
    return `${x.name}: ${how}`;
  },
  "reserved-delete": (f) => {
    const x = pick([...walk(f.root)].filter((n) => n.kind === "reserved" || (n.kind === "extensions" && rand() < 0.5)));
    if (!x) return null;
    f.text = remove(f.text, x);
    return f.text.slice(x.s, x.e);
  },
  "rpc": (f) => {
    const x = pick([...walk(f.root)].filter((n) => n.kind === "rpc"));
    if (!x) return null;
    const how = pick(["delete", "request", "response", "client-stream", "server-stream", "idempotency"]);
    const paren = x.toks.filter((t) => t.v === "(").map((t) => x.toks.indexOf(t));
    if (how === "delete") f.text = remove(f.text, x);
    else if (how === "request" || how === "response") {
      let k = paren[how === "request" ? 0 : 1] + 1;
      if (x.toks[k].v === "stream") k++;
      const t = x.toks[k];
      const other = pick(topMessages(f.root).map((m) => m.name).filter((m) => m !== t.v));
      if (!other) return null;
      f.text = splice(f.text, t.s, t.e, other);
    } else if (how.endsWith("stream")) {
      const k = paren[how === "client-stream" ? 0 : 1] + 1;
      const t = x.toks[k];
      f.text = t.v === "stream" ? splice(f.text, t.s, t.e + 1, "") : splice(f.text, t.s, t.s, "stream ");
    } else {
      const level = pick(["NO_SIDE_EFFECTS", "IDEMPOTENT"]);
      const last = x.toks[x.toks.length - 1];
      if (last.v === ";" && x.toks[x.toks.length - 2].v !== "}") f.text = splice(f.text, last.s, last.e, ` {\n${indentOf(f.text, x.s)}  option idempotency_level = ${level};\n${indentOf(f.text, x.s)}}`);
      else {
        const open = x.toks.find((t, i) => t.v === "{" && i > paren[1]);
        if (!open) return null;
        f.text = splice(f.text, open.e, open.e, `\n${indentOf(f.text, x.s)}    option idempotency_level = ${level};`);
      }
    }
    return `${x.name}: ${how}`;
  },
  "service-delete": (f) => {
    const x = pick(f.root.children.filter((n) => n.kind === "service"));
    if (!x) return null;
    f.text = remove(f.text, x);
    return x.name;
  },
  "file-option": (f) => {
    const names = ["go_package", "java_package", "java_multiple_files", "java_outer_classname", "csharp_namespace",
      "objc_class_prefix", "php_namespace", "ruby_package", "optimize_for", "cc_enable_arenas", "swift_prefix",
      "php_class_prefix", "php_metadata_namespace", "cc_generic_services", "java_generic_services", "py_generic_services"];
    const set = f.root.children.filter((n) => n.kind === "option" && names.includes(n.toks[1]?.v));
    if (set.length && rand() < 0.5) {
      const x = pick(set);
      if (rand() < 0.5) f.text = remove(f.text, x);
      else {
        const v = x.toks[3];
        f.text = splice(f.text, v.s, v.e, fileOptionValue(x.toks[1].v));
      }
      return x.toks[1].v;
    }
    const name = pick(names.filter((n) => !set.some((x) => x.toks[1].v === n)));
    if (!name) return null;
    const anchor = f.root.children.find((n) => n.kind === "package") || f.root.children.find((n) => n.kind === "syntax" || n.kind === "edition");
    const at = anchor ? anchor.e : 0;
    f.text = splice(f.text, at, at, `\noption ${name} = ${fileOptionValue(name)};`);
    return name;
  },
  "message-option": (f) => {
    const x = pick(messagesOf(f.root));
    if (!x) return null;
    f.text = insertAfterOpen(f.text, x, pick(["option no_standard_descriptor_accessor = true;", "option deprecated_legacy_json_field_conflicts = true;"]));
    return x.name;
  },
  "package": (f, ctx) => {
    if (ctx.files.size > 1 || !f.root.fqn) return null;
    const x = f.root.children.find((n) => n.kind === "package");
    f.text = splice(f.text, x.toks[1].s, x.toks[1].e, `${x.toks[1].v}.zz`);
    return x.toks[1].v;
  },
  "file-delete": (f, ctx) => {
    const base = path.basename(f.path);
    if (ctx.files.size < 2 || ctx.codes.some((c) => c.includes(`/${base}"`) || c.includes(`"${base}"`))) return null;
    f.deleted = true;
    return f.path;
  },
  "move": (f, ctx) => {
    // A top-level message of scalars only goes to a new file of the package, which the old
    // file imports.
    const x = pick(topMessages(f.root).filter((m) => [...walk(m)].every((c) => c.kind !== "message" && c.kind !== "enum" && (c.kind !== "field" || SCALARS.includes(c.typeToks[0].v)))));
    if (!x || !f.root.fqn) return null;
    const to = path.join(path.dirname(f.path), "zz_moved.proto");
    // The file's imports go along: its options may use them.
    const head = f.root.children.filter((n) => ["syntax", "edition", "package", "import"].includes(n.kind)).map((n) => f.text.slice(n.s, n.e)).join("\n");
    ctx.added = { path: to, text: `${head}\n\n${f.text.slice(x.s, x.e)}\n` };
    f.text = remove(f.text, x);
    // The package line comes before the message, so its offset still holds.
    const anchor = f.root.children.find((n) => n.kind === "package");
    f.text = splice(f.text, anchor.e, anchor.e, `\n\nimport "${to}";`);
    return `${x.name} -> ${to}`;
  },
  "syntax": (f) => {
    const s = f.root.children.find((n) => n.kind === "syntax" || n.kind === "edition");
    if (!s) return null;
    const msgFields = fieldsOf(f.root).filter((n) => n.parent.kind === "message");
    let text = f.text;
    const edits = [];
    let header;
    if (f.root.syntax === "proto3") {
      const to = pick(["proto2", "editions"]);
      if (to === "proto2") {
        if ([...walk(f.root)].some((n) => n.kind === "enum")) return null; // closed enums change users
        for (const x of msgFields) if (!x.label && !x.map) edits.push([x.typeToks[0].s, x.typeToks[0].s, "optional "]);
        header = 'syntax = "proto2";';
      } else {
        for (const x of msgFields) if (x.label?.v === "optional") edits.push([x.label.s, x.label.e + 1, ""]);
        for (const n of walk(f.root)) if (n.kind === "reserved") for (const t of n.toks) if (t.t === "str") edits.push([t.s, t.e, t.v.slice(1, -1)]);
        header = rand() < 0.5 ? 'edition = "2023";' : 'edition = "2023";\noption features.field_presence = IMPLICIT;';
      }
    } else if (f.root.syntax === "proto2") {
      if ([...walk(f.root)].some((n) => n.kind === "extensions" || n.kind === "extend" || (n.kind === "field" && (n.label?.v === "required" || n.opts >= 0)))) return null;
      for (const x of msgFields) if (x.label?.v === "optional") edits.push([x.label.s, x.label.e + 1, ""]);
      header = 'syntax = "proto3";';
      if ([...walk(f.root)].some((n) => n.kind === "enum")) return null;
    } else return null;
    edits.sort((a, b) => b[0] - a[0]);
    for (const [a, b, w] of edits) text = splice(text, a, b, w);
    f.text = splice(text, s.s, s.e, header);
    return `${f.root.syntax} -> ${header.split("\n")[0]}`;
  },
};

// ---- sources ----

function readModule(dir) {
  const files = new Map();
  const walkDir = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walkDir(p);
      else if (e.name.endsWith(".proto")) files.set(path.relative(dir, p), fs.readFileSync(p, "utf8"));
    }
  };
  walkDir(dir);
  return files;
}

// PROBE=FILE: apply ONLY's mutation to one file and print the result.
if (process.env.PROBE) {
  const text = fs.readFileSync(process.env.PROBE, "utf8");
  const f = { path: process.env.PROBE, text, root: parse(text) };
  console.log(JSON.stringify([...walk(f.root)].map((x) => [x.kind, x.name])));
  console.log(mutations[process.env.ONLY](f, { files: new Map([[f.path, text]]), codes: [code(text)] }));
  console.log(f.text);
  process.exit(0);
}

if (process.env.RESCORE) {
  score(JSON.parse(fs.readFileSync(path.join(outDir, "results.json"), "utf8")));
  process.exit(0);
}

const deps = new Map();
const sources = [];
for (const a of sourceArgs) {
  const [kind, p] = [a.slice(0, a.indexOf(":")), a.slice(a.indexOf(":") + 1)];
  if (kind === "deps") for (const [k, v] of readModule(p)) deps.set(k, v);
  else if (kind === "module") {
    const files = readModule(p);
    const mutable = [...files.keys()].filter((k) => k.startsWith("google/maps/") || !k.startsWith("google/"));
    sources.push({ name: p, files, mutable, group: "module" });
  } else if (kind === "file") {
    const group = p.includes("/testdata/") ? "fixture" : "doc";
    sources.push({ name: p, files: new Map([[path.basename(p).replace(/[^\w.]/g, "_"), fs.readFileSync(p, "utf8")]]), mutable: null, group });
  }
}

function writeModule(dir, files) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "buf.yaml"), BUF_YAML);
  for (const [k, v] of files) {
    fs.mkdirSync(path.dirname(path.join(dir, k)), { recursive: true });
    fs.writeFileSync(path.join(dir, k), v);
  }
}

function withDeps(src) {
  if (src.group === "module") return new Map(src.files);
  const files = new Map(src.files);
  const imports = [...src.files.values()].join("\n");
  for (const [k, v] of deps) if (imports.includes(`"${k}"`) || k.startsWith("google/api/")) files.set(k, v);
  return files;
}

// Keep only single files buf builds (with the deps they import), once each.
const usable = [];
for (const src of sources) {
  if (src.group === "module") { usable.push(src); continue; }
  const dir = path.join(outDir, "probe");
  fs.rmSync(dir, { recursive: true, force: true });
  const files = withDeps(src);
  writeModule(dir, files);
  const r = spawnSync(buf, ["build", "-o", "/dev/null"], { cwd: dir });
  const syntax = /^\s*(syntax|edition)\s*=/m.test([...src.files.values()][0]);
  if (r.status === 0 && syntax) usable.push({ ...src, mutable: [...src.files.keys()] });
}
fs.rmSync(path.join(outDir, "probe"), { recursive: true, force: true });
const groups = ["fixture", "doc", "module"].map((g) => usable.filter((s) => s.group === g)).filter((g) => g.length);
console.log(`sources that build: ${groups.map((g) => `${g[0].group} ${g.length}`).join(", ")}`);

// ---- run ----

function bufRun(dir) {
  const r = spawnSync(buf, ["breaking", "new", "--against", "old", "--error-format", "json"], { cwd: dir, maxBuffer: 1 << 26 });
  const lines = r.stdout.toString().split("\n").filter(Boolean);
  const found = [];
  for (const l of lines) {
    try { found.push(JSON.parse(l)); } catch { return { failed: l }; }
  }
  if (r.status !== 0 && r.status !== 100) return { failed: r.stderr.toString().slice(0, 300) };
  if (r.status === 100 && !found.length) return { failed: r.stderr.toString().slice(0, 300) };
  const compile = found.find((c) => c.type === "COMPILE");
  if (compile) return { failed: compile.message };
  return { found };
}

const rel = (p) => (p || "").replace(/^(old|new)\//, "");
// DEBUG=1: how often each mutation applied, and why not.
const tallies = {};
const tally = (kind, why) => { tallies[`${kind}\t${why}`] = (tallies[`${kind}\t${why}`] || 0) + 1; };
const n = Number(nArg);
const rows = [];
let tries = 0;
while (rows.length < n && tries < n * 10) {
  tries++;
  const src = pick(pick(groups));
  const kind = pick(process.env.ONLY ? process.env.ONLY.split(",") : Object.keys(mutations));
  const target = pick(src.mutable);
  const text = src.files.get(target);
  const ctx = { files: src.files, codes: [...src.files.values()].map(code) };
  const f = { path: target, text, root: parse(text) };
  let what;
  try { what = mutations[kind](f, ctx); } catch (e) { if (process.env.DEBUG) console.error(kind, e.message); what = null; }
  if (!what || (f.text === text && !f.deleted)) { tally(kind, "did not apply"); continue; }
  const dir = path.join(outDir, "pairs", String(rows.length).padStart(4, "0"));
  fs.rmSync(dir, { recursive: true, force: true });
  const old = withDeps(src);
  const neu = new Map(old);
  if (f.deleted) neu.delete(target);
  else neu.set(target, f.text);
  if (ctx.added) neu.set(ctx.added.path, ctx.added.text);
  // Half the pairs run the other way: what was added is then deleted, and so on.
  const back = rand() < 0.3;
  writeModule(path.join(dir, "old"), back ? neu : old);
  writeModule(path.join(dir, "new"), back ? old : neu);
  const theirs = bufRun(dir);
  if (theirs.failed) {
    // A mutation that does not build (a name still used, an import gone): not a pair.
    tally(kind, "does not build: " + String(theirs.failed).slice(0, 80));
    fs.rmSync(dir, { recursive: true, force: true });
    continue;
  }
  const run = spawnSync(bin, ["diff", "old", "new", "--proto-level", "file", "--format", "json"], { cwd: dir, maxBuffer: 1 << 26 });
  const row = { dir, kind, what, back, source: src.name, file: target, theirs: theirs.found.map((c) => ({ type: c.type, path: rel(c.path), line: c.start_line || 0, message: c.message })) };
  if (run.status !== 0 && run.status !== 1) {
    rows.push({ ...row, ours: [], failed: run.status, stderr: run.stderr.toString().slice(0, 500) });
    continue;
  }
  row.ours = JSON.parse(run.stdout.toString()).findings.map((x) => ({ rule: x.rule, level: x.severity, file: rel(x.file), line: x.line, old: x.old && { file: rel(x.old.file), line: x.old.line }, message: x.message }));
  rows.push(row);
}
fs.writeFileSync(path.join(outDir, "results.json"), JSON.stringify(rows, null, 1));
if (process.env.DEBUG) for (const [k, v] of Object.entries(tallies).sort()) console.error(`${v}\t${k}`);
score(rows);

// buf's rule IDs, each to the rule of ours that holds it.
function ruleMap() {
  const map = {};
  for (const f of fs.readdirSync(rulesDir).filter((x) => x.startsWith("protobuf.") && x.endsWith(".md"))) {
    const text = fs.readFileSync(path.join(rulesDir, f), "utf8");
    const id = text.match(/^id: (.*)$/m)[1];
    for (const b of (text.match(/^buf: (.*)$/m)?.[1] || "").split(/\s+/).filter(Boolean)) (map[b] ||= []).push(id);
  }
  return map;
}

// buf's categories of each rule, from the anchors when they are beside the checkout: at
// `--proto-level file` a rule in FILE is an error, any other a warning.
function bufCategories() {
  const anchors = path.join(rulesDir, "../../shared/anchors/buf-breaking-rules.md");
  const cats = {};
  if (!fs.existsSync(anchors)) return null;
  for (const m of fs.readFileSync(anchors, "utf8").matchAll(/^\| \d+ \| `(\w+)` \| \w+ \| ([^|]*) \|/gm)) {
    cats[m[1]] = m[2].split(",").map((x) => x.trim());
  }
  return cats;
}

function score(rows) {
  const map = ruleMap();
  const cats = bufCategories();
  const t = { matchedOurs: 0, otherLevel: 0, changes: 0, same: 0, fileLevel: 0, otherLine: 0, missed: 0, ours: 0, extraErrors: 0, failed: 0, pairs: rows.length };
  const byType = {};
  const lines = [];
  for (const r of rows) {
    if (r.failed !== undefined) { t.failed++; lines.push(`failed\t${r.dir}\t${r.kind}\t${r.stderr}`); }
    const used = new Set();
    // Each finding of ours, the buf rules it was matched with.
    const matchedBy = new Map();
    // Rules with a line first, so that a file-level one takes what is left.
    const theirs = [...r.theirs].sort((x, y) => (x.line <= 1) - (y.line <= 1));
    for (const c of theirs) {
      t.changes++;
      const rules = map[c.type] || [];
      const e = (byType[c.type] ||= { n: 0, same: 0, missed: 0, otherLine: 0 });
      e.n++;
      const also = COVERED[c.type] || [];
      const cands = r.ours.map((f, k) => [f, k]).filter(([f]) => rules.includes(f.rule) || also.includes(f.rule));
      // buf places what has no place in the new revision at 1:1 (or nowhere): the file, not a line.
      const fileLevel = c.line <= 1;
      const fits = fileLevel ? ([f]) => f.file === c.path || f.old?.file === c.path : ([f]) => f.file === c.path && f.line === c.line;
      // One finding of ours may answer several of buf's (FIELD_NO_DELETE and its
      // UNLESS_*_RESERVED variants); one not yet taken is preferred.
      const hit = cands.find((x) => fits(x) && !used.has(x[1])) || cands.find(fits)
        || (fileLevel ? cands.find((x) => !used.has(x[1])) || cands[0] : null);
      if (hit) {
        used.add(hit[1]);
        matchedBy.set(hit[1], [...(matchedBy.get(hit[1]) || []), c.type]);
        if (fileLevel) t.fileLevel++;
        else { t.same++; e.same++; }
        continue;
      }
      if (cands.length) {
        t.otherLine++; e.otherLine++;
        cands.forEach(([, k]) => used.add(k));
        lines.push(`line\t${r.dir}\t${c.type}\t${c.path}:${c.line}\tours ${cands.map(([f]) => `${f.rule} ${f.file}:${f.line}`).join(", ")}`);
        continue;
      }
      t.missed++; e.missed++;
      lines.push(`missed\t${r.dir}\t${c.type}\t${c.path}:${c.line}\t${c.message}`);
    }
    // At `--proto-level file` a finding is an error when a rule buf matched it with is in FILE.
    for (const [k, types] of matchedBy) {
      if (!cats) break;
      const want = types.some((x) => (cats[x] || []).includes("FILE")) ? "error" : "warning";
      const f = r.ours[k];
      t.matchedOurs++;
      if (f.level !== want) {
        t.otherLevel++;
        lines.push(`level\t${r.dir}\t${types.join(" ")} ${want}\t${f.file}:${f.line}\tours ${f.rule} ${f.level}`);
      }
    }
    r.ours.forEach((f, k) => {
      t.ours++;
      if (!used.has(k) && f.level === "error") {
        t.extraErrors++;
        lines.push(`extra\t${r.dir}\t${f.rule}\t${f.file}:${f.line}\t${f.message}`);
      }
    });
  }
  fs.writeFileSync(path.join(outDir, "disagreements.tsv"), lines.sort().join("\n") + "\n");
  const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : "0") + " %";
  const agreed = t.same + t.fileLevel;
  console.log(`${t.pairs} pairs, ${t.changes} findings by buf, ${t.ours} findings of ours`);
  console.log(`agreed ${agreed} (${pct(agreed, t.changes)}): same rule at the same line ${t.same}, at buf's file-level place ${t.fileLevel}`);
  console.log(`same rule at another line ${t.otherLine}, missed ${t.missed} (${pct(t.missed, t.changes)})`);
  console.log(`findings of ours matched ${t.matchedOurs}, at another level than buf's categories give at FILE: ${t.otherLevel}`);
  console.log(`errors of ours buf does not make: ${t.extraErrors}; runs of ours that failed: ${t.failed}`);
  for (const [type, e] of Object.entries(byType).sort()) {
    if (e.same !== e.n) console.log(`  ${type}: ${e.same}/${e.n} at the line, ${e.otherLine} other line, ${e.missed} missed`);
  }
}
