// When sync runs without being asked: an organizer's decision reaches an app that stays open (the periodic
// sync, with the page's clock moved on), the first try after coming back online is at once whatever the
// offline backoff had reached, and the server's refusals are told in the shopper's words.
import { test } from "node:test";
import assert from "node:assert/strict";
import { answerSolvedPhoneCall, launchPhone, openAssignment, organizerPost, startServer, submit } from "./support.mjs";

const card = (page, company) => page.getByTestId("assignment").filter({ hasText: company });
const state = (page, company, text) => card(page, company).getByTestId("state").filter({ hasText: text });

test("a returned evaluation reaches the open app by itself, and coming online sends at once", async () => {
  const { server, link, base, organizer } = await startServer();
  const { browser, context, page } = await launchPhone();
  try {
    await page.clock.install();
    await openAssignment(page, link, "Sparebanken Møre");
    await answerSolvedPhoneCall(page);
    await submit(page);
    await state(page, "Sparebanken Møre", "Sendt").waitFor({ timeout: 10_000 });
    const [received] = await organizer("/evaluations");
    assert.equal((await organizerPost(base, `/evaluations/${received.id}/review`, { revision: 1, decision: "return", review: { comment: "Sjekk ventetiden." } })).status, 200);
    // Nothing happens on the phone (no tap, no focus change) but time passing.
    await page.clock.runFor(125_000);
    await state(page, "Sparebanken Møre", "Sendt tilbake").waitFor({ timeout: 10_000 });

    // Offline long enough for the backoff to reach its longest wait (a minute), with work waiting.
    await context.setOffline(true);
    await openAssignment(page, `${base}/`, "Scandic Hotels");
    await page.getByTestId("notes").fill("Skrevet uten nett");
    await page.getByTestId("go-to-section").selectOption("review");
    await page.locator("a.back").click();
    await page.clock.runFor(6 * 60_000);
    await context.setOffline(false);
    // Back online: the draft's backup goes at once, not after the minute the backoff would wait.
    await page.getByTestId("storage-use").filter({ hasText: /sikkerhetskopi/ }).waitFor({ timeout: 5_000 });
    assert.match(await page.getByTestId("last-sync").textContent(), /^Oppdatert \d\d:\d\d$/);
  } finally {
    await browser.close();
    server.kill();
  }
});

test("a refusal from the server is told in the shopper's words, not as a status", async () => {
  const { server, link, base } = await startServer(["--sign-ins-per-minute", "1"]);
  const first = await launchPhone();
  const second = await launchPhone({ locale: "en-GB" });
  try {
    await first.page.goto(link);
    await first.page.getByTestId("assignment").first().waitFor();
    const again = (await organizerPost(base, "/shoppers/demo-shopper/invites", {})).body.link;
    await second.page.goto(again);
    const error = second.page.getByTestId("sign-in-error");
    await error.waitFor({ timeout: 10_000 });
    assert.match(await error.textContent(), /^The server is busy\. /);
    assert.doesNotMatch(await error.textContent(), /429|too many requests/i);
  } finally {
    await first.browser.close();
    await second.browser.close();
    server.kill();
  }
});
