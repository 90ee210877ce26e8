// The sync engine is a wasm chunk of its own (src/sync/mod.rs), fetched after the first paint: the list and the
// form work from the main wasm (and the form's chunk) alone, what is asked before the engine is there waits, and
// the outbox goes exactly once when it arrives. Prints the time from the start to the first sync request.
import { test } from "node:test";
import assert from "node:assert/strict";
import { answerSolvedPhoneCall, launchPhone, openList, startServer, submit, syncNow } from "./support.mjs";

const SYNC_CHUNK = /^\/sync-[0-9a-f]{16}\.wasm$/;
const isSyncChunk = (url) => SYNC_CHUNK.test(new URL(url).pathname);

/// Milliseconds from the navigation's start to the list's cards in the page, the first paint, the engine's chunk
/// asked for and the first sync request (the assignments). Needs `watchListDrawn` on the page.
export async function startTimings(page) {
  await page.waitForFunction(() => performance.getEntriesByType("resource").some((e) => e.name.includes("/api/v1/assignments")));
  return page.evaluate(() => ({
    drawn: window.listDrawnAt,
    paint: performance.getEntriesByName("first-contentful-paint")[0]?.startTime,
    chunk: performance.getEntriesByType("resource").find((e) => /\/sync-[0-9a-f]{16}\.wasm$/.test(e.name))?.startTime,
    sync: performance.getEntriesByType("resource").find((e) => e.name.includes("/api/v1/assignments")).startTime,
  }));
}

/// Notes when the list's first card is in the page (the paint entry's own time can fall a moment after a request
/// made just after the paint, under load).
const watchListDrawn = (page) => page.addInitScript(() => {
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid="assignment"]')) { window.listDrawnAt = performance.now(); observer.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
});

test("with the sync engine's chunk held back the list draws and a draft is typed and submitted; released, it is sent once", async () => {
  const { server, link, organizer } = await startServer();
  // Without the service worker, so the chunk's fetch goes to the network, where the test holds it.
  const { browser, page } = await launchPhone({ serviceWorkers: "block" });
  try {
    await openList(page, link); // the sign-in fetches the engine at once
    let release;
    const held = new Promise((resolve) => (release = resolve));
    const chunkRequests = [];
    await page.route((url) => isSyncChunk(url.href), async (route) => {
      chunkRequests.push(route.request().url());
      await held;
      await route.continue();
    });
    const api = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith("/api/")) api.push(`${request.method()} ${url.pathname}`);
    });

    await page.reload();
    const card = page.getByTestId("assignment").filter({ hasText: "Sparebanken Møre" });
    await card.waitFor();
    await page.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0);
    assert.equal(chunkRequests.length, 1, "the engine's chunk is asked for once the list is drawn");
    await card.locator("a.open").click();
    await page.locator("[data-question-id]").first().waitFor();
    await answerSolvedPhoneCall(page);
    await submit(page); // asks for a sync: it waits for the engine
    const state = card.getByTestId("state");
    await state.filter({ hasText: "Venter på sending" }).waitFor();
    await syncNow(page);
    assert.equal(chunkRequests.length, 1, "one fetch of the chunk at a time");
    assert.deepEqual(api, [], "nothing went to the server without the engine");
    assert.equal((await organizer("/evaluations")).length, 0);

    release();
    await state.filter({ hasText: "Sendt" }).waitFor({ timeout: 15_000 });
    await syncNow(page);
    await page.waitForFunction(() => performance.getEntriesByType("resource").filter((e) => e.name.includes("/api/v1/assignments")).length >= 2);
    const pushes = api.filter((request) => request.startsWith("PUT /api/v1/evaluations/"));
    assert.equal(pushes.length, 1, `the outbox was pushed once: ${api.join(", ")}`);
    const received = await organizer("/evaluations");
    assert.equal(received.length, 1, "the evaluation reached the organizer once");
    assert.equal(received[0].content.answers.anbefaling, 8);
  } finally {
    await browser.close();
    server.kill();
  }
});

test("the engine is asked for once the list is drawn (times printed, the engine from the service worker's cache)", async () => {
  const { server, link } = await startServer();
  const { browser, page } = await launchPhone();
  try {
    await openList(page, link);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await watchListDrawn(page);
    const runs = [];
    for (let i = 0; i < 5; i++) {
      await page.reload();
      await page.getByTestId("assignment").first().waitFor();
      runs.push(await startTimings(page));
    }
    for (const { drawn, chunk } of runs) {
      assert.ok(drawn !== undefined && chunk !== undefined, `list drawn at ${drawn} ms, engine asked for at ${chunk} ms`);
      assert.ok(drawn < chunk, `the engine's chunk (asked for at ${chunk} ms) after the list was drawn (${drawn} ms)`);
    }
    const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)].toFixed(0);
    console.log(`start to first paint: ${runs.map((r) => r.paint.toFixed(0)).join(", ")} ms (median ${median(runs.map((r) => r.paint))})`);
    console.log(`start to first sync request: ${runs.map((r) => r.sync.toFixed(0)).join(", ")} ms (median ${median(runs.map((r) => r.sync))})`);
  } finally {
    await browser.close();
    server.kill();
  }
});
