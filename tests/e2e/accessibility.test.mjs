// Accessibility (issue 18, part 3): axe-core (npm) finds no serious or critical violation
// in any state of the page (start, live, patient mode, an exam step, the landmark review,
// the report, the saved exams, the model section), and a whole guided exam is done with
// the keyboard alone (Tab, arrow keys, Enter, Space), its steps announced. Hooks: the tabs
// [data-section-tab], #app[data-section], #exam-bar-text (aria-live), #quality (role=status).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serveForTests, launch, waitFor, fakeCamera, untilRunning, showSection, examFromPhotos, assertNothingLeftTheDevice } from './harness.mjs';

const server = serveForTests();
const AXE = path.join(path.dirname(new URL(import.meta.url).pathname), 'node_modules/axe-core/axe.min.js');

/** axe's serious and critical violations on what the page shows now, one line each. */
async function seriousViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
}

/** Each state's serious and critical violations, checked all together at the end. */
const found = {};
async function check(page, state) {
  found[state] = await seriousViolations(page);
  console.log(`axe, ${state}: ${found[state].length} serious or critical`);
}

test('no serious or critical axe violation in any state of the page', async () => {
  // addScriptTag puts axe into the page as an inline script, which the page's CSP forbids
  // (script-src 'self'): this test's context bypasses the CSP to load its checker; every
  // other test runs the page under its own CSP.
  const { browser, page, requests } = await launch({ camera: fakeCamera('astronaut_cam.y4m'), context: { bypassCSP: true } });
  try {
    await page.goto(server.url);
    await check(page, 'start');
    await untilRunning(page);
    await waitFor(page, () => Number(document.querySelector('#face')?.dataset.landmarks || 0) > 0, undefined, { what: 'landmarks', timeout: 60_000 });
    await check(page, 'live');
    await page.click('[data-action="toggle-patient-mode"]');
    await check(page, 'live, patient mode');
    await page.click('[data-action="toggle-patient-mode"]');

    await showSection(page, 'exam');
    await page.click('[data-action="start-exam"]');
    await waitFor(page, () => /Capturing in/.test(document.querySelector('#exam-prompt')?.textContent || ''), undefined, { what: 'a countdown', timeout: 20_000 });
    await check(page, 'exam step');
    await page.click('[data-action="stop-exam"]');

    await examFromPhotos(page, 'A-11Y', ['rest', 'brow raise', 'gentle closure', 'big smile']);
    await page.click('#exam-views li[data-view="gentle_closure"] [data-action="review-view"]');
    await waitFor(page, () => document.querySelector('#review')?.dataset.picture === 'shown', undefined, { what: 'the picture under review', timeout: 20_000 });
    await check(page, 'review');

    await showSection(page, 'report');
    await check(page, 'report');
    await showSection(page, 'history');
    await waitFor(page, () => document.querySelectorAll('#exam-history li[data-scored="yes"]').length === 1, undefined, { what: 'the saved exam', timeout: 20_000 });
    await page.selectOption('[data-action="trend-metric"]', 'eface_total');
    await check(page, 'history');
    await showSection(page, 'model');
    await page.click('[data-action="collect-training"]');
    await waitFor(page, () => document.querySelector('#training-frames')?.dataset.count !== undefined, undefined, { what: 'the training set', timeout: 60_000 });
    await check(page, 'training');
    assert.equal(Object.keys(found).length, 8, 'every state checked');
    assert.deepEqual(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length)), {}, 'no serious or critical axe violation in any state');
    assertNothingLeftTheDevice(requests, server);
  } finally {
    await browser.close();
  }
});

/** Presses Tab until the focused element matches `selector` (at most `max` presses). */
async function tabTo(page, selector, max = 120) {
  for (let i = 0; i < max; i += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return i;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('a whole guided exam with the keyboard alone', async () => {
  const { browser, page } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  try {
    await page.goto(server.url);
    await untilRunning(page);
    // The tabs: one stop in the Tab order (the open section), the arrow keys move on.
    const presses = await tabTo(page, '[role="tab"][aria-selected="true"]');
    console.log(`Tab presses to the section tabs: ${presses}`);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused tab shows its focus');
    await page.keyboard.press('ArrowRight');
    await waitFor(page, () => document.querySelector('#app')?.dataset.section === 'exam', undefined, { what: 'the exam section by arrow key', timeout: 5_000 });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-exam', 'focus follows the selected tab');
    assert.match(await page.$eval('#shortcuts', (e) => e.textContent), /Space/, 'the shortcuts are on the page');

    // Start with Enter on the button, then Space captures each view at its countdown.
    await tabTo(page, '[data-action="start-exam"]');
    await page.keyboard.press('Enter');
    await waitFor(page, () => document.querySelector('#exam')?.dataset.examState === 'running', undefined, { what: 'the exam started by Enter', timeout: 10_000 });
    const announced = new Set();
    for (let step = 0; step < 40; step += 1) {
      const state = await waitFor(page, () => {
        const exam = document.querySelector('#exam')?.dataset.examState;
        if (exam !== 'running') return exam;
        return /Capturing in/.test(document.querySelector('#exam-prompt')?.textContent || '') ? 'countdown' : null;
      }, undefined, { what: 'a countdown or the end', timeout: 60_000 });
      if (state !== 'countdown') break;
      announced.add(await page.$eval('#exam-bar-text', (e) => e.textContent.replace(/ Capturing in \d…$/, '')));
      await page.keyboard.press('Space');
      await waitFor(page, () => !/Capturing in/.test(document.querySelector('#exam-prompt')?.textContent || ''), undefined, { what: 'the capture after Space', timeout: 10_000 });
    }
    await waitFor(page, () => document.querySelector('#exam')?.dataset.examState === 'scored', undefined, { what: 'the scored exam', timeout: 60_000 });
    const views = await page.$$eval('#exam-views li', (els) => els.map((e) => e.dataset.viewStatus));
    assert.equal(views.length, 8);
    assert.ok(views.every((s) => s === 'captured'), `every view captured by Space: ${views}`);
    console.log(`announced steps: ${[...announced].join(' | ')}`);
    assert.equal(announced.size, 8, 'each step announced in the exam bar');
    assert.match([...announced][0], /^Exam step 1 of 8: /);
    assert.equal(await page.$eval('#exam-bar-text', (e) => e.getAttribute('aria-live')), 'assertive');
    assert.equal(await page.$eval('#quality', (e) => e.getAttribute('role')), 'status');

    // The exam bar offers the report: Tab to it, Enter.
    await tabTo(page, '[data-action="show-report"]');
    await page.keyboard.press('Enter');
    await waitFor(page, () => document.querySelector('#app')?.dataset.section === 'report' && location.hash === '#report', undefined, { what: 'the report section', timeout: 5_000 });
    assert.match(await page.$eval('#exam-scores', (e) => e.textContent), /auto-eFACE/);
    // The back button returns to the exam section (the section is in the address).
    await page.goBack();
    await waitFor(page, () => document.querySelector('#app')?.dataset.section === 'exam', undefined, { what: 'the exam section after Back', timeout: 5_000 });
  } finally {
    await browser.close();
  }
});
