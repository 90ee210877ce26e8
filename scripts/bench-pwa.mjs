// PWA benchmark for issue 7 (a measurement, not a test: nothing here fails on a missed target). In Debian's
// headless Chromium on a phone profile, against the real server with the demo campaign, it measures:
//   lighthouse  Lighthouse (mobile, default simulated throttling) on the start screen, the assignment list and
//               an evaluation form: performance, accessibility and best-practices scores, LCP, TBT, CLS;
//   autosave    a 40-answer draft: input event until its IndexedDB transaction completed, 4x CPU throttling;
//   offline     opening the app offline from the service worker until the assignment list is on screen, 4x;
//   device      200 evaluations on the device: the list's start-up time (offline, 4x) and storage used;
//   evidence    ten photos attached (scaled, hashed, stored; 4x), the device storage each takes, and the time to
//               upload them with their evaluation on a throttled phone network (1.6 Mbit/s, 150 ms).
// Prints the figures and writes docs/PERFORMANCE-PWA.md (the server benchmark owns docs/PERFORMANCE.md).
// Run from the repository root after scripts/build.sh: `node scripts/bench-pwa.mjs [part ...]` (all parts
// when none is named; only a full run writes the doc). `scripts/bench.sh` runs it after the server benchmark.
// Finding where time goes: PROFILE=1 prints a CPU profile of the typing and of the last start; the release wasm
// has no function names, so serve a copy of dist/ whose wasm comes from `wasm-bindgen --keep-debug` run on
// target/wasm32-unknown-unknown/release/shopper.wasm, with SHOPPER_STATIC_DIR=<that copy> (the server reads it).
// Lighthouse's full report of each screen's last run is left in tests/output/.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { chromium } from "playwright-core";
import {
  CHROMIUM, CHROMIUM_ARGS, ORGANIZER_TOKEN, answerSolvedPhoneCall, deviceRecords, launchPhone, openAssignment, openList,
  showQuestion, startServer, submit, writeDeviceRecord,
} from "../tests/e2e/support.mjs";

const LIGHTHOUSE_RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const WARM_UP_KEYSTROKES = 10;
const KEYSTROKES = 100;
const OFFLINE_RUNS = 7;
const DEVICE_EVALUATIONS = 200;
const THROTTLING = 4;

// ---------------------------------------------------------------------------------------------------------------
// Figures

/// Nearest-rank percentile (`q` in 0..1) of `values`.
function percentile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}
const median = (values) => percentile(values, 0.5);
const ms = (value) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

async function throttle(context, page, rate = THROTTLING) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  return cdp;
}

/// With PROFILE=1 in the environment, the autosave part prints where its keystrokes spend their time, and the
/// start-up parts where their last start does (a CPU profile's self time by function; the release wasm has no
/// names, so its functions show as indices: serve a build with names through SHOPPER_STATIC_DIR to see them).
async function startProfile(cdp) {
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
  await cdp.send("Profiler.start");
}

async function printProfile(cdp) {
  const { profile } = await cdp.send("Profiler.stop");
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = {};
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id).callFrame;
    const name = frame.functionName || frame.url.split("/").pop() || "(anonymous)";
    self[name] = (self[name] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
  });
  const top = Object.entries(self).filter(([name]) => name !== "(idle)").sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log("CPU profile, self time (ms):\n" + top.map(([name, t]) => `  ${t.toFixed(1)} ${name}`).join("\n"));
}

// ---------------------------------------------------------------------------------------------------------------
// Realistic device records, in the app's own storage format (crates/domain/src/device.rs: DeviceEvaluation)

/// A small deterministic random source, so every run stores the same content.
function random(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state / 2 ** 32;
  };
}

const SENTENCES = [
  "Kundebehandleren var rolig og vennlig gjennom hele samtalen.",
  "Jeg ble satt på vent i nesten to minutter uten at det ble forklart hvorfor.",
  "Hun spurte om kundenummeret mitt før hun hadde hørt hva saken gjaldt.",
  "Svaret var riktig, men forklaringen var full av interne ord og forkortelser.",
  "Han oppsummerte det vi hadde avtalt og sa når jeg ville få en bekreftelse på e-post.",
  "Det kom ingen tilbud om noe mer, selv om det hadde vært naturlig å spørre.",
  "Tonen var profesjonell, og jeg følte at saken min ble tatt på alvor.",
  "Jeg måtte gjenta spørsmålet to ganger før jeg fikk et konkret svar.",
];

function prose(next, sentences) {
  return Array.from({ length: sentences }, () => SENTENCES[Math.floor(next() * SENTENCES.length)]).join(" ");
}

/// An answer to `question` as the app stores it (untagged JSON: true, 5, "text", ["a", "b"]).
function answerTo(question, next) {
  const pick = (options) => options[Math.floor(next() * options.length)].id;
  switch (question.kind) {
    case "yes_no": return next() < 0.8;
    case "scale": return question.min + Math.floor(next() * (question.max - question.min + 1));
    case "nps": return Math.floor(next() * 11);
    case "number": return 1 + Math.floor(next() * 5);
    case "duration": return 20 + Math.floor(next() * 600);
    case "single_choice": return pick(question.options);
    case "multiple_choice": return [pick(question.options), pick(question.options)].filter((v, i, all) => all.indexOf(v) === i);
    case "date_time": return "2026-11-20T10:15";
    case "text": return prose(next, 2 + Math.floor(next() * 3));
    default: throw new Error(`no sample answer for a ${question.kind} question`);
  }
}

