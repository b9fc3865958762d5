// Storage faults: the exam in progress is never shown as saved when it is not, says which
// exam and that its views are still in the page, and is saved by Retry once the fault is
// gone; nothing saved before is lost. Hooks: #save-state[data-save-state]
// (saved|saving|failed|unavailable|changed-elsewhere), [data-action=retry-save|keep-mine|
// reload-other-version].
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveForTests, launch, waitFor, attr, fakeCamera, untilRunning, storedExam, storeFile, showSection } from './harness.mjs';

const server = serveForTests();
const saveState = (page) => attr(page, '#save-state', 'data-save-state');
const untilSaveState = (page, state, timeout = 30_000) => waitFor(page, (s) => document.querySelector('#save-state')?.dataset.saveState === s, state, { what: `save state ${state}`, timeout });
const capturedCount = (page) => page.$$eval('#exam-views li[data-view-status="captured"]', (els) => els.length);
const historyLine = (page) => page.$eval('#exam-history li', (e) => e.textContent);

test('storage full: the exam says it is not saved, keeps its views, and Retry saves it once space is back', async () => {
  const { browser, page } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  try {
    await page.goto(server.url);
    await untilRunning(page);
    await showSection(page, 'history');
    await page.fill('[data-action="pseudonym"]', 'P-full');
    await showSection(page, 'exam');
    await page.click('[data-action="start-exam"]');
    await waitFor(page, () => document.querySelectorAll('#exam-views li[data-view-status="captured"]').length >= 2, undefined, { what: 'two captured views', timeout: 90_000 });
    await untilSaveState(page, 'saved');
    await waitFor(page, () => /P-full, [2-9] views/.test(document.querySelector('#exam-history li')?.textContent || ''), undefined, { what: 'the exam in the history', timeout: 10_000 });

    // The browser's quota for this origin, as DevTools can set it: a few bytes, well under
    // what the page's offline copy already takes, so every further write is refused.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: server.origin, quotaSize: 1 });
    await untilSaveState(page, 'failed', 60_000);
    // What was saved before the quota fell: the history lists it.
    const savedViews = Number((await historyLine(page)).match(/(\d+) views/)[1]);
    assert.ok(savedViews >= 2, `${savedViews} views saved before`);
    const said = await page.$eval('#save-state', (e) => e.textContent);
    assert.match(said, /The exam of P-full \(\d+ views\) is NOT saved on this device/);
    assert.match(said, /still in this page/);
    assert.match(said, /storage for this page is full/);
    assert.equal(await page.$eval('[data-action="retry-save"]', (b) => b.classList.contains('hidden')), false, 'Retry offered');

    // The run goes on in the page; every later save fails the same way, never "saved".
    await waitFor(page, () => document.querySelector('#exam')?.dataset.examState === 'scored', undefined, { what: 'the scored exam', timeout: 240_000 });
    await untilSaveState(page, 'failed');
    assert.equal(await capturedCount(page), 8);
    assert.match(await historyLine(page), new RegExp(`P-full, ${savedViews} views, not scored`), 'the copy saved before is intact');

    // Space back: Retry saves the whole exam (scores and pictures too).
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: server.origin });
    await page.click('[data-action="retry-save"]');
    await untilSaveState(page, 'saved');
    await page.reload();
    await waitFor(page, () => /P-full, 8 views, auto-eFACE total \d+/.test(document.querySelector('#exam-history li')?.textContent || ''), undefined, { what: 'the whole exam after a reload', timeout: 60_000 });
    const pictures = await page.evaluate(async () => {
      const db = await new Promise((resolve, reject) => { const r = indexedDB.open('facegrade'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
      const keys = await new Promise((resolve) => { const r = db.transaction('pictures').objectStore('pictures').getAllKeys(); r.onsuccess = () => resolve(r.result); });
      db.close();
      return keys.length;
    });
    assert.equal(pictures, 8, 'every view\'s picture saved by the retry');
  } finally {
    await browser.close();
  }
});

// Private windows in some browsers refuse IndexedDB (indexedDB.open throws or its request
// errors); Chromium's own private mode keeps an in-memory database, so no flag reproduces
// the refusal here. An init script makes indexedDB.open fail as those browsers do.
test('storage unavailable: live analysis and the exam work in memory, and the page says nothing is saved', async () => {
  const { browser, page, consoleErrors } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  try {
    await page.addInitScript(() => {
      IDBFactory.prototype.open = function open() { throw new DOMException('The user denied permission to access the database.', 'InvalidStateError'); };
    });
    await page.goto(server.url);
    await untilRunning(page);
    await showSection(page, 'history');
    await page.fill('[data-action="pseudonym"]', 'P-private');
    await showSection(page, 'exam');
    await page.click('[data-action="start-exam"]');
    await untilSaveState(page, 'unavailable', 60_000);
    assert.match(await page.$eval('#save-state', (e) => e.textContent), /NOT saved: storage unavailable .*InvalidStateError/);
    await waitFor(page, () => document.querySelector('#exam')?.dataset.examState === 'scored', undefined, { what: 'the exam scored in memory', timeout: 240_000 });
    assert.equal(await capturedCount(page), 8);
    assert.equal(await saveState(page), 'unavailable', 'never shown as saved');
    assert.ok(Number(await attr(page, '#frames', 'data-frames')) > 20, 'live analysis ran');
    void consoleErrors;
  } finally {
    await browser.close();
  }
});

test('two tabs with the same exam: the later write is refused and told, nothing is overwritten, and Keep mine is explicit', async () => {
  const { browser, page } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  const other = await page.context().newPage();
  const stored = async (p) => p.evaluate(async () => {
    const db = await new Promise((resolve, reject) => { const r = indexedDB.open('facegrade'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const rec = await new Promise((resolve) => { const r = db.transaction('exams').objectStore('exams').get('exam-2tabs'); r.onsuccess = () => resolve(r.result); });
    db.close();
    return rec;
  });
  try {
    await page.goto(server.url);
    await untilRunning(page);
    await showSection(page, 'history');
    await page.setInputFiles('[data-action="import-store"]', storeFile([storedExam('exam-2tabs', 'P-A')]));
    await waitFor(page, () => /Imported 1 exam/.test(document.querySelector('#store-note')?.textContent || ''), undefined, { what: 'the import', timeout: 10_000 });
    await other.goto(server.url);
    await untilRunning(other, 'the second tab');
    await waitFor(other, () => !!document.querySelector('#exam-history li[data-exam-id="exam-2tabs"]'), undefined, { what: 'the exam in the second tab', timeout: 30_000 });

    // Both tabs open the exam (opening writes nothing); tab 1 renames it: saved.
    await showSection(page, 'history');
    await page.click('#exam-history [data-action="open-exam"]');
    await showSection(other, 'history');
    await other.click('#exam-history [data-action="open-exam"]');
    for (const p of [page, other]) await waitFor(p, () => document.querySelector('#exam-views li[data-view="rest"]')?.dataset.viewStatus === 'captured', undefined, { what: 'the exam open', timeout: 30_000 });
    assert.equal((await stored(page)).revision ?? 0, 0, 'opening wrote nothing');
    await showSection(page, 'history');
    await page.fill('[data-action="pseudonym"]', 'P-tab1');
    await showSection(page, 'history');
    await page.click('#exam-history [data-action="rename-exam"]');
    await waitFor(page, () => /P-tab1/.test(document.querySelector('#exam-history li')?.textContent || ''), undefined, { what: 'the rename in tab 1', timeout: 10_000 });
    await untilSaveState(page, 'saved');
    const afterTab1 = await stored(page);
    assert.deepEqual([afterTab1.pseudonym, afterTab1.revision], ['P-tab1', 1]);

    // Tab 2 still holds the copy it opened before: its edit is refused and told.
    await showSection(other, 'history');
    await other.fill('[data-action="pseudonym"]', 'P-tab2');
    await showSection(other, 'history');
    await other.click('#exam-history [data-action="rename-exam"]');
    await untilSaveState(other, 'changed-elsewhere');
    assert.match(await other.$eval('#save-state', (e) => e.textContent), /changed in another tab .* nothing was overwritten/);
    assert.deepEqual(await stored(other), afterTab1, 'tab 1\'s edit is untouched');

    // Keep mine: tab 2's version, written on purpose.
    await other.click('[data-action="keep-mine"]');
    await untilSaveState(other, 'saved');
    const kept = await stored(other);
    assert.equal(kept.pseudonym, 'P-tab2');
    assert.equal(kept.revision, 2);
  } finally {
    await browser.close();
  }
});

/** In `p`: opens the page's database at `version` and keeps the connection, deaf to
 * `versionchange` (an old tab that never closes it); window.heldDb.close() lets go. */
const holdDatabase = (p, version) => p.evaluate((v) => new Promise((resolve, reject) => {
  const r = indexedDB.open('facegrade', v);
  r.onupgradeneeded = () => { if (!r.result.objectStoreNames.contains('exams')) r.result.createObjectStore('exams', { keyPath: 'id' }); };
  r.onsuccess = () => { window.heldDb = r.result; resolve(r.result.version); };
  r.onerror = () => reject(r.error);
}), version);

test('another tab holding an older database version: the page says to close it, and goes on once it is closed', async () => {
  const { browser, page } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  const old = await page.context().newPage();
  try {
    // A page of the same origin (any path) standing in for an old FaceGrade tab at version 3.
    await old.goto(`${server.url}old-tab`);
    assert.equal(await holdDatabase(old, 3), 3);
    await page.goto(server.url);
    await waitFor(page, () => document.querySelector('#storage-notice')?.dataset.storageNotice === 'blocked', undefined, { what: 'the blocked upgrade stated', timeout: 60_000 });
    assert.match(await page.$eval('#storage-notice', (e) => e.textContent), /Another tab holds an older FaceGrade open.*Close it/);
    await old.evaluate(() => window.heldDb.close());
    await waitFor(page, () => document.querySelector('#storage-notice')?.dataset.storageNotice === 'none', undefined, { what: 'the upgrade done', timeout: 30_000 });
    await untilRunning(page);
    await showSection(page, 'history');
    await page.setInputFiles('[data-action="import-store"]', storeFile([storedExam('exam-after-block', 'P-B')]));
    await waitFor(page, () => /Imported 1 exam/.test(document.querySelector('#store-note')?.textContent || ''), undefined, { what: 'saving works', timeout: 10_000 });
  } finally {
    await browser.close();
  }
});

test('a newer FaceGrade upgrading the database in another tab: this tab stops saving and says to reload', async () => {
  const { browser, page } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  const newer = await page.context().newPage();
  try {
    await page.goto(server.url);
    await untilRunning(page);
    await waitFor(page, () => document.querySelector('#storage-notice')?.dataset.storageNotice === 'none', undefined, { what: 'the database open', timeout: 30_000 });
    // This page holds no connection between writes, so the newer tab's upgrade is not blocked.
    await newer.goto(`${server.url}newer-tab`);
    assert.equal(await holdDatabase(newer, 5), 5);
    await newer.evaluate(() => window.heldDb.close());
    await showSection(page, 'history');
    await page.setInputFiles('[data-action="import-store"]', storeFile([storedExam('exam-old-tab', 'P-O')]));
    await waitFor(page, () => document.querySelector('#storage-notice')?.dataset.storageNotice === 'newer-tab', undefined, { what: 'the newer tab stated', timeout: 30_000 });
    assert.match(await page.$eval('#storage-notice', (e) => e.textContent), /newer FaceGrade .* Reload this tab/);
    // The import stops at its first read of the store: nothing was written.
    assert.match(await page.$eval('#store-error', (e) => e.textContent), /Could not read the saved exams: a newer FaceGrade .* reload this tab/);
  } finally {
    await browser.close();
  }
});
