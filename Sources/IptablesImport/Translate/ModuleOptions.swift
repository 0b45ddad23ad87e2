/// The options of one extension, each taken once; any left over make the rule untranslatable.
internal struct ModuleOptions {
    let module: ParsedModule
    private var taken: Set<String> = []

    init(_ module: ParsedModule) {
        self.module = module
    }

    /// The option, marked as handled.
    mutating func take(_ name: String) -> ParsedOption? {
        guard let option = module.options.first(where: { $0.name == name }) else { return nil }
        taken.insert(name)
        return option
    }

    /// Whether the option was given, without taking it.
    func has(_ name: String) -> Bool {
        module.options.contains { $0.name == name }
    }

    /// Fails on the first option nothing took.
    func finish() throws(UntranslatableRule) {
        if let left = module.options.first(where: { !taken.contains($0.name) }) {
            throw UntranslatableRule(
                argumentIndex: left.index, reason: "option --\(left.name) of \(module.name) is not translated")
        }
    }

    /// An error about an option's (first) value.
    func invalid(_ option: ParsedOption, _ reason: String) -> UntranslatableRule {
        UntranslatableRule(argumentIndex: option.index + 1, reason: "--\(option.name): \(reason)")
    }

    /// An error about the extension as a whole.
    func unsupported(_ reason: String) -> UntranslatableRule {
        UntranslatableRule(argumentIndex: module.index, reason: "\(module.name): \(reason)")
    }
}
