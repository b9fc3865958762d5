// Where a cold start's time goes: a fresh headless Chromium per run (empty cache), the
// fake camera astronaut_cam.y4m, and the moments the page's own hooks change (mounted,
// models downloaded, models prepared = state ready, camera running, first landmarks, iris
// model ready), with the fetches' start and end. Needs a built dist/ (build_app) and
// tests/e2e's node modules. Usage: node bench/cold_start_timeline.mjs [RUNS]
import { launch, fakeCamera, serveDist } from '../tests/e2e/harness.mjs';
const runs = Number(process.argv[2] || 3);
const server = await serveDist();
for (let r = 0; r < runs; r++) {
  const { browser, page } = await launch({ camera: fakeCamera('astronaut_cam.y4m') });
  await page.addInitScript(() => {
    const marks = (window.__marks = []);
    const seen = new Set();
    const mark = (k) => { if (!seen.has(k)) { seen.add(k); marks.push([k, performance.now()]); } };
    new MutationObserver(() => {
      if (document.querySelector('#language')) mark('page mounted');
      const st = document.querySelector('#app')?.dataset.state; if (st) mark('state ' + st);
      const p = Number(document.querySelector('#model-progress')?.dataset.modelProgress || 0); if (p > 0) mark('progress>0'); if (p >= 0.999) mark('progress 1');
      if (Number(document.querySelector('#frames')?.dataset.frames || 0) >= 1) mark('first frame analysed');
      if (document.querySelector('#face')?.dataset.face === 'present') mark('first landmarks');
      const iris = document.querySelector('#iris-model')?.dataset.irisModel; if (iris) mark('iris ' + iris);
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.goto(server.url);
  await page.waitForFunction(() => document.querySelector('#iris-model')?.dataset.irisModel === 'ready', undefined, { timeout: 120_000 });
  const { marks, res } = await page.evaluate(() => ({ marks: window.__marks, res: performance.getEntriesByType('resource').map((e) => [e.name.split('/').pop(), Math.round(e.startTime), Math.round(e.responseEnd)]) }));
  console.log(`run ${r + 1}: ` + marks.map(([k, t]) => `${k} ${Math.round(t)}`).join(' | '));
  console.log('   fetches: ' + res.filter(([n]) => /wasm|onnx|worker|\.js$/.test(n)).map(([n, s, e]) => `${n} ${s}-${e}`).join(' | '));
  await browser.close();
}
await server.close();
