// Installing is part of getting started: after the first sign-in an iPhone gets the card that says why and how
// (Share -> Add to Home Screen), over the foot of the list; "Ikke nå" puts it away for good. Where the browser
// offers its prompt, the card is drawn with the list, its button waiting for the prompt, and goes when the app is
// installed or the prompt does not come.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkScreen, launchPhone, openList, startServer } from "./support.mjs";

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) " +
  "Version/17.5 Mobile/15E148 Safari/604.1";

test("after the first sign-in an iPhone is told why and how to install, until it says not now", async () => {
  const { server, link } = await startServer();
  const { browser, page } = await launchPhone({ userAgent: IPHONE });
  try {
    await openList(page, link);
    const card = page.getByTestId("install-card");
    assert.match(await card.textContent(), /åpner den uten nett, og svarene dine er tryggere/);
    assert.match(await card.getByTestId("ios-install").textContent(), /Legg til på Hjem-skjerm/);
    // Over the foot of the screen, on it from the start, pushing no assignment down.
    const cardBox = await card.boundingBox();
    assert.ok(cardBox.y > 320 && cardBox.y + cardBox.height <= 640, `the card is at the foot of the screen: ${JSON.stringify(cardBox)}`);
    await checkScreen(page, "the install card");
    await card.getByTestId("install-later").click();
    await card.waitFor({ state: "detached" });
    await page.reload();
    await page.getByTestId("assignment").first().waitFor();
    assert.equal(await page.getByTestId("install-card").count(), 0, "put away for good");
  } finally {
    await browser.close();
    server.kill();
  }
});

// Only the test's own prompts reach the app: the headless browser may offer a real one at any moment.
const FAKE_PROMPTS = () => {
  window.prompted = 0;
  window.addEventListener("beforeinstallprompt", (event) => { if (!event.fake) event.stopImmediatePropagation(); });
  window.offerInstall = () => {
    const prompt = new Event("beforeinstallprompt", { cancelable: true });
    prompt.fake = true;
    prompt.prompt = () => { window.prompted += 1; };
    window.dispatchEvent(prompt);
  };
};

test("where the browser offers to install, the card is drawn with the list, its button waiting for the prompt", async () => {
  const { server, link } = await startServer();
  const { browser, context, page } = await launchPhone();
  try {
    await context.addInitScript(FAKE_PROMPTS);
    // The first start after the sign-in, in a browser that offers installing: the card is in the list's first
    // draw, its button disabled until the browser's prompt is here.
    await openList(page, link);
    const card = page.getByTestId("install-card");
    const install = page.getByTestId("install");
    assert.equal(await card.count(), 1, "the card is drawn with the list");
    assert.ok(await install.isDisabled(), "the button waits for the browser's prompt");
    await checkScreen(page, "the install card waiting for the prompt");
    await page.evaluate(() => window.offerInstall());
    await install.click({ timeout: 2000 });
    assert.equal(await page.evaluate(() => window.prompted), 1, "the browser's prompt was shown");
    await card.waitFor({ state: "detached" });

    // Used, it is not drawn early at the next start; offered again, it comes with the prompt.
    await page.reload();
    await page.getByTestId("assignment").first().waitFor();
    assert.equal(await card.count(), 0, "not drawn early after the prompt was used");
    await page.evaluate(() => window.offerInstall());
    await card.waitFor();

    // Offered at the last start: drawn with the list again; the app installed, it goes and stays away.
    await page.reload();
    await page.getByTestId("assignment").first().waitFor();
    assert.equal(await card.count(), 1, "drawn with the list after an offer");
    await page.evaluate(() => window.dispatchEvent(new Event("appinstalled")));
    await card.waitFor({ state: "detached" });
    await page.reload();
    await page.getByTestId("assignment").first().waitFor();
    assert.equal(await card.count(), 0, "installed: no card");

    // Offered, then not again at the next start (the shopper said no to the browser): the card goes after a while.
    await page.evaluate(() => window.offerInstall());
    await page.clock.install();
    await page.reload();
    await page.getByTestId("assignment").first().waitFor();
    assert.equal(await card.count(), 1);
    await page.clock.runFor(16_000);
    await card.waitFor({ state: "detached" });
    await page.reload();
    await page.getByTestId("assignment").first().waitFor();
    assert.equal(await card.count(), 0, "not drawn early once the offer lapsed");
  } finally {
    await browser.close();
    server.kill();
  }
});
