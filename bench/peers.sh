#!/usr/bin/env bash
# The peer benchmark in one command: Helpdock, MiniSearch, FlexSearch and Pagefind on the same
# corpora, in the same headless Debian Chromium, one table (BENCHMARKS.md, "Against the peers").
#
#   bash bench/peers.sh [--corpora demo,manpages,generated-5000] [--rounds 10] [--warmup 3]
#     [--warmup-ms 1000] [--engines …]
#
# Builds the release `helpdock` binary and the search engine alone as wasm (bench/search-wasm,
# the same code and wasm profile as the widget), installs the peers from npm (bench/peers),
# downloads Debian's manpages-zh with apt-get, then runs bench/peers/run.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/toolchain.sh
cargo build --release --locked -p helpdock
# Without the widget's `--emit-relocs` (.cargo/config.toml), which only its chat split needs:
# with the linker's relocations left in, wasm-opt cannot optimise the module ("linking section
# is present") and the engine measured 143 KB gzip instead of 105. A target dir of its own, so
# the widget's build keeps its cache. RUSTFLAGS, as it replaces the config's flags; the same
# variable for the target would be added to them. std is built from source as for the widget
# (scripts/wasm-std.sh), so the engine measured is the one visitors run.
source scripts/wasm-std.sh
RUSTFLAGS="--cfg erase_components $WASM_STD_RUSTFLAGS" with_wasm_std cargo build --locked \
  -p helpdock-search-bench --target wasm32-unknown-unknown --profile wasm-release \
  --target-dir target/bench-wasm

out=target/bench-peers/engines/helpdock
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" \
  target/bench-wasm/wasm32-unknown-unknown/wasm-release/helpdock_search_bench.wasm
# Shrunk as the widget is (scripts/wasm-opt.sh).
source scripts/wasm-opt.sh
node_modules/.bin/wasm-opt "${WASM_OPT_FLAGS[@]}" "$out/helpdock_search_bench_bg.wasm" \
  -o "$out/helpdock_search_bench_bg.wasm"

(cd bench/peers && npm ci --no-audit --no-fund --loglevel=error)
# The JavaScript engines index the larger corpora in this Node process: give it room.
node --max-old-space-size=12288 bench/peers/run.mjs "$@"
