# Shared set-up for scripts/serve and scripts/test: installs what is missing, from the
# package registries only (crates.io, Debian, npm), and reuses caches outside the clone.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# One target dir outside the clone: a second clone (or CI) reuses the compiled dependencies.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/facegrade/target}"
export PATH="$HOME/.cargo/bin:$PATH"
TRUNK_VERSION="0.21.14"

log() { printf '\n==> %s\n' "$*"; }

wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_rust_tools() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    log "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
    log "Installing trunk $TRUNK_VERSION from crates.io (about 15-18 min on 2 cores, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
  local wbg; wbg="$(wasm_bindgen_version)"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg"; then
    log "Installing wasm-bindgen-cli $wbg (the Cargo.lock version) from crates.io"
    # Not --locked: its lockfile pins a crate version the registry no longer serves.
    cargo install wasm-bindgen-cli --version "$wbg" --force
  fi
  # Trunk builds offline; fetch every crate (host and wasm) once while the registry is reachable.
  cargo fetch --quiet
}

ensure_chromium() {
  # ffmpeg makes the end-to-end tests' fake-camera clips (one per exam view) from videos.
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v ffmpeg >/dev/null; then
    log "Installing Debian's chromium, chromium-driver and ffmpeg"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver ffmpeg >/dev/null
  fi
}

# poppler-utils' pdftotext and pdfimages read the report PDFs back (tests/pdf.rs,
# tests/fhir.rs and the exam end-to-end test).
ensure_poppler() {
  if ! command -v pdftotext >/dev/null || ! command -v pdfimages >/dev/null; then
    log "Installing Debian's poppler-utils (pdftotext, pdfimages)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  fi
}

# The FHIR R4 validator of tests/fhir.rs (tests/fhir/validate.py): PyPI fhir.resources 5.1.1,
# the last release whose models are FHIR R4 4.0.1.
FHIR_RESOURCES_VERSION="5.1.1"
ensure_fhir_validator() {
  if ! python3 -c "import sys, importlib.metadata as m; sys.exit(m.version('fhir.resources') != '$FHIR_RESOURCES_VERSION')" 2>/dev/null; then
    log "Installing fhir.resources $FHIR_RESOURCES_VERSION (FHIR R4 models) from PyPI"
    python3 -m pip install --user --quiet "fhir.resources==$FHIR_RESOURCES_VERSION"
  fi
}

ensure_node_deps() {
  local dir="$1"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    log "Installing $dir's npm packages (no browser download)"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Binaryen's wasm-opt (npm; Debian's is too old for the wasm's features). Trunk's own would
# be downloaded, so index.html turns it off (data-wasm-opt="0") and build_app runs this one.
WASM_FEATURES=(--enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-reference-types)

build_app() {
  log "Building the web app (release, wasm SIMD)"
  TRUNK_SKIP_VERSION_CHECK=true trunk build --release
  ensure_node_deps tools/web
  # Function names (2 MB) and producer notes only: -Oz shrinks the raw wasm more but its
  # brotli-compressed download less, at 10 minutes a build (BENCHMARKS.md, #15).
  log "Stripping the wasm's name section (wasm-opt)"
  tools/web/node_modules/.bin/wasm-opt "${WASM_FEATURES[@]}" --strip-debug --strip-producers \
    dist/facegrade-web_bg.wasm -o dist/facegrade-web_bg.wasm
  # The offline copy's file list and version must name the stripped wasm.
  bash scripts/precache.sh dist
  log "Pre-compressing dist/ (.br and .gz beside each file, for the host)"
  node tools/web/compress.mjs dist
}
