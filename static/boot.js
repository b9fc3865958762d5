// Starts the WebAssembly app. A file, not an inline script, so the page's
// Content-Security-Policy can forbid inline scripts entirely.
import init from './facegrade-web.js';

// The analysis worker starts first, so that it compiles its WebAssembly while the page
// compiles its own (cold start, issue #15). The page adopts it when its Rust starts
// (src/web/protocol/client.rs, `adopt_early_worker`), with what it said meanwhile.
try {
  const worker = new Worker('./worker.js', { type: 'module' });
  const events = [];
  const keep = (event) => events.push(event);
  worker.addEventListener('message', keep);
  worker.addEventListener('error', keep);
  globalThis.facegradeEarlyWorker = {
    worker,
    events,
    release() {
      worker.removeEventListener('message', keep);
      worker.removeEventListener('error', keep);
    },
  };
} catch {
  // The page starts the worker itself, and says so if it cannot.
}

init({ module_or_path: './facegrade-web_bg.wasm' }).catch((error) => {
  const p = document.createElement('p');
  p.id = 'boot-error';
  p.textContent = 'FaceGrade could not start in this browser: ' + error;
  document.body.appendChild(p);
});