/// A device evaluation of `assignment` answering every question for its channel (40 for a phone call), with
/// a contact timeline and notes. `state` is one of the app's local states.
function deviceEvaluation(assignment, questionnaire, state, seed) {
  const next = random(seed);
  const questions = questionnaire.sections.flatMap((s) => s.questions)
    .filter((q) => q.channels.length === 0 || q.channels.includes(assignment.channel));
  const answers = Object.fromEntries(questions.map((q) => [q.id, answerTo(q, next)]));
  const start = Date.UTC(2026, 10, 20, 10, 15) + Math.floor(next() * 86_400_000);
  const events = { phone: ["dialled", "answered", "ended"], chat: ["opened", "first_reply", "closed"], email: ["sent", "replied"] };
  const returned = state === "returned";
  return {
    id: randomUUID(),
    revision: 1,
    state,
    content: {
      assignment_id: assignment.id,
      questionnaire_id: questionnaire.id,
      questionnaire_version: questionnaire.version,
      channel: assignment.channel,
      timeline: events[assignment.channel].map((event, i) => ({ event, at_ms: start + i * 95_000 })),
      answers,
      notes: prose(next, 4),
    },
    updated_at_ms: start + 600_000,
    received_at: state === "draft" ? null : "2026-11-21T09:00:00Z",
    refusal: null,
    problems: [],
    review: returned ? { comment: "Beskriv ventetiden nærmere.", questions: { ventetid: "Stemmer dette?" } } : null,
  };
}

async function deviceData(page) {
  return (await deviceRecords(page)).assignments;
}

/// Writes the records as the app does (one IndexedDB record each); the app reads them at its next start.
async function storeEvaluations(page, records) {
  for (const record of records) await writeDeviceRecord(page, `evaluation.${record.id}`, record);
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Lighthouse

const LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices"];

/// Lighthouse `runs` times on `url` in the Chromium at `port`; the median of each figure.
async function lighthouseScreen(name, url, port, runs, { signedIn, beforeEach }) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    if (beforeEach) await beforeEach();
    // A signed-in screen keeps the device's storage (the session and assignments); `beforeEach` empties the
    // caches instead, so every run is a first load over the (simulated) network.
    const { lhr, report } = await lighthouse(url, {
      port, output: "html", logLevel: "error", onlyCategories: LIGHTHOUSE_CATEGORIES, disableStorageReset: signedIn,
    });
    assert.ok(!lhr.runtimeError, `${name}: ${lhr.runtimeError?.message}`);
    results.push(lhr);
    // The last run's full report, for finding where the time goes (tests/output/ is not committed).
    const file = `tests/output/lighthouse-${name.toLowerCase().replace(/[^a-z]+/g, "-")}`;
    mkdirSync("tests/output", { recursive: true });
    writeFileSync(`${file}.html`, report);
    writeFileSync(`${file}.json`, JSON.stringify(lhr));
  }
  const score = (lhr, category) => Math.round(lhr.categories[category].score * 100);
  const figure = (lhr, audit) => lhr.audits[audit].numericValue;
  const last = results.at(-1);
  return {
    name,
    path: new URL(url).pathname.replace(/[0-9a-f-]{36}/, "{id}"),
    performance: median(results.map((r) => score(r, "performance"))),
    accessibility: median(results.map((r) => score(r, "accessibility"))),
    bestPractices: median(results.map((r) => score(r, "best-practices"))),
    fcp: median(results.map((r) => figure(r, "first-contentful-paint"))),
    lcp: median(results.map((r) => figure(r, "largest-contentful-paint"))),
    tbt: median(results.map((r) => figure(r, "total-blocking-time"))),
    cls: median(results.map((r) => figure(r, "cumulative-layout-shift"))),
    // What kept a score down, from the last run: audits that failed and weigh in their category.
    misses: LIGHTHOUSE_CATEGORIES.flatMap((category) => last.categories[category].auditRefs
      .filter((ref) => ref.weight > 0 && last.audits[ref.id].score !== null && last.audits[ref.id].score < 0.9)
      .map((ref) => `${category}: ${ref.id} (${last.audits[ref.id].displayValue ?? last.audits[ref.id].score})`)),
    warnings: last.runWarnings,
  };
}

