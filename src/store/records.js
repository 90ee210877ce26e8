// The device's records in IndexedDB: one object store of JSON texts by key ("session", "assignments",
// "evaluation.<id>"), one transaction per change, resolved only once the transaction has completed.
// Called from src/store/mod.rs. Other tabs hear of each committed change on a BroadcastChannel.
const OLD_PREFIX = "shopper.v1.";
const STORE = "records";
const others = "BroadcastChannel" in self ? new BroadcastChannel("shopper.records") : null;
let opened = null;
let database = null;

const settle = (target, ok) => new Promise((resolve, reject) => {
  target[ok] = () => resolve(target.result);
  target.onerror = target.onabort = () => reject(String(target.error || "the write was aborted"));
});

function open() {
  opened ||= new Promise((resolve, reject) => {
    const request = indexedDB.open("shopper", 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    settle(request, "onsuccess").then((db) => {
      db.onclose = () => { opened = database = null; }; // closed by the browser: open again at the next write
      database = db;
      resolve(db);
    }, (error) => { opened = null; reject(error); });
  });
  return opened;
}

// Moves the records of the release that kept them in localStorage (same keys after "shopper.v1.") into
// IndexedDB, in one strict transaction; a key already in IndexedDB was written later and stays. The old keys
// are removed only after that transaction committed. The language setting stays in localStorage.
const oldKeys = () => Object.keys(localStorage).filter((k) => k.startsWith(OLD_PREFIX) && k !== `${OLD_PREFIX}lang`);

async function migrate(db) {
  const old = oldKeys();
  if (!old.length) return;
  const tx = db.transaction(STORE, "readwrite", { durability: "strict" });
  for (const key of old) {
    tx.objectStore(STORE).add(localStorage.getItem(key), key.slice(OLD_PREFIX.length))
      .onerror = (event) => { event.preventDefault(); event.stopPropagation(); };
  }
  await settle(tx, "oncomplete");
  for (const key of old) localStorage.removeItem(key);
}

// [error or null, key, json, key, json, ...]: every record, after the migration. Should the migration fail,
// the old records are read from localStorage too, so the shopper still sees them (and is told).
export async function loadRecords() {
  const records = new Map();
  let error = null;
  try {
    const db = await open();
    await migrate(db).catch((e) => { error = String(e); });
    const store = db.transaction(STORE).objectStore(STORE);
    const [keys, values] = await Promise.all([settle(store.getAllKeys(), "onsuccess"), settle(store.getAll(), "onsuccess")]);
    keys.forEach((key, i) => records.set(key, values[i]));
  } catch (e) {
    error = String(e);
  }
  if (error) {
    for (const key of oldKeys()) {
      const name = key.slice(OLD_PREFIX.length);
      if (!records.has(name)) records.set(name, localStorage.getItem(key));
    }
  }
  return [error, ...[...records].flat()];
}

// Writes (or with json null deletes) one record; resolves when the transaction completed, rejects with the
// reason as text. `strict` waits for the disk as well (moving an evaluation to the outbox). The transaction is
// begun at once and committed explicitly, so the browser finishes it even if the tab is closed right after.
export function writeRecord(key, json, strict) {
  const write = (db) => {
    const tx = db.transaction(STORE, "readwrite", { durability: strict ? "strict" : "relaxed" });
    if (json == null) tx.objectStore(STORE).delete(key); else tx.objectStore(STORE).put(json, key);
    if (tx.commit) tx.commit();
    return settle(tx, "oncomplete").then(() => others && others.postMessage([key, json]));
  };
  try {
    return (database ? Promise.resolve(write(database)) : open().then(write)).catch((e) => { throw String(e); });
  } catch (e) {
    return Promise.reject(String(e));
  }
}

// Calls back with (key, json or null) for each change another tab committed.
export function watchRecords(onChange) {
  if (others) others.onmessage = (event) => onChange(event.data[0], event.data[1]);
}
