import Testing

@testable import NFTables
@testable import RouterCompiler

/// What `UpdatePlan.fill` hands a transaction: for element changes, the set's declaration with only the element
/// that decides its data layout, so that encoding does not look through the whole set.
@Suite("Filling a transaction from a plan")
struct PlanFillTests {
    static let id = TableID(family: .ip, name: "t")

    static func table(_ elements: [SetElement]) -> Table {
        Table(
            family: .ip, name: "t",
            sets: [NFTSet(name: "m", keyType: [.ipv4Addr], dataType: [.ipv4Addr], elements: elements)])
    }

    static func element(_ key: UInt32, _ value: Value) -> SetElement {
        SetElement(key: .address(.v4(key)), value: value)
    }

    /// The sets the transaction's element operations carry, with the number of elements they change.
    static func elementSets(_ transaction: Transaction) -> [(set: NFTSet, changed: Int)] {
        transaction.operations.compactMap { operation in
            switch operation {
            case .addElements(let elements, let set, _, _, _), .deleteElements(let elements, let set, _, _):
                return (set, elements.count)
            default:
                return nil
            }
        }
    }

    @Test("a map whose data are intervals keeps that layout, with one element instead of all of them")
    func intervalDataKept() throws {
        let many = (1...50).map { Self.element(0x0A00_0000 + $0, .address(.v4(0xC000_0200 + $0))) }
        let before = Self.table(many + [Self.element(0x0B00_0000, .prefix(.v4(0xC633_6400), 24))])
        let after = Self.table(Array(many.dropFirst()) + before.sets[0].elements.suffix(1) + [
            Self.element(0x0C00_0000, .address(.v4(0xCB00_7101)))
        ])
        #expect(before.sets[0].hasIntervalData && after.sets[0].hasIntervalData)
        let plan = RouterCompiler.plan(from: Ruleset(tables: [before]), to: Ruleset(tables: [after]))
        var transaction = Transaction()
        plan.fill(&transaction)
        let sets = Self.elementSets(transaction)
        #expect(sets.map(\.changed) == [1, 1], "\(plan)")
        for (set, _) in sets {
            #expect(set.hasIntervalData)
            #expect(set.elements.count == 1)
            #expect(RulesetPlanner.sameDeclaration(set, after.sets[0]))
        }
    }

    @Test("a map whose data are single values goes without elements")
    func plainDataWithoutElements() throws {
        let many = (1...50).map { Self.element(0x0A00_0000 + $0, .address(.v4(0xC000_0200 + $0))) }
        let after = Self.table(many + [Self.element(0x0C00_0000, .address(.v4(0xCB00_7101)))])
        let plan = RouterCompiler.plan(from: Ruleset(tables: [Self.table(many)]), to: Ruleset(tables: [after]))
        var transaction = Transaction()
        plan.fill(&transaction)
        let sets = Self.elementSets(transaction)
        #expect(sets.map(\.changed) == [1], "\(plan)")
        #expect(sets.allSatisfy { !$0.set.hasIntervalData && $0.set.elements.isEmpty })
    }

    @Test("a plan made by hand gives the transaction the whole set")
    func handMadePlanGivesWholeSet() throws {
        let table = Self.table([Self.element(1, .prefix(.v4(0xC633_6400), 24)), Self.element(2, .address(.v4(3)))])
        let plan = UpdatePlan(
            operations: [.addElements(Self.id, set: "m", elements: [Self.element(4, .address(.v4(5)))])],
            tables: [table])
        var transaction = Transaction()
        plan.fill(&transaction)
        #expect(Self.elementSets(transaction).map(\.set.elements.count) == [2])
    }
}
