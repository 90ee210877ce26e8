// Step 2 of scripts/post-build.sh (trunk post_build): drops the whole-line `//` comments from the app's own JS
// glue (src/**/*.js, copied by wasm-bindgen into snippets/), which trunk copies unminified. The comments are
// for readers of the source; every byte of the first load counts (tests/e2e/budget.test.mjs).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = join(process.env.TRUNK_STAGING_DIR ?? "", "snippets");
for (const name of readdirSync(dir, { recursive: true }).filter((n) => n.endsWith(".js"))) {
  const path = join(dir, name);
  const kept = readFileSync(path, "utf8").split("\n").filter((line) => !/^\s*\/\//.test(line));
  writeFileSync(path, kept.join("\n"));
}
