// Installing is part of getting started: after the first sign-in an iPhone gets the card that says why and how
// (Share -> Add to Home Screen), over the foot of the list; "Ikke nå" puts it away for good.
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
