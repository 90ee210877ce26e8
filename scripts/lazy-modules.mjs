// Step 2 of scripts/post-build.sh (trunk post_build): the app's modules that load only when used (today
// public/evidence.js, the capture and upload code) are minified and named by their content hash, like trunk's
// own files (so the server lets browsers keep them a year and a new build is never served an old copy), and
// the app's JS glue that imports them (src/platform.js) gets the new name. Not part of the first load: no
// <link> in index.html names them (tests/e2e/budget.test.mjs checks), but sw.js precaches them for offline.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { minify } from "terser";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error("run by trunk (TRUNK_STAGING_DIR is not set)");
const LAZY = ["evidence"];
const importers = readdirSync(join(staging, "snippets"), { recursive: true })
  .filter((n) => n.endsWith("platform.js"))
  .map((n) => join(staging, "snippets", n));
if (importers.length !== 1) throw new Error(`expected one platform.js snippet, found ${importers.length}`);
let glue = readFileSync(importers[0], "utf8");
for (const name of LAZY) {
  const { code } = await minify(readFileSync(join(staging, `${name}.js`), "utf8"), { module: true, ecma: 2020 });
  const hashed = `${name}-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.js`;
  writeFileSync(join(staging, hashed), code);
  unlinkSync(join(staging, `${name}.js`));
  const placeholder = `/${name}.js`;
  if (!glue.includes(placeholder)) throw new Error(`platform.js does not import ${placeholder}`);
  glue = glue.replaceAll(placeholder, `/${hashed}`);
}
writeFileSync(importers[0], glue);
