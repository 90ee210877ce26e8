// The contact panel's call bar on a 360 x 640 touch phone, offline, against the real server: a whole phone call
// done with the call bar only (the dial stamped by the call button, the live clock moving, a refused impossible
// stamp, undo that names what it undoes, the panel folding once the call is over); an unanswered contact with
// three attempts an hour apart sent as "Ikke svar" (clock faked); an e-mail whose reply is stamped two days
// later from the list of e-mails waiting for a reply.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  answerSolvedPhoneCall, checkScreen, choose, deviceEvaluations, launchPhone, noExternalApps, openAssignment, openList, organizerPost, question,
  showQuestion, startServer, submit,
} from "./support.mjs";

const next = (page) => page.getByTestId("next-step");

/// Opens the demo's e-mail assignment (its first question is the phone's, hidden, so `openAssignment`'s wait
/// does not fit).
async function openEmail(page, link) {
  await openList(page, link);
  await page.getByTestId("assignment").filter({ hasText: "Tussa Energi" }).locator("a.open").click();
  await page.getByTestId("contact-panel").waitFor();
}


test("a whole phone call done with the call bar only, offline", async () => {
  const { server, link, organizer } = await startServer();
  const { browser, context, page } = await launchPhone();
  await noExternalApps(page);
  try {
    await page.goto(link);
    await page.getByTestId("assignment").first().waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready);
    await openAssignment(page, link, "Sparebanken Møre");
    await context.setOffline(true);
    await page.getByTestId("online").filter({ hasText: "Uten nett" }).waitFor();
    const header = await page.getByTestId("status-bar").boundingBox();
    assert.ok(header.height <= 48, `offline, the header is still one line: ${header.height}px`);

    // One control: the call button both dials (tel:) and stamps the dial.
    assert.equal(await next(page).textContent(), "Ring Sparebanken Møre");
    assert.equal(await next(page).getAttribute("href"), "tel:+4770000000");
    const box = await next(page).boundingBox();
    assert.ok(box.height >= 72, `the next step is ${box.height}px high`);
    await next(page).click();
    assert.equal(await next(page).textContent(), "Et menneske svarte");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "next-step",
      "the focus moves on to the new next step, not back to the page's start");
    const clock = page.getByTestId("clock");
    assert.match(await clock.textContent(), /^Venter 0:0[0-2]$/);
    await page.waitForTimeout(2600);
    assert.match(await clock.textContent(), /^Venter 0:0[2-5]$/, "the clock runs");
    assert.match(await page.getByTestId("announcement").textContent(), /^Ringt kl\. \d\d:\d\d:\d\d$/);
    const nextBox = await next(page).boundingBox();
    assert.ok(nextBox.y + nextBox.height <= 640 && nextBox.y > 640 - 200, "the next step sits in the thumb's reach");
    await checkScreen(page, "call bar, waiting", "call-bar");

    // An impossible stamp (a second dial) is refused with a short message, and the timeline is unchanged.
    const dialled = page.getByTestId("steps").locator('[data-event="Dialled"]');
    assert.equal(await dialled.getAttribute("aria-pressed"), "true");
    await dialled.click();
    assert.equal(await page.getByTestId("stamp-refused").textContent(), "Du har allerede trykket «Ringt».");
    assert.equal(await page.getByTestId("timeline").locator("li").count(), 1);

    await next(page).click(); // answered
    assert.match(await clock.textContent(), /^Samtale 0:0\d$/);
    assert.equal(await next(page).textContent(), "Samtalen er slutt");
    await page.locator('[data-event="OnHold"]').click();
    assert.match(await clock.textContent(), /^På vent 0:0\d$/);
    assert.equal(await next(page).textContent(), "Av vent");
    assert.equal(await page.locator('[data-event="Transferred"]').count(), 0, "transfer only while the call is live");
    assert.equal(await page.getByTestId("undo-stamp").textContent(), "Angre «På vent»");
    await page.getByTestId("undo-stamp").click();
    assert.equal(await page.getByTestId("announcement").textContent(), "Angret «På vent»");
    assert.equal(await next(page).textContent(), "Samtalen er slutt");
    await page.getByTestId("notes").fill("Hyggelig\nLang ventetid");
    await next(page).click(); // ended

    // Over: the panel folds into one line, which opens on tap.
    const summary = page.getByTestId("contact-summary");
    assert.match(await summary.textContent(), /^Ventetid 0:0\d · Samtale 0:0\d · 2 notater$/);
    assert.equal(await page.getByTestId("contact-panel").evaluate((d) => d.open), false);
    await page.getByTestId("contact-panel").locator("summary").click();
    assert.equal(await page.getByTestId("contact-panel").evaluate((d) => d.open), true);
    assert.equal(await page.getByTestId("steps").locator('[aria-pressed="true"]').count(), 3);
    await page.getByTestId("contact-panel").locator("summary").click();
    await checkScreen(page, "folded contact panel", "contact-folded");

    await answerSolvedPhoneCall(page);
    await submit(page);
    const state = page.getByTestId("assignment").filter({ hasText: "Sparebanken Møre" }).getByTestId("state");
    await state.filter({ hasText: "Venter på sending" }).waitFor();
    assert.equal(await page.getByTestId("notice").textContent(),
      "Sparebanken Møre er sendt inn. Den sendes av seg selv når du får nett.", "the list says what happened");
    assert.equal(await page.getByTestId("waiting").textContent(), "1 ikke sendt");
    // Both chips at once, «Uten nett» and «1 ikke sendt»: still one line of at most 48 px at 360 px.
    const both = await page.getByTestId("status-bar").boundingBox();
    assert.ok(both.height <= 48, `offline with work waiting, the header is one line: ${both.height}px`);
    // At 200 % zoom (a 180 px wide viewport) the header does not stick over the form, nor scroll sideways.
    await page.setViewportSize({ width: 180, height: 320 });
    assert.equal(await page.getByTestId("status-bar").evaluate((h) => getComputedStyle(h).position), "static");
    assert.ok(await page.getByTestId("status-bar").evaluate((h) => h.scrollWidth <= h.clientWidth),
      "the header does not scroll sideways");
    console.log(`header at 200 % zoom: ${(await page.getByTestId("status-bar").boundingBox()).height}px`);
    await page.setViewportSize({ width: 360, height: 640 });
    await context.setOffline(false);
    await state.filter({ hasText: "Sendt" }).waitFor({ timeout: 10_000 });
    assert.ok(await page.getByTestId("waiting").isHidden(), "nothing waits: the header says nothing about it");
    const [received] = await organizer("/evaluations");
    assert.deepEqual(received.content.timeline.map((s) => s.event), ["dialled", "answered", "ended"]);
  } finally {
    await browser.close();
    server.kill();
  }
});

