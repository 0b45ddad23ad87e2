#!/usr/bin/env bash
# Runs the three `vrc bench` measurements the README reports, writing each one's table (.txt), JSON and
# picture into docs/bench/. Needs root; every measurement runs in namespaces of its own.
#
#   scripts/bench.sh [VRC]        VRC defaults to the static release build that `make release` makes
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VRC="${1:-.build/release/vrc}"
OUT=docs/bench
mkdir -p "$OUT"

for kind in apply update packets; do
    runs=3
    [ "$kind" = apply ] && runs=5
    echo "vrc bench $kind --runs $runs ..." >&2
    "$VRC" bench "$kind" --runs "$runs" --json-file "$OUT/$kind.json" --svg "$OUT/$kind.svg" > "$OUT/$kind.txt"
done
echo "wrote $OUT/{apply,update,packets}.{txt,json,svg}" >&2
