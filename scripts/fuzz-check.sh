#!/usr/bin/env bash
# The property behind the fuzz targets, checked against the real kernel: an input vrc accepts compiles to a
# batch the kernel accepts, and an input vrc rejects says where the problem is.
#
#   scripts/fuzz-check.sh [VRC] [SAMPLE]      VRC default .build/debug/vrc, SAMPLE default 50 per corpus
#
# Takes SAMPLE inputs at random from each of the FuzzRouterDocument, FuzzIptablesSave and FuzzCloudStack
# corpora in Fuzz/.corpus/ (filled by scripts/fuzz.sh) and runs, in a network namespace made for the run and
# deleted afterwards:
#
#   vrc apply DOC --check --netns NS
#   vrc import-iptables DUMP --apply --check --skip-untranslatable [--optimize] [--ip6] [--ipset SETS] --netns NS
#   vrc import-cloudstack bag0.json bag1.json ... --apply --check --allow-partial --netns NS
#
# (a dump input that holds a NUL byte is split there into the dump and its ipset file, as FuzzIptablesSave
# reads it; --ip6 when the dump says ip6tables; --optimize on every other input; a CloudStack input is split
# at its NUL bytes into files as FuzzCloudStack does). Exit status 0 is an accepted input the kernel accepted;
# 2 is a rejected one, whose message must name a place (FILE:LINE:COLUMN, "line L, column C" or a JSON path
# `$...`; for CloudStack also the databag file that is missing); 1 (the kernel refused what vrc accepted), a
# rejection without a place, or anything else (a crash, a timeout) is a finding. Findings are copied to
# Fuzz/findings/check-<target>/ with vrc's output.
#
# Exits 1 when there is any finding, 2 on a usage or setup error. Needs root (network namespaces).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VRC="${1:-$ROOT/.build/debug/vrc}"
SAMPLE="${2:-50}"
if [ ! -x "$VRC" ]; then
    echo "fuzz-check: no vrc at $VRC (build it, or give its path)" >&2
    exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "fuzz-check: needs root for its network namespace" >&2
    exit 2
fi

NS="vrcfuzz-check-$$"
WORK="$(mktemp -d)"
cleanup() {
    ip netns delete "$NS" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ip netns add "$NS" || exit 2

accepted=0
rejected=0
findings=0
# A place: FILE:LINE:COLUMN, "line L, column C" (malformed JSON), or a JSON path ($, $.a, $[1], $.a[2].b) followed by ':'.
# A ruleset in vrc's JSON coding (which `vrc apply` also takes, told apart by its keys) is placed by its coding
# path ("at tables[0].chains[1]: ", "at the top level: ") or, when it does not validate, by the object
# ("invalid ruleset: table inet t, chain c, rule 3, ...").
PLACE='(:[0-9]+:[0-9]+)|(line [0-9]+, column [0-9]+)|([$][]A-Za-z0-9_."[-]*:)'
PLACE+='|(: at (the top level|[A-Za-z_][]A-Za-z0-9_.[]*): )|(invalid ruleset: table )'
# A CloudStack import may also be refused for a databag that is missing: its place is the file it names.
CLOUDSTACK_PLACE="$PLACE|(^vrc: [^ :]+\.json: )"

finding() {
    local target="$1" input="$2" why="$3" output="$4"
    local folder="$ROOT/Fuzz/findings/check-$target"
    mkdir -p "$folder"
    cp "$input" "$folder/"
    printf '%s\n%s\n' "$why" "$output" >"$folder/$(basename "$input").txt"
    echo "fuzz-check: $target: FINDING $(basename "$input"): $why" >&2
    echo "$output" | head -5 | sed 's/^/    /' >&2
    findings=$((findings + 1))
}

# Judges one run: the exit status and the output of vrc for an input.
judge() {
    local target="$1" input="$2" status="$3" output="$4" place="${5:-$PLACE}"
    case "$status" in
    0) accepted=$((accepted + 1)) ;;
    2)
        rejected=$((rejected + 1))
        if ! grep -Eq "$place" <<<"$output"; then
            finding "$target" "$input" "rejected (exit 2) without naming a place" "$output"
        fi
        ;;
    1) finding "$target" "$input" "vrc accepted the input but the kernel refused it (exit 1)" "$output" ;;
    124) finding "$target" "$input" "vrc did not finish within 60 seconds" "$output" ;;
    *) finding "$target" "$input" "vrc ended with status $status" "$output" ;;
    esac
}

sample() {
    local folder="$ROOT/Fuzz/.corpus/$1"
    [ -d "$folder" ] || return 0
    find "$folder" -maxdepth 1 -type f | shuf -n "$SAMPLE"
}

checked=0
while IFS= read -r input; do
    [ -n "$input" ] || continue
    cp "$input" "$WORK/document.json"
    output="$(timeout 60 "$VRC" apply "$WORK/document.json" --check --netns "$NS" 2>&1)"
    judge FuzzRouterDocument "$input" $? "$output"
    checked=$((checked + 1))
done < <(sample FuzzRouterDocument)
echo "fuzz-check: FuzzRouterDocument: $checked inputs"

checked=0
while IFS= read -r input; do
    [ -n "$input" ] || continue
    arguments=(--apply --check --skip-untranslatable --netns "$NS")
    if [ "$(tr -d -c '\000' <"$input" | wc -c)" -gt 0 ]; then
        python3 -c 'import sys
data = open(sys.argv[1], "rb").read()
dump, _, sets = data.partition(b"\0")
open(sys.argv[2], "wb").write(dump)
open(sys.argv[3], "wb").write(sets)' "$input" "$WORK/dump.rules" "$WORK/sets.txt"
        arguments+=(--ipset "$WORK/sets.txt")
    else
        cp "$input" "$WORK/dump.rules"
    fi
    grep -aq ip6tables "$WORK/dump.rules" && arguments+=(--ip6)
    [ $((checked % 2)) -eq 0 ] && arguments+=(--optimize)
    output="$(timeout 60 "$VRC" import-iptables "$WORK/dump.rules" "${arguments[@]}" 2>&1)"
    judge FuzzIptablesSave "$input" $? "$output"
    checked=$((checked + 1))
done < <(sample FuzzIptablesSave)
echo "fuzz-check: FuzzIptablesSave: $checked inputs"

checked=0
while IFS= read -r input; do
    [ -n "$input" ] || continue
    rm -rf "$WORK/bags" && mkdir "$WORK/bags"
    python3 -c 'import sys
for index, part in enumerate(open(sys.argv[1], "rb").read().split(b"\0")):
    open("%s/bag%d.json" % (sys.argv[2], index), "wb").write(part)' "$input" "$WORK/bags"
    files=()
    for index in $(seq 0 $(($(ls "$WORK/bags" | wc -l) - 1))); do files+=("$WORK/bags/bag$index.json"); done
    output="$(timeout 60 "$VRC" import-cloudstack "${files[@]}" --apply --check --allow-partial --netns "$NS" 2>&1)"
    judge FuzzCloudStack "$input" $? "$output" "$CLOUDSTACK_PLACE"
    checked=$((checked + 1))
done < <(sample FuzzCloudStack)
echo "fuzz-check: FuzzCloudStack: $checked inputs"

echo "fuzz-check: $accepted accepted and applied with --check, $rejected rejected with a place, $findings findings"
[ "$findings" -eq 0 ] || exit 1
