// Camera faults during an exam: detected, stated, the run paused (no view captured from a
// bad picture) and resumed when the picture is good again. Hooks: #camera-fault
// [data-camera-fault] (none|frozen|resolution-changed|low-frame-rate), #exam-hold
// [data-exam-hold] (also camera-off, analysis-restarting).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serveForTests, launch, waitFor, attr, fakeCamera, untilRunning, showSection } from './harness.mjs';

const server = serveForTests();
// A camera that really freezes: Chromium's fake camera plays a y4m file in a loop, and
// this one is 9 s of the moving astronaut clip followed by 8 s of its last frame repeated,
// byte for byte, as a stuck driver repeats its last buffer (the video's time keeps
// advancing; only the picture stops). The page must tell it by the pixels.
const frozenY4m = path.join(os.tmpdir(), 'facegrade-frozen-cam.y4m');
before(() => {
  if (fs.existsSync(frozenY4m)) return;
  const clip = fakeCamera('astronaut_cam.y4m');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-stream_loop', '2', '-i', clip, '-vf', 'tpad=stop_mode=clone:stop_duration=8', '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', frozenY4m]);
});

/** In the page: samples the camera fault and the captured views every 100 ms for `ms`. */
const sample = (page, ms) => page.evaluate((ms) => new Promise((resolve) => {
  const out = [];
  const t0 = performance.now();
  const tick = () => {
    out.push({ t: performance.now() - t0, fault: document.querySelector('#camera-fault')?.dataset.cameraFault, hold: document.querySelector('#exam-hold')?.dataset.examHold, captured: document.querySelectorAll('#exam-views li[data-view-status="captured"]').length });
    if (performance.now() - t0 < ms) setTimeout(tick, 100); else resolve(out);
  };
  tick();
}), ms);

test('a frozen camera is detected within seconds, pauses the exam, and the exam resumes when the picture moves', async () => {
  const { browser, page } = await launch({ camera: frozenY4m });
  try {
    await page.goto(server.url);
    await untilRunning(page);
    await waitFor(page, () => document.querySelector('#camera-fault')?.dataset.cameraFault === 'frozen', undefined, { what: 'the frozen picture detected', timeout: 60_000 });
    assert.match(await page.$eval('#camera-fault', (e) => e.textContent), /The camera picture has stopped changing/);
    await showSection(page, 'exam');
    await page.click('[data-action="start-exam"]');
    const samples = await sample(page, 40_000);
    // Frozen periods as the page saw them: each ends when the loop moves again; 8 s of
    // repeats are seen as at least 4 s and at most 8 s frozen (2 s to tell).
    const runs = [];
    for (const s of samples) {
      const last = runs[runs.length - 1];
      if (last && last.fault === s.fault) last.end = s.t; else runs.push({ fault: s.fault, start: s.t, end: s.t });
    }
    const frozen = runs.filter((r) => r.fault === 'frozen');
    // 8 s of repeats less the time to tell them: the detection delay, as measured.
    console.log(`frozen periods seen: ${frozen.map((r) => `${((r.end - r.start) / 1000).toFixed(1)} s`).join(', ')} of 8 s repeated (the first and last cut by the sampling window)`);
    assert.ok(runs.some((r) => r.fault === 'none'), `the picture moved again: ${JSON.stringify(runs)}`);
    for (const r of frozen.slice(1, -1)) assert.ok(r.end - r.start >= 4000 && r.end - r.start <= 8500, `a frozen period of ${r.end - r.start} ms`);
    // No view was captured while the picture was frozen, and the run said why it waited.
    for (let i = 1; i < samples.length; i += 1) {
      if (samples[i].captured > samples[i - 1].captured) assert.notEqual(samples[i].fault, 'frozen', `a view captured at ${samples[i].t} ms from a frozen picture`);
    }
    assert.ok(samples.some((s) => s.fault === 'frozen' && s.hold === 'frozen'), 'the exam was held');
    assert.ok(samples[samples.length - 1].captured >= 1, `the exam went on once the picture moved: ${samples[samples.length - 1].captured} views`);
    assert.match(await page.$eval('#exam-prompt', (e) => e.textContent), /./);
  } finally {
    await browser.close();
  }
});

// The fake camera can be asked for another size or rate through the track's constraints
// (Chromium scales and drops frames as it would for a real camera); an unplugged camera
// cannot be faked, so its track's `ended` event is dispatched as the browser would.
test('a resolution change, a very low frame rate and an ended camera pause the exam, each stated', async () => {
  const { browser, page } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  const track = (fn, arg) => page.evaluate(([fn, arg]) => {
    const t = document.querySelector('video').srcObject.getVideoTracks()[0];
    return fn === 'ended' ? t.dispatchEvent(new Event('ended')) : t.applyConstraints(arg);
  }, [fn, arg]);
  const untilFault = (code) => waitFor(page, (c) => document.querySelector('#camera-fault')?.dataset.cameraFault === c, code, { what: `camera fault ${code}`, timeout: 20_000 });
  try {
    await page.goto(server.url);
    await untilRunning(page);
    await untilFault('none');
    await showSection(page, 'exam');
    await page.click('[data-action="start-exam"]');

    await track('constraints', { frameRate: { max: 2 } });
    await untilFault('low-frame-rate');
    await waitFor(page, () => document.querySelector('#exam-hold')?.dataset.examHold === 'low-frame-rate', undefined, { what: 'the exam held', timeout: 10_000 });
    assert.match(await page.$eval('#camera-fault', (e) => e.textContent), /only \d\.\d pictures a second/);
    await track('constraints', { frameRate: { max: 30 } });
    await untilFault('none');

    await track('constraints', { width: { exact: 320 }, height: { exact: 240 } });
    await untilFault('resolution-changed');
    assert.match(await page.$eval('#camera-fault', (e) => e.textContent), /from 640×480 to 320×240/);
    const held = await attr(page, '#exam-hold', 'data-exam-hold');
    assert.equal(held, 'resolution-changed');
    const before = await page.$$eval('#exam-views li[data-view-status="captured"]', (els) => els.length);
    await page.waitForTimeout(7000);
    assert.equal(await page.$$eval('#exam-views li[data-view-status="captured"]', (els) => els.length), before, 'nothing captured at the other size');
    // Restarting the camera starts its picture afresh.
    await page.click('[data-action="stop-camera"]');
    await waitFor(page, () => document.querySelector('#exam-hold')?.dataset.examHold === 'camera-off', undefined, { what: 'held for the camera', timeout: 10_000 });
    await page.click('[data-action="start-camera"]');
    await untilFault('none');
    await waitFor(page, (n) => document.querySelectorAll('#exam-views li[data-view-status="captured"]').length > n, before, { what: 'a view captured after the restart', timeout: 60_000 });

    await track('ended');
    await waitFor(page, () => document.querySelector('#exam-hold')?.dataset.examHold === 'camera-off', undefined, { what: 'held for the ended camera', timeout: 10_000 });
    assert.match(await page.$eval('#camera-error', (e) => e.textContent), /disconnected/);
    assert.equal(await attr(page, '#exam', 'data-exam-state'), 'running', 'the exam waits rather than ending');
  } finally {
    await browser.close();
  }
});
