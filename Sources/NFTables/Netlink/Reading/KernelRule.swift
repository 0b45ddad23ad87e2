import CNetfilter

/// A rule as the kernel describes it in a `NFT_MSG_NEWRULE` dump message.
internal struct KernelRule {
    var table: String
    var chain: String
    var handle: UInt64?
    var comment: String?
    var expressions: [KernelExpression]

    static func parse(_ message: NetlinkMessage) throws(NFTablesError) -> KernelRule {
        try message.check(NFT_MSG_NEWRULE, what: "rule")
        let attributes = try NetlinkAttributeSet(message: message, context: "rule")
        guard let table = attributes.string(NFTA_RULE_TABLE.rawValue),
            let chain = attributes.string(NFTA_RULE_CHAIN.rawValue)
        else { throw .malformedReply("rule: the message has no table or chain") }
        let handle = try attributes.uint64(NFTA_RULE_HANDLE.rawValue)
        var expressions: [KernelExpression] = []
        for expression in try attributes.list(NFTA_RULE_EXPRESSIONS.rawValue) {
            guard let name = expression.string(NFTA_EXPR_NAME.rawValue) else {
                throw .malformedReply(
                    "rule \(handle.map(String.init) ?? "?") of chain \(chain): an expression without a name")
            }
            let data = try expression.nested(NFTA_EXPR_DATA.rawValue)
            expressions.append(try KernelExpression.parse(name: name, attributes: data))
        }
        return KernelRule(
            table: table,
            chain: chain,
            handle: handle,
            comment: UserdataReader(attributes.bytes(NFTA_RULE_USERDATA.rawValue) ?? []).string(Userdata.RuleType.comment.rawValue),
            expressions: expressions
        )
    }
}
