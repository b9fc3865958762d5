// The analysis worker crashing in the middle of an exam: the page notices, restarts it with
// the same models and the exam's captured views, says so, and the exam goes on to its
// scores with nothing lost. The crash is real: a page opened with ?test-faults offers
// window.facegradeTestFaults.crashWorker(), which sends ToWorker::CrashForTest; the worker
// panics with its session borrowed, its wasm traps (as an out-of-memory abort does), and
// the worker's `error` event reaches the page. Only the trigger is for tests; the restart
// path it exercises (src/web/worker_restart.rs) is the one any crash takes.
// Hooks: #worker-health[data-worker-health], #exam-hold[data-exam-hold].
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveForTests, launch, waitFor, attr, fakeCamera, untilRunning, assertNothingLeftTheDevice, showSection } from './harness.mjs';

const server = serveForTests();
const frames = (page) => page.$eval('#frames', (e) => Number(e.dataset.frames || 0));
const captured = (page) => page.$$eval('#exam-views li[data-view-status="captured"]', (els) => els.map((e) => e.dataset.view));

test('the worker crashing mid-exam is restarted and the exam completes with every view', async () => {
  const { browser, page, requests } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  try {
    await page.goto(`${server.url}?test-faults`);
    await untilRunning(page);
    assert.equal(await attr(page, '#worker-health', 'data-worker-health'), 'running');
    await showSection(page, 'history');
    await page.fill('[data-action="pseudonym"]', 'P-crash');
    await showSection(page, 'exam');
    await page.click('[data-action="start-exam"]');
    await waitFor(page, () => document.querySelectorAll('#exam-views li[data-view-status="captured"]').length >= 2, undefined, { what: 'two captured views', timeout: 90_000 });
    const before = await captured(page);

    // Crash it (mid-run: the next view's countdown or capture window).
    const seen = page.evaluate(() => new Promise((resolve) => {
      const states = new Set();
      const t0 = performance.now();
      const watch = () => {
        states.add(document.querySelector('#worker-health')?.dataset.workerHealth);
        states.add(document.querySelector('#exam-hold')?.dataset.examHold);
        if (document.querySelector('#worker-health')?.dataset.workerHealth === 'restarted') resolve({ states: [...states], ms: performance.now() - t0 });
        else setTimeout(watch, 20);
      };
      watch();
    }));
    await page.evaluate(() => window.facegradeTestFaults.crashWorker());
    const { states, ms } = await seen;
    console.log(`worker crash to restarted (models and exam given back): ${ms.toFixed(0)} ms`);
    assert.ok(states.includes('restarting'), `the page said it was restarting: ${states}`);
    assert.match(await page.$eval('#worker-health', (e) => e.textContent), /stopped unexpectedly .* restarted \(1 time/);
    for (const view of before) assert.ok((await captured(page)).includes(view), `${view} still captured after the restart`);

    // Live analysis goes on with the new worker, and the exam runs to its scores.
    const afterRestart = await frames(page);
    await waitFor(page, (n) => Number(document.querySelector('#frames')?.dataset.frames || 0) >= n + 5, afterRestart, { what: 'frames from the new worker', timeout: 60_000 });
    await waitFor(page, () => document.querySelector('#exam')?.dataset.examState === 'scored', undefined, { what: 'the scored exam', timeout: 240_000 });
    const views = await page.$$eval('#exam-views li', (els) => els.map((e) => [e.dataset.view, e.dataset.viewStatus]));
    for (const [view, status] of views) assert.equal(status, 'captured', `${view} captured`);
    assert.match(await page.$eval('[data-score="eface_total"]', (e) => e.textContent.trim()), /^\d+$/);
    await waitFor(page, () => document.querySelector('#save-state')?.dataset.saveState === 'saved', undefined, { what: 'the exam saved', timeout: 20_000 });
    // The saved-exam list is read again after the save is confirmed: wait for it.
    await waitFor(page, () => /P-crash, 8 views, auto-eFACE total \d+/.test(document.querySelector('#exam-history li')?.textContent || ''), undefined, { what: 'the whole exam in the saved-exam list', timeout: 20_000 });
    assertNothingLeftTheDevice(requests, server);
  } finally {
    await browser.close();
  }
});
