// The analysis worker: loads the same WebAssembly module as the page. Its start function
// sees no `document` and runs the analysis loop instead of the page (src/web/worker/).
import init from './facegrade-web.js';

init({ module_or_path: './facegrade-web_bg.wasm' }).catch((error) => {
  // The one message written by hand: FromWorker::Failed as an event (id 0), see src/web/protocol/.
  const body = { kind: 'failed', data: 'the analysis worker could not start: ' + error };
  postMessage({ json: JSON.stringify({ id: 0, body }) });
});
