// End to end in a real headless Chromium (Debian's) against the server the run command starts: sign in from the
// link, answer, reload, go offline, submit, come back online, and check what the organizer received.
import { test } from "node:test";
import assert from "node:assert/strict";
import { answerSolvedPhoneCall, choose, launchPhone, openAssignment, question, startServer } from "./support.mjs";

test("an evaluation filled in offline reaches the organizer exactly once", async () => {
  const { server, link, organizer } = await startServer();
  const { browser, context, page } = await launchPhone();
  try {
    await page.goto(link);
    const cards = page.getByTestId("assignment");
    await cards.first().waitFor();
    assert.ok(await cards.count() >= 3, "the demo shopper has at least 3 assignments");
    assert.ok(!page.url().includes("code="), "the sign-in code is gone from the address bar");
    await page.evaluate(() => navigator.serviceWorker.ready);

    await openAssignment(page, link, "Sparebanken Møre");
    await choose(page, "ordvalg", "5");
    await choose(page, "presentasjon", "Ja");
    await question(page, "beste").locator("textarea").fill("Hyggelig, men lang ventetid");
    await page.reload();
    await question(page, "ordvalg").waitFor();
    assert.equal(await question(page, "ordvalg").locator("input").nth(4).isChecked(), true, "scale answer survives reload");
    assert.equal(await question(page, "presentasjon").locator("input").first().isChecked(), true);
    assert.equal(await question(page, "beste").locator("textarea").inputValue(), "Hyggelig, men lang ventetid");

    await context.setOffline(true);
    const offlineLoad = await page.reload();
    assert.ok(offlineLoad.fromServiceWorker(), "offline, the app is served by the service worker");
    await answerSolvedPhoneCall(page);
    await choose(page, "ordvalg", "6");
    await page.getByTestId("submit").click();
    const state = page.getByTestId("assignment").filter({ hasText: "Sparebanken Møre" }).getByTestId("state");
    await assert.doesNotReject(state.filter({ hasText: "Venter på sending" }).waitFor());
    assert.deepEqual(await organizer("/evaluations"), [], "nothing reached the server while offline");

    await context.setOffline(false);
    await state.filter({ hasText: "Sendt" }).waitFor({ timeout: 10_000 });
    const received = await organizer("/evaluations");
    assert.equal(received.length, 1);
    const answers = received[0].content.answers;
    assert.equal(answers.ordvalg, 6);
    assert.equal(answers.beste, "Hyggelig, men lang ventetid");
    assert.equal(answers.tilbud_ekstra, null, "not applicable");
    assert.equal(answers.tidspunkt, "2026-11-20T10:15");
    assert.equal(Object.keys(answers).length, 26);
  } finally {
    await browser.close();
    server.kill();
  }
});
