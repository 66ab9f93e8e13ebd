# Sourced by scripts/split-widget.sh, bench/peers.sh and bench/widget-floor.sh: the one way the
# project shrinks a wasm module after wasm-bindgen, so that every size measured is the widget's.

# The features rustc emits, which Trunk's wasm-opt was given too (index.html explains).
# -ocimfs 200: a function with one caller is inlined only if small. Inlining every such function
# made the search engine's entry one 58 KB function and the main module 2.8 KB larger gzipped;
# the browser compiles a large function with its optimizing tier later, and inlines small
# calls itself.
# -lmu: rustc puts the stack first, 1 MiB of it growing down, and the data and heap above it,
# so only a stack 1,023 KiB deep would touch the low 1 KiB of memory; promised that nothing
# does, binaryen folds constant offsets into loads and stores (1.1 KB gzip, BENCHMARKS.md).
WASM_OPT_FLAGS=(-Oz -ocimfs 200 -lmu --enable-bulk-memory --enable-nontrapping-float-to-int
  --enable-reference-types --enable-sign-ext --enable-multivalue --enable-mutable-globals
  --strip-debug --strip-producers)

# Drops wasm-streams' classes from a module wasm-bindgen wrote ("$1", the _bg.wasm) and its
# glue ("$2"): Leptos brings them in through server_fn, and nothing here streams
# (scripts/drop-exports.mjs says why they are there at all).
drop_unused_leptos_exports() {
  node scripts/drop-exports.mjs "$1" "$2" \
    IntoUnderlyingByteSource IntoUnderlyingSink IntoUnderlyingSource
}
