// Evidence on the phone, loaded only when used (platform.js imports it on the first call; the service worker
// precaches it for offline): pictures scaled down and re-encoded as JPEG (so no location or camera data
// survives), pasted text, their SHA-256, the bytes in IndexedDB until the server acknowledged the evaluation
// that names them, and the resumable chunked upload of crates/domain/src/attachment.rs.
// Every function answers a promise; a refusal is a stable code ("not_image", "unreachable", the server's code).
const TARGET_BYTES = 200 * 1000;
const TIMEOUT_MS = 20000;
let opened = null;

// The files' own database (the records stay in "shopper"): "files" holds sha256 -> {bytes, type, size};
// "shared" what the share target received (sw.js writes it) until a contact took it.
function db() {
  opened ||= new Promise((resolve, reject) => {
    const request = indexedDB.open("shopper-files", 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore("files");
      request.result.createObjectStore("shared", { autoIncrement: true });
    };
    request.onsuccess = () => {
      request.result.onclose = () => { opened = null; };
      resolve(request.result);
    };
    request.onerror = () => { opened = null; reject(String(request.error)); };
  });
  return opened;
}

// One transaction over `store`; resolves with the result of the request `work` made (or of each, if it made
// several) once the transaction completed. Writes wait for the disk (strict), as the outbox does.
async function inStore(store, mode, work) {
  const tx = (await db()).transaction(store, mode, { durability: "strict" });
  const request = work(tx.objectStore(store));
  if (tx.commit && mode === "readwrite") tx.commit();
  return new Promise((resolve, reject) => {
    const result = (r) => (r instanceof IDBRequest ? r.result : undefined);
    tx.oncomplete = () => resolve(Array.isArray(request) ? request.map(result) : result(request));
    tx.onerror = tx.onabort = () => reject(String(tx.error || "the write was aborted"));
  });
}

const hex = async (bytes) =>
  [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");

async function keep(bytes, type) {
  const sha = await hex(bytes);
  await inStore("files", "readwrite", (s) => s.put({ bytes, type, size: bytes.byteLength }, sha));
  return [sha, type, bytes.byteLength];
}

function canvas(width, height) {
  if (typeof OffscreenCanvas === "function") return new OffscreenCanvas(width, height);
  const c = document.createElement("canvas");
  c.width = width;
  c.height = height;
  return c;
}

const encode = (c, quality) => c.convertToBlob
  ? c.convertToBlob({ type: "image/jpeg", quality })
  : new Promise((resolve) => c.toBlob(resolve, "image/jpeg", quality));

// A picture as a JPEG of at most `maxSide` px on its longest side and about 200 KB: drawn on a canvas (turned
// as the camera held it) and encoded anew, which writes none of the original's metadata.
async function scaled(blob, maxSide) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: "from-image" });
  } catch {
    throw "not_image";
  }
  let scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  let best = null;
  for (let round = 0; round < 6; round++, scale *= 0.75) {
    const c = canvas(Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)));
    const g = c.getContext("2d");
    g.fillStyle = "#fff"; // a screenshot's transparency becomes white, not black
    g.fillRect(0, 0, c.width, c.height);
    g.drawImage(bitmap, 0, 0, c.width, c.height);
    for (const quality of [0.85, 0.7, 0.55]) {
      best = await encode(c, quality);
      if (best.size <= TARGET_BYTES) return best;
    }
  }
  return best;
}

// The picture chosen in `input` (an <input type=file>), scaled, hashed and kept: [sha256, type, size].
export async function addImage(input, maxSide) {
  const file = input.files && input.files[0];
  input.value = "";
  if (!file) throw "no_file";
  const picture = await scaled(file, maxSide);
  return keep(await picture.arrayBuffer(), "image/jpeg");
}

export async function addText(text) {
  return keep(new TextEncoder().encode(text).buffer, "text/plain");
}

// What the share target received, scaled and kept like a picture chosen here: [[sha256, type, size], ...] and
// the keys to drop with dropShared once the evaluation that names them is on the device.
export async function takeShared(maxSide) {
  const [keys, items] = await inStore("shared", "readonly", (s) => [s.getAllKeys(), s.getAll()]);
  const taken = [];
  for (const item of items) {
    const blob = new Blob([item.bytes], { type: item.type });
    if (item.type.startsWith("text/")) taken.push(await addText(await blob.text()));
    else taken.push(await keep(await (await scaled(blob, maxSide)).arrayBuffer(), "image/jpeg").catch(() => null));
  }
  return [taken.filter(Boolean), keys];
}

export function dropShared(keys) {
  return inStore("shared", "readwrite", (s) => keys.forEach((k) => s.delete(k)));
}

// Deletes files the device no longer needs (the server acknowledged them, or the shopper removed them).
export function forget(shas) {
  return inStore("files", "readwrite", (s) => shas.forEach((sha) => s.delete(sha)));
}

// How the form shows a file: a small JPEG as a data: URL, or the start of its text; and whether the phone still
// holds it (one the phone let go of is fetched from the server: the shopper's own file). Kept per file.
const previews = new Map();

