#!/usr/bin/env bash
# Times a generated VPC (issue 3) from document to kernel at scale 1 and 10, `nft -f` of the same ruleset's text,
# the `vrc apply` command, and a one-forward update on the 10x and on a 10-forward document; each case in its own
# process and fresh namespaces. Prints Markdown tables and the goal ratios. Needs root.
# Usage: Benchmarks/run-router.sh [RUNS] [VRC]   (VRC: a vrc binary; default: the root's vrc built here in release)
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-5}
source ./bench-common.sh
prepare_bench RouterBench "${2:-}"
big_runs=$(( runs < 3 ? runs : 3 ))
"$bench" apply small "$runs" "$vrc" >>"$results"
"$bench" apply 1 "$runs" "$vrc" >>"$results"
"$bench" apply 10 "$big_runs" "$vrc" >>"$results"
"$bench" count small10 >>"$results"
"$bench" update small "$runs" >>"$results"
"$bench" update small10 "$runs" >>"$results"
"$bench" update 10 "$runs" >>"$results"
echo "$(machine), medians of $runs runs ($big_runs at 10x)"
echo
python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
apply = {r["document"]: r for r in rows if r["case"] == "apply"}
count = {r["document"]: r for r in rows if r["case"] == "count"}
update = {r["document"]: r for r in rows if r["case"] == "update"}
names = {"small": "10 forwards, 1x ACLs", "small10": "10 forwards, 10x ACLs", "1": "1x", "10": "10x"}
print("| document | ACL entries | forwards | static NATs | LBs | rules | elements | parse ms | compile ms "
      "| encode ms | kernel ms | in-process ms | peak RSS MiB | `vrc apply` ms | `nft -f` ms |")
print("| --- |" + " ---: |" * 14)
for key in ["small", "1", "10"]:
    r = apply[key]
    print("| %s | %d | %d | %d | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f | %.1f | %.1f |" % (
        names[key], r["aclEntries"], r["portForwards"], r["staticNats"], r["loadBalancers"], r["rules"],
        r["elements"], r["parseMs"], r["compileMs"], r["encodeMs"], r["kernelMs"], r["totalMs"], r["peakRSSMiB"],
        r.get("vrcApplyMs", float("nan")), r["nftMs"]))
print()
print("One added port forward, through the library from the two decoded documents to the commit:")
print()
print("| document | plan ms | encode ms | kernel ms | total ms | operations | elements | old way: compile both and plan ms |")
print("| --- |" + " ---: |" * 7)
for key in ["small", "small10", "10"]:
    r = update[key]
    print("| %s | %.3f | %.3f | %.3f | %.3f | %d | %d | %.1f |" % (names[key], r["planMs"], r["encodeMs"],
        r["kernelMs"], r["totalMs"], r["operations"], r["planElements"], r["compiledPlanMs"]))
print()
def verdict(ok): return "met" if ok else "**not met**"
print("| goal | measured | target | |")
print("| --- | ---: | ---: | --- |")
for key in ["1", "10"]:
    r = apply[key]
    if "vrcApplyMs" in r:
        ratio = r["vrcApplyMs"] / r["nftMs"]
        print("| `vrc apply` / `nft -f`, %s | %.2f | <= 0.33 | %s |" % (names[key], ratio, verdict(ratio <= 1 / 3)))
for key in ["1", "10"]:
    r = apply[key]
    ratio = (r["compileMs"] + r["encodeMs"]) / r["kernelMs"]
    print("| (compile + encode) / kernel, %s | %.2f | <= 0.25 | %s |" % (names[key], ratio, verdict(ratio <= 0.25)))
ratio = update["10"]["totalMs"] / update["small10"]["totalMs"]
print("| update 10x / update with 10 forwards (10x ACLs) | %.2f | <= 1.5 | %s |" % (ratio, verdict(ratio <= 1.5)))
ratio = update["10"]["totalMs"] / update["small"]["totalMs"]
print("| update 10x / update with 10 forwards (1x ACLs) | %.2f | (for reference) | |" % ratio)
a, b = apply["small"]["rules"], apply["1"]["rules"]
print("| rules, 10 vs 5,000 forwards (1,000 NATs, 100 LBs), same ACLs | %d vs %d | equal | %s |" % (a, b,
      verdict(a == b)))
a, b = count["small10"]["rules"], apply["10"]["rules"]
print("| rules, 10 vs 50,000 forwards (10,000 NATs, 1,000 LBs), same ACLs | %d vs %d | equal | %s |" % (a, b,
      verdict(a == b)))
PY
