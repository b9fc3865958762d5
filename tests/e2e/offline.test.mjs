// Installable and offline (#18): the app loaded once keeps working with no network at all
// (page, models, landmarks, saved exams), a damaged model in the offline copy is
// downloaded again or refused with a message, and a new version is offered, never mixed
// with the running one. Each test serves its own dist/ so that it can stop the server.
// Hooks (README "Installable and offline"): #offline-status[data-offline,
// data-offline-version], #update-banner, [data-action=reload-update], #offline-note,
// #storage-persistence[data-persist], #storage-space[data-usage, data-quota,
// data-exam-bytes, data-picture-bytes].
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serveDist, launch, waitFor, attr, fakeCamera, repo, dist, storedExam, storeFile, assertNothingLeftTheDevice } from './harness.mjs';

const DETECTOR = 'face_detection_short_range.onnx';
const framesAtLeast = (min) => Number(document.querySelector('#frames')?.dataset.frames || 0) >= min;
const landmarks = (page, what) => waitFor(page, () => document.querySelector('#face')?.dataset.landmarks === '478', undefined, { what, timeout: 180_000 });
const offlineReady = (page) => waitFor(page, () => document.querySelector('#offline-status')?.dataset.offline === 'ready', undefined, { what: 'the offline copy', timeout: 180_000 });
const precacheVersion = (root) => JSON.parse(fs.readFileSync(path.join(root, 'precache.json'), 'utf8')).version;

/** Puts `bytes` in place of `name` in every offline copy of the app (a damaged cache). */
const damageCachedFile = (page, name) => page.evaluate(async (n) => {
  let damaged = 0;
  for (const key of await caches.keys()) {
    const cache = await caches.open(key);
    const url = new URL(n, location.href).href;
    if (!(await cache.match(url))) continue;
    await cache.put(url, new Response(new Uint8Array(4096).fill(7), { headers: { 'Content-Type': 'application/octet-stream' } }));
    damaged += 1;
  }
  return damaged;
}, name);

test('loaded once, the app works with the server stopped: page, models, landmarks and saved exams come back', async () => {
  const server = await serveDist();
  const { browser, page, requests, consoleErrors } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  try {
    let start = Date.now();
    await page.goto(server.url);
    await landmarks(page, 'landmarks on the first visit');
    const online = Date.now() - start;
    await offlineReady(page);
    const copied = Date.now() - start;
    assert.equal(await attr(page, '#offline-status', 'data-offline-version'), precacheVersion(dist), 'the copy is this build');
    assert.match(await page.$eval('#offline-status', (e) => e.textContent), /Works offline/);

    // Installable: the manifest is linked and names the project's icons.
    const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json());
    assert.equal(manifest.display, 'standalone');
    assert.equal(manifest.short_name, 'FaceGrade');
    for (const icon of manifest.icons) assert.ok(fs.existsSync(path.join(dist, icon.src)), `${icon.src} is built`);
    assert.deepEqual(manifest.icons.filter((i) => i.type === 'image/png').map((i) => i.sizes), ['192x192', '512x512', '512x512']);

    // The first saved exam asks for persistent storage; the space used is shown.
    const saved = storedExam('exam-offline', 'P-offline');
    await page.setInputFiles('[data-action="import-store"]', storeFile([saved]));
    await waitFor(page, () => document.querySelectorAll('#exam-history li[data-exam-id]').length === 1, undefined, { what: 'the saved exam', timeout: 10_000 });
    const persist = await waitFor(page, () => { const p = document.querySelector('#storage-persistence')?.dataset.persist; return p !== 'not-asked' && p; }, undefined, { what: 'the persistence answer', timeout: 10_000 });
    assert.ok(['granted', 'refused'].includes(persist), persist);
    const said = await page.$eval('#storage-persistence', (e) => e.textContent);
    assert.match(said, persist === 'granted' ? /will not clear saved exams/ : /may clear saved exams when space runs short\. Export them/);
    const space = await waitFor(page, () => { const d = document.querySelector('#storage-space')?.dataset; return d && Number(d.examBytes) > 0 && { ...d }; }, undefined, { what: 'the space used', timeout: 10_000 });
    const [usage, quota, exams] = [Number(space.usage), Number(space.quota), Number(space.examBytes)];
    // The exam as the page keeps it (JSON) is about the size of the imported record; the
    // offline copy (wasm and models) alone is over 10 MB.
    const imported = JSON.stringify(saved).length;
    assert.ok(exams > imported / 2 && exams < imported * 2, `exam ${exams} bytes, imported ${imported}`);
    assert.equal(space.pictureBytes, '0', 'an imported exam has no picture');
    assert.ok(usage > 10e6 && quota > usage, `usage ${usage} of ${quota}`);
    console.log(`persistent storage: ${persist}; usage ${(usage / 1e6).toFixed(1)} MB of ${(quota / 1e9).toFixed(1)} GB; exam ${exams} bytes`);

    await server.close();
    await assert.rejects(fetch(server.url), 'the server is stopped');
    const before = requests.length;
    start = Date.now();
    await page.reload();
    await landmarks(page, 'landmarks with no server');
    console.log(`first visit to landmarks ${online} ms, offline copy complete ${copied} ms; reload with no server to landmarks ${Date.now() - start} ms`);
    await waitFor(page, framesAtLeast, 10, { what: '10 frames analysed with no server', timeout: 60_000 });
    // The page checks its offline copy after its own loading (the iris model included),
    // which may end a little after the tenth frame.
    await waitFor(page, () => document.querySelector('#offline-status')?.dataset.offline === 'ready', undefined, { what: 'the offline copy checked with no server', timeout: 30_000 });
    const listed = await page.$$eval('#exam-history li[data-exam-id]', (els) => els.map((e) => e.dataset.examId));
    assert.deepEqual(listed, ['exam-offline'], 'the saved exam is still listed');
    assert.ok(requests.length > before, 'the reload made requests, all answered by the offline copy');
    assertNothingLeftTheDevice(requests, server);
    assert.deepEqual(consoleErrors.filter((t) => /Content Security Policy|Refused to/i.test(t)), [], 'no CSP violations');
  } finally {
    await browser.close();
    await server.close();
  }
});