test("three unanswered calls an hour apart, recorded offline, are sent as «Ikke svar» without the questions", async () => {
  const { server, link, base, organizer } = await startServer();
  const { browser, context, page } = await launchPhone();
  await noExternalApps(page);
  try {
    // Four hours ago, so the server (on the real clock) sees the attempts in the past.
    await page.clock.install({ time: Date.now() - 4 * 3600_000 });
    await page.goto(link);
    await page.getByTestId("assignment").first().waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready);
    await openAssignment(page, link, "Lendo");
    await context.setOffline(true);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await next(page).click(); // dialled
      // Four hours back can be the day before the demo's window opens (just after midnight): asked, go on.
      if (attempt === 1 && await page.getByTestId("window-confirm").count()) await page.getByTestId("window-go").click();
      await page.clock.fastForward(40_000);
      await page.locator('[data-event="NoAnswer"]').click();
      assert.equal(await page.getByTestId("attempts").locator("li").count(), attempt);
      if (attempt < 3) {
        assert.match(await page.getByTestId("rule-status").textContent(),
          new RegExp(`^${attempt === 1 ? "2 forsøk" : "Ett forsøk"} til trengs for «Ikke svar», det neste tidligst `));
        assert.equal(await page.getByTestId("not-reached").count(), 0, "not offered before the rule is met");
        await page.clock.fastForward("01:01:00");
      }
    }
    assert.match(await page.getByTestId("attempts").locator("li").first().textContent(), /^Forsøk 1: .*, ringte 40 s$/);
    await page.getByTestId("not-reached").click();
    await page.getByTestId("not-reached-yes").click();
    const state = page.getByTestId("assignment").filter({ hasText: "Lendo" }).getByTestId("state");
    await state.filter({ hasText: "Venter på sending" }).waitFor();
    await context.setOffline(false);
    await state.filter({ hasText: "Sendt" }).waitFor({ timeout: 15_000 });
    const [received] = await organizer("/evaluations");
    assert.equal(received.content.outcome, "not_reached");
    assert.deepEqual(received.content.answers, {});
    assert.deepEqual(received.content.timeline.map((s) => s.event),
      ["dialled", "no_answer", "dialled", "no_answer", "dialled", "no_answer"]);

    // Approved, it counts 0 in the total and not at all in the score on answered contacts.
    const lendo = async () =>
      (await organizer("/rankings")).classes.flatMap((c) => c.ranking).find((line) => line.company === "Lendo");
    const before = await lendo();
    const approved = await organizerPost(base, `/evaluations/${received.id}/review`,
      { revision: received.revision, decision: "approve" });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const after = await lendo();
    const earlier = before?.contacts ?? 0;
    assert.equal(after.contacts, earlier + 1);
    assert.equal(after.not_reached, (before?.not_reached ?? 0) + 1);
    assert.equal(after.answered, before?.answered ?? null, "answered-only is unchanged");
    const expectedTotal = earlier ? (before.total * earlier) / (earlier + 1) : 0;
    assert.ok(Math.abs(after.total - expectedTotal) <= 0.02, `total ${after.total}, expected ${expectedTotal}`);
  } finally {
    await browser.close();
    server.kill();
  }
});

