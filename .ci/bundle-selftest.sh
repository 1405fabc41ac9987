#!/usr/bin/env bash
# Build the PyInstaller bundle and prove it starts: `gigdesk --self-test` must print
# {"ready_ms": ..., "orders": N} on an empty data dir and on 200 demo orders.
# Called from .ci/run; needs the Makefile to include mk/bundle.mk.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
APP=dist/gigdesk/gigdesk
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

grep -q 'mk/bundle.mk' Makefile || { echo "the Makefile does not include mk/bundle.mk" >&2; exit 1; }
rm -rf dist/gigdesk  # a stale bundle must never pass
start=$(date +%s)
make bundle
echo "bundle: built in $(( $(date +%s) - start )) s, $(du -sh dist/gigdesk | cut -f1) on disk"

# Prints the self-test line; fails unless it is JSON with ready_ms and the expected orders.
self_test() {
    local data_dir=$1 expected_orders=$2 output
    output=$(timeout 120 "$APP" --self-test --data-dir "$data_dir")
    printf '%s\n' "$output"
    printf '%s\n' "$output" | .venv/bin/python -c '
import json, sys
expected = int(sys.argv[1])
for line in sys.stdin:
    try:
        report = json.loads(line)
    except ValueError:
        continue
    if isinstance(report, dict) and "ready_ms" in report and "orders" in report:
        seen = report["orders"]
        if seen != expected:
            sys.exit(f"self-test saw {seen} orders, expected {expected}")
        sys.exit(0)
sys.exit("self-test printed no JSON line with ready_ms and orders")
' "$expected_orders"
}

echo "bundle: self-test on an empty data dir"
self_test "$WORK/empty" 0
test -f "$WORK/empty/gigdesk.sqlite" || { echo "no database was created" >&2; exit 1; }

echo "bundle: self-test on 200 demo orders"
"$APP" demo --orders 200 --data-dir "$WORK/demo"
self_test "$WORK/demo" 200
echo "bundle: self-test passed"
