// Validates each OpenAPI file named on stdin (one path a line) with swagger-parser and prints
// one JSON line per file: {"file", "ok", "error", "as31"}. swagger-parser 13.1 knows no 3.2: a
// 3.2 file is validated again as 3.1 (`as31`), whose schema 3.2 extends.
import { createInterface } from "node:readline";
import { readFileSync } from "node:fs";
import { load } from "js-yaml";
import SwaggerParser from "@apidevtools/swagger-parser";

const short = (e) => String(e.message).split("\n").slice(0, 4).join(" | ");
const rl = createInterface({ input: process.stdin });
for await (const file of rl) {
  if (!file) continue;
  try {
    await SwaggerParser.validate(file);
    console.log(JSON.stringify({ file, ok: true }));
  } catch (e) {
    if (!/Unsupported OpenAPI version: 3\.2/.test(e.message)) {
      console.log(JSON.stringify({ file, ok: false, error: short(e) }));
      continue;
    }
    const api = load(readFileSync(file, "utf8"));
    api.openapi = "3.1.2";
    try {
      await SwaggerParser.validate(api);
      console.log(JSON.stringify({ file, ok: true, as31: true }));
    } catch (e2) {
      console.log(JSON.stringify({ file, ok: false, as31: true, error: short(e2) }));
    }
  }
}
