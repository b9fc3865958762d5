// The soak test (issue #17): hours of live analysis with a fake camera in headless
// Chromium, an exam every few minutes, the camera stopped and started, the tab hidden and
// shown. Every sample records the page's JS heap, the bytes each WebAssembly instance's
// program holds (page and worker, counted by FaceGrade's allocator) and their linear
// memories (high-water marks), the engine's mean frame time over the sample (every frame's
// time summed by the page, `#model-time`'s data-model-ms-total) and the frames analysed.
// Passes when, after warm-up: between exams (live analysis only) no memory grows 5 % or
// more; each saved exam adds less than 1 MiB to the page (the saved-exam list keeps its
// scores and measurements) and nothing to the worker; the frame time grows less than
// 10 %; and the console shows no error.
// Usage: node tests/e2e/soak.mjs --minutes N [--exam-every M] [--out FILE] (scripts/soak).
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
const examEveryMs = arg('exam-every', null) ? Number(arg('exam-every')) * 60_000 : Math.min(5 * 60_000, runMs / 2);
const MEMORY_GROWTH_LIMIT = 0.05;
// What one more saved exam may add to the page (its entry in the saved-exam list: scores,
// per-view measurements, grades; its faces are read only when it is opened).
const PER_EXAM_PAGE_LIMIT_BYTES = 1024 * 1024;
const PER_EXAM_WORKER_LIMIT = 0.01;
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
const cdp = await context.newCDPSession(page);
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(String(e)));

// `collect`: a garbage collection first, so the heap is what the page still holds.
const read = (collect = false) => page.evaluate((collect) => {
  if (collect) globalThis.gc?.();
  const memory = document.querySelector('#memory')?.dataset || {};
  return {
    frames: Number(document.querySelector('#frames')?.dataset.frames || 0),
    engine_ms_total: Number(document.querySelector('#model-time')?.dataset.modelMsTotal || 0),
    js_heap_bytes: performance.memory?.usedJSHeapSize ?? 0,
    page_wasm_bytes: Number(memory.pageBytes || 0),
    worker_wasm_bytes: Number(memory.workerBytes || 0),
    page_live_bytes: Number(memory.pageLiveBytes || 0),
    worker_live_bytes: Number(memory.workerLiveBytes || 0),
    state: document.querySelector('#app')?.dataset.state,
  };
}, collect);

const events = [];
let started = Date.now();
const event = (what) => { events.push({ at_s: Math.round((Date.now() - started) / 1000), what }); console.log(`  ${what}`); };

