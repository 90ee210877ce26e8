// Evidence with an evaluation, on a phone (360x640) in Debian's Chromium against the real server: a large
// photo with location data attached offline is scaled to at most 1600 px and about 200 KB and stripped of its
// metadata; pasted chat text is attached to one question; the browser is SIGKILLed with the evaluation in the
// outbox, started again on the same profile, comes online and sends it: the server serves back every file
// with the hash the phone listed; an upload cut by a kill goes on from the server's offset. The share target: a multipart POST to /share under the service worker lands
// in the open contact, or (none open) asks which contact it belongs to.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  answerSolvedPhoneCall, checkScreen, deviceEvaluations, deviceRecords, killBrowser, launchInstalledPhone,
  launchPhone, openAssignment, startServer, submit,
} from "./support.mjs";

const LOCATION_MARK = "GPS 59.9139N 10.7522E Oslo";

/// A noisy 3200x2400 photo as a JPEG of a few MB, with an Exif segment (APP1) carrying a location, made in the
/// page with a canvas: the kind of file a phone camera writes.
async function cameraPhoto(page) {
  const base64 = await page.evaluate(async (mark) => {
    const canvas = new OffscreenCanvas(3200, 2400);
    const g = canvas.getContext("2d");
    const pixels = g.createImageData(3200, 2400);
    let seed = 7;
    for (let i = 0; i < pixels.data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      pixels.data[i] = (i / 4) % 3200 / 13; pixels.data[i + 1] = seed >>> 24; pixels.data[i + 2] = 128; pixels.data[i + 3] = 255;
    }
    g.putImageData(pixels, 0, 0);
    const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: "image/jpeg", quality: 0.95 })).arrayBuffer());
    // APP1 "Exif\0\0" + a big-endian TIFF header with an empty IFD, then the location text.
    const exif = [...new TextEncoder().encode("Exif\0\0MM\0*\0\0\0\x08\0\0\0\0\0\0"), ...new TextEncoder().encode(mark)];
    const length = exif.length + 2;
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe1, length >> 8, length & 0xff, ...exif, ...jpeg.slice(2)]);
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  }, LOCATION_MARK);
  return Buffer.from(base64, "base64");
}

/// A file the phone keeps, read from its file store: size, the longest side if a picture, its SHA-256 and
/// whether its bytes hold `mark` or an Exif segment.
async function storedFile(page, sha256, mark) {
  return page.evaluate(([sha256, mark]) => new Promise((resolve, reject) => {
    const request = indexedDB.open("shopper-files", 1);
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const get = request.result.transaction("files").objectStore("files").get(sha256);
      get.onsuccess = async () => {
        request.result.close();
        if (!get.result) return resolve(null);
        const bytes = new Uint8Array(get.result.bytes);
        const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
        const latin = Array.from(bytes.subarray(0, 4096), (b) => String.fromCharCode(b)).join("");
        let side = null;
        if (get.result.type.startsWith("image/")) {
          const bitmap = await createImageBitmap(new Blob([bytes], { type: get.result.type }));
          side = Math.max(bitmap.width, bitmap.height);
        }
        resolve({ size: bytes.length, type: get.result.type, digest, side, exif: latin.includes("Exif"), mark: latin.includes(mark) });
      };
    };
  }), [sha256, mark]);
}

/// Waits until the service worker controls the page (it serves the evidence module offline, and takes shares).
async function underServiceWorker(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve));
    }
  });
}