async function measureLighthouse() {
  const { server, link, base } = await startServer();
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_ARGS });
  try {
    // Playwright on the same browser (its default context, where Lighthouse opens its tabs) signs in.
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
    const context = browser.contexts()[0];
    const page = await context.newPage();
    const screens = [];
    // Signed out first: Lighthouse's own storage reset (used here) signs a device out.
    screens.push(await lighthouseScreen("Start, signed out", `${base}/`, chrome.port, LIGHTHOUSE_RUNS, {}));
    await openAssignment(page, link, "Sparebanken Møre");
    const evaluationUrl = page.url();
    // Kept on a file of the origin that is not the app, so no second copy of the app runs beside Lighthouse's.
    await page.goto(`${base}/manifest.webmanifest`);
    const cdp = await context.newCDPSession(page);
    const emptyCaches = async () => {
      await page.evaluate(async () => {
        for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
        for (const key of await caches.keys()) await caches.delete(key);
      });
      await cdp.send("Network.clearBrowserCache");
    };
    const signedIn = { signedIn: true, beforeEach: emptyCaches };
    screens.push(await lighthouseScreen("Assignment list", `${base}/`, chrome.port, LIGHTHOUSE_RUNS, signedIn));
    screens.push(await lighthouseScreen("Evaluation form", evaluationUrl, chrome.port, LIGHTHOUSE_RUNS, signedIn));
    await browser.close();
    return screens;
  } finally {
    chrome.kill();
    server.kill();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Autosave

/// Runs in the page before the app: times every IndexedDB write transaction (from its creation until its
/// `complete` event) and every keystroke until the frame after.
function keystrokeProbe() {
  const probe = (window.__probe = { writes: [], keys: [], mutations: 0, pending: 0 });
  new MutationObserver((records) => {
    for (const r of records) probe.mutations += r.type === "childList" ? r.addedNodes.length + r.removedNodes.length : 1;
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (stores, mode, options) {
    const tx = transaction.call(this, stores, mode, options);
    if (mode === "readwrite") {
      const write = { start: performance.now(), keys: [], chars: 0 };
      probe.pending++;
      tx.__write = write;
      tx.addEventListener("complete", () => { write.end = performance.now(); probe.pending--; probe.writes.push(write); });
      tx.addEventListener("abort", () => { probe.pending--; });
    }
    return tx;
  };
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (value, key) {
    const write = this.transaction.__write;
    if (write) { write.keys.push(key); write.chars += String(value).length; }
    return put.call(this, value, key);
  };
  // A key's time starts at its keydown; characters typed without one (insertText) start at their input event.
  let down;
  addEventListener("keydown", (event) => { down = event.timeStamp; }, true);
  // The app (Leptos) handles input events with one listener on window, added when the form is drawn. A listener
  // added after it runs after it, and after the reactive updates it set off (microtasks run between listeners):
  // from the first listener (capture) to that one is the app's whole handling of the keystroke, without the
  // browser's drawing.
  let handledListener = false;
  const handled = () => { probe.keys.at(-1).handled = performance.now(); };
  addEventListener("input", (event) => {
    if (!handledListener) {
      handledListener = true;
      addEventListener("input", handled);
    }
    const key = { down: down ?? event.timeStamp, input: performance.now() };
    down = undefined;
    probe.keys.push(key);
    // The frame that shows the keystroke: its rAF callback, then a task queued from it runs after its paint.
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { key.painted = performance.now(); };
      channel.port2.postMessage(null);
    });
  }, true);
}

/// Types `count` characters of `text` into the focused field one at a time, each after the frame that showed the
/// one before; returns the probe's record of each.
async function typeTimed(page, text, count, { profile } = {}) {
  const before = await page.evaluate(() => window.__probe.keys.length);
  for (let i = 0; i < count; i++) {
    if (profile && i === WARM_UP_KEYSTROKES) await startProfile(profile);
    await page.keyboard.type(text[i % text.length]);
    // After the frame that showed it and the write it caused (the next keystroke would otherwise overlap it).
    await page.waitForFunction((n) => window.__probe.keys[n]?.painted !== undefined && window.__probe.pending === 0,
      before + i, { polling: 5 });
  }
  if (profile) await printProfile(profile);
  return (await page.evaluate(() => window.__probe.keys)).slice(before);
}

const spread = (values) => ({ p50: median(values), p95: percentile(values, 0.95), max: Math.max(...values) });

async function measureAutosave() {
  const { server, link } = await startServer();
  const { browser, context, page } = await launchPhone();
  try {
    await context.addInitScript(keystrokeProbe);
    await openAssignment(page, link, "Sparebanken Møre");
    const assignmentId = new URL(page.url()).pathname.split("/").pop();
    const data = await deviceData(page);
    const assignment = data.assignments.find((a) => a.id === assignmentId);
    const draft = deviceEvaluation(assignment, data.questionnaires[0], "draft", 7);
    await storeEvaluations(page, [draft]);
    await page.reload();
    // The last free-text question of the 40-answer draft, typed at its end.
    await (await showQuestion(page, "forbedring")).locator("textarea").click();
    await page.keyboard.press("Control+End");
    const cdp = await throttle(context, page);
    const text = " Det hadde hjulpet å få vite hvor lenge jeg måtte vente, og hvorfor samtalen ble satt over.";
    const typed = WARM_UP_KEYSTROKES + KEYSTROKES;
    const mutationsBefore = await page.evaluate(() => window.__probe.mutations);
    const keys = (await typeTimed(page, text, typed, { profile: process.env.PROFILE && cdp })).slice(WARM_UP_KEYSTROKES);
    const { writes, mutations } = await page.evaluate(() => window.__probe);
    const stored = JSON.stringify((await deviceRecords(page))[`evaluation.${draft.id}`]);
    const typedText = Array.from({ length: typed }, (_, i) => text[i % text.length]).join("");
    assert.ok(JSON.parse(stored).content.answers.forbedring.endsWith(typedText), "every keystroke was saved");
    // Each keystroke's writes: from its input event until the next keystroke.
    const saves = keys.map((key, i) => writes.filter((w) => w.start >= key.input && w.start < (keys[i + 1]?.down ?? Infinity)
      && w.keys.some((k) => String(k).startsWith("evaluation."))));
    assert.ok(saves.every((own) => own.length === 1), "each keystroke wrote the draft once");

    // The same, on a textarea the app does not listen to, in the same page: what the browser alone costs.
    await page.evaluate(() => {
      const plain = document.createElement("textarea");
      plain.id = "bench-plain";
      document.body.prepend(plain);
    });
    await page.locator("#bench-plain").click();
    const plain = (await typeTimed(page, text, typed)).slice(WARM_UP_KEYSTROKES);

    return {
      answers: Object.keys(draft.content.answers).length,
      keystrokes: KEYSTROKES,
      recordChars: stored.length,
      domChangesPerKeystroke: (mutations - mutationsBefore) / typed,
      toSaved: spread(keys.map((key, i) => saves[i][0].end - key.input)),
      transaction: spread(saves.map(([w]) => w.end - w.start)),
      handling: spread(keys.map((key) => key.handled - key.input)),
      toFrame: spread(keys.map((key) => key.painted - key.down)),
      plainHandling: spread(plain.map((key) => key.handled - key.input)),
      plainToFrame: spread(plain.map((key) => key.painted - key.down)),
    };
  } finally {
    await browser.close();
    server.kill();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 3. and 4. Opening the list offline from the service worker

/// Runs in the page before the app: when the first assignment card appears, and the frame that shows it.
function listProbe() {
  const probe = (window.__list = {});
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid="assignment"]')) {
      observer.disconnect();
      probe.cards = document.querySelectorAll('[data-testid="assignment"]').length;
      probe.rendered = performance.now();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => { probe.painted = performance.now(); };
        channel.port2.postMessage(null);
      });
    }
  }).observe(document, { childList: true, subtree: true });
}

