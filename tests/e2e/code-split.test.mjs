// The evaluation form is a wasm chunk of its own (src/pages/evaluation_loader.rs, scripts/wasm-build.mjs): the
// start and list screens never fetch it, the service worker precaches it, so an installed app that has never
// opened a form opens one offline (and a SIGKILL after submitting loses nothing); a slow load says so, a failed
// one says so and can be retried. Prints the time to open the first form, offline and online.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  answerSolvedPhoneCall, killBrowser, launchInstalledPhone, launchPhone, openList, startServer, startServerOnACopy, submit, syncNow,
} from "./support.mjs";

// The form's chunk (the other chunks are the languages, src/i18n.rs, and what split points share).
const CHUNK = /^\/evaluation-[0-9a-f]{16}\.wasm$/;
const isChunk = (url) => CHUNK.test(new URL(url).pathname);

async function openFirstForm(page, company) {
  const started = Date.now();
  await page.getByTestId("assignment").filter({ hasText: company }).locator("a.open").click();
  await page.locator("[data-question-id]").first().waitFor();
  return Date.now() - started;
}

test("the list loads without the form's chunk; an installed app opens its first form offline and loses nothing to a kill", async () => {
  const { server, link, base, organizer } = await startServer();
  const profile = mkdtempSync(join(tmpdir(), "shopper-split-"));
  let context = await launchInstalledPhone(profile);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const chunkRequests = [];
    page.on("request", (request) => isChunk(request.url()) && chunkRequests.push(request));
    await page.goto(link);
    await page.getByTestId("assignment").first().waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready);
    assert.deepEqual(chunkRequests.map((r) => r.url()), [], "the start and list screens do not fetch the form's chunk");
    const cached = await page.evaluate(async () => {
      const urls = [];
      for (const key of await caches.keys()) {
        for (const request of await (await caches.open(key)).keys()) urls.push(request.url);
      }
      return urls;
    });
    assert.ok(cached.some(isChunk), "the service worker has precached the form's chunk");

    await context.setOffline(true);
    assert.ok((await page.reload()).fromServiceWorker(), "offline, the app comes from the service worker");
    await page.getByTestId("assignment").first().waitFor();
    const offlineMs = await openFirstForm(page, "Sparebanken Møre");
    console.log(`first form opened offline (chunk from the service worker's cache) in ${offlineMs} ms`);
    assert.equal(chunkRequests.length, 1, "opening the form fetched its chunk once");
    assert.ok((await chunkRequests[0].response()).fromServiceWorker(), "offline, from the precache");
    // The form's own address opened again (a reload, the installed app coming back): its head is drawn by the
    // main module, and its chunk is asked for once, after that first paint.
    chunkRequests.length = 0;
    await page.reload();
    await page.locator("[data-question-id]").first().waitFor();
    assert.equal(chunkRequests.length, 1, "the form's address fetched its chunk once");
    await answerSolvedPhoneCall(page);
    await submit(page);
    const state = page.getByTestId("assignment").filter({ hasText: "Sparebanken Møre" }).getByTestId("state");
    await state.filter({ hasText: "Venter på sending" }).waitFor();

    await killBrowser(profile, context);
    context = await launchInstalledPhone(profile, { offline: true });
    const again = context.pages()[0] ?? (await context.newPage());
    await again.goto(`${base}/`);
    const stateAgain = again.getByTestId("assignment").filter({ hasText: "Sparebanken Møre" }).getByTestId("state");
    await stateAgain.filter({ hasText: "Venter på sending" }).waitFor();
    await context.setOffline(false);
    await stateAgain.filter({ hasText: "Sendt" }).waitFor({ timeout: 15_000 });
    const received = await organizer("/evaluations");
    assert.equal(received.length, 1, "the evaluation reached the organizer once");
    assert.equal(received[0].content.answers.anbefaling, 8);
  } finally {
    await context.close().catch(() => {});
    server.kill();
  }
});

