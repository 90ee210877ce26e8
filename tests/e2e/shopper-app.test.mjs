// The shopper's app, flow by flow, on a 360x640 touch phone in Debian's Chromium: assignments grouped by what
// to do next, drafts in parallel that survive reloads, closed tabs and restarts, deleting with confirmation,
// both languages, a returned evaluation fixed and resubmitted, a server refusal, full storage, a missing
// questionnaire version. Every main screen is checked with axe-core, for sideways scrolling and touch targets,
// and saved as a screenshot for the README.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  answerSolvedPhoneCall, checkScreen, choose, chooseLanguage, deviceEvaluations, deviceRecords, fill, launchPhone,
  openAssignment, organizerPost, question, showQuestion, startServer, submit, syncNow, writeDeviceRecord,
} from "./support.mjs";

const group = (page, name) => page.getByTestId(`group-${name}`);
const card = (page, company) => page.getByTestId("assignment").filter({ hasText: company });

test("assignments are grouped by what to do next, drafts survive everything, and deleting asks first", async () => {
  const { server, link } = await startServer();
  const { browser, context, page } = await launchPhone();
  try {
    await page.goto(link);
    await group(page, "to-do").waitFor();
    assert.equal(await group(page, "to-do").getByTestId("assignment").count(), 6);
    const bank = card(page, "Sparebanken Møre");
    assert.match(await bank.textContent(), /Telefon · Bank/);
    assert.match(await bank.textContent(), /Frist \d+\. [a-z]+\.? \d{4}/);
    // The card's one action follows its state; the window reads as a short range, not twice the due date.
    assert.equal(await bank.getByTestId("card-action").textContent(), "Start");
    assert.match(await bank.textContent(), /Gjennomfør \d+\.–\d+\. [a-z]+\.?|Gjennomfør \d+\. [a-z]+\.?–\d+\. [a-z]+/);
    // Sorted as Norwegian sorts: "ice mobil" among the i's, not after "Tussa Energi".
    const names = await group(page, "to-do").locator("[data-testid=assignment] strong").allTextContents();
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, "nb")));
    assert.ok(names.indexOf("ice mobil") < names.indexOf("Tussa Energi"));
    await page.getByTestId("storage-use").waitFor();
    // Getting started: the install card (this browser offers installing) is put away, as most shoppers soon do.
    await page.getByTestId("install-later").click();
    await checkScreen(page, "assignments", "1-assignments");

    // Two drafts in parallel.
    await openAssignment(page, link, "Sparebanken Møre");
    await choose(page, "ordvalg", "4");
    await checkScreen(page, "evaluation (contact panel and first section)", "2-evaluation");
    await openAssignment(page, link, "Scandic Hotels");
    await fill(page, "beste", "Rask booking");
    await page.goto(link.replace(/\/signin.*/, "/"));
    await group(page, "in-progress").waitFor();
    assert.equal(await group(page, "in-progress").getByTestId("assignment").count(), 2);

    // Closing the tab and opening the app again; then a "restarted phone": a new browser with the same storage.
    await page.close();
    const again = await context.newPage();
    await again.goto(new URL(link).origin + "/");
    await group(again, "in-progress").waitFor();
    assert.equal(await group(again, "in-progress").getByTestId("assignment").count(), 2);
    const storage = await context.storageState({ indexedDB: true });
    const restarted = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, locale: "nb-NO", storageState: storage });
    const phone = await restarted.newPage();
    await phone.goto(new URL(link).origin + "/");
    await group(phone, "in-progress").waitFor();
    await openAssignment(phone, new URL(link).origin + "/", "Scandic Hotels");
    assert.equal(await (await showQuestion(phone, "beste")).locator("textarea").inputValue(), "Rask booking");

    // Deleting asks first: cancel keeps it, yes removes it.
    await phone.getByTestId("delete-draft").click();
    await phone.getByTestId("delete-cancel").click();
    assert.equal((await deviceEvaluations(phone)).length, 2);
    await phone.getByTestId("delete-draft").click();
    await checkScreen(phone, "delete confirmation");
    await phone.getByTestId("delete-yes").click();
    await group(phone, "to-do").waitFor();
    assert.equal((await deviceEvaluations(phone)).length, 1);
    assert.equal(await group(phone, "in-progress").getByTestId("assignment").count(), 1);
  } finally {
    await browser.close();
    server.kill();
  }
});

