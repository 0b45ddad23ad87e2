/// One rule's arguments sorted the way iptables reads them: the built-in matches, the extension matches
/// in the order they were loaded with their options, and the target with its options.
internal struct ParsedRule {
    /// A built-in option with one value (`-s 192.0.2.0/24`), possibly negated.
    struct Builtin {
        var value: String
        var inverted: Bool
        /// The index of the option itself (`-s`).
        var index: Int
    }

    var proto: Builtin?
    var source: Builtin?
    var destination: Builtin?
    var inInterface: Builtin?
    var outInterface: Builtin?
    /// `-f`: `value` is empty.
    var fragment: Builtin?
    /// Extension matches, in the order they were loaded (explicitly with `-m`, or implicitly by `-p`).
    var matches: [ParsedModule] = []
    /// `-j NAME` and its options.
    var target: ParsedModule?
    /// `-g CHAIN`.
    var gotoChain: Builtin?
}

/// An extension (match or target) and the options given to it.
internal struct ParsedModule {
    var name: String
    /// The index of the module's name argument (after `-m` or `-j`); for an implicit match, of its first option.
    var index: Int
    var options: [ParsedOption] = []
}

/// One option of an extension: `! --dport 80:88`, `--tcp-flags SYN,ACK SYN`, `--syn`.
internal struct ParsedOption {
    /// The option's canonical name, without dashes (`dport` for `--destination-port`).
    var name: String
    var values: [String]
    var inverted: Bool
    /// The index of the option argument.
    var index: Int
}
