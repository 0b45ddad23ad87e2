#!/usr/bin/env python3
"""Prints the README's three benchmark tables (Markdown) from the JSON that scripts/bench.sh writes into
docs/bench/: apply time by method and size, update time by method and change, packet rate by form and size.

    scripts/bench-tables.py [docs/bench]
"""
import json
import os
import sys

DIRECTORY = sys.argv[1] if len(sys.argv) > 1 else "docs/bench"

APPLY = [
    ("iptables-per-rule", "one `iptables-legacy` call per rule"),
    ("iptables-legacy-restore", "`iptables-legacy-restore`"),
    ("iptables-nft-restore", "`iptables-nft-restore`"),
    ("nft-linear", "`nft -f`, linear rules"),
    ("nft-vrc-text", "`nft -f`, vrc's compiled text"),
    ("vrc-linear", "`vrc import-iptables --apply` (linear)"),
    ("vrc-compiled", "**`vrc apply` (compiled)**"),
]
UPDATE = [
    ("iptables-calls", "the change as `iptables-legacy` calls"),
    ("iptables-legacy-restore", "full reload, `iptables-legacy-restore`"),
    ("iptables-nft-restore", "full reload, `iptables-nft-restore`"),
    ("nft-linear", "full reload, `nft -f` linear"),
    ("nft-vrc-text", "full reload, `nft -f` vrc's text"),
    ("vrc-linear", "full reload, `vrc import-iptables`"),
    ("vrc-compiled", "full reload, `vrc apply`"),
    ("vrc-diff", "**`vrc diff --apply`** (decodes both documents)"),
    ("vrc-library", "**vrc library** (in-process)"),
]
UPDATE_COLUMNS = [
    (("add-port-forward", 10000), "one forward more, 10k"),
    (("add-port-forward", 100000), "one forward more, 100k"),
    (("remove-acl-entry", 10000), "one ACL entry fewer, 10k"),
    (("remove-acl-entry", 100000), "one ACL entry fewer, 100k"),
]
PACKETS = [
    ("empty", "no rules at all"),
    ("vrc-compiled", "**vrc compiled**"),
    ("vrc-compiled-named", "vrc compiled, the flow's address named by an entry"),
    ("nft-linear", "nft, linear rules"),
    ("iptables-legacy", "iptables-legacy, linear rules"),
]


def load(name):
    with open(os.path.join(DIRECTORY, name + ".json")) as handle:
        return json.load(handle)


def ms(value):
    if value >= 100:
        return "{:,.0f}".format(value)
    if value >= 10:
        return "{:.1f}".format(value)
    return "{:.2f}".format(value)


def rate(value):
    if value >= 10000:
        return "{:,.0f}k".format(value / 1000)
    if value >= 1000:
        return "{:,.1f}k".format(value / 1000)
    return "{:,.0f}".format(value)


def table(corner, rows, columns, cell):
    """A Markdown table: `rows` and `columns` are (key, title) pairs, `cell(row key, column key)` the text."""
    lines = ["| {} | {} |".format(corner, " | ".join(title for _, title in columns)),
             "| --- |" + " ---: |" * len(columns)]
    for key, title in rows:
        lines.append("| {} | {} |".format(title, " | ".join(cell(key, column) for column, _ in columns)))
    return "\n".join(lines)


def find(rows, **fields):
    return next((r for r in rows if all(r[k] == v for k, v in fields.items())), None)


def apply_table(report):
    def cell(method, size):
        row = find(report["rows"], method=method, size=size)
        if row is None:
            return ""
        text = ms(row["wall"]["median"])
        return "~" + text + " (est.)" if row.get("extrapolatedFrom") else text
    sizes = [(w["size"], "{:,}".format(w["size"])) for w in report["workloads"]]
    return table("method", APPLY, sizes, cell)


def update_table(report):
    def cell(method, column):
        change, size = column
        return ms(find(report["rows"], method=method, change=change, size=size)["wall"]["median"])
    return table("method", UPDATE, UPDATE_COLUMNS, cell)


def packets_table(report):
    def cell(form, entries):
        row = find(report["rows"], form=form, entries=entries)
        return "{} ({:.0f} %)".format(rate(row["receivedPerSecond"]["median"]), 100 * row["ratioToEmpty"]["median"])
    counts = sorted({r["entries"] for r in report["rows"]})
    return table("rules", PACKETS, [(c, "{:,} entries".format(c)) for c in counts], cell)


for name, printer in (("apply", apply_table), ("update", update_table), ("packets", packets_table)):
    if os.path.exists(os.path.join(DIRECTORY, name + ".json")):
        print(printer(load(name)))
        print()
