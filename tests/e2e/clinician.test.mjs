// The clinician's grades and the record's context in the report: a changed item with a
// reason recomputes the totals, the audit entry and the context survive a reload, and
// "Export FHIR" downloads one Bundle with the clinician's value (the suggestion beside it)
// and the context. Hooks: README "Clinician's grades".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serveForTests, launch, waitFor, fakeCamera, assertNothingLeftTheDevice, untilRunning, showSection, attr } from './harness.mjs';

const server = serveForTests();

const photo = (name) => ({ name, mimeType: 'image/jpeg', buffer: fs.readFileSync(fakeCamera('portrait_frontal_ai.jpg')) });
const ITEM = 'auto_eface.brow_at_rest';
const EFACE = {
  static: ['brow_at_rest', 'palpebral_fissure_at_rest', 'oral_commissure_at_rest'],
  dynamic: ['brow_elevation', 'gentle_eye_closure', 'full_eye_closure', 'oral_commissure_with_smile', 'lower_lip_eee'],
  synkinesis: ['ocular_synkinesis'],
};

/** auto-eFACE's total by its rule (mean of the measured items per part, mean of the parts) from the item values shown. */
function efaceTotal(values) {
  const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const parts = Object.values(EFACE).map((names) => mean(names.map((n) => values[`auto_eface.${n}`]).filter((v) => v !== null)));
  return mean(parts.filter((p) => p !== null));
}

/** Each auto-eFACE item's value: the clinician's where set, else the suggestion; null when neither. */
const shownValues = (page) => page.$$eval('#grade-items tr[data-grade-item^="auto_eface."]', (rows) => Object.fromEntries(rows.map((r) => {
  const own = r.querySelector('td[data-clinician-value]').dataset.clinicianValue;
  const suggested = r.querySelector('td[data-suggested]').dataset.suggested;
  const v = own !== '' ? own : suggested;
  return [r.dataset.gradeItem, v === '' ? null : Number(v)];
})));

const finalScore = (page, key) => page.$eval(`#clinician-totals td[data-final-score="${key}"]`, (e) => e.textContent.trim());
const row = (item) => `#grade-items tr[data-grade-item="${item}"]`;

