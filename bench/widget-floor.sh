#!/usr/bin/env bash
# What the widget's size goal (150 KB gzip for wasm + JS + CSS) leaves for everything but the
# search box: builds bench/widget-floor, the smallest Leptos search widget, as the widget is
# built (std from source, `-Oz`, erased components, wasm-bindgen, wasm-streams' classes
# dropped, wasm-opt with the widget's flags, esbuild), with and without the search engine, and
# prints raw, gzip -9 and brotli bytes. BENCHMARKS.md, "Download size of the widget".
#   bash bench/widget-floor.sh
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/toolchain.sh
export PATH="$PWD/node_modules/.bin:$PATH"
source scripts/wasm-std.sh
source scripts/wasm-opt.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
row() { printf '| %-40s | %9s | %9s | %9s |\n' "$1" "$2" "$3" "$4"; }

row build "raw bytes" "gzip -9" "brotli"
printf '|%s|%s|%s|%s|\n' "------------------------------------------" "-----------" "-----------" "-----------"
for variant in shell engine; do
  features=()
  [ "$variant" = shell ] && features=(--no-default-features)
  # A target dir of its own, without the widget's `--emit-relocs` (bench/peers.sh says why).
  RUSTFLAGS="--cfg erase_components $WASM_STD_RUSTFLAGS" with_wasm_std cargo build --locked \
    --quiet -p helpdock-widget-floor "${features[@]}" --target wasm32-unknown-unknown \
    --profile wasm-release --target-dir target/bench-floor
  out="$work/$variant"
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name floor \
    target/bench-floor/wasm32-unknown-unknown/wasm-release/helpdock_widget_floor.wasm
  drop_unused_leptos_exports "$out/floor_bg.wasm" "$out/floor.js"
  wasm-opt "${WASM_OPT_FLAGS[@]}" "$out/floor_bg.wasm" -o "$out/floor.wasm"
  esbuild "$out/floor.js" --minify --format=esm --log-level=warning --outfile="$out/floor.min.js"
  # Brotli as the widget's files get it, beside each file.
  node scripts/precompress.mjs "$out/floor.wasm" "$out/floor.min.js"
  raw=$(($(stat -c%s "$out/floor.wasm") + $(stat -c%s "$out/floor.min.js")))
  gz=$(($(gzip -9c "$out/floor.wasm" | wc -c) + $(gzip -9c "$out/floor.min.js" | wc -c)))
  brotli=$(($(stat -c%s "$out/floor.wasm.br") + $(stat -c%s "$out/floor.min.js.br")))
  label="Leptos search box, no engine (wasm + JS)"
  [ "$variant" = engine ] && label="Leptos search box + engine (wasm + JS)"
  row "$label" "$raw" "$gz" "$brotli"
done
