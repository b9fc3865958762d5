// The in-browser benchmark: one headless Chromium (Debian's; nothing downloads a browser),
// the same real face frames, FaceGrade (landmark model alone; the whole frame), then
// onnxruntime-web (wasm, 1 thread; 2 threads with cross-origin isolation) on the same
// face-landmark ONNX, then MediaPipe's legacy face_mesh solution. Also: cold start of the
// app to its first landmarks, and the bytes it transfers. Prints a table and writes
// bench/results/latest.json. Run it with bench/run.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const shared = process.env.FACEGRADE_SHARED || path.resolve(repo, '../shared');
// The frames, decoded by ffmpeg (Debian's, as the end-to-end tests' clips): headless
// Chromium seeking in the mp4 drew its first frame every time, so every earlier run timed
// one frame 75 times.
const FRAMES_DIR = path.join(os.tmpdir(), 'facegrade-bench-frames');
const ROUTES = [
  ['/frames/', FRAMES_DIR],
  ['/app/', path.join(repo, 'dist')],
  ['/ort/', path.join(here, 'node_modules/onnxruntime-web/dist')],
  ['/mediapipe/', path.join(here, 'node_modules/@mediapipe/face_mesh')],
  ['/faces/', path.join(shared, 'data/faces')],
  ['/', path.join(here, 'page')],
];
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.mp4': 'video/mp4', '.data': 'application/octet-stream', '.rgba': 'application/octet-stream',
};

/** Static files, cross-origin isolated (onnxruntime-web's threads need SharedArrayBuffer). */
async function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const [prefix, root] = ROUTES.find(([p]) => url.pathname.startsWith(p));
    let file = path.normalize(path.join(root, decodeURIComponent(url.pathname.slice(prefix.length))));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404).end('not found'); return; }
    const body = fs.readFileSync(file);
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Content-Length': body.length,
      'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin',
    });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

const FLAGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

async function runPage(browser, url, profileTo = null) {
  const page = await (await browser.newContext()).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const cdp = profileTo && (await page.context().newCDPSession(page));
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await page.goto(url);
  await page.waitForFunction(() => window.benchResult, undefined, { timeout: 600_000, polling: 500 });
  const result = await page.evaluate(() => window.benchResult);
  if (cdp) fs.writeFileSync(profileTo, JSON.stringify((await cdp.send('Profiler.stop')).profile));
  await page.context().close();
  if (errors.length) result.errors.page = errors.join('\n');
  return result;
}

