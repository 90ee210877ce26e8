// The form renders every kind of question and applies skip logic live: a section that appears and disappears
// with an answer, a follow-up question, channel-specific questions, inline problems with "go to the first
// missing", the review page, and hidden answers that never reach the organizer.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  answerSolvedPhoneCall, choose, deviceRecords, fill, launchPhone, openAssignment, question, sectionApplies, showQuestion,
  startServer, submit, writeDeviceRecord,
} from "./support.mjs";

test("every kind is rendered and skip logic shows and hides sections and questions as the shopper answers", async () => {
  const { server, link, organizer } = await startServer();
  const { browser, page } = await launchPhone();
  try {
    await openAssignment(page, link, "Sparebanken Møre");
    // The section on screen is drawn first, the others' questions just after the first paint.
    await page.locator("form.questions[data-drawn=true]").waitFor({ state: "attached" });
    const kinds = await page.locator("[data-question-id]").evaluateAll((all) => [...new Set(all.map((q) => q.dataset.kind))].sort());
    assert.deepEqual(kinds, ["date_time", "duration", "multiple_choice", "nps", "number", "scale", "single_choice", "text", "yes_no"]);
    assert.match(await page.getByTestId("progress").textContent(), /^Del 1 av 8 · 0 av \d+ besvart$/);

    // Phone-only questions are there; chat/e-mail ones are not shown.
    assert.ok(await (await showQuestion(page, "tonefall")).isVisible());
    assert.ok(await question(page, "skrivestil").isHidden());

    // The "not solved" section is a step of the form only when the matter was not (fully) solved.
    const sectionOptions = () => page.getByTestId("go-to-section").locator("option").evaluateAll((o) => o.map((x) => x.value));
    assert.equal(await sectionApplies(page, "ikke_lost"), false, "not a step before the question is answered");
    assert.ok(!(await sectionOptions()).includes("ikke_lost"));
    await choose(page, "loste_problemet", "Nei");
    assert.equal(await sectionApplies(page, "ikke_lost"), true);
    assert.ok((await sectionOptions()).includes("ikke_lost"));
    await page.getByTestId("next").click();
    await question(page, "hvorfor_ikke_lost").waitFor({ state: "visible" });
    await fill(page, "hvorfor_ikke_lost", "Måtte ringe et annet nummer");
    await choose(page, "loste_problemet", "Ja, helt");
    assert.equal(await sectionApplies(page, "ikke_lost"), false, "gone again");
    await choose(page, "loste_problemet", "Delvis");
    assert.equal(await (await showQuestion(page, "hvorfor_ikke_lost")).locator("textarea").inputValue(), "Måtte ringe et annet nummer",
      "an answer hidden and shown again is still there");

    // A follow-up question: what was offered, only when something was.
    await showQuestion(page, "tilbud_ekstra");
    assert.ok(await question(page, "hva_ekstra").isHidden());
    await choose(page, "tilbud_ekstra", "Ja");
    await question(page, "hva_ekstra").waitFor({ state: "visible" });
    await choose(page, "hva_ekstra", "Et godt råd eller tips");
    await choose(page, "hva_ekstra", "Kompensasjon");
    await fill(page, "antall_sporsmal", "3");

    // Submitting with required answers missing shows the problems inline, and leads to the first one.
    await submit(page);
    await page.getByTestId("submit-problems").waitFor();
    assert.ok(await question(page, "ventetid").isVisible(), "taken to the first missing answer");
    assert.match(await question(page, "ventetid").getByTestId("problem").textContent(), /må besvares/);
    await showQuestion(page, "firmanavn");
    assert.match(await question(page, "firmanavn").getByTestId("problem").textContent(), /må besvares/);

    // Answer everything for a solved call: the "not solved" section goes, and its answer is not sent.
    await answerSolvedPhoneCall(page);
    await choose(page, "tilbud_ekstra", "Ja");
    await choose(page, "ekstra_relevant", "4");
    await choose(page, "overfort", "Ja");
    await question(page, "overforing_forklart").waitFor({ state: "visible" });
    await choose(page, "overforing_forklart", "Nei");
    assert.equal(await sectionApplies(page, "ikke_lost"), false);

    // The review lists every shown answer in words.
    await page.getByTestId("go-to-section").selectOption("review");
    const review = page.getByTestId("review");
    assert.equal(await review.locator('[data-review-id="hva_ekstra"] dd').textContent(), "Kompensasjon, Et godt råd eller tips");
    assert.equal(await review.locator('[data-review-id="ventetid"] dd').textContent(), "25 s");
    assert.equal(await review.locator('[data-review-id="hvorfor_ikke_lost"]').count(), 0, "hidden questions are not reviewed");
    await page.getByTestId("submit").click();
    const state = page.getByTestId("assignment").filter({ hasText: "Sparebanken Møre" }).getByTestId("state");
    await state.filter({ hasText: "Sendt" }).waitFor({ timeout: 10_000 });

    const [received] = await organizer("/evaluations");
    const answers = received.content.answers;
    assert.equal(answers.hvorfor_ikke_lost, undefined, "the hidden section's answer never reaches the organizer");
    assert.deepEqual(answers.hva_ekstra, ["kompensasjon", "rad"], "chosen options in the questionnaire's order");
    assert.equal(answers.antall_sporsmal, 3);
    assert.equal(answers.overforing_forklart, false);
    assert.ok(received.percent > 0 && received.percent < 100, `scored: ${received.percent}`);

    // A chat contact shows the written-tone question instead of the tone of voice, and chat timers.
    await openAssignment(page, link, "Gjensidige Forsikring");
    assert.ok(await (await showQuestion(page, "skrivestil")).isVisible());
    assert.ok(await question(page, "tonefall").isHidden());
    assert.equal(await page.getByTestId("next-step").textContent(), "Åpne chatten");
    assert.equal(await page.getByTestId("next-step").getAttribute("target"), "_blank", "the chat opens beside the form");
    assert.equal(await page.getByTestId("steps").locator("li").nth(1).textContent(), "Første svar");
  } finally {
    await browser.close();
    server.kill();
  }
});

