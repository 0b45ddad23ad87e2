#!/usr/bin/env bash
# Builds the example package (Examples/, which depends on vrc by path) and runs it, as CI does.
#
#   scripts/examples.sh        build Examples/ in Examples/.build and run OrchestratorExample
#
# The example needs root: it makes a network namespace of its own (vrc-example-<pid>-<random>), applies a
# router in it and removes it however it ends. Not root, it prints "skipped: needs root" and exits 0; under
# CI (CI=true) that is a failure, as a skipped kernel test is.
set -euo pipefail

cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
SCRATCH=Examples/.build

start=$(date +%s.%N)
status=0
"$SWIFT" build --package-path Examples --scratch-path "$SCRATCH" 2>&1 \
    | { grep -v '^\[[0-9]*/[0-9]*\]' || true; } || status=$?
[ "$status" -eq 0 ] || { echo "examples: swift build of Examples/ failed" >&2; exit 1; }
built=$(date +%s.%N)

bin=$("$SWIFT" build --package-path Examples --scratch-path "$SCRATCH" --show-bin-path)
output=$(mktemp)
trap 'rm -f "$output"' EXIT
status=0
"$bin/OrchestratorExample" | tee "$output" || status=$?
finished=$(date +%s.%N)
awk -v a="$start" -v b="$built" -v c="$finished" \
    'BEGIN { printf "examples: build %.1f s, run %.1f s\n", b - a, c - b }'

if [ "$status" -ne 0 ]; then
    echo "examples: OrchestratorExample exited with $status" >&2
    exit "$status"
fi
if [ "${CI:-}" = "true" ] && grep -q '^skipped:' "$output"; then
    echo "examples: the example was skipped under CI (not root)" >&2
    exit 1
fi
