#!/usr/bin/env bash
# Times importing generated cloud-router iptables-save dumps of 1k, 10k and 100k rules (issue 4): vrc's import
# (plain and --optimize, in-process and as the command) beside iptables-legacy-restore, iptables-nft-restore, and
# iptables-restore-translate + nft -f of the same dump; each run in a fresh namespace. Prints Markdown tables and
# the goal ratios. Needs root.
# Usage: Benchmarks/run-import.sh [RUNS] [VRC]   (VRC: a vrc binary; default: the root's vrc built here in release)
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-5}
source ./bench-common.sh
prepare_bench ImportBench "${2:-}"
for size in 1000 10000 100000; do
  n=$runs
  if [ "$size" -ge 100000 ] && [ "$n" -gt 3 ]; then n=3; fi
  "$bench" tools "$size" "$n" >>"$results"
  "$bench" vrc "$size" "$n" "$vrc" >>"$results"
  "$bench" vrc-optimize "$size" "$n" "$vrc" >>"$results"
done
echo "$(machine), $(iptables --version), $(nft --version), medians of $runs runs (at most 3 at 100k)"
echo
python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
by = {(r["case"], r["rules"]): r for r in rows}
sizes = sorted({r["rules"] for r in rows})
print("| rules | legacy-restore ms | nft-restore ms | translate + nft -f ms | vrc ms | vrc --optimize ms "
      "| vrc command ms | vrc --optimize command ms |")
print("| ---: |" + " ---: |" * 7)
for n in sizes:
    t, v, o = by[("tools", n)], by[("vrc", n)], by[("vrc-optimize", n)]
    print("| %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |" % (n, t["legacyRestoreMs"], t["nftRestoreMs"],
          t["translateTotalMs"], v["totalMs"], o["totalMs"], v.get("commandMs", float("nan")),
          o.get("commandMs", float("nan"))))
print()
print("vrc's import in-process, split (plain / --optimize):")
print()
print("| rules | parse ms | translate ms | encode ms | kernel ms | rules out | set elements | peak RSS MiB |")
print("| ---: |" + " ---: |" * 7)
for n in sizes:
    for key in ["vrc", "vrc-optimize"]:
        r = by[(key, n)]
        print("| %d%s | %.1f | %.1f | %.1f | %.1f | %d | %d | %.0f |" % (n, " (optimized)" if r["optimize"] else "",
              r["parseMs"], r["translateMs"], r["encodeMs"], r["kernelMs"], r["rulesOut"], r["anonymousElements"],
              r["peakRSSMiB"]))
print()
print("Peak RSS of the tools (MiB): " + ", ".join("%d: legacy %.0f, nft-restore %.0f, translate + nft %.0f" % (
      n, by[("tools", n)]["legacyRestorePeakMiB"], by[("tools", n)]["nftRestorePeakMiB"],
      by[("tools", n)]["translatePeakMiB"]) for n in sizes))
print()
def verdict(ok): return "met" if ok else "**not met**"
print("| goal (vrc command wall time against each tool's) | size | ratio | target | |")
print("| --- | ---: | ---: | ---: | --- |")
for n in sizes:
    t, v, o = by[("tools", n)], by[("vrc", n)], by[("vrc-optimize", n)]
    for name, key in [("translate + nft -f", "translateTotalMs"), ("iptables-nft-restore", "nftRestoreMs")]:
        ratio = v["commandMs"] / t[key]
        print("| plain import faster than %s | %d | %.2f | < 1 | %s |" % (name, n, ratio, verdict(ratio < 1)))
for n in [s for s in sizes if s >= 10000]:
    t, o = by[("tools", n)], by[("vrc-optimize", n)]
    for name, key in [("translate + nft -f", "translateTotalMs"), ("iptables-nft-restore", "nftRestoreMs"),
                      ("iptables-legacy-restore", "legacyRestoreMs")]:
        ratio = o["commandMs"] / t[key]
        print("| --optimize faster than %s | %d | %.2f | < 1 | %s |" % (name, n, ratio, verdict(ratio < 1)))
if 10000 in sizes:
    ratio = by[("vrc-optimize", 10000)]["commandMs"] / by[("tools", 10000)]["nftRestoreMs"]
    print("| --optimize 10x faster than iptables-nft-restore | 10000 | %.2f | <= 0.10 | %s |" % (ratio,
          verdict(ratio <= 0.1)))
PY
