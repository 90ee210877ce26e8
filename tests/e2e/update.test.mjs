// Updating the installed app: version A is running with a draft open; version B is deployed; the app offers
// the update with a banner and never reloads by itself; after the shopper accepts, B runs and the draft is
// intact.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { choose, fill, launchPhone, openAssignment, question, showQuestion, startServerOnACopy, syncNow } from "./support.mjs";

test("a new version is offered with a banner and keeps the draft when accepted", async () => {
  const { server, link, site } = await startServerOnACopy();
  const { browser, page } = await launchPhone();
  try {
    await openAssignment(page, link, "Sparebanken Møre");
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await choose(page, "ordvalg", "5");
    await fill(page, "beste", "Skrevet i versjon A");
    await showQuestion(page, "beste");
    await page.evaluate(() => { window.stillVersionA = true; });

    // Deploy version B: a new service worker (its version changes) and a page that says it is B.
    const sw = readFileSync(join(site, "sw.js"), "utf8");
    writeFileSync(join(site, "sw.js"), sw.replace(/const VERSION = "([^"]*)"/, 'const VERSION = "$1-b"'));
    const index = readFileSync(join(site, "index.html"), "utf8");
    writeFileSync(join(site, "index.html"), index.replace("<title>", '<meta name="shopper-build" content="B"><title>'));
    // A build writes compressed copies of its files, which the server prefers; these two changed by hand.
    for (const name of ["sw.js", "index.html"]) {
      for (const copy of [".br", ".gz"]) rmSync(join(site, name + copy));
    }

    await syncNow(page); // every sync also asks whether the app changed
    await page.getByTestId("update-banner").waitFor({ timeout: 30_000 });
    assert.equal(await page.evaluate(() => window.stillVersionA), true, "the page was not reloaded behind the shopper's back");
    assert.equal(await (await showQuestion(page, "beste")).locator("textarea").inputValue(), "Skrevet i versjon A");

    await page.getByTestId("update-now").click();
    await page.waitForFunction(() => !window.stillVersionA && document.querySelector('meta[name="shopper-build"]'), null, { timeout: 30_000 });
    await question(page, "ordvalg").waitFor({ state: "attached" });
    assert.equal(await (await showQuestion(page, "ordvalg")).locator("input").nth(4).isChecked(), true, "the draft survived the update");
    assert.equal(await (await showQuestion(page, "beste")).locator("textarea").inputValue(), "Skrevet i versjon A");
    assert.equal(await page.getByTestId("update-banner").count(), 0);
  } finally {
    await browser.close();
    server.kill();
  }
});
