// An update from the release that kept everything in localStorage: a phone with a draft and an outbox in the
// old keys ("shopper.v1.session", "shopper.v1.assignments", "shopper.v1.evaluation.<id>", each the JSON that
// release wrote) opens this release and finds every record in IndexedDB; nothing is lost or sent twice, and
// the old keys go only once the new copy is committed (a failing first attempt leaves them in place).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  answerSolvedPhoneCall, choose, deviceRecords, fill, launchPhone, openAssignment, openList, question, showQuestion,
  startServer, submit, writeDeviceRecord,
} from "./support.mjs";

test("drafts and the outbox in the old localStorage keys move to IndexedDB, and the outbox is sent once", async () => {
  const { server, link, base, organizer } = await startServer();
  const { browser, context, page } = await launchPhone();
  try {
    // The records, made by the app itself while offline (the record format did not change, only where it
    // lives): a draft with an answer and notes, and a submitted evaluation waiting to be sent.
    await openAssignment(page, link, "Scandic Hotels");
    await context.setOffline(true);
    await choose(page, "ordvalg", "4");
    await page.getByTestId("notes").fill("Notat fra forrige versjon");
    await openAssignment(page, link, "Sparebanken Møre");
    await answerSolvedPhoneCall(page);
    await submit(page);
    await page.getByTestId("waiting").filter({ hasText: /^1 / }).waitFor();
    const records = await deviceRecords(page);
    const evaluations = Object.entries(records).filter(([key]) => key.startsWith("evaluation."));
    assert.deepEqual(evaluations.map(([, e]) => e.state).sort(), ["draft", "outbox"]);
    await context.close();

    // Another phone holding exactly what the old release stored, written before this release ever runs there.
    const old = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, locale: "nb-NO" });
    const phone = await old.newPage();
    await phone.goto(`${base}/api/v1/no-app-here`);
    await phone.evaluate((records) => {
      for (const [key, value] of Object.entries(records)) localStorage.setItem(`shopper.v1.${key}`, JSON.stringify(value));
      localStorage.setItem("shopper.v1.lang", JSON.stringify("Nb"));
    }, records);
    const oldKeys = await phone.evaluate(() => Object.keys(localStorage).sort());
    assert.equal(oldKeys.length, evaluations.length + 3);

    // The first start of the new release cannot write (IndexedDB refuses): the shopper still sees the work
    // and is told, and the old keys stay.
    await phone.addInitScript(() => {
      if (sessionStorage.getItem("refused-once")) return;
      sessionStorage.setItem("refused-once", "yes");
      // Every write refuses in this start, so a later save cannot clear the warning before it is seen.
      const refuse = () => { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };
      IDBObjectStore.prototype.add = refuse;
      IDBObjectStore.prototype.put = refuse;
    });
    await phone.goto(`${base}/`);
    await phone.getByTestId("storage-error").waitFor();
    await phone.getByTestId("group-in-progress").filter({ hasText: "Scandic Hotels" }).waitFor();
    assert.deepEqual(await phone.evaluate(() => Object.keys(localStorage).sort()), oldKeys, "nothing removed before a commit");

    // The next start migrates: every record in IndexedDB, the old keys gone except the language.
    await phone.reload();
    await phone.getByTestId("assignment").first().waitFor();
    await phone.waitForFunction(() => Object.keys(localStorage).length === 1);
    const moved = await deviceRecords(phone);
    for (const [key, value] of Object.entries(records)) {
      if (key.startsWith("evaluation.") && value.state === "outbox") continue; // may be sent by now
      if (key === "assignments") assert.deepEqual(moved[key].assignments, value.assignments, "assignments moved");
      else assert.deepEqual(moved[key], value, `${key} moved unchanged`);
    }
    assert.deepEqual(await phone.evaluate(() => Object.keys(localStorage)), ["shopper.v1.lang"]);

    // The outbox goes out once; the draft is there to go on with.
    await phone.getByTestId("assignment").filter({ hasText: "Sparebanken Møre" }).getByTestId("state")
      .filter({ hasText: "Sendt" }).waitFor({ timeout: 15_000 });
    await phone.reload();
    await phone.getByTestId("last-sync").filter({ hasText: /\d/ }).waitFor({ state: "attached", timeout: 15_000 });
    const outboxId = evaluations.find(([, e]) => e.state === "outbox")[1].id;
    assert.deepEqual((await organizer("/evaluations")).map((e) => e.id), [outboxId], "sent exactly once");
    await openAssignment(phone, `${base}/`, "Scandic Hotels");
    assert.equal(await (await showQuestion(phone, "ordvalg")).locator("input").nth(3).isChecked(), true);
    assert.equal(await phone.getByTestId("notes").inputValue(), "Notat fra forrige versjon");
    await fill(phone, "beste", "Videre i ny versjon");
    assert.ok(await question(phone, "beste").isVisible());
  } finally {
    await browser.close();
    server.kill();
  }
});

// Since issue 18's fourth round the phone keeps the server's answer to GET /api/v1/assignments as it came; the
// release before wrote the same JSON again from its own types (which lack the server's `areas` and
// `report_labels`). A phone updating with that record must still open its assignments and forms offline.
test("assignments are kept as the server sent them, and those the previous release wrote still open offline", async () => {
  const { server, link, base } = await startServer();
  const { browser, context, page } = await launchPhone();
  try {
    await openList(page, link);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const { session, assignments } = await deviceRecords(page);
    const answer = await fetch(`${base}/api/v1/assignments`, {
      headers: { authorization: `Bearer ${session.token}`, "x-shopper-protocol": "1" },
    });
    assert.deepEqual(assignments, await answer.json(), "the record is the server's answer");
    assert.ok(assignments.questionnaires.some((q) => q.areas?.length), "with the areas, which the phone does not read");

    // What the previous release stored: its own serialization, without the fields only the server reads.
    const previous = structuredClone(assignments);
    for (const questionnaire of previous.questionnaires) {
      delete questionnaire.areas;
      delete questionnaire.report_labels;
    }
    previous.assignments[0].company = "Skrevet av forrige versjon AS";
    await context.setOffline(true);
    await writeDeviceRecord(page, "assignments", previous);
    await page.reload();
    const card = page.getByTestId("assignment").filter({ hasText: "Skrevet av forrige versjon AS" });
    await card.locator("a.open").click();
    // The questions come a few per task after the first paint; the form says when every one is in the page.
    await page.locator("form.questions[data-drawn=true]").waitFor({ state: "attached" });
    assert.ok((await page.locator("[data-question-id]").count()) > 10, "the form is drawn from the stored questionnaire");
  } finally {
    await browser.close();
    server.kill();
  }
});
