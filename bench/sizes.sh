#!/usr/bin/env bash
# Prints what a visitor downloads: the widget (wasm + JS glue + CSS), the loader and the demo
# index, then the chat module that only visitors who turn to a person download; raw, gzip -9,
# and brotli (the .br files scripts/build-site.sh writes, which `helpdock
# serve` sends to browsers that accept br). Run after scripts/build-site.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
size() { stat -c%s "$1"; }
gz() { gzip -9c "$1" | wc -c; }
br() { if [ -f "$1.br" ]; then size "$1.br"; else echo "-"; fi; }
row() { printf '| %-36s | %9s | %9s | %9s |\n' "$1" "$2" "$3" "$4"; }

row file "raw bytes" "gzip -9" "brotli"
printf '|%s|%s|%s|%s|\n' "--------------------------------------" "-----------" "-----------" "-----------"
total_raw=0; total_gz=0; total_br=0
for f in dist/widget/helpdock-widget_bg.wasm dist/widget/helpdock-widget.js \
  dist/widget/__wasm_split.js dist/widget/widget.css; do
  row "$f" "$(size "$f")" "$(gz "$f")" "$(br "$f")"
  total_raw=$((total_raw + $(size "$f"))); total_gz=$((total_gz + $(gz "$f")))
  total_br=$((total_br + $(br "$f" | sed 's/^-$/0/')))
done
row "widget total (wasm + JS + CSS)" "$total_raw" "$total_gz" "$total_br"
chat=$(ls dist/widget/split_chat.*.wasm)
row "split_chat.<hash>.wasm (on demand)" "$(size "$chat")" "$(gz "$chat")" "$(br "$chat")"
row "dist/widget/helpdock.js (loader)" "$(size dist/widget/helpdock.js)" "$(gz dist/widget/helpdock.js)" "$(br dist/widget/helpdock.js)"
row "dist/help/index.bin (demo, $(ls dist/help/articles | wc -l) articles)" "$(size dist/help/index.bin)" "$(gz dist/help/index.bin)" "$(br dist/help/index.bin)"
