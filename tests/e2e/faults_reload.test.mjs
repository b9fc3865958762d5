// A reload or a closed tab in the middle of a capture run loses at most the view being
// captured: each captured view is saved at once, and the page offers the unfinished exam
// for resuming ("Resume exam"), which captures only the views it lacks and scores the
// whole. Hooks: #unfinished-exam[data-exam-id], [data-action=resume-exam].
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveForTests, launch, waitFor, fakeCamera, untilRunning, showSection, correctedClosureExams } from './harness.mjs';

const server = serveForTests();
const captured = (page) => page.$$eval('#exam-views li[data-view-status="captured"]', (els) => els.map((e) => e.dataset.view));
const untilCaptured = (page, n) => waitFor(page, (k) => document.querySelectorAll('#exam-views li[data-view-status="captured"]').length >= k, n, { what: `${n} captured views`, timeout: 120_000 });

/** Opens the page, waits for the unfinished exam, resumes it; returns the views it kept. */
async function resume(page, pseudonym) {
  await page.goto(server.url);
  await untilRunning(page);
  const line = await waitFor(page, () => document.querySelector('#unfinished-exam')?.textContent, undefined, { what: 'the unfinished exam offered', timeout: 30_000 });
  assert.match(line, new RegExp(`${pseudonym}, \\d+ views, not scored`));
  await page.click('[data-action="resume-exam"]');
  await waitFor(page, () => document.querySelector('#exam')?.dataset.examState === 'running', undefined, { what: 'the resumed run', timeout: 30_000 });
  return captured(page);
}

test('reloads and a closed tab during an exam lose no captured view, and the exam resumes to its scores', async () => {
  const { browser, page: first } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  try {
    await first.goto(server.url);
    await untilRunning(first);
    await showSection(first, 'history');
    await first.fill('[data-action="pseudonym"]', 'P-resume');
    await showSection(first, 'exam');
    await first.click('[data-action="start-exam"]');

    // 1. Reload right after the first view is captured (the second view's countdown).
    await untilCaptured(first, 1);
    const kept1 = await captured(first);
    await first.reload();
    const back1 = await resume(first, 'P-resume');
    for (const v of kept1) assert.ok(back1.includes(v), `${v} kept over the reload`);

    // 2. Close the tab in the middle of a later view (no unload handlers), open a new one.
    await untilCaptured(first, 4);
    const kept2 = await captured(first);
    await first.close({ runBeforeUnload: false });
    const second = await browser.contexts()[0].newPage();
    const back2 = await resume(second, 'P-resume');
    for (const v of kept2) assert.ok(back2.includes(v), `${v} kept after the tab closed`);

    // 3. The resumed run captures only what was missing and scores the whole exam.
    await waitFor(second, () => document.querySelector('#exam')?.dataset.examState === 'scored', undefined, { what: 'the scored exam', timeout: 240_000 });
    assert.equal((await captured(second)).length, 8);
    await waitFor(second, () => /P-resume, 8 views, auto-eFACE total \d+/.test(document.querySelector('#exam-history li')?.textContent || ''), undefined, { what: 'the whole exam saved', timeout: 20_000 });
    assert.equal(await second.$$eval('#exam-history li', (els) => els.length), 1, 'one exam, resumed, not a second one');
    assert.equal(await second.$('#unfinished-exam'), null, 'nothing left unfinished');

    // 4. In the middle of a correction: the first eye marked closed is saved at once; a
    //    reload before the second loses only that second step.
    await showSection(second, 'exam');
    await second.click('#exam-views li[data-view="gentle_closure"] [data-action="review-view"]');
    await waitFor(second, () => document.querySelector('#review')?.dataset.picture === 'shown', undefined, { what: 'the picture under review', timeout: 20_000 });
    await second.check('#review [data-action="mark-eye-closed"][data-side="right"]');
    await waitFor(second, () => document.querySelector('#exam-views li[data-view="gentle_closure"]')?.dataset.corrected === 'yes' && document.querySelector('#save-state')?.dataset.saveState === 'saved', undefined, { what: 'the correction saved', timeout: 20_000 });
    await second.reload();
    await untilRunning(second);
    await showSection(second, 'history');
    await second.click('#exam-history [data-action="open-exam"]');
    await waitFor(second, () => document.querySelector('#exam-views li[data-view="gentle_closure"]')?.dataset.corrected === 'yes' && document.querySelector('#exam')?.dataset.examState === 'scored', undefined, { what: 'the correction after the reload', timeout: 60_000 });
  } finally {
    await browser.close();
  }
});

test('a reload during fine-tuning loses only the run: the corrected exams and the training frames stay, and a new run starts', async () => {
  const { browser, page } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  try {
    await page.goto(server.url);
    await untilRunning(page);
    await correctedClosureExams(page, [['F-1', 'portrait_frontal_ai.jpg'], ['F-2', 'obama.jpg']]);
    await showSection(page, 'model');
    await page.click('[data-action="collect-training"]');
    await waitFor(page, () => document.querySelector('#training-frames')?.dataset.count === '2', undefined, { what: 'the training frames', timeout: 60_000 });
    await showSection(page, 'model');
    await page.click('[data-action="start-finetune"]');
    await waitFor(page, () => !!document.querySelector('#finetune-progress'), undefined, { what: 'the fine-tuning running', timeout: 60_000 });

    await page.reload();
    await untilRunning(page);
    await waitFor(page, () => document.querySelector('#training-frames')?.dataset.count === '2', undefined, { what: 'the training frames after the reload', timeout: 60_000 });
    assert.equal(await page.$$eval('#models li', (l) => l.length), 0, 'no half-made model');
    const lines = await page.$$eval('#exam-history li', (els) => els.map((e) => e.textContent));
    assert.equal(lines.length, 2);
    for (const who of ['F-1', 'F-2']) assert.ok(lines.some((l) => new RegExp(`${who}, 2 views, auto-eFACE total \\d+`).test(l)), `${who} kept: ${lines}`);
    await showSection(page, 'history');
    await page.click('#exam-history li:first-child [data-action="open-exam"]');
    await waitFor(page, () => document.querySelector('#exam-views li[data-view="gentle_closure"]')?.dataset.corrected === 'yes', undefined, { what: 'the correction kept', timeout: 60_000 });
    await showSection(page, 'model');
    await page.click('[data-action="start-finetune"]');
    await waitFor(page, () => !!document.querySelector('#finetune-progress'), undefined, { what: 'a new run', timeout: 60_000 });
  } finally {
    await browser.close();
  }
});
