#!/usr/bin/env bash
# Builds what `helpdock serve` serves: the release widget (dist/widget) and the demo help
# center (dist/help), plus the helpdock binary itself. Usage: build-site.sh [debug|release]
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-debug}"

# wasm-opt (npm's binaryen; Debian's is too old) and esbuild come from node_modules: on PATH.
export PATH="$PWD/node_modules/.bin:$PATH"
# std rebuilt from source for size (scripts/wasm-std.sh says why).
source scripts/wasm-std.sh
# Trunk builds offline (Trunk.toml), and std's own dependencies are not the workspace's: fetched
# first, or a machine whose cargo cache has never held them cannot build the widget.
with_wasm_std cargo fetch --locked --target wasm32-unknown-unknown --quiet
with_wasm_std trunk build --release
# The chat becomes a module of its own, fetched when a visitor asks for a person.
scripts/split-widget.sh
# Minified in place (esbuild, from npm): the loader is on every page of the host site, whether
# or not the visitor opens the widget, and the widget's JS and CSS are on its first open.
# public/ keeps the readable sources; the loader stays a classic script, the glue a module.
esbuild dist/widget/helpdock.js --minify --allow-overwrite --log-level=warning \
  --outfile=dist/widget/helpdock.js
esbuild dist/widget/helpdock-widget.js dist/widget/__wasm_split.js --minify --format=esm \
  --allow-overwrite --log-level=warning --outdir=dist/widget
esbuild dist/widget/widget.css --minify --allow-overwrite --log-level=warning \
  --outfile=dist/widget/widget.css
# Trunk replaces dist/widget on every build, so a .br never outlives the file it compresses.
node scripts/precompress.mjs dist/widget/*.wasm dist/widget/*.js dist/widget/widget.css

if [ "$profile" = release ]; then
  cargo build --release --locked -p helpdock
else
  cargo build --locked -p helpdock
fi
"target/$profile/helpdock" build content --out dist/help