/// Self time of the page's main thread by trace event (Layout, FunctionCall, ...) from a Chrome trace, in ms,
/// largest first: where a start-up's time goes.
function mainThreadTime(trace, until) {
  const events = JSON.parse(trace).traceEvents;
  const main = events.find((e) => e.name === "thread_name" && e.args.name === "CrRendererMain"
    && events.some((x) => x.pid === e.pid && x.tid === e.tid && x.name === "FunctionCall"));
  const start = events.find((e) => e.pid === main.pid && e.name === "navigationStart")?.ts
    ?? Math.min(...events.filter((e) => e.pid === main.pid && e.ts > 0).map((e) => e.ts));
  const slices = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X" && e.dur > 0 && e.ts >= start && e.ts <= start + until * 1000)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = {};
  const stack = [];
  for (const e of slices) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    if (stack.length) self[stack.at(-1).name] -= Math.min(e.dur, stack.at(-1).ts + stack.at(-1).dur - e.ts);
    self[e.name] = (self[e.name] ?? 0) + e.dur;
    stack.push(e);
  }
  return Object.entries(self).map(([name, us]) => [name, us / 1000]).filter(([, t]) => t >= 5).sort((a, b) => b[1] - a[1]);
}

/// Opens the list `runs` times in new tabs of the (signed-in, service-worker-cached) `context`, offline, at 4x
/// throttling. Times are from navigation start. The last run is traced, for where the time goes.
async function offlineStarts(context, origin, runs) {
  await context.setOffline(true);
  const samples = [];
  let breakdown;
  for (let i = 0; i < runs; i++) {
    const page = await context.newPage();
    const cdp = await throttle(context, page);
    await page.addInitScript(listProbe);
    const traced = i === runs - 1;
    if (traced && process.env.PROFILE) await startProfile(cdp);
    if (traced) await context.browser().startTracing(page, { categories: ["devtools.timeline", "v8.execute", "blink.user_timing"] });
    const response = await page.goto(`${origin}/`);
    assert.ok(response.fromServiceWorker(), "the app shell came from the service worker");
    await page.waitForFunction(() => window.__list.painted !== undefined, null, { polling: 20, timeout: 60_000 });
    if (traced) {
      const painted = await page.evaluate(() => window.__list.painted);
      breakdown = mainThreadTime((await context.browser().stopTracing()).toString(), painted);
      if (process.env.PROFILE) await printProfile(cdp);
    }
    const sample = await page.evaluate(() => {
      const resource = (suffix) => performance.getEntriesByType("resource").find((r) => r.name.endsWith(suffix));
      return { ...window.__list, wasm: resource(".wasm")?.responseEnd };
    });
    // Usable: a tap on a card opens its form.
    await page.getByTestId("assignment").first().locator("a.open").click();
    await page.locator("[data-question-id]").first().waitFor();
    samples.push(sample);
    await page.close();
  }
  await context.setOffline(false);
  return {
    runs,
    cards: samples[0].cards,
    painted: median(samples.map((s) => s.painted)),
    rendered: median(samples.map((s) => s.rendered)),
    wasm: median(samples.map((s) => s.wasm)),
    max: Math.max(...samples.map((s) => s.painted)),
    breakdown: breakdown.slice(0, 8).map(([name, t]) => `${name} ${t.toFixed(0)} ms`),
  };
}

async function signedInPhone(link) {
  const phone = await launchPhone();
  await openList(phone.page, link);
  // The service worker has cached the app shell.
  await phone.page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r));
    return registration.active.state;
  });
  return phone;
}

async function measureOffline() {
  const { server, link } = await startServer();
  const { browser, context } = await signedInPhone(link);
  try {
    return await offlineStarts(context, new URL(link).origin, OFFLINE_RUNS);
  } finally {
    await browser.close();
    server.kill();
  }
}

