// The device's records in IndexedDB: one object store of JSON texts by key ("session", "assignments",
// "evaluation.<id>"), one transaction per change, resolved only once the transaction has completed.
// Called from src/store/mod.rs. Other tabs hear of each committed change on a BroadcastChannel.
const OLD_PREFIX = "shopper.v1.";
const STORE = "records";
const others = "BroadcastChannel" in self ? new BroadcastChannel("shopper.records") : null;
let opened = null;

const settle = (target, ok) => new Promise((resolve, reject) => {
  target[ok] = () => resolve(target.result);
  target.onerror = target.onabort = () => reject(String(target.error || "the write was aborted"));
});

function open() {
  opened ||= new Promise((resolve, reject) => {
    const request = indexedDB.open("shopper", 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    settle(request, "onsuccess").then((db) => {
      db.onclose = () => { opened = null; }; // closed by the browser: open again at the next write
      resolve(db);
    }, (error) => { opened = null; reject(error); });
  });
  return opened;
}

// Moves the records of the release that kept them in localStorage (same keys after "shopper.v1.") into
// IndexedDB, in one strict transaction; a key already in IndexedDB was written later and stays. The old keys
// are removed only after that transaction committed. The language setting stays in localStorage.
async function migrate(db) {
  const old = Object.keys(localStorage).filter((k) => k.startsWith(OLD_PREFIX) && k !== `${OLD_PREFIX}lang`);
  if (!old.length) return;
  const tx = db.transaction(STORE, "readwrite", { durability: "strict" });
  for (const key of old) {
    tx.objectStore(STORE).add(localStorage.getItem(key), key.slice(OLD_PREFIX.length))
      .onerror = (event) => { event.preventDefault(); event.stopPropagation(); };
  }
  await settle(tx, "oncomplete");
  for (const key of old) localStorage.removeItem(key);
}

// Every record as [key, json, key, json, ...], after the migration.
export async function loadRecords() {
  const db = await open();
  await migrate(db);
  const store = db.transaction(STORE).objectStore(STORE);
  const [keys, values] = await Promise.all([settle(store.getAllKeys(), "onsuccess"), settle(store.getAll(), "onsuccess")]);
  return keys.flatMap((key, i) => [key, values[i]]);
}

// Writes (or with json null deletes) one record; resolves when the transaction completed. `strict` waits
// for the disk as well (moving an evaluation to the outbox).
export async function writeRecord(key, json, strict) {
  const db = await open();
  const tx = db.transaction(STORE, "readwrite", { durability: strict ? "strict" : "default" });
  if (json == null) tx.objectStore(STORE).delete(key); else tx.objectStore(STORE).put(json, key);
  await settle(tx, "oncomplete");
  if (others) others.postMessage([key, json]);
}

// Calls back with (key, json or null) for each change another tab committed.
export function watchRecords(onChange) {
  if (others) others.onmessage = (event) => onChange(event.data[0], event.data[1]);
}
