import Foundation
import RouterModel

extension RouterGenerator {
    /// A ``cloudRouter(size:)`` whose linear dump (``LinearRouterDump``) has about `size` rules: the sizes of
    /// `vrc bench` and of the benchmark suites count rule-equivalents.
    ///
    /// An entry is one to a few rules (an ACL entry one per CIDR, a static NAT two), so the entry count is
    /// scaled once by the ratio a first draft shows.
    public static func cloudRouter(ruleEquivalents size: Int) -> RouterGenerator {
        let draft = RouterGenerator.cloudRouter(size: size)
        guard
            let document = try? RouterDocument.decode(from: Data(draft.json().utf8), source: "draft"),
            case let rules = LinearRouterDump(document: document).ruleCount, rules > size
        else { return draft }
        return RouterGenerator.cloudRouter(size: max(1, Int((Double(size) * Double(size) / Double(rules)).rounded())))
    }
}
