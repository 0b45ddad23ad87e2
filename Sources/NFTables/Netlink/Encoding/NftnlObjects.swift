import CNetfilter

/// Owns a libnftnl rule and frees it.
internal final class NftnlRule {
    let pointer: OpaquePointer

    init() {
        pointer = nftnl_rule_alloc()
    }

    deinit { nftnl_rule_free(pointer) }
}

/// Owns a libnftnl set (a set header, or a batch of elements of one set) and frees it.
internal final class NftnlSet {
    let pointer: OpaquePointer

    init() {
        pointer = nftnl_set_alloc()
    }

    deinit { nftnl_set_free(pointer) }
}

/// Owns a libnftnl table and frees it.
internal final class NftnlTable {
    let pointer: OpaquePointer

    init() {
        pointer = nftnl_table_alloc()
    }

    deinit { nftnl_table_free(pointer) }
}

/// Owns a libnftnl chain and frees it.
internal final class NftnlChain {
    let pointer: OpaquePointer

    init() {
        pointer = nftnl_chain_alloc()
    }

    deinit { nftnl_chain_free(pointer) }
}
