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
timed_build() {
  /usr/bin/time -f "  wall %e s, user %U s, sys %S s, max RSS %M KB" \
    target/release/helpdock build "$corpus" --out "$1" | grep -v '^  '
}
# On this machine's disk, creating and deleting 115,000 output files costs the kernel more than
# the build's own work, and varies from run to run; a tmpfs shows the build's own time.
# The previous run's output is renamed aside, not deleted, before the fresh build: ext4 without
# a journal (this disk) skips, one by one, inodes freed in the last minute or more
# (`recently_deleted` in fs/ext4/ialloc.c), so a build right after deleting the last one's
# 115,000 files pays for that deletion. It gets a row of its own at the end.
out="target/bench-out-$n"
rm -rf "$out.old"
[ -d "$out" ] && mv "$out" "$out.old"
sync
echo "output on disk, fresh (a new folder):"; timed_build "$out"
sync
echo "output on disk, replacing the previous build (same articles):"; timed_build "$out"
# A site owner's usual rebuild: one article edited, which changes every shard of the index.
edited=$(find "$corpus" -name '*.md' | sort | sed -n 1p)
cp "$edited" "$edited.orig"
trap 'mv "$edited.orig" "$edited"' EXIT
printf '\n新增一句：此文已更新。\n' >> "$edited"
echo "output on disk, replacing the previous build (one article edited):"; timed_build "$out"
mv "$edited.orig" "$edited"; trap - EXIT
if [ -d /dev/shm ]; then
  shm="/dev/shm/helpdock-bench-out-$n"
  echo "output on tmpfs (/dev/shm), fresh:"; timed_build "$shm"
  echo "output on tmpfs, replacing the previous build (same articles):"; timed_build "$shm"
  rm -rf "$shm"
  # A site owner's first build after the articles left memory (a reboot, a fresh checkout a
  # while ago): the articles read from the disk. Needs root to drop the kernel's caches.
  if sync && (echo 1 > /proc/sys/vm/drop_caches) 2>/dev/null; then
    echo "output on tmpfs, fresh, the articles not in memory (caches dropped):"; timed_build "$shm"
    rm -rf "$shm"
  else
    echo "(not run: the articles read from the disk, which needs root to drop the caches)"
  fi
fi
rm -rf "$out.old" "$out"; sync
echo "output on disk, fresh, right after deleting the previous build's files:"; timed_build "$out"
gzip -9c "$out/index.bin" | wc -c | xargs printf 'index.bin gzip -9: %s bytes\n'
