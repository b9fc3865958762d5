// On a phone (issue 18, part 5): a 390x844 portrait screen with touch (isMobile, hasTouch,
// device scale 3) in headless Chromium. The page loads, landmarks come, no section scrolls
// sideways, and a landmark is dragged in the editor by touch (CDP touch events, which
// Chromium turns into pointer events as a phone's would). With FACEGRADE_SCREENSHOTS=DIR
// each section is saved as DIR/phone-SECTION.png and DIR/desktop-SECTION.png (README).
// The second test measures frames analysed per second with the CPU slowed 4x
// (Emulation.setCPUThrottlingRate), BENCHMARKS.md "On a phone".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serveForTests, launch, waitFor, attr, fakeCamera, untilRunning, showSection, examFromPhotos, assertNothingLeftTheDevice } from './harness.mjs';

const server = serveForTests();
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };
const SECTIONS = ['live', 'exam', 'report', 'history', 'model'];
const shots = process.env.FACEGRADE_SCREENSHOTS;

/** The page's width as laid out: wider than the screen means a sideways scroll. */
const scrollWidth = (page) => page.evaluate(() => document.scrollingElement.scrollWidth);
const fissure = (page) => page.$eval('#review-measurements tr[data-review-measure="palpebral_fissure_height_mm"] td[data-side="right"]', (e) => Number(e.textContent));

/** The screen from the section tabs down (the page's header above them is the same everywhere). */
async function screenshot(page, name) {
  await page.evaluate(() => document.querySelector('.section-nav').scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(300);
  // CSS pixels: a phone screenshot at device scale 3 would be nine times the bytes.
  const png = await page.screenshot({ scale: 'css' });
  assert.ok(png.length > 5_000, `${name}: a picture with content`);
  if (shots) fs.writeFileSync(path.join(shots, `${name}.png`), png);
}

test('on a phone: portrait layout, landmarks, no sideways scroll, a landmark dragged by touch', async () => {
  const { browser, context, page, requests } = await launch({ camera: fakeCamera('astronaut_cam.y4m'), context: PHONE });
  try {
    await page.goto(server.url);
    await untilRunning(page);
    await waitFor(page, () => Number(document.querySelector('#face')?.dataset.landmarks || 0) >= 468, undefined, { what: 'landmarks', timeout: 60_000 });
    assert.ok((await scrollWidth(page)) <= 390, `live: ${await scrollWidth(page)} px wide`);

    await examFromPhotos(page, 'P-PHONE', ['rest', 'brow raise', 'gentle closure', 'big smile']);

    // The editor by touch: a finger lands 8 CSS px beside the rest view's right upper lid
    // point (a mouse must be within 6) and drags it up 12 px.
    await page.click('#exam-views li[data-view="rest"] [data-action="review-view"]');
    await waitFor(page, () => document.querySelector('#review')?.dataset.view === 'rest' && document.querySelector('#review')?.dataset.picture === 'shown', undefined, { what: 'the rest view under review', timeout: 20_000 });
    assert.equal(await page.$eval('#editor-canvas', (c) => getComputedStyle(c).touchAction), 'none', 'the browser leaves the editor\'s touches to it');
    await page.selectOption('#review [data-action="select-point"]', { label: 'right upper lid 4' });
    await page.$eval('#editor-canvas', (c) => c.scrollIntoView({ block: 'center' }));
    const [sx, sy] = (await attr(page, '#editor-canvas', 'data-selected-screen')).split(' ').map(Number);
    const box = await (await page.$('#editor-canvas')).boundingBox();
    assert.ok(box.width <= 390, `the editor fits the screen: ${box.width} px`);
    const before = await fissure(page);
    const cdp = await context.newCDPSession(page);
    const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points });
    const [x, y] = [box.x + sx + 8, box.y + sy];
    await touch('touchStart', [{ x, y }]);
    for (const dy of [3, 6, 9, 12]) await touch('touchMove', [{ x, y: y - dy }]);
    await touch('touchEnd', []);
    await waitFor(page, (b) => Number(document.querySelector('#review-measurements tr[data-review-measure="palpebral_fissure_height_mm"] td[data-side="right"]')?.textContent) > b + 0.2, before, { what: 'the wider fissure after the touch drag', timeout: 20_000 });
    console.log(`right fissure at rest: ${before} mm, after a touch drag of the upper lid: ${await fissure(page)} mm`);
    await page.evaluate(() => window.scrollTo(0, 0));

    for (const section of SECTIONS) {
      await showSection(page, section);
      const width = await scrollWidth(page);
      console.log(`${section}: ${width} px wide on a 390 px screen`);
      assert.ok(width <= 390, `${section}: no sideways scroll (${width} px)`);
      await screenshot(page, `phone-${section}`);
    }
    // The same sections on a desktop screen.
    await page.setViewportSize({ width: 1280, height: 800 });
    for (const section of SECTIONS) {
      await showSection(page, section);
      await screenshot(page, `desktop-${section}`);
    }
    assertNothingLeftTheDevice(requests, server);
  } finally {
    await browser.close();
  }
});

/**
 * Frames analysed per second over `ms`, from the page's frame counter, and the median of
 * the worker's engine time per frame, read twice a second.
 */
async function frameRate(page, ms) {
  const read = () => page.evaluate(() => ({ frames: Number(document.querySelector('#frames').dataset.frames), at: performance.now(), engine: Number(document.querySelector('#model-time').dataset.modelMs) }));
  const a = await read();
  const engine = [];
  for (let t = 0; t < ms; t += 500) {
    await page.waitForTimeout(500);
    engine.push((await read()).engine);
  }
  const b = await read();
  engine.sort((x, y) => x - y);
  const width = (await attr(page, '#face', 'data-frame-size')).split(' ')[0];
  return { fps: (b.frames - a.frames) / ((b.at - a.at) / 1000), engine: engine[engine.length >> 1], width: Number(width) };
}

test('frames analysed per second with the CPU slowed 4x (a mid-range phone)', async () => {
  const { browser, context, page } = await launch({ camera: fakeCamera('astronaut_cam.y4m'), context: PHONE });
  try {
    await page.goto(server.url);
    await untilRunning(page);
    await waitFor(page, (n) => Number(document.querySelector('#frames')?.dataset.frames || 0) >= n, 20, { what: '20 frames' });
    const full = await frameRate(page, 15_000);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.waitForTimeout(5_000);
    const slowed = await frameRate(page, 20_000);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const report = (r) => `${r.fps.toFixed(2)} frames/s, engine median ${r.engine.toFixed(1)} ms, frames ${r.width} px wide`;
    console.log(`phone 390x844, CPU 1x: ${report(full)}; CPU 4x: ${report(slowed)}; ratio ${(slowed.fps / full.fps).toFixed(2)}`);
    assert.ok(slowed.fps > 0.5, 'frames keep coming with the CPU slowed 4x');
  } finally {
    await browser.close();
  }
});
