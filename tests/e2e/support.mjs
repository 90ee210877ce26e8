// What the end-to-end tests share: the real server (the release binary the run command uses) on 127.0.0.1
// with a fresh SQLite file and the demo campaign, Debian's Chromium on a phone viewport, and form helpers.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const ORGANIZER_TOKEN = "e2e-organizer-token-of-32-chars!";
const AXE_SOURCE = readFileSync("node_modules/axe-core/axe.min.js", "utf8");

/// Starts the release server with the demo campaign on a new SQLite file (or the one in `dir`, on `addr`, to
/// start again where a stopped server was).
export async function startServer(extraArgs = [], { dir = mkdtempSync(join(tmpdir(), "shopper-e2e-")), addr = "127.0.0.1:0" } = {}) {
  // The demo's generated waves only where a test asks for them (`--demo-waves true`): the others count on
  // the small demo campaign alone.
  const waves = extraArgs.includes("--demo-waves") ? [] : ["--demo-waves", "false"];
  const server = spawn("target/server/shopper-server", [
    "--demo", "--addr", addr, "--database-url", `sqlite://${dir}/shopper.sqlite`,
    "--organizer-token", ORGANIZER_TOKEN, ...waves, ...extraArgs,
  ], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  const link = await new Promise((resolve, reject) => {
    server.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/sign-in link: (\S+)/);
      if (match) resolve(match[1]);
    });
    server.on("exit", (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  const base = new URL(link).origin;
  const organizer = async (path) =>
    (await fetch(`${base}/api/v1/organizer${path}`, { headers: { authorization: `Bearer ${ORGANIZER_TOKEN}` } })).json();
  return { server, link, base, organizer, dir };
}

/// The server with demo data, serving a copy of the built app (`site`) that a test may change, as a deployment
/// of a new version would.
export async function startServerOnACopy() {
  const site = mkdtempSync(join(tmpdir(), "shopper-site-"));
  cpSync("dist", site, { recursive: true });
  return { ...(await startServer(["--static-dir", site])), site };
}

/// Debian's Chromium and the flags every run here uses (also the PWA benchmark's Lighthouse runs).
export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export async function launchPhone(options = {}) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({
    viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true, locale: "nb-NO", ...options,
  });
  return { browser, context, page: await context.newPage() };
}

/// A phone browser with a profile on disk (`profile`, a folder) that outlives the process, as an installed app's
/// does: what it stored is there again when the same profile is launched after a kill.
export async function launchInstalledPhone(profile, options = {}) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, args: CHROMIUM_ARGS,
    viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true, locale: "nb-NO", ...options,
  });
  await noExternalApps(context);
  return context;
}

