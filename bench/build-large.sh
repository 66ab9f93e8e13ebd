#!/usr/bin/env bash
# Times `helpdock build` on a generated help center (bench/gen-corpus.py), release build.
#   bash bench/build-large.sh [articles]      (default 100000)
# The corpus is generated once per size under target/bench-corpus-<n> and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
corpus="target/bench-corpus-$n"
cargo build --release --locked -p helpdock
[ -d "$corpus" ] || python3 bench/gen-corpus.py "$corpus" --articles "$n"
echo "corpus: $n articles, $(du -shL --apparent-size "$corpus" | cut -f1) of Markdown"
/usr/bin/time -f "wall %e s, user %U s, sys %S s, max RSS %M KB" \
  target/release/helpdock build "$corpus" --out "target/bench-out-$n"
gzip -9c "target/bench-out-$n/index.bin" | wc -c | xargs printf 'index.bin gzip -9: %s bytes\n'