test("an answer whose option the questionnaire no longer has stays shown, and another tap does not drop it", async () => {
  const { server, link } = await startServer();
  const { browser, context, page } = await launchPhone();
  try {
    await openAssignment(page, link, "Sparebanken Møre");
    await page.evaluate(() => navigator.serviceWorker.ready);
    await choose(page, "tilbud_ekstra", "Ja");
    await question(page, "hva_ekstra").waitFor({ state: "visible" });
    await choose(page, "hva_ekstra", "Kompensasjon");
    // The draft holds an option of an older definition ("gavekort"), as one kept from it would.
    const records = await deviceRecords(page);
    const key = Object.keys(records).find((k) => k.startsWith("evaluation.") && records[k].content.answers.hva_ekstra);
    const draft = records[key];
    draft.content.answers.hva_ekstra = ["kompensasjon", "gavekort"];
    await context.setOffline(true);
    await writeDeviceRecord(page, key, draft);
    await page.reload();
    const gone = (await showQuestion(page, "hva_ekstra")).getByText("gavekort (finnes ikke lenger i skjemaet)", { exact: true });
    await gone.waitFor();
    assert.equal(await gone.locator("xpath=..").locator("input").isChecked(), true, "shown, chosen");
    await choose(page, "hva_ekstra", "Et godt råd eller tips");
    let chosen;
    for (let tries = 0; tries < 50; tries++) {
      chosen = Object.values(await deviceRecords(page)).find((r) => r.content?.answers?.hva_ekstra)?.content.answers.hva_ekstra;
      if (chosen?.includes("rad")) break;
      await page.waitForTimeout(100);
    }
    assert.deepEqual(chosen, ["kompensasjon", "rad", "gavekort"], "not dropped by the tap");
  } finally {
    await browser.close();
    server.kill();
  }
});