test("an e-mail waits in its own list, and its reply stamped two days later gives a waiting time of 2 d", async () => {
  const { server, link } = await startServer();
  const { browser, page } = await launchPhone();
  await noExternalApps(page);
  try {
    await page.clock.install({ time: Date.now() - 3 * 86_400_000 });
    await openEmail(page, link);
    assert.equal(await next(page).textContent(), "Skriv e-post til Tussa Energi");
    assert.equal(await next(page).getAttribute("href"), "mailto:kundeservice@example.com");
    // Three days back, the demo's window has not opened yet: the first stamp asks first.
    assert.match(await page.getByTestId("window-status").textContent(), /^Ikke ennå: fra /);
    await next(page).click();
    await page.getByTestId("window-go").click();
    assert.equal(await next(page).textContent(), "Svaret kom");
    assert.equal(await page.getByTestId("talk-time").count(), 0, "an e-mail has no talk time");
    assert.match(await page.getByTestId("rule-status").textContent(), /^Kommer det ikke svar innen .*, kan du sende/);

    await page.clock.fastForward("48:00:00");
    await openList(page, link);
    const waiting = page.getByTestId("awaiting-reply").filter({ hasText: "Tussa Energi" });
    assert.match(await waiting.textContent(), /har ventet 2 d/);
    await checkScreen(page, "e-mails waiting for a reply");
    await waiting.getByTestId("reply-came").click();
    await page.getByTestId("awaiting-replies").waitFor({ state: "detached" });
    await openEmail(page, link);
    assert.equal(await page.getByTestId("waiting-time").textContent(), "2 d");
    // The reply time's question reads its seconds in days, and its help names the e-mail's own steps.
    const reply = question(page, "svartid_epost");
    assert.equal(await reply.getByTestId("duration-reads").textContent(), "= 2 d");
    // Typed with a unit, stored as seconds: the timer's two days (and a second) show as "2" days; "26" in
    // hours reads "1 d 2 t".
    const amount = reply.locator("input");
    const unit = reply.getByTestId("duration-unit");
    assert.equal(await amount.inputValue(), "2");
    assert.equal(await unit.inputValue(), "86400");
    await amount.fill("26");
    await unit.selectOption("3600");
    assert.equal(await reply.getByTestId("duration-reads").textContent(), "= 1 d 2 t");
    await amount.fill("1,5");
    await unit.selectOption("86400");
    assert.equal(await reply.getByTestId("duration-reads").textContent(), "= 1 d 12 t");
    const stored = (await deviceEvaluations(page)).find((e) => e.content.channel === "email");
    assert.equal(stored.content.answers.svartid_epost, 129_600, "stored as seconds");
    assert.match(await reply.textContent(), /fra «E-post sendt» til «Svar mottatt»/);
    assert.doesNotMatch(await reply.textContent(), /Ringer|Besvart/);
    assert.match(await page.getByTestId("contact-summary").textContent(), /^Ventetid 2 d$/);
  } finally {
    await browser.close();
    server.kill();
  }
});

