// The form renders every kind of question and applies skip logic live: a section that appears and disappears
// with an answer, a follow-up question, channel-specific questions, inline problems, and hidden answers that
// never reach the organizer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { answerSolvedPhoneCall, choose, launchPhone, openAssignment, question, startServer } from "./support.mjs";

test("every kind is rendered and skip logic shows and hides sections and questions as the shopper answers", async () => {
  const { server, link, organizer } = await startServer();
  const { browser, page } = await launchPhone();
  try {
    await openAssignment(page, link, "Sparebanken Møre");
    const kinds = await page.locator("[data-question-id]").evaluateAll((all) => [...new Set(all.map((q) => q.dataset.kind))].sort());
    assert.deepEqual(kinds, ["date_time", "duration", "multiple_choice", "nps", "number", "scale", "single_choice", "text", "yes_no"]);

    // Phone-only questions are there; chat/e-mail ones are not shown.
    assert.ok(await question(page, "tonefall").isVisible());
    assert.ok(!(await question(page, "skrivestil").isVisible()));

    // The "not solved" section appears only when the matter was not (fully) solved.
    const notSolved = page.locator('[data-section-id="ikke_lost"]');
    assert.ok(!(await notSolved.isVisible()), "hidden before the question is answered");
    await choose(page, "loste_problemet", "Nei");
    await notSolved.waitFor({ state: "visible" });
    await question(page, "hvorfor_ikke_lost").locator("textarea").fill("Måtte ringe et annet nummer");
    await choose(page, "loste_problemet", "Ja, helt");
    await notSolved.waitFor({ state: "hidden" });
    await choose(page, "loste_problemet", "Delvis");
    await notSolved.waitFor({ state: "visible" });
    assert.equal(await question(page, "hvorfor_ikke_lost").locator("textarea").inputValue(), "Måtte ringe et annet nummer",
      "an answer hidden and shown again is still there");

    // A follow-up question: what was offered, only when something was.
    assert.ok(!(await question(page, "hva_ekstra").isVisible()));
    await choose(page, "tilbud_ekstra", "Ja");
    await question(page, "hva_ekstra").waitFor({ state: "visible" });
    await choose(page, "hva_ekstra", "Et godt råd eller tips");
    await choose(page, "hva_ekstra", "Kompensasjon");
    await question(page, "antall_sporsmal").locator("input").fill("3");

    // Submitting with required answers missing shows the problems inline, at the questions.
    await page.getByTestId("submit").click();
    await page.getByTestId("submit-problems").waitFor();
    assert.match(await question(page, "firmanavn").getByTestId("problem").textContent(), /må besvares/);

    // Answer everything for a solved call: the "not solved" section hides, and its answer is not sent.
    await answerSolvedPhoneCall(page);
    await choose(page, "tilbud_ekstra", "Ja");
    await choose(page, "ekstra_relevant", "4");
    await choose(page, "overfort", "Ja");
    await question(page, "overforing_forklart").waitFor({ state: "visible" });
    await choose(page, "overforing_forklart", "Nei");
    assert.ok(!(await notSolved.isVisible()));
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

    // A chat contact shows the written-tone question instead of the tone of voice.
    await openAssignment(page, link, "Gjensidige Forsikring");
    assert.ok(await question(page, "skrivestil").isVisible());
    assert.ok(!(await question(page, "tonefall").isVisible()));
  } finally {
    await browser.close();
    server.kill();
  }
});