/** Cold start: a fresh context (empty cache) opening the app with a fake camera, until the first landmarks. */
async function coldStart(server) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: [...FLAGS, '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${path.join(shared, 'data/faces/astronaut_cam.y4m')}`] });
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/app/`);
    const handle = await page.waitForFunction(() => document.querySelector('#face')?.dataset.face === 'present' && performance.now(), undefined, { timeout: 120_000, polling: 'raf' });
    const firstLandmarks = await handle.jsonValue();
    const entries = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => ({ name: e.name, end: e.responseEnd })));
    const models = entries.filter((e) => e.name.endsWith('.onnx'));
    // What the page had fetched by its first landmarks (the document itself, and the wasm
    // the worker fetches again from the cache, are the same files as the page's).
    const before = entries.filter((e) => e.end <= firstLandmarks).map((e) => new URL(e.name).pathname.replace(/^\/app\//, ''));
    return {
      first_landmarks_ms: firstLandmarks,
      models_loaded_ms: models.reduce((t, e) => Math.max(t, e.end), 0),
      models_before_first_landmarks: models.filter((e) => e.end <= firstLandmarks).map((e) => path.basename(e.name)),
      files_before_first_landmarks: [...new Set(['index.html', ...before])],
    };
  } finally {
    await browser.close();
  }
}

const COMPRESSED = /\.(br|gz)$/;

/** A file's size brotli-compressed at the highest quality (the .br copy in dist/ when there is one). */
function brotliSize(file) {
  if (fs.existsSync(`${file}.br`)) return fs.statSync(`${file}.br`).size;
  const body = fs.readFileSync(file);
  return zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }).length;
}

/** What the app transfers: its wasm, scripts, styles and models, raw, gzip- and
 * brotli-compressed (the pre-compressed copies in dist/ are the same files, not counted);
 * and, brotli-compressed, what it needs before its first landmarks (`firstFiles`). */
function transferSizes(firstFiles) {
  const dist = path.join(repo, 'dist');
  const files = [];
  const walk = (dir) => {
    for (const f of fs.readdirSync(dir)) {
      const p = path.join(dir, f);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (!COMPRESSED.test(p)) files.push(p);
    }
  };
  walk(dist);
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  let firstBrotli = 0;
  const first = new Set(firstFiles.map((f) => path.join(dist, f)));
  for (const f of files) {
    const body = fs.readFileSync(f);
    const br = brotliSize(f);
    raw += body.length;
    gzip += zlib.gzipSync(body, { level: 9 }).length;
    brotli += br;
    if (first.has(f)) firstBrotli += br;
  }
  return { files: files.length, raw_bytes: raw, gzip_bytes: gzip, brotli_bytes: brotli, first_landmarks_brotli_bytes: firstBrotli, first_landmarks_files: [...first].map((f) => path.relative(dist, f)).filter((f) => files.includes(path.join(dist, f))) };
}

const fmt = (s) => (s ? `${s.median_ms.toFixed(1).padStart(7)} ${s.p90_ms.toFixed(1).padStart(7)}` : '      -       -');

/** expressions_ai_2.mp4 at 15 frames per second, the first 75 frames as raw RGBA, and
 * their size, in FRAMES_DIR (`/frames/expressions_ai_2.rgba`, `/frames/expressions_ai_2.json`). */
function decodeFrames() {
  const video = path.join(shared, 'data/faces/expressions_ai_2.mp4');
  fs.mkdirSync(FRAMES_DIR, { recursive: true });
  const [width, height] = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', video]).toString().trim().split(',').map(Number);
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', video, '-vf', 'fps=15', '-frames:v', '75', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { maxBuffer: 1 << 28 });
  fs.writeFileSync(path.join(FRAMES_DIR, 'expressions_ai_2.rgba'), raw);
  fs.writeFileSync(path.join(FRAMES_DIR, 'expressions_ai_2.json'), JSON.stringify({ width, height, count: raw.length / (width * height * 4) }));
}

async function main() {
  if (!fs.existsSync(path.join(repo, 'dist/index.html'))) throw new Error('dist/ is missing: bench/run builds it');
  decodeFrames();
  const server = await serve();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: FLAGS });
  try {
    const version = browser.version();
    // `--systems facegrade,mediapipe` (say): those systems only, one page, printed and not
    // written to bench/results (a quick comparison while working).
    const only = process.argv.includes('--systems') ? process.argv[process.argv.indexOf('--systems') + 1] : null;
    if (only) {
      // `--cpu-profile FILE`: Chromium's sampling profile of the run (.cpuprofile, for
      // DevTools; wasm functions by name when dist/ keeps its name section).
      const profileTo = process.argv.includes('--cpu-profile') ? process.argv[process.argv.indexOf('--cpu-profile') + 1] : null;
      const quick = await runPage(browser, `${server.url}/?systems=${only}&threads=1`, profileTo);
      for (const [name, s] of Object.entries(quick)) if (s?.median_ms != null) console.log(`${name.padEnd(42)} ${fmt(s)}${s.iris_model_run_fraction != null ? `  iris on ${(100 * s.iris_model_run_fraction).toFixed(0)} %` : ''}`);
      for (const key of ['facegrade_whole_frame', 'facegrade_whole_frame_one_eye_shut']) if (quick[key]?.right_eye) console.log(`${key}: right eye`, JSON.stringify(quick[key].right_eye), JSON.stringify(quick[key].closed_eye_from_frame ?? ''));
      if (quick.facegrade_whole_frame && quick.mediapipe_face_mesh) console.log(`whole frame / MediaPipe: ${(quick.facegrade_whole_frame.median_ms / quick.mediapipe_face_mesh.median_ms).toFixed(2)}`);
      if (Object.keys(quick.errors ?? {}).length) console.log('errors:', JSON.stringify(quick.errors, null, 2));
      return;
    }
    const one = await runPage(browser, `${server.url}/?systems=facegrade,ort,mediapipe&threads=1`);
    const two = await runPage(browser, `${server.url}/?systems=ort&threads=2`);
    await browser.close();
    const cold = await coldStart(server);
    const profile = one.facegrade_profile;
    delete one.facegrade_profile;
    const systems = { ...one, ...two };
    const errors = { ...one.errors, ...Object.fromEntries(Object.entries(two.errors).map(([k, v]) => [`${k}_2_threads`, v])) };
    delete systems.errors;
    const ratio = (a, b) => (systems[a] && systems[b] ? systems[a].median_ms / systems[b].median_ms : null);
    const result = {
      date: new Date().toISOString(),
      machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, chromium: version, node: process.version },
      frames: 'expressions_ai_2.mp4 (480x480) at 15 fps, decoded by ffmpeg, 10 warm-up + 60 timed per system',
      systems,
      landmark_ratio_vs_ort_web: ratio('facegrade_landmark_model', 'ort_web_1_thread'),
      landmark_ratio_vs_ort_web_2_threads: ratio('facegrade_landmark_model', 'ort_web_2_threads'),
      frame_ratio_vs_mediapipe: ratio('facegrade_whole_frame', 'mediapipe_face_mesh'),
      frame_ratio_vs_mediapipe_iris_every_frame: ratio('facegrade_whole_frame_iris_every_frame', 'mediapipe_face_mesh'),
      frame_ratio_vs_mediapipe_one_eye_every_frame: ratio('facegrade_whole_frame_one_eye_every_frame', 'mediapipe_face_mesh'),
      frame_ratio_vs_mediapipe_one_eye_shut: ratio('facegrade_whole_frame_one_eye_shut', 'mediapipe_face_mesh'),
      facegrade_profile: profile,
      cold_start: cold,
      transfer: transferSizes(cold.files_before_first_landmarks),
      errors,
    };
    fs.mkdirSync(path.join(here, 'results'), { recursive: true });
    fs.writeFileSync(path.join(here, 'results/latest.json'), JSON.stringify(result, null, 2) + '\n');
    console.log(`\nIn-browser benchmark, ${result.machine.cores} cores, Chromium ${version}; median and p90 ms per call`);
    console.log('system                                   median     p90');
    for (const [name, label] of [
      ['facegrade_landmark_model', 'FaceGrade: face landmark model (tract)'],
      ['ort_web_1_thread', 'onnxruntime-web, 1 thread, same model'],
      ['ort_web_2_threads', 'onnxruntime-web, 2 threads'],
      ['facegrade_iris_model', 'FaceGrade: iris model, one eye (tract)'],
      ['facegrade_face_crop', 'FaceGrade: face crop from RGBA (page)'],
      ['facegrade_face_crop_rgb', 'FaceGrade: face crop from RGB (CLI)'],
      ['facegrade_whole_frame', 'FaceGrade: whole frame (iris as needed)'],
      ['facegrade_whole_frame_iris_every_frame', 'FaceGrade: whole frame, iris every frame'],
      ['facegrade_whole_frame_one_eye_every_frame', 'FaceGrade: whole frame, one eye every frame'],
      ['facegrade_whole_frame_one_eye_shut', 'FaceGrade: whole frame, right eye shut'],
      ['mediapipe_face_mesh', 'MediaPipe face_mesh: whole frame'],
    ]) console.log(`${label.padEnd(40)} ${fmt(systems[name])}`);
    const r = (x) => (x == null ? '-' : x.toFixed(2));
    console.log(`\nlandmark model, FaceGrade / onnxruntime-web 1 thread: ${r(result.landmark_ratio_vs_ort_web)} (2 threads: ${r(result.landmark_ratio_vs_ort_web_2_threads)})`);
    console.log(`whole frame, FaceGrade / MediaPipe face_mesh: ${r(result.frame_ratio_vs_mediapipe)} (iris model on ${(100 * (systems.facegrade_whole_frame?.iris_model_run_fraction ?? 0)).toFixed(0)} % of eye-frames; on every frame: ${r(result.frame_ratio_vs_mediapipe_iris_every_frame)}; on one eye every frame: ${r(result.frame_ratio_vs_mediapipe_one_eye_every_frame)}; right eye shut: ${r(result.frame_ratio_vs_mediapipe_one_eye_shut)}, iris model on ${(100 * (systems.facegrade_whole_frame_one_eye_shut?.iris_model_run_fraction ?? 0)).toFixed(0)} %)`);
    const eye = (s) => (s?.right_eye ? `opening ${(100 * s.right_eye.mean_opening_over_width).toFixed(0)} % of its width, read closed on ${(100 * s.right_eye.closed_fraction).toFixed(0)} % of frames` : '-');
    console.log(`right eye as the engine read it: frames as filmed ${eye(systems.facegrade_whole_frame)}; shut ${eye(systems.facegrade_whole_frame_one_eye_shut)}`);
    if (profile) {
      for (const model of ['face_landmark_with_attention', 'iris_landmark']) {
        const ops = profile[model];
        const total = ops.reduce((a, o) => a + o.ms_per_run, 0);
        console.log(`${model} in tract (wasm), ${total.toFixed(1)} ms per run by operation: ` + ops.slice(0, 6).map((o) => `${o.op} ${o.ms_per_run.toFixed(2)} (${(100 * o.ms_per_run / total).toFixed(0)} %, ${o.nodes} nodes)`).join(', '));
      }
    }
    console.log(`cold start to first landmarks: ${cold.first_landmarks_ms.toFixed(0)} ms (models loaded at ${cold.models_loaded_ms.toFixed(0)} ms)`);
    const mb = (b) => (b / 1e6).toFixed(2);
    console.log(`transferred: ${mb(result.transfer.raw_bytes)} MB raw, ${mb(result.transfer.gzip_bytes)} MB gzip, ${mb(result.transfer.brotli_bytes)} MB brotli (${result.transfer.files} files); before the first landmarks ${mb(result.transfer.first_landmarks_brotli_bytes)} MB brotli (${result.transfer.first_landmarks_files.join(', ')})`);
    if (Object.keys(errors).length) console.log('errors:', JSON.stringify(errors, null, 2));
    console.log('written: bench/results/latest.json');
  } finally {
    await browser.close().catch(() => {});
    await server.close();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
