#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml): lists this build's files with their sha256 in
# precache.json for the service worker (static/sw.js), and writes the build's version into
# sw.js. The version is a digest of every file's content and of sw.js itself, so any change
# makes a new service worker that installs beside the running one; an unchanged build
# keeps its version. Pre-compressed copies (.br, .gz) are left out: the browser's HTTP
# layer decodes them, the app never asks for them by name. Must run after every step that
# changes a file of dist/: build_app runs it again, as `scripts/precache.sh dist`, after
# wasm-opt rewrites the wasm.
set -euo pipefail
cd "${TRUNK_STAGING_DIR:-${1:?usage: scripts/precache.sh DIST (or run by trunk as a post_build hook)}}"
[ -f sw.js ] || { echo "precache.sh: no sw.js in the build" >&2; exit 1; }
# A second run starts from the placeholder again, so the version depends on content only.
sed -i -E "s/^const VERSION = '[^']*';/const VERSION = 'FACEGRADE_VERSION';/" sw.js

listing="$(find . -type f ! -name '*.br' ! -name '*.gz' ! -name precache.json ! -name sw.js | sed 's|^\./||' | LC_ALL=C sort | xargs -d '\n' sha256sum)"
version="$( { printf '%s\n' "$listing"; sha256sum sw.js; } | sha256sum | cut -c1-16)"

{
  printf '{\n  "version": "%s",\n  "files": [\n' "$version"
  printf '%s\n' "$listing" | awk '{ printf "%s    {\"name\": \"%s\", \"sha256\": \"%s\"}", (NR > 1 ? ",\n" : ""), $2, $1 } END { print "" }'
  printf '  ]\n}\n'
} > precache.json
sed -i "s/'FACEGRADE_VERSION'/'$version'/" sw.js
grep -q "'$version'" sw.js || { echo "precache.sh: sw.js has no version placeholder" >&2; exit 1; }
echo "precache.sh: version $version, $(printf '%s\n' "$listing" | wc -l) files"