test("a photo and pasted text attached offline arrive whole after a killed browser", async () => {
  const { server, link, base } = await startServer();
  const profile = mkdtempSync(join(tmpdir(), "shopper-evidence-"));
  let context = await launchInstalledPhone(profile);
  try {
    let page = context.pages()[0] || await context.newPage();
    await openAssignment(page, link, "Sparebanken Møre");
    await underServiceWorker(page);
    const photo = await cameraPhoto(page);
    assert.ok(photo.length > 1_000_000, `the camera's photo is large (${photo.length} B)`);

    await context.setOffline(true);
    const items = page.getByTestId("evidence-item");
    await page.getByTestId("evidence-file").setInputFiles({ name: "IMG_2041.jpg", mimeType: "image/jpeg", buffer: photo });
    await items.first().getByTestId("evidence-thumbnail").waitFor();
    assert.equal(await items.first().getByTestId("evidence-state").textContent(), "På telefonen");
    assert.match(await items.first().textContent(), /Hele evalueringen/);
    const pictureSha = await items.first().getAttribute("data-sha256");
    const picture = await storedFile(page, pictureSha, LOCATION_MARK);
    console.log(`photo ${photo.length} B -> ${picture.size} B on the phone, ${picture.side} px on its longest side`);
    assert.equal(picture.type, "image/jpeg");
    assert.ok(picture.side <= 1600 && picture.side >= 400, `scaled to at most 1600 px (${picture.side})`);
    assert.ok(picture.size <= 200_000, `about 200 KB at most (${picture.size} B)`);
    assert.equal(picture.digest, pictureSha, "listed by the SHA-256 of the bytes kept");
    assert.equal(picture.exif, false, "no Exif segment survives");
    assert.equal(picture.mark, false, "the location is gone");

    // Pasted chat text, as evidence for one question.
    await page.getByTestId("evidence-for").selectOption("lyttet");
    const chat = "Agent: Hei, du snakker med Kari.\nMeg: Jeg lurer på om boliglån.\nAgent: Det ordner vi!";
    await page.getByTestId("evidence-text").fill(chat);
    await page.getByTestId("evidence-attach-text").click();
    await assert.doesNotReject(items.nth(1).waitFor());
    assert.match(await items.nth(1).textContent(), /uten å bli avbrutt/);
    assert.equal(await items.nth(1).getAttribute("data-type"), "text/plain; charset=utf-8");
    assert.match(await items.nth(1).locator("blockquote").textContent(), /snakker med Kari/);
    const textSha = await items.nth(1).getAttribute("data-sha256");
    assert.equal(textSha, createHash("sha256").update(chat).digest("hex"));

    await checkScreen(page, "evidence listed");
    // The same text again for the same question is refused in words; a third file, removed again, is gone.
    await page.getByTestId("evidence-text").fill(chat);
    await page.getByTestId("evidence-attach-text").click();
    await assert.doesNotReject(page.getByTestId("evidence-message").getByText("allerede lagt ved").waitFor());
    await page.getByTestId("evidence-for").selectOption("");
    await page.getByTestId("evidence-text").fill("feil tekst");
    await page.getByTestId("evidence-attach-text").click();
    await items.nth(2).waitFor();
    const wrongSha = await items.nth(2).getAttribute("data-sha256");
    await items.nth(2).getByTestId("evidence-remove").click();
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=evidence-item]").length === 2);
    await page.waitForFunction(async (sha) => !(await new Promise((resolve) => {
      const r = indexedDB.open("shopper-files", 1);
      r.onsuccess = () => { const g = r.result.transaction("files").objectStore("files").get(sha); g.onsuccess = () => { r.result.close(); resolve(g.result); }; };
    })), wrongSha);

    const [draft] = await deviceEvaluations(page);
    assert.deepEqual(draft.content.attachments.map((a) => [a.sha256, a.question_id ?? null]),
      [[pictureSha, null], [textSha, "lyttet"]], "the evaluation record lists its files");

    await answerSolvedPhoneCall(page);
    await submit(page);
    await page.getByTestId("assignment").first().waitFor();
    assert.equal((await deviceEvaluations(page))[0].state, "outbox");

    // Killed with the evaluation in the outbox, offline; started again, online.
    await killBrowser(profile, context);
    context = await launchInstalledPhone(profile);
    page = context.pages()[0] || await context.newPage();
    await page.goto(`${base}/`);
    let sent = null;
    for (let i = 0; i < 120 && !sent; i++) {
      const [evaluation] = await deviceEvaluations(page);
      if (evaluation?.state === "sent") sent = evaluation;
      else await page.waitForTimeout(250);
    }
    assert.ok(sent, "the evaluation is sent once the phone is online");
    const { session } = await deviceRecords(page);
    for (const [sha, expected] of [[pictureSha, picture.size], [textSha, Buffer.byteLength(chat)]]) {
      const answer = await fetch(`${base}/api/v1/attachments/${sha}/content`, { headers: { authorization: `Bearer ${session.token}` } });
      assert.equal(answer.status, 200, `the server serves ${sha}`);
      const bytes = Buffer.from(await answer.arrayBuffer());
      assert.equal(bytes.length, expected);
      assert.equal(createHash("sha256").update(bytes).digest("hex"), sha, "the server holds the file whole");
    }
    // The files are on the server now; the open evaluation says so.
    await page.goto(`${base}/a/${sent.content.assignment_id}`);
    await page.getByTestId("evidence-item").first().waitFor();
    assert.deepEqual(await page.getByTestId("evidence-state").allTextContents(), ["Hos arrangøren", "Hos arrangøren"]);
  } finally {
    await context.close().catch(() => {});
    server.kill();
  }
});

