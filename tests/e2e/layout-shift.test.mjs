// The assignment list does not move after its first paint (Lighthouse's cumulative layout shift): the page is
// loaded again at 4x CPU with a layout-shift observer from its first moment, the install prompt arrives after the
// list is drawn (fired by the test, as Chromium does once the app is installable), the first sync runs, and
// the shifts of the first seconds add up to less than 0.05 (Lighthouse's "good" is 0.1).
import { test } from "node:test";
import assert from "node:assert/strict";
import { launchPhone, openList, startServer } from "./support.mjs";

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
