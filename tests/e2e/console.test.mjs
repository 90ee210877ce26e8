// Every console page as each role (admin, reviewer, viewer), in Norwegian and in English, at 1366 px in Debian's
// Chromium: axe finds no serious or critical violation, nothing scrolls sideways, a Norwegian page shows no enum
// name, no English server message and no UTC timestamp; each role lands on a page it may open, its navigation
// shows only those, and the language each organizer chooses is kept on their account.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, checkScreen, organizerPost, startServer } from "./support.mjs";

const PASSWORD = "demo-passord";

// Words that are the code's, not the organizer's: enum names, audit action codes, role names in English.
const CODE_WORDS = /\b(phone|email|received|approved|returned|dialled|answered|on_hold|OnHold|review_approve|review_return|import_questionnaire|create_shopper|invite_shopper|revoke_shopper|import_companies|create_assignment|import_assignments|viewer|reviewer|admin|not_found|bad_request)\b/;
// English server messages ("… is not …", "… already …") and raw UTC times.
const ENGLISH = /\b(the|is|are|not|with|already|this|that|has|internal error)\b/i;
const UTC_ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/// Every required answer of the demo questionnaire for a phone call that solved the matter (as the server tests).
const ANSWERS = {
  ventetid: 25, kom_fram: "forste", firmanavn: true, presentasjon: true, hilsen_vennlig: 5, tilbud_om_hjelp: true,
  ordvalg: 6, tonefall: 5, engasjement: 4, lyttet: true, forstaelig: 5, tilpasset: 5, empati: true,
  apne_sporsmal: false, loste_problemet: "helt", riktig_info: 6, eierskap: true, tilbud_ekstra: null, noe_mer: true,
  oppsummering: true, takket: true, avslutning_god: 5, helhetsinntrykk: 5, anbefaling: 8,
  tidspunkt: "2026-11-20T10:15", beste: "Hyggelig og rask",
};

/// The demo shopper signs in with the printed link and sends one phone evaluation; the organizer approves it.
async function oneApprovedEvaluation(base, link) {
  const code = new URL(link).hash.replace("#code=", "");
  const signedIn = await (await fetch(`${base}/api/v1/sign-in`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ invite_code: code }),
  })).json();
  const auth = { authorization: `Bearer ${signedIn.token}`, "content-type": "application/json" };
  const mine = await (await fetch(`${base}/api/v1/assignments`, { headers: auth })).json();
  const phone = mine.assignments.find((a) => a.channel === "phone");
  const id = crypto.randomUUID();
  const pushed = await fetch(`${base}/api/v1/evaluations/${id}`, {
    method: "PUT", headers: auth, body: JSON.stringify({
      protocol: 1, revision: 1, content: {
        assignment_id: phone.id, questionnaire_id: phone.questionnaire_id,
        questionnaire_version: phone.questionnaire_version, channel: "phone",
        timeline: [{ event: "dialled", at_ms: 1_763_633_700_000 }, { event: "answered", at_ms: 1_763_633_725_000 },
          { event: "on_hold", at_ms: 1_763_633_800_000 }, { event: "ended", at_ms: 1_763_634_000_000 }],
        answers: ANSWERS, notes: "Ventet 2 minutter i kø",
      },
    }),
  });
  assert.equal(pushed.status, 201, await pushed.text());
  const approved = await organizerPost(base, `/evaluations/${id}/review`, { revision: 1, decision: "approve" });
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  return { evaluation: id, company: phone.company };
}

/// The page's text an organizer reads, without the names people gave things (a person may be called "Demo
/// admin") and without what is marked as English (the raw audit entries behind their toggle).
async function readableText(page) {
  return page.evaluate(() => {
    const copy = document.body.cloneNode(true);
    copy.querySelectorAll('[lang="en"], .who, details, code, textarea, select').forEach((el) => el.remove());
    return copy.innerText;
  });
}

async function checkPage(page, name, lang) {
  await checkScreen(page, name, undefined, { touch: false });
  assert.equal(await page.getAttribute("html", "lang"), lang, `${name}: page language`);
  if (lang !== "nb") return;
  const text = (await readableText(page)).replace(/Demo (admin|reviewer|viewer|Shopper)|API token/g, "");
  for (const [what, pattern] of [["an enum name", CODE_WORDS], ["English", ENGLISH], ["a UTC time", UTC_ISO]]) {
    const found = text.match(pattern);
    assert.equal(found, null, `${name}: ${what} on a Norwegian page: "${found?.[0]}" in …${text.slice(Math.max(0, (found?.index ?? 0) - 60), (found?.index ?? 0) + 60)}…`);
  }
}

