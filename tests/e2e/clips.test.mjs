// A guided exam whose views come from different camera clips. Chromium's fake camera
// plays one file per browser run, so the test switches clips by closing the browser and
// starting it again on the same profile (its IndexedDB keeps the exam): each run reopens
// the saved exam and retakes one view from its own clip. The clips are made here with
// ffmpeg (Debian) from the shared test faces.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serveForTests, launchPersistent, waitFor, fakeCamera, assertNothingLeftTheDevice, showSection } from './harness.mjs';

const server = serveForTests();
let work;
before(() => { work = fs.mkdtempSync(path.join(os.tmpdir(), 'facegrade-clips-')); });
after(() => { fs.rmSync(work, { recursive: true, force: true }); });

/**
 * A 2 s, 640x480 y4m clip for the fake camera from a video or a still picture. A still
 * gets a camera sensor's faint noise, changing every frame: a real camera's pictures never
 * repeat exactly, and the page rightly pauses an exam on a picture that does (a frozen
 * camera, `src/camera_watch.rs`).
 */
function clip(name, source, still = false) {
  const out = path.join(work, name);
  const input = still ? ['-loop', '1', '-t', '2', '-i', source] : ['-t', '2', '-i', source];
  const noise = still ? ',noise=alls=3:allf=t' : '';
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...input, '-vf', `scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2${noise}`, '-r', '15', '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', out]);
  return out;
}

test('each view from its own clip: close, switch the clip, reopen the saved exam, retake the next view', async () => {
  const profile = path.join(work, 'profile');
  const runs = [
    ['rest', fakeCamera('astronaut_cam.y4m')],
    ['brow_raise', clip('neutral.y4m', fakeCamera('expressions_ai_2.mp4'))],
    ['big_smile', clip('portrait.y4m', fakeCamera('portrait_frontal_ai.jpg'), true)],
  ];
  for (const [i, [view, camera]] of runs.entries()) {
    const { browser, page, requests } = await launchPersistent({ camera, userDataDir: profile });
    try {
      await page.goto(server.url);
      await waitFor(page, (n) => Number(document.querySelector('#frames')?.dataset.frames || 0) >= n, 3, { what: `live frames from clip ${i + 1}` });
      if (i === 0) {
        // The first run names the exam in the exam section, starts it, keeps the rest
        // view, and stops; the saved-exams section shows the same name.
        await showSection(page, 'exam');
        await page.fill('[data-action="exam-pseudonym"]', 'P-CLIPS');
        await page.click('[data-action="start-exam"]');
        await page.click('[data-action="capture"]');
        await waitFor(page, () => document.querySelector('#exam-views li[data-view="rest"]')?.dataset.viewStatus === 'captured', undefined, { what: 'the rest view', timeout: 60_000 });
        await page.click('[data-action="stop-exam"]');
        await showSection(page, 'history');
        assert.equal(await page.$eval('[data-action="pseudonym"]', (e) => e.value), 'P-CLIPS');
      } else {
        await waitFor(page, () => document.querySelectorAll('#exam-history li[data-exam-id]').length === 1, undefined, { what: 'the saved exam', timeout: 30_000 });
        await showSection(page, 'history');
        await page.click('#exam-history [data-action="open-exam"]');
        await showSection(page, 'exam');
        await waitFor(page, (n) => document.querySelectorAll('#exam-views li[data-view-status="captured"]').length === n, i, { what: 'the reopened views', timeout: 60_000 });
        await page.click(`#exam-views li[data-view="${view}"] [data-action="retake"]`);
        await page.click('[data-action="capture"]');
        await waitFor(page, (v) => document.querySelector(`#exam-views li[data-view="${v}"]`)?.dataset.viewStatus === 'captured' && document.querySelector('#exam')?.dataset.examState === 'scored', view, { what: `the ${view} view from clip ${i + 1}`, timeout: 60_000 });
      }
      assertNothingLeftTheDevice(requests, server);
      if (i === runs.length - 1) {
        await showSection(page, 'report');
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export-json"]')]);
        const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
        assert.equal(exported.pseudonym, 'P-CLIPS');
        assert.deepEqual(Object.keys(exported.model_landmarks).sort(), ['big_smile', 'brow_raise', 'rest']);
        // Three clips, three different faces: the nose tips lie far apart.
        const nose = (v) => exported.model_landmarks[v].mesh[4];
        const apart = (a, b) => Math.hypot(nose(a).x - nose(b).x, nose(a).y - nose(b).y);
        console.log(`nose tips apart: rest-brow ${apart('rest', 'brow_raise').toFixed(1)} px, brow-smile ${apart('brow_raise', 'big_smile').toFixed(1)} px, rest-smile ${apart('rest', 'big_smile').toFixed(1)} px`);
        for (const [a, b] of [['rest', 'brow_raise'], ['brow_raise', 'big_smile'], ['rest', 'big_smile']]) assert.ok(apart(a, b) > 5, `${a} and ${b} come from different clips`);
        assert.ok(exported.scores.auto_eface);
      }
    } finally {
      await browser.close();
    }
  }
});
