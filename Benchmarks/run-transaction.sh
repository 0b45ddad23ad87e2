#!/usr/bin/env bash
# Times the one-batch transaction for linear rules and for one big set, each case in its own process and
# fresh namespaces, and prints a Markdown table. Needs root. Usage: Benchmarks/run-transaction.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-5}
swift build -c release --product TransactionBench >/dev/null
bin=$(swift build -c release --show-bin-path)/TransactionBench
echo "Machine: $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%d)"
echo
echo "| case | size | encode ms | kernel ms | encode/kernel | messages | batch MiB | peak RSS MiB |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for spec in "rules 1000" "rules 10000" "rules 100000" "elements 10000" "elements 100000" "elements 1000000"; do
  set -- $spec
  r=$([ "$2" -ge 100000 ] && echo 3 || echo "$runs")
  "$bin" "$1" "$2" "$r" | python3 -c '
import json,sys
d=json.loads(sys.stdin.read())
print("| %s | %d | %.1f | %.1f | %.2f | %d | %.1f | %.0f |" % (d["case"], d["size"], d["encodeMs"], d["kernelMs"],
  d["encodeMs"]/d["kernelMs"], d["messages"], d["bytes"]/1048576, d["peakRSSMiB"]))'
done
