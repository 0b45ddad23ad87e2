#!/usr/bin/env python3
"""Differential traffic test of an iptables-save dump: real packets through two identical topologies.

One topology holds the dump as iptables-legacy-restore loads it, the other what the second loader makes of it
(vrc import-iptables in the Swift test). The same generated probes (TCP connections, UDP datagrams, ICMP echoes
from several client namespaces to the addresses and ports the dump names) go through both, and what happened to
each probe is recorded: the client's outcome (answer, refused, unreachable, timeout) and which namespace received
it at which address from which source (the NAT'd addresses). Standard library only; needs root.

The topology of a dump is described by FIXTURE.topology.json beside it (see fixtures/iptables/README.md).

Subcommands (the Swift test DifferentialTrafficTests uses setup, plan and run; diff does everything for a person):

    iptables-diff.py setup TOPOLOGY --names '{"router": "ns1", "web": "ns2", ...}'
    iptables-diff.py plan DUMP TOPOLOGY                 -> JSON list of probes on stdout
    iptables-diff.py run TOPOLOGY PLAN --names JSON     -> JSON list of outcomes on stdout
    iptables-diff.py diff DUMP [--second legacy|translate|VRC-BINARY] [--import-option=--optimize] [--drop-rule N]
    iptables-diff.py serve / send                       (run inside a namespace by run)
"""

import argparse
import errno
import ipaddress
import json
import os
import random
import re
import resource
import selectors
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

SCRIPT = os.path.abspath(__file__)
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
IP_RECVERR = 11
IP_PKTINFO = getattr(socket, "IP_PKTINFO", 8)
CLIENT_TIMEOUT = 2.0


