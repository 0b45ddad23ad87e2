import Foundation
import NFTables
import RouterCompiler
import RouterModel
import SuiteSupport
import VRCBench

/// The inputs of the router suite, made once per size.
enum RouterFixtures {
    /// The generated document, as `vrc.router/v1` JSON.
    static let json = SizeCache { size in Data(RouterGenerator.cloudRouter(ruleEquivalents: size).json().utf8) }

    /// The document decoded.
    static let documents = SizeCache { size -> Result<RouterDocument, RouterModelError> in
        Result { () throws(RouterModelError) in
            try RouterDocument.decode(from: json[size], source: "cloud-router-\(size).json")
        }
    }

    /// The document compiled.
    static let rulesets = SizeCache { size -> Result<Ruleset, RouterModelError> in
        documents[size].map { RouterCompiler().compile($0) }
    }
}
