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

let installPrompt = null;

export function watchInstallPrompt(onAvailable) {
  window.addEventListener("beforeinstallprompt", (event) => {
    event.preventDefault();
    installPrompt = event;
    onAvailable();
  });
}

export function promptInstall() {
  if (installPrompt) { installPrompt.prompt(); installPrompt = null; }
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
