// The eyes in the live view: the Eyes box (each eye's state read from its image) and the
// blink test, through Chromium's fake camera playing real blinks. Clips, made here:
// - blink: ../shared/data/faces/expressions_ai_2.mp4 (480x480, 30 fps, 5 s) converted to
//   y4m with ffmpeg; two natural blinks of both eyes per 5-s loop (frames 76-84 and
//   104-110, tests/data/blink_labels.json);
// - wink: `facegrade make-eye-clips` on that y4m writes wink_right.y4m, where only the
//   subject's right eye blinks (the left eye's open look is pasted over its blinks).
// Both are padded to 640x480 (no scaling) for the camera. The blink test is shortened with
// `?blink_seconds=12` (README "Using it": for tests only).
// Hooks (README "Testing"): #eyes[data-eye-state-right, data-eye-state-left],
// #blink-test[data-state, data-blinks-complete-*, data-blinks-partial-*, data-blinks-alone-*],
// [data-action=start-blink-test], #blink-alone, #blink-chart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serveForTests, launch, waitFor, attr, fakeCamera, repo, assertNothingLeftTheDevice } from './harness.mjs';

const BLINK_SECONDS = 12;
const server = serveForTests();
let work;
let blinkY4m;

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'facegrade-eyes-'));
  blinkY4m = path.join(work, 'blink_480.y4m');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', fakeCamera('expressions_ai_2.mp4'), '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', blinkY4m]);
});
after(async () => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** The clip centred on a 640x480 frame (pixels untouched), for the fake camera. */
function forCamera(y4m, name) {
  const out = path.join(work, name);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', y4m, '-vf', 'pad=640:480:(ow-iw)/2:(oh-ih)/2', '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', out]);
  return out;
}

/** The native command line: $FACEGRADE_BIN, else the debug build in the shared target dir (built if needed). */
function facegradeBin() {
  if (process.env.FACEGRADE_BIN) return process.env.FACEGRADE_BIN;
  const target = process.env.CARGO_TARGET_DIR || path.join(os.homedir(), '.cache/facegrade/target');
  execFileSync('cargo', ['build', '--quiet', '--bin', 'facegrade'], { cwd: repo, stdio: 'inherit', env: { ...process.env, CARGO_TARGET_DIR: target } });
  return path.join(target, 'debug/facegrade');
}

/** Records every eye state the Eyes box shows (a blink's closed frames last ~100 ms, too short to poll). */
const watchEyes = () => {
  window.__eyeStates = { right: new Set(), left: new Set() };
  const box = document.querySelector('#eyes');
  const note = () => {
    for (const side of ['right', 'left']) {
      const s = box.getAttribute(`data-eye-state-${side}`);
      if (s) window.__eyeStates[side].add(s);
    }
  };
  note();
  new MutationObserver(note).observe(box, { attributes: true, attributeFilter: ['data-eye-state-right', 'data-eye-state-left'] });
};
const seenStates = (page) => page.evaluate(() => ({ right: [...window.__eyeStates.right], left: [...window.__eyeStates.left] }));

/** Opens the page on `camera`, runs the shortened blink test and returns its hooks. */
async function blinkTest(camera, shot) {
  const { browser, page, requests, consoleErrors } = await launch({ camera });
  try {
    await page.goto(`${server.url}?blink_seconds=${BLINK_SECONDS}`);
    await waitFor(page, (n) => Number(document.querySelector('#frames')?.dataset.frames || 0) >= n, 10, { what: 'live frames' });
    await waitFor(page, () => document.querySelector('#eyes')?.dataset.eyeStateRight, undefined, { what: 'the eyes read', timeout: 30_000 });
    assert.equal(await attr(page, '#blink-test', 'data-state'), 'idle');
    assert.match(await page.$eval('[data-action="start-blink-test"]', (b) => b.textContent), new RegExp(`Blink test \\(${BLINK_SECONDS} s\\)`));
    await page.evaluate(watchEyes);
    if (shot) await page.locator('#eyes').screenshot({ path: shot.replace(/\.png$/, '-eyes-box.png') });
    await page.click('[data-action="start-blink-test"]');
    assert.equal(await attr(page, '#blink-test', 'data-state'), 'recording');
    assert.match(await page.$eval('#blink-prompt', (e) => e.textContent), /Look at the camera and blink naturally/);
    await waitFor(page, () => document.querySelector('#blink-test')?.dataset.state === 'done', undefined, { what: 'the blink test to finish', timeout: (BLINK_SECONDS + 30) * 1000 });
    const hooks = await page.$eval('#blink-test', (e) => Object.fromEntries(Object.entries(e.dataset)));
    const n = (k) => Number(hooks[k]);
    const result = {
      complete: { right: n('blinksCompleteRight'), left: n('blinksCompleteLeft') },
      partial: { right: n('blinksPartialRight'), left: n('blinksPartialLeft') },
      alone: { right: n('blinksAloneRight'), left: n('blinksAloneLeft') },
      perMinute: Number(hooks.blinksPerMinute),
      seen: await seenStates(page),
      aloneText: await page.$eval('#blink-alone', (e) => e.textContent),
      rate: await page.$eval('#blink-rate', (e) => e.textContent),
      chart: await page.$$eval('#blink-chart [data-lane] g[data-blink-kind]', (els) => els.map((g) => [g.dataset.blinkSide, g.dataset.blinkKind])),
      chartText: await page.$$eval('#blink-chart-text li', (els) => els.map((li) => li.textContent)),
      lines: await page.$$eval('#blink-chart polyline', (els) => els.length),
      summary: await page.$$eval('#blink-summary tr[data-blink-stat]', (rows) => rows.map((r) => [r.dataset.blinkStat, ...[...r.querySelectorAll('td')].map((td) => td.textContent)])),
    };
    console.log(`${path.basename(camera)}: ${result.rate}`, JSON.stringify({ complete: result.complete, partial: result.partial, alone: result.alone, seen: result.seen }), `\n  ${result.chartText.join('\n  ')}`);
    if (shot) await page.$eval('#blink-test', (e) => e.scrollIntoView()).then(() => page.locator('#blink-test').screenshot({ path: shot }));
    assertNothingLeftTheDevice(requests, server);
    assert.deepEqual(consoleErrors.filter((t) => /Content Security Policy|Refused to|panicked/i.test(t)), [], 'no CSP violation or panic');
    return result;
  } finally {
    await browser.close();
  }
}

test('natural blinks: the Eyes box shows each eye closed, the blink test counts complete blinks on both sides', async () => {
  const r = await blinkTest(forCamera(blinkY4m, 'blink.y4m'), process.env.FACEGRADE_SCREENSHOTS && path.join(process.env.FACEGRADE_SCREENSHOTS, 'blink-panel.png'));
  for (const side of ['right', 'left']) {
    assert.ok(r.seen[side].includes('closed'), `the ${side} eye was shown closed at some point (seen: ${r.seen[side]})`);
    assert.ok(r.seen[side].includes('open'), `the ${side} eye was shown open (seen: ${r.seen[side]})`);
    assert.ok(r.complete[side] >= 1, `${side}: at least one complete blink (${JSON.stringify(r)})`);
  }
  // Both eyes blink together, so nearly every blink is paired. At the ~15 frames per second
  // of the analysis here, a frame can catch one eye a little further into the blink than
  // the other (closed for ~100 ms), so one blink may now and then read as one eye's alone.
  for (const side of ['right', 'left']) assert.ok(r.alone[side] <= 1 && r.alone[side] < r.complete[side], `${side}: blinks alone ${r.alone[side]} of ${r.complete[side]} complete`);
  assert.ok(r.perMinute > 0, r.rate);
  assert.match(r.rate, /blinks per minute/);
  // The chart: one lane per eye, a mark per blink, and the same in words.
  assert.ok(r.lines >= 2, 'a line per eye');
  assert.ok(r.chart.some(([side, kind]) => side === 'right' && kind === 'complete'));
  assert.ok(r.chart.some(([side, kind]) => side === 'left' && kind === 'complete'));
  assert.ok(r.chartText.some((t) => /^Right eye: complete blink at [\d.]+ s/.test(t)), r.chartText.join('\n'));
  assert.deepEqual(r.summary.map((row) => row[0]), ['complete', 'partial', 'alone', 'deepest', 'closing', 'reopening', 'open']);
});

test('a wink of the right eye: complete blinks on the right only, and the page names the right eye as blinking alone', async () => {
  const clips = path.join(work, 'eye-clips');
  fs.mkdirSync(clips, { recursive: true });
  execFileSync(facegradeBin(), ['make-eye-clips', blinkY4m, '--labels', path.join(repo, 'tests/data/blink_labels.json'), '--out-dir', clips], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  const wink = path.join(clips, 'wink_right.y4m');
  assert.ok(fs.existsSync(wink), 'make-eye-clips wrote wink_right.y4m');
  const r = await blinkTest(forCamera(wink, 'wink_right_640.y4m'));
  assert.ok(r.complete.right >= 1, `right: at least one complete blink (${JSON.stringify(r)})`);
  assert.equal(r.complete.left, 0, `left: no complete blink (${JSON.stringify(r)})`);
  assert.ok(r.alone.right >= 1, `the right eye blinked alone (${JSON.stringify(r)})`);
  assert.equal(r.alone.left, 0);
  assert.match(r.aloneText, /The right eye blinked alone \d+ times? \(the left eye seen open, not blinking\)/);
  assert.ok(r.seen.right.includes('closed'), `the right eye was shown closed (seen: ${r.seen.right})`);
  assert.ok(!r.seen.left.includes('closed'), `the left eye was never shown closed (seen: ${r.seen.left})`);
});