/// The browser process of a profile (the one without --type=), from the process table.
export function browserPids(profile) {
  return execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" }).split("\n")
    .filter((line) => line.includes(`--user-data-dir=${profile}`) && !line.includes("--type="))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

/// SIGKILLs the whole browser of `profile`, as Android does, and waits until no process of the profile is left;
/// the moment of the kill.
export async function killBrowser(profile, context) {
  const [pid] = browserPids(profile);
  if (!pid) throw new Error("the browser process was not found");
  process.kill(pid, "SIGKILL");
  const at = Date.now();
  await context.close().catch(() => {});
  for (let i = 0; i < 100 && execFileSync("ps", ["-eo", "args="], { encoding: "utf8" }).includes(`--user-data-dir=${profile}`); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return at;
}

/// Signs in from the (one-time) link unless this browser is signed in already, and waits for the assignment
/// list.
export async function openList(page, link) {
  const origin = new URL(link).origin;
  const signedIn = page.url().startsWith(origin) && (await deviceRecords(page)).session !== undefined;
  await page.goto(signedIn ? `${origin}/` : link);
  await page.getByTestId("assignment").first().waitFor();
}

/// Signs in (see `openList`) and opens the assignment for `company`.
export async function openAssignment(page, link, company) {
  await openList(page, link);
  const card = page.getByTestId("assignment").filter({ hasText: company });
  await card.locator("a.open").click();
  await page.locator("[data-question-id]").first().waitFor();
}

export const question = (page, id) => page.locator(`[data-question-id="${id}"]`);

/// The form shows one section at a time: brings up the section that holds question `id`.
export async function showQuestion(page, id) {
  const section = page.locator("[data-section-id]").filter({ has: question(page, id) });
  const sectionId = await section.getAttribute("data-section-id");
  if (await section.isHidden()) await page.getByTestId("go-to-section").selectOption(sectionId);
  return question(page, id);
}

export async function choose(page, id, caption) {
  await (await showQuestion(page, id)).getByText(caption, { exact: true }).click();
}

export async function fill(page, id, value) {
  await (await showQuestion(page, id)).locator("input, textarea").fill(value);
}

/// Whether the skip logic currently shows the section (it is in the form's steps).
export async function sectionApplies(page, sectionId) {
  return (await page.locator(`[data-section-id="${sectionId}"]`).getAttribute("data-applies")) === "true";
}

/// Goes to the review step and submits.
export async function submit(page) {
  await page.getByTestId("go-to-section").selectOption("review");
  await page.getByTestId("submit").click();
}

/// Every required answer of the demo questionnaire for a phone call that solved the matter.
export async function answerSolvedPhoneCall(page) {
  await fill(page, "ventetid", "25");
  await choose(page, "kom_fram", "Ja, første forsøk");
  for (const id of ["firmanavn", "presentasjon", "tilbud_om_hjelp", "lyttet", "empati", "eierskap", "noe_mer",
    "oppsummering", "takket"]) await choose(page, id, "Ja");
  await choose(page, "apne_sporsmal", "Nei");
  for (const id of ["hilsen_vennlig", "ordvalg", "tonefall", "engasjement", "forstaelig", "tilpasset", "riktig_info",
    "avslutning_god", "helhetsinntrykk"]) await choose(page, id, "5");
  await choose(page, "loste_problemet", "Ja, helt");
  await choose(page, "tilbud_ekstra", "Ikke aktuelt");
  await choose(page, "anbefaling", "8");
  await fill(page, "tidspunkt", "2026-11-20T10:15");
}

/// The quality bars every screen is held to, checked on the screen as it is now: axe-core finds no serious or
/// critical violation, nothing scrolls sideways at 360 px, every touch target is at least 44x44 px. When
/// `screenshot` is given (the console, used with a mouse, passes `{ touch: false }` to skip the 44 px rule), the screen is saved as docs/screenshots/<screenshot>.png for the README.
export async function checkScreen(page, name, screenshot, { touch = true } = {}) {
  // Injected through the DevTools protocol: a <script> tag would be (rightly) refused by the app's CSP.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  const assert = (await import("node:assert/strict")).default;
  assert.deepEqual(violations, [], `${name}: accessibility`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${name}: scrolls sideways by ${overflow}px`);
  const small = !touch ? [] : await page.evaluate(() =>
    [...document.querySelectorAll("button, a, select, textarea, input:not([type=radio]):not([type=checkbox]), label.choice")]
      .filter((el) => el.offsetParent !== null && !el.closest("[hidden]"))
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 44 || box.height < 44)
      .map(({ el, box }) => `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`));
  assert.deepEqual(small, [], `${name}: touch targets under 44x44 px`);
  if (screenshot) await page.evaluate(() => window.scrollTo(0, 0));
  if (screenshot) await page.screenshot({ path: `docs/screenshots/${screenshot}.png` });
}

/// The device's records as the app keeps them in IndexedDB (src/store/records.js), parsed, by key: `session`,
/// `assignments`, `evaluation.<id>`.
export async function deviceRecords(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const request = indexedDB.open("shopper", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("records");
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const store = db.transaction("records").objectStore("records");
      const keys = store.getAllKeys();
      const values = store.getAll();
      values.onsuccess = () => {
        db.close();
        resolve(Object.fromEntries(keys.result.map((key, i) => [key, JSON.parse(values.result[i])])));
      };
    };
  }));
}

/// The device's own evaluations.
export async function deviceEvaluations(page) {
  const records = await deviceRecords(page);
  return Object.keys(records).filter((k) => k.startsWith("evaluation.")).map((k) => records[k]);
}

/// Writes one record as the app does (a test setting up a situation, e.g. an older copy of the assignments).
export async function writeDeviceRecord(page, key, value) {
  await page.evaluate(([key, json]) => new Promise((resolve, reject) => {
    const request = indexedDB.open("shopper", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("records");
    request.onsuccess = () => {
      const db = request.result;
      const tx = db.transaction("records", "readwrite");
      tx.objectStore("records").put(json, key);
      tx.oncomplete = () => { db.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), [key, JSON.stringify(value)]);
}

export async function organizerPost(base, path, body) {
  const response = await fetch(`${base}/api/v1/organizer${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${ORGANIZER_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/// Headless Chromium has no dialler or mail app, and after a second tel: launch it stops delivering taps: the
/// test keeps the links from launching (the app's own click handler still runs and stamps), and checks their
/// addresses instead.
export async function noExternalApps(pageOrContext) {
  await pageOrContext.addInitScript(() => document.addEventListener("click", (event) => {
    if (event.target.closest?.('a[href^="tel:"], a[href^="mailto:"]')) event.preventDefault();
  }, true));
}

/// Opens the header's menu unless it is open already.
export async function openMenu(page) {
  if (await page.getByTestId("app-menu").isHidden()) await page.getByTestId("menu").click();
}

/// "Synkroniser nå" from the header's menu, which is closed again afterwards.
export async function syncNow(page) {
  await openMenu(page);
  await page.getByTestId("sync-now").click();
  await page.getByTestId("menu").click();
}

/// Chooses the app's language (`nb`, `en`, `da`) in the header's menu, which is closed again afterwards.
export async function chooseLanguage(page, code) {
  await openMenu(page);
  await page.getByTestId("language").selectOption(code);
  // English and Danish show once their chunk is there (src/i18n.rs).
  await page.waitForFunction((code) => document.documentElement.lang === code, code);
  await page.getByTestId("menu").click();
}
