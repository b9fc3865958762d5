// FaceGrade's service worker: keeps one version of the app (page, scripts, wasm, models)
// in this browser so that it works with no network at all, and never mixes two versions.
// The build (scripts/precache.sh) writes precache.json, the list of this version's files
// with their sha256, and replaces VERSION below by a digest of all of them: a new build
// is a new sw.js, which the browser installs beside the running one. It waits until the
// page's user accepts the reload (message 'skip-waiting'); then old copies are deleted.
const VERSION = 'FACEGRADE_VERSION';
const PREFIX = 'facegrade-';
const CACHE = PREFIX + VERSION;
const LIST = 'precache.json';

const urlOf = (name) => new URL(name, self.registration.scope).href;

async function sha256Hex(buffer) {
  const digest = await crypto.subtle.digest('SHA-256', buffer);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Downloads one file of this version and checks its sha256; a mismatch means the server
 * holds another version (or a damaged file), and nothing is kept. The server's headers
 * are kept (content type; cross-origin isolation where a host sets it).
 */
async function fetchChecked(file) {
  const response = await fetch(urlOf(file.name), { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${file.name}: HTTP ${response.status}`);
  const body = await response.arrayBuffer();
  const sha = await sha256Hex(body);
  if (sha !== file.sha256) throw new Error(`${file.name}: sha256 ${sha}, this version's is ${file.sha256}`);
  return new Response(body, { status: 200, statusText: 'OK', headers: response.headers });
}

/** This version's file list: from the copy once installed, else from the server. */
async function fileList(cache) {
  const kept = await cache.match(urlOf(LIST));
  const response = kept || await fetch(urlOf(LIST), { cache: 'no-cache' });
  const list = await response.json();
  if (list.version !== VERSION) throw new Error(`${LIST} is of version ${list.version}, this service worker of ${VERSION}`);
  return list;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    try {
      const list = await fileList(cache);
      for (const file of list.files) await cache.put(urlOf(file.name), await fetchChecked(file));
      // Last: a copy holding the list is complete.
      await cache.put(urlOf(LIST), new Response(JSON.stringify(list), { headers: { 'Content-Type': 'application/json' } }));
    } catch (error) {
      await caches.delete(CACHE);
      throw error;
    }
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    // The first visit's page is taken over at once: nothing older is running.
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(self.registration.scope)) return;
  event.respondWith(answer(request));
});

/** The key of a request in the copy: no query or fragment; the folder's page is index.html. */
function keyOf(request) {
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  if (url.pathname.endsWith('/')) url.pathname += 'index.html';
  return url.href;
}

/**
 * Cache first, from this version's copy only. A file of this version missing from the
 * copy (the page removes a copy it found damaged) is downloaded, checked and kept again;
 * a server file of another version is refused rather than mixed in.
 */
async function answer(request) {
  const cache = await caches.open(CACHE);
  const key = keyOf(request);
  const kept = await cache.match(key);
  if (kept) return kept;
  const name = key.slice(self.registration.scope.length);
  const file = await fileList(cache).then((list) => list.files.find((f) => f.name === name), () => undefined);
  if (!file) return fetch(request);
  try {
    const checked = await fetchChecked(file);
    await cache.put(key, checked.clone());
    return checked;
  } catch (error) {
    return new Response(`FaceGrade ${VERSION} could not get ${name} again: ${error.message}`, { status: 503, statusText: 'Unavailable', headers: { 'Content-Type': 'text/plain' } });
  }
}
