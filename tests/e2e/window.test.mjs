// An assignment's time window on the phone (issue 16): each card and the contact screen say whether the contact
// can be made now, in Norwegian time whatever zone the phone is set to, and a first stamp outside the window
// asks first (the clock faked inside and outside a Monday-to-Friday window of 09-15).
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkScreen, chooseLanguage, launchPhone, noExternalApps, openList, ORGANIZER_TOKEN, startServer } from "./support.mjs";

const DAY = 86_400_000;

/// The next `weekday` (0 Sunday ... 6 Saturday) after today, at `hour` UTC (12 or 13 Oslo time for 11 UTC).
function nextWeekday(weekday, hour) {
  const at = new Date();
  at.setUTCHours(hour, 0, 0, 0);
  do at.setUTCDate(at.getUTCDate() + 1); while (at.getUTCDay() !== weekday);
  return at.getTime();
}

const day = (ms) => new Date(ms).toISOString().slice(0, 10);

test("cards and the contact screen tell the window in Oslo time, and a first stamp outside it asks first", async () => {
  const { server, link, base } = await startServer();
  // A phone set to New York: the window is Norwegian time all the same.
  const { browser, page } = await launchPhone({ timezoneId: "America/New_York" });
  await noExternalApps(page);
  try {
    const wednesday = nextWeekday(3, 11);
    await page.clock.install({ time: wednesday });
    await openList(page, link);
    const card = (company) => page.getByTestId("assignment").filter({ hasText: company });
    for (const company of ["Sparebanken Møre", "Lendo", "Gjensidige Forsikring"]) {
      const id = await card(company).getAttribute("data-assignment-id");
      const edited = await fetch(`${base}/api/v1/organizer/assignments/${id}/edit?campaign=demo`, {
        method: "POST",
        headers: { authorization: `Bearer ${ORGANIZER_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({
          window_start: day(Date.now()), window_end: day(wednesday + 8 * DAY), due: day(wednesday + 8 * DAY),
          weekdays: "1-5", hours: "09:00-15:00",
        }),
      });
      assert.equal(edited.status, 204, await edited.text());
    }
    await page.reload();
    const status = (company) => card(company).getByTestId("window-status");
    await status("Sparebanken Møre").filter({ hasText: "Kan gjennomføres nå" }).waitFor({ timeout: 10_000 });
    assert.equal(await status("Sparebanken Møre").getAttribute("data-status"), "open");
    // The demo's other windows are every day, all day: nothing to add in brackets.
    assert.equal(await status("Scandic Hotels").textContent(), "Kan gjennomføres nå");

    // Inside the window: the first tap dials and stamps at once.
    await card("Sparebanken Møre").locator("a.open").click();
    const panel = page.getByTestId("contact-panel");
    assert.equal(await panel.getByTestId("window-status").textContent(), "Kan gjennomføres nå");
    await page.getByTestId("next-step").click();
    assert.equal(await page.getByTestId("next-step").textContent(), "Et menneske svarte");
    assert.equal(await page.getByTestId("window-confirm").count(), 0);

    // Wednesday 18:00 UTC is 19:00 (or 20:00) in Oslo: outside the hours.
    await page.clock.setSystemTime(wednesday + 7 * 3_600_000);
    await page.locator("a.back").click();
    await status("Lendo").filter({ hasText: "Utenfor tidsvinduet (man–fre 09–15)" }).waitFor();
    assert.equal(await status("Lendo").getAttribute("data-status"), "outside");
    await checkScreen(page, "a card outside its window");
    await card("Lendo").locator("a.open").click();
    await panel.getByTestId("window-status").filter({ hasText: "Utenfor tidsvinduet (man–fre 09–15)" }).waitFor();
    // The first tap asks, stamps nothing and does not dial; "Avbryt" leaves it so.
    await page.getByTestId("next-step").click();
    const ask = page.getByTestId("window-confirm");
    assert.equal(await ask.locator("p").textContent(),
      "Utenfor tidsvinduet (man–fre 09–15). Kontakter utenfor tidsvinduet blir merket hos arrangøren. Vil du starte likevel?");
    assert.equal(await page.getByTestId("window-go").getAttribute("href"), "tel:+4722000000");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "window-go");
    await checkScreen(page, "the question before a stamp outside the window");
    await page.getByTestId("window-cancel").click();
    assert.equal(await page.getByTestId("next-step").textContent(), "Ring Lendo");
    assert.equal(await page.getByTestId("steps").locator('[aria-pressed="true"]').count(), 0, "nothing was stamped");
    // Asked again, "Start likevel" dials and stamps.
    await page.getByTestId("next-step").click();
    await page.getByTestId("window-go").click();
    assert.equal(await page.getByTestId("next-step").textContent(), "Et menneske svarte");
    assert.match(await page.getByTestId("announcement").textContent(), /^Ringt kl\. /);
    // Once the contact is under way, later taps are not asked about.
    await page.getByTestId("next-step").click();
    assert.equal(await page.getByTestId("window-confirm").count(), 0);

    // A Saturday at noon is outside the weekdays, in each language; a contact under way no longer shows it.
    await page.clock.setSystemTime(nextWeekday(6, 11));
    await page.locator("a.back").click();
    const chat = status("Gjensidige Forsikring");
    await chat.filter({ hasText: "Utenfor tidsvinduet (man–fre 09–15)" }).waitFor();
    assert.equal(await status("Lendo").count(), 0, "the contact is under way");
    await chooseLanguage(page, "en");
    await chat.filter({ hasText: "Outside the time window (Mon–Fri 09–15)" }).waitFor();
    await chooseLanguage(page, "da");
    await chat.filter({ hasText: "Uden for tidsvinduet (man–fre 09–15)" }).waitFor();
  } finally {
    await browser.close();
    server.kill();
  }
});