// One sample after each exam and its chores (the first after the warm-up's): what each
// saved exam adds; and the spans with an exam running, which the between-exams check skips.
const afterExams = [];
const examSpans = [];
async function runExam() {
  examSpans.push({ from_s: (Date.now() - started) / 1000, to_s: Infinity });
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

// Headless Chromium shows every page as the visible front tab whatever is brought to the
// front or minimised (tried: another page's bringToFront, Browser.setWindowBounds minimized;
// playwright#2286), so the hidden tab is a stand-in: the document says it is hidden (its
// visibilitychange handler runs, as in a real background tab) and the page is frozen for
// 3 s the way Chromium freezes background tabs (Page.setWebLifecycleState: no timers, no
// animation frames), then thawed and shown.
async function hideAndShowTab() {
  const setHidden = (hidden) => page.evaluate((hidden) => {
    for (const [key, value] of [['hidden', hidden], ['visibilityState', hidden ? 'hidden' : 'visible']]) {
      Object.defineProperty(document, key, { configurable: true, get: () => value });
    }
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
  await setHidden(true);
  const said = await page.evaluate(() => document.querySelector('#status-message')?.textContent || '');
  await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await cdp.send('Page.setWebLifecycleState', { state: 'active' });
  await setHidden(false);
  event(`tab hidden and frozen 3 s, then shown (page said: "${said.slice(0, 60)}")`);
}

await page.goto(`${server.url}#exam`); // opens the exam section, whose Start exam the soak presses
await waitFor(page, () => Number(document.querySelector('#frames')?.dataset.frames || 0) >= 5, undefined, { what: 'live frames' });
console.log(`soak: warm-up (an exam, a camera restart, a hidden tab), then ${minutes} min with a sample every ${Math.round(sampleMs / 1000)} s`);
await runExam();
await restartCamera();
await hideAndShowTab();
started = Date.now();
// The warm-up exam's span was timed from the old start: the measured run has none yet.
examSpans.length = 0;
event('warm-up done');
await afterExam();

async function afterExam() {
  if (examSpans.length) examSpans[examSpans.length - 1].to_s = (Date.now() - started) / 1000;
  await page.waitForTimeout(2_000);
  afterExams.push({ at_s: Math.round((Date.now() - started) / 1000), ...(await read(true)) });
}

const samples = [];
const finished = () => Date.now() - started >= runMs;

// Samples: every frame's engine time since the last sample, as its sum and count (a
// reading of single frames swings with the iris model, which runs only on some frames).
async function sampler() {
  let nextSample = started;
  let last = await read();
  while (!finished()) {
    if (Date.now() >= nextSample) {
      const r = await read(true);
      const frames = r.frames - last.frames;
      const sample = {
        from_s: samples.length ? samples[samples.length - 1].at_s : 0, at_s: Math.round((Date.now() - started) / 1000), frames_analysed: frames,
        engine_ms_sum: r.engine_ms_total - last.engine_ms_total, engine_ms_mean: frames > 0 ? (r.engine_ms_total - last.engine_ms_total) / frames : 0,
        js_heap_bytes: r.js_heap_bytes, page_live_bytes: r.page_live_bytes, worker_live_bytes: r.worker_live_bytes, page_wasm_bytes: r.page_wasm_bytes, worker_wasm_bytes: r.worker_wasm_bytes,
      };
      samples.push(sample);
      console.log(`  ${JSON.stringify({ ...sample, engine_ms_sum: Math.round(sample.engine_ms_sum), engine_ms_mean: Number(sample.engine_ms_mean.toFixed(2)) })}`);
      last = r;
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
    if (!finished()) {
      await restartCamera();
      await hideAndShowTab();
    }
    await afterExam();
    nextExam += examEveryMs;
  }
}

await Promise.all([sampler(), chores()]);
await browser.close();
await server.close();

// Between exams: the samples of each stretch of live analysis (no exam running, chores
// done), last against first, the worst stretch. Per exam: the post-exam samples' slope.
// Frame time: over the samples of live analysis only (an exam's page work competes for
// the same cores), the mean over every frame of their last quarter against their first
// quarter's (each sample's sum and count).
// Whether the time from `from_s` to `to_s` touches an exam (a second's margin each side):
// a sample's memory is read at its end; its frame time spans the whole sample.
const duringExam = (from_s, to_s) => examSpans.some((e) => to_s >= e.from_s - 1 && from_s <= e.to_s + 1);
const inExam = (s) => duringExam(s.at_s, s.at_s);
const stretches = [];
for (const s of samples) {
  if (inExam(s)) { if (stretches.length && stretches[stretches.length - 1].length) stretches.push([]); continue; }
  if (!stretches.length) stretches.push([]);
  stretches[stretches.length - 1].push(s);
}
const between = (key) => Math.max(0, ...stretches.filter((xs) => xs.length >= 2).map((xs) => xs[xs.length - 1][key] / xs[0][key] - 1));
const perExam = (key) => afterExams.length >= 2 ? (afterExams[afterExams.length - 1][key] - afterExams[0][key]) / (afterExams.length - 1) : null;
const live = samples.filter((s) => s.frames_analysed > 0 && !duringExam(s.from_s, s.at_s));
const quarter = Math.max(2, Math.floor(live.length / 4));
const firstQuarter = live.slice(0, quarter);
const lastQuarter = live.slice(-quarter);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const meanFrameTime = (xs) => sum(xs.map((s) => s.engine_ms_sum)) / sum(xs.map((s) => s.frames_analysed));
const result = {
  minutes, sample_s: sampleMs / 1000, samples, after_exams: afterExams, events, console_errors: consoleErrors,
  // Each memory on its own: the worker's models would hide a leak in the page's heap.
  growth_between_exams: { js_heap: between('js_heap_bytes'), page_live: between('page_live_bytes'), worker_live: between('worker_live_bytes'), page_wasm: between('page_wasm_bytes'), worker_wasm: between('worker_wasm_bytes') },
  stretches_between_exams: stretches.filter((xs) => xs.length >= 2).length,
  bytes_per_saved_exam: { page_live: perExam('page_live_bytes'), worker_live: perExam('worker_live_bytes'), page_wasm: perExam('page_wasm_bytes'), worker_wasm: perExam('worker_wasm_bytes'), js_heap: perExam('js_heap_bytes') },
  frame_time_ms: { first_quarter: meanFrameTime(firstQuarter), last_quarter: meanFrameTime(lastQuarter) },
  frame_time_growth: meanFrameTime(lastQuarter) / meanFrameTime(firstQuarter) - 1,
  frames_analysed: samples.reduce((a, s) => a + s.frames_analysed, 0),
};
const failures = [];
for (const [memory, grew] of Object.entries(result.growth_between_exams)) {
  if (!(grew < MEMORY_GROWTH_LIMIT)) failures.push(`${memory} memory grew ${(100 * grew).toFixed(1)} % between exams (limit 5 %)`);
}
if (!result.stretches_between_exams) failures.push('no stretch of live analysis between exams was sampled twice');
const { page_live: pageExam, worker_live: workerExam } = result.bytes_per_saved_exam;
if (pageExam === null) failures.push('fewer than two exams were sampled');
else {
  if (!(pageExam < PER_EXAM_PAGE_LIMIT_BYTES)) failures.push(`each saved exam added ${(pageExam / 1e6).toFixed(2)} MB to the page (limit 1 MiB)`);
  if (!(workerExam < PER_EXAM_WORKER_LIMIT * afterExams[0].worker_live_bytes)) failures.push(`each exam added ${(workerExam / 1e6).toFixed(2)} MB to the worker (limit 1 %)`);
}
if (live.length < 2 * quarter) failures.push(`${live.length} samples of live analysis, too few to compare the frame time`);
else if (!(result.frame_time_growth < FRAME_TIME_GROWTH_LIMIT)) failures.push(`frame time grew ${(100 * result.frame_time_growth).toFixed(1)} % (limit 10 %)`);
if (consoleErrors.length) failures.push(`${consoleErrors.length} console error(s): ${consoleErrors.slice(0, 3).join(' | ')}`);
if (!events.some((e) => e.what.startsWith('exam'))) failures.push('no exam ran');
result.passed = failures.length === 0;
result.failures = failures;
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(result, null, 2));
const percent = (x) => `${(100 * x).toFixed(1)} %`;
const mb = (x) => (x === null ? '-' : `${(x / 1e6).toFixed(2)} MB`);
const g = result.growth_between_exams, e = result.bytes_per_saved_exam;
console.log(`soak: between exams JS heap ${percent(g.js_heap)}, page ${percent(g.page_live)} (linear ${percent(g.page_wasm)}), worker ${percent(g.worker_live)} (linear ${percent(g.worker_wasm)}); per saved exam page ${mb(e.page_live)} (linear ${mb(e.page_wasm)}), worker ${mb(e.worker_live)}; frame time ${percent(result.frame_time_growth)} (${result.frame_time_ms.first_quarter.toFixed(2)} -> ${result.frame_time_ms.last_quarter.toFixed(2)} ms), ${result.frames_analysed} frames, ${afterExams.length - 1} exams after warm-up, ${consoleErrors.length} console errors -> ${out}`);
if (failures.length) {
  console.error(`soak FAILED: ${failures.join('; ')}`);
  process.exit(1);
}
