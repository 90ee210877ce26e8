// Waves in the console, in Debian's Chromium at 1366 px: with the demo's two generated waves, the organizer
// switches campaigns with the picker, and a company's report in this year's wave shows last year's figures
// (the previous wave's overall score, as last year's results page has it, and a previous-wave figure per
// performance). The report passes axe and fits the screen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, checkScreen, startServer } from "./support.mjs";

const COMPANY = "Lendo";

test("a second wave's report shows the first wave's figures", async () => {
  const { server, base } = await startServer(["--demo-waves", "true"]);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "nb-NO" });
    const page = await context.newPage();
    await page.goto(`${base}/console/login`);
    await page.getByLabel("E-post").fill("viewer@demo.example");
    await page.getByLabel("Passord").fill("demo-passord");
    await page.getByRole("button", { name: "Logg inn" }).click();
    await page.waitForURL((url) => url.pathname === "/console/rankings");

    // The newest campaign is this year's; the picker offers last year's.
    const picker = page.getByTestId("campaign-picker").locator("select");
    const options = await picker.locator("option").allTextContents();
    assert.equal(options.length, 2, `${options}`);
    assert.match(options[0], /^Kundeserviceprisen \(demo\)$/);
    assert.match(options[1], /^Kundeserviceprisen \d{4} \(demo\)$/);
    const score = async () =>
      (await page.locator("tr", { has: page.getByRole("link", { name: COMPANY, exact: true }) }).locator("td").nth(2).innerText()).trim();
    const thisYear = await score();
    await picker.selectOption({ label: options[1] });
    await page.getByTestId("campaign-picker").getByRole("button").click();
    await page.waitForURL((url) => url.searchParams.get("campaign") === "demo-previous");
    const lastYear = await score();
    assert.match(lastYear, /^\d+,\d\d %$/, "last year's score");

    // Back to this year's wave, and into the company's report.
    await page.goto(`${base}/console/rankings`);
    await page.getByRole("link", { name: COMPANY, exact: true }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/report"));
    assert.equal((await page.getByTestId("overall").innerText()).trim(), thisYear);
    assert.equal((await page.getByTestId("previous-overall").innerText()).trim(), lastYear,
      "the report's previous wave is last year's score");
    const previous = await page.getByTestId("previous").allInnerTexts();
    const figures = previous.filter((cell) => /^\d+,\d %$/.test(cell.trim()));
    assert.ok(figures.length >= 20, `a previous-wave figure per performance: ${previous}`);
    await checkScreen(page, "report with the previous wave", undefined, { touch: false });
  } finally {
    await browser.close();
    server.kill();
  }
});
