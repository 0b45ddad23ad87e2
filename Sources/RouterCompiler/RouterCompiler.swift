import NFTables
import RouterModel

/// Compiles a router document (MODEL.md) into one `inet` nftables table that vrc owns, holding IPv4 and IPv6
/// together.
///
/// The compiler has no branch on the router's legacy kind: each part of the document compiles on its own terms.
/// The table follows the pattern of kube-proxy's nftables mode: a fixed skeleton of chains dispatches through
/// named sets, maps and verdict maps, so that port forwards, static NATs, firewall entries and load balancers are
/// set elements, and the number of rules does not grow with them. ACLs compile to one lookup per run of
/// same-action entries.
///
/// ```swift
/// let document = try RouterDocument.decode(from: data, source: "r-1042.json")
/// let ruleset = RouterCompiler().compile(document)
/// try ruleset.apply(to: .named("router"))
/// ```
///
/// The same document always compiles to the same ruleset, element for element and in the same order, whatever
/// the order of its JSON keys or of its lists of forwards, NATs, balancers and firewall entries.
///
/// What each part becomes:
/// - `prerouting` (nat, -100): flows arriving on a public interface are translated by `port_forwards4/6`
///   (port by port: `ip daddr . meta l4proto . th dport` to `address . port`), `port_forward_ranges4/6` (forwards
///   that keep the port number, one interval element each), `static_nat4/6` (`ip daddr` to an address) and
///   `load_balancers4/6`, which goes to `lb_pick_N` for balancers with N backends (`numgen random mod N` into a
///   verdict map) and on to `lb_backend_i`, translating by the map of every balancer's i-th backend.
/// - `input` (filter, policy drop): established and related accepted, invalid dropped, loopback, ICMPv6 neighbour
///   discovery, ICMP echo from guests, `guest_services` (DHCP, DNS per guest interface), metadata (tcp 80 to the
///   router's own addresses on the network, `metadata4/6`), VRRP on `vrrp_interfaces`, ssh on 3922 from control
///   interfaces, IPsec to the VPN address (`ipsec4/6`), and from public interfaces whatever the `firewall` chain
///   allows.
/// - `forward` (filter, policy drop): established and related accepted, invalid dropped, then the source's gate
///   (`forward_from`: `public_gate` for public interfaces, the egress ACL chain for guest networks with an ACL),
///   the target's gate (`forward_to`: the ingress ACL chain) and the allowed interface pairs (`forward_paths`).
/// - `public_gate`: only flows that destination NAT translated; then the firewall, by the flow's original
///   destination and port (`ct original ip daddr`, `ct original proto-dst`), unless the document has no firewall
///   list (`ungated4/6` then holds every public address).
/// - `postrouting` (nat, 100): to public interfaces, `static_nat_out4/6` then `source_nat4/6` (guest prefixes to
///   their network's source NAT address).
/// - `acl_<network>_ingress` / `acl_<network>_egress`: the ACL runs as interval-set lookups, then the default.
///   Ingress ACLs judge the packet as it enters the network, after destination NAT (so the translated port).
///
/// Choices worth knowing:
/// - The public gate reads the original destination from conntrack (`ct original ip daddr`,
///   `ct original proto-dst`) in `forward` and `input`, rather than marking packets in `prerouting`: no packet or
///   connection mark is used, so none can clash with another tool's. nft reads `ct original proto-dst` in a
///   concatenation only after the transport protocol is pinned down, hence `meta l4proto { tcp, udp }` before it.
/// - Load balancers: the modulus of `numgen` is part of the expression and nft cannot put `numgen` in a named
///   map's key, so one rule per balancer would be the direct form. Instead rules depend only on the distinct
///   backend counts: `lb_pick_N` per count N, and `lb_backend_i` with its maps per backend index. `numgen
///   random` spreads evenly in expectation; `numgen inc` would be shared by all balancers of a count and could
///   send every flow of one balancer to the same backend when flows interleave.
/// - ACL and firewall entries go to one of three key shapes (ports, protocols, ICMP type and code), because
///   `th dport` cannot stand for ICMP types or for protocols without ports. Overlapping entries are cut into
///   disjoint elements (the kernel refuses overlapping elements in a concatenated interval set), canonically, so
///   a small change of a list changes few elements.
/// - Port forwards that keep the port number are one interval element each (`port_forward_ranges4/6`, mapping
///   to an address only); others are one element per port.
/// - Per-family sets and rules exist for the families the router has addresses in.
public struct RouterCompiler: Sendable {
    /// The name of the table the compiler writes (in the `inet` family).
    public var tableName: String

