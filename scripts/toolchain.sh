#!/usr/bin/env bash
# Installs, idempotently, every tool the demo and the tests need on a fresh machine.
# Each step checks first and installs only what is missing or at the wrong version,
# because a compile of trunk or wasm-bindgen-cli costs minutes on these 2-core machines.
# Versions come from ../shared toolchain facts verified on these machines:
#   - trunk 0.21.x (0.22 needs rustc >= 1.96.1)
#   - wasm-bindgen-cli == the wasm-bindgen version pinned in Cargo.lock
#   - wasm-opt from npm binaryen (Debian's binaryen 108 corrupts modern wasm)
#   - wasm-split-cli from wasm_split_cli_support, whose split format matches the
#     wasm_split_helpers crate in Cargo.lock (scripts/split-widget.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_SPLIT_VERSION=0.2.4
say() { printf '\033[1m[toolchain]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# The wasm-bindgen CLI must equal the crate version in Cargo.lock exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

install_wasm_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then return; fi
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
}

# The widget's std is compiled from source for size (scripts/wasm-std.sh).
install_rust_src() {
  if rustup component list --installed | grep -qx rust-src; then return; fi
  say "adding the rust-src component"
  rustup component add rust-src
}

install_wasm_bindgen() {
  local want; want=$(wasm_bindgen_version)
  if [ -z "$want" ]; then echo "wasm-bindgen is not in Cargo.lock" >&2; exit 1; fi
  if command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$want" ]; then return; fi
  say "installing wasm-bindgen-cli $want (a debug build: built once per machine, minutes saved)"
  # --locked fails here: a locked dependency is missing from the registry mirror.
  cargo install --debug wasm-bindgen-cli --version "$want"
}

install_trunk() {
  if command -v trunk >/dev/null && [ "$(trunk --version | awk '{print $2}')" = "$TRUNK_VERSION" ]; then return; fi
  say "installing trunk $TRUNK_VERSION"
  cargo install --debug trunk --version "$TRUNK_VERSION" --locked
}

install_wasm_split() {
  if cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then return; fi
  say "installing wasm-split-cli $WASM_SPLIT_VERSION"
  cargo install --debug wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --locked \
    --features build-binary
}

install_debian_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  # The chat tests run the same suite on a real PostgreSQL (scripts/pg-test-cluster.sh).
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
  if [ ${#missing[@]} -eq 0 ]; then return; fi
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}

# npm ci gives the e2e tests (playwright-core) and wasm-opt (binaryen). A stamp holding the
# lockfile's hash says whether node_modules already matches it.
install_npm_packages() {
  local stamp=node_modules/.helpdock-lock-hash want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
}

case "${1:-all}" in
  all)
    install_wasm_target
    install_rust_src
    install_debian_packages
    install_npm_packages
    install_wasm_bindgen
    install_trunk
    install_wasm_split
    ;;
  *) echo "usage: $0 [all]" >&2; exit 2 ;;
esac