test("the shopper can switch to English at any time; the choice and the answers stay", async () => {
  const { server, link } = await startServer();
  const { browser, page } = await launchPhone();
  try {
    await openAssignment(page, link, "Sparebanken Møre");
    await choose(page, "presentasjon", "Ja");
    await chooseLanguage(page, "en");
    await page.getByText("The call", { exact: true }).waitFor();
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    assert.match(await question(page, "presentasjon").locator("legend").textContent(), /Did the agent introduce themselves/);
    assert.equal(await question(page, "presentasjon").locator("input").first().isChecked(), true);
    await page.reload();
    await page.getByText("The call", { exact: true }).waitFor();
    await page.goto(new URL(link).origin + "/");
    assert.match(await card(page, "Sparebanken Møre").textContent(), /Phone · Bank/);
    assert.match(await card(page, "Sparebanken Møre").textContent(), /Due \d+ [A-Z][a-z]{2} \d{4}/);
    await checkScreen(page, "assignments in English");
    await chooseLanguage(page, "da");
    await page.getByText("Dine opgaver").waitFor();
    await chooseLanguage(page, "nb");
    await page.getByText("Oppdragene dine").waitFor();
  } finally {
    await browser.close();
    server.kill();
  }
});

test("a returned evaluation shows the comments at the questions, is fixed and resubmitted as a new revision", async () => {
  const { server, link, base, organizer } = await startServer();
  const { browser, page } = await launchPhone();
  try {
    await openAssignment(page, link, "Sparebanken Møre");
    await answerSolvedPhoneCall(page);
    await page.getByTestId("go-to-section").selectOption("review");
    await checkScreen(page, "review", "3-review");
    await page.getByTestId("submit").click();
    await card(page, "Sparebanken Møre").getByTestId("state").filter({ hasText: "Sendt" }).waitFor({ timeout: 10_000 });

    const [received] = await organizer("/evaluations");
    const returned = await organizerPost(base, `/evaluations/${received.id}/review`, {
      revision: 1, decision: "return",
      review: { comment: "Sjekk ventetiden mot tidtakeren.", questions: { ventetid: "25 sekunder virker kort for denne banken." } },
    });
    assert.equal(returned.status, 200);

    await syncNow(page);
    await group(page, "returned").waitFor({ timeout: 10_000 });
    await card(page, "Sparebanken Møre").locator("a.open").click();
    assert.match(await page.getByTestId("review-comment-overall").textContent(), /Sjekk ventetiden/);
    // The comments are listed, each a tap from its question; the section picker marks the commented section.
    assert.equal(await page.getByTestId("comments-fixed").textContent(), "0 av 1 kommentarer rettet");
    assert.match(await page.getByTestId("go-to-section").locator("option").first().textContent(), / – har kommentar$/);
    await page.getByTestId("go-to-section").selectOption("review");
    await page.getByTestId("comment-list").locator("button").first().click();
    await question(page, "ventetid").waitFor({ state: "visible" });
    assert.match(await page.getByTestId("comment-list").textContent(), /virker kort/);
    assert.match(await question(page, "ventetid").getByTestId("review-comment").textContent(), /virker kort/);
    await checkScreen(page, "returned evaluation", "4-returned");
    await fill(page, "ventetid", "140");
    assert.equal(await page.getByTestId("comments-fixed").textContent(), "1 av 1 kommentarer rettet");
    await submit(page);
    await card(page, "Sparebanken Møre").getByTestId("state").filter({ hasText: "Sendt" }).waitFor({ timeout: 10_000 });

    const [fixed] = await organizer("/evaluations");
    assert.deepEqual([fixed.revision, fixed.status, fixed.content.answers.ventetid], [2, "received", 140]);
    const approved = await organizerPost(base, `/evaluations/${fixed.id}/review`, { revision: 2, decision: "approve" });
    assert.equal(approved.status, 200);
    await syncNow(page);
    await card(page, "Sparebanken Møre").getByTestId("state").filter({ hasText: "Godkjent" }).waitFor({ timeout: 10_000 });
  } finally {
    await browser.close();
    server.kill();
  }
});

