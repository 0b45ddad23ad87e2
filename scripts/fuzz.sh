#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ and runs each for a bounded time.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      default 180 seconds, every target
#   scripts/fuzz.sh 15                                     the CI smoke pass
#
# Targets: FuzzRouterDocument FuzzIptablesSave FuzzIpsetSave FuzzCloudStack FuzzNetlinkReply (Fuzz/README.md).
#
# For each target: the inputs kept in Fuzz/regressions/<target>/ are run once first (each was a finding once);
# then the fuzzer runs on Fuzz/.corpus/<target>/ (its working corpus, kept between runs, not in git) seeded from
# the fixtures (scripts/fuzz-seeds.py into Fuzz/.seeds/, with a dictionary of the seeds' words, plus real
# netlink replies captured in a throwaway network namespace when run as root). Crashes, timeouts and out-of-memory inputs go to
# Fuzz/findings/<target>/. One line per target is appended to Fuzz/executions.tsv (date, target, seconds run,
# executions, commit, result: ok, ok-tolerating, interrupted, regression-fails or finding), and the totals over the whole
# ledger are printed at the end (findings counts the runs that were not ok).
#
# Exits 1 when any target had a finding (or a regression input fails again), 2 on a usage or build error.
#
# Speed (Fuzz/README.md): timed runs leave out the per-input leak check and AddressSanitizer's allocation stacks,
# which cost nine tenths of the time; the regression inputs are still replayed with the leak check.
#
# Environment: FUZZ_RSS_LIMIT_MB (default 2048), FUZZ_TIMEOUT (seconds per input, default 10),
# FUZZ_DETECT_LEAKS=1 to check for leaks after every input, FUZZ_FULL_REPORTS=1 for AddressSanitizer's defaults,
# FUZZ_LEDGER=0 to not append to the ledger, SWIFT (default swift), VRC_FUZZ_TOLERATE='TEXT|TEXT' to let
# property violations whose message contains TEXT pass (open findings already reported; the ledger then says
# ok-tolerating).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FUZZ="$ROOT/Fuzz"
SWIFT="${SWIFT:-swift}"
ALL_TARGETS=(FuzzRouterDocument FuzzIptablesSave FuzzIpsetSave FuzzCloudStack FuzzNetlinkReply)
RSS_LIMIT_MB="${FUZZ_RSS_LIMIT_MB:-2048}"
INPUT_TIMEOUT="${FUZZ_TIMEOUT:-10}"
LEDGER="$FUZZ/executions.tsv"
INTERRUPTED=72 # libFuzzer's exit status after SIGINT
# Optimised (about 4 times the executions of a debug build; Swift keeps its bounds and overflow checks), with
# testability kept for FuzzNetlinkReply's `@testable import NFTables`.
BUILD_FLAGS=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing)

SECONDS_PER_TARGET="${1:-180}"
if [[ ! "$SECONDS_PER_TARGET" =~ ^[0-9]+$ ]] || [ "$SECONDS_PER_TARGET" -lt 1 ]; then
    echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2
    exit 2
