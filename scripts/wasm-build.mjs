// Step 1 of scripts/post-build.sh (trunk post_build): builds the app's wasm, split into the main module and the
// chunks loaded on demand, into trunk's staging dir (trunk itself builds the page, the style and public/; it
// cannot split a wasm). In order:
// 1. cargo builds the wasm (release; .cargo/config.toml links it with --emit-relocs, which the split needs);
// 2. crates/wasm-split cuts it at its split points (`#[wasm_split]` in src/pages/evaluation_loader.rs,
//    src/i18n.rs and src/sync/mod.rs): the main module, one chunk per split point and the JS module that fetches
//    a chunk when first needed;
// 3. wasm-bindgen writes the JS glue for the main module (keeping the exports the chunks link against);
// 4. wasm-opt (npm binaryen 132; Debian's breaks the app, docs/DECISIONS.md) shrinks every wasm;
// 5. every file is named with this build's id (16 hex digits, so the server lets browsers keep it a year),
//    the references between them are rewritten, and index.html gets the start-up script and its preloads.
//    The chunks are not preloaded: they are fetched when needed (the form's when an evaluation opens, after the
//    main module has painted the screen's head; a language's at start when it is the one shown, or when
//    chosen; the sync engine's by the app after its first paint, never beside the main wasm, whose bandwidth it
//    would share), and precached by sw.js.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { minify } from "terser";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error("run by trunk (TRUNK_STAGING_DIR is not set)");
const WASM_OPT_FLAGS = ["-Oz", "--converge", "--strip-producers", "--strip-target-features"];
const work = join("target", "wasm-split");
const run = (command, args) => execFileSync(command, args, { stdio: ["ignore", "pipe", "inherit"] }).toString();

const wasmOptVersion = run("wasm-opt", ["--version"]);
if (!/version 132\b/.test(wasmOptVersion)) {
  throw new Error(`wasm-opt must be npm binaryen 132 (node_modules/.bin first on PATH), found: ${wasmOptVersion}`);
}

// The CLI must be the wasm-bindgen of Cargo.lock (pinned exactly in Cargo.toml): its glue must match the crate.
const lockedBindgen = readFileSync("Cargo.lock", "utf8").match(/name = "wasm-bindgen"\nversion = "([^"]+)"/)[1];
const bindgenVersion = run("wasm-bindgen", ["--version"]);
if (!bindgenVersion.includes(lockedBindgen)) {
  throw new Error(`wasm-bindgen CLI ${lockedBindgen} is needed (scripts/setup.sh installs it), found: ${bindgenVersion}`);
}

// 1. Panic locations name their source file; the folders in front of it on the building machine (the crate
//    registry's, the toolchain's) are only bytes in the wasm, so they are cut off ("tachys-0.2.19/src/dom.rs").
//    Passed with --config, whose arrays join .cargo/config.toml's rustflags.
const registry = join(process.env.CARGO_HOME ?? join(homedir(), ".cargo"), "registry", "src");
const prefixes = existsSync(registry) ? readdirSync(registry).map((index) => join(registry, index) + "/") : [];
const rustCommit = run("rustc", ["-vV"]).match(/^commit-hash: ([0-9a-f]+)$/m)?.[1];
if (rustCommit) prefixes.push(`/rustc/${rustCommit}/`);
const remaps = prefixes.map((prefix) => JSON.stringify(`--remap-path-prefix=${prefix}=`)).join(", ");
run("cargo", [
  "build", "--release", "--target", "wasm32-unknown-unknown", "-p", "shopper", "--bin", "shopper",
  "--config", `target.wasm32-unknown-unknown.rustflags = [${remaps}]`,
]);
// 2.
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, "split"), { recursive: true });
const chunks = run("cargo", [
  "run", "--quiet", "--profile", "server", "-p", "shopper-wasm-split", "--",
  "target/wasm32-unknown-unknown/release/shopper.wasm", join(work, "split"), "shopper",
]).split("\n").filter(Boolean).map((path) => path.split("/").pop());
if (chunks.length === 0) throw new Error("the wasm has no split point: every screen would be in the first load");
// 3.
run("wasm-bindgen", [
  "--target", "web", "--keep-lld-exports", "--no-demangle", "--no-typescript",
  "--out-dir", join(work, "bindgen"), "--out-name", "shopper", join(work, "split", "shopper.wasm"),
]);
// 4. The main module without the classes wasm-streams exports for leptos' server functions (JS readable and
//    writable streams over Rust ones), which this app never uses: nothing creates them, but as exports wasm-opt
//    must keep them and their code (about 3.8 KB raw); the glue's classes go in step 5.
const UNUSED_EXPORTS = "*intounderlying*";
const wasmFiles = [join(work, "bindgen", "shopper_bg.wasm"), ...chunks.map((name) => join(work, "split", name))];
for (const path of wasmFiles) {
  const drop = path === wasmFiles[0] ? ["--remove-exports", `--pass-arg=remove-exports@${UNUSED_EXPORTS}`] : [];
  run("wasm-opt", [...drop, ...WASM_OPT_FLAGS, path, "-o", path]);
}

