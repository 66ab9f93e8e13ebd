#!/usr/bin/env bash
# Runs every check and test, as CI does: formatting, lints, Rust unit and integration tests,
# the release widget build, the chat against the real server on SQLite and PostgreSQL, and the
# browser tests in Debian's Chromium.
# Installs what is missing first (scripts/toolchain.sh), so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "toolchain"
scripts/toolchain.sh

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy -D warnings (native workspace, and the widget for wasm32)"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy -p helpdock-widget --target wasm32-unknown-unknown --locked -- -D warnings

step "cargo test"
cargo test --workspace --locked

step "widget (trunk build --release, the chat split into its own module, wasm-opt) and demo index"
scripts/build-site.sh debug

step "chat over real WebSockets, on SQLite and on PostgreSQL"
HELPDOCK_BIN="$PWD/target/debug/helpdock" node --test tests/chat/

step "browser tests (Playwright + Debian Chromium)"
HELPDOCK_BIN="$PWD/target/debug/helpdock" node --test tests/e2e/

step "all tests passed"
