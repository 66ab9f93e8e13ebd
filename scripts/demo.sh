#!/usr/bin/env bash
# The demo: installs what is missing, builds the widget and the demo help center, and serves
# Helpdock at http://127.0.0.1:8080 and the demo customer site, on another origin, embedding
# the widget at http://127.0.0.1:8081 (SQLite file under ./data).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/toolchain.sh
scripts/build-site.sh release
exec target/release/helpdock serve --addr "${HELPDOCK_ADDR:-127.0.0.1:8080}" --data data \
  --config demo/helpdock.toml --demo-host "${HELPDOCK_DEMO_ADDR:-127.0.0.1:8081}"
