// The service worker serves only the app: once the PWA has run in a browser, its own routes open from the
// shell (also offline), while /console, /api and every other server page still come from the server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launchPhone, openAssignment, startServer } from "./support.mjs";

test("after the app has run, /console loads the console and app routes still open offline", async () => {
  const { server, link, base } = await startServer();
  const { browser, context, page } = await launchPhone();
  try {
    await openAssignment(page, link, "Sparebanken Møre");
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const evaluation = page.url();

    const console = await page.goto(`${base}/console`);
    assert.equal(console.fromServiceWorker(), false, "the console is not answered with the app shell");
    await page.getByLabel("Passord").waitFor();
    assert.equal(await page.getByTestId("status-bar").count(), 0, "the console, not the app");

    const api = await page.goto(`${base}/api/v1/assignments`);
    assert.equal(api.status(), 401, "the API answers for itself");
    const other = await page.goto(`${base}/no-such-server-page`);
    assert.equal(other.fromServiceWorker(), false);

    await context.setOffline(true);
    const offline = await page.goto(evaluation);
    assert.equal(offline.fromServiceWorker(), true, "the app's own routes open from the shell offline");
    await page.locator("[data-question-id]").first().waitFor();
  } finally {
    await browser.close();
    server.kill();
  }
});
