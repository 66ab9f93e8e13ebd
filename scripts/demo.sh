#!/usr/bin/env bash
# The demo: installs what is missing, builds the widget and the demo help center, and serves
# Helpdock at http://127.0.0.1:8080 and the demo customer site, on another origin, embedding
# the widget at http://127.0.0.1:8081 (SQLite file under ./data). A demo agent is added on the
# first run, so the live chat can be tried in the console at /console/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/toolchain.sh
scripts/build-site.sh release
bin=target/release/helpdock
if ! "$bin" agent list --data data 2>/dev/null | grep -q '^demo\b'; then
  echo 'helpdock-demo' | "$bin" agent add demo --name 小李 --team general --team merchant --data data
fi
echo "agent console: http://${HELPDOCK_ADDR:-127.0.0.1:8080}/console/  (user demo, password helpdock-demo)"
exec "$bin" serve --addr "${HELPDOCK_ADDR:-127.0.0.1:8080}" --data data \
  --config demo/helpdock.toml --demo-host "${HELPDOCK_DEMO_ADDR:-127.0.0.1:8081}"
