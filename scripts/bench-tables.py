#!/usr/bin/env python3
"""Prints the README's benchmark tables (Markdown) from the JSON that scripts/bench.sh writes into docs/bench/.

    scripts/bench-tables.py [docs/bench]
"""
import json
import os
import sys

DIRECTORY = sys.argv[1] if len(sys.argv) > 1 else "docs/bench"


def load(name):
    with open(os.path.join(DIRECTORY, name + ".json")) as handle:
        return json.load(handle)


def ms(value):
    if value is None:
        return "-"
    if value >= 100:
        return "{:,.0f}".format(value)
    if value >= 10:
        return "{:.1f}".format(value)
    return "{:.2f}".format(value)


def apply_tables(report):
    machine = report["machine"]
    print("`vrc bench apply --runs {}`: {}, kernel {}, {} cores, {}. Median wall time of the whole command in ms "
          "(a fresh namespace each run, every tool through `ip netns exec`).\n".format(
              report["runs"], machine["cpu"], machine["kernel"], machine["cores"], machine["date"]))
    sizes = [w["size"] for w in report["workloads"]]
    methods = []
    for row in report["rows"]:
        if row["method"] not in methods:
            methods.append(row["method"])
    print("| method | " + " | ".join("{:,}".format(s) for s in sizes) + " |")
    print("| --- | " + " | ".join("---:" for _ in sizes) + " |")
    for method in methods:
        cells = []
        for size in sizes:
            row = next((r for r in report["rows"] if r["method"] == method and r["size"] == size), None)
            if row is None:
                cells.append("")
            elif row.get("extrapolatedFrom"):
                cells.append("~" + ms(row["wall"]["median"]) + " (est.)")
            else:
                cells.append(ms(row["wall"]["median"]))
        print("| {} | {} |".format(method, " | ".join(cells)))
    print()
    for size in sizes:
        vrc = next((r for r in report["rows"] if r["method"] == "vrc-compiled" and r["size"] == size), None)
        if vrc is None:
            continue
        phases = vrc["phases"]
        ratios = []
        for row in report["rows"]:
            if row["size"] == size and row["method"] != "vrc-compiled":
                ratios.append("{} {:.1f}x".format(row["method"], row["wall"]["median"] / vrc["wall"]["median"]))
        print("- size {:,}: vrc compiled {} ms (parse {}, compile {}, encode {}, kernel {}; whole / kernel {:.2f}); "
              "faster than: {}".format(
                  size, ms(vrc["wall"]["median"]), ms(phases["parse"]["median"]), ms(phases["compile"]["median"]),
                  ms(phases["encode"]["median"]), ms(phases["kernel"]["median"]),
                  vrc["wall"]["median"] / phases["kernel"]["median"], ", ".join(ratios)))
    print()


def update_tables(report):
    sizes = [w["size"] for w in report["workloads"]]
    for change in ["add-port-forward", "remove-acl-entry"]:
        rows = [r for r in report["rows"] if r["change"] == change]
        if not rows:
            continue
        print("`vrc bench update --runs {}`, {}: median ms of the update alone.\n".format(report["runs"], change))
        methods = []
        for row in rows:
            if row["method"] not in methods:
                methods.append(row["method"])
        print("| method | " + " | ".join("{:,}".format(s) for s in sizes) + " |")
        print("| --- | " + " | ".join("---:" for _ in sizes) + " |")
        for method in methods:
            cells = []
            for size in sizes:
                row = next((r for r in rows if r["method"] == method and r["size"] == size), None)
                cells.append(ms(row["wall"]["median"]) if row else "")
            print("| {} | {} |".format(method, " | ".join(cells)))
        print()
        for size in sizes:
            full = [r for r in rows if r["size"] == size and r["method"] not in
                    ("iptables-calls", "vrc-diff", "vrc-library")]
            fastest = min(full, key=lambda r: r["wall"]["median"])
            for method in ("vrc-library", "vrc-diff"):
                row = next(r for r in rows if r["size"] == size and r["method"] == method)
                print("- size {:,}: {} is {:.1f}x faster than the fastest full reload ({}, {} ms)".format(
                    size, method, fastest["wall"]["median"] / row["wall"]["median"], fastest["method"],
                    ms(fastest["wall"]["median"])))
        print()


def packet_tables(report):
    print("`vrc bench packets --runs {}`: forwarded packets per second (64-byte UDP frames), median; "
          "ratio to the empty ruleset in the same run.\n".format(report["runs"]))
    counts = sorted({r["entries"] for r in report["rows"]})
    forms = []
    for row in report["rows"]:
        if row["form"] not in forms:
            forms.append(row["form"])
    print("| form | " + " | ".join("{:,} entries".format(c) for c in counts) + " |")
    print("| --- | " + " | ".join("---:" for _ in counts) + " |")
    for form in forms:
        cells = []
        for count in counts:
            row = next((r for r in report["rows"] if r["form"] == form and r["entries"] == count), None)
            if row is None:
                cells.append("")
                continue
            rate = row["receivedPerSecond"]["median"]
            ratio = row["ratioToEmpty"]["median"]
            cells.append("{:,.0f}k ({:.0%})".format(rate / 1000, ratio))
        print("| {} | {} |".format(form, " | ".join(cells)))
    print()


for name, printer in (("apply", apply_tables), ("update", update_tables), ("packets", packet_tables)):
    if os.path.exists(os.path.join(DIRECTORY, name + ".json")):
        printer(load(name))
