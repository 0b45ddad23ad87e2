import ImportDumps
import IptablesImport
import SuiteSupport

/// The inputs of the import suite, made once per size.
enum ImportFixtures {
    /// The generated dump's bytes.
    static let dumps = SizeCache { size in Array(DumpGenerator(rules: size).dump().utf8) }

    /// The dump parsed.
    static let parsed = SizeCache { size -> Result<SaveDump, IptablesImportError> in
        Result { () throws(IptablesImportError) in
            try SaveDumpParser(file: "cloud-router-\(size).rules").parse(dumps[size])
        }
    }
}