async function preview(sha, token) {
  let file = await inStore("files", "readonly", (s) => s.get(sha));
  const onPhone = !!file;
  if (!file && token) {
    const answer = await fetch(`/api/v1/attachments/${sha}/content`, {
      headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(TIMEOUT_MS),
    }).catch(() => null);
    if (answer && answer.ok) file = { bytes: await answer.arrayBuffer(), type: answer.headers.get("content-type") || "" };
  }
  if (!file) return null;
  const blob = new Blob([file.bytes], { type: file.type });
  if (file.type.startsWith("text/")) return { text: (await blob.text()).slice(0, 280), onPhone };
  const bitmap = await createImageBitmap(blob);
  const scale = Math.min(1, 160 / Math.max(bitmap.width, bitmap.height));
  const c = document.createElement("canvas");
  c.width = Math.round(bitmap.width * scale);
  c.height = Math.round(bitmap.height * scale);
  c.getContext("2d").drawImage(bitmap, 0, 0, c.width, c.height);
  return { image: c.toDataURL("image/jpeg", 0.7), onPhone };
}

// Fills in the list the form drew (src/components/evidence.rs): each item's picture or text, and "on the
// server" (`words[1]`) for a file the phone no longer holds. `words[0]` is a picture's alternative text.
export async function fillPreviews(list, token, words) {
  for (const item of list.querySelectorAll("[data-sha256]")) {
    const sha = item.dataset.sha256;
    if (!previews.has(sha)) previews.set(sha, preview(sha, token).catch(() => null));
    const shown = await previews.get(sha);
    if (!shown) previews.delete(sha); // offline, say: asked again at the next drawing
    const slot = item.querySelector(".evidence-preview");
    if (!shown || !slot || slot.firstChild) continue;
    if (shown.image) {
      const img = document.createElement("img");
      img.src = shown.image;
      img.alt = words[0];
      img.dataset.testid = "evidence-thumbnail";
      slot.append(img);
    } else {
      const quote = document.createElement("blockquote");
      quote.className = "evidence-text";
      quote.textContent = shown.text;
      slot.append(quote);
    }
    if (!shown.onPhone) item.querySelector(".evidence-state").textContent = words[1];
  }
}

// Uploads one file until the server holds it whole: asks where it stands (a resumed upload goes on from the
// server's `received`), sends the chunks with their own hash, follows `chunk_offset` and starts again after
// `attachment_corrupt`. Calls onProgress(percent). Resolves when complete; rejects with a code.
async function upload(token, protocol, sha, type, size, chunkBytes, onProgress) {
  const file = await inStore("files", "readonly", (s) => s.get(sha));
  if (!file) throw "file_missing";
  const call = async (method, path, body, headers = {}) => {
    let answer;
    try {
      answer = await fetch(path, {
        method, body, signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: { authorization: `Bearer ${token}`, "x-shopper-protocol": protocol, ...headers },
      });
    } catch {
      throw "unreachable";
    }
    const text = await answer.text().catch(() => "");
    let json = null;
    try { json = JSON.parse(text); } catch {}
    if (answer.ok && json) return [null, json];
    if (answer.status === 401) throw "signed_out";
    return [(json && json.error && json.error.code) || "http", json];
  };
  const start = async () => {
    const [code, progress] = await call("POST", "/api/v1/attachments", JSON.stringify({ sha256: sha, content_type: type, size }),
      { "content-type": "application/json" });
    if (code) throw code;
    return progress;
  };
  let progress = await start();
  for (let setbacks = 0; !progress.complete;) {
    onProgress(Math.floor((progress.received * 100) / size));
    if (setbacks > 4) throw "upload_stuck";
    const at = progress.received;
    const part = file.bytes.slice(at, Math.min(size, at + chunkBytes));
    const [code, answer] = await call("PUT", `/api/v1/attachments/${sha}/chunks/${at}`, part,
      { "content-type": "application/octet-stream", "x-chunk-sha256": await hex(part) });
    if (!code) { progress = answer; continue; }
    setbacks++;
    if (code === "chunk_offset") {
      const [again, where] = await call("GET", `/api/v1/attachments/${sha}`);
      if (again) throw again;
      progress = where;
    } else if (code === "attachment_corrupt") progress = await start();
    else if (code !== "chunk_corrupt") throw code;
  }
  onProgress(100);
}

// Files the server said it holds whole, since the app started: not asked about again unless `again`.
const uploaded = new Set();

// Uploads each of `files` ([sha256, type, size]) in turn, calling onProgress(sha256, percent); 100 means the
// server holds it whole. Rejects with the first failure's code.
export async function uploadAll(token, protocol, files, chunkBytes, again, onProgress) {
  for (const [sha, type, size] of files) {
    if (uploaded.has(sha) && !again) continue;
    uploaded.delete(sha);
    await upload(token, protocol, sha, type, size, chunkBytes, (percent) => percent < 100 && onProgress(sha, percent));
    uploaded.add(sha);
    onProgress(sha, 100);
  }
}
