#!/usr/bin/env bash
# Runs the end-to-end tests: Xvfb, tauri-driver + WebKitWebDriver, the built
# app. Expects STOREFRONT_APP and STOREFRONT_CLI (paths to the binaries).
# With arguments, runs `node ARGS…` in the same set-up instead (benchmarks).
set -euo pipefail
: "${STOREFRONT_APP:?path to the built app}" "${STOREFRONT_CLI:?path to the built CLI}"
here="$(cd "$(dirname "$0")" && pwd)"
display=":${E2E_DISPLAY:-99}"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/tmp/storefront-xvfb.log 2>&1 &
xvfb=$!
export DISPLAY="$display"
# A home of its own: the app's preferences start fresh every run. The tests'
# shops go in a temp folder of their own too, removed with the home at the end.
home="$(mktemp -d)"
scratch="$(mktemp -d)"
export TMPDIR="$scratch"
# The window's clock twelve hours behind UTC, the shop's in Shanghai: their
# calendar days differ twenty hours a day, so a screen taking "today" from the
# browser rather than the shop's business day fails here, not after midnight.
TZ=Etc/GMT+12 HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
  tauri-driver --port 4444 --native-driver /usr/bin/WebKitWebDriver >/tmp/storefront-tauri-driver.log 2>&1 &
driver=$!
trap 'kill $driver $xvfb 2>/dev/null; rm -rf "$home" "$scratch" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  (exec 3<>/dev/tcp/127.0.0.1/4444) 2>/dev/null && break
  sleep 0.2
done
cd "$here"
if [ $# -gt 0 ]; then
  node "$@"
else
  node --test --test-concurrency=1 app.e2e.mjs reconcile.e2e.mjs orders.e2e.mjs products.e2e.mjs customers.e2e.mjs delivery.e2e.mjs reviews.e2e.mjs campaigns.e2e.mjs dashboard.e2e.mjs suppliers.e2e.mjs desktop.e2e.mjs updates.e2e.mjs weighed.e2e.mjs terminals.e2e.mjs
fi