test("a refusal, full storage and a missing or unreadable questionnaire are told plainly and lose nothing", async () => {
  const { server, link, base } = await startServer();
  const { browser, context, page } = await launchPhone();
  try {
    // The server refuses: another copy of revision 1 with other answers got there first (409).
    await openAssignment(page, link, "Sparebanken Møre");
    await context.setOffline(true);
    await answerSolvedPhoneCall(page);
    await submit(page);
    await card(page, "Sparebanken Møre").getByTestId("state").filter({ hasText: "Venter på sending" }).waitFor();
    const [mine] = await deviceEvaluations(page);
    const { token } = (await deviceRecords(page)).session;
    const other = { ...mine.content, answers: { ...mine.content.answers, ordvalg: 1 } };
    const put = await fetch(`${base}/api/v1/evaluations/${mine.id}`, {
      method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ protocol: 1, revision: 1, content: other }),
    });
    assert.equal(put.status, 201);
    await context.setOffline(false);
    await group(page, "returned").waitFor({ timeout: 10_000 });
    await card(page, "Sparebanken Møre").locator("a.open").click();
    assert.match(await page.getByTestId("refusal").textContent(), /Arrangøren har allerede fått en annen versjon/);
    assert.equal(await (await showQuestion(page, "ordvalg")).locator("input").nth(4).isChecked(), true, "the shopper's answers stay");
    // What to do is a button: "Send som ny versjon" opens the review, with "Send inn" under it.
    await page.getByTestId("send-as-new").click();
    await page.getByTestId("review").waitFor();
    assert.ok(await page.getByTestId("submit").isEnabled());

    // Full storage (IndexedDB refuses the write): the shopper is told, the answer stays on screen, nothing
    // says "saved", and the next save that works clears it.
    await openAssignment(page, link, "Scandic Hotels");
    await page.evaluate(() => {
      window.realPut = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = () => { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };
    });
    await choose(page, "ordvalg", "3");
    await page.getByTestId("storage-error").waitFor();
    assert.match(await page.getByTestId("storage-error").textContent(), /Kunne ikke lagre på telefonen: lagringsplassen er full\. Det du skrev, står fortsatt på skjermen/);
    assert.equal(await page.getByTestId("saved").textContent(), "Ikke lagret på telefonen");
    assert.equal(await question(page, "ordvalg").locator("input").nth(2).isChecked(), true);
    await page.evaluate(() => { IDBObjectStore.prototype.put = window.realPut; });
    await choose(page, "ordvalg", "4");
    await page.getByTestId("storage-error").waitFor({ state: "detached" });
    assert.match(await page.getByTestId("saved").textContent(), /^Lagret på telefonen \d\d:\d\d:\d\d$/);
    const scandic = (await deviceEvaluations(page)).find((e) => e.content.answers.ordvalg !== undefined && e.state === "draft");
    assert.equal(scandic.content.answers.ordvalg, 4);

    // A questionnaire version the device does not have.
    await context.setOffline(true);
    const { assignments } = await deviceRecords(page);
    await writeDeviceRecord(page, "assignments", { ...assignments, questionnaires: [] });
    await page.reload();
    await page.getByTestId("questionnaire-missing").waitFor();
    assert.match(await page.getByTestId("questionnaire-missing").textContent(), /kundeservice v1/);

    // One this app cannot read (a newer server's question kind): the list still shows every assignment, the
    // form says why in the shopper's language, and the draft stays on the device as it was.
    const unreadable = structuredClone(assignments.questionnaires);
    unreadable[0].sections[0].questions[0].kind = "hologram";
    await writeDeviceRecord(page, "assignments", { ...assignments, questionnaires: unreadable });
    await page.goto(new URL("/", page.url()).href);
    await card(page, "Scandic Hotels").waitFor();
    assert.equal(await page.getByTestId("assignment").count(), assignments.assignments.length);
    await card(page, "Scandic Hotels").locator("a.open").click();
    await page.getByTestId("questionnaire-unreadable").waitFor();
    assert.match(await page.getByTestId("questionnaire-unreadable").textContent(),
      /^Denne versjonen av appen kan ikke lese skjemaet .*\(kundeservice v1\)$/);
    const kept = (await deviceEvaluations(page)).find((e) => e.id === scandic.id);
    assert.equal(kept.content.answers.ordvalg, 4, "the draft's answers stay");
  } finally {
    await browser.close();
    server.kill();
  }
});

test("a revoked device is told so and keeps its unsent work", async () => {
  const { server, link, base } = await startServer();
  const { browser, context, page } = await launchPhone();
  try {
    await openAssignment(page, link, "Sparebanken Møre");
    await context.setOffline(true);
    await answerSolvedPhoneCall(page);
    await submit(page);
    await card(page, "Sparebanken Møre").getByTestId("state").filter({ hasText: "Venter på sending" }).waitFor();
    const revoked = await organizerPost(base, "/shoppers/demo-shopper/revoke", {});
    assert.deepEqual([revoked.status, revoked.body.devices], [200, 1]);
    await context.setOffline(false);
    await page.getByTestId("sync-error").waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId("sync-error").textContent(), /gjelder ikke lenger/);
    const [kept] = await deviceEvaluations(page);
    assert.equal(kept.state, "outbox", "the unsent evaluation stays on the device");
    assert.match(await page.getByTestId("waiting").textContent(), /^1 /);
  } finally {
    await browser.close();
    server.kill();
  }
});

