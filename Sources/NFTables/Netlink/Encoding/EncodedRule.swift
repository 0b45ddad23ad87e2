/// A rule lowered to libnftnl, with the anonymous sets it refers to.
internal struct EncodedRule {
    /// The rule.
    var rule: NftnlRule
    /// Anonymous sets the rule refers to; each must be added (NFT_MSG_NEWSET + NEWSETELEM) before the rule.
    var anonymousSets: [EncodedSet]
}
