// End to end in a real headless Chromium (Debian's) against the server the run command starts: sign in from the
// link, answer, reload, go offline, submit, come back online, and check what the organizer received.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const ORGANIZER_TOKEN = "e2e-organizer-token";

async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), "shopper-e2e-"));
  const server = spawn("target/server/shopper-server", [
    "--demo", "--addr", "127.0.0.1:0", "--database-url", `sqlite://${dir}/shopper.sqlite`,
    "--organizer-token", ORGANIZER_TOKEN,
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
  return { server, link, base: new URL(link).origin };
}

test("an evaluation filled in offline reaches the organizer exactly once", async () => {
  const { server, link, base } = await startServer();
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await page.goto(link);
    const cards = page.getByTestId("assignment");
    await cards.first().waitFor();
    assert.ok(await cards.count() >= 3, "the demo shopper has at least 3 assignments");
    assert.ok(!page.url().includes("code="), "the sign-in code is gone from the address bar");
    await page.evaluate(() => navigator.serviceWorker.ready);

    await cards.first().locator("a.open").click();
    const question = (id) => page.locator(`[data-question-id="${id}"]`);
    await question("svartid").getByText("5", { exact: true }).click();
    await question("presentasjon").getByText("Ja", { exact: true }).click();
    await question("kommentar").locator("textarea").fill("Hyggelig, men lang ventetid");
    await page.reload();
    await question("svartid").waitFor();
    assert.equal(await question("svartid").locator("input").nth(4).isChecked(), true, "scale answer survives reload");
    assert.equal(await question("presentasjon").locator("input").first().isChecked(), true);
    assert.equal(await question("kommentar").locator("textarea").inputValue(), "Hyggelig, men lang ventetid");

    await context.setOffline(true);
    const offlineLoad = await page.reload();
    assert.ok(offlineLoad.fromServiceWorker(), "offline, the app is served by the service worker");
    await question("ordvalg").getByText("6", { exact: true }).click();
    for (const id of ["tonefall", "engasjement", "avslutning"]) await question(id).getByText("4", { exact: true }).click();
    for (const id of ["tilpasset", "behovsavklaring", "loste_problemet"]) await question(id).getByText("Ja", { exact: true }).click();
    await page.getByTestId("submit").click();
    const firstState = page.getByTestId("assignment").first().getByTestId("state");
    await assert.doesNotReject(firstState.filter({ hasText: "Venter på sending" }).waitFor());
    const before = await (await fetch(`${base}/api/v1/organizer/evaluations`, { headers: { authorization: `Bearer ${ORGANIZER_TOKEN}` } })).json();
    assert.deepEqual(before, [], "nothing reached the server while offline");

    await context.setOffline(false);
    await firstState.filter({ hasText: "Sendt" }).waitFor({ timeout: 10_000 });
    const received = await (await fetch(`${base}/api/v1/organizer/evaluations`, { headers: { authorization: `Bearer ${ORGANIZER_TOKEN}` } })).json();
    assert.equal(received.length, 1);
    assert.deepEqual(received[0].content.answers, {
      svartid: 5, presentasjon: true, kommentar: "Hyggelig, men lang ventetid", ordvalg: 6, tonefall: 4,
      engasjement: 4, avslutning: 4, tilpasset: true, behovsavklaring: true, loste_problemet: true,
    });
  } finally {
    await browser.close();
    server.kill();
  }
});
