// Times FaceGrade, onnxruntime-web and MediaPipe face_mesh on the same frames, one after
// another, in this page. bench/harness.mjs opens it and reads window.benchResult.
// Query: ?systems=facegrade,ort,mediapipe&threads=1 (onnxruntime-web's thread count is
// fixed per page, so 2 threads run in a second page load).
const params = new URLSearchParams(location.search);
const systems = (params.get('systems') || 'facegrade,ort,mediapipe').split(',');
const threads = Number(params.get('threads') || 1);
const WARMUP = Number(params.get('warmup') || 10);
const TIMED = Number(params.get('frames') || 60);
const status = (s) => { document.querySelector('#status').textContent = s; };

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  return { median_ms: s[Math.floor((s.length - 1) / 2)], p90_ms: s[Math.floor(0.9 * (s.length - 1))], runs: s.length };
}

/** Times `fn(k)` for warm-up + `count` calls; `after(k)`, untimed, follows each call. */
async function timeEach(count, fn, after = null) {
  const times = [];
  for (let k = 0; k < WARMUP + count; k++) {
    const t0 = performance.now();
    await fn(k);
    const dt = performance.now() - t0;
    if (k >= WARMUP) times.push(dt);
    after?.(k);
  }
  return stats(times);
}

const fetchBytes = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());

/** The frames: a real face video from ../shared/data/faces (expressions_ai_2.mp4), 15
 * frames per second, decoded by the harness with ffmpeg into raw RGBA (headless Chromium's
 * seeking in the mp4 drew the first frame every time). */
async function loadFrames(n) {
  const meta = await (await fetch('/frames/expressions_ai_2.json')).json();
  const raw = new Uint8ClampedArray(await (await fetch('/frames/expressions_ai_2.rgba')).arrayBuffer());
  const { width, height } = meta;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const crop = document.createElement('canvas');
  crop.width = crop.height = 192;
  const cropCtx = crop.getContext('2d', { willReadFrequently: true });
  const frames = [];
  const size = width * height * 4;
  for (let k = 0; k < Math.min(n, meta.count); k++) {
    const image = new ImageData(raw.slice(k * size, (k + 1) * size), width, height);
    ctx.putImageData(image, 0, 0);
    // The landmark model's input: the central face region at 192x192, RGB in 0-1.
    cropCtx.drawImage(canvas, width * 0.15, height * 0.1, width * 0.7, height * 0.7, 0, 0, 192, 192);
    const rgba = cropCtx.getImageData(0, 0, 192, 192).data;
    const input = new Float32Array(192 * 192 * 3);
    for (let i = 0; i < 192 * 192; i++) for (let c = 0; c < 3; c++) input[i * 3 + c] = rgba[i * 4 + c] / 255;
    frames.push({ image, input, time_ms: (k * 1000) / 15 });
  }
  return frames;
}

/** The engine's reading of the right eye over the timed frames (read between them). */
class RightEyeReadings {
  constructor() { this.opening = 0; this.closed = 0; this.n = 0; }
  add(engine, k) {
    if (k < WARMUP) return;
    const { opening_over_width: opening, closed } = engine.right_eye_reading();
    this.opening += opening; this.closed += closed ? 1 : 0; this.n++;
  }
  summary() {
    return { mean_opening_over_width: this.opening / Math.max(1, this.n), closed_fraction: this.closed / Math.max(1, this.n) };
  }
}

