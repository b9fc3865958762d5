// Serves a built dist/ as a host should (README, "Hosting dist/"): each file's pre-compressed
// copy (FILE.br, else FILE.gz) with its Content-Encoding when the request accepts it, the
// original Content-Type, `Vary: Accept-Encoding`, and `Cache-Control: no-cache` (the
// browser revalidates; the offline copy is the service worker's). Serves exactly what
// build_app wrote: `trunk serve` would rebuild dist/ without the stripped wasm and its
// compressed copies. Loopback only. Usage: node tools/web/serve.mjs [DIST] [--port N]
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const args = process.argv.slice(2);
const portAt = args.indexOf('--port');
const port = portAt >= 0 ? Number(args[portAt + 1]) : 8080;
const root = path.resolve(args.find((a, i) => !a.startsWith('--') && i !== portAt + 1) || 'dist');
if (!fs.existsSync(path.join(root, 'index.html'))) {
  console.error(`${root} has no index.html: build the app first (scripts/serve does)`);
  process.exit(1);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.onnx': 'application/octet-stream', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png',
};

/** The file to send for `file` and its encoding: the .br or .gz copy when accepted and present. */
function encoded(file, accept) {
  for (const [suffix, encoding] of [['.br', 'br'], ['.gz', 'gzip']]) {
    if (new RegExp(`\\b${encoding}\\b`).test(accept) && fs.existsSync(file + suffix)) return [file + suffix, encoding];
  }
  return [file, null];
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  let file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
  if (!file.startsWith(root)) return res.writeHead(403).end();
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!fs.existsSync(file) || /\.(br|gz)$/.test(file)) return res.writeHead(404).end('not found');
  const [sent, encoding] = encoded(file, String(req.headers['accept-encoding'] || ''));
  const headers = {
    'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
    'Content-Length': fs.statSync(sent).size,
    'Cache-Control': 'no-cache',
    Vary: 'Accept-Encoding',
  };
  if (encoding) headers['Content-Encoding'] = encoding;
  res.writeHead(200, headers);
  if (req.method === 'HEAD') return res.end();
  fs.createReadStream(sent).pipe(res);
});

server.listen(port, '127.0.0.1', () => console.log(`serving ${root} at http://127.0.0.1:${server.address().port}/ (Ctrl-C stops it)`));
