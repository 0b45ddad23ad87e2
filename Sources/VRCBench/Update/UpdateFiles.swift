import Foundation
import NFTables

/// The files of one update: the old document, the reload texts and the per-rule script.
internal struct UpdateFiles {
    let oldDocument: String
    let linearReload: String
    let compiledReload: String
    let iptablesScript: String
    let iptablesCalls: Int

    init(old: BenchWorkload, new: BenchWorkload) throws(BenchError) {
        let directory = new.directory
        oldDocument = old.documentPath
        linearReload = directory.appendingPathComponent("reload-linear.nft").path
        compiledReload = directory.appendingPathComponent("reload-compiled.nft").path
        iptablesScript = directory.appendingPathComponent("change.sh").path
        let calls = IptablesChangeScript.calls(from: old.dump.text, to: new.dump.text)
        iptablesCalls = calls.count
        do {
            try Data(("flush ruleset\n" + new.linear.nftText()).utf8).write(to: URL(fileURLWithPath: linearReload))
            try Data(("flush ruleset\n" + new.compiled.nftText()).utf8).write(to: URL(fileURLWithPath: compiledReload))
            try Data(("#!/bin/sh\nset -e\n" + calls.joined(separator: "\n") + "\n").utf8)
                .write(to: URL(fileURLWithPath: iptablesScript))
        } catch {
            throw BenchError("cannot write the update files into \(directory.path): \(error.localizedDescription)")
        }
    }
}
