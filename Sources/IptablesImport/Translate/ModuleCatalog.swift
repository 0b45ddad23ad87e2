/// The match and target extensions the translator knows, with their options as iptables spells them.
///
/// An extension missing here, or an option missing from its entry, makes the rule untranslatable.
internal enum ModuleCatalog {
    static let ports: [(String, [String], Int, Bool)] = [
        ("sport", ["source-port"], 1, true), ("dport", ["destination-port"], 1, true),
    ]

    /// Match extensions.
    static let matches: [String: ModuleSpec] = [
        "tcp": ModuleSpec(
            ports + [("tcp-flags", [], 2, true), ("syn", [], 0, true), ("tcp-option", [], 1, true)]),
        "udp": ModuleSpec(ports),
        "sctp": ModuleSpec(ports + [("chunk-types", [], 2, true)]),
        "dccp": ModuleSpec(ports + [("dccp-types", [], 1, true), ("dccp-option", [], 1, true)]),
        "esp": ModuleSpec([("espspi", [], 1, true)]),
        "ipcomp": ModuleSpec([("ipcompspi", [], 1, true), ("compres", [], 0, false)]),
        "ah": ModuleSpec([("ahspi", [], 1, true), ("ahlen", [], 1, true), ("ahres", [], 0, false)]),
        "devgroup": ModuleSpec([("src-group", [], 1, true), ("dst-group", [], 1, true)]),
        "ecn": ModuleSpec([("ecn-tcp-cwr", [], 0, true), ("ecn-tcp-ece", [], 0, true), ("ecn-ip-ect", [], 1, true)]),
        "tcpmss": ModuleSpec([("mss", [], 1, true)]),
        "frag": ModuleSpec([
            ("fragid", [], 1, true), ("fraglen", [], 1, true), ("fragres", [], 0, false), ("fragfirst", [], 0, false),
            ("fragmore", [], 0, false), ("fraglast", [], 0, false),
        ]),
        "rt": ModuleSpec([
            ("rt-type", [], 1, true), ("rt-segsleft", [], 1, true), ("rt-len", [], 1, true), ("rt-0-res", [], 0, false),
            ("rt-0-addrs", [], 1, false), ("rt-0-not-strict", [], 0, false),
        ]),
        "realm": ModuleSpec([("realm", [], 1, true)]),
        "cpu": ModuleSpec([("cpu", [], 1, true)]),
        "cgroup": ModuleSpec([("cgroup", [], 1, true), ("path", [], 1, true)]),
        "icmp": ModuleSpec([("icmp-type", [], 1, true)]),
        "icmp6": ModuleSpec([("icmpv6-type", [], 1, true)]),
        "multiport": ModuleSpec([
            ("sports", ["source-ports"], 1, true), ("dports", ["destination-ports"], 1, true),
            ("ports", [], 1, true),
        ]),
        "state": ModuleSpec([("state", [], 1, true)]),
        "conntrack": ModuleSpec([
            ("ctstate", [], 1, true), ("ctproto", [], 1, true), ("ctorigsrc", [], 1, true),
            ("ctorigdst", [], 1, true), ("ctreplsrc", [], 1, true), ("ctrepldst", [], 1, true),
            ("ctorigsrcport", [], 1, true), ("ctorigdstport", [], 1, true), ("ctreplsrcport", [], 1, true),
            ("ctrepldstport", [], 1, true), ("ctstatus", [], 1, true), ("ctexpire", [], 1, true),
            ("ctdir", [], 1, false),
        ]),
        "comment": ModuleSpec([("comment", [], 1, false)]),
        "mark": ModuleSpec([("mark", [], 1, true)]),
        "connmark": ModuleSpec([("mark", [], 1, true)]),
        "iprange": ModuleSpec([("src-range", [], 1, true), ("dst-range", [], 1, true)]),
        "addrtype": ModuleSpec([
            ("src-type", [], 1, true), ("dst-type", [], 1, true), ("limit-iface-in", [], 0, false),
            ("limit-iface-out", [], 0, false),
        ]),
        "limit": ModuleSpec([("limit", [], 1, false), ("limit-burst", [], 1, false)]),
        "length": ModuleSpec([("length", [], 1, true)]),
        "connbytes": ModuleSpec([
            ("connbytes", [], 1, true), ("connbytes-dir", [], 1, false), ("connbytes-mode", [], 1, false),
        ]),
        "policy": ModuleSpec([
            ("dir", [], 1, false), ("pol", [], 1, false), ("strict", [], 0, false), ("reqid", [], 1, true),
            ("spi", [], 1, true), ("proto", [], 1, true), ("mode", [], 1, true), ("tunnel-src", [], 1, true),
            ("tunnel-dst", [], 1, true), ("next", [], 0, false),
        ]),
        "time": ModuleSpec([
            ("datestart", [], 1, false), ("datestop", [], 1, false), ("timestart", [], 1, false),
            ("timestop", [], 1, false), ("monthdays", [], 1, true), ("weekdays", [], 1, true),
            ("kerneltz", [], 0, false), ("localtz", [], 0, false), ("utc", [], 0, false), ("contiguous", [], 0, false),
        ]),
        "mac": ModuleSpec([("mac-source", [], 1, true)]),
        "pkttype": ModuleSpec([("pkt-type", [], 1, true)]),
        "owner": ModuleSpec([
            ("uid-owner", [], 1, true), ("gid-owner", [], 1, true), ("socket-exists", [], 0, true),
            ("suppl-groups", [], 0, false),
        ]),
        "set": ModuleSpec([
            ("match-set", ["set"], 2, true), ("return-nomatch", [], 0, false),
            ("update-counters", [], 0, true), ("update-subcounters", [], 0, true),
            ("packets-eq", [], 1, true), ("packets-lt", [], 1, false), ("packets-gt", [], 1, false),
            ("bytes-eq", [], 1, true), ("bytes-lt", [], 1, false), ("bytes-gt", [], 1, false),
        ]),
        "statistic": ModuleSpec([
            ("mode", [], 1, false), ("probability", [], 1, true), ("every", [], 1, true), ("packet", [], 1, false),
        ]),
        "tos": ModuleSpec([("tos", [], 1, true)]),
        "dscp": ModuleSpec([("dscp", [], 1, true), ("dscp-class", [], 1, true)]),
        "ttl": ModuleSpec([("ttl-eq", [], 1, true), ("ttl-lt", [], 1, false), ("ttl-gt", [], 1, false)]),
        "hl": ModuleSpec([("hl-eq", [], 1, true), ("hl-lt", [], 1, false), ("hl-gt", [], 1, false)]),
    ]

