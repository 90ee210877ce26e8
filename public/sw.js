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
