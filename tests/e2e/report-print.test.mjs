// Reports checked as printed: Debian's Chromium prints a participant's company report (from the portal) and
// the organizer's document with every company of a campaign to PDF (`page.pdf`, A4 as the page's CSS asks),
// and pdftotext (Debian's poppler-utils) reads the text back with each word's box. Asserted: the company name,
// the campaign, the place in the class, page numbers "Side k av n" on every page, every performance label of
// the report, and that no page is under a quarter full except the last page of a company (the fill is how far
// down the page's writing area, between the header and the footer, its lowest line of text reaches).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, checkScreen, startServer } from "./support.mjs";

const PARTICIPANT = "kontakt@sparebanken.demo.example";
const COMPANY = "Sparebanken Møre";
const PASSWORD = "demo-passord";
// A4 in points, and the margins the report's CSS asks for (20 mm above, 18 mm below).
const MM = 72 / 25.4;
const TOP = 20 * MM;
const BOTTOM = 18 * MM;

const decode = (text) => text.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
  .replace(/&quot;/g, '"').replace(/&#39;/g, "'");

/// The PDF's pages, each with its header, its footer and its body's words and fill.
function readPdf(pdf, dir, name) {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const bbox = execFileSync("pdftotext", ["-bbox", file, "-"], { maxBuffer: 1 << 28 }).toString();
  const layout = execFileSync("pdftotext", ["-layout", file, "-"], { maxBuffer: 1 << 28 }).toString();
  const pages = [];
  for (const [, attributes, body] of bbox.matchAll(/<page ([^>]*)>([\s\S]*?)<\/page>/g)) {
    const height = Number(attributes.match(/height="([\d.]+)"/)[1]);
    const words = [...body.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
      .map(([, , yMin, , yMax, text]) => ({ yMin: Number(yMin), yMax: Number(yMax), text: decode(text) }));
    const header = words.filter((w) => w.yMax <= TOP).map((w) => w.text).join(" ");
    const footer = words.filter((w) => w.yMin >= height - BOTTOM).map((w) => w.text).join(" ");
    const inside = words.filter((w) => w.yMin > TOP && w.yMax < height - BOTTOM);
    const lowest = Math.max(TOP, ...inside.map((w) => w.yMax));
    const fill = (lowest - TOP) / (height - TOP - BOTTOM);
    pages.push({ header, footer, text: inside.map((w) => w.text).join(" "), fill });
  }
  return { pages, layout };
}

/// The company a page header names: "campaign · company date".
const companyOf = (header) => header.split(" · ").slice(1).join(" · ").replace(/ \d{1,2}\. [a-zæøå]+\.? \d{4}$/, "");

/// Consecutive pages with the same header are one company's report.
function byCompany(pages) {
  const groups = [];
  for (const page of pages) {
    if (groups.length === 0 || groups.at(-1).header !== page.header) groups.push({ header: page.header, pages: [] });
    groups.at(-1).pages.push(page);
  }
  return groups;
}

function checkPrinted(name, pages, campaign) {
  pages.forEach((page, index) => {
    assert.equal(page.footer, `Side ${index + 1} av ${pages.length}`, `${name}: page ${index + 1}'s number`);
    assert.ok(page.header.startsWith(`${campaign} · `), `${name}: page ${index + 1}'s header: ${page.header}`);
    assert.match(page.header, /\d{1,2}\. [a-zæøå]+\.? \d{4}$/, `${name}: the date in the header`);
  });
  const groups = byCompany(pages);
  for (const group of groups) {
    group.pages.forEach((page, index) => {
      if (index < group.pages.length - 1) {
        assert.ok(page.fill >= 0.25, `${name}: ${group.header}, page ${index + 1} of ${group.pages.length} is ${(page.fill * 100).toFixed(0)} % full`);
      }
    });
  }
  return groups;
}

test("a company's report and every company's report print on A4 with header, page numbers, labels and full pages", async () => {
  const { server, base } = await startServer(["--demo-waves", "true"]);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const dir = mkdtempSync(join(tmpdir(), "shopper-print-"));
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "nb-NO" });
    const page = await context.newPage();

    // The participant's report, from the portal.
    await page.goto(`${base}/portal/login`);
    await page.getByLabel("E-post").fill(PARTICIPANT);
    await page.getByLabel("Passord").fill(PASSWORD);
    await page.getByRole("button", { name: "Logg inn" }).click();
    await page.waitForURL((url) => url.pathname === "/portal");
    await checkScreen(page, "the portal's overview", undefined, { touch: false });
    // Last year's wave, which is complete: the company has its place.
    await page.getByTestId("trend").getByRole("link").last().click();
    await page.waitForURL((url) => /^\/portal\/companies\/[^/]+$/.test(url.pathname));
    await checkScreen(page, "the portal's report", "6-portal-report", { touch: false });
    const campaign = (await page.getByTestId("campaign").innerText()).trim();
    const place = (await page.getByTestId("place").innerText()).trim();
    assert.match(place, /^(Delt )?\d+\. plass av 3 i Bank$/, place);
    const labels = (await page.getByTestId("performances").locator("tbody tr td:first-child").allInnerTexts())
      .map((label) => label.trim());
    assert.ok(labels.length >= 30, `the performances: ${labels}`);
    assert.ok(labels.includes("Ventetid") && labels.includes("Løste saken"), "named by their report labels");
    const one = readPdf(await page.pdf({ preferCSSPageSize: true, printBackground: true }), dir, "company");
    const groups = checkPrinted("the company report", one.pages, campaign);
    assert.equal(groups.length, 1, "one company");
    assert.equal(companyOf(groups[0].header), COMPANY);
    const text = one.layout.replace(/\s+/g, " ");
    for (const part of [COMPANY, campaign, place, ...labels]) {
      assert.ok(text.includes(part), `the printed report has «${part}»`);
    }
    const last = one.pages.at(-1);
    console.log(`company report: ${one.pages.length} pages, the last ${(last.fill * 100).toFixed(0)} % full; ` +
      `the others ${one.pages.slice(0, -1).map((p) => `${(p.fill * 100).toFixed(0)} %`).join(", ")}`);

    // The organizer's document with every company of this year's campaign (half done: some not ranked yet).
    const organizer = await browser.newContext({ locale: "nb-NO" });
    const console_ = await organizer.newPage();
    await console_.goto(`${base}/console/login`);
    await console_.getByLabel("E-post").fill("viewer@demo.example");
    await console_.getByLabel("Passord").fill(PASSWORD);
    await console_.getByRole("button", { name: "Logg inn" }).click();
    await console_.waitForURL((url) => url.pathname === "/console/rankings");
    const companies = await console_.locator("table a[href*='/report']").allInnerTexts();
    await console_.goto(`${base}/console/reports?campaign=demo`);
    const reports = await console_.getByTestId("report").count();
    assert.equal(reports, companies.length, "every company of the campaign");
    const started = Date.now();
    const all = readPdf(await console_.pdf({ preferCSSPageSize: true, printBackground: true }), dir, "all");
    const printed = Date.now() - started;
    const thisYear = (await console_.getByTestId("campaign").first().innerText()).trim();
    assert.notEqual(thisYear, campaign, "this year's campaign, not last year's");
    const everyGroup = checkPrinted("every company's report", all.pages, thisYear);
    assert.deepEqual(everyGroup.map((g) => companyOf(g.header)).sort(),
      companies.map((c) => c.trim()).sort(), "each company starts its own pages, under its own header");
    const allText = all.layout.replace(/\s+/g, " ");
    for (const company of companies) assert.ok(allText.includes(company.trim()), company);
    const places = allText.match(/(\d+\. plass av \d+|Ikke rangert ennå) i /g) ?? [];
    assert.equal(places.length, companies.length, "a place (or not ranked yet) per company");
    for (const label of labels) assert.ok(allText.includes(label), `the document has «${label}»`);
    const perCompany = everyGroup.map((g) => g.pages.length);
    const lastFills = everyGroup.map((g) => g.pages.at(-1).fill);
    console.log(`every company's report: ${all.pages.length} pages for ${companies.length} companies ` +
      `(${Math.min(...perCompany)}-${Math.max(...perCompany)} each), printed in ${printed} ms; last pages ` +
      `${(Math.min(...lastFills) * 100).toFixed(0)}-${(Math.max(...lastFills) * 100).toFixed(0)} % full`);
  } finally {
    await browser.close();
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
