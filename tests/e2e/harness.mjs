// Shared end-to-end plumbing: serve dist/ on 127.0.0.1, launch Debian's Chromium headless
// with a fake camera, record every request the page makes, and check that none left the
// page's own origin (the privacy promise: nothing is sent anywhere).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../..');
export const shared = process.env.FACEGRADE_SHARED || path.resolve(repo, '../shared');
export const dist = path.join(repo, 'dist');
export const fakeCamera = (name) => path.join(shared, 'data/faces', name);

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.onnx': 'application/octet-stream', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png',
};

/**
 * Serves dist/ (or `root`, a copy of it) like any static host (no special headers: the
 * page's CSP is in index.html), on `port` (0: any free port). close() stops it at once,
 * open connections included: the page then has no network.
 */
export async function serveDist({ root = dist, port = 0 } = {}) {
  if (!fs.existsSync(path.join(root, 'index.html'))) throw new Error(`${root} has no index.html: run trunk build --release`);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404).end('not found'); return; }
    const body = fs.readFileSync(file);
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Content-Length': body.length });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = server.address().port;
  const close = () => new Promise((r) => { server.close(r); server.closeAllConnections(); });
  return { url: `http://127.0.0.1:${bound}/`, origin: `http://127.0.0.1:${bound}`, port: bound, close };
}

/**
 * Serves dist/ for the tests of the calling file: started before them, stopped after.
 * Returns the server's {url, origin}, filled in once the tests run.
 */
export function serveForTests() {
  const server = {};
  before(async () => { Object.assign(server, await serveDist()); });
  after(async () => { await server.close?.(); });
  return server;
}

/** A saved exam as a store file holds it: one rest view of 478 landmarks, not scored. */
export const storedExam = (id, pseudonym) => ({
  id, pseudonym, created_ms: 1764000000000, updated_ms: 1764000000000,
  views: { rest: { mesh: Array.from({ length: 478 }, () => ({ x: 0, y: 0, z: 0 })) } }, result: null,
});

/** A store file (the page's "Export all saved exams") for `setInputFiles`. */
export const storeFile = (exams) => ({ name: 'store.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ format: 'facegrade-store', version: 1, exported_ms: 0, exams })) });

/** Requests that left the page's origin (data: and blob: URLs never leave the browser). */
export const foreignRequests = (requests, origin) => requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));

/** Every request the page made stayed on its own origin. */
export function assertNothingLeftTheDevice(requests, server) {
  assert.deepEqual(foreignRequests(requests, server.origin), [], 'every request stays on the page origin');
}

/** Waits for the models to be ready (the iris model, which follows the first landmarks, included) and the camera running. */
export const untilRunning = (page, what = 'the page') => waitFor(page, () => document.querySelector('#app')?.dataset.state === 'running' && document.querySelector('#iris-model')?.dataset.irisModel === 'ready', undefined, { what });

const BASE_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/**
 * Launches Chromium. `camera`: a y4m file for the fake camera; `grantCamera`: auto-accept
 * the permission prompt (false leaves headless Chromium to deny it); `locale`: the
 * browser's language (navigator.languages), Chromium's own (en-US) when not given.
 */
export async function launch({ camera, grantCamera = true, locale, context: contextOptions = {} }) {
  const args = [...BASE_FLAGS, '--use-fake-device-for-media-stream'];
  if (camera) args.push(`--use-file-for-fake-video-capture=${camera}`);
  if (grantCamera) args.push('--use-fake-ui-for-media-stream');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args });
  const context = await browser.newContext({ ...contextOptions, ...(locale ? { locale } : {}) });
  const page = await context.newPage();
  const requests = [];
  const consoleErrors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  return { browser, context, page, requests, consoleErrors };
}

/**
 * Launches Chromium keeping its profile (IndexedDB included) in `userDataDir`, so a test
 * can close the browser and start it again with another fake-camera clip.
 */