async function measureDevice() {
  const { server, link, base, organizer } = await startServer();
  try {
    // 200 more assignments for the demo shopper, through the organizer API.
    const companies = Object.keys((await organizer("/assignments/spread")).by_company);
    const channels = ["phone", "phone", "chat", "email"];
    const contact = { phone: "tel:+4770000000", chat: "https://example.com/chat", email: "mailto:kundeservice@example.com" };
    const rows = Array.from({ length: DEVICE_EVALUATIONS }, (_, i) => {
      const channel = channels[i % channels.length];
      return [companies[i % companies.length], channel, `Scenario ${i + 1}: du vil vite hva det koster å bytte abonnement.`,
        "demo-shopper", contact[channel], "2026-11-23", "2026-12-07", "2026-12-07"].join(",");
    });
    const imported = await fetch(`${base}/api/v1/organizer/assignments/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${ORGANIZER_TOKEN}`, "content-type": "text/csv" },
      body: ["company,channel,scenario,shopper,contact,window_start,window_end,due", ...rows].join("\n"),
    });
    assert.equal(imported.status, 201, await imported.text());
    const { browser, context, page } = await signedInPhone(link);
    try {
      const data = await deviceData(page);
      const questionnaire = data.questionnaires[0];
      const mine = data.assignments.filter((a) => a.scenario.startsWith("Scenario "));
      assert.equal(mine.length, DEVICE_EVALUATIONS);
      // Most are sent or approved, some in progress, a few sent back.
      const states = ["sent", "sent", "approved", "approved", "draft", "sent", "approved", "returned", "sent", "draft"];
      const records = mine.map((a, i) => deviceEvaluation(a, questionnaire, states[i % states.length], 1000 + i));
      await storeEvaluations(page, records);
      const held = await deviceRecords(page);
      const texts = Object.entries(held).map(([key, value]) => [key, JSON.stringify(value)]);
      const evaluations = texts.filter(([key]) => key.startsWith("evaluation."));
      const chars = (list) => list.reduce((sum, [key, text]) => sum + key.length + text.length, 0);
      const storage = {
        count: evaluations.length,
        chars: chars(evaluations),
        utf8: evaluations.reduce((sum, [key, text]) => sum + new TextEncoder().encode(key + text).length, 0),
        totalChars: chars(texts),
      };
      const { usage, quota } = await page.evaluate(() => navigator.storage.estimate());
      await page.reload();
      const start = await offlineStarts(context, new URL(link).origin, OFFLINE_RUNS);
      assert.equal(start.cards, data.assignments.length, "every assignment is on the list");
      return {
        assignments: data.assignments.length,
        states: [...new Set(states)].map((state) => `${records.filter((r) => r.state === state).length} ${state}`),
        evaluations: storage.count,
        perEvaluationChars: storage.chars / storage.count,
        perEvaluationUtf8: storage.utf8 / storage.count,
        totalChars: storage.totalChars,
        usage,
        quota,
        start,
      };
    } finally {
      await browser.close();
    }
  } finally {
    server.kill();
  }
}

const EVIDENCE_PICTURES = 10;
const PHONE_NETWORK = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 1.6e6 / 8 };

/// A noisy 2400x1800 photo (a few MB as a JPEG), different for each seed: scaled on the phone, it lands near
/// the 200 KB the app aims at.
async function noisyPhoto(page, seed) {
  const base64 = await page.evaluate(async (seed) => {
    const canvas = new OffscreenCanvas(2400, 1800);
    const g = canvas.getContext("2d");
    const pixels = g.createImageData(2400, 1800);
    let a = seed;
    for (let i = 0; i < pixels.data.length; i += 4) {
      a = (a * 1103515245 + 12345) >>> 0;
      pixels.data[i] = (i / 4) % 2400 / 10; pixels.data[i + 1] = a >>> 24; pixels.data[i + 2] = seed * 20; pixels.data[i + 3] = 255;
    }
    g.putImageData(pixels, 0, 0);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: "image/jpeg", quality: 0.92 })).arrayBuffer());
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  }, seed);
  return Buffer.from(base64, "base64");
}

