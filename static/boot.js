// Starts the WebAssembly app. A file, not an inline script, so the page's
// Content-Security-Policy can forbid inline scripts entirely.
import init from './facegrade-web.js';

init({ module_or_path: './facegrade-web_bg.wasm' }).catch((error) => {
  const p = document.createElement('p');
  p.id = 'boot-error';
  p.textContent = 'FaceGrade could not start in this browser: ' + error;
  document.body.appendChild(p);
});
