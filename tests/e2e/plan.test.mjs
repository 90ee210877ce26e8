// Changing the plan as the old shopper's phone sees it (issue 16): the organizer moves two assignments to
// another shopper; the server holds back the one whose draft the phone has backed up until told what to do,
// the other leaves the phone's list at its next sync, and the draft with its typed notes stays on the phone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { deviceEvaluations, launchPhone, openAssignment, openList, organizerPost, startServer } from "./support.mjs";

const card = (page, company) => page.getByTestId("assignment").filter({ hasText: company });

test("a moved assignment leaves the old phone at its next sync; one with a draft stays until the organizer decides", async () => {
  const { server, link, base } = await startServer();
  const { browser, page } = await launchPhone();
  try {
    await page.clock.install();
    await openAssignment(page, link, "Scandic Hotels");
    await page.getByTestId("notes").fill("Ringte, kø i 4 minutter");
    await page.locator("a.back").click();
    // The draft is backed up to the server (what tells the organizer the phone holds it).
    await page.getByTestId("storage-use").filter({ hasText: /sikkerhetskopi/ }).waitFor({ timeout: 10_000 });
    await openList(page, link);
    const id = async (company) => card(page, company).getAttribute("data-assignment-id");
    const [lendo, scandic] = [await id("Lendo"), await id("Scandic Hotels")];
    assert.equal((await organizerPost(base, "/shoppers", { name: "Nina Ny" })).status, 201);

    const move = { assignments: [lendo, scandic], shopper: "Nina Ny" };
    const asked = await organizerPost(base, "/assignments/reassign?campaign=demo", move);
    assert.equal(asked.status, 409);
    assert.equal(asked.body.error.code, "drafts_held");
    const kept = await organizerPost(base, "/assignments/reassign?campaign=demo", { ...move, drafts: "keep" });
    assert.equal(kept.status, 200);
    assert.deepEqual([kept.body.moved, kept.body.kept_drafts], [[lendo], [scandic]]);

    // Nothing on the phone but time passing: the periodic sync brings the new list.
    await page.clock.runFor(125_000);
    await card(page, "Lendo").waitFor({ state: "detached", timeout: 10_000 });
    assert.equal(await page.getByTestId("assignment").count(), 5);
    assert.equal(await card(page, "Scandic Hotels").count(), 1, "the one with a draft stays");
    const drafts = (await deviceEvaluations(page)).filter((e) => e.content.assignment_id === scandic);
    assert.equal(drafts.length, 1);
    assert.equal(drafts[0].content.notes, "Ringte, kø i 4 minutter", "the typed notes are still on the phone");
  } finally {
    await browser.close();
    server.kill();
  }
});