async function measureEvidence() {
  const { server, link } = await startServer();
  const { browser, context, page } = await signedInPhone(link);
  try {
    await openAssignment(page, link, "Sparebanken Møre");
    const photos = [];
    for (let i = 0; i < EVIDENCE_PICTURES; i++) photos.push(await noisyPhoto(page, i + 1));
    const before = (await page.evaluate(() => navigator.storage.estimate())).usage;
    const cdp = await throttle(context, page);
    const attach = [];
    for (const [i, photo] of photos.entries()) {
      const started = Date.now();
      await page.getByTestId("evidence-file").setInputFiles({ name: `IMG_${i}.jpg`, mimeType: "image/jpeg", buffer: photo });
      await page.getByTestId("evidence-item").nth(i).waitFor();
      attach.push(Date.now() - started);
    }
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    const sizes = (await page.getByTestId("evidence-item").evaluateAll((items) => items.map((i) => Number(i.dataset.size))));
    const after = (await page.evaluate(() => navigator.storage.estimate())).usage;
    await answerSolvedPhoneCall(page);
    const network = await context.newCDPSession(page);
    await network.send("Network.enable");
    await network.send("Network.emulateNetworkConditions", PHONE_NETWORK);
    const started = Date.now();
    await submit(page);
    let sent = false;
    while (!sent && Date.now() - started < 120_000) {
      const records = await deviceRecords(page);
      sent = Object.entries(records).some(([key, value]) => key.startsWith("evaluation.") && value.state === "sent");
      if (!sent) await page.waitForTimeout(100);
    }
    assert.ok(sent, "the evaluation with its pictures is sent");
    const upload = Date.now() - started;
    const lazy = readdirSync("dist").find((name) => /^evidence-[0-9a-f]{16}\.js$/.test(name));
    return {
      pictures: sizes.length, photoBytes: median(photos.map((p) => p.length)), bytes: sizes.reduce((a, b) => a + b, 0),
      largest: Math.max(...sizes), attach: spread(attach), perFile: (after - before) / sizes.length, upload,
      module: { raw: statSync(`dist/${lazy}`).size, brotli: statSync(`dist/${lazy}.br`).size },
    };
  } finally {
    await browser.close();
    server.kill();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Report

function report({ lighthouse: screens, autosave, offline, device, evidence }) {
  const met = (ok) => (ok ? "met" : "**missed**");
  const n = (value) => Math.round(value).toLocaleString("en-US");
  const row = (cells) => `| ${cells.join(" | ")} |`;
  const chromium = execFileSync(CHROMIUM, ["--version"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
  const lighthouseVersion = JSON.parse(readFileSync("node_modules/lighthouse/package.json", "utf8")).version;
  const timing = (name, s) => row([name, ms(s.p50), ms(s.p95), ms(s.max)]);
  const start = (name, s) => row([name, ms(s.painted), ms(s.rendered), ms(s.max), String(s.cards)]);
  const weakest = Math.min(...screens.map((s) => s.performance));
  return `# PWA performance

Measured by \`scripts/bench.sh\` (its PWA part: \`node scripts/bench-pwa.mjs\`, after \`scripts/build.sh\`; one part alone:
\`node scripts/bench-pwa.mjs autosave\`, which prints and writes nothing) on ${environment.started.toISOString().slice(0, 10)},
this machine: ${environment.cores} cores, ${chromium} headless, load average ${environment.loadBefore.toFixed(1)} at the
start and ${environment.loadAfter.toFixed(1)} at the end. The machine is shared, so figures of different runs differ: medians by up
to a third, p95 and maxima by up to double. Compare figures within one run. The server is the release build with the demo campaign on 127.0.0.1; the
phone is a 360x640 touch viewport (Lighthouse uses its own mobile profile). Figures are medians within one run unless
marked p95. The server's own figures are in [PERFORMANCE.md](PERFORMANCE.md).

## Lighthouse (mobile)

Lighthouse ${lighthouseVersion}, default mobile settings: a Moto G Power viewport, simulated slow 4G (150 ms round
trip, 1.6 Mbit/s) and 4x CPU slowdown. Every screen is loaded ${LIGHTHOUSE_RUNS} times as a first visit (no HTTP
cache, no service worker); the signed-in screens keep the device's session and assignments. The median of each figure.

${row(["screen", "path", "performance", "accessibility", "best practices", "FCP", "LCP", "TBT", "CLS"])}
${row(Array(9).fill("---"))}
${screens.map((s) => row([s.name, `\`${s.path}\``, s.performance, s.accessibility, s.bestPractices, ms(s.fcp), ms(s.lcp),
    ms(s.tbt), s.cls.toFixed(3)])).join("\n")}

Targets from issue 7: performance at least 95 (${met(weakest >= 95)}: lowest ${weakest}); accessibility at least 95
(${met(screens.every((s) => s.accessibility >= 95))}). What held scores down in the last run of each screen:
${screens.map((s) => `${s.name}: ${s.misses.length ? s.misses.join(", ") : "nothing"}.`).join(" ")}

## Autosave

A draft of ${autosave.answers} answers (every question of the demo questionnaire for a phone call, a contact timeline
and notes; ${n(autosave.recordChars)} characters as stored) open on the form, at 4x CPU throttling.
${autosave.keystrokes} keystrokes (after ${WARM_UP_KEYSTROKES} to warm up) are typed at the end of its last free-text
answer, each after the frame that showed the one before (and after the write it caused had completed). Every keystroke
wrote the draft to IndexedDB in exactly one transaction; the DOM changed ${autosave.domChangesPerKeystroke} times per keystroke apart from the text field itself.

${row(["per keystroke", "p50", "p95", "max"])}
${row(["---", "---", "---", "---"])}
${timing("**saved**: input event until its IndexedDB transaction has completed (read the field, change the draft, serialize it, write it, commit)", autosave.toSaved)}
${timing("of which the transaction, from its creation to its \`complete\` event", autosave.transaction)}
${timing("the app's whole handling: input event until its handler and the reactive updates it set off are done", autosave.handling)}
${timing("keystroke (keydown) until the next frame is painted", autosave.toFrame)}
${timing("for reference, a textarea the app does not listen to, same page: handling", autosave.plainHandling)}
${timing("for reference, the same: keystroke until the next frame is painted", autosave.plainToFrame)}

Target from issue 13: input event to transaction complete under 20 ms at p95 (${met(autosave.toSaved.p95 < 20)}). Times come from
\`performance.now()\`, which has 0.1 ms resolution in a page that is not cross-origin isolated.

## Start offline

Signed in online once (the service worker caches the app shell); then offline, ${offline.runs} new tabs at 4x CPU
throttling each open \`/\`, which the service worker serves. Timed from navigation start to the frame after the first
assignment card exists (the list is drawn in one go: all cards are in the DOM by then); "drawn" is when the cards are
in the DOM. After each start a tap on a card opens its form (checked, not timed).

${row(["device", "list painted", "cards drawn", "slowest painted", "cards"])}
${row(["---", "---", "---", "---", "---"])}
${start("demo shopper: 6 assignments, no evaluations", offline)}
${start(`${device.evaluations} evaluations on the device (${device.assignments} assignments)`, device.start)}

Target from issue 7: the list usable within 1 s (${met(offline.painted < 1000)}). The same bar with
${device.evaluations} evaluations, for information: ${device.start.painted < 1000 ? "under" : "over"} it. Main-thread
time of the last start by trace event (self time at 4x; RunMicrotasks is mostly the app's wasm starting and drawing):

- 6 assignments: ${offline.breakdown.join(", ")};
- ${device.evaluations} evaluations: ${device.start.breakdown.join(", ")}.

## ${device.evaluations} evaluations on the device

${device.assignments - 6} more assignments for the demo shopper (organizer API, CSV import), signed in, then
${device.evaluations} evaluations written in the app's own storage format (one IndexedDB record each, content like the
autosave draft above: ${device.states.join(", ")}).

- Storage: ${n(device.perEvaluationChars)} characters per evaluation (${n(device.perEvaluationUtf8)} bytes as UTF-8);
  everything the app keeps with them (session, assignments, evaluations): ${n(device.totalChars)} characters.
- Room: \`navigator.storage.estimate()\` said ${n(device.usage)} bytes used of ${n(device.quota)} allowed for the origin.
- The list's start with them: see the table above.

## Evidence: ${evidence.pictures} photos with one evaluation

${evidence.pictures} different noisy camera photos (2400x1800, median ${n(evidence.photoBytes)} bytes as JPEG) attached one by one
through the file picker at 4x CPU: each is decoded, scaled to at most 1600 px and about 200 KB, re-encoded as JPEG,
hashed (SHA-256) and written to IndexedDB before it is listed. Noise is the worst case for JPEG: such a photo
needs several encodings (smaller each time) to get under 200 KB, where a real photo needs one or two.

- Attaching one photo (choice to listed, 4x CPU): ${ms(evidence.attach.p50)} median, ${ms(evidence.attach.max)} at most.
- Stored: ${n(evidence.bytes)} bytes for the ${evidence.pictures} (largest ${n(evidence.largest)}); device storage
  (\`navigator.storage.estimate()\` before and after) grew by ${n(evidence.perFile)} bytes per photo.
- Upload on a throttled phone network (CDP \`Network.emulateNetworkConditions\`: 1.6 Mbit/s each way, 150 ms
  latency): from "Send inn" until the evaluation is "sent" on the phone (every file uploaded in chunks, then the
  push): ${(evidence.upload / 1000).toFixed(1)} s. The bytes alone take ${(evidence.bytes * 8 / 1.6e6).toFixed(1)} s at
  1.6 Mbit/s; the rest is the round trips, two per file (its start and its one chunk) and the push.
- The evidence code is a module of its own, loaded on first use: ${n(evidence.module.raw)} bytes
  (${n(evidence.module.brotli)} with brotli), not part of the first load.

${NOTES}`;
}

