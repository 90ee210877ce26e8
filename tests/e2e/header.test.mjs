// The app's header on a 360 x 640 touch phone against the real server: one line of at most 48 px with a chip
// only when something needs attention ("Uten nett", "1 ikke sendt", "Logget ut"), and one menu button that opens
// sync (with the last successful sync) and the language. The menu works by keyboard (Enter opens, Escape closes
// and gives the focus back), is axe-clean in all three languages and scrolls nothing sideways at 320 and 360 px.
// On a short screen and at 200 % zoom (emulated as the CSS viewport a 360 x 640 phone has then: 180 x 320) the
// header scrolls away with the page instead of covering it.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  answerSolvedPhoneCall, checkScreen, launchPhone, noExternalApps, openAssignment, openList, organizerPost, startServer, submit,
} from "./support.mjs";

const headerHeight = async (page) => (await page.getByTestId("status-bar").boundingBox()).height;
const visibleChips = (page) => page.getByTestId("status-bar").locator(".chip:not([hidden])").allTextContents();

test("one line with no chip when all is well; the menu syncs and switches the language, by touch and by keyboard", async () => {
  const { server, link } = await startServer();
  const { browser, page } = await launchPhone();
  try {
    await openList(page, link);
    assert.ok(await headerHeight(page) <= 48, `the header is one line: ${await headerHeight(page)}px`);
    assert.deepEqual(await visibleChips(page), [], "nothing needs attention: no chip");
    const button = page.getByTestId("menu");
    const menu = page.getByTestId("app-menu");
    assert.equal(await button.getAttribute("aria-expanded"), "false");
    assert.equal(await button.getAttribute("aria-controls"), "app-menu");
    assert.ok(await menu.isHidden());

    // By keyboard: Enter opens, Escape closes and the focus is back on the button.
    await button.focus();
    await page.keyboard.press("Enter");
    assert.equal(await button.getAttribute("aria-expanded"), "true");
    assert.ok(await menu.isVisible());
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "sync-now", "the menu is next in the tab order");
    await page.keyboard.press("Escape");
    assert.ok(await menu.isHidden());
    assert.equal(await button.getAttribute("aria-expanded"), "false");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "menu", "the focus returns to the button");

    // Sync now asks the server, and the menu tells the last successful sync.
    await button.click();
    await page.getByTestId("last-sync").filter({ hasText: /^Oppdatert \d\d:\d\d$/ }).waitFor();
    const asked = page.waitForRequest((r) => r.url().endsWith("/api/v1/assignments"));
    await page.getByTestId("sync-now").click();
    await asked;
    assert.ok(await headerHeight(page) <= 48, "the open menu lies over the page, the header stays one line");
    const listBefore = await page.getByTestId("assignment").first().boundingBox();
    await checkScreen(page, "the open menu", "header-menu");
    assert.deepEqual(await page.getByTestId("assignment").first().boundingBox(), listBefore, "the menu pushes nothing");

    // A tap outside closes it.
    await page.getByTestId("storage-use").click();
    assert.ok(await menu.isHidden());

    // The language, in all three: the page follows at once, and the open menu is axe-clean at 360 and 320 px.
    for (const [code, heading, syncNow] of [["en", "Your assignments", "Sync now"], ["da", "Dine opgaver", "Synkroniser nu"],
      ["nb", "Oppdragene dine", "Synkroniser nå"]]) {
      if (await menu.isHidden()) await button.click();
      await page.getByTestId("language").selectOption(code);
      // English and Danish show once their chunk is there (src/i18n.rs): a few milliseconds.
      await page.waitForFunction((code) => document.documentElement.lang === code, code);
      assert.equal(await page.locator("h1").textContent(), heading);
      assert.equal(await page.getByTestId("sync-now").textContent(), syncNow);
      for (const width of [360, 320]) {
        await page.setViewportSize({ width, height: 640 });
        await checkScreen(page, `the open menu in ${code} at ${width} px`);
        assert.ok(await headerHeight(page) <= 48, `${code} at ${width} px: ${await headerHeight(page)}px`);
      }
      await page.setViewportSize({ width: 360, height: 640 });
    }
    await page.reload();
    await page.getByTestId("assignment").first().waitFor();
    assert.equal(await page.locator("h1").textContent(), "Oppdragene dine", "the choice is kept");
    assert.equal(await page.getByTestId("language").inputValue(), "nb");
  } finally {
    await browser.close();
    server.kill();
  }
});

test("offline with work unsent the header is still one line; on a short screen and at 200 % zoom it is not sticky", async () => {
  const { server, link, base } = await startServer();
  const { browser, context, page } = await launchPhone();
  await noExternalApps(page);
  try {
    await openList(page, link);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await openAssignment(page, link, "Sparebanken Møre");
    await context.setOffline(true);
    await answerSolvedPhoneCall(page);
    await submit(page);
    await page.getByTestId("notice").waitFor();
    assert.deepEqual(await visibleChips(page), ["Uten nett", "1 ikke sendt"]);
    assert.ok(await headerHeight(page) <= 48, `offline with one unsent: ${await headerHeight(page)}px`);
    await checkScreen(page, "the header offline with work unsent", "header-offline");
    for (const width of [320, 360]) {
      await page.setViewportSize({ width, height: 640 });
      assert.ok(await headerHeight(page) <= 48, `offline, one unsent, at ${width} px: ${await headerHeight(page)}px`);
      await checkScreen(page, `the header offline at ${width} px`);
    }

    // On a phone the header stays at the top while the list scrolls.
    const header = page.getByTestId("status-bar");
    await page.evaluate(() => window.scrollTo(0, 300));
    assert.equal((await header.boundingBox()).y, 0, "sticky at 360 x 640");

    // 200 % zoom on a 360 x 640 phone is a 180 x 320 CSS viewport; a phone on its side is 640 x 360.
    for (const [width, height, what] of [[180, 320, "200 % zoom"], [640, 360, "a phone on its side"]]) {
      await page.setViewportSize({ width, height });
      await page.evaluate(() => window.scrollTo(0, 0));
      assert.equal(await header.evaluate((h) => getComputedStyle(h).position), "static", what);
      await page.evaluate(() => window.scrollTo(0, 200));
      const box = await header.boundingBox();
      assert.ok(box.y + box.height <= 0, `${what}: the header scrolls away (${box.y}, ${box.height}px)`);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${what}: no sideways scroll`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.getByTestId("menu").click();
      const panel = await page.getByTestId("app-menu").boundingBox();
      assert.ok(panel.x >= 0 && panel.x + panel.width <= width, `${what}: the menu fits the screen`);
      await page.getByTestId("menu").click();
    }
    await page.setViewportSize({ width: 360, height: 640 });

    // Signed out: the organizer locked the device out; the chip says so (the work stays, and goes when back).
    await context.setOffline(false);
    await page.getByTestId("waiting").waitFor({ state: "hidden", timeout: 15_000 });
    assert.equal((await organizerPost(base, "/shoppers/demo-shopper/revoke", {})).status, 200);
    await page.getByTestId("menu").click();
    await page.getByTestId("sync-now").click();
    await page.getByTestId("signed-out-chip").waitFor();
    assert.deepEqual(await visibleChips(page), ["Logget ut"]);
    assert.ok(await headerHeight(page) <= 48);
  } finally {
    await browser.close();
    server.kill();
  }
});
