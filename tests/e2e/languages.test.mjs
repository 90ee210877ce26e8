// The app's three languages on a 360 x 640 touch phone against the real server: a Danish phone gets the app in
// Danish (list, call bar, the questionnaire's own texts, review, the summary of missing answers), axe-clean and
// without an English word from a fixed list; a Norwegian phone shows no English word from that list on any of
// its screens.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkScreen, launchPhone, noExternalApps, openAssignment, question, startServer } from "./support.mjs";

const ENGLISH = /\b(the|and|answers?|draft|waiting|submit|call|undo|revision|error|sent|not started|refused|saved|phone|due)\b/i;

/// Fails when the page's text holds a word of the fixed English list.
async function noEnglish(page, screen) {
  const text = await page.evaluate(() => document.body.innerText);
  const found = text.match(ENGLISH);
  assert.equal(found, null, `${screen}: "${found?.[0]}" in ${JSON.stringify(text.slice(Math.max(0, (found?.index ?? 0) - 40), (found?.index ?? 0) + 40))}`);
}

test("a Danish phone gets the app in Danish end to end", async () => {
  const { server, link } = await startServer();
  const { browser, page } = await launchPhone({ locale: "da-DK" });
  await noExternalApps(page);
  try {
    await openAssignment(page, link, "Sparebanken Møre");
    assert.equal(await page.locator("html").getAttribute("lang"), "da");
    // The questionnaire speaks Danish too (the demo's definition has `da` beside `nb` and `en`).
    assert.equal(await page.locator("[data-section-id]:not([hidden]) > h2").textContent(), "Tilgængelighed");
    assert.match(await question(page, "kom_fram").locator("legend").textContent(), /^Kom du igennem i første forsøg\?/);
    assert.ok(await question(page, "kom_fram").getByText("Ja, første forsøg", { exact: true }).isVisible());
    await noEnglish(page, "the Danish evaluation");
    const next = page.getByTestId("next-step");
    assert.equal(await next.textContent(), "Ring til Sparebanken Møre");
    await next.click();
    assert.equal(await next.textContent(), "Et menneske svarede");
    assert.match(await page.getByTestId("clock").textContent(), /^Venter 0:0\d$/);
    await noEnglish(page, "the Danish call bar, waiting");
    assert.equal(await page.getByTestId("undo-stamp").textContent(), "Fortryd »Ringet op«");
    await next.click();
    await next.click();
    assert.match(await page.getByTestId("contact-summary").textContent(), /^Ventetid 0:0\d · Samtale 0:0\d$/);
    await page.getByTestId("go-to-section").selectOption("review");
    assert.equal(await page.getByTestId("review").locator("h2").first().textContent(), "Gennemse dine svar");
    await page.getByTestId("submit").click();
    assert.match(await page.getByTestId("submit-problems").textContent(), /svar mangler eller skal rettes, før du kan sende/);
    await noEnglish(page, "the Danish review with missing answers");
    await page.getByTestId("go-to-section").selectOption("review");
    assert.match(await page.getByTestId("review").textContent(), /Hvor venlig var hilsenen\?/, "the review lists the Danish questions");
    await checkScreen(page, "the Danish review page", "danish-review");
    await page.goto(new URL(link).origin + "/");
    await page.getByText("Dine opgaver").waitFor();
    assert.equal(await page.getByTestId("language").inputValue(), "da", "the menu's language choice says Danish");
    await noEnglish(page, "the Danish assignment list");
    await checkScreen(page, "the Danish assignment list");
  } finally {
    await browser.close();
    server.kill();
  }
});

test("a Norwegian screen has no English word from a fixed list", async () => {
  const { server, link } = await startServer();
  const { browser, page } = await launchPhone();
  await noExternalApps(page);
  try {
    const check = (screen) => noEnglish(page, screen);
    await openAssignment(page, link, "Sparebanken Møre");
    await check("the evaluation");
    await page.getByTestId("next-step").click();
    await check("the call bar, waiting");
    await page.getByTestId("go-to-section").selectOption("review");
    await page.getByTestId("submit").click();
    await check("the review with missing answers");
    await page.goto(new URL(link).origin + "/");
    await page.getByText("Oppdragene dine").waitFor();
    await check("the assignment list");
  } finally {
    await browser.close();
    server.kill();
  }
});
