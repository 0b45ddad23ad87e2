/// The small python3 programs the topology runs inside its namespaces (`ip netns exec NAME python3 -c ...`).
///
/// Python rather than Swift sockets because each runs inside another namespace as its own process, which the
/// test can start, kill and read back without entering namespaces from its own threads.
internal enum PythonScripts {
    /// The interpreter: the system one, which starts faster than a version manager's shim.
    static let interpreter = "/usr/bin/python3"

    /// Listens on every `{"kind": "tcp"|"udp"|"raw", "family": 4|6, "port": N}` of `argv[1]` (for `raw`, `port`
    /// is the IP protocol), prints `READY`, then one JSON line per connection or datagram:
    /// `{"kind", "local", "port", "peer", "id"}` where `id` is the probe id a datagram carries.
    ///
    /// A TCP connection and a UDP datagram are answered with `PEER LOCAL PORT`, so the client learns what the far
    /// side saw (the address NAT left it) without reading this log. UDP replies leave from the address the
    /// datagram came to (IP_PKTINFO), so that conntrack recognises them as replies.
    static let server = #"""
        import json, os, select, socket, struct, sys, time
        out = sys.stdout
        IP_PKTINFO = getattr(socket, "IP_PKTINFO", 8)
        def log(kind, local, port, peer, ident):
            out.write(json.dumps({"kind": kind, "local": local, "port": port, "peer": peer, "id": ident}) + "\n")
            out.flush()
        socks = {}
        for spec in json.loads(sys.argv[1]):
            six = spec["family"] == 6
            fam = socket.AF_INET6 if six else socket.AF_INET
            if spec["kind"] == "raw":
                s = socket.socket(fam, socket.SOCK_RAW, spec["port"])
            else:
                s = socket.socket(fam, socket.SOCK_STREAM if spec["kind"] == "tcp" else socket.SOCK_DGRAM)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if six:
                    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                if spec["kind"] == "udp":
                    if six:
                        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVPKTINFO, 1)
                    else:
                        s.setsockopt(socket.IPPROTO_IP, IP_PKTINFO, 1)
                s.bind(("::" if six else "0.0.0.0", spec["port"]))
                if spec["kind"] == "tcp":
                    s.listen(256)
            s.setblocking(False)
            socks[s.fileno()] = (s, spec)
        out.write("READY\n")
        out.flush()
        poller = select.poll()
        for fd in socks:
            poller.register(fd, select.POLLIN)
        # The test stops the listener; should the test process die first, it ends itself (orphaned, or after 5 min).
        parent, deadline = os.getppid(), time.monotonic() + 300
        while os.getppid() == parent and time.monotonic() < deadline:
            for fd, _ in poller.poll(500):
                s, spec = socks[fd]
                six = spec["family"] == 6
                try:
                    if spec["kind"] == "tcp":
                        conn, peer = s.accept()
                        local = conn.getsockname()[0]
                        conn.setblocking(True)
                        conn.settimeout(1)
                        try:
                            conn.sendall(("%s %s %d\n" % (peer[0], local, spec["port"])).encode())
                        except OSError:
                            pass
                        conn.close()
                        log("tcp", local, spec["port"], peer[0], None)
                    elif spec["kind"] == "udp":
                        data, anc, _, peer = s.recvmsg(2048, 256)
                        local = None
                        for level, typ, value in anc:
                            if six and typ == socket.IPV6_PKTINFO:
                                local = socket.inet_ntop(socket.AF_INET6, value[:16])
                            elif not six and typ == IP_PKTINFO:
                                local = socket.inet_ntop(socket.AF_INET, value[8:12])
                        log("udp", local, spec["port"], peer[0], data.decode(errors="replace"))
                        reply = ("%s %s %d\n" % (peer[0], local, spec["port"])).encode()
                        if six:
                            info = socket.inet_pton(socket.AF_INET6, local) + struct.pack("I", 0)
                            s.sendmsg([reply], [(socket.IPPROTO_IPV6, socket.IPV6_PKTINFO, info)], 0, peer)
                        else:
                            info = struct.pack("I", 0) + socket.inet_pton(socket.AF_INET, local) + bytes(4)
                            s.sendmsg([reply], [(socket.IPPROTO_IP, IP_PKTINFO, info)], 0, peer)
                    else:
                        data, peer = s.recvfrom(2048)
                        if six:
                            local, payload = None, data
                        else:
                            header = (data[0] & 15) * 4
                            local, payload = socket.inet_ntop(socket.AF_INET, data[16:20]), data[header:]
                        if spec["port"] == 6 and len(payload) >= 20:
                            payload = payload[(payload[12] >> 4) * 4:]
                        words = payload.decode(errors="replace").split()
                        ident = words[1] if len(words) > 1 and words[0] == "vrc" else None
                        log("raw", local, spec["port"], peer[0], ident)
                except OSError:
                    pass
        """#

    /// Runs every probe of `argv[1]` at once, one thread each, and prints one JSON object: probe id to the list
    /// of answers (one per attempt; `null` for no answer).
    ///
    /// A probe is `{"id", "kind": "tcp"|"udp"|"icmp"|"raw", "src": address or null, "dst", "port", "count"}`.
    /// tcp and udp answers are the server's `PEER LOCAL PORT` line; icmp answers `"reply"` to an echo reply;
    /// raw sends one packet of IP protocol `port` carrying the id and answers `"sent"`; tcpinvalid sends one IPv4
    /// TCP segment with SYN and FIN set (conntrack state invalid) to `port`, carrying the id, and answers `"sent"`.
    /// Each waits 1 s at most (an IPv6 TCP connection 2.5 s, to allow one SYN retransmission).
    static let client = #"""
        import json, os, select, socket, struct, sys, threading, time
        TIMEOUT = 1.0
        probes = json.loads(sys.argv[1])
        results = {}
        lock = threading.Lock()
        def family(address):
            return socket.AF_INET6 if ":" in address else socket.AF_INET
        def bound(s, p):
            if p.get("src"):
                s.bind((p["src"], 0))
        def tcp(p):
            s = socket.socket(family(p["dst"]), socket.SOCK_STREAM)
            # The first IPv6 connection across the router can lose its SYN while neighbour discovery runs; the
            # kernel resends it after 1 s, so IPv6 connections get one retransmission's worth of extra time.
            s.settimeout(TIMEOUT if family(p["dst"]) == socket.AF_INET else 2 * TIMEOUT + 0.5)
            try:
                bound(s, p)
                s.connect((p["dst"], p["port"]))
                data = b""
                while not data.endswith(b"\n"):
                    chunk = s.recv(256)
                    if not chunk:
                        break
                    data += chunk
                return data.decode().strip() or None
            except OSError:
                return None
            finally:
                s.close()
        def udp(p):
            s = socket.socket(family(p["dst"]), socket.SOCK_DGRAM)
            s.settimeout(TIMEOUT)
            try:
                bound(s, p)
                s.sendto(str(p["id"]).encode(), (p["dst"], p["port"]))
                return s.recv(256).decode().strip() or None
            except OSError:
                return None
            finally:
                s.close()
        def checksum(data):
            if len(data) % 2:
                data += b"\0"
            total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
            total = (total >> 16) + (total & 0xFFFF)
            total += total >> 16
            return ~total & 0xFFFF
        def icmp(p):
            six = ":" in p["dst"]
            s = socket.socket(family(p["dst"]), socket.SOCK_RAW, socket.IPPROTO_ICMPV6 if six else socket.IPPROTO_ICMP)
            try:
                bound(s, p)
                ident = (os.getpid() * 131 + p["id"] * 7919) & 0xFFFF
                body = b"vrc-probe-%d" % p["id"]
                packet = struct.pack("!BBHHH", 128 if six else 8, 0, 0, ident, 1) + body
                if not six:
                    packet = packet[:2] + struct.pack("!H", checksum(packet)) + packet[4:]
                s.sendto(packet, (p["dst"], 0))
                deadline = time.monotonic() + TIMEOUT
                while True:
                    left = deadline - time.monotonic()
                    if left <= 0 or not select.select([s], [], [], left)[0]:
                        return None
                    data = s.recv(2048)
                    if not six:
                        data = data[(data[0] & 15) * 4:]
                    if len(data) >= 8 and data[0] == (129 if six else 0) and struct.unpack("!H", data[4:6])[0] == ident:
                        return "reply"
            except OSError:
                return None
            finally:
                s.close()
        def raw(p):
            s = socket.socket(family(p["dst"]), socket.SOCK_RAW, p["port"])
            try:
                bound(s, p)
                s.sendto(tagged(p), (p["dst"], 0))
                return "sent"
            except OSError:
                return None
            finally:
                s.close()
        def tcpinvalid(p):
            # SYN and FIN together: conntrack's TCP tracker calls such a segment invalid. The probe id rides as data.
            s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
            try:
                body = tagged(p)
                sport = 40000 + p["id"] % 20000
                header = struct.pack("!HHIIBBHHH", sport, p["port"], 1000, 0, 5 << 4, 0x03, 1024, 0, 0)
                pseudo = socket.inet_aton(p["src"]) + socket.inet_aton(p["dst"])
                pseudo += struct.pack("!BBH", 0, 6, 20 + len(body))
                header = header[:16] + struct.pack("!H", checksum(pseudo + header + body)) + header[18:]
                s.bind((p["src"], 0))
                s.sendto(header + body, (p["dst"], 0))
                return "sent"
            except OSError:
                return None
            finally:
                s.close()
        def tagged(p):
            # At least 16 bytes, as real ESP or VRRP headers are, so that rules reading header fields see them.
            return ("vrc %d " % p["id"]).ljust(16).encode()
        def run(p):
            answers = [globals()[p["kind"]](p) for _ in range(p.get("count", 1))]
            with lock:
                results[str(p["id"])] = answers
        threads = [threading.Thread(target=run, args=(p,)) for p in probes]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(json.dumps(results))
        """#
}
