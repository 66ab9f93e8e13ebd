#!/usr/bin/env bash
# Cuts the chat out of the widget into a second wasm module that the widget fetches only when a
# visitor turns to a person (src/chat_module.rs says why). Runs after `trunk build`, on cargo's
# own output, because wasm-split needs the linker's relocations (`--emit-relocs` in
# .cargo/config.toml), which wasm-bindgen drops: so the split comes first, then wasm-bindgen on
# the main module, then wasm-opt on each module. The results replace Trunk's in dist/widget:
#   helpdock-widget.js, helpdock-widget_bg.wasm   the widget (main module)
#   split_chat.<hash>.wasm                        the chat module, named after its content
#   __wasm_split.js                               fetches and links the chat module
set -euo pipefail
cd "$(dirname "$0")/.."

raw=target/wasm32-unknown-unknown/wasm-release/helpdock-widget.wasm
out=dist/widget
source scripts/wasm-opt.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-split-cli "$raw" "$work" --out-name helpdock-widget
# --keep-lld-exports: the chat module links against the main module's function table, an
# export wasm-bindgen otherwise removes.
wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir "$work/bindgen" \
  --out-name helpdock-widget "$work/helpdock-widget.wasm"
drop_unused_leptos_exports "$work/bindgen/helpdock-widget_bg.wasm" "$work/bindgen/helpdock-widget.js"

rm -f "$out"/split_*.wasm "$out"/split_*.wasm.br
wasm-opt "${WASM_OPT_FLAGS[@]}" "$work/bindgen/helpdock-widget_bg.wasm" -o "$out/helpdock-widget_bg.wasm"
# Each chat module is named after its content, and __wasm_split.js asks for that name: a page
# loaded before a deploy, which holds the old main module, then fetches the chat module built
# with it (or gets a 404 if it is gone), never a newer one linked against another memory layout.
for module in "$work"/split_*.wasm; do
  name=$(basename "$module" .wasm)
  # wasm-split writes a name subsection binaryen does not know; it warns, then drops it.
  wasm-opt "${WASM_OPT_FLAGS[@]}" "$module" -o "$work/$name.opt.wasm" \
    2> >(grep -v 'unknown name subsection' >&2)
  hash=$(sha256sum "$work/$name.opt.wasm" | cut -c1-16)
  mv "$work/$name.opt.wasm" "$out/$name.$hash.wasm"
  sed -i "s|\"./$name.wasm\"|\"./$name.$hash.wasm\"|" "$work/__wasm_split.js"
  grep -q "\"./$name.$hash.wasm\"" "$work/__wasm_split.js" ||
    { echo "split-widget.sh: __wasm_split.js does not load $name.wasm" >&2; exit 1; }
done
cp "$work/bindgen/helpdock-widget.js" "$work/__wasm_split.js" "$out/"