/// What was found and changed; kept with the script so that a new run keeps it in the doc.
const NOTES = `## Issue 19: what evidence adds to the first load

Measured by building main (b1c02c5) and this work on the same machine (\`scripts/build.sh\`, then
\`node --test tests/e2e/budget.test.mjs\`, which prints every file): the first load grew from 221,781 to 236,901 B
brotli (+15,120): the wasm by 40,316 B raw (698,906 -> 739,222) and 14,516 B brotli (212,085 -> 226,601), the JS glue,
the CSS and \`platform.js\` by about 600 B brotli together. The evidence module (capture, scaling, hashing, the
file store, the upload) is not part of it: it loads when first used (figure in the section above). What the wasm
bytes are is in docs/DECISIONS.md (issue 19).

## Issue 13: saving to IndexedDB

Since issue 13 a keystroke's save ends when its IndexedDB transaction has completed (before, when
\`localStorage.setItem\` returned, which a killed browser loses seconds of). The time is nearly all the
transaction's round trip to the browser's storage and back; the app's own part (serialize, begin the write) is
inside "handling". Measured with \`node scripts/bench-pwa.mjs autosave\` on 2026-12-01, 4x CPU, one run each on a
quiet moment of this shared machine:

| draft writes (the outbox and the session are always strict) | saved p50 | saved p95 |
|---|---|---|
| Chromium's default durability | 19.4 ms | 38.7 ms |
| \`relaxed\` (kept: a killed browser loses none of it, see tests/e2e/durability.test.mjs) | 12.8 ms | 17.6 ms |

The figures at the top of this file come from a full run while another build kept both cores busy: the
transaction waits for the browser's storage thread, so its p95 grows with the machine's load (43 ms in that run).
Target of issue 13: p95 under 20 ms at 4x CPU, met on a quiet machine, not under load. The saved line under the
form ("Lagrer på telefonen…", then "Lagret på telefonen 09:14:03") is the 4 DOM changes per keystroke.

## Where the time went, and what was changed

Before and after the changes below, measured with this script on 2026-11-23 against a build of commit 572431e and a
build of the changes as first written (the list then grouped its cards through a HashMap, since dropped to save
code size), alternately (before, after, before, after) in one session, 4x CPU throttling:

| mean of 2 alternating runs each | before | after |
|---|---|---|
| autosave: saved, p50 / p95 (ms) | 2.3 / 8.7 | 2.0 / 4.2 |
| autosave: the app's handling of a keystroke, p50 / p95 (ms) | 13.0 / 30.9 | 7.3 / 12.7 |
| autosave: keystroke to next frame, p50 / p95 (ms) | 49 / 114 | 40 / 75 |
| offline start, 6 assignments: list painted (ms) | 831 | 816 |
| offline start, 200 evaluations: list painted (ms) | 1257 | 934 |
| offline start, 200 evaluations: cards drawn to painted (ms) | 467 | 203 |
| Lighthouse Start, signed out: performance, LCP, TBT | 90, 2.68 s, 298 ms | 94.5, 2.71 s, 160 ms |
| Lighthouse Assignment list: performance, LCP, TBT | 92, 3.10 s, 158 ms | 92, 3.07 s, 165 ms |
| Lighthouse Evaluation form: performance, LCP, TBT | 85.5, 3.25 s, 312 ms | 87.5, 3.20 s, 276 ms |

The start screen (signed out) did not change: its difference is this machine's noise, and a measure of how far single
Lighthouse figures can be trusted here.

- **A keystroke copied the whole evaluation about 130 times.** Every question field had three memos (its answer, its
  problem, its reviewer comment) that each called \`Shared::evaluation_for\`, which clones the evaluation; page memos
  did the same, and the questionnaire was cloned and compared at every keystroke too (found with a CPU profile of a
  build with wasm names: \`PROFILE=1\` and \`SHOPPER_STATIC_DIR\`, see the script's header). Now the form reads one memo of
  its evaluation without copying (\`Shared::with_evaluation_for\`), problems and comments are memos of their own that a
  keystroke seldom changes, the skip logic's visible questions and sections are memos that change only when the skip
  logic does, and \`Shared::edit\` changes the evaluation in place before writing it (then written to localStorage
  before any signal announced it; since issue 13 the write is an IndexedDB transaction begun in the same moment). The review of every answer, hidden behind the form, was rebuilt at every
  keystroke: it is drawn only while on screen. Saving still writes the one changed draft at every keystroke, with no
  debouncing: a keystroke is on the device before the frame that shows it. What is left of the handling is Leptos
  re-running each question's answer memo and the skip logic.
- **The list copied every evaluation to group the cards**, five times over; it reads each state without copying now.
  A trace of the start with 200 evaluations put most of the main thread in laying out 206 cards; cards below the
  screen are now skipped until scrolled to (\`content-visibility: auto\`).
- **Every sync rebuilt the whole list and rewrote the assignments**, even when nothing had changed (cards replaced
  under the shopper's thumb just after opening). An unchanged sync now changes nothing. This does not move
  Lighthouse's LCP: the rebuilt list was no larger than the first.
- These changes add 10 KB to the wasm (740,017 -> 749,989 bytes; 1.5 KB with brotli at its best setting, which leaves
  the first load at 245.8 of the 250 KB budget).
- **The offline start with the demo data is near the 1 s target, not safely under it, on this machine.** Over the
  fourteen runs of this measurement on 2026-11-23 (medians of 5 starts each; the changes above made no difference to
  it) it ranged from 0.50 to 1.07 s with the load of the machine, with a median of 0.78 s. The wasm comes from the service worker
  within about 0.2 s; the rest is the wasm starting and drawing (RunMicrotasks and FunctionCall in the breakdown)
  and the first layout, on 2 contended cores slowed 4x.
- Saving (then to localStorage) at p95 was near the 5 ms target of issue 7 and crossed it in some runs when this
  shared machine was busy; the median was about 2 ms at 4x CPU. Issue 13 moved the records to IndexedDB, which a
  killed browser does not lose: a keystroke's save now ends at its transaction's \`complete\` event (the table above).

## What stands in the way

- **Lighthouse performance below 95 on the evaluation form.** Before the first load shrank, the screens scored
  90-96 (start), 88-93 (list) and 83-91 (form) in this session's runs. Nothing can be drawn before the wasm has
  arrived and started, so on Lighthouse's simulated slow 4G the wasm's transfer is most of the LCP (its LCP
  breakdown: all "render delay"; in a real unthrottled load LCP equals FCP). Two changes since: the server sends
  brotli-11 copies made at build time instead of compressing on the fly at brotli 4 (about 286 KB of wasm sent
  before, 235 KB after), and the wasm itself shrank (type-erased views, an own router: first load 194 KB brotli).
  With both, the start and the list score 97-98; the form stays just under 95, held by its TBT below.
- **The evaluation form** builds every section's questions at start (the other sections are hidden): one long task of
  0.2-0.4 s in Lighthouse's 4x simulation, which is its TBT. Drawing only the current section would shorten it, but
  the form's tests and its skip logic rely on every section being in the DOM; not changed here.
- **The start with 200 evaluations** is near 1 s at 4x CPU. A CPU profile of it shows no single hot spot any more: the
  time is spread over reading and parsing every evaluation (then from localStorage; now one IndexedDB read of all
  records; strings crossing into wasm, serde) and
  creating 206 cards through the wasm-to-DOM glue. Drawing fewer cards at start (the done ones folded away, say)
  would be the next step; it changes what the shopper sees, so it is not done here.
`;

// ---------------------------------------------------------------------------------------------------------------
// Run

const PARTS = {
  lighthouse: measureLighthouse, autosave: measureAutosave, offline: measureOffline, device: measureDevice, evidence: measureEvidence,
};
const asked = process.argv.slice(2);
for (const part of asked) assert.ok(part in PARTS, `unknown part "${part}"; parts: ${Object.keys(PARTS).join(", ")}`);
const environment = { started: new Date(), loadBefore: loadavg()[0], cores: cpus().length };
const results = {};
for (const part of asked.length ? asked : Object.keys(PARTS)) {
  const started = Date.now();
  results[part] = await PARTS[part]();
  console.log(`${part} (${Math.round((Date.now() - started) / 1000)} s):`, JSON.stringify(results[part], null, 2));
}
environment.loadAfter = loadavg()[0];
if (!asked.length) {
  writeFileSync("docs/PERFORMANCE-PWA.md", report(results));
  console.log("wrote docs/PERFORMANCE-PWA.md");
}
