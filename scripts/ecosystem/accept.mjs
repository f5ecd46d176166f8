// Has swagger-parser and graphql-js accept every OpenAPI and GraphQL file below a directory.
// buf and tsc are run by the shell script; this covers the two that are libraries.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { buildSchema } from "graphql";

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const root = process.argv[2];
let failed = 0;
let checked = 0;
for (const file of walk(root).sort()) {
  try {
    if (/\.openapi\.(ya?ml|json)$/.test(file)) {
      await SwaggerParser.validate(file);
    } else if (file.endsWith(".graphql")) {
      buildSchema(readFileSync(file, "utf8"));
    } else {
      continue;
    }
    checked += 1;
    console.log(`ok ${file}`);
  } catch (e) {
    failed += 1;
    console.log(`FAILED ${file}: ${e.message}`);
  }
}
console.log(`${checked} passed, ${failed} failed`);
process.exit(failed === 0 && checked > 0 ? 0 : 1);
