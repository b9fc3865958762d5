// The analysis worker: loads the same WebAssembly module as the page. Its start function
// sees no `document` and runs the analysis loop instead of the page (src/web/worker.rs).
import init from './facegrade-web.js';

init({ module_or_path: './facegrade-web_bg.wasm' }).catch((error) => {
  postMessage({ kind: 'error', message: 'the analysis worker could not start: ' + error });
});
