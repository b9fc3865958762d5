// Pre-compressed copies of the built app for a static host: for each file of dist/ that a
// browser fetches (wasm, JavaScript, HTML, CSS, ONNX models), FILE.br (brotli, quality 11)
// and FILE.gz (gzip -9) beside it. A host serves FILE.br with `Content-Encoding: br` (and
// FILE.gz with `gzip`) when the request's Accept-Encoding allows it; see README, "Hosting".
// Usage: node tools/web/compress.mjs dist
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const COMPRESSIBLE = new Set(['.wasm', '.js', '.html', '.css', '.onnx']);

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : COMPRESSIBLE.has(path.extname(p)) ? [p] : [];
  });
}

const dist = process.argv[2] || 'dist';
let raw = 0;
let br = 0;
for (const file of files(dist)) {
  const body = fs.readFileSync(file);
  const brotli = zlib.brotliCompressSync(body, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
  fs.writeFileSync(`${file}.br`, brotli);
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
  raw += body.length;
  br += brotli.length;
}
console.log(`compressed ${dist}: ${(raw / 1e6).toFixed(2)} MB -> ${(br / 1e6).toFixed(2)} MB brotli (.br and .gz beside each file)`);
