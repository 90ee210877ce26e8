// The app's three languages on a 360 x 640 touch phone against the real server: a Danish phone gets the app in
// Danish (list, call bar, review, the summary of missing answers), axe-clean; a Norwegian phone shows no
// English word from a fixed list on any of its screens.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkScreen, launchPhone, noExternalApps, openAssignment, startServer } from "./support.mjs";

test("a Danish phone gets the app in Danish end to end", async () => {
  const { server, link } = await startServer();
  const { browser, page } = await launchPhone({ locale: "da-DK" });
  await noExternalApps(page);
  try {
    await openAssignment(page, link, "Sparebanken Møre");
    assert.equal(await page.locator("html").getAttribute("lang"), "da");
    const next = page.getByTestId("next-step");
    assert.equal(await next.textContent(), "Ring til Sparebanken Møre");
    await next.click();
    assert.equal(await next.textContent(), "Et menneske svarede");
    assert.match(await page.getByTestId("clock").textContent(), /^Venter 0:0\d$/);
    assert.equal(await page.getByTestId("undo-stamp").textContent(), "Fortryd »Ringet op«");
    await next.click();
    await next.click();
    assert.match(await page.getByTestId("contact-summary").textContent(), /^Ventetid 0:0\d · Samtale 0:0\d$/);
    await page.getByTestId("go-to-section").selectOption("review");
    assert.equal(await page.getByTestId("review").locator("h2").first().textContent(), "Gennemse dine svar");
    await page.getByTestId("submit").click();
    assert.match(await page.getByTestId("submit-problems").textContent(), /svar mangler eller skal rettes, før du kan sende/);
    await page.getByTestId("go-to-section").selectOption("review");
    await checkScreen(page, "the Danish review page", "danish-review");
    await page.goto(new URL(link).origin + "/");
    await page.getByText("Dine opgaver").waitFor();
    assert.match(await page.getByTestId("language").textContent(), /^Norsk$/);
    await checkScreen(page, "the Danish assignment list");
  } finally {
    await browser.close();
    server.kill();
  }
});

const ENGLISH = /\b(the|and|answers?|draft|waiting|submit|call|undo|revision|error|sent|not started|refused|saved|phone|due)\b/i;

test("a Norwegian screen has no English word from a fixed list", async () => {
  const { server, link } = await startServer();
  const { browser, page } = await launchPhone();
  await noExternalApps(page);
  try {
    const check = async (screen) => {
      const text = await page.evaluate(() => document.body.innerText);
      const found = text.match(ENGLISH);
      assert.equal(found, null, `${screen}: "${found?.[0]}" in ${JSON.stringify(text.slice(Math.max(0, (found?.index ?? 0) - 40), (found?.index ?? 0) + 40))}`);
    };
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
