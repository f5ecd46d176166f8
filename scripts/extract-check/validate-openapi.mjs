// Validates each OpenAPI file named on stdin (one path a line) with swagger-parser and prints
// one JSON line per file: {"file", "ok", "error"}.
import { createInterface } from "node:readline";
import SwaggerParser from "@apidevtools/swagger-parser";

const rl = createInterface({ input: process.stdin });
for await (const file of rl) {
  if (!file) continue;
  try {
    await SwaggerParser.validate(file);
    console.log(JSON.stringify({ file, ok: true }));
  } catch (e) {
    console.log(JSON.stringify({ file, ok: false, error: String(e.message).split("\n").slice(0, 4).join(" | ") }));
  }
}
