// Step 1 of scripts/post-build.sh (trunk post_build): moves trunk's inline start-up script out of index.html
// into its own file, so the Content-Security-Policy can be `script-src 'self'` with no inline script allowed.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("run by trunk (TRUNK_STAGING_DIR is not set)");
const indexPath = join(dir, "index.html");
const html = readFileSync(indexPath, "utf8");
const inline = /<script type="?module"?>([\s\S]*?)<\/script>/; // quoted or not (trunk minifies the page)
const match = html.match(inline);
if (!match) throw new Error("index.html has no inline module script to move");
const code = match[1].trim() + "\n";
const name = `loader-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.js`;
writeFileSync(join(dir, name), code);
writeFileSync(indexPath, html.replace(inline, `<script type="module" src="/${name}"></script>`));