    /// Creates a compiler writing the table `inet <tableName>`.
    public init(tableName: String = "vrc") {
        self.tableName = tableName
    }

    /// The ruleset for `document`: one `inet` table named `tableName`.
    ///
    /// The document is expected to be valid (as `RouterDocument.decode(from:source:)` returns it); the ruleset of a
    /// valid document passes `Ruleset.validate()`.
    public func compile(_ document: RouterDocument) -> Ruleset {
        var compilation = RouterCompilation(document)
        return Ruleset(tables: [compilation.compile(tableName: tableName)])
    }

    /// The operations that turn the table `old` compiles to into the one `new` compiles to, touching as little as
    /// possible: the same plan as ``plan(from:to:fullReplace:)-swift.type.method`` of the two compiled rulesets.
    ///
    /// When the documents differ only in port forwards, static NATs or load balancers (and no load balancer change
    /// adds or removes a chain), the plan comes from the entries that changed, compiled on their own: its cost then
    /// grows with the change and not with the router, so adding one port forward to a router with 100,000 of them
    /// costs about what it costs on a router with 10. When they differ only in the entries or defaults of some
    /// networks' ACLs, only those ACLs are compiled. Otherwise both documents are compiled and compared.
    ///
    /// ```swift
    /// let plan = compiler.plan(from: running, to: edited)
    /// var transaction = Transaction(namespace: .named("router"))
    /// plan.fill(&transaction)
    /// try transaction.commit()
    /// ```
    ///
    /// The plan is right for a kernel that holds what `old` compiles to; the transaction it fills refuses to add an
    /// element that is already there or delete one that is not, so a kernel in another state applies nothing.
    public func plan(from old: RouterDocument, to new: RouterDocument, fullReplace: Bool = false) -> UpdatePlan {
        if fullReplace {
            return Self.plan(from: Ruleset(tables: []), to: compile(new), fullReplace: true)
        }
        if let plan = DocumentPlanner.elementPlan(from: old, to: new, tableName: tableName)
            ?? DocumentPlanner.aclPlan(from: old, to: new, tableName: tableName)
        {
            return plan
        }
        return Self.plan(from: compile(old), to: compile(new))
    }

    /// The operations that turn the tables of `old` (as read back from the kernel, or as last applied) into those
    /// of `new`, touching as little as possible.
    ///
    /// Elements are added and deleted where only elements changed; a chain whose rules changed is flushed and
    /// filled again; a set whose declaration changed is deleted and created again; a table is replaced whole only
    /// when `fullReplace` is set, when it is missing from `old`, or when its skeleton changed (its comment, a base
    /// chain's hook, priority or policy, or a chain's comment). Only the tables of `new` are planned; a table of
    /// `old` that `new` lacks is left alone.
    ///
    /// ```swift
    /// let plan = RouterCompiler.plan(from: compiler.compile(before), to: compiler.compile(after))
    /// print(plan)  // add element inet vrc port_forwards4 { 198.51.100.10 . 6 . 8081 : 10.1.1.21 . 80 }
    /// var transaction = Transaction(namespace: .named("router"))
    /// plan.fill(&transaction)
    /// try transaction.commit()
    /// ```
    ///
    /// Element differences are found by hashing, so the cost of a plan grows with the size of the sets but not
    /// with their square, and the operations with the size of the change only.
    public static func plan(from old: Ruleset, to new: Ruleset, fullReplace: Bool = false) -> UpdatePlan {
        RulesetPlanner.plan(from: old, to: new, fullReplace: fullReplace)
    }
}
