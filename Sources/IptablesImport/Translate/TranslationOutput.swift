import NFTables

/// What a rule's translation has produced so far.
internal struct TranslationOutput {
    var statements: [Statement] = []
    var comment: String?
    /// `-p` was left to the protocol's own match, which has written nothing yet.
    var needsProtocol = false
}
