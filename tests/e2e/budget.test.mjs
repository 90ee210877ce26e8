// The size budget: everything the first load fetches (the page, its scripts, the wasm, the style) must stay
// under the budget below with brotli. Sizes are deterministic for a build, so this may be a test; the figures are printed.
// Issue 7 brought it from 244,195 to about 194,000 B brotli; durable storage in IndexedDB, draft backups and
// the sync rules of issue 13 brought it to 199,687, and 199,574 with wasm-opt's --converge; minified JS glue, no
// serde_json error texts and no target_features section brought it to 196,836 (docs/DECISIONS.md). The call
// bar, "Ikke svar", the e-mail wait, Danish, cards by state and returned work's comment list (issue 18) brought
// it to 219,279: the budget moved to 221 KB with them. Its second round (the focus fix, refusals in three languages,
// fields following another tab, main's report labels, three sorts fewer, an assignment's window) is at 220,086
// (docs/PERFORMANCE-PWA.md);
// issue 18's 150 KB is the way further down. Main then stood at 221,781 (the attachments contract); issue 18's
// third round (one catalogue per language, Intl dates, the window status, duration units, options kept) is at
// 230,286, so the budget is 231 KB: those features cost about 8.5 KB, measured step by step in
// docs/PERFORMANCE-PWA.md, and no cut of that size was found in the time. Evidence on the phone (issue 19: the
// panel, the upload loop and their words in the wasm; capture, scaling and hashing in a module loaded when used)
// brought it to 245,232, so the budget was 246 KB. Issue 18's fourth round cut the code itself: the assignments
// kept as the server sent them (no questionnaire `Serialize` on the phone), talc as the allocator, and JSON
// structs read from objects only (`shopper_domain::json`, no array reader per struct), error bodies read
// without the organizer's import errors, no library sort and no BTreeSet for a few ids, small settings without
// gloo-storage and the session read as the sign-in answer brought it to 232,905, so the budget is 233.9 KB
// (docs/PERFORMANCE-PWA.md, "First load (issue 18, fourth round)"). Code splitting (issue 18, scripts/wasm-build.mjs) then moved the
// evaluation form into a wasm chunk fetched when an evaluation opens: what the start page loads before it is
// usable (the page, its start-up script, the JS glue and its imports, the main wasm, the style; not the chunks,
// not the evidence module) came to 182,343 B on its own (from 245,233), and 173,348 with the cuts above. The
// one-line header with its menu and the form drawn after its first paint brought it to 176,271, and the field
// of the shared error body that lists a refused campaign change's assignments (the phone only empties it) to
// 176,618, so the budget was 177 KB. The questionnaires kept as the server's text and read only by the form
// (their readers in its chunk) brought it to 164,018; English and Danish each in a chunk of their own, fetched
// only when shown (src/i18n.rs), the build without the stream classes leptos' server functions export
// (scripts/wasm-build.mjs) and short panic locations to 156,701. The evaluation screen's head drawn by the main
// module (on screen before the form's chunk has arrived), the banners' close buttons and the list's first
// screenful of cards drawn first brought it to 160,808. The sync engine (the pull, the push, uploads, draft
// backups, their HTTP and JSON) in a chunk of its own, fetched after the first paint (src/sync/mod.rs), brought it
// to 147,062, and 147,164 with main's next fixes (docs/PERFORMANCE-PWA.md, "First load: the sync engine after the
// first paint"). The install card drawn with the list, its button waiting for the browser's prompt, and the first
// sync started once the first paint has been presented (the list's Lighthouse 95) brought it to 147,909
// (docs/PERFORMANCE-PWA.md, "Lighthouse: the list at 95"), so the budget is 148.9 KB, below issue 18's 150 KB.
// The chunks are printed on their own.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const BUDGET_BROTLI_BYTES = 148_900;

// Modules the app imports only when used (scripts/lazy-modules.mjs): the evidence code loads when a shopper
// first attaches or opens an evaluation with files, not with the app.
const LAZY = /^evidence-[0-9a-f]{16}\.js$/;
// The wasm chunks (scripts/wasm-build.mjs): every wasm but the main module, fetched when needed (the form's when
// an evaluation opens, a language's when it is shown, the sync engine's after the first paint, and the chunks
// split points share).
const CHUNK = /^(?!shopper-)[a-z0-9_]+-[0-9a-f]{16}\.wasm$/;

function firstLoadFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile() && /(\.html|\.js|\.wasm|\.css)$/.test(path) && !path.endsWith("sw.js"))
    .filter((path) => !LAZY.test(path.slice(dir.length + 1)) && !CHUNK.test(path.slice(dir.length + 1)));
}

