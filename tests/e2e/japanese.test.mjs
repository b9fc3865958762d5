// FaceGrade in Japanese, end to end: the language follows the browser (Chromium's own
// en-US gives English; a ja-JP browser gives Japanese), the guided exam runs with Japanese
// instructions and report, the exported JSON keeps its English keys, no English words are
// left in the visible text of the translated sections (the report's eye-safety statements
// and item table included), and the picker switches back to English and remembers
// it. Hooks: #language (the picker), <html lang>, #pdf-language, #speech-note.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serveForTests, launch, waitFor, attr, fakeCamera, assertNothingLeftTheDevice, showSection } from './harness.mjs';

const server = serveForTests();
const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

// Parts of the page whose words are not in the message table yet (README "Language / 日本語").
const NOT_YET_TRANSLATED = [];
// Latin words a Japanese page rightly shows: names of scales, models and formats, units
// (ms, kB, MB, GB, MiB), keys as the keyboard labels them (Tab, Esc), House-Brackmann's
// grades (II-VI) and a cited author (Pavia, in the synkinesis rule).
const ALLOWED = new Set(['Tab', 'Esc', 'ms', 'kB', 'MB', 'GB', 'MiB', 'WebAssembly', 'FaceGrade', 'Pavia', 'II', 'III', 'IV', 'VI', 'auto', 'eFACE', 'House', 'Brackmann', 'Sunnybrook', 'MediaPipe', 'face', 'mesh', 'with', 'attention', 'MRD', 'JSON', 'CSV', 'FHIR', 'PDF', 'SD', 'mm', 'English', 'http', 'https']);

/** English words in the page's visible text, outside lang="en" and the untranslated sections. */
const englishWords = (page) => page.evaluate(([skip]) => {
  const words = [];
  const walker = document.createTreeWalker(document.querySelector('#app'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('[lang="en"], select, script, style') || skip.some((s) => el.closest(s))) continue;
    if (!el.checkVisibility()) continue;
    // Hex version tags ("ee3950aee5fa7d08") and command lines ("facegrade agreement") are not words.
    const text = node.textContent.replace(/\b[0-9a-f]{8,}\b/g, '').replace(/\bfacegrade [a-z-]+/g, '');
    for (const w of text.match(/[A-Za-z]{2,}/g) || []) words.push([w, node.textContent.trim().slice(0, 80)]);
  }
  return words;
}, [NOT_YET_TRANSLATED]);

test('the page follows the browser: English by default', async () => {
  const { browser, page } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  try {
    await page.goto(server.url);
    await page.waitForSelector('#language');
    assert.match(await page.evaluate(() => navigator.languages[0]), /^en/, 'the harness browser speaks English');
    assert.equal(await attr(page, 'html', 'lang'), 'en');
    assert.equal(await page.$eval('#language', (e) => e.value), 'en');
    assert.match(await page.$eval('#privacy', (e) => e.textContent), /^Processed on this device/);
  } finally {
    await browser.close();
  }
});