test('a damaged model in the offline copy is downloaded again, or refused with a message when there is no network', async () => {
  const server = await serveDist();
  const { browser, page } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  try {
    await page.goto(server.url);
    await offlineReady(page);
    assert.equal(await damageCachedFile(page, `models/${DETECTOR}`), 1);
    await page.reload();
    const note = await waitFor(page, () => document.querySelector('#offline-note:not(.hidden)')?.textContent, undefined, { what: 'the repair note', timeout: 120_000 });
    assert.match(note, new RegExp(`${DETECTOR} was damaged in this browser's copy of the app: it was downloaded again and checked`));
    await landmarks(page, 'landmarks with the model downloaded again');
    const repaired = await page.evaluate(async (n) => (await (await caches.match(new URL(n, location.href).href)).arrayBuffer()).byteLength, `models/${DETECTOR}`);
    assert.equal(repaired, fs.statSync(path.join(dist, 'models', DETECTOR)).size, 'the copy holds the whole model again');

    assert.equal(await damageCachedFile(page, `models/${DETECTOR}`), 1);
    await server.close();
    await page.reload();
    const message = await waitFor(page, () => document.querySelector('#app')?.dataset.state === 'error' && document.querySelector('#status-message')?.textContent, undefined, { what: 'the refusal', timeout: 120_000 });
    assert.match(message, new RegExp(`${DETECTOR} is damaged: its sha256 is [0-9a-f]{64}, the shipped file's is [0-9a-f]{64}\\. It was refused and could not be downloaded again`));
    assert.match(message, /downloaded again once this device is online/);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('a new version is fetched in the background and offered; the old one serves until the reload', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'facegrade-update-'));
  fs.cpSync(dist, root, { recursive: true });
  const server = await serveDist({ root });
  const { browser, page } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  try {
    await page.goto(server.url);
    await offlineReady(page);
    const first = await attr(page, '#offline-status', 'data-offline-version');
    assert.equal(first, precacheVersion(root));
    assert.equal(await page.$eval('#update-banner', (e) => e.classList.contains('hidden')), true, 'no update offered yet');

    // A new build on the server: one file changed, the list and the version made again.
    fs.appendFileSync(path.join(root, 'style.css'), '\n/* the next version */\n');
    fs.copyFileSync(path.join(repo, 'static/sw.js'), path.join(root, 'sw.js'));
    execFileSync('bash', [path.join(repo, 'scripts/precache.sh')], { env: { ...process.env, TRUNK_STAGING_DIR: root } });
    const second = precacheVersion(root);
    assert.notEqual(second, first, 'a changed file is a new version');

    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await waitFor(page, () => !document.querySelector('#update-banner')?.classList.contains('hidden'), undefined, { what: 'the update banner', timeout: 120_000 });
    assert.match(await page.$eval('#update-banner', (e) => e.textContent), /A new version is ready: reload/);
    // Not mixed: until the reload, every file is the running version's.
    assert.doesNotMatch(await page.evaluate(async () => (await fetch('style.css')).text()), /the next version/);
    assert.equal(await attr(page, '#offline-status', 'data-offline-version'), first);

    await Promise.all([page.waitForNavigation({ timeout: 60_000 }), page.click('[data-action="reload-update"]')]);
    await waitFor(page, (v) => document.querySelector('#offline-status')?.dataset.offlineVersion === v, second, { what: 'the new version', timeout: 120_000 });
    assert.match(await page.evaluate(async () => (await fetch('style.css')).text()), /the next version/);
    assert.deepEqual(await page.evaluate(() => caches.keys()), [`facegrade-${second}`], 'the old copy is deleted');
    await landmarks(page, 'landmarks on the new version');
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