export async function launchPersistent({ camera, userDataDir }) {
  const args = [...BASE_FLAGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${camera}`];
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args });
  const page = context.pages()[0] || await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  return { browser: context, page, requests };
}

/** Waits until `read()` (run in the page) returns a truthy value; returns it. */
export async function waitFor(page, read, arg, { timeout = 180_000, what = 'condition' } = {}) {
  try {
    const handle = await page.waitForFunction(read, arg, { timeout, polling: 250 });
    return await handle.jsonValue();
  } catch (e) {
    const state = await page.evaluate(() => ({
      state: document.querySelector('#app')?.dataset.state,
      message: document.querySelector('#status-message')?.textContent,
      error: document.querySelector('#camera-error')?.textContent,
      frames: document.querySelector('#frames')?.dataset.frames,
      boot: document.querySelector('#boot-error')?.textContent,
    })).catch(() => ({}));
    throw new Error(`timed out waiting for ${what}; page: ${JSON.stringify(state)}`);
  }
}

/**
 * Opens a section of the page by its tab (live, exam, report, history, model), as a person
 * would; returns once the page shows it. The controls of other sections are hidden.
 */
export async function showSection(page, section) {
  await page.click(`[data-section-tab="${section}"]`);
  await waitFor(page, (s) => document.querySelector('#app')?.dataset.section === s, section, { timeout: 10_000, what: `the ${section} section` });
}

/** A photo of ../shared/data/faces/`file` called `name` (the page guesses its view from the name). */
export const facePhoto = (name, file = 'portrait_frontal_ai.jpg') => ({ name, mimeType: 'image/jpeg', buffer: fs.readFileSync(fakeCamera(file)) });

/**
 * Under `pseudonym`, analyses one photo per view (`['rest', 'brow raise', ...]`) as an
 * exam, through the saved-exams and exam sections as a person would; returns once scored.
 */
export async function examFromPhotos(page, pseudonym, views) {
  await showSection(page, 'history');
  await page.fill('[data-action="pseudonym"]', pseudonym);
  await showSection(page, 'exam');
  await page.setInputFiles('[data-action="import-photos"]', views.map((v) => facePhoto(`${v}.jpg`)));
  await page.click('[data-action="analyse-photos"]');
  await waitFor(page, () => document.querySelector('#exam')?.dataset.examState === 'scored', undefined, { what: 'the scored exam', timeout: 120_000 });
}

/**
 * For each [pseudonym, photo file]: an exam from two photos of the face (rest and gentle
 * closure), and on the closure photo the clinician marks the right eye closed in the
 * editor (the model sees it open); returns once each correction is saved.
 */
export async function correctedClosureExams(page, patients) {
  for (const [who, file] of patients) {
    await showSection(page, 'history');
    await page.fill('[data-action="pseudonym"]', who);
    await showSection(page, 'exam');
    await page.setInputFiles('[data-action="import-photos"]', [facePhoto(`${who} rest.jpg`, file), facePhoto(`${who} gentle closure.jpg`, file)]);
    await page.click('[data-action="analyse-photos"]');
    await waitFor(page, () => document.querySelector('#exam')?.dataset.examState === 'scored', undefined, { what: 'the scored exam', timeout: 120_000 });
    await page.click('#exam-views li[data-view="gentle_closure"] [data-action="review-view"]');
    await waitFor(page, () => document.querySelector('#review')?.dataset.picture === 'shown', undefined, { what: 'the picture under review', timeout: 20_000 });
    await page.check('#review [data-action="mark-eye-closed"][data-side="right"]');
    await waitFor(page, () => document.querySelector('#exam-views li[data-view="gentle_closure"]')?.dataset.corrected === 'yes' && document.querySelector('#save-state')?.dataset.saveState === 'saved', undefined, { what: 'the correction saved', timeout: 20_000 });
  }
}

export const attr = (page, selector, name) => page.$eval(selector, (el, n) => el.getAttribute(n), name);
