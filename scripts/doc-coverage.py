#!/usr/bin/env python3
"""Fails when a public symbol of the given modules has no doc comment.

Usage: doc-coverage.py SYMBOL_GRAPH_DIR MODULE... [--show-exempt]

Reads the symbol graphs the Swift compiler wrote (`-emit-symbol-graph`, public symbols only) for each
module (`MODULE.symbols.json` and its extension graphs `MODULE@OTHER.symbols.json`) and prints one line per
public or open declaration without a `///` comment, as `path:line: Type.member (kind): no doc comment`.
Exits 1 when there is any, 0 otherwise.

Not counted, because the documentation a reader needs is already somewhere else:
- symbols without a source location: the compiler made them (the synthesized `==`, `hash(into:)`,
  `hashValue`, `init(rawValue:)`, `rawValue`, `init(from:)`, `encode(to:)`, `allCases`), or they come from
  a protocol extension in another module (inherited defaults such as `!=`, `description` defaults);
- members written in the module that implement a requirement of a standard-library protocol the type
  conforms to (`encode(to:)` for Encodable, `init(from:)` for Decodable, `<` for Comparable, `==` for
  Equatable, `hash(into:)`, `description` for CustomStringConvertible, ...): DocC shows them under the
  protocol's name with the protocol's own documentation, and their meaning is the protocol's.
Everything else counts, enum cases and stored properties included: CONVENTIONS.md asks for a comment on
every public declaration. `--show-exempt` lists what was left out and why.
"""

import glob
import json
import os
import sys

# Standard-library protocols and the requirements that a conforming type implements without new meaning.
PROTOCOL_REQUIREMENTS = {
    "Swift.Equatable": {"==(_:_:)"},
    "Swift.Hashable": {"hash(into:)", "hashValue", "==(_:_:)"},
    "Swift.Comparable": {"<(_:_:)", "<=(_:_:)", ">(_:_:)", ">=(_:_:)"},
    "Swift.Encodable": {"encode(to:)"},
    "Swift.Decodable": {"init(from:)"},
    "Swift.Codable": {"encode(to:)", "init(from:)"},
    "Swift.CustomStringConvertible": {"description"},
    "Swift.CustomDebugStringConvertible": {"debugDescription"},
    "Swift.LosslessStringConvertible": {"init(_:)", "description"},
    "Swift.RawRepresentable": {"init(rawValue:)", "rawValue"},
    "Swift.CaseIterable": {"allCases"},
    "Swift.Identifiable": {"id"},
    "Swift.Sequence": {"makeIterator()"},
    "Swift.IteratorProtocol": {"next()"},
    "Swift.Error": set(),
    "Foundation.LocalizedError": {"errorDescription", "failureReason", "recoverySuggestion", "helpAnchor"},
}

PUBLIC_LEVELS = {"public", "open"}


def load(directory, module):
    """The symbols of `module` and its extension graphs, with each member's parent and the parents' protocols."""
    paths = [os.path.join(directory, f"{module}.symbols.json")]
    paths += sorted(glob.glob(os.path.join(directory, f"{module}@*.symbols.json")))
    symbols, parent_of, conformances = {}, {}, {}
    found = False
    for path in paths:
        if not os.path.exists(path):
            continue
        found = True
        with open(path, encoding="utf-8") as handle:
            graph = json.load(handle)
        for symbol in graph.get("symbols", []):
            symbols[symbol["identifier"]["precise"]] = symbol
        for relation in graph.get("relationships", []):
            kind = relation.get("kind")
            if kind == "memberOf":
                parent_of[relation["source"]] = relation["target"]
            elif kind == "conformsTo":
                target = relation.get("targetFallback") or relation["target"]
                conformances.setdefault(relation["source"], set()).add(target)
    if not found:
        sys.exit(f"doc-coverage: no symbol graph for module {module} in {directory}")
    return symbols, parent_of, conformances


def exemption(symbol, parent_of, conformances):
    """Why `symbol` needs no comment of its own, or None when it does."""
    if "location" not in symbol:
        return "made by the compiler or inherited from another module"
    name = symbol["pathComponents"][-1]
    parent = parent_of.get(symbol["identifier"]["precise"])
    for protocol in sorted(conformances.get(parent, ())):
        if name in PROTOCOL_REQUIREMENTS.get(protocol, ()):
            return f"implements {protocol}.{name}"
    return None


def main(arguments):
    show_exempt = "--show-exempt" in arguments
    arguments = [argument for argument in arguments if argument != "--show-exempt"]
    if len(arguments) < 2:
        sys.exit(__doc__.strip().splitlines()[2])
    directory, modules = arguments[0], arguments[1:]
    root = os.getcwd() + os.sep
    missing, exempt, counted = [], [], 0
    for module in modules:
        symbols, parent_of, conformances = load(directory, module)
        for symbol in symbols.values():
            if symbol.get("accessLevel") not in PUBLIC_LEVELS:
                continue
            if symbol.get("docComment", {}).get("lines"):
                counted += 1
                continue
            title = ".".join(symbol["pathComponents"])
            kind = symbol["kind"]["displayName"].lower()
            reason = exemption(symbol, parent_of, conformances)
            if reason:
                exempt.append(f"{module}: {title} ({kind}): {reason}")
                continue
            counted += 1
            location = symbol["location"]
            path = location["uri"].removeprefix("file://").removeprefix(root)
            line = location["position"]["line"] + 1
            missing.append((path, line, f"{path}:{line}: {title} ({kind}): no doc comment"))
    for _, _, message in sorted(missing):
        print(message)
    if show_exempt:
        for message in sorted(exempt):
            print(f"exempt: {message}")
    summary = (
        f"doc-coverage: {counted - len(missing)} of {counted} public symbols of {', '.join(modules)} documented"
        f" ({len(exempt)} protocol implementations and compiler-made members not counted)"
    )
    if missing:
        print(f"{summary}; {len(missing)} without a doc comment", file=sys.stderr)
        return 1
    print(summary, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
