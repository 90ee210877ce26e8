// The server's backup of drafts: a draft typed on one phone is backed up while online ("sikkerhetskopi" on the
// storage line); signing in on a new phone, or on the same phone after the browser evicted its storage, brings
// it back; finished there, it reaches the server once, and the first phone then shows it as sent.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  answerSolvedPhoneCall, choose, deviceEvaluations, launchPhone, openAssignment, organizerPost, showQuestion,
  startServer, submit, syncNow,
} from "./support.mjs";

const card = (page, company) => page.getByTestId("assignment").filter({ hasText: company });
const newLink = async (base) => (await organizerPost(base, "/shoppers/demo-shopper/invites", {})).body.link;

test("a draft backed up from one phone comes back on a new phone and after eviction, and is sent once", async () => {
  const { server, link, base, organizer } = await startServer();
  const first = await launchPhone();
  const second = await launchPhone();
  try {
    const { page, context } = first;
    await openAssignment(page, link, "Sparebanken Møre");
    await choose(page, "ordvalg", "4");
    await page.getByTestId("notes").fill("Ventet lenge i kø");
    await page.locator("a.back").click();
    await page.getByTestId("storage-use").filter({ hasText: /1 utkast · sikkerhetskopi \d\d:\d\d:\d\d/ })
      .waitFor({ timeout: 15_000 });
    assert.equal((await organizer("/evaluations")).length, 0, "a backup is not a received evaluation");

    // The browser evicts the site's storage: signed out, nothing on the device; a new link brings it back.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Storage.clearDataForOrigin", { origin: base, storageTypes: "indexeddb,local_storage" });
    await page.goto(await newLink(base));
    await card(page, "Sparebanken Møre").getByTestId("state").filter({ hasText: "Utkast" }).waitFor({ timeout: 15_000 });

    // A new phone: the draft is there, with its answer and notes, and is finished and sent from there.
    await openAssignment(second.page, await newLink(base), "Sparebanken Møre");
    assert.equal(await (await showQuestion(second.page, "ordvalg")).locator("input").nth(3).isChecked(), true);
    assert.equal(await second.page.getByTestId("notes").inputValue(), "Ventet lenge i kø");
    await answerSolvedPhoneCall(second.page);
    await submit(second.page);
    await card(second.page, "Sparebanken Møre").getByTestId("state").filter({ hasText: "Sendt" }).waitFor({ timeout: 15_000 });
    const [sent] = await deviceEvaluations(second.page);
    assert.deepEqual((await organizer("/evaluations")).map((e) => e.id), [sent.id], "on the server once");

    // The first phone, at its next sync, shows what the server holds.
    await syncNow(page);
    await card(page, "Sparebanken Møre").getByTestId("state").filter({ hasText: "Sendt" }).waitFor({ timeout: 15_000 });
    const [mirrored] = await deviceEvaluations(page);
    assert.equal(mirrored.id, sent.id);
    assert.equal(mirrored.content.notes, "Ventet lenge i kø");
  } finally {
    await first.browser.close();
    await second.browser.close();
    server.kill();
  }
});