test("the same draft open in two tabs loses no edit, and closing a tab mid-typing loses nothing", async () => {
  const { server, link } = await startServer();
  const { browser, context, page: first } = await launchPhone();
  try {
    await openAssignment(first, link, "Sparebanken Møre");
    await choose(first, "presentasjon", "Ja"); // the draft exists before the second tab opens
    const second = await context.newPage();
    await openAssignment(second, new URL(link).origin + "/", "Sparebanken Møre");
    await choose(first, "ordvalg", "3");
    await choose(second, "firmanavn", "Ja");
    await fill(first, "beste", "Skrevet i fane 1");
    await choose(second, "tonefall", "6");
    await (await showQuestion(second, "forbedring")).locator("textarea").pressSequentially("Skrevet i fane 2 rett før lukking");
    await second.close();

    const third = await context.newPage();
    await openAssignment(third, new URL(link).origin + "/", "Sparebanken Møre");
    const [draft] = await deviceEvaluations(third);
    assert.deepEqual(
      [draft.content.answers.presentasjon, draft.content.answers.ordvalg, draft.content.answers.firmanavn,
        draft.content.answers.beste, draft.content.answers.tonefall, draft.content.answers.forbedring],
      [true, 3, true, "Skrevet i fane 1", 6, "Skrevet i fane 2 rett før lukking"],
      "every edit from both tabs is in the one draft");
    assert.equal((await deviceEvaluations(third)).length, 1, "one draft, not two");
  } finally {
    await browser.close();
    server.kill();
  }
});

test("every code a submission can be refused with reads in the shopper's language, with what to do", async () => {
  const { server, link } = await startServer();
  const { browser, page } = await launchPhone();
  try {
    await openAssignment(page, link, "Sparebanken Møre");
    await choose(page, "ordvalg", "3");
    const [draft] = await deviceEvaluations(page);
    // The server's push refusals (crates/server/src/error.rs, crates/domain/src/sync.rs), a status without a
    // JSON body ("http") and a code this release does not know yet.
    const codes = ["invalid_evaluation", "revision_conflict", "stale_revision", "assignment_already_evaluated",
      "already_approved", "not_your_assignment", "not_your_evaluation", "wrong_questionnaire", "wrong_channel",
      "missing_questionnaire", "questionnaire_missing", "revision_zero", "http", "a_code_from_a_newer_server"];
    for (const code of codes) {
      await writeDeviceRecord(page, `evaluation.${draft.id}`, { ...draft, state: "refused", refusal: code });
      await page.reload();
      const text = await page.getByTestId("refusal").textContent();
      assert.doesNotMatch(text, /\b[a-z]+_[a-z_]+\b|\bhttp\b/i, `${code}: no code on the screen: ${text}`);
      assert.doesNotMatch(text, /\b(the|and|server|answers?|submit|revision|error)\b/i, `${code}: no English: ${text}`);
      assert.match(text, /lagret her|se merknadene|kan ikke endres/, `${code}: says the answers are kept or what to do: ${text}`);
      assert.equal(await (await showQuestion(page, "ordvalg")).locator("input").nth(2).isChecked(), true,
        `${code}: the answer stays`);
    }
  } finally {
    await browser.close();
    server.kill();
  }
});

test("notes and free text typed in one tab show in the other, and typing on there keeps both", async () => {
  const { server, link } = await startServer();
  const { browser, context, page: first } = await launchPhone();
  try {
    await openAssignment(first, link, "Sparebanken Møre");
    await choose(first, "presentasjon", "Ja"); // the draft exists before the second tab opens
    const second = await context.newPage();
    await openAssignment(second, new URL(link).origin + "/", "Sparebanken Møre");
    await first.getByTestId("notes").pressSequentially("Fra fane 1. ");
    await (await showQuestion(first, "beste")).locator("textarea").pressSequentially("Fane 1 skrev. ");
    await first.getByTestId("notes").pressSequentially("Mer.");
    await second.getByTestId("notes").waitFor();
    // The other tab shows what was typed here as soon as it is stored (its fields are not being typed in).
    await second.waitForFunction(() => document.querySelector('[data-testid="notes"]').value === "Fra fane 1. Mer.", undefined, { timeout: 5000 });
    await second.getByTestId("notes").focus();
    await second.keyboard.press("Control+End");
    await second.keyboard.type(" Fra fane 2.");
    const beste = (await showQuestion(second, "beste")).locator("textarea");
    assert.equal(await beste.inputValue(), "Fane 1 skrev. ");
    await beste.focus();
    await second.keyboard.press("Control+End");
    await second.keyboard.type("Fane 2 også.");
    // The first tab's free-text field (its focus is on the notes) follows too.
    await first.waitForFunction(() => document.querySelector('[data-question-id="beste"] textarea').value
      === "Fane 1 skrev. Fane 2 også.", undefined, { timeout: 5000 });
    const [draft] = await deviceEvaluations(first);
    assert.equal(draft.content.notes, "Fra fane 1. Mer. Fra fane 2.", "both tabs' notes are kept");
    assert.equal(draft.content.answers.beste, "Fane 1 skrev. Fane 2 også.", "both tabs' free text is kept");
  } finally {
    await browser.close();
    server.kill();
  }
});