    /// Target extensions; a name missing here is a user chain, or untranslatable.
    static let targets: [String: ModuleSpec] = [
        "ACCEPT": ModuleSpec([]),
        "DROP": ModuleSpec([]),
        "RETURN": ModuleSpec([]),
        "REJECT": ModuleSpec([("reject-with", [], 1, false)]),
        "LOG": ModuleSpec([
            ("log-level", [], 1, false), ("log-prefix", [], 1, false), ("log-tcp-sequence", [], 0, false),
            ("log-tcp-options", [], 0, false), ("log-ip-options", [], 0, false), ("log-uid", [], 0, false),
            ("log-macdecode", [], 0, false),
        ]),
        "NFLOG": ModuleSpec([
            ("nflog-group", [], 1, false), ("nflog-prefix", [], 1, false), ("nflog-range", [], 1, false),
            ("nflog-size", [], 1, false), ("nflog-threshold", [], 1, false),
        ]),
        "DNAT": ModuleSpec([
            ("to-destination", ["to"], 1, false), ("random", [], 0, false), ("persistent", [], 0, false),
        ]),
        "SNAT": ModuleSpec([
            ("to-source", ["to"], 1, false), ("random", [], 0, false), ("random-fully", [], 0, false),
            ("persistent", [], 0, false),
        ]),
        "MASQUERADE": ModuleSpec([("to-ports", [], 1, false), ("random", [], 0, false), ("random-fully", [], 0, false)]
        ),
        "REDIRECT": ModuleSpec([("to-ports", [], 1, false), ("random", [], 0, false)]),
        "MARK": ModuleSpec([
            ("set-mark", [], 1, false), ("set-xmark", [], 1, false), ("and-mark", [], 1, false),
            ("or-mark", [], 1, false), ("xor-mark", [], 1, false),
        ]),
        "CONNMARK": ModuleSpec([
            ("set-mark", [], 1, false), ("set-xmark", [], 1, false), ("and-mark", [], 1, false),
            ("or-mark", [], 1, false), ("xor-mark", [], 1, false), ("save-mark", [], 0, false),
            ("restore-mark", [], 0, false), ("nfmask", [], 1, false), ("ctmask", [], 1, false),
            ("mask", [], 1, false), ("left-shift-mark", [], 1, false), ("right-shift-mark", [], 1, false),
        ]),
        "CT": ModuleSpec([
            ("notrack", [], 0, false), ("zone", [], 1, false), ("zone-orig", [], 1, false),
            ("zone-reply", [], 1, false), ("helper", [], 1, false), ("ctevents", [], 1, false),
            ("expevents", [], 1, false), ("timeout", [], 1, false),
        ]),
        "NOTRACK": ModuleSpec([]),
        "TEE": ModuleSpec([("gateway", [], 1, false), ("oif", [], 1, false)]),
        "TCPMSS": ModuleSpec([("set-mss", [], 1, false), ("clamp-mss-to-pmtu", [], 0, false)]),
        "DSCP": ModuleSpec([("set-dscp", [], 1, false), ("set-dscp-class", [], 1, false)]),
        "CHECKSUM": ModuleSpec([("checksum-fill", [], 0, false)]),
        "TRACE": ModuleSpec([]),
        "AUDIT": ModuleSpec([("type", [], 1, false)]),
        "CLASSIFY": ModuleSpec([("set-class", [], 1, false)]),
    ]
}
