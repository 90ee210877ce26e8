// An import as Norwegian Excel writes it, in Debian's Chromium: the organizer uploads a semicolon-separated
// assignments file with a byte-order mark and dd.mm.yyyy dates, one cell wrong. The preview marks that cell
// and keeps the file's text in the box; the organizer fixes the cell in the box, previews again (no errors)
// and imports; the assignments are stored with ISO dates and contacts as links.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, startServer } from "./support.mjs";

const PASSWORD = "demo-passord";

test("a semicolon file with a BOM and dd.mm.yyyy dates is previewed, a bad cell fixed in the box, and imported", async () => {
  const { server, base, organizer } = await startServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const dir = mkdtempSync(join(tmpdir(), "shopper-import-"));
  try {
    const file = join(dir, "oppdrag.csv");
    writeFileSync(file, "\uFEFF" + [
      "company;channel;scenario;shopper;contact;window_start;window_end;due",
      "Hertz;phone;Fra Excel;Kari Nordmann (demo);22 12 34 56;01.12.2026;10.12.2026;10.12.2026",
      "Trumf;email;Fra Excel;Kari Nordmann (demo);kundeservice@jetpak.example;01.12.2026;31.13.2026;10.12.2026",
    ].join("\r\n") + "\r\n");
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "nb-NO" });
    const page = await context.newPage();
    await page.goto(`${base}/console/login`);
    await page.getByLabel("E-post").fill("admin@demo.example");
    await page.getByLabel("Passord").fill(PASSWORD);
    await page.getByRole("button", { name: "Logg inn" }).click();
    await page.waitForURL((url) => url.pathname !== "/console/login");
    await page.goto(`${base}/console/campaign`);

    const form = page.getByTestId("import-assignments");
    await form.locator('input[type="file"]').setInputFiles(file);
    await form.getByRole("button", { name: "Forhåndsvis" }).click();
    const preview = page.getByTestId("preview");
    await preview.waitFor();
    assert.match(await preview.innerText(), /2 rader, 1 med feil/);
    const bad = preview.locator("td[data-bad-cell]");
    assert.equal(await bad.count(), 1);
    assert.equal(await bad.getAttribute("data-bad-cell"), "window_end");
    assert.match(await bad.innerText(), /31\.13\.2026/);
    // The file is in the box now; fix the cell there and preview again.
    const box = page.getByTestId("import-assignments").locator("textarea");
    const text = await box.inputValue();
    assert.ok(text.includes("Trumf;email;Fra Excel") && !text.startsWith("\uFEFF"), text);
    await box.fill(text.replace("31.13.2026", "10.12.2026"));
    await page.getByTestId("import-assignments").getByRole("button", { name: "Forhåndsvis" }).click();
    await page.getByTestId("preview").waitFor();
    assert.match(await page.getByTestId("preview").innerText(), /2 rader, 0 med feil/);
    assert.equal(await page.getByTestId("preview").locator("td[data-bad-cell]").count(), 0);
    await page.getByTestId("import-assignments").getByRole("button", { name: "Importer" }).click();
    await page.getByTestId("notice").waitFor();
    assert.equal(await page.getByTestId("notice").innerText(), "2 oppdrag importert.");

    const spread = await organizer("/assignments/spread");
    assert.ok(JSON.stringify(spread).includes("Trumf"), JSON.stringify(spread));
  } finally {
    await browser.close();
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
