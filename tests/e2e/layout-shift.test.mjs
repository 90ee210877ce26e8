// The assignment list does not move after its first paint (Lighthouse's cumulative layout shift): the page is
// loaded again at 4x CPU with a layout-shift observer from its first moment, the install prompt arrives after the
// list is drawn (fired by the test, as Chromium does once the app is installable), the first sync runs, and
// the shifts of the first seconds add up to less than 0.05 (Lighthouse's "good" is 0.1). The header's banners (a
// new version, a sync problem, a storage problem) lie over the page when they appear: nothing under them moves.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { choose, launchPhone, openList, showQuestion, startServer, startServerOnACopy, syncNow } from "./support.mjs";

test("the assignment list does not shift when the install prompt arrives or the first sync ends", async () => {
  const { server, link } = await startServer();
  const { browser, context, page } = await launchPhone();
  try {
    await openList(page, link);
    await context.addInitScript(() => {
      window.layoutShifts = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          if (entry.hadRecentInput) continue;
          window.layoutShifts.push({ value: entry.value,
            moved: entry.sources.map((s) => `${s.node?.nodeName?.toLowerCase()}.${s.node?.className} ${s.previousRect.y}->${s.currentRect.y}`) });
        }
      }).observe({ type: "layout-shift", buffered: true });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    const synced = page.waitForResponse((r) => r.url().endsWith("/api/v1/assignments"));
    await page.reload();
    await page.getByTestId("assignment").first().waitFor();
    await page.waitForTimeout(500);
    await page.evaluate(() => {
      const prompt = new Event("beforeinstallprompt", { cancelable: true });
      prompt.prompt = () => {};
      window.dispatchEvent(prompt);
    });
    await page.getByTestId("install-card").waitFor();
    await synced;
    await page.waitForTimeout(2000);
    const shifts = await page.evaluate(() => window.layoutShifts);
    const total = shifts.reduce((sum, s) => sum + s.value, 0);
    assert.ok(total < 0.05, `the list shifted by ${total.toFixed(3)}: ${JSON.stringify(shifts)}`);
    // The card that arrived lies over the foot of the screen, and the last assignment can be scrolled above it.
    const card = await page.getByTestId("install-card").boundingBox();
    assert.ok(card.y + card.height <= 640 && card.y > 320, `the card sits at the foot: ${JSON.stringify(card)}`);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const last = await page.getByTestId("assignment").last().boundingBox();
    const cardNow = await page.getByTestId("install-card").boundingBox();
    assert.ok(last.y + last.height <= cardNow.y, "the last assignment scrolls clear of the card");
  } finally {
    await browser.close();
    server.kill();
  }
});

/// Where the page's parts are, in page coordinates (so a scroll is not a move): the main element's children
/// down to the first assignment card or question, and the shifts without recent input seen since `watchShifts`.
async function layout(page) {
  return page.evaluate(() => ({
    parts: [...document.querySelectorAll("main > *, main h1, [data-testid=assignment], .contact-panel, [data-question-id]")]
      .slice(0, 12).map((el) => Math.round(el.getBoundingClientRect().top + window.scrollY)),
    shifted: window.bannerShifts.reduce((sum, value) => sum + value, 0),
  }));
}

async function watchShifts(page) {
  await page.evaluate(() => {
    window.bannerShifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.bannerShifts.push(entry.value);
    }).observe({ type: "layout-shift" });
  });
}

/// The banner is on screen, over the top of the page just under the header.
async function overThePage(page, testId) {
  const banner = await page.getByTestId(testId).boundingBox();
  const header = await page.getByTestId("status-bar").boundingBox();
  assert.ok(banner && banner.y >= header.y + header.height - 1 && banner.y < 320, `${testId} under the header: ${JSON.stringify(banner)}`);
  return banner;
}

test("the update, sync and storage banners lie over the page and move nothing under them", async () => {
  const { server, link, site } = await startServerOnACopy();
  const { browser, page } = await launchPhone();
  try {
    await openList(page, link);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await watchShifts(page);
    const list = await layout(page);

    // A new version deployed (its service worker changed; the build's compressed copy removed, so it is served).
    const sw = readFileSync(join(site, "sw.js"), "utf8");
    writeFileSync(join(site, "sw.js"), sw.replace(/const VERSION = "([^"]*)"/, 'const VERSION = "$1-b"'));
    for (const copy of [".br", ".gz"]) rmSync(join(site, `sw.js${copy}`));
    await syncNow(page);
    await page.getByTestId("update-banner").waitFor({ timeout: 30_000 });
    const update = await overThePage(page, "update-banner");
    assert.deepEqual(await layout(page), list, "the update banner moved nothing");

    // The server refuses the sync: the sync problem's banner comes under the update's, and moves nothing either.
    await page.route((url) => url.pathname === "/api/v1/assignments", (route) =>
      route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ code: "internal", message: "boom" }) }));
    await syncNow(page);
    await page.getByTestId("sync-error").waitFor({ timeout: 10_000 });
    const syncError = await overThePage(page, "sync-error");
    assert.ok(syncError.y >= update.y + update.height, "the two banners do not cover each other");
    assert.deepEqual(await layout(page), list, "the sync banner moved nothing");
    // Put away with its ×, it stays away while the message is the same.
    await page.getByTestId("sync-error").getByRole("button", { name: "Lukk meldingen" }).click();
    await page.getByTestId("sync-error").waitFor({ state: "detached" });
    await syncNow(page);
    await page.waitForTimeout(500);
    assert.equal(await page.getByTestId("sync-error").count(), 0, "the same problem again does not bring it back");
    assert.deepEqual(await layout(page), list, "putting it away moved nothing");
    await page.unroute((url) => url.pathname === "/api/v1/assignments");

    // On the form: the phone's storage refuses a write; what was chosen stays, and nothing moves.
    await page.getByTestId("assignment").filter({ hasText: "Sparebanken Møre" }).locator("a.open").click();
    await page.locator("[data-question-id]").first().waitFor();
    await page.locator("form.questions[data-drawn=true]").waitFor();
    // Where the tapped question and its section's heading are on the page (the tap itself changes the form below).
    const tapped = () => page.evaluate(() => ["main h1", "[data-question-id=ordvalg]", "[data-section-id]:not([hidden]) > h2"]
      .map((selector) => Math.round(document.querySelector(selector).getBoundingClientRect().top + window.scrollY)));
    // A first answer makes the draft: its saved line and delete button appear above, in the room kept for
    // them, so the tapped question does not move under the thumb.
    await showQuestion(page, "ordvalg");
    const fresh = await tapped();
    await choose(page, "ordvalg", "2");
    await page.getByTestId("saved").filter({ hasText: /^Lagret på telefonen/ }).waitFor();
    await page.getByTestId("delete-draft").waitFor();
    await page.waitForTimeout(300);
    const before = await tapped();
    assert.deepEqual(before, fresh, "the first answer (which makes the draft) moved nothing above it");
    await page.evaluate(() => {
      IDBObjectStore.prototype.put = () => { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };
    });
    await choose(page, "ordvalg", "3");
    await page.getByTestId("storage-error").waitFor();
    await overThePage(page, "storage-error");
    assert.deepEqual(await tapped(), before, "the storage banner moved nothing on the form");
    assert.equal(await page.locator("[data-question-id=ordvalg] input").nth(2).isChecked(), true, "the choice stays");
  } finally {
    await browser.close();
    server.kill();
  }
});
