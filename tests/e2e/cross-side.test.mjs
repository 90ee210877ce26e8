// Both sides in one story, in Debian's Chromium: the organizer (laptop, console) creates a shopper, makes a
// one-time sign-in link and assigns a contact; the shopper (phone) signs in, does the contact and sends it;
// the organizer returns it with a comment on a question; the shopper sees the comment, fixes and resubmits;
// the organizer approves; the company's score and its class ranking change accordingly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import {
  answerSolvedPhoneCall, checkScreen, fill, openAssignment, question, showQuestion, startServer, submit, syncNow,
} from "./support.mjs";

test("invite → assign → evaluate → return with a comment → fix → approve → ranking", async () => {
  const { server, base } = await startServer();
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const laptop = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "nb-NO" })).newPage();
    await laptop.goto(`${base}/console`);
    await laptop.getByLabel("E-post").fill("admin@demo.example");
    await laptop.getByLabel("Passord").fill("feil passord");
    await laptop.getByRole("button", { name: "Logg inn" }).click();
    await laptop.getByTestId("error").waitFor();
    await laptop.getByLabel("Passord").fill("demo-passord");
    await laptop.getByLabel("E-post").fill("admin@demo.example");
    await laptop.getByRole("button", { name: "Logg inn" }).click();
    await laptop.getByRole("heading", { name: "Evalueringer" }).waitFor();

    // A new shopper, a one-time link with its QR code, and an assignment from CSV.
    await laptop.getByRole("link", { name: "Shoppere" }).click();
    await laptop.getByLabel("Navn").fill("Ingrid <b>Test</b>");
    await laptop.getByRole("button", { name: "Legg til" }).click();
    const row = laptop.locator("tr", { hasText: "Ingrid <b>Test</b>" });
    await row.getByRole("button", { name: "Lag innloggingslenke" }).click();
    assert.ok(await laptop.getByTestId("qr").locator("svg").isVisible(), "the QR code is shown");
    // The one-time link is text to copy, not a link the organizer could use up by clicking it.
    assert.equal(await laptop.locator('a[href*="/signin#code="]').count(), 0, "no clickable sign-in link");
    const link = await laptop.getByTestId("invite-link").inputValue();
    assert.match(link, /\/signin#code=[0-9a-f]{64}$/);
    await laptop.getByRole("link", { name: "Kampanje" }).click();
    await laptop.getByLabel("Oppdrag som CSV").fill(
      "company,channel,scenario,shopper,contact,window_start,window_end,due\n" +
      "Hertz,telefon,x,Ingrid <b>Test</b>,tel:1,2026-12-01,2026-12-10,2026-12-10\n");
    await laptop.getByTestId("import-assignments").getByRole("button", { name: "Importer", exact: true }).click();
    assert.match(await laptop.getByTestId("error").textContent(), /Linje 2: kanalen «telefon» finnes ikke \(telefon, chat eller e-post\)/);
    await laptop.getByLabel("Oppdrag som CSV").fill(
      "company,channel,scenario,shopper,contact,window_start,window_end,due\n" +
      "Hertz,phone,Du skal leie bil i Tromsø i påsken.,Ingrid <b>Test</b>,tel:+4781500000,2026-12-01,2026-12-10,2026-12-10\n");
    await laptop.getByTestId("import-assignments").getByRole("button", { name: "Importer", exact: true }).click();
    assert.match(await laptop.getByTestId("notice").textContent(), /1 oppdrag importert/);

    // The shopper, on the phone.
    const phone = await (await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, locale: "nb-NO" })).newPage();
    await openAssignment(phone, link, "Hertz");
    await answerSolvedPhoneCall(phone);
    await phone.getByTestId("notes").fill('<img src=x onerror="window.pwned=1"> <script>window.pwned=1</script>');
    await submit(phone);
    await phone.getByTestId("assignment").filter({ hasText: "Hertz" }).getByTestId("state").filter({ hasText: "Sendt" }).waitFor({ timeout: 10_000 });

    // The organizer returns it with a comment on one question.
    await laptop.getByRole("link", { name: "Gjennomgang" }).click();
    await laptop.locator("tr", { hasText: "Hertz" }).getByRole("link", { name: "Hertz" }).click();
    assert.equal(await laptop.getByTestId("notes").textContent(), '<img src=x onerror="window.pwned=1"> <script>window.pwned=1</script>',
      "the shopper's HTML is shown as text");
    assert.equal(await laptop.evaluate(() => window.pwned), undefined, "and never runs");
    await checkScreen(laptop, "console evaluation", undefined, { touch: false });
    await laptop.getByLabel("Kommentar: Hvor lenge ventet du før du fikk svar (sekunder)?").fill("Stemmer 25 sekunder? Sjekk tidtakeren.");
    await decide(laptop, "Send tilbake til shopperen", "Sendt tilbake");

    // The shopper sees the comment, fixes the answer and resubmits.
    await syncNow(phone);
    await phone.getByTestId("group-returned").waitFor({ timeout: 10_000 });
    await openAssignment(phone, link, "Hertz");
    await showQuestion(phone, "ventetid");
    assert.match(await question(phone, "ventetid").getByTestId("review-comment").textContent(), /Sjekk tidtakeren/);
    await fill(phone, "ventetid", "95");
    await submit(phone);
    await phone.getByTestId("assignment").filter({ hasText: "Hertz" }).getByTestId("state").filter({ hasText: "Sendt" }).waitFor({ timeout: 10_000 });

    // Before approval Hertz is unranked; after, it leads its class with one evaluation.
    const hertzRow = () => laptop.locator('section[data-class="Bilutleie"] tr', { hasText: "Hertz" });
    await laptop.getByRole("link", { name: "Resultater" }).click();
    // Place, company, score, evaluations, interval, answered only, the agent, NPS, not answered.
    assert.match(await hertzRow().textContent(), /^–Hertz–0––––0$/);
    await laptop.getByRole("link", { name: "Gjennomgang" }).click();
    await laptop.locator("tr", { hasText: "Hertz" }).getByRole("link", { name: "Hertz" }).click();
    assert.match(await laptop.locator('[data-answer-id="ventetid"]').textContent(), /95 s/);
    await decide(laptop, "Godkjenn", "Godkjent");
    await laptop.getByRole("link", { name: "Resultater" }).click();
    assert.match(await hertzRow().textContent(), /^1Hertz\d+,\d\d %11\d+,\d\d %\d+,\d\d %(–|[+−-]\d+,\d)0$/);
    await checkScreen(laptop, "console rankings", undefined, { touch: false });

    await hertzRow().getByRole("link", { name: "Hertz" }).click();
    assert.match(await laptop.getByTestId("overall").textContent(), /^\d+,\d\d %$/);
    assert.ok(await laptop.getByTestId("chart").locator("svg rect").count() > 10, "a bar per performance");
    await laptop.emulateMedia({ media: "print" });
    assert.ok(await laptop.locator("header").isHidden(), "printing leaves out the console's navigation");
    await laptop.screenshot({ path: "docs/screenshots/5-company-report.png", fullPage: true });
    await syncNow(phone);
    await phone.getByTestId("assignment").filter({ hasText: "Hertz" }).getByTestId("state").filter({ hasText: "Godkjent" }).waitFor({ timeout: 10_000 });
  } finally {
    await browser.close();
    server.kill();
  }
});

// A reviewer's decision opens the next evaluation (or the queue), which says what was decided; the decided one
// is one click away and shows its status.
async function decide(laptop, button, status) {
  const evaluation = new URL(laptop.url()).pathname;
  await laptop.getByRole("button", { name: button }).click();
  await laptop.waitForURL((url) => url.pathname !== evaluation);
  assert.ok((await laptop.getByTestId("decided").textContent()).startsWith(`${status}: `));
  await laptop.getByTestId("decided-link").click();
  await laptop.waitForURL((url) => url.pathname === evaluation);
  assert.equal(await laptop.getByTestId("status").textContent(), status);
}
