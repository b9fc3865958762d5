// The soak test (issue #17): hours of live analysis with a fake camera in headless
// Chromium, an exam every few minutes, the camera stopped and started, the tab hidden and
// shown. Every sample records the page's JS heap, both WebAssembly memories (page and
// worker), the engine's frame time and the frames analysed. Passes when, after warm-up,
// memory grows less than 5 % and frame time less than 10 % over the run, and the console
// shows no error. Usage: node tests/e2e/soak.mjs --minutes N [--out FILE] (scripts/soak).
import fs from 'node:fs';
import path from 'node:path';
import { serveDist, waitFor, fakeCamera, repo, untilRunning } from './harness.mjs';
import { chromium } from 'playwright-core';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const minutes = Number(arg('minutes', 30));
const out = arg('out', path.join(repo, 'bench/results/soak.json'));
const runMs = minutes * 60_000;
// Twelve samples at least, one a minute at most.
const sampleMs = Math.min(60_000, runMs / 12);
// Warm-up, before the measured minutes: one exam, a camera restart and a tab hide/show
// (the models' first runs, the first exam's buffers and stores, the JIT). Then an exam
// every 5 minutes (halfway through a shorter run), each followed by the same chores.
const examEveryMs = Math.min(5 * 60_000, runMs / 2);
const MEMORY_GROWTH_LIMIT = 0.05;
const FRAME_TIME_GROWTH_LIMIT = 0.10;

const server = await serveDist();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage',
    '--enable-precise-memory-info', '--js-flags=--expose-gc', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${fakeCamera('astronaut_cam.y4m')}`],
});
const context = await browser.newContext();
const page = await context.newPage();
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(String(e)));

// `collect`: a garbage collection first, so the heap is what the page still holds.
const read = (collect = false) => page.evaluate((collect) => {
  if (collect) globalThis.gc?.();
  const memory = document.querySelector('#memory')?.dataset || {};
  return {
    frames: Number(document.querySelector('#frames')?.dataset.frames || 0),
    engine_ms: Number(document.querySelector('#model-time')?.dataset.modelMs || 0),
    js_heap_bytes: performance.memory?.usedJSHeapSize ?? 0,
    page_wasm_bytes: Number(memory.pageBytes || 0),
    worker_wasm_bytes: Number(memory.workerBytes || 0),
    state: document.querySelector('#app')?.dataset.state,
  };
}, collect);

const events = [];
let started = Date.now();
const event = (what) => { events.push({ at_s: Math.round((Date.now() - started) / 1000), what }); console.log(`  ${what}`); };

async function runExam() {
  await page.click('[data-action="start-exam"]');
  await waitFor(page, () => document.querySelector('#exam')?.dataset.examState !== 'scored', undefined, { what: 'the exam started', timeout: 10_000 });
  await waitFor(page, () => document.querySelector('#exam')?.dataset.examState === 'scored', undefined, { what: 'a scored exam', timeout: 300_000 });
  event('exam scored and saved');
}

async function restartCamera() {
  await page.click('[data-action="stop-camera"]');
  await waitFor(page, () => document.querySelector('#app')?.dataset.state !== 'running', undefined, { what: 'the camera stopped' });
  await page.click('[data-action="start-camera"]');
  await untilRunning(page, 'the restarted camera');
  event('camera stopped and started');
}

async function hideAndShowTab() {
  const other = await context.newPage();
  await other.bringToFront();
  await page.waitForTimeout(3_000);
  const hidden = await page.evaluate(() => document.visibilityState);
  await page.bringToFront();
  await other.close();
  event(`tab hidden (${hidden}) and shown`);
}

await page.goto(`${server.url}#exam`); // opens the exam section, whose Start exam the soak presses
await waitFor(page, () => Number(document.querySelector('#frames')?.dataset.frames || 0) >= 5, undefined, { what: 'live frames' });
console.log(`soak: warm-up (an exam, a camera restart, a hidden tab), then ${minutes} min with a sample every ${Math.round(sampleMs / 1000)} s`);
await runExam();
await restartCamera();
await hideAndShowTab();
started = Date.now();
event('warm-up done');