test("a slow chunk says it is loading, a failed one says so and loads on a retry", async () => {
  const { server, link } = await startServer();
  // Without the service worker, so every load of the chunk goes to the network, where the test delays or drops it.
  const { browser, page } = await launchPhone({ serviceWorkers: "block" });
  try {
    await openList(page, link);
    const onlineMs = await openFirstForm(page, "Sparebanken Møre");
    console.log(`first form opened online (chunk from the server on loopback, no service worker) in ${onlineMs} ms`);

    await page.goto(page.url().replace(/\/a\/.*$/, "/"));
    await page.getByTestId("assignment").first().waitFor();
    let drop = true;
    await page.route((url) => isChunk(url.href), async (route) => {
      if (drop) return route.abort("internetdisconnected");
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return route.continue();
    });
    await page.getByTestId("assignment").filter({ hasText: "Sparebanken Møre" }).locator("a.open").click();
    const failed = page.getByTestId("form-not-loaded");
    await failed.waitFor();
    assert.match(await failed.textContent(), /Skjemaet kunne ikke lastes/);
    drop = false;
    await page.getByRole("button", { name: "Prøv igjen" }).click();
    await page.getByTestId("form-loading").filter({ hasText: "Laster skjemaet …" }).waitFor();
    // While the chunk is on its way the main module has drawn the screen's head, and the form comes below it
    // without moving it.
    const heading = page.getByRole("heading", { level: 1, name: "Sparebanken Møre" });
    assert.ok(await heading.isVisible() && await page.locator("p.scenario").isVisible(), "the head is there while loading");
    assert.equal(await page.locator("[data-question-id]").count(), 0, "the form is not there yet");
    const headWhileLoading = { heading: await heading.boundingBox(), scenario: await page.locator("p.scenario").boundingBox() };
    assert.ok(headWhileLoading.heading && headWhileLoading.scenario, "the company and the scenario are on screen while loading");
    await page.locator("[data-question-id]").first().waitFor();
    assert.equal(await page.getByTestId("form-loading").count(), 0, "the loading line is gone once the form is there");
    assert.deepEqual({ heading: await heading.boundingBox(), scenario: await page.locator("p.scenario").boundingBox() },
      headWhileLoading, "the head did not move when the form arrived");
    assert.equal(await page.locator("h1").count(), 1, "one heading: the form did not draw the head again");

    // The form's own address (a reload): the head is drawn by the main module and the chunk asked for only
    // frames after it, so the main wasm does not share the network with it.
    await page.unroute((url) => isChunk(url.href));
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector("main h1")) { window.headDrawnAt = performance.now(); observer.disconnect(); }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.reload();
    await page.locator("[data-question-id]").first().waitFor();
    const { drawn, chunkAsked } = await page.evaluate(() => ({
      drawn: window.headDrawnAt,
      chunkAsked: performance.getEntriesByType("resource").find((r) => /\/evaluation-[0-9a-f]+\.wasm$/.test(r.name))?.startTime,
    }));
    assert.ok(drawn !== undefined && chunkAsked !== undefined, `head drawn at ${drawn} ms, chunk asked for at ${chunkAsked} ms`);
    assert.ok(drawn < chunkAsked, `the head (drawn at ${drawn} ms) came before the chunk's request (${chunkAsked} ms)`);
  } finally {
    await browser.close();
    server.kill();
  }
});

/// Makes `site` (a copy of dist/) a new build: every file named with the build id gets a new one, in its name
/// and wherever it is referenced, with index.html's integrity attributes to match; the old names are gone.
function deployNewBuild(site) {
  const oldId = readdirSync(site).map((name) => name.match(/^shopper-([0-9a-f]{16})_bg\.wasm$/)?.[1]).find(Boolean);
  assert.ok(oldId, "the build has a main wasm named by its build id");
  const newId = [...oldId].reverse().join("");
  for (const name of readdirSync(site, { recursive: true })) {
    const path = join(site, name);
    if (!statSync(path).isFile()) continue;
    if (/\.(br|gz)$/.test(name)) { rmSync(path); continue; } // the server compresses what is left on the fly
    if (/\.(js|html)$/.test(name)) writeFileSync(path, readFileSync(path, "utf8").replaceAll(oldId, newId));
    if (name.includes(oldId)) renameSync(path, join(site, name.replaceAll(oldId, newId)));
  }
  const indexPath = join(site, "index.html");
  const html = readFileSync(indexPath, "utf8").replace(/href="?\/([^"\s>]+)"?\s+integrity="?sha384-[A-Za-z0-9+/=]+/g,
    (attribute, href) => attribute.replace(/sha384-[A-Za-z0-9+/=]+/,
      `sha384-${createHash("sha384").update(readFileSync(join(site, href))).digest("base64")}`));
  writeFileSync(indexPath, html);
  const swPath = join(site, "sw.js");
  writeFileSync(swPath, readFileSync(swPath, "utf8").replace(/const VERSION = "([^"]*)"/, 'const VERSION = "$1-b"'));
  return { oldId, newId };
}

test("an update brings its own form chunk, and nothing of the old build stays cached", async () => {
  const { server, link, site } = await startServerOnACopy();
  const { browser, page } = await launchPhone();
  try {
    await openList(page, link);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const { oldId, newId } = deployNewBuild(site);

    await syncNow(page); // every sync also asks whether the app changed
    await page.getByTestId("update-banner").waitFor({ timeout: 30_000 });
    await page.getByTestId("update-now").click();
    await page.waitForFunction((id) => [...document.scripts].some((s) => s.src.includes(id)), newId, { timeout: 30_000 });
    await page.getByTestId("assignment").first().waitFor();

    const chunkRequests = [];
    page.on("request", (request) => isChunk(request.url()) && chunkRequests.push(request));
    await openFirstForm(page, "Sparebanken Møre");
    assert.equal(chunkRequests.length, 1);
    assert.ok(chunkRequests[0].url().includes(newId), "the new build's chunk");
    assert.ok((await chunkRequests[0].response()).fromServiceWorker(), "from the new build's precache");
    const cached = await page.evaluate(async () => {
      const urls = [];
      for (const key of await caches.keys()) {
        for (const request of await (await caches.open(key)).keys()) urls.push(`${key} ${request.url}`);
      }
      return urls;
    });
    assert.deepEqual(cached.filter((entry) => entry.includes(oldId)), [], "no file of the old build is left in the caches");
    assert.ok(cached.some((entry) => isChunk(entry.split(" ")[1]) && entry.includes(newId)), "the new chunk is precached");
  } finally {
    await browser.close();
    server.kill();
  }
});
