#!/usr/bin/env bash
# The router demo: compile fixtures/models/vpc.json, apply it in a router namespace between a public host and
# two guest networks, and show real connections passing and failing as the document says. Needs root; every
# namespace is deleted however the script ends. Only documentation and private test prefixes, inside namespaces
# made here, with no link to the namespace the script started in.
#
#   scripts/router-demo.sh      (VRC=path/to/vrc overrides the binary)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vrc="${VRC:-$root/.build/debug/vrc}"
model="$root/fixtures/models/vpc.json"
if [ "$(id -u)" -ne 0 ]; then echo "router demo: needs root (it creates network namespaces)" >&2; exit 2; fi
if [ ! -x "$vrc" ]; then echo "router demo: no vrc binary at $vrc (run make build)" >&2; exit 2; fi

tag="$$-$RANDOM"
router="vrc-demo-r-$tag"; public="vrc-demo-p-$tag"; web="vrc-demo-w-$tag"; app="vrc-demo-a-$tag"
work="$(mktemp -d)"
cleanup() {
    for ns in "$router" "$public" "$web" "$app"; do
        ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
        ip netns delete "$ns" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

in_ns() { local ns="$1"; shift; ip netns exec "$ns" "$@"; }

# A veth pair from the router (named as the document names the interface) to a host namespace.
link() {
    local host="$1" router_end="$2" host_address="$3" gateway="$4"
    ip link add "$router_end" netns "$router" type veth peer name eth0 netns "$host"
    in_ns "$host" ip link set lo up
    in_ns "$host" ip link set eth0 up
    for address in $host_address; do in_ns "$host" ip address add "$address" dev eth0; done
    [ -n "$gateway" ] && in_ns "$host" ip route add default via "$gateway"
    in_ns "$router" ip link set "$router_end" up
}

for ns in "$router" "$public" "$web" "$app"; do ip netns add "$ns"; done
in_ns "$router" ip link set lo up
in_ns "$router" sysctl -qw net.ipv4.ip_forward=1
# The public host has no route to the guest prefixes: only NAT'd traffic can come back.
link "$public" eth1 "198.51.100.1/24" ""
link "$web" eth2 "10.1.1.20/24 10.1.1.21/24" "10.1.1.1"
link "$app" eth3 "10.1.2.20/24" "10.1.2.1"
for address in 198.51.100.10/24 198.51.100.11/24 198.51.100.12/24; do
    in_ns "$router" ip address add "$address" dev eth1
done
in_ns "$router" ip address add 10.1.1.1/24 dev eth2
in_ns "$router" ip address add 10.1.2.1/24 dev eth3

echo "# The document: $(basename "$model")"
"$vrc" describe "$model"
printf '\n$ vrc apply %s --netns %s --timings\n' "$(basename "$model")" "$router"
"$vrc" apply "$model" --netns "$router" --timings

# A TCP server on each host that logs the source address of every connection it accepts.
server() {
    local ns="$1" log="$2"; shift 2
    in_ns "$ns" python3 -u -c '
import socket, sys, threading
def serve(port):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port)); s.listen(16)
    while True:
        c, peer = s.accept(); print(port, peer[0], flush=True); c.close()
for p in sys.argv[1:]:
    threading.Thread(target=serve, args=(int(p),), daemon=True).start()
threading.Event().wait()' "$@" >"$log" 2>&1 &
}
server "$web" "$work/web" 80 22
server "$app" "$work/app" 8080 9999
server "$public" "$work/public" 9000 25
sleep 0.5

failures=0
# flow EXPECT FROM-NS SOURCE DESTINATION PORT LOG-NS-FILE WHAT
flow() {
    local expect="$1" ns="$2" source="$3" destination="$4" port="$5" log="$6" what="$7"
    local before after result seen=""
    before=$(wc -l <"$log")
    if in_ns "$ns" python3 -c '
import socket, sys
s = socket.socket(); s.settimeout(1); s.bind((sys.argv[1], 0)); s.connect((sys.argv[2], int(sys.argv[3])))' \
        "$source" "$destination" "$port" 2>/dev/null; then result=pass; else result=fail; fi
    sleep 0.1
    after=$(wc -l <"$log")
    [ "$after" -gt "$before" ] && seen=" (the server saw $(tail -n 1 "$log" | cut -d' ' -f2))"
    local verdict=ok
    [ "$result" = "$expect" ] || { verdict=UNEXPECTED; failures=$((failures + 1)); }
    printf '%-4s %-6s %-48s %s%s\n' "$verdict" "$result" "$what" "$source -> $destination:$port" "$seen"
}

echo
echo "# Real connections (TCP connect, 1 s timeout), expected outcome from the document:"
flow pass "$public" 198.51.100.1 198.51.100.10 8080 "$work/web" "port forward 8080 -> 10.1.1.20:80, ACL allows 80"
flow fail "$public" 198.51.100.1 198.51.100.11 22 "$work/web" "static NAT to 10.1.1.21, ACL: 22 only from 203.0.113.0/24"
flow pass "$public" 198.51.100.1 198.51.100.11 80 "$work/web" "static NAT to 10.1.1.21, ACL allows 80"
flow pass "$web" 10.1.1.20 198.51.100.1 9000 "$work/public" "web egress, leaves as source NAT 198.51.100.10"
flow pass "$web" 10.1.1.21 198.51.100.1 9000 "$work/public" "static NAT private address leaves as 198.51.100.11"
flow fail "$web" 10.1.1.20 198.51.100.1 25 "$work/public" "web egress ACL denies tcp 25"
flow pass "$web" 10.1.1.20 10.1.2.20 8080 "$work/app" "web -> app 8080: app ingress allows 8080-8089"
flow fail "$web" 10.1.1.20 10.1.2.20 9999 "$work/app" "web -> app 9999: app ingress default deny"
flow fail "$public" 198.51.100.1 10.1.2.20 8080 "$work/app" "routed (not NAT'd) public -> guest is dropped"

echo
if [ "$failures" -ne 0 ]; then
    echo "router demo: $failures flows did not behave as the document says" >&2
    exit 1
fi
echo "router demo: every flow behaved as the document says; namespaces deleted on exit"
