// Step 2 of scripts/post-build.sh (trunk post_build): drops the whole-line `//` comments from the app's own JS
// glue (src/**/*.js, copied by wasm-bindgen into snippets/), which trunk copies unminified, and puts the new
// files' hashes into index.html's integrity attributes. The comments are for readers of the source; every
// byte of the first load counts (tests/e2e/budget.test.mjs).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error("run by trunk (TRUNK_STAGING_DIR is not set)");
const indexPath = join(staging, "index.html");
let html = readFileSync(indexPath, "utf8");
const dir = join(staging, "snippets");
for (const name of readdirSync(dir, { recursive: true }).filter((n) => n.endsWith(".js"))) {
  const path = join(dir, name);
  const code = readFileSync(path, "utf8").split("\n").filter((line) => !/^\s*\/\//.test(line)).join("\n");
  writeFileSync(path, code);
  const href = `/snippets/${name}`.replaceAll(".", "\\.");
  const attribute = new RegExp(`(href="?${href}"?\\s+integrity="?)sha384-[A-Za-z0-9+/=]+`);
  if (!attribute.test(html)) throw new Error(`index.html has no integrity attribute for ${name}`);
  html = html.replace(attribute, `$1sha384-${createHash("sha384").update(code).digest("base64")}`);
}
writeFileSync(indexPath, html);
