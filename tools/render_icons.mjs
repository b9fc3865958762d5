// Renders the hand-drawn icon (static/icons/icon.svg) to the PNG sizes the web app
// manifest lists, with Debian's headless Chromium (the e2e tests' playwright-core).
// Run: node tools/render_icons.mjs  (then commit static/icons/icon-*.png).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(path.join(repo, 'tests/e2e/package.json'))('playwright-core');
const svg = fs.readFileSync(path.join(repo, 'static/icons/icon.svg'), 'utf8');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const size of [192, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const data = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(`<html><body style="margin:0"><img src="${data}" width="${size}" height="${size}" style="display:block"></body></html>`);
    await page.waitForFunction(() => document.querySelector('img').complete);
    const out = path.join(repo, `static/icons/icon-${size}.png`);
    await page.screenshot({ path: out, clip: { x: 0, y: 0, width: size, height: size } });
    console.log(`${out}: ${fs.statSync(out).size} bytes`);
    await page.close();
  }
} finally {
  await browser.close();
}