test("every console page, as each role and in both languages, is readable, accessible and fits 1366 px", async () => {
  const { server, base, link, organizer } = await startServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const { evaluation, company } = await oneApprovedEvaluation(base, link);
    const rankings = await organizer("/rankings");
    const companyId = rankings.classes.flatMap((c) => c.ranking).find((line) => line.company === company).company_id;
    const roles = [
      { email: "admin@demo.example", lands: "/console", pages: ["/console", `/console/evaluations/${evaluation}`,
        "/console/rankings", `/console/companies/${companyId}/report`, "/console/shoppers", "/console/campaign",
        "/console/participants", "/console/progress", "/console/audit"] },
      { email: "reviewer@demo.example", lands: "/console", pages: ["/console", `/console/evaluations/${evaluation}`,
        "/console/rankings", `/console/companies/${companyId}/report`, "/console/audit"] },
      { email: "viewer@demo.example", lands: "/console/rankings", pages: ["/console/rankings", `/console/companies/${companyId}/report`] },
    ];
    for (const role of roles) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "nb-NO" });
      const page = await context.newPage();
      const logIn = async () => {
        await page.goto(`${base}/console/login`);
        await page.getByLabel("E-post").fill(role.email);
        await page.getByLabel("Passord").fill(PASSWORD);
        await page.getByRole("button", { name: "Logg inn" }).click();
        await page.waitForURL((url) => url.pathname !== "/console/login");
      };
      await logIn();
      assert.equal(new URL(page.url()).pathname, role.lands, `${role.email} lands on a page it may open`);
      assert.equal(await page.getByTestId("error").count(), 0, `${role.email}: no error page on landing`);
      const nav = await page.locator("header nav a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
      assert.deepEqual(nav, [...new Set(role.pages.filter((p) => !p.includes("/evaluations/") && !p.includes("/companies/")))],
        `${role.email}: the navigation shows exactly the pages the role may open`);
      for (const lang of ["nb", "en"]) {
        if (lang === "en") {
          await page.getByRole("button", { name: "English" }).click();
          await page.locator('html[lang="en"]').waitFor();
        }
        for (const path of role.pages) {
          const response = await page.goto(`${base}${path}`);
          assert.equal(response.status(), 200, `${role.email} ${path}`);
          await checkPage(page, `${role.email} ${lang} ${path}`, lang);
        }
        if (role.email.startsWith("admin")) {
          // The pages a form leads to: a one-time link, and a CSV import with bad lines.
          await page.goto(`${base}/console/shoppers`);
          await page.locator("tr", { hasText: "Kari Nordmann (demo)" }).locator("button").first().click();
          await checkPage(page, `${role.email} ${lang} invite`, lang);
          assert.equal(await page.locator('a[href*="/signin#code="]').count(), 0, "the sign-in link is not clickable");
          await page.goto(`${base}/console/campaign`);
          await page.locator('textarea[name="csv"]').nth(1).fill(
            "company,channel,scenario,shopper,contact,window_start,window_end,due\n" +
            "Hertz,telefon,x,Kari Nordmann (demo),tel:1,2026-12-01,2026-12-10,2026-12-10\n" +
            "Nowhere AS,phone,x,Nobody,tel:1,1. desember,2026-12-10,2026-12-10\n");
          await page.locator('form[action^="/console/campaign/assignments"] button[value="import"]').click();
          await checkPage(page, `${role.email} ${lang} import errors`, lang);
          if (lang === "nb") {
            assert.match(await page.getByTestId("error").innerText(), /Linje 2: kanalen «telefon» finnes ikke \(telefon, chat eller e-post\)/);
          }
        }
      }
      // The choice stays with the organizer: after logging out and in again, the console is still English.
      await page.getByRole("button", { name: "Log out" }).click();
      await page.waitForURL((url) => url.pathname === "/console/login");
      await logIn();
      assert.equal(await page.getAttribute("html", "lang"), "en", `${role.email}: the language choice is kept`);
      await context.close();
    }
  } finally {
    await browser.close();
    server.kill();
  }
});
