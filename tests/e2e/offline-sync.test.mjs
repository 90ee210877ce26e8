// A whole contact done offline and synced later, in a real headless Chromium (Debian's) against the server the
// run command starts: sign in from the link, go offline, reload (the service worker serves the app), stamp the
// call with the timers, write notes, answer, submit, come back online, and check what the organizer received.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  answerSolvedPhoneCall, choose, fill, launchPhone, noExternalApps, openAssignment, showQuestion, startServer, submit,
} from "./support.mjs";

test("a contact done offline reaches the organizer exactly once, with its timings and notes", async () => {
  const { server, link, organizer } = await startServer();
  const { browser, context, page } = await launchPhone();
  await noExternalApps(page);
  const cspViolations = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|compile)/.test(message.text())) cspViolations.push(message.text());
  });
  try {
    const first = await page.goto(link);
    assert.match(first.headers()["content-security-policy"], /script-src 'self' 'wasm-unsafe-eval'/, "the app runs under the strict CSP");
    const cards = page.getByTestId("assignment");
    await cards.first().waitFor();
    assert.ok(await cards.count() >= 3, "the demo shopper has at least 3 assignments");
    assert.ok(!page.url().includes("code="), "the sign-in code is gone from the address bar");
    await page.evaluate(() => navigator.serviceWorker.ready);

    await openAssignment(page, link, "Sparebanken Møre");
    await choose(page, "ordvalg", "5");
    await choose(page, "presentasjon", "Ja");
    await fill(page, "beste", "Hyggelig, men lang ventetid");
    await page.reload();
    assert.equal(await (await showQuestion(page, "ordvalg")).locator("input").nth(4).isChecked(), true, "scale answer survives reload");
    assert.equal(await (await showQuestion(page, "presentasjon")).locator("input").first().isChecked(), true);
    assert.equal(await (await showQuestion(page, "beste")).locator("textarea").inputValue(), "Hyggelig, men lang ventetid");

    await context.setOffline(true);
    const offlineLoad = await page.reload();
    assert.ok(offlineLoad.fromServiceWorker(), "offline, the app is served by the service worker");
    assert.equal(await page.getByTestId("online").textContent(), "Uten nett");

    // The call: dialled (the call button), a mis-tap on "answered" undone, answered 1.2 s later, ended.
    const stamp = (event) => page.locator(`[data-event="${event}"]`).first().click();
    await stamp("Dialled");
    await stamp("Answered");
    await page.getByTestId("undo-stamp").click();
    await page.waitForTimeout(1200);
    await stamp("Answered");
    await stamp("Ended");
    assert.equal(await page.getByTestId("timeline").locator("li").count(), 3);
    // 1.2 s and the taps around it.
    const waited = (await page.getByTestId("waiting-time").textContent()).match(/^([12]) s$/)?.[1];
    assert.ok(waited, "the waiting time is the 1-2 s between the dial and the answer");
    // Once the call is over the panel folds into one line; a tap opens it again for the notes.
    await page.getByTestId("contact-panel").locator("summary").click();
    await page.getByTestId("notes").fill("Ble satt over én gang");
    assert.equal(await (await showQuestion(page, "ventetid")).locator("input").inputValue(), waited,
      "the waiting time flows into the questionnaire");

    await answerSolvedPhoneCall(page);
    await choose(page, "ordvalg", "6");
    await submit(page);
    const state = page.getByTestId("assignment").filter({ hasText: "Sparebanken Møre" }).getByTestId("state");
    await state.filter({ hasText: "Venter på sending" }).waitFor();
    assert.match(await page.getByTestId("waiting").textContent(), /^1 /);
    assert.deepEqual(await organizer("/evaluations"), [], "nothing reached the server while offline");

    await context.setOffline(false);
    await state.filter({ hasText: "Sendt" }).waitFor({ timeout: 10_000 });
    const received = await organizer("/evaluations");
    assert.equal(received.length, 1);
    const { answers, timeline, notes } = received[0].content;
    assert.equal(answers.ventetid, 25, "the shopper corrected the timer's figure");
    assert.equal(answers.ordvalg, 6);
    assert.equal(answers.beste, "Hyggelig, men lang ventetid");
    assert.equal(answers.tilbud_ekstra, null, "not applicable");
    assert.equal(answers.tidspunkt, "2026-11-20T10:15");
    assert.equal(Object.keys(answers).length, 27, "with the talk time the timers filled in");
    assert.deepEqual(timeline.map((s) => s.event), ["dialled", "answered", "ended"]);
    assert.equal(notes, "Ble satt over én gang");
    assert.deepEqual(cspViolations, [], "nothing the app does is blocked by the CSP");
  } finally {
    await browser.close();
    server.kill();
  }
});
