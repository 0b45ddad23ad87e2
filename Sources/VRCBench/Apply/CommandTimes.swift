/// The timing fields of `vrc apply --json` and of the `applied` member of `vrc import-iptables --apply --json`.
internal struct CommandTimes: Decodable {
    var parseMilliseconds: Double?
    var compileMilliseconds: Double?
    var encodeMilliseconds: Double
    var kernelMilliseconds: Double
}

/// `vrc import-iptables --apply --json`: the apply summary is one member.
internal struct ImportCommandOutput: Decodable {
    var applied: CommandTimes
}
