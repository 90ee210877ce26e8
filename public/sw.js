// Shopper's service worker: precaches this build's app shell so the app opens offline. Drafts and the outbox
// live in IndexedDB, never in this cache, so replacing the cache never touches a shopper's work. Only the
// app's own routes (src/router.rs) get the shell; /console, /api and every other server page go to the network.
const VERSION = "__BUILD_VERSION__";
const CACHE = `shopper-${VERSION}`;
const PRECACHE = ["__PRECACHE__"];
const APP_ROUTE = /^\/(signin\/?|a\/[^/]+\/?)?$/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("shopper-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method === "POST" && url.origin === self.location.origin && url.pathname === "/share") {
    event.respondWith(receiveShared(request));
    return;
  }
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    if (!APP_ROUTE.test(url.pathname)) return;
    // Every app route is the same shell; the network is not needed to open the app.
    event.respondWith(caches.match("/", { cacheName: CACHE }).then((shell) => shell || fetch(request)));
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
});

// The page asks for this only when the shopper taps "update": a new version never takes over mid-form.
self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

// The share target (manifest.webmanifest): a screenshot or text shared from another app arrives here as a
// multipart POST. Its files and text are kept in IndexedDB (the same "shopper-files" database evidence.js
// uses, written before the answer), and the app opens on the contact open in a window of it, or on the
// assignments, which ask which contact it belongs to. The app scales and hashes them when it attaches them.
function filesDatabase() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open("shopper-files", 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore("files");
      request.result.createObjectStore("shared", { autoIncrement: true });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function receiveShared(request) {
  let stored = 0;
  try {
    const form = await request.formData();
    const items = [];
    for (const file of form.getAll("files")) {
      if (typeof file !== "string" && file.size > 0) items.push({ bytes: await file.arrayBuffer(), type: file.type || "" });
    }
    const text = ["title", "text", "url"].map((name) => form.get(name)).filter((v) => typeof v === "string" && v.trim()).join("\n");
    if (text) items.push({ bytes: new TextEncoder().encode(text).buffer, type: "text/plain" });
    const db = await filesDatabase();
    const tx = db.transaction("shared", "readwrite", { durability: "strict" });
    for (const item of items) tx.objectStore("shared").add(item);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
    db.close();
    stored = items.length;
  } catch (error) {
    console.warn("shared files not kept", error);
  }
  const windows = await self.clients.matchAll({ type: "window" });
  const contact = windows.map((w) => new URL(w.url).pathname).find((path) => /^\/a\/[^/]+\/?$/.test(path));
  return Response.redirect(`${contact || "/"}?shared=${stored}`, 303);
}
