// Step 3 of scripts/post-build.sh (trunk post_build): writes a brotli (quality 11) and a gzip (level 9) copy
// next to every file of the build, so the server sends these instead of compressing on the fly at a lower
// level for each request (tower-http's ServeDir with precompressed_br/precompressed_gzip picks them by
// Accept-Encoding).
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("run by trunk (TRUNK_STAGING_DIR is not set)");
for (const name of readdirSync(dir, { recursive: true })) {
  const path = join(dir, name);
  if (!statSync(path).isFile() || /\.(br|gz|png|ico)$/.test(path)) continue;
  const bytes = readFileSync(path);
  writeFileSync(`${path}.br`, brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }));
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
}
