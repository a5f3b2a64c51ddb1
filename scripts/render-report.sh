#!/usr/bin/env bash
# Renders a mailing report page in headless Chromium (Debian's chromium package) and writes a
# screenshot, to look at what a browser shows:
#
#   scripts/render-report.sh [REPORT.html] [SCREENSHOT.png]
#
# Without a report it runs `mailroom demo` in a temp dir and renders the demo's report.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null
fi
report=${1:-}
shot=${2:-report.png}
if [ -z "$report" ]; then
    cargo build --release --quiet
    demo=$(mktemp -d /tmp/mailroom-render-XXXXXX)
    target/release/mailroom demo "$demo/demo" >/dev/null
    report=$demo/demo/report-mailing-1.html
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# The closed network: no background connections, no component updates.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --window-size=800,1400 \
    --screenshot="$(readlink -f "$shot" 2>/dev/null || echo "$PWD/$shot")" "file://$(readlink -f "$report")" 2>/dev/null
echo "rendered $report -> $shot"