const sizes = (path) => ({
  raw: readFileSync(path).length,
  gzip: readFileSync(`${path}.gz`).length,
  brotli: readFileSync(`${path}.br`).length,
});

test(`the first load stays under ${BUDGET_BROTLI_BYTES / 1000} KB brotli`, () => {
  let total = { raw: 0, gzip: 0, brotli: 0 };
  const html = readFileSync("dist/index.html", "utf8");
  for (const path of firstLoadFiles("dist")) {
    // The copies the server sends (scripts/precompress.mjs writes them at build time).
    const size = sizes(path);
    console.log(`${path}: ${size.raw} B raw, ${size.gzip} B gzip, ${size.brotli} B brotli`);
    for (const key of Object.keys(total)) total[key] += size[key];
    const url = path.slice("dist".length);
    assert.ok(url === "/index.html" || html.includes(url), `index.html loads or preloads ${url} at start`);
  }
  console.log(`first load: ${total.raw} B raw, ${total.gzip} B gzip, ${total.brotli} B brotli (budget ${BUDGET_BROTLI_BYTES})`);
  assert.ok(total.brotli > 0, "there is a build in dist/");
  assert.ok(total.brotli <= BUDGET_BROTLI_BYTES, `${total.brotli} B brotli is over the budget (it was 147,164 B when the budget was set)`);
});

test("the evaluation form, the languages but bokmål and the sync engine are wasm chunks, not loaded with the app, and precached for offline", () => {
  const chunks = readdirSync("dist").filter((name) => CHUNK.test(name));
  for (const name of ["evaluation", "english", "danish", "sync"]) {
    assert.ok(chunks.some((chunk) => chunk.startsWith(`${name}-`)), `a ${name} chunk in dist/ (scripts/wasm-build.mjs)`);
  }
  const html = readFileSync("dist/index.html", "utf8");
  const sw = readFileSync("dist/sw.js", "utf8");
  for (const chunk of chunks) {
    assert.ok(!html.includes(chunk), `index.html does not load ${chunk}`);
    assert.ok(sw.includes(`"/${chunk}"`), `sw.js precaches ${chunk}`);
    const size = sizes(`dist/${chunk}`);
    console.log(`${chunk} (fetched when needed): ${size.raw} B raw, ${size.gzip} B gzip, ${size.brotli} B brotli`);
  }
  // The start-up script preloads the shown language and, on an evaluation's address, the form; never the sync
  // engine, which would share the bandwidth of what the first paint needs.
  const loader = readdirSync("dist").find((name) => /^loader-[0-9a-f]{16}\.js$/.test(name));
  const syncChunk = chunks.find((chunk) => chunk.startsWith("sync-"));
  assert.ok(!readFileSync(`dist/${loader}`, "utf8").includes(syncChunk), "the start-up script does not preload the sync engine");
});

test("the service worker precaches every file of the first load, so the app opens offline", () => {
  const sw = readFileSync("dist/sw.js", "utf8");
  const precache = JSON.parse(sw.match(/const PRECACHE = (\[[^\]]*\])/)[1]);
  const missing = firstLoadFiles("dist")
    .map((path) => "/" + path.slice("dist/".length))
    .map((url) => (url === "/index.html" ? "/" : url))
    .filter((url) => !precache.includes(url));
  assert.deepEqual(missing, [], "files the first load fetches that sw.js does not precache");
});

test("the evidence code is its own module, not loaded with the app, and precached for offline", () => {
  const lazy = readdirSync("dist").filter((name) => LAZY.test(name));
  assert.equal(lazy.length, 1, "one content-hashed evidence module in dist/");
  const html = readFileSync("dist/index.html", "utf8");
  assert.ok(!html.includes(lazy[0]), "index.html does not load it");
  const sw = readFileSync("dist/sw.js", "utf8");
  assert.ok(sw.includes(`"/${lazy[0]}"`), "sw.js precaches it");
  const importer = readdirSync("dist/snippets", { recursive: true }).filter((n) => n.endsWith("platform.js"))
    .map((n) => readFileSync(join("dist/snippets", n), "utf8"))[0];
  assert.ok(importer.includes(`import("/${lazy[0]}")`), "platform.js imports it by its hashed name");
  const sizes = { raw: statSync(`dist/${lazy[0]}`).size, brotli: statSync(`dist/${lazy[0]}.br`).size };
  console.log(`evidence module (loaded when used): ${sizes.raw} B raw, ${sizes.brotli} B brotli`);
});