test("an upload cut by a killed browser goes on from where the server stands", async () => {
  const { server, link, base } = await startServer();
  const profile = mkdtempSync(join(tmpdir(), "shopper-evidence-"));
  let context = await launchInstalledPhone(profile);
  try {
    let page = context.pages()[0] || await context.newPage();
    await openAssignment(page, link, "Lendo");
    await underServiceWorker(page);
    await context.setOffline(true);
    // A long e-mail thread: four chunks of 256 KiB.
    const thread = Array.from({ length: 9000 }, (_, i) => `Linje ${i}: svar fra kundeservice om lånet.`).join("\n").slice(0, 900_000);
    // Pasted (a fill would type it key by key).
    await page.getByTestId("evidence-text").evaluate((area, text) => { area.value = text; }, thread);
    await page.getByTestId("evidence-attach-text").click();
    await page.getByTestId("evidence-item").first().waitFor();
    const sha = await page.getByTestId("evidence-item").first().getAttribute("data-sha256");
    await answerSolvedPhoneCall(page);
    await submit(page);
    await page.getByTestId("assignment").first().waitFor();

    // Online on a slow line; killed as soon as the server acknowledged the first chunk.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 50, downloadThroughput: 1e6, uploadThroughput: 120_000 });
    const firstChunk = page.waitForResponse((r) => r.request().method() === "PUT" && r.url().endsWith(`/chunks/0`), { timeout: 60_000 });
    await context.setOffline(false);
    assert.equal((await firstChunk).status(), 200);
    await killBrowser(profile, context);

    context = await launchInstalledPhone(profile);
    const offsets = [];
    context.on("request", (r) => {
      const at = r.method() === "PUT" && r.url().match(/\/chunks\/(\d+)$/);
      if (at) offsets.push(Number(at[1]));
    });
    page = context.pages()[0] || await context.newPage();
    await page.goto(`${base}/`);
    let sent = false;
    for (let i = 0; i < 120 && !sent; i++) {
      sent = (await deviceEvaluations(page)).some((e) => e.state === "sent");
      if (!sent) await page.waitForTimeout(250);
    }
    assert.ok(sent, "the evaluation is sent after the restart");
    assert.ok(offsets.length > 0 && offsets[0] >= 256 * 1024, `the upload went on from the server's offset (${offsets})`);
    assert.ok(!offsets.includes(0), "the first chunk was not sent again");
    const { session } = await deviceRecords(page);
    const bytes = Buffer.from(await (await fetch(`${base}/api/v1/attachments/${sha}/content`, {
      headers: { authorization: `Bearer ${session.token}` },
    })).arrayBuffer());
    assert.equal(createHash("sha256").update(bytes).digest("hex"), sha, "whole after the cut");
  } finally {
    await context.close().catch(() => {});
    server.kill();
  }
});

/// Shares a file and a text with the app as Android's share sheet does: a multipart POST navigation to the
/// manifest's share_target action, which the service worker takes.
async function share(page, text) {
  await page.evaluate(async (text) => {
    const canvas = document.createElement("canvas");
    canvas.width = 900;
    canvas.height = 1600;
    const g = canvas.getContext("2d");
    g.fillStyle = "#2a6";
    g.fillRect(0, 0, 900, 1600);
    g.fillStyle = "#fff";
    g.font = "60px sans-serif";
    g.fillText("Chat med kundeservice", 40, 200);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
    const form = document.createElement("form");
    form.method = "POST";
    form.action = "/share";
    form.enctype = "multipart/form-data";
    const files = document.createElement("input");
    files.type = "file";
    files.name = "files";
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], "Screenshot_chat.png", { type: "image/png" }));
    files.files = transfer.files;
    const words = document.createElement("input");
    words.name = "text";
    words.value = text;
    form.append(files, words);
    document.body.append(form);
    form.submit();
  }, text);
}

test("a screenshot shared from another app lands in the open contact, or asks which contact", async () => {
  const { server, link } = await startServer();
  const { browser, page } = await launchPhone();
  try {
    await openAssignment(page, link, "Sparebanken Møre");
    await underServiceWorker(page);
    const manifest = await (await fetch(new URL("/manifest.webmanifest", page.url()))).json();
    assert.equal(manifest.share_target.action, "/share");
    assert.equal(manifest.share_target.params.files[0].name, "files");

    const contact = new URL(page.url()).pathname;
    await share(page, "Kundeservice svarte etter 3 minutter");
    const items = page.getByTestId("evidence-item");
    await assert.doesNotReject(page.getByTestId("evidence-message").getByText("Det du delte, er lagt ved").waitFor());
    assert.equal(new URL(page.url()).pathname, contact, "it landed in the contact that was open");
    assert.ok(!page.url().includes("shared"), "and the address is the contact's own again");
    assert.equal(await items.count(), 2, "the screenshot and the shared text");
    assert.equal(await items.nth(0).getAttribute("data-type"), "image/jpeg", "the shared picture is re-encoded");
    // The preview is filled in by the evidence module after the list is drawn.
    await assert.doesNotReject(items.nth(1).getByText(/svarte etter 3 minutter/).waitFor());

    // With no contact open the app asks which one it belongs to, and the contact opened takes it.
    await page.goto(new URL("/", page.url()).href);
    await page.getByTestId("assignment").first().waitFor();
    await share(page, "Fra e-posten");
    await page.getByTestId("shared-choose").waitFor();
    const card = page.getByTestId("assignment").filter({ hasText: "Scandic Hotels" });
    await card.locator("a.open").click();
    await assert.doesNotReject(page.getByTestId("evidence-message").getByText("Det du delte, er lagt ved").waitFor());
    assert.equal(await page.getByTestId("evidence-item").count(), 2);
    const stillWaiting = await page.evaluate(() => new Promise((resolve) => {
      const r = indexedDB.open("shopper-files", 1);
      r.onsuccess = () => { const c = r.result.transaction("shared").objectStore("shared").count(); c.onsuccess = () => resolve(c.result); };
    }));
    assert.equal(stillWaiting, 0, "what was shared is taken once, by one contact");
  } finally {
    await browser.close();
    server.kill();
  }
});
