// Step 2 of scripts/post-build.sh (trunk post_build): minifies wasm-bindgen's JS glue (shopper-<hash>.js) and
// the app's own JS glue (src/**/*.js, copied by wasm-bindgen into snippets/), which trunk copies as they are,
// and puts the new files' hashes into index.html's integrity attributes. terser keeps every export and every
// property name (the wasm's import object is keyed by strings), and renames only local names; every byte of the
// first load counts (tests/e2e/budget.test.mjs).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { minify } from "terser";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error("run by trunk (TRUNK_STAGING_DIR is not set)");
const indexPath = join(staging, "index.html");
let html = readFileSync(indexPath, "utf8");
const glue = readdirSync(staging).filter((n) => /^shopper-[0-9a-f]+\.js$/.test(n));
if (glue.length !== 1) throw new Error(`expected one wasm-bindgen glue file, found ${glue.length}`);
const snippets = readdirSync(join(staging, "snippets"), { recursive: true })
  .filter((n) => n.endsWith(".js"))
  .map((n) => `snippets/${n}`);
for (const name of [...glue, ...snippets]) {
  const path = join(staging, name);
  const { code } = await minify(readFileSync(path, "utf8"), { module: true, ecma: 2020 });
  writeFileSync(path, code);
  const href = `/${name}`.replaceAll(".", "\\.");
  const attribute = new RegExp(`(href="?${href}"?\\s+integrity="?)sha384-[A-Za-z0-9+/=]+`);
  if (!attribute.test(html)) throw new Error(`index.html has no integrity attribute for ${name}`);
  html = html.replace(attribute, `$1sha384-${createHash("sha384").update(code).digest("base64")}`);
}
writeFileSync(indexPath, html);
