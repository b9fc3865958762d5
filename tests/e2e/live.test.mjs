// The live page in headless Chromium with Chromium's fake camera fed from real face clips.
// Hooks used (README "Testing"): #app[data-state], #model-progress[data-model-progress],
// #frames[data-frames], #face[data-face, data-landmarks, data-face-box, data-frame-size],
// #quality[data-quality], #fps[data-fps], #model-time[data-model-ms], #camera-error[data-camera-error],
// #iris-model[data-iris-model].
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveForTests, launch, waitFor, attr, fakeCamera, assertNothingLeftTheDevice } from './harness.mjs';

const server = serveForTests();

const framesAtLeast = (n) => (min) => Number(document.querySelector('#frames')?.dataset.frames || 0) >= min;

test('a face on the camera: frames arrive and landmarks lie over the face, nothing leaves 127.0.0.1', async () => {
  const { browser, page, requests, consoleErrors } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  try {
    await page.goto(server.url);
    await waitFor(page, framesAtLeast(), 15, { what: '15 analysed frames' });
    await waitFor(page, () => document.querySelector('#face')?.dataset.face === 'present', undefined, { what: 'a face', timeout: 30_000 });
    assert.equal(await attr(page, '#model-progress', 'data-model-progress'), '1.000');
    assert.equal(await attr(page, '#face', 'data-landmarks'), '478');
    const [fw, fh] = (await attr(page, '#face', 'data-frame-size')).split(' ').map(Number);
    const [x, y, w, h] = (await attr(page, '#face', 'data-face-box')).split(' ').map(Number);
    assert.ok(fw === 640 && fh === 480, `frame ${fw}x${fh}`);
    // The clip shows the astronaut's face filling the middle of the frame.
    const cx = x + w / 2, cy = y + h / 2;
    assert.ok(cx > fw * 0.3 && cx < fw * 0.7 && cy > fh * 0.2 && cy < fh * 0.8, `face box centre ${cx},${cy}`);
    assert.ok(w > fw * 0.2 && w < fw * 0.95 && h > fh * 0.25, `face box ${w}x${h}`);
    assert.ok(Number(await attr(page, '#fps', 'data-fps')) > 0, 'fps shown');
    // Millimetres come with the iris model, which loads after the first landmarks.
    await waitFor(page, () => document.querySelector('#iris-model')?.dataset.irisModel === 'ready', undefined, { what: 'the iris model' });
    await waitFor(page, () => document.querySelectorAll('[data-measure="palpebral_fissure_height_mm"]').length === 2, undefined, { what: 'millimetre rows' });
    // Live measurements per anatomical side, plausible for an adult face in millimetres.
    const pfh = await page.$$eval('[data-measure="palpebral_fissure_height_mm"]', (els) => els.map((e) => [e.dataset.side, Number(e.textContent)]));
    assert.equal(pfh.length, 2, 'palpebral fissure height on both sides');
    for (const [side, mm] of pfh) assert.ok(mm > 4 && mm < 16, `${side} palpebral fissure height ${mm} mm`);
    const width = await page.$$eval('[data-measure="palpebral_fissure_width_mm"]', (els) => els.map((e) => Number(e.textContent)));
    for (const mm of width) assert.ok(mm > 18 && mm < 40, `palpebral fissure width ${mm} mm`);
    assert.ok(Number(await attr(page, '#model-time', 'data-model-ms')) > 0, 'model time shown');
    assertNothingLeftTheDevice(requests, server);
    const csp = consoleErrors.filter((t) => /Content Security Policy|Refused to/i.test(t));
    assert.deepEqual(csp, [], 'no CSP violations');
  } finally {
    await browser.close();
  }
});

test('the iris model loads after the first landmarks: angles meanwhile, millimetres once it is ready', async () => {
  const { browser, page } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  // Hold the iris model's download until the page analyses frames without it.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/models/iris_landmark.onnx', async (route) => { await held; await route.continue(); });
  try {
    await page.goto(server.url);
    await waitFor(page, () => document.querySelector('#face')?.dataset.face === 'present', undefined, { what: 'a face before the iris model' });
    await waitFor(page, () => document.querySelectorAll('[data-measure]').length > 0, undefined, { what: 'measurement rows' });
    assert.equal(await attr(page, '#iris-model', 'data-iris-model'), 'loading');
    assert.match(await page.$eval('#iris-model', (e) => e.textContent), /Iris model loading: the millimetre scale, eye openings/);
    assert.equal(await page.$eval('#iris-model', (e) => e.classList.contains('hidden')), false, 'the notice is shown');
    // No number in millimetres without the iris scale; the smile angle needs none.
    const units = await page.$$eval('[data-measure]', (els) => [...new Set(els.map((e) => e.dataset.measure))]);
    assert.deepEqual(units, ['smile_angle_deg'], 'only angles while the iris model loads');
    release();
    await waitFor(page, () => document.querySelector('#iris-model')?.dataset.irisModel === 'ready', undefined, { what: 'the iris model' });
    assert.equal(await page.$eval('#iris-model', (e) => e.classList.contains('hidden')), true, 'the notice is gone');
    await waitFor(page, () => document.querySelectorAll('[data-measure="palpebral_fissure_height_mm"]').length === 2, undefined, { what: 'millimetre rows' });
    const pfh = await page.$$eval('[data-measure="palpebral_fissure_height_mm"]', (els) => els.map((e) => Number(e.textContent)));
    for (const mm of pfh) assert.ok(mm > 4 && mm < 16, `palpebral fissure height ${mm} mm`);
  } finally {
    release();
    await browser.close();
  }
});

test('no face on the camera: the page says so and the quality gate reports no-face', async () => {
  const { browser, page } = await launch({ camera: fakeCamera('no_face_cam.y4m') });
  try {
    await page.goto(server.url);
    await waitFor(page, framesAtLeast(), 10, { what: '10 analysed frames' });
    assert.equal(await attr(page, '#face', 'data-face'), 'absent');
    assert.equal(await attr(page, '#quality', 'data-quality'), 'no-face');
    assert.equal(await attr(page, '#face', 'data-landmarks'), '0');
  } finally {
    await browser.close();
  }
});

test('camera permission denied: a clear message and a way to retry', async () => {
  const { browser, page } = await launch({ camera: fakeCamera('astronaut_cam.y4m'), grantCamera: false });
  try {
    await page.goto(server.url);
    const code = await waitFor(page, () => document.querySelector('#camera-error')?.dataset.cameraError || '', undefined, { what: 'a camera error', timeout: 120_000 });
    assert.equal(code, 'permission-denied');
    const text = await page.$eval('#camera-error', (e) => e.textContent);
    assert.match(text, /permission was denied/i);
    assert.equal(await page.$eval('[data-action="start-camera"]', (b) => b.disabled), false, 'retry button enabled');
  } finally {
    await browser.close();
  }
});
