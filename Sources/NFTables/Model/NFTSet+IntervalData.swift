extension NFTSet {
    /// Whether the map's data are intervals (`type ipv4_addr : interval ipv4_addr`), each stored as its two
    /// ends. nft must be told so in the declaration and the kernel set is laid out for it, so the renderer
    /// and the encoder both decide by this.
    var hasIntervalData: Bool { SetElement.haveIntervalData(elements) }
}

extension SetElement {
    /// Whether the data of a map with these elements are intervals: the case when any element maps to a
    /// range or a prefix. The other elements' single values are then intervals of one value.
    static func haveIntervalData(_ elements: [SetElement]) -> Bool {
        elements.contains { $0.value?.isInterval == true }
    }
}
