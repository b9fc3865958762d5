// Photos instead of the camera, then review and correction of landmarks, the report with
// its bars and optional pictures, trends and the before/after comparison; and a recorded
// video read into a timeline with suggested frames. Hooks: README "Testing".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { serveForTests, launch, waitFor, attr, fakeCamera, assertNothingLeftTheDevice, untilRunning, showSection } from './harness.mjs';

const server = serveForTests();

const photo = (name, file) => ({ name, mimeType: 'image/jpeg', buffer: fs.readFileSync(fakeCamera(file)) });
const item = (page, name) => page.$eval(`#exam-items tr[data-item="${name}"]`, (r) => r.cells[2].textContent.trim());
const scored = (page) => waitFor(page, () => document.querySelector('#exam')?.dataset.examState === 'scored', undefined, { what: 'the scored exam', timeout: 120_000 });

/** Distinct byte values in a PNG's pixel data: a blank picture has very few. */
function pngVariety(png) {
  const chunks = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  return new Set(zlib.inflateSync(Buffer.concat(chunks))).size;
}

test('a photo set becomes an exam; a clinician corrects a view and the scores follow', async () => {
  const { browser, page, requests } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  try {
    await page.goto(server.url);
    await untilRunning(page);
    await showSection(page, 'history');
    await page.fill('[data-action="pseudonym"]', 'P-100');
    await showSection(page, 'exam');
    // The same real face for four views: the landmark model sees open eyes at "closure".
    await page.setInputFiles('[data-action="import-photos"]', [
      photo('P-100 rest.jpg', 'portrait_frontal_ai.jpg'), photo('P-100 brow raise.jpg', 'portrait_frontal_ai.jpg'),
      photo('P-100 gentle closure.jpg', 'portrait_frontal_ai.jpg'), photo('P-100 tight closure.jpg', 'portrait_frontal_ai.jpg'),
    ]);
    const guessed = await page.$$eval('#photo-list select', (s) => s.map((e) => e.value));
    assert.deepEqual(guessed, ['rest', 'brow_raise', 'gentle_closure', 'tight_closure'], 'views guessed from the names');
    await page.click('[data-action="analyse-photos"]');
    await scored(page);
    const captured = await page.$$eval('#exam-views li[data-view-status="captured"]', (els) => els.map((e) => e.dataset.view));
    assert.deepEqual(captured.sort(), ['brow_raise', 'gentle_closure', 'rest', 'tight_closure']);
    assert.ok(Number(await item(page, 'gentle_eye_closure')) < 15, 'the model alone sees no closure');

    // Review the gentle closure: the picture is there; mark both eyes closed.
    await page.click('#exam-views li[data-view="gentle_closure"] [data-action="review-view"]');
    await waitFor(page, () => document.querySelector('#review')?.dataset.picture === 'shown', undefined, { what: 'the picture under review', timeout: 20_000 });
    await page.check('#review [data-action="mark-eye-closed"][data-side="right"]');
    await waitFor(page, () => document.querySelector('#exam-views li[data-view="gentle_closure"]')?.dataset.corrected === 'yes', undefined, { what: 'the corrected view', timeout: 20_000 });
    await page.check('#review [data-action="mark-eye-closed"][data-side="left"]');
    await waitFor(page, () => Number(document.querySelector('#exam-items tr[data-item="gentle_eye_closure"]')?.cells[2].textContent) >= 90, undefined, { what: 'the closure item after the correction', timeout: 20_000 });
    const fissure = () => page.$eval('#review-measurements tr[data-review-measure="palpebral_fissure_height_mm"] td[data-side="right"]', (e) => Number(e.textContent));
    assert.equal(await fissure(), 0, 'a closed eye measures 0 mm');
    // Undo reopens the left eye; redo closes it again.
    await page.click('#review [data-action="undo"]');
    await waitFor(page, () => Number(document.querySelector('#exam-items tr[data-item="gentle_eye_closure"]')?.cells[2].textContent) < 15, undefined, { what: 'the undone correction', timeout: 20_000 });
    await page.click('#review [data-action="redo"]');
    await waitFor(page, () => Number(document.querySelector('#exam-items tr[data-item="gentle_eye_closure"]')?.cells[2].textContent) >= 90, undefined, { what: 'the redone correction', timeout: 20_000 });

    // Drag a point with the mouse: the rest view's right upper lid, 12 screen pixels up.
    await page.click('#exam-views li[data-view="rest"] [data-action="review-view"]');
    await waitFor(page, () => document.querySelector('#review')?.dataset.view === 'rest' && document.querySelector('#review')?.dataset.picture === 'shown', undefined, { what: 'the rest view under review', timeout: 20_000 });
    const before = await fissure();
    await page.selectOption('#review [data-action="select-point"]', { label: 'right upper lid 4' });
    await page.$eval('#editor-canvas', (c) => c.scrollIntoView({ block: 'center' }));
    const [sx, sy] = (await attr(page, '#editor-canvas', 'data-selected-screen')).split(' ').map(Number);
    const box = await (await page.$('#editor-canvas')).boundingBox();
    await page.mouse.move(box.x + sx, box.y + sy);
    await page.mouse.down();
    await page.mouse.move(box.x + sx, box.y + sy - 6, { steps: 3 });
    await page.mouse.move(box.x + sx, box.y + sy - 12, { steps: 3 });
    await page.mouse.up();
    await waitFor(page, (b) => Number(document.querySelector('#review-measurements tr[data-review-measure="palpebral_fissure_height_mm"] td[data-side="right"]')?.textContent) > b + 0.2, before, { what: 'the wider fissure after the drag', timeout: 20_000 });
    const after = await fissure();
    console.log(`right fissure at rest: ${before} mm, after dragging the upper lid up: ${after} mm`);
    // A keyboard-precise nudge moves it one more pixel.
    await page.click('#review [data-action="nudge"][data-dy="-1"]');
    await waitFor(page, (a) => Number(document.querySelector('#review-measurements tr[data-review-measure="palpebral_fissure_height_mm"] td[data-side="right"]')?.textContent) > a, after, { what: 'the nudge', timeout: 20_000 });

    await showSection(page, 'report');
    // Report: bars per region, rendered (a screenshot with content: text, bars), pictures
    // only when asked for.
    assert.equal(await attr(page, '#region-bars [data-bar="gentle_eye_closure"]', 'data-value'), '100');
    assert.equal(await page.$$eval('#report-pictures img', (i) => i.length), 0, 'no pictures by default');
    const bars = await (await page.$('#region-bars')).screenshot();
    const blank = await page.screenshot({ clip: { x: 0, y: 0, width: 4, height: 4 } });
    console.log(`bar chart screenshot: ${bars.length} bytes, ${pngVariety(bars)} distinct byte values (a flat patch: ${pngVariety(blank)})`);
    assert.ok(pngVariety(bars) > 20, 'the bar chart shows content');
    await page.check('[data-action="include-pictures"]');
    await waitFor(page, () => [...document.querySelectorAll('#report-pictures img')].filter((i) => i.complete && i.naturalWidth > 0).length === 4, undefined, { what: 'the four pictures', timeout: 20_000 });
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.$eval('#review', (e) => getComputedStyle(e).display), 'none', 'the editor is not printed');
    assert.notEqual(await page.$eval('#region-bars', (e) => getComputedStyle(e).display), 'none', 'the bars are printed');
    await page.emulateMedia({ media: 'screen' });

    // The JSON export holds the model's landmarks and the corrections beside them.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export-json"]')]);
    const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert.deepEqual(exported.corrections.gentle_closure.eye_closed, { left: true, right: true });
    assert.ok(Object.keys(exported.corrections.rest.moved).length >= 1);
    assert.equal(exported.model_landmarks.rest.mesh.length, 478);

    // After a reload the corrections are still there and the scores the same.
    const total = await page.$eval('[data-score="eface_total"]', (e) => e.textContent);
    await page.reload();
    await waitFor(page, () => document.querySelectorAll('#exam-history li[data-exam-id]').length === 1 && document.querySelector('#app')?.dataset.state === 'running', undefined, { what: 'the saved exam', timeout: 120_000 });
    await showSection(page, 'history');
    await page.click('#exam-history [data-action="open-exam"]');
    await scored(page);
    assert.equal(await page.$eval('[data-score="eface_total"]', (e) => e.textContent), total);
    assert.equal(await attr(page, '#exam-views li[data-view="gentle_closure"]', 'data-corrected'), 'yes');
    await showSection(page, 'exam');
    await page.click('#exam-views li[data-view="gentle_closure"] [data-action="review-view"]');
    await waitFor(page, () => document.querySelector('#review')?.dataset.picture === 'shown', undefined, { what: 'the saved picture', timeout: 20_000 });

    // A second exam of the same patient: a trend with two points, and a comparison.
    await showSection(page, 'history');
    await page.fill('[data-action="pseudonym"]', 'P-100');
    await showSection(page, 'exam');
    await page.setInputFiles('[data-action="import-photos"]', [photo('rest.jpg', 'portrait_frontal_ai.jpg'), photo('gentle closure.jpg', 'portrait_frontal_ai.jpg')]);
    await page.click('[data-action="analyse-photos"]');
    await waitFor(page, () => document.querySelectorAll('#exam-history li[data-scored="yes"]').length === 2, undefined, { what: 'two scored exams', timeout: 120_000 });
    await showSection(page, 'history');
    await page.selectOption('[data-action="trend-metric"]', 'item:gentle_eye_closure');
    await waitFor(page, () => document.querySelector('#trend-chart')?.dataset.points === '2', undefined, { what: 'a two-point trend', timeout: 10_000 });
    const values = await page.$$eval('#trend-chart [data-trend-point]', (g) => g.map((e) => Number(e.dataset.value)));
    assert.deepEqual(values, [100, 0], 'corrected closure, then the uncorrected one');
    for (const box of await page.$$('#exam-history [data-action="compare-exam"]')) await box.check();
    await waitFor(page, () => !!document.querySelector('#comparison tr[data-compare="item:gentle_eye_closure"]'), undefined, { what: 'the comparison', timeout: 10_000 });
    const row = await page.$eval('#comparison tr[data-compare="item:gentle_eye_closure"]', (r) => [...r.cells].map((c) => c.textContent));
    assert.deepEqual(row.slice(1), ['100.0', '0.0', '-100.0', '-'], 'a score states no uncertainty: its change is not judged');
    // A measurement's change is judged against measurement error where both exams state
    // an uncertainty (the first exam's rest view was corrected by hand: it states none).
    const judged = await page.$eval('#comparison tr[data-compare="rest:commissure_height_mm"] td[data-real-change]', (c) => c.dataset.realChange);
    assert.equal(judged, 'unknown');

    // Agreement over the two saved exams: only the first has corrections, so each
    // measurement of its corrected views has one pair, and the view says why nothing is
    // computed.
    await page.click('[data-action="compute-agreement"]');
    await waitFor(page, () => document.querySelector('#agreement-summary')?.dataset.exams === '2', undefined, { what: 'the agreement view', timeout: 20_000 });
    assert.match(await page.$eval('#agreement-message', (e) => e.textContent), /^Not enough exams: no item or measurement has the clinician's value in at least 2 of the 2 scored exams/);
    const measured = await page.$$eval('table.agreement-table[data-compared="Measurement"] tr[data-series]', (rows) => rows.map((r) => [r.dataset.series, ...[...r.cells].map((c) => c.textContent)]));
    assert.ok(measured.some(([name]) => name.startsWith('gentle_closure palpebral_fissure_height_mm ')), `the corrected closure's fissure: ${measured.map((r) => r[0])}`);
    assert.ok(measured.every((r) => r[2] === '1' && r[3] === 'ICC not computed: needs at least 2 exams, has 1'), JSON.stringify(measured[0]));

    assertNothingLeftTheDevice(requests, server);
  } finally {
    await browser.close();
  }
});

