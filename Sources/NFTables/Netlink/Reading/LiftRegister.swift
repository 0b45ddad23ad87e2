/// What a register holds while the expressions of a rule are lifted.
internal enum LiftRegister {
    /// Something read from the packet or its metadata, not yet compared.
    case selector(Selector)
    /// A constant from an `immediate` expression.
    case constant([UInt8])
    /// Part `index` (counted in 4-byte registers) of the data a map lookup returned.
    case mapData(MapLookup, index: Int)

    /// A value read from the packet: a header load, or a model expression (meta, ct, numgen, jhash).
    struct Selector {
        var source: Source
        /// Whether the register now holds network byte order (payloads, or after `byteorder hton`).
        var bigEndian: Bool
        /// The mask of a `bitwise` applied to it, if any.
        var mask: [UInt8]?
        /// The xor of that `bitwise`, kept only when a `meta set` or `ct set` writes the result.
        var xor: [UInt8]?
        /// The byte order of ``mask``: a `byteorder` after the `bitwise` changes the register, not the mask.
        var maskBigEndian = false
        /// How far a `bitwise >>` shifted the value down after the mask (`ip dscp` before a named set).
        var shiftedRight = 0

        enum Source {
            case payload(PayloadLoad)
            case expression(Expression, ValueLayout)
            /// A key vrc's model has no selector for but that nft uses as a dependency (`meta iiftype`,
            /// `meta protocol`), with its length and byte order.
            case hiddenMeta(key: UInt32, layout: ValueLayout)
        }
    }

    /// A `payload load`, with the header it was decided to read.
    struct PayloadLoad {
        var header: PayloadHeader
        var offset: Int
        var length: Int
        /// Whether reading this header consumed a dependency match (then a match on this load, such as
        /// `ip protocol` in an inet table, must stay: it is not itself a dependency that nft re-adds).
        var consumedDependency: Bool
    }

    /// A lookup in a map, whose data a later `nat` uses.
    struct MapLookup {
        var key: Expression
        var map: MapSource
        var set: KernelSet
        var dataParts: [ValueLayout]
    }
}
