// Browser APIs that web-sys makes long-winded: the service worker's update cycle, the install prompt and
// persistent storage, and the door to the evidence code loaded when used. Called from src/platform.rs.
let waitingWorker = null;

// Registers the service worker and calls onUpdateReady when a new version is installed and waiting. The page
// is never reloaded here: only applyUpdate, when the shopper taps "update", does that.
export function watchServiceWorker(onUpdateReady) {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/sw.js").then((registration) => {
    const offer = (worker) => { waitingWorker = worker; onUpdateReady(); };
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
    registration.addEventListener("updatefound", () => {
      const worker = registration.installing;
      if (!worker) return;
      worker.addEventListener("statechange", () => {
        if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker);
      });
    });
  }).catch((error) => console.warn("service worker not registered", error));
}

// Asks the server whether sw.js changed (it is served no-cache); a change ends in onUpdateReady.
export function checkForUpdate() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.getRegistration().then((r) => r && r.update()).catch(() => {});
}

// Activates the waiting version and reloads once it controls the page. Everything is saved at every keystroke,
// so nothing typed is lost.
export function applyUpdate() {
  if (!waitingWorker) return false;
  let reloaded = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (!reloaded) { reloaded = true; location.reload(); }
  });
  waitingWorker.postMessage("skip-waiting");
  return true;
}

// Calls `then` (once) just after the page's first contentful paint has been presented, or soon when it has been.
// What it fetches then does not share the network with what the first screen needs, and starts after the moment
// the first screen is measured by. A page that is not painted (opened hidden) gets it after FIRST_PAINT_WAIT_MS.
const FIRST_PAINT_WAIT_MS = 1000;
export function afterFirstPaint(then) {
  let done = false;
  const go = () => { if (!done) { done = true; then(); } };
  if (performance.getEntriesByName("first-contentful-paint").length) return void setTimeout(go, 0);
  try {
    const observer = new PerformanceObserver(() => { observer.disconnect(); setTimeout(go, 0); });
    observer.observe({ type: "paint" });
  } catch { /* no paint timing here: the wait below */ }
  setTimeout(go, FIRST_PAINT_WAIT_MS);
}

let installPrompt = null;
// Whether the browser is expected to offer its install prompt: it did at an earlier start and has not said the
// app was installed since, or it is a browser that offers one (Chromium's) and nothing is known yet. The card is
// then drawn with the list, not a second later over it when the prompt arrives. Should the prompt not come this
// time (installed from the browser's menu elsewhere, or the shopper said no to it), the card goes after
// OFFER_WAIT_MS and is not drawn early again until the browser offers once more.
const OFFERED_KEY = "shopper.install-offered";
const OFFER_WAIT_MS = 15000;
const standalone = () => matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;

export function installExpected() {
  try {
    const known = localStorage.getItem(OFFERED_KEY);
    return !standalone() && (known === "true" || (known === null && "onbeforeinstallprompt" in window));
  } catch { return false; }
}

const remember = (offered) => { try { localStorage.setItem(OFFERED_KEY, String(offered)); } catch {} };

// Calls onAvailable when the browser's prompt is in hand, onGone when installing is no longer on offer.
export function watchInstallPrompt(onAvailable, onGone) {
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault();
    installPrompt = event;
    remember(true);
    onAvailable();
  });
  window.addEventListener("appinstalled", () => { installPrompt = null; remember(false); onGone(); });
  if (installExpected()) {
    setTimeout(() => { if (!installPrompt) { remember(false); onGone(); } }, OFFER_WAIT_MS);
  }
}

// Shows the browser's prompt; the next offer comes with the browser's next prompt.
export function promptInstall() {
  if (installPrompt) { installPrompt.prompt(); installPrompt = null; remember(false); }
}

// iOS Safari has no install prompt: the shopper adds the app from the Share menu.
export function needsIosInstallHint() {
  return /iphone|ipad|ipod/i.test(navigator.userAgent) && !navigator.standalone;
}

// Asks the browser not to evict the drafts and the outbox under storage pressure.
export function requestPersistentStorage() {
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
}

// The evidence code (public/evidence.js: scaling, hashing, file storage, upload) loads on its first use, not
// with the app: `name` is one of its functions, `args` an array of its arguments. The build gives the file its
// content-hashed name here (scripts/lazy-modules.mjs).
let evidenceModule = null;
export function evidence(name, args) {
  evidenceModule ||= import("/evidence.js").catch((error) => { evidenceModule = null; throw String(error); });
  return evidenceModule.then((module) => module[name](...args)).catch((error) => { throw String(error); });
}
