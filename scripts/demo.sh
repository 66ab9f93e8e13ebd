#!/usr/bin/env bash
# The demo: installs what is missing, builds the widget and the demo help center, and serves
# the demo site with the widget at http://127.0.0.1:8080 (SQLite file under ./data).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/toolchain.sh
scripts/build-site.sh release
exec target/release/helpdock serve --addr "${HELPDOCK_ADDR:-127.0.0.1:8080}" --data data
