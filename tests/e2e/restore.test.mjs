// Restoring the server from a backup older than a phone's last submission loses nothing: the phone notices at
// its next sync that the server no longer holds what it sent, and sends it again (docs/OPERATIONS.md).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { renameSync, rmSync } from "node:fs";
import { answerSolvedPhoneCall, launchPhone, openAssignment, startServer, submit, syncNow } from "./support.mjs";

async function until(condition, what) {
  for (let tries = 0; tries < 100; tries++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`timed out waiting until ${what}`);
}

test("a submission the restored server lacks is sent again by the phone, same id and answers", async () => {
  const first = await startServer();
  let second;
  const { browser, page } = await launchPhone();
  try {
    await openAssignment(page, first.link, "Sparebanken Møre");
    // The nightly backup: the phone is signed in, its evaluation not yet sent.
    const database = `${first.dir}/shopper.sqlite`;
    execFileSync("target/server/shopper-server", ["--database-url", `sqlite://${database}`, "backup", `${first.dir}/backup.sqlite`]);
    await answerSolvedPhoneCall(page);
    await submit(page);
    const state = page.getByTestId("assignment").filter({ hasText: "Sparebanken Møre" }).getByTestId("state");
    await state.filter({ hasText: /^Sendt$/ }).waitFor();
    const [sent] = await first.organizer("/evaluations");
    assert.ok(sent, "the server acknowledged it");

    // Restore as docs/OPERATIONS.md says: stop, put the backup in place of the database, start again.
    first.server.kill("SIGTERM");
    await once(first.server, "exit");
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${database}${suffix}`, { force: true });
    renameSync(`${first.dir}/backup.sqlite`, database);
    second = await startServer([], { dir: first.dir, addr: new URL(first.base).host });
    assert.deepEqual(await second.organizer("/evaluations"), [], "the backup predates the submission");

    await syncNow(page);
    await until(async () => (await second.organizer("/evaluations")).length === 1, "the phone sent it again");
    const [again] = await second.organizer("/evaluations");
    assert.deepEqual([again.id, again.revision, again.content], [sent.id, sent.revision, sent.content]);
    await state.filter({ hasText: /^Sendt$/ }).waitFor();
  } finally {
    await browser.close();
    first.server.kill();
    second?.server.kill();
  }
});