// 5.
const id = createHash("sha256").update(readFileSync(new URL(import.meta.url))); // this script rewrites them
for (const path of [...wasmFiles, join(work, "bindgen", "shopper.js"), join(work, "split", "__wasm_split.js")]) {
  id.update(readFileSync(path));
}
const buildId = id.digest("hex").slice(0, 16);
const names = {
  glue: `shopper-${buildId}.js`,
  wasm: `shopper-${buildId}_bg.wasm`,
  link: `split-${buildId}.js`,
  loader: `loader-${buildId}.js`,
};
const chunkName = (name) => `${name.replace(/^split_/, "").replace(/\.wasm$/, "")}-${buildId}.wasm`;

const replaceOnce = (text, from, to, where) => {
  if (!text.includes(from)) throw new Error(`${where} does not mention ${from}`);
  return text.replaceAll(from, to);
};
let glue = readFileSync(join(work, "bindgen", "shopper.js"), "utf8");
// Only the import statement: the wasm's own import object keeps the module name the wasm asks for.
glue = replaceOnce(glue, `from "./__wasm_split.js"`, `from "./${names.link}"`, "the wasm-bindgen glue");
// The stream classes whose exports step 4 removed, and their finalizers.
glue = glue
  .replace(/^export class (IntoUnderlying\w+) \{\n[\s\S]*?^\}\n(if \(Symbol\.dispose\) \1\.prototype.*\n)?/gm, "")
  .replace(/^const IntoUnderlying\w+Finalization = .*\n.*\n.*\n/gm, "");
if (/intounderlying/i.test(glue)) throw new Error("the glue still has wasm-streams' classes (see UNUSED_EXPORTS)");
writeFileSync(join(staging, names.glue), glue);
cpSync(join(work, "bindgen", "shopper_bg.wasm"), join(staging, names.wasm));
cpSync(join(work, "bindgen", "snippets"), join(staging, "snippets"), { recursive: true });
let link = readFileSync(join(work, "split", "__wasm_split.js"), "utf8");
link = replaceOnce(link, `"./shopper.js"`, `"./${names.glue}"`, "the split loader");
for (const chunk of chunks) {
  link = replaceOnce(link, `"./${chunk}"`, `"./${chunkName(chunk)}"`, "the split loader");
  cpSync(join(work, "split", chunk), join(staging, chunkName(chunk)));
}
link = (await minify(link, { module: true, ecma: 2020 })).code;
writeFileSync(join(staging, names.link), link);
// What each split point's first call fetches (its shared chunks, then its own; crates/wasm-split writes it), as
// this build's file names.
const fetchedBy = Object.fromEntries(
  readFileSync(join(work, "split", "prefetch.txt"), "utf8").split("\n").filter(Boolean).map((line) => {
    const [point, ...stems] = line.split(" ");
    return [point, stems.map((stem) => `/${chunkName(`${stem}.wasm`)}`)];
  }),
);
for (const point of ["english", "danish"]) {
  if (!fetchedBy[point]) throw new Error(`no split point ${point} (src/pages/evaluation_loader.rs, src/i18n.rs)`);
}
const preload = `const preload = (files) => { for (const href of files) document.head.append(Object.assign(` +
  `document.createElement("link"), { rel: "preload", as: "fetch", crossOrigin: "anonymous", href })); };\n`;
// The form's chunk is not fetched at start, not even on an evaluation's address (`/a/<id>`): beside the main
// wasm it took half the bandwidth, and main (which draws the screen's head) arrived later. It is fetched when
// the evaluation screen has painted its head (docs/PERFORMANCE-PWA.md, "Lighthouse: the list and the form").
// English and Danish are chunks too (src/i18n.rs): the app draws nothing before the shown language is there, so
// the one it will show (the saved choice, else the browser's language) is fetched beside the main wasm as well.
const preloadLanguage =
  `{ let lang; try { lang = JSON.parse(localStorage.getItem("shopper.v1.lang")); } catch {}\n` +
  `preload(${JSON.stringify({ en: fetchedBy.english, da: fetchedBy.danish })}` +
  `[String(lang || navigator.language).slice(0, 2).toLowerCase()] ?? []); }\n`;
const loader = `${preload}${preloadLanguage}import init from "/${names.glue}";\nawait init({ module_or_path: "/${names.wasm}" });\n`;
writeFileSync(join(staging, names.loader), loader);

const integrity = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
const modulePreload = (href) =>
  `<link rel="modulepreload" href="/${href}" integrity="${integrity(readFileSync(join(staging, href)))}" crossorigin>`;
const snippets = readdirSync(join(staging, "snippets"), { recursive: true })
  .filter((name) => name.endsWith(".js"))
  .map((name) => `snippets/${name}`);
const head = [
  `<script type="module" src="/${names.loader}"></script>`,
  ...[names.glue, names.link, ...snippets].map(modulePreload),
  `<link rel="preload" href="/${names.wasm}" as="fetch" type="application/wasm" crossorigin ` +
    `integrity="${integrity(readFileSync(join(staging, names.wasm)))}">`,
].join("");
const indexPath = join(staging, "index.html");
let html = readFileSync(indexPath, "utf8");
const skipped = /<link[^>]*data-trunk-skip[^>]*>/; // index.html's marker that trunk does not build the wasm
if (!skipped.test(html)) throw new Error("index.html lacks <link data-trunk rel=\"rust\" data-trunk-skip>");
html = replaceOnce(html.replace(skipped, ""), "</head>", `${head}</head>`, "index.html");
writeFileSync(indexPath, html);
console.log(`wasm split: ${names.wasm} and ${chunks.map(chunkName).join(", ")} (loaded on demand)`);