test('a recorded video: every frame read, a timeline, frames suggested per view, then an exam', async () => {
  const { browser, page } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  try {
    await page.goto(server.url);
    await untilRunning(page);
    // Filmed from well above (pitch about 20 degrees, beyond what the pose correction
    // trusts): every frame is read, none is measured, and the page says why.
    await showSection(page, 'exam');
    await page.setInputFiles('[data-action="import-video"]', fakeCamera('expressions_ai_1.mp4'));
    await waitFor(page, () => document.querySelector('#video-reading')?.dataset.videoState === 'read', undefined, { what: 'the read video', timeout: 180_000 });
    assert.equal(await attr(page, '#video-progress', 'data-progress'), '1.000');
    assert.ok(Number(await attr(page, '#video-timeline', 'data-frames')) >= 45, '5 s at 10 frames per second');
    assert.match(await page.$eval('#files-error', (e) => e.textContent), /No frame of this video could be measured \(50 frame\(s\): head/);
    assert.equal(await page.$$eval('#video-choices input', (els) => els.filter((e) => e.value !== '').length), 0);

    // A frontal video: read, measured, a rest frame suggested, then analysed as an exam.
    await page.setInputFiles('[data-action="import-video"]', fakeCamera('expressions_ai_2.mp4'));
    await waitFor(page, () => document.querySelector('#video-reading')?.dataset.videoState === 'read' && document.querySelector('#video-timeline')?.dataset.frames === '50', undefined, { what: 'the second video', timeout: 180_000 });
    // The live camera keeps running meanwhile: the video has its own tracker, so its
    // frames are not confused with the camera's face (they were, before: 5-19 of 50).
    const measurable = Number(await attr(page, '#video-timeline', 'data-measurable'));
    assert.ok(measurable >= 45, `${measurable} of 50 frames measurable`);
    assert.ok(await page.$$eval('#video-timeline polyline[data-region="mouth"]', (p) => p[0].getAttribute('points').trim().split(' ').length >= 45));
    const suggested = await page.$$eval('#video-choices input', (els) => els.filter((e) => e.value !== '').map((e) => [e.dataset.view, Number(e.value)]));
    console.log(`frontal video: ${measurable} of 50 frames measurable; suggested frames:`, JSON.stringify(suggested));
    assert.ok(suggested.some(([v]) => v === 'rest'), 'a rest frame is suggested');
    for (const [, t] of suggested) assert.ok(t >= 0 && t < 5);
    await page.click('[data-action="analyse-video-frames"]');
    await scored(page);
    const captured = await page.$$eval('#exam-views li[data-view-status="captured"]', (els) => els.map((e) => e.dataset.view));
    assert.deepEqual(captured.sort(), suggested.map(([v]) => v).sort());
  } finally {
    await browser.close();
  }
});