fi
shift $(($# > 0 ? 1 : 0))
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL_TARGETS[@]}")
for target in "${TARGETS[@]}"; do
    if [[ ! " ${ALL_TARGETS[*]} " == *" $target "* ]]; then
        echo "fuzz: unknown target $target (known: ${ALL_TARGETS[*]})" >&2
        exit 2
    fi
done

# The Swift runtime's own crash handler would race libFuzzer's and AddressSanitizer's reports.
export SWIFT_BACKTRACE=enable=no
# LeakSanitizer cannot follow the references of Swift's lazily initialised globals (see Fuzz/lsan.supp).
export LSAN_OPTIONS="suppressions=$FUZZ/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
DETECT_LEAKS="${FUZZ_DETECT_LEAKS:-0}"
if [ "${FUZZ_FULL_REPORTS:-0}" != 1 ]; then
    export ASAN_OPTIONS="malloc_context_size=0:quarantine_size_mb=16${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
fi

echo "fuzz: building Fuzz/ (release, -sanitize=fuzzer,address)"
build_log="$(mktemp)"
trap 'rm -f "$build_log"' EXIT
if ! (cd "$FUZZ" && "$SWIFT" build "${BUILD_FLAGS[@]}") >"$build_log" 2>&1; then
    # gold warns about every AddressSanitizer helper symbol; only the rest is worth reading.
    grep -v "Cannot export local symbol" "$build_log" | tail -40 >&2
    echo "fuzz: build failed" >&2
    exit 2
fi
BIN="$(cd "$FUZZ" && "$SWIFT" build "${BUILD_FLAGS[@]}" --show-bin-path)"

echo "fuzz: preparing seeds"
python3 "$ROOT/scripts/fuzz-seeds.py" "$FUZZ/.seeds" "${TARGETS[@]}" || exit 2

# Fresh netlink replies: the fixture rulesets applied in a namespace of our own and read back.
if [[ " ${TARGETS[*]} " == *" FuzzNetlinkReply "* ]] && [ "$(id -u)" -eq 0 ] && command -v ip >/dev/null; then
    seed_ns="vrcfuzz-seed-$$"
    if ip netns add "$seed_ns" 2>/dev/null; then
        VRC_FUZZ_NETLINK_SEEDS="$FUZZ/.seeds/FuzzNetlinkReply" VRC_FUZZ_NETLINK_RULESETS="$ROOT/fixtures/rulesets" \
            VRC_FUZZ_NETLINK_NETNS="$seed_ns" "$BIN/FuzzNetlinkReply" 2>&1 | grep -v '^INFO' | tail -3
        ip netns delete "$seed_ns"
    fi
fi

commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
[ -f "$LEDGER" ] || printf 'date\ttarget\tseconds\texecutions\tcommit\tresult\n' >"$LEDGER"
failed=()

for target in "${TARGETS[@]}"; do
    corpus="$FUZZ/.corpus/$target"
    findings="$FUZZ/findings/$target"
    regressions="$FUZZ/regressions/$target"
    # Named after this run, so that two runs of one target can share its corpus.
    log="$FUZZ/findings/$target.$$.log"
    regression_log="$FUZZ/findings/$target.$$.regressions.log"
    regression_failed=0
    mkdir -p "$corpus" "$findings"

    if compgen -G "$regressions/*" >/dev/null; then
        echo "fuzz: $target: running the $(ls "$regressions" | wc -l) regression inputs"
        if ! "$BIN/$target" -rss_limit_mb="$RSS_LIMIT_MB" -timeout="$INPUT_TIMEOUT" \
            -artifact_prefix="$findings/" "$regressions"/* >"$regression_log" 2>&1; then
            grep -E "^Running:|Fatal error|ERROR: |SUMMARY" "$regression_log" | tail -6
            echo "fuzz: $target: a regression input fails again (log: ${regression_log#"$ROOT"/})" >&2
            failed+=("$target")
            regression_failed=1
        fi
    fi

    echo "fuzz: $target: ${SECONDS_PER_TARGET}s"
    before="$(find "$findings" -type f | wc -l)"
    started=$SECONDS
    dictionary=()
    [ -f "$FUZZ/.seeds/$target.dict" ] && dictionary=(-dict="$FUZZ/.seeds/$target.dict")
    "$BIN/$target" -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb="$RSS_LIMIT_MB" -timeout="$INPUT_TIMEOUT" \
        -detect_leaks="$DETECT_LEAKS" -print_final_stats=1 -artifact_prefix="$findings/" "${dictionary[@]}" \
        "$corpus" "$FUZZ/.seeds/$target" >"$log" 2>&1
    status=$?
    elapsed=$((SECONDS - started))
    after="$(find "$findings" -type f | wc -l)"
    executions="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    if [ -z "$executions" ]; then
        # Stopped by a finding: libFuzzer prints no final stats, its last status line has the count.
        executions="$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')"
    fi
    executions="${executions:-0}"
    result=ok
    [ -n "${VRC_FUZZ_TOLERATE:-}" ] && result=ok-tolerating
    [ "$regression_failed" -eq 1 ] && result=regression-fails
    if [ "$status" -eq "$INTERRUPTED" ] && [ "$after" -eq "$before" ]; then
        # Stopped by SIGINT sent to the fuzzer alone (to end a long run early): its executions count.
        result=interrupted
    elif [ "$status" -ne 0 ] || [ "$after" -gt "$before" ]; then
        result=finding
        [[ " ${failed[*]} " == *" $target "* ]] || failed+=("$target")
        grep -E "Fatal error|ERROR: |SUMMARY|artifact_prefix|Test unit written" "$log" | head -10
        echo "fuzz: $target: FINDING (exit $status; log: ${log#"$ROOT"/}; inputs in ${findings#"$ROOT"/}/)" >&2
    fi
    echo "fuzz: $target: $executions executions, corpus $(ls "$corpus" | wc -l) inputs, $result"
    if [ "${FUZZ_LEDGER:-1}" != 0 ]; then
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$target" "$elapsed" \
            "$executions" "$commit" "$result" >>"$LEDGER"
    fi
done

echo
echo "Executions across the ledger (Fuzz/executions.tsv; goal: 10,000,000 per target, no open finding):"
awk -F'\t' 'NR > 1 {
        runs[$2]++; secs[$2] += $3; execs[$2] += $4; if ($6 != "ok" && $6 != "ok-tolerating" && $6 != "interrupted") found[$2]++
    }
    END {
        printf "%-20s %6s %10s %14s %9s\n", "target", "runs", "seconds", "executions", "findings"
        for (t in runs) printf "%-20s %6d %10d %14d %9d\n", t, runs[t], secs[t], execs[t], found[t]
    }' "$LEDGER"

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: findings in: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz: no findings"