def sh(argv, stdin=None):
    """Runs a command (in the starting namespace unless it is `ip netns exec`), raising with its stderr."""
    result = subprocess.run(argv, input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("%s exited with %d: %s" % (" ".join(argv), result.returncode, result.stderr.strip()))
    return result.stdout


def in_ns(ns, argv, stdin=None):
    return sh(["ip", "netns", "exec", ns] + argv, stdin)


def bare(address):
    return address.split("/")[0]


# ---------------------------------------------------------------------------------------------------- topology


def load_topology(path):
    with open(path) as f:
        topology = json.load(f)
    topology.setdefault("router", {})
    for host in topology["hosts"]:
        host.setdefault("router_addresses", [])
        host.setdefault("routes", [])
        host.setdefault("router_routes", [])
        host.setdefault("neighbours", [])
        host.setdefault("client", True)
        host.setdefault("server", True)
    return topology


def roles(topology):
    return ["router"] + [host["name"] for host in topology["hosts"]]


def setup(topology, names):
    """Links, addresses, routes and sysctls of one topology, in namespaces that already exist."""
    router = names["router"]
    for role in roles(topology):
        ns = names[role]
        # Rejections must always answer: no ICMP rate limit. Ping sockets for root, for the echo probes.
        in_ns(ns, ["sysctl", "-qw", "net.ipv4.icmp_ratelimit=0", "net.ipv4.icmp_msgs_per_sec=1000000",
                   "net.ipv4.icmp_msgs_burst=1000000", "net.ipv4.ping_group_range=0 2147483647"])
        in_ns(ns, ["ip", "link", "set", "lo", "up"])
    in_ns(router, ["sysctl", "-qw", "net.ipv4.ip_forward=1"])
    for key, value in topology["router"].get("sysctls", {}).items():
        in_ns(router, ["sysctl", "-qw", "%s=%s" % (key, value)])
    for index, host in enumerate(topology["hosts"]):
        ns = names[host["name"]]
        router_mac = "02:76:72:%02x:00:01" % index
        host_mac = "02:76:72:%02x:00:02" % index
        link = host["link"]
        sh(["ip", "link", "add", link, "address", router_mac, "netns", router, "type", "veth",
            "peer", "name", "eth0", "address", host_mac, "netns", ns])
        for address in host["router_addresses"]:
            in_ns(router, ["ip", "address", "add", address, "dev", link])
        for address in host["addresses"]:
            in_ns(ns, ["ip", "address", "add", address, "dev", "eth0"])
        in_ns(router, ["ip", "link", "set", link, "up"])
        in_ns(ns, ["ip", "link", "set", "eth0", "up"])
        # Static neighbours: no ARP round trips, so the first packets of a burst are never lost.
        for address in host["addresses"]:
            in_ns(router, ["ip", "neigh", "replace", bare(address), "lladdr", host_mac, "dev", link,
                           "nud", "permanent"])
        for address in [bare(a) for a in host["router_addresses"]] + host["neighbours"]:
            in_ns(ns, ["ip", "neigh", "replace", address, "lladdr", router_mac, "dev", "eth0", "nud", "permanent"])
    for host in topology["hosts"]:
        for route in host["routes"]:
            in_ns(names[host["name"]], ["ip", "route", "add"] + route.split())
        for route in host["router_routes"]:
            in_ns(router, ["ip", "route", "add"] + route.split())
    # The router always has a default route (upstream hosts drop what is not theirs): the ICMP errors of failed
    # routing are rate limited by a global (not per namespace) limit, so they could come or not.
    default = topology["router"].get("default_route")
    in_ns(router, ["ip", "route", "add", "default"] + default.split() if default else ["blackhole", "default"])


def host_addresses(topology):
    """Role -> its addresses (without prefix length)."""
    result = {"router": []}
    for host in topology["hosts"]:
        result[host["name"]] = [bare(a) for a in host["addresses"]]
        result["router"] += [bare(a) for a in host["router_addresses"]]
    result["router"] += topology["router"].get("addresses", [])
    return result


# ---------------------------------------------------------------------------------------------------- plan


PORT_OPTION = re.compile(r"--(?:dport|sport|dports|sports|destination-ports?|source-ports?|to-ports)\s+(\S+)")
TO_DESTINATION = re.compile(r"--to-destination\s+(\S+)")
ADDRESS_OPTION = re.compile(r"(?:^|\s)(?:-d|--destination)\s+(\d+\.\d+\.\d+\.\d+)(?:/32)?(?=\s)")


def dump_ports_and_addresses(text):
    """The ports and addresses a dump's rules name, and the (address, port) pairs that one rule names together."""
    ports, addresses, pairs = set(), set(), set()
    for line in text.splitlines():
        if not line.startswith("-A") and not line.startswith("["):
            continue
        line_ports, line_addresses = set(), set()
        for value in PORT_OPTION.findall(line):
            for part in value.split(","):
                bounds = [int(p) for p in re.split("[:-]", part) if p.isdigit()]
                if len(bounds) == 1:
                    line_ports.add(bounds[0])
                elif len(bounds) == 2:
                    low, high = bounds
                    line_ports.update([low - 1, low, (low + high) // 2, high, high + 1])
        for value in TO_DESTINATION.findall(line):
            address, _, port = value.partition(":")
            line_addresses.add(address.split("-")[0])
            for bound in re.split("-", port):
                if bound.isdigit():
                    line_ports.add(int(bound))
        line_addresses.update(ADDRESS_OPTION.findall(line))
        line_ports = {p for p in line_ports if 0 < p < 65536}
        ports |= line_ports
        addresses |= line_addresses
        pairs |= {(a, p) for a in line_addresses for p in line_ports}
    return ports, addresses, pairs


def plan(dump_text, topology):
    """The probes for a dump: every client source to every destination, on the ports the dump names."""
    listed = host_addresses(topology)
    owner = {address: role for role, addresses in listed.items() for address in addresses}
    ports, mentioned, pairs = dump_ports_and_addresses(dump_text)
    ports |= set(topology.get("extra_ports", []))
    closed = set(topology.get("closed_ports", []))
    ports |= closed
    destinations = sorted(owner)
    for address in sorted(mentioned | set(topology.get("extra_destinations", []))):
        parsed = ipaddress.ip_address(address)
        if address in owner or parsed.is_multicast or parsed.is_loopback or parsed.is_unspecified or \
                parsed.is_reserved:
            continue
        destinations.append(address)
    sources = []
    for host in topology["hosts"]:
        if host["client"]:
            for address in host.get("sources", [bare(a) for a in host["addresses"]]):
                sources.append((host["name"], address))
    for address in topology["router"].get("sources", []):
        sources.append(("router", address))
    rng = random.Random(topology.get("seed", 4))
    flows, echoes = [], []
    for role, source in sources:
        for destination in destinations:
            if owner.get(destination) == role:
                continue
            echoes.append({"client": role, "proto": "icmp", "src": source, "dst": destination, "port": 0})
            for port in sorted(ports):
                for proto in ("tcp", "udp"):
                    flows.append({"client": role, "proto": proto, "src": source, "dst": destination, "port": port})
    # Every flow to an address and port that one rule names together, then a sample of the rest.
    focused = [f for f in flows if (f["dst"], f["port"]) in pairs]
    rest = [f for f in flows if (f["dst"], f["port"]) not in pairs]
    limit = topology.get("max_flows", 1500)
    if len(focused) + len(rest) > limit:
        flows = focused + rng.sample(rest, max(0, limit - len(focused)))
    # A flow to a service whose endpoint is picked at random goes several times, so that every endpoint gets some.
    repeated = []
    for flow in flows:
        group = balanced_group(topology, flow)
        repeated += [dict(flow) for _ in range(group.get("repeat", 1) if group else 1)]
    probes = echoes + repeated
    probes.sort(key=lambda p: (p["client"], p["src"], p["dst"], p["proto"], p["port"]))
    for index, probe in enumerate(probes):
        probe["id"] = index + 1
    return {"probes": probes, "listen": sorted(ports - closed)}


# ---------------------------------------------------------------------------------------------------- serve


def serve(label, ports, output):
    out = open(output, "w", buffering=1)

    def log(proto, local, port, peer, ident):
        out.write(json.dumps({"host": label, "proto": proto, "local": local, "port": port, "peer": peer,
                              "id": ident}) + "\n")

    selector = selectors.DefaultSelector()
    for port in ports:
        for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
            s = socket.socket(socket.AF_INET, kind)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if kind == socket.SOCK_DGRAM:
                s.setsockopt(socket.IPPROTO_IP, IP_PKTINFO, 1)
            s.bind(("0.0.0.0", port))
            if kind == socket.SOCK_STREAM:
                s.listen(4096)
            s.setblocking(False)
            selector.register(s, selectors.EVENT_READ, ("listen" if kind == socket.SOCK_STREAM else "udp", port))
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    raw.setblocking(False)
    selector.register(raw, selectors.EVENT_READ, ("icmp", 0))
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    # The end of standard input (the parent closed its pipe, or died) stops the server too.
    selector.register(sys.stdin, selectors.EVENT_READ, ("stdin", 0))
    out.write(json.dumps({"ready": label}) + "\n")
    deadline = time.monotonic() + 120  # should the test die, the server ends by itself
    while not stop and time.monotonic() < deadline:
        for key, _ in selector.select(0.2):
            s, (kind, port) = key.fileobj, key.data
            try:
                if kind == "stdin":
                    if not os.read(sys.stdin.fileno(), 256):
                        stop.append(True)
                        selector.unregister(sys.stdin)
                elif kind == "listen":
                    conn, _ = s.accept()
                    conn.setblocking(False)
                    selector.register(conn, selectors.EVENT_READ, ("conn", port))
                elif kind == "conn":
                    data = s.recv(64)
                    local, peer = s.getsockname()[0], s.getpeername()[0]
                    ident = data.decode(errors="replace").strip() if data else None
                    log("tcp", local, port, peer, int(ident) if ident and ident.isdigit() else None)
                    try:
                        s.send(("%s %s %s\n" % (label, local, peer)).encode())
                    except OSError:
                        pass
                    selector.unregister(s)
                    s.close()
                elif kind == "udp":
                    data, ancillary, _, peer = s.recvmsg(256, 256)
                    local = None
                    for level, kind_, value in ancillary:
                        if level == socket.IPPROTO_IP and kind_ == IP_PKTINFO:
                            local = socket.inet_ntoa(value[8:12])
                    ident = data.decode(errors="replace").strip()
                    log("udp", local, port, peer[0], int(ident) if ident.isdigit() else None)
                    info = struct.pack("I", 0) + socket.inet_aton(local) + bytes(4)
                    s.sendmsg([("%s %s %s\n" % (label, local, peer[0])).encode()],
                              [(socket.IPPROTO_IP, IP_PKTINFO, info)], 0, peer)
                else:
                    data = s.recv(2048)
                    header = (data[0] & 15) * 4
                    icmp = data[header:]
                    if len(icmp) >= 8 and icmp[0] == 8 and icmp[8:17] == b"vrcprobe ":
                        ident = icmp[17:].decode(errors="replace").strip()
                        log("icmp", socket.inet_ntoa(data[16:20]), 0, socket.inet_ntoa(data[12:16]),
                            int(ident) if ident.isdigit() else None)
            except (OSError, ValueError):
                if kind == "conn":
                    selector.unregister(s)
                    s.close()
    out.close()


# ---------------------------------------------------------------------------------------------------- send


def send(probes_path, output, timeout):
    with open(probes_path) as f:
        probes = json.load(f)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    selector = selectors.DefaultSelector()
    results = {}

    def finish(probe, sock, result, reply=None):
        results[probe["id"]] = {"result": result, "reply": reply}
        try:
            selector.unregister(sock)
        except (KeyError, ValueError):
            pass
        sock.close()

    for probe in probes:
        try:
            if probe["proto"] == "icmp":
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
                s.setsockopt(socket.IPPROTO_IP, IP_RECVERR, 1)
            else:
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if probe["proto"] == "tcp" else socket.SOCK_DGRAM)
            s.setblocking(False)
            s.bind((probe["src"], 0))
        except OSError as error:
            results[probe["id"]] = {"result": errno.errorcode.get(error.errno, str(error)), "reply": None}
            continue
        try:
            if probe["proto"] == "tcp":
                code = s.connect_ex((probe["dst"], probe["port"]))
                if code not in (0, errno.EINPROGRESS):
                    finish(probe, s, errno.errorcode.get(code, str(code)))
                    continue
                selector.register(s, selectors.EVENT_WRITE, (probe, "connecting"))
            elif probe["proto"] == "udp":
                s.connect((probe["dst"], probe["port"]))
                s.send(b"%d\n" % probe["id"])
                selector.register(s, selectors.EVENT_READ, (probe, "waiting"))
            else:
                s.connect((probe["dst"], 0))
                s.send(struct.pack("!BBHHH", 8, 0, 0, 0, 1) + b"vrcprobe %d" % probe["id"])
                selector.register(s, selectors.EVENT_READ, (probe, "waiting"))
        except OSError as error:
            finish(probe, s, errno.errorcode.get(error.errno, str(error)))
    deadline = time.monotonic() + timeout
    while selector.get_map() and time.monotonic() < deadline:
        for key, events in selector.select(max(0.0, deadline - time.monotonic())):
            s, (probe, state) = key.fileobj, key.data
            try:
                if state == "connecting":
                    code = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                    if code:
                        finish(probe, s, errno.errorcode.get(code, str(code)))
                        continue
                    s.send(b"%d\n" % probe["id"])
                    selector.modify(s, selectors.EVENT_READ, (probe, "waiting"))
                elif probe["proto"] == "icmp":
                    data = s.recv(2048)
                    if data and data[0] == 0:
                        finish(probe, s, "ok", "echo-reply")
                    # anything else (another type) is ignored: keep waiting
                else:
                    data = s.recv(256)
                    if data:
                        finish(probe, s, "ok", data.decode(errors="replace").strip())
                    else:
                        finish(probe, s, "closed")
            except OSError as error:
                finish(probe, s, errno.errorcode.get(error.errno, str(error)))
    for key in list(selector.get_map().values()):
        finish(key.data[0], key.fileobj, "timeout")
    with open(output, "w") as f:
        json.dump(results, f)


# ---------------------------------------------------------------------------------------------------- run


def run(topology, probe_plan, names, timeout=CLIENT_TIMEOUT):
    """Starts the servers, sends every probe, stops the servers; one outcome per probe."""
    work = tempfile.mkdtemp(prefix="vrc-iptdiff-")
    servers = []
    try:
        for role in roles(topology):
            serves = topology["router"].get("server", True) if role == "router" else \
                next(h for h in topology["hosts"] if h["name"] == role)["server"]
            if not serves:
                continue
            log = os.path.join(work, "serve-%s.jsonl" % role)
            process = subprocess.Popen(
                ["ip", "netns", "exec", names[role], PYTHON, SCRIPT, "serve", role, json.dumps(probe_plan["listen"]),
                 log], stdin=subprocess.PIPE, stderr=subprocess.PIPE)
            servers.append((role, process, log))
        deadline = time.monotonic() + 20
        for role, process, log in servers:
            while True:
                if process.poll() is not None:
                    raise RuntimeError("server in %s ended: %s" % (role, process.stderr.read().decode()))
                if os.path.exists(log) and os.path.getsize(log) > 0:
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError("server in %s did not start" % role)
                time.sleep(0.02)
        clients = []
        by_client = {}
        for probe in probe_plan["probes"]:
            by_client.setdefault(probe["client"], []).append(probe)
        for role, probes in by_client.items():
            path = os.path.join(work, "probes-%s.json" % role)
            with open(path, "w") as f:
                json.dump(probes, f)
            output = os.path.join(work, "results-%s.json" % role)
            process = subprocess.Popen(
                ["ip", "netns", "exec", names[role], PYTHON, SCRIPT, "send", path, output, str(timeout)],
                stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
            clients.append((role, process, output))
        results = {}
        for role, process, output in clients:
            _, error = process.communicate(timeout=60)
            if process.returncode != 0:
                raise RuntimeError("client in %s failed: %s" % (role, error.decode()))
            with open(output) as f:
                results.update({int(k): v for k, v in json.load(f).items()})
        time.sleep(0.1)
    finally:
        for _, process, _ in servers:
            process.stdin.close()
        for _, process, _ in servers:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    seen = {}
    for _, _, log in servers:
        with open(log) as f:
            for line in f:
                entry = json.loads(line)
                if "ready" in entry or entry["id"] is None:
                    continue
                ident = entry.pop("id")
                seen.setdefault(ident, []).append(entry)
    for name in os.listdir(work):
        os.unlink(os.path.join(work, name))
    os.rmdir(work)
    outcomes = []
    for probe in probe_plan["probes"]:
        result = results.get(probe["id"], {"result": "missing", "reply": None})
        outcomes.append(dict(probe, result=result["result"], reply=result["reply"],
                             seen=sorted(seen.get(probe["id"], []), key=lambda e: json.dumps(e, sort_keys=True))))
    return outcomes


# ---------------------------------------------------------------------------------------------------- compare


def balanced_group(topology, probe):
    for group in topology.get("balanced", []):
        if "%s:%d" % (probe["dst"], probe["port"]) in group["services"] and probe["proto"] in group.get(
                "protocols", ["tcp", "udp"]):
            return group
    return None


def compare(topology, first, second):
    """Differences between two outcome lists; a balanced probe may reach any endpoint of its group."""
    differences = []
    for a, b in zip(first, second):
        group = balanced_group(topology, a)
        key_a = (a["result"], a["seen"])
        key_b = (b["result"], b["seen"])
        if group and key_a != key_b:
            hosts_a = {(e["host"], e["local"]) for e in a["seen"]}
            hosts_b = {(e["host"], e["local"]) for e in b["seen"]}
            endpoints = {tuple(e) for e in group["endpoints"]}
            if a["result"] == b["result"] and hosts_a != hosts_b and hosts_a <= endpoints and hosts_b <= endpoints \
                    and len(hosts_a) == len(hosts_b):
                continue
        if key_a != key_b:
            differences.append((a, b))
    return differences


def summary(outcomes):
    passed = sum(1 for o in outcomes if o["result"] == "ok")
    natted = sum(1 for o in outcomes if any(e["peer"] != o["src"] or e["local"] != o["dst"] for e in o["seen"]))
    return {"probes": len(outcomes), "passed": passed, "blocked": len(outcomes) - passed, "natted": natted}


# ---------------------------------------------------------------------------------------------------- diff


def diff(dump, second, drop_rule=None, keep=False, import_options=()):
    topology_path = re.sub(r"\.rules$", ".topology.json", dump)
    topology = load_topology(topology_path)
    with open(dump) as f:
        text = f.read()
    probe_plan = plan(text, topology)
    tag = "%d-%x" % (os.getpid(), random.getrandbits(24))
    sides = []
    try:
        for side in ("a", "b"):
            names = {}
            for index, role in enumerate(roles(topology)):
                name = "vrc-d-%s-%s%d" % (tag, side, index)
                sh(["ip", "netns", "add", name])
                names[role] = name
            sides.append(names)
            setup(topology, names)
        in_ns(sides[0]["router"], ["iptables-legacy-restore"], text)
        second_text = text
        if drop_rule is not None:
            lines = text.splitlines(keepends=True)
            print("dropping from the second side: %s" % lines[drop_rule - 1].strip(), file=sys.stderr)
            del lines[drop_rule - 1]
            second_text = "".join(lines)
        if second == "legacy":
            in_ns(sides[1]["router"], ["iptables-legacy-restore"], second_text)
        elif second == "translate":
            with tempfile.NamedTemporaryFile("w", suffix=".rules") as f:
                f.write(second_text)
                f.flush()
                nft = sh(["iptables-restore-translate", "-f", f.name])
            in_ns(sides[1]["router"], ["nft", "-f", "-"], nft)
        else:
            with tempfile.NamedTemporaryFile("w", suffix=".rules") as f:
                f.write(second_text)
                f.flush()
                command = [second, "import-iptables", f.name, "--apply", "--netns", sides[1]["router"]]
                command += list(import_options)
                strict = subprocess.run(command, capture_output=True, text=True)
                if strict.returncode != 0:
                    print("strict import refused, importing with --skip-untranslatable:\n%s" % strict.stderr,
                          file=sys.stderr)
                    sh(command + ["--skip-untranslatable"])
        started = time.monotonic()
        first = run(topology, probe_plan, sides[0])
        middle = time.monotonic()
        other = run(topology, probe_plan, sides[1])
        ended = time.monotonic()
        differences = compare(topology, first, other)
        for a, b in differences[:40]:
            print("DIFF %s %s:%s -> %s:%s  first=%s %s  second=%s %s" % (
                a["proto"], a["client"], a["src"], a["dst"], a["port"], a["result"], a["seen"], b["result"],
                b["seen"]))
        counts = summary(first)
        print("%s: %d probes (%d tcp, %d udp, %d icmp), passed %d, blocked %d, natted %d, identical %d, "
              "differences %d; %.1f s + %.1f s" % (
                  os.path.basename(dump), counts["probes"],
                  sum(p["proto"] == "tcp" for p in first), sum(p["proto"] == "udp" for p in first),
                  sum(p["proto"] == "icmp" for p in first), counts["passed"], counts["blocked"], counts["natted"],
                  len(first) - len(differences), len(differences), middle - started, ended - middle))
        results = {}
        for o in first:
            results[o["result"]] = results.get(o["result"], 0) + 1
        print("outcomes: %s" % results)
        if keep:
            with open("/tmp/iptdiff-%s.json" % os.path.basename(dump), "w") as f:
                json.dump({"first": first, "second": other}, f)
        return 1 if differences else 0
    finally:
        for names in sides:
            for name in names.values():
                subprocess.run(["ip", "netns", "delete", name], capture_output=True)


def main():
    # A test runner may start this with signals blocked, which its children would inherit: unblock them, so that
    # the servers stop on SIGTERM.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("setup")
    p.add_argument("topology")
    p.add_argument("--names", required=True)
    p = commands.add_parser("plan")
    p.add_argument("dump")
    p.add_argument("topology")
    p = commands.add_parser("run")
    p.add_argument("topology")
    p.add_argument("plan")
    p.add_argument("--names", required=True)
    p.add_argument("--timeout", type=float, default=CLIENT_TIMEOUT)
    p = commands.add_parser("serve")
    p.add_argument("label")
    p.add_argument("ports")
    p.add_argument("output")
    p = commands.add_parser("send")
    p.add_argument("probes")
    p.add_argument("output")
    p.add_argument("timeout", type=float)
    p = commands.add_parser("diff")
    p.add_argument("dump")
    p.add_argument("--second", default="legacy")
    p.add_argument("--drop-rule", type=int)
    p.add_argument("--keep", action="store_true", help="write both outcome lists to /tmp/iptdiff-DUMP.json")
    p.add_argument("--import-option", action="append", default=[], help="passed to vrc import-iptables")
    args = parser.parse_args()
    if args.command == "setup":
        setup(load_topology(args.topology), json.loads(args.names))
    elif args.command == "plan":
        with open(args.dump) as f:
            json.dump(plan(f.read(), load_topology(args.topology)), sys.stdout)
    elif args.command == "run":
        with open(args.plan) as f:
            probe_plan = json.load(f)
        json.dump(run(load_topology(args.topology), probe_plan, json.loads(args.names), args.timeout), sys.stdout)
    elif args.command == "serve":
        serve(args.label, json.loads(args.ports), args.output)
    elif args.command == "send":
        send(args.probes, args.output, args.timeout)
    else:
        sys.exit(diff(args.dump, args.second, args.drop_rule, args.keep, args.import_option))


if __name__ == "__main__":
    main()