test("the form keeps its place: «Neste» lands on the section heading, answers read in words, one summary of gaps", async () => {
  const { server, link } = await startServer();
  const { browser, page } = await launchPhone();
  await noExternalApps(page);
  try {
    await openAssignment(page, link, "Scandic Hotels");
    await page.getByTestId("last-sync").filter({ hasText: /\d/ }).waitFor({ state: "attached" });
    const header = await page.getByTestId("status-bar").boundingBox();
    assert.ok(header.height <= 48, `the header is one line: ${header.height}px`);
    await next(page).click();
    const when = await (await showQuestion(page, "tidspunkt")).locator("input").inputValue();
    assert.match(when, /^\d{4}-\d\d-\d\dT\d\d:\d\d$/, "the contact time comes from the first stamp");
    await next(page).click();
    await next(page).click();

    // Each "Neste" puts the next section's heading at the top, just under the header, and focuses it.
    await page.getByTestId("go-to-section").selectOption({ index: 0 });
    for (let step = 0; step < 3; step++) {
      await page.getByTestId("next").click();
      const heading = page.locator("[data-section-id]:not([hidden]) > h2");
      const top = (await heading.boundingBox()).y;
      assert.ok(top >= 0 && top < 160, `section ${step + 2}: its heading is at ${top}px`);
      assert.equal(await page.evaluate(() => document.activeElement.tagName), "H2");
    }

    await choose(page, "ordvalg", "5");
    const chosen = (await showQuestion(page, "ordvalg")).locator("label.choice", { hasText: /^5$/ });
    assert.equal(await chosen.evaluate((el) => getComputedStyle(el).backgroundColor), "rgb(11, 93, 75)",
      "a chosen option is filled in the brand colour");
    await page.getByTestId("go-to-section").selectOption("review");
    assert.equal(await page.getByTestId("review").locator('[data-review-id="ordvalg"] dd').textContent(), "5 av 6");
    await page.getByTestId("submit").click();
    await page.getByTestId("submit-problems").waitFor();
    assert.equal(await page.locator('[role="alert"]:not(:empty)').count(), 1, "one summary alert, not one per answer");
    const invalid = page.locator('fieldset[aria-invalid="true"]:not([hidden])').first();
    const described = await invalid.getAttribute("aria-describedby");
    assert.match(await page.locator(`#${described}`).textContent(), /må besvares/);
    await checkScreen(page, "a question with a problem");
  } finally {
    await browser.close();
    server.kill();
  }
});
