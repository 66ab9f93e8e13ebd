#!/usr/bin/env bash
# Prints what a visitor downloads: the widget (wasm + JS glue + CSS), the loader and the demo
# index, raw and gzip -9. Run after scripts/build-site.sh (scripts/test.sh runs it too).
set -euo pipefail
cd "$(dirname "$0")/.."
row() { printf '| %-36s | %9s | %9s |\n' "$1" "$2" "$3"; }
size() { stat -c%s "$1"; }
gz() { gzip -9c "$1" | wc -c; }

printf '| %-36s | %9s | %9s |\n' file "raw bytes" "gzip -9"
printf '|%s|%s|%s|\n' "--------------------------------------" "-----------" "-----------"
total_raw=0; total_gz=0
for f in dist/widget/helpdock-widget_bg.wasm dist/widget/helpdock-widget.js dist/widget/widget.css; do
  row "$f" "$(size "$f")" "$(gz "$f")"
  total_raw=$((total_raw + $(size "$f"))); total_gz=$((total_gz + $(gz "$f")))
done
row "widget total (wasm + JS + CSS)" "$total_raw" "$total_gz"
row "dist/widget/helpdock.js (loader)" "$(size dist/widget/helpdock.js)" "$(gz dist/widget/helpdock.js)"
row "dist/help/index.bin (demo, $(ls dist/help/articles | wc -l) articles)" "$(size dist/help/index.bin)" "$(gz dist/help/index.bin)"
