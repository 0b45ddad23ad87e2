#!/usr/bin/env bash
# The vrc demo: apply a fixture ruleset in a fresh network namespace, list it back, and show that
# `vrc flush` removes vrc's own tables only. Needs root; the namespace is deleted however the script ends.
#
#   scripts/demo.sh [RULESET.json]      (VRC=path/to/vrc overrides the binary)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vrc="${VRC:-$root/.build/debug/vrc}"
fixture="${1:-}"
if [ -z "$fixture" ]; then
    for candidate in router-ipv4-nat-gateway router-dual-stack-zones 01-basic-filter; do
        if [ -f "$root/fixtures/rulesets/$candidate.json" ]; then
            fixture="$root/fixtures/rulesets/$candidate.json"
            break
        fi
    done
fi
if [ -z "$fixture" ]; then
    # Fall back to the largest fixture: it shows the most.
    fixture="$(ls -S "$root"/fixtures/rulesets/*.json 2>/dev/null | head -n 1 || true)"
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "demo: needs root (it creates a network namespace)" >&2
    exit 2
fi
if [ ! -x "$vrc" ]; then
    echo "demo: no vrc binary at $vrc (run make build)" >&2
    exit 2
fi
if [ -z "$fixture" ] || [ ! -f "$fixture" ]; then
    echo "demo: no ruleset fixture found in $root/fixtures/rulesets" >&2
    exit 2
fi

namespace="vrc-demo-$$-$RANDOM"
cleanup() {
    ip netns delete "$namespace" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Shows a command, then runs it.
step() {
    printf '\n$ %s\n' "$*"
    "$@"
}

ip netns add "$namespace"
ip -n "$namespace" link set lo up
echo "demo: fresh network namespace $namespace; ruleset ${fixture#"$root"/}"

step "$vrc" version
step "$vrc" apply "$fixture" --netns "$namespace" --timings
step "$vrc" list --netns "$namespace"

echo
echo "# Another tool's table, made with nft, must survive vrc flush:"
step ip netns exec "$namespace" nft add table inet other_tool
step ip netns exec "$namespace" nft add chain inet other_tool keep '{ type filter hook input priority 10; }'
step "$vrc" flush --netns "$namespace"
step ip netns exec "$namespace" nft list tables

left="$(ip netns exec "$namespace" nft list tables)"
if [ "$left" != "table inet other_tool" ]; then
    echo "demo: FAILED: after vrc flush the namespace should hold only table inet other_tool, it holds: $left" >&2
    exit 1
fi
echo
echo "demo: ok (vrc's tables removed, the nft-made table untouched); namespace $namespace deleted on exit"
