#!/usr/bin/env bash
# Builds what `helpdock serve` serves: the release widget (dist/widget) and the demo help
# center (dist/help), plus the helpdock binary itself. Usage: build-site.sh [debug|release]
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-debug}"

# wasm-opt comes from npm's binaryen (Debian's is too old); Trunk finds it on PATH.
export PATH="$PWD/node_modules/.bin:$PATH"
# std rebuilt from source for size (scripts/wasm-std.sh says why).
source scripts/wasm-std.sh
with_wasm_std trunk build --release
# The chat becomes a module of its own, fetched when a visitor asks for a person.
scripts/split-widget.sh
# Trunk replaces dist/widget on every build, so a .br never outlives the file it compresses.
node scripts/precompress.mjs dist/widget/*.wasm dist/widget/*.js dist/widget/widget.css

if [ "$profile" = release ]; then
  cargo build --release --locked -p helpdock
else
  cargo build --locked -p helpdock
fi
"target/$profile/helpdock" build content --out dist/help