test('a guided exam in Japanese: instructions, report, English exports, then back to English', async () => {
  const { browser, page, requests } = await launch({ camera: fakeCamera('astronaut_cam.y4m'), locale: 'ja-JP' });
  try {
    await page.goto(server.url);
    await waitFor(page, () => document.documentElement.lang === 'ja', undefined, { what: '<html lang="ja">', timeout: 20_000 });
    assert.equal(await page.$eval('#language', (e) => e.value), 'ja');
    assert.match(await page.$eval('#privacy', (e) => e.textContent), /^この端末の中だけで処理します/);
    await waitFor(page, (n) => Number(document.querySelector('#frames')?.dataset.frames || 0) >= n, 5, { what: 'live frames' });
    assert.match(await page.$eval('#quality', (e) => e.textContent), japanese);
    assert.match(await page.$eval('#status-message', (e) => e.textContent), japanese);
    assert.equal(await page.$eval('[data-action="start-exam"]', (e) => e.textContent), '検査を開始');

    // Spoken prompts: a Japanese voice or a Japanese note saying why not.
    await showSection(page, 'exam');
    await page.check('[data-action="speak-prompts"]');
    const note = await page.$eval('#speech-note', (e) => (e.classList.contains('hidden') ? '' : e.textContent));
    console.log(`speech in Japanese: ${note || 'a Japanese voice is available'}`);
    if (note) assert.match(note, japanese);
    await page.uncheck('[data-action="speak-prompts"]');

    await page.click('[data-action="start-exam"]');
    await waitFor(page, () => document.querySelector('#exam-prompt')?.dataset.currentView === 'rest', undefined, { what: 'the rest view prompt', timeout: 10_000 });
    assert.match(await page.$eval('#exam-prompt', (e) => e.textContent), /顔の力を抜いて、カメラをまっすぐ見てください。/);
    await waitFor(page, () => document.querySelector('#exam-prompt')?.dataset.currentView === 'brow_raise', undefined, { what: 'the brow raise prompt', timeout: 30_000 });
    assert.match(await page.$eval('#exam-prompt', (e) => e.textContent), /眉をできるだけ高く上げて/);
    await waitFor(page, () => document.querySelector('#exam')?.dataset.examState === 'scored', undefined, { what: 'the scored exam', timeout: 240_000 });

    // The report in Japanese, its hooks unchanged.
    await showSection(page, 'report');
    assert.equal(await page.$eval('#exam-report h2', (e) => e.textContent), '検査レポート');
    const views = await page.$$eval('#exam-views li', (els) => els.map((e) => [e.dataset.view, e.dataset.viewStatus, e.textContent]));
    assert.equal(views.length, 8);
    assert.match(views[0][2], /^安静時: 撮影済み/);
    assert.match(views[1][2], /^額のしわ寄せ: 撮影済み/);
    const labels = await page.$$eval('#exam-scores th', (els) => els.map((e) => e.textContent));
    assert.ok(labels.includes('auto-eFACE 合計（0〜100、100 = 正常）'), labels.join(' | '));
    assert.ok(labels.some((l) => l.startsWith('柳原法（40点法）')), labels.join(' | '));
    assert.ok(labels.includes('House-Brackmann法（推定）'));
    assert.equal(await page.$eval('[data-score="house_brackmann_estimate"]', (e) => e.textContent.trim()), '推定なし');
    assert.match(await page.$eval('#affected-side', (e) => e.textContent), /^患側: (右|左)（判定: 不明確/);
    assert.match(await page.$eval('#intended-purpose', (e) => e.textContent), /^使用目的: 記録と研究の支援。/);
    assert.match(await page.$eval('#pdf-language', (e) => (e.checkVisibility() ? e.textContent : '')), /PDFは英語で作成されます/);
    assert.match(await page.$eval('#exam-measurements caption', (e) => e.textContent), /^表情ごとの計測値/);
    assert.equal(await page.$eval('#exam-measurements tr[data-view="rest"][data-measurement="palpebral_fissure_height_mm"] th', (e) => e.textContent), '瞼裂高');

    // No English words left in the visible text of any section (one open at a time, its
    // folded parts unfolded: diagnostics, agreement, the record's context...).
    const english = [];
    for (const section of ['report', 'exam', 'live', 'history', 'model']) {
      await showSection(page, section);
      await page.evaluate(() => document.querySelectorAll('#app details').forEach((d) => { d.open = true; }));
      english.push(...(await englishWords(page)).filter(([w]) => !ALLOWED.has(w)).map(([w, text]) => [section, w, text]));
    }
    assert.deepEqual(english, [], 'English words on the Japanese page');
    await showSection(page, 'report');

    // Exports keep their stable English keys and values.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export-json"]')]);
    const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert.ok(exported.scores.auto_eface && exported.scores.sunnybrook && exported.scores.house_brackmann);
    assert.deepEqual(Object.keys(exported.views).sort(), ['big_smile', 'brow_raise', 'gentle_closure', 'lower_teeth', 'pucker', 'rest', 'small_smile', 'tight_closure']);
    assert.match(exported.scores.notice, /not a diagnosis/);
    assert.match(exported.intended_purpose, /^Intended purpose/);
    assert.doesNotMatch(JSON.stringify(exported), japanese, 'no Japanese in the exported JSON');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export-csv"]')]);
    assert.equal(fs.readFileSync(await csv.path(), 'utf8').split('\n')[0], 'view,measurement,right,left,difference,severity,unit,right_uncertainty,left_uncertainty,difference_uncertainty');

    // Back to English with the picker: the page switches live and remembers the choice.
    await page.selectOption('#language', 'en');
    assert.equal(await attr(page, 'html', 'lang'), 'en');
    assert.equal(await page.$eval('#exam-report h2', (e) => e.textContent), 'Exam report');
    assert.equal(await page.$eval('[data-score="house_brackmann_estimate"]', (e) => e.textContent.trim()), 'not estimated');
    assert.match(await page.$eval('#exam-prompt', (e) => e.textContent), /^Exam scored/);
    assert.match(await page.$eval('#exam-views li[data-view="rest"]', (e) => e.textContent), /^rest: captured/);
    assert.ok(!(await page.$eval('#pdf-language', (e) => e.checkVisibility())), 'the PDF note is for Japanese only');
    assert.equal(await page.evaluate(() => localStorage.getItem('facegrade-language')), 'en');
    await page.reload();
    await page.waitForSelector('#language');
    assert.equal(await attr(page, 'html', 'lang'), 'en', 'the choice outlives a reload in a Japanese browser');
    assert.match(await page.$eval('#privacy', (e) => e.textContent), /^Processed on this device/);
    assertNothingLeftTheDevice(requests, server);
  } finally {
    await browser.close();
  }
});