test('a clinician changes an item with a reason; totals follow, the audit survives a reload, Export FHIR carries it', async () => {
  const { browser, page, requests } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  try {
    await page.goto(server.url);
    await untilRunning(page);
    assert.match(await page.$eval('#page-purpose', (e) => e.textContent), /documentation and research support/);
    await showSection(page, 'history');
    await page.fill('[data-action="pseudonym"]', 'P-200');
    await showSection(page, 'exam');
    await page.setInputFiles('[data-action="import-photos"]', [photo('rest.jpg'), photo('brow raise.jpg'), photo('gentle closure.jpg'), photo('tight closure.jpg')]);
    await page.click('[data-action="analyse-photos"]');
    await waitFor(page, () => document.querySelector('#exam')?.dataset.examState === 'scored' && !!document.querySelector('#grade-items tr'), undefined, { what: 'the scored exam', timeout: 120_000 });
    assert.match(await page.$eval('#intended-purpose', (e) => e.textContent), /Intended purpose: documentation and research support; measurements, not a diagnosis/);
    await showSection(page, 'report');

    const suggested = Number(await page.$eval(`${row(ITEM)} td[data-suggested]`, (e) => e.dataset.suggested));
    assert.ok(Number.isFinite(suggested) && suggested > 20, `brow at rest measured: ${suggested}`);
    const before = await finalScore(page, 'eface_total');
    assert.equal(before, await page.$eval('#exam-scores td[data-score="eface_total"]', (e) => e.textContent.trim()), 'nothing graded: the suggestions');

    // Without a clinician name nothing is kept, and the page says why.
    await page.evaluate(() => localStorage.removeItem('facegrade.clinician'));
    await page.fill(`${row(ITEM)} [data-action="grade-value"]`, '10');
    await page.click(`${row(ITEM)} [data-action="set-grade"]`);
    await waitFor(page, () => /name or initials/.test(document.querySelector('#grade-error')?.textContent || ''), undefined, { what: 'the missing-name message', timeout: 10_000 });
    assert.equal(await page.$$eval('#grade-audit li', (l) => l.length), 0);

    // A value off the scale is refused too.
    await page.fill('[data-action="clinician-name"]', 'Dr A. B.');
    await page.press('[data-action="clinician-name"]', 'Tab');
    await page.fill(`${row(ITEM)} [data-action="grade-value"]`, '150');
    await page.click(`${row(ITEM)} [data-action="set-grade"]`);
    await waitFor(page, () => /from 0 to 100/.test(document.querySelector('#grade-error')?.textContent || ''), undefined, { what: 'the off-scale message', timeout: 10_000 });

    // Change brow at rest to 10 with a reason: the item shows both values, the totals follow.
    await page.fill(`${row(ITEM)} [data-action="grade-value"]`, '10');
    await page.fill(`${row(ITEM)} [data-action="grade-reason"]`, 'fringe hides the brow; judged by eye');
    await page.click(`${row(ITEM)} [data-action="set-grade"]`);
    await waitFor(page, (r) => document.querySelector(`${r} td[data-clinician-value]`)?.dataset.clinicianValue === '10', row(ITEM), { what: 'the clinician value', timeout: 10_000 });
    assert.equal(await page.$eval(row(ITEM), (e) => e.dataset.changed), 'yes');
    assert.equal(Number(await page.$eval(`${row(ITEM)} td[data-suggested]`, (e) => e.dataset.suggested)), suggested, 'the suggestion stays shown');
    const expected = efaceTotal(await shownValues(page));
    const after = await finalScore(page, 'eface_total');
    assert.notEqual(after, before, 'the total moved');
    assert.ok(Math.abs(Number(after) - expected) <= 0.5, `total ${after}, by the rule ${expected}`);
    // The cheek FaceGrade cannot measure: the clinician grades it, the composite narrows.
    const composite = await finalScore(page, 'sunnybrook_composite');
    await page.selectOption(`${row('sunnybrook.resting.cheek')} [data-action="grade-value"]`, '1');
    await page.click(`${row('sunnybrook.resting.cheek')} [data-action="set-grade"]`);
    await waitFor(page, (c) => document.querySelector('#clinician-totals td[data-final-score="sunnybrook_composite"]')?.textContent.trim() !== c, composite, { what: 'the composite after the cheek grade', timeout: 10_000 });
    const audit = await page.$$eval('#grade-audit li', (l) => l.map((e) => [e.dataset.gradeItem, e.textContent]));
    assert.equal(audit.length, 2);
    assert.equal(audit[0][0], ITEM);
    assert.match(audit[0][1], /Dr A\. B\.: auto-eFACE brow at rest: changed FaceGrade's value [\d.]+ to 10\.0: fringe hides the brow; judged by eye/);
    assert.match(audit[0][1], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /, 'when, by the browser clock');

    // The record's context.
    await page.selectOption('[data-action="context-cause"]', 'bells');
    await page.fill('[data-action="context-onset"]', '2026-11-01');
    await page.selectOption('[data-action="context-phase"]', 'flaccid');
    await page.check('#context-treatments li[data-treatment="steroids"] [data-action="context-treatment"]');
    await page.fill('#context-treatments li[data-treatment="steroids"] [data-action="context-treatment-date"]', '2026-11-02');
    await page.fill('[data-action="context-note"]', 'Eye care advised.');
    await page.press('[data-action="context-note"]', 'Tab');
    await waitFor(page, () => document.querySelector('#context-error')?.classList.contains('hidden'), undefined, { what: 'the context kept', timeout: 5_000 });

    // After a reload: the audit, the clinician's values and the context are still there.
    await page.waitForTimeout(500);
    await page.reload();
    await waitFor(page, () => document.querySelectorAll('#exam-history li[data-exam-id]').length === 1 && document.querySelector('#app')?.dataset.state === 'running', undefined, { what: 'the saved exam', timeout: 120_000 });
    // The FHIR Device names the models in use: the iris model loads after the first landmarks.
    await untilRunning(page, 'the reloaded page with its iris model');
    assert.equal(await attr(page, '#app', 'data-section'), 'report', 'the address keeps the open section over a reload');
    await showSection(page, 'history');
    await page.click('#exam-history [data-action="open-exam"]');
    await showSection(page, 'report');
    await waitFor(page, () => document.querySelector('#exam')?.dataset.examState === 'scored' && document.querySelectorAll('#grade-audit li').length === 2, undefined, { what: 'the reopened exam with its audit', timeout: 120_000 });
    assert.equal(await page.$eval(`${row(ITEM)} td[data-clinician-value]`, (e) => e.dataset.clinicianValue), '10');
    assert.match(await page.$eval('#grade-audit li', (e) => e.textContent), /fringe hides the brow/);
    assert.equal(await finalScore(page, 'eface_total'), after, 'the same total from the same values');
    assert.equal(await page.inputValue('[data-action="clinician-name"]'), 'Dr A. B.', 'the name is kept in this browser');
    assert.equal(await page.inputValue('[data-action="context-cause"]'), 'bells');
    assert.equal(await page.inputValue('[data-action="context-onset"]'), '2026-11-01');
    assert.equal(await page.inputValue('[data-action="context-note"]'), 'Eye care advised.');

    // Export FHIR: one Bundle with the clinician's value, the suggestion beside it, the
    // audit as an Annotation, the context, and the pseudonym as the only patient data.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export-fhir"]')]);
    assert.equal(download.suggestedFilename(), 'facegrade-exam.fhir.json');
    const bundle = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert.equal(bundle.resourceType, 'Bundle');
    const resources = bundle.entry.map((e) => e.resource);
    const obs = resources.find((r) => r.resourceType === 'Observation' && r.code.coding.some((c) => c.code === ITEM));
    assert.equal(obs.valueQuantity.value, 10);
    const kept = obs.component.find((c) => c.code.coding[0].code === 'facegrade_suggestion');
    assert.ok(Math.abs(kept.valueQuantity.value - suggested) < 0.01, 'the suggestion stays visible');
    assert.ok(obs.note.some((n) => n.authorString === 'Dr A. B.' && /fringe hides the brow/.test(n.text)));
    assert.equal(obs.method.text, 'automated video landmark analysis, clinician-verified');
    assert.equal(obs.status, 'final');
    const total = resources.find((r) => r.resourceType === 'Observation' && r.code.coding.some((c) => c.code === 'auto_eface.total'));
    assert.equal(Math.round(total.valueQuantity.value), Number(after));
    const condition = resources.find((r) => r.resourceType === 'Condition');
    assert.match(condition.code.text, /Bell's palsy/);
    assert.equal(condition.onsetDateTime, '2026-11-01');
    assert.equal(resources.find((r) => r.resourceType === 'MedicationStatement').effectiveDateTime, '2026-11-02');
    const report = resources.find((r) => r.resourceType === 'DiagnosticReport');
    assert.match(report.conclusion, /^Intended purpose: documentation and research support/);
    assert.match(report.conclusion, /Clinician's note: Eye care advised\.$/);
    assert.match(report.conclusion, /small_smile/, 'the missing views are named');
    const patient = resources.find((r) => r.resourceType === 'Patient');
    assert.deepEqual(Object.keys(patient).sort(), ['id', 'identifier', 'resourceType']);
    assert.equal(patient.identifier[0].value, 'P-200');
    assert.ok(!JSON.stringify(bundle).includes('.jpg'), 'no file name leaves');
    const device = resources.find((r) => r.resourceType === 'Device');
    assert.equal(device.version.filter((v) => /^[0-9a-f]{64}$/.test(v.value)).length, 3, "each model file's sha256");

    // The JSON export carries the purpose, the audit list, the clinician's scores and the context.
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="export-json"]')]);
    const exported = JSON.parse(fs.readFileSync(await json.path(), 'utf8'));
    assert.match(exported.intended_purpose, /documentation and research support/);
    assert.equal(exported.clinician_grades.length, 2);
    assert.equal(exported.clinician_grades[0].reason, 'fringe hides the brow; judged by eye');
    assert.equal(Math.round(exported.clinician_scores.auto_eface.total), Number(after));
    assert.equal(exported.context.cause, 'bells');

    // The printed report keeps the suggestion, the clinician's value and the audit.
    await page.emulateMedia({ media: 'print' });
    const printed = await page.$eval('#exam-report', (e) => e.innerText);
    assert.match(printed, /fringe hides the brow/);
    assert.match(printed, /Intended purpose/);
    assertNothingLeftTheDevice(requests, server);
  } finally {
    await browser.close();
  }
});