const samples = [];
const finished = () => Date.now() - started >= runMs;

// Samples: the engine's frame time read every second, summarised at each sample.
async function sampler() {
  let nextSample = started;
  let lastFrames = (await read()).frames;
  let engineTimes = [];
  while (!finished()) {
    const r = await read();
    if (r.engine_ms > 0) engineTimes.push(r.engine_ms);
    if (Date.now() >= nextSample) {
      Object.assign(r, await read(true));
      engineTimes.sort((a, b) => a - b);
      const median = engineTimes.length ? engineTimes[Math.floor(engineTimes.length / 2)] : 0;
      const sample = { at_s: Math.round((Date.now() - started) / 1000), frames_analysed: r.frames - lastFrames, engine_ms_median: median, js_heap_bytes: r.js_heap_bytes, page_wasm_bytes: r.page_wasm_bytes, worker_wasm_bytes: r.worker_wasm_bytes };
      samples.push(sample);
      console.log(`  ${JSON.stringify(sample)}`);
      lastFrames = r.frames;
      engineTimes = [];
      nextSample += sampleMs;
    }
    await page.waitForTimeout(1_000);
  }
}

// What a clinic's day does to the page: an exam, the camera restarted, the tab hidden.
async function chores() {
  let nextExam = started + examEveryMs;
  while (!finished()) {
    if (Date.now() < nextExam) { await page.waitForTimeout(1_000); continue; }
    await runExam();
    if (finished()) break;
    await restartCamera();
    await hideAndShowTab();
    nextExam += examEveryMs;
  }
}

await Promise.all([sampler(), chores()]);
await browser.close();
await server.close();

// Memory: the last sample against the first (taken as the measured minutes start); frame
// time: the mean of the last quarter's sample medians against the first quarter's.
const first = samples[0];
const last = samples[samples.length - 1];
const lastQuarter = samples.filter((s) => s.at_s * 1000 >= runMs * 0.75);
const firstQuarter = samples.filter((s) => s.at_s * 1000 <= runMs * 0.25 && s.engine_ms_median > 0);
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const growth = (key) => last[key] / first[key] - 1;
const result = {
  minutes, sample_s: sampleMs / 1000, samples, events, console_errors: consoleErrors,
  // Each memory on its own: the worker's ~100 MB would hide a leak in the page's heap.
  memory_growth: { js_heap: growth('js_heap_bytes'), page_wasm: growth('page_wasm_bytes'), worker_wasm: growth('worker_wasm_bytes') },
  frame_time_growth: mean(lastQuarter.map((s) => s.engine_ms_median)) / mean(firstQuarter.map((s) => s.engine_ms_median)) - 1,
  frames_analysed: samples.reduce((a, s) => a + s.frames_analysed, 0),
};
const failures = [];
for (const [memory, grew] of Object.entries(result.memory_growth)) {
  if (!(grew < MEMORY_GROWTH_LIMIT)) failures.push(`${memory} memory grew ${(100 * grew).toFixed(1)} % after warm-up (limit 5 %)`);
}
if (!(result.frame_time_growth < FRAME_TIME_GROWTH_LIMIT)) failures.push(`frame time grew ${(100 * result.frame_time_growth).toFixed(1)} % (limit 10 %)`);
if (consoleErrors.length) failures.push(`${consoleErrors.length} console error(s): ${consoleErrors.slice(0, 3).join(' | ')}`);
if (!events.some((e) => e.what.startsWith('exam'))) failures.push('no exam ran');
result.passed = failures.length === 0;
result.failures = failures;
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(result, null, 2));
const percent = (x) => `${(100 * x).toFixed(1)} %`;
console.log(`soak: memory growth JS heap ${percent(result.memory_growth.js_heap)}, page wasm ${percent(result.memory_growth.page_wasm)}, worker wasm ${percent(result.memory_growth.worker_wasm)}; frame time ${(100 * result.frame_time_growth).toFixed(1)} %, ${result.frames_analysed} frames, ${events.length} events, ${consoleErrors.length} console errors -> ${out}`);
if (failures.length) {
  console.error(`soak FAILED: ${failures.join('; ')}`);
  process.exit(1);
}
