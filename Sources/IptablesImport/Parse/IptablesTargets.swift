/// The targets of iptables 1.8 (the standard verdicts and the target extensions), by the name `-j` gives them.
///
/// A `-j`/`-g` argument that is neither a chain of its table nor one of these is a jump to a missing chain.
internal enum IptablesTargets {
    static let names: Set<String> = [
        "ACCEPT", "DROP", "RETURN", "QUEUE",
        "AUDIT", "CHECKSUM", "CLASSIFY", "CLUSTERIP", "CONNMARK", "CONNSECMARK", "CT", "DNAT", "DNPT", "DSCP",
        "ECN", "HL", "HMARK", "IDLETIMER", "LED", "LOG", "MARK", "MASQUERADE", "MIRROR", "NETMAP", "NFLOG",
        "NFQUEUE", "NOTRACK", "RATEEST", "REDIRECT", "REJECT", "SAME", "SECMARK", "SET", "SNAT", "SNPT",
        "SYNPROXY", "TCPMSS", "TCPOPTSTRIP", "TEE", "TOS", "TPROXY", "TRACE", "TTL", "ULOG",
    ]
}
