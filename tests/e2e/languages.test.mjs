// The app's three languages on a 360 x 640 touch phone against the real server: a Danish phone gets the app in
// Danish (list, call bar, the questionnaire's own texts, review, the summary of missing answers), axe-clean and
// without an English word from a fixed list; a Norwegian phone shows no English word from that list on any of
// its screens. English and Danish are wasm chunks fetched when shown (src/i18n.rs): an English phone's first
// draw is English, and an installed app set to Danish opens offline in Danish, neither drawing bokmål first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  checkScreen, chooseLanguage, launchInstalledPhone, launchPhone, noExternalApps, openAssignment, openList, openMenu, question,
  startServer,
} from "./support.mjs";

// Bokmål's words of the start and list screens.
const BOKMAL = /Oppdragene dine|Logger inn|Innlogging|Synkroniser nå|Uten nett/;

/// Keeps every text the page shows, from its first draw on, in `window.shownTexts`.
function recordShownTexts() {
  window.shownTexts = [];
  new MutationObserver(() => {
    const text = document.body?.innerText;
    if (text && window.shownTexts.at(-1) !== text) window.shownTexts.push(text);
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

async function noBokmalShown(page, screen) {
  const texts = await page.evaluate(() => window.shownTexts);
  assert.ok(texts.length > 0, `${screen}: the page drew something`);
  const bokmal = texts.find((text) => BOKMAL.test(text));
  assert.equal(bokmal, undefined, `${screen}: bokmål was drawn before the language: ${JSON.stringify(bokmal)}`);
}

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

test("an English phone's first draw is in English, not bokmål first", async () => {
  const { server, link } = await startServer();
  const { browser, page } = await launchPhone({ locale: "en-GB" });
  try {
    await page.addInitScript(recordShownTexts);
    await page.goto(link);
    await page.getByText("Your assignments").waitFor();
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    await noBokmalShown(page, "the English sign-in and list");
    await page.reload();
    await page.getByText("Your assignments").waitFor();
    await noBokmalShown(page, "the English list reloaded");
  } finally {
    await browser.close();
    server.kill();
  }
});

test("an installed app set to Danish opens offline in Danish, without bokmål first", async () => {
  const { server, link, base } = await startServer();
  const profile = mkdtempSync(join(tmpdir(), "shopper-danish-"));
  let context = await launchInstalledPhone(profile);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(link);
    await page.getByTestId("assignment").first().waitFor();
    await chooseLanguage(page, "da");
    await page.getByText("Dine opgaver").waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready);

    // Closed, not killed: the choice is a small setting in localStorage, which the browser writes to disk lazily
    // (the records that must survive a kill are in IndexedDB).
    await context.close();
    context = await launchInstalledPhone(profile, { offline: true });
    const again = context.pages()[0] ?? (await context.newPage());
    await again.addInitScript(recordShownTexts);
    const danish = [];
    again.on("response", (response) => /\/danish-[0-9a-f]{16}\.wasm$/.test(response.url()) && danish.push(response));
    await again.goto(`${base}/`);
    await again.getByText("Dine opgaver").waitFor();
    assert.equal(await again.locator("html").getAttribute("lang"), "da");
    assert.equal(await again.getByTestId("language").inputValue(), "da", "the menu says Danish");
    await noBokmalShown(again, "the installed app offline in Danish");
    assert.equal(danish.length, 1, "the Danish words were fetched once");
    assert.ok(danish[0].fromServiceWorker(), "offline, from the service worker's precache");
  } finally {
    await context.close().catch(() => {});
    server.kill();
    rmSync(profile, { recursive: true, force: true });
  }
});

test("a language whose words cannot be fetched says so, keeps the one shown, and comes on a second try", async () => {
  const { server, link } = await startServer();
  // Without the service worker, which would serve the words from its precache.
  const { browser, page } = await launchPhone({ serviceWorkers: "block" });
  try {
    await openList(page, link);
    await page.route(/\/english-[0-9a-f]{16}\.wasm$/, (route) => route.abort("internetdisconnected"));
    await openMenu(page);
    await page.getByTestId("language").selectOption("en");
    await page.getByTestId("language-not-loaded").waitFor();
    assert.equal(await page.getByTestId("language-not-loaded").textContent(),
      "Språket kunne ikke lastes ned. Prøv igjen når du har nett.");
    assert.equal(await page.getByTestId("language").inputValue(), "nb", "the menu is back on the language shown");
    assert.equal(await page.locator("h1").textContent(), "Oppdragene dine");
    assert.equal(await page.locator("html").getAttribute("lang"), "nb");
    await page.unroute(/\/english-[0-9a-f]{16}\.wasm$/);
    await page.getByTestId("language").selectOption("en");
    await page.getByText("Your assignments").waitFor();
    assert.ok(await page.getByTestId("language-not-loaded").isHidden(), "the message is gone");
  } finally {
    await browser.close();
    server.kill();
  }
});