async function facegrade(frames, result) {
  globalThis.facegradeBench = true;
  const app = await import('/app/facegrade-web.js');
  await app.default({ module_or_path: '/app/facegrade-web_bg.wasm' });
  const [det, mesh, iris] = await Promise.all(['face_detection_short_range', 'face_landmark_with_attention', 'iris_landmark'].map((m) => fetchBytes(`/app/models/${m}.onnx`)));
  const engine = new app.BenchEngine(det, mesh, iris);
  result.facegrade_landmark_model = await timeEach(TIMED, (k) => engine.landmark_model(frames[k % frames.length].input));
  // The iris model's input: a 64x64 corner of the landmark input (its cost does not depend on content).
  const eye = new Float32Array(64 * 64 * 3);
  result.facegrade_iris_model = await timeEach(TIMED, (k) => {
    eye.set(frames[k % frames.length].input.subarray(0, eye.length));
    engine.iris_model(eye);
  });
  // Where tract's time goes (each node timed with performance.now(); the timing adds a little).
  result.facegrade_profile = JSON.parse(engine.profile_models(20));
  const ctx = document.querySelector('#overlay').getContext('2d');
  // The page's way (the iris model only when an eye's lids need it), then on every frame.
  // Then with the right eye's lids needing it on every frame (one eye shut, worst case).
  for (const [key, everyFrame, rightEye] of [['facegrade_whole_frame', false, false], ['facegrade_whole_frame_iris_every_frame', true, false], ['facegrade_whole_frame_one_eye_every_frame', false, true]]) {
    engine.reset_tracker(everyFrame, rightEye);
    let found = 0;
    const readings = new RightEyeReadings();
    result[key] = await timeEach(TIMED, (k) => {
      const f = frames[k % frames.length];
      if (engine.whole_frame(f.image.data, f.image.width, f.image.height, f.time_ms + (k >= frames.length ? 5000 : 0), ctx) && k >= WARMUP) found++;
    }, (k) => readings.add(engine, k));
    result[key].faces_found = found;
    result[key].right_eye = readings.summary();
    result[key].iris_model_run_fraction = engine.iris_run_fraction();
  }
  // One eye shut: the same frames with the right eye pasted in from the frame of the video's
  // first blink (about 2.6 s) on which the engine reads it most closed, the page's way (iris
  // as needed).
  let closest = null;
  for (let k = 34; k <= 44; k++) {
    const f = frames[k];
    engine.reset_tracker(false, false);
    engine.whole_frame(f.image.data, f.image.width, f.image.height, f.time_ms, ctx);
    const opening = engine.right_eye_reading().opening_over_width;
    if (!closest || opening < closest.opening) closest = { k, opening };
  }
  const closed = frames[closest.k].image.data;
  const shut = frames.map((f) => new ImageData(new Uint8ClampedArray(engine.shut_right_eye(f.image.data, closed, f.image.width, f.image.height, f.time_ms)), f.image.width, f.image.height));
  engine.reset_tracker(false, false);
  const shutEye = new RightEyeReadings();
  result.facegrade_whole_frame_one_eye_shut = await timeEach(TIMED, (k) => {
    const f = frames[k % frames.length];
    engine.whole_frame(shut[k % frames.length].data, f.image.width, f.image.height, f.time_ms + (k >= frames.length ? 5000 : 0), ctx);
  }, (k) => shutEye.add(engine, k));
  result.facegrade_whole_frame_one_eye_shut.iris_model_run_fraction = engine.iris_run_fraction();
  result.facegrade_whole_frame_one_eye_shut.right_eye = shutEye.summary();
  result.facegrade_whole_frame_one_eye_shut.closed_eye_from_frame = closest;
  // Tracking alone (iris as needed): the whole frame less the gate, measurements and overlay.
  engine.reset_tracker(false, false);
  result.facegrade_tracking_only = await timeEach(TIMED, (k) => {
    const f = frames[k % frames.length];
    engine.track_only(f.image.data, f.image.width, f.image.height, f.time_ms + (k >= frames.length ? 5000 : 0));
  });
  // The face model's input crop alone (the last tracked face square, each frame's pixels):
  // from RGBA frames (the page's SIMD path) and from RGB copies (the command line's path).
  const rgbFrames = frames.map((f) => {
    const rgba = f.image.data;
    const rgb = new Uint8Array((rgba.length / 4) * 3);
    for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) rgb.set(rgba.subarray(i, i + 3), j);
    return rgb;
  });
  for (const [key, rgb] of [['facegrade_face_crop', false], ['facegrade_face_crop_rgb', true]]) {
    let samples = 0;
    result[key] = await timeEach(TIMED, (k) => {
      const f = frames[k % frames.length];
      samples = engine.face_crop(rgb ? rgbFrames[k % frames.length] : f.image.data, f.image.width, f.image.height, rgb);
    });
    result[key].samples_per_pixel = samples;
  }
}

function loadScript(src) {
  return new Promise((ok, fail) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = ok;
    s.onerror = () => fail(new Error(`could not load ${src}`));
    document.head.appendChild(s);
  });
}

async function onnxruntime(frames, result) {
  await loadScript('/ort/ort.wasm.min.js');
  ort.env.wasm.wasmPaths = '/ort/';
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.simd = true;
  const model = await fetchBytes('/app/models/face_landmark_with_attention.onnx');
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const name = session.inputNames[0];
  const key = threads === 1 ? 'ort_web_1_thread' : `ort_web_${threads}_threads`;
  result[key] = await timeEach(TIMED, async (k) => {
    const out = await session.run({ [name]: new ort.Tensor('float32', frames[k % frames.length].input, [1, 192, 192, 3]) });
    for (const t of Object.values(out)) t.dispose?.();
  });
  result[key].cross_origin_isolated = crossOriginIsolated;
}

async function mediapipe(frames, result) {
  await loadScript('/mediapipe/face_mesh.js');
  const faceMesh = new FaceMesh({ locateFile: (f) => `/mediapipe/${f}` });
  // CPU inference, as the issue asks (the default on Linux is WebGL, here software-rendered).
  faceMesh.setOptions({ maxNumFaces: 1, refineLandmarks: true, minDetectionConfidence: 0.5, minTrackingConfidence: 0.5, useCpuInference: true });
  let found = 0;
  let last = null;
  faceMesh.onResults((r) => { last = r; });
  await faceMesh.initialize();
  const canvas = document.querySelector('#frame');
  const ctx = canvas.getContext('2d');
  result.mediapipe_face_mesh = await timeEach(TIMED, async (k) => {
    const f = frames[k % frames.length];
    ctx.putImageData(f.image, 0, 0);
    last = null;
    await faceMesh.send({ image: canvas });
    if (last?.multiFaceLandmarks?.length && k >= WARMUP) found++;
  });
  result.mediapipe_face_mesh.faces_found = found;
}

(async () => {
  const result = { errors: {} };
  try {
    status('decoding frames');
    const frames = await loadFrames(75);
    for (const [name, run] of [['facegrade', facegrade], ['ort', onnxruntime], ['mediapipe', mediapipe]]) {
      if (!systems.includes(name)) continue;
      status(`timing ${name}`);
      try { await run(frames, result); } catch (e) { result.errors[name] = String(e?.stack || e); }
    }
  } catch (e) {
    result.errors.frames = String(e?.stack || e);
  }
  status('done');
  window.benchResult = result;
})();
