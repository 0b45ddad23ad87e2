#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (Fuzz/) from the repository's fixtures.

    scripts/fuzz-seeds.py OUT_DIR [TARGET...]

OUT_DIR/<target>/ is emptied and filled for each target named (all when none):

- FuzzRouterDocument: fixtures/models/*.json, fixtures/models/invalid/*.json, fixtures/iptables/*.json
- FuzzIptablesSave:   fixtures/iptables/*.rules, the iptables save dumps of ../shared/corpora when present, one
                      small dump per iptables-translate test line of that corpus, and one dump followed by a NUL
                      byte and an ipset save file (the target's form for --ipsets)
- FuzzIpsetSave:      Fuzz/seeds/ipset/*
- FuzzCloudStack:     every databag file alone, and every folder of fixtures/cloudstack/ as its files joined by
                      NUL bytes (the target's form for several files), the incoming files after the VR's
- FuzzNetlinkReply:   Fuzz/seeds/netlink/*.bin (real dump replies; scripts/fuzz.sh adds fresh ones made in a
                      network namespace when it can)

Files larger than 64 KiB are left out: libFuzzer's inputs stay small, and the decoders' size limits are tested
by the unit tests.

Beside each text target's folder, OUT_DIR/<target>.dict is a libFuzzer dictionary of the words of its seeds
(options, module and target names, JSON keys and string values): Swift compares strings in its own runtime,
where libFuzzer's interception of memcmp and strcmp never sees the words the parsers look for.
"""

import hashlib
import os
import re
import shlex
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "fixtures")
CORPORA = os.path.join(os.path.dirname(ROOT), "shared", "corpora", "iptables-1.8.9")
SEEDS = os.path.join(ROOT, "Fuzz", "seeds")
MAX_SIZE = 64 * 1024
TARGETS = ["FuzzRouterDocument", "FuzzIptablesSave", "FuzzIpsetSave", "FuzzCloudStack", "FuzzNetlinkReply"]
BUILTIN_CHAINS = {
    "filter": ["INPUT", "FORWARD", "OUTPUT"],
    "nat": ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
    "mangle": ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
    "raw": ["PREROUTING", "OUTPUT"],
    "security": ["INPUT", "FORWARD", "OUTPUT"],
}


def files(folder, suffix=""):
    """The regular files of `folder` ending in `suffix`, sorted; none when the folder is missing."""
    if not os.path.isdir(folder):
        return []
    return sorted(
        os.path.join(folder, name)
        for name in os.listdir(folder)
        if name.endswith(suffix) and os.path.isfile(os.path.join(folder, name))
    )


def read(path):
    with open(path, "rb") as handle:
        return handle.read()


def dictionary_entry(token):
    """`token` as a quoted libFuzzer dictionary entry."""
    escaped = ""
    for byte in token:
        if byte in (0x22, 0x5C) or byte < 0x20 or byte > 0x7E:
            escaped += "\\x%02X" % byte
        else:
            escaped += chr(byte)
    return '"%s"' % escaped


class Corpus:
    """One target's seed folder; seeds are named by content hash like libFuzzer's own corpus files."""

    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.tokens = set()
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)

    def add(self, data, label):
        if len(data) > MAX_SIZE:
            return
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", label)[:60] + "-" + hashlib.sha1(data).hexdigest()[:12]
        with open(os.path.join(self.folder, name), "wb") as handle:
            handle.write(data)
        self.count += 1
        if data.lstrip()[:1] in (b"{", b"["):
            self.tokens.update(re.findall(rb'"[^"\\\n]{1,40}"', data))
        elif b"\0" not in data or data.index(b"\0") > 0:
            self.tokens.update(word for word in re.split(rb"[\s,=]+", data) if 1 < len(word) <= 40)

    def write_dictionary(self, path, limit=2000):
        """Writes the shortest seed words (up to `limit`) as a libFuzzer dictionary; none for binary seeds."""
        tokens = sorted(self.tokens, key=lambda token: (len(token), token))[:limit]
        if not tokens:
            return
        with open(path, "w") as handle:
            for token in tokens:
                handle.write(dictionary_entry(token) + "\n")


def router_documents(corpus):
    for path in files(os.path.join(FIXTURES, "models"), ".json") + files(
        os.path.join(FIXTURES, "models", "invalid"), ".json"
    ) + files(os.path.join(FIXTURES, "iptables"), ".json"):
        if path.endswith(".topology.json"):
            continue
        corpus.add(read(path), os.path.basename(path))


def txlate_dumps():
    """One dump per `iptables-translate`/`ip6tables-translate` line of the upstream test corpus."""
    for path in files(os.path.join(CORPORA, "txlate"), ".txlate"):
        for number, line in enumerate(read(path).decode("utf-8", "replace").splitlines(), start=1):
            match = re.match(r"^(ip6?)tables-translate\s+(.*)$", line)
            if not match:
                continue
            try:
                words = shlex.split(match.group(2))
            except ValueError:
                continue
            table = "filter"
            if "-t" in words:
                index = words.index("-t")
                if index + 1 < len(words):
                    table = words[index + 1]
                    del words[index:index + 2]
            chain = None
            for flag in ("-A", "-I", "--append", "--insert"):
                if flag in words:
                    index = words.index(flag)
                    if index + 1 < len(words):
                        chain = words[index + 1]
                        del words[index:index + 2]
                        if index < len(words) and words[index].isdigit():
                            del words[index]
                    break
            if chain is None or table not in BUILTIN_CHAINS:
                continue
            chains = list(BUILTIN_CHAINS[table])
            for flag in ("-j", "-g"):
                if flag in words:
                    target = words[words.index(flag) + 1] if words.index(flag) + 1 < len(words) else ""
                    if target and target not in chains and not target.isupper():
                        chains.append(target)
            if chain not in chains:
                chains.append(chain)
            header = "# Generated by %stables-save v1.8.9\n" % match.group(1)
            text = header + "*%s\n" % table
            for name in chains:
                policy = "ACCEPT" if name in BUILTIN_CHAINS[table] else "-"
                text += ":%s %s [0:0]\n" % (name, policy)
            text += "-A %s %s\nCOMMIT\n" % (chain, " ".join(shlex.quote(word) for word in words))
            yield text.encode(), "%s-%d" % (os.path.basename(path), number)


def iptables_dumps(corpus):
    rules = files(os.path.join(FIXTURES, "iptables"), ".rules")
    for path in rules:
        corpus.add(read(path), os.path.basename(path))
    for path in files(os.path.join(CORPORA, "save-dumps")):
        if not path.endswith(".xml"):
            corpus.add(read(path), "upstream-" + os.path.basename(path))
    for data, label in txlate_dumps():
        corpus.add(data, label)
    ipsets = files(os.path.join(SEEDS, "ipset"))
    if ipsets:
        sets = read(ipsets[0])
        dump = (
            b"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
            b"-A INPUT -m set --match-set blocked src -j DROP\n"
            b"-A INPUT -p tcp -m set --match-set svc dst,dst -j ACCEPT\n"
            b"-A FORWARD -m set ! --match-set nets dst -j ACCEPT\n"
            b"-A OUTPUT -p tcp -m set --match-set ports dst -j REJECT --reject-with tcp-reset\nCOMMIT\n"
        )
        corpus.add(dump + b"\0" + sets, "with-ipsets")


def ipset_files(corpus):
    for path in files(os.path.join(SEEDS, "ipset")):
        corpus.add(read(path), os.path.basename(path))


def cloudstack(corpus):
    base = os.path.join(FIXTURES, "cloudstack")
    if not os.path.isdir(base):
        return
    folders = sorted(name for name in os.listdir(base) if os.path.isdir(os.path.join(base, name)))
    for name in folders:
        bags = files(os.path.join(base, name), ".json")
        for path in bags:
            corpus.add(read(path), name + "-" + os.path.basename(path))
        if name != "incoming" and bags:
            corpus.add(b"\0".join(read(path) for path in bags), name)
    incoming = files(os.path.join(base, "incoming"), ".json")
    vr = files(os.path.join(base, "isolated-vr"), ".json")
    if incoming and vr:
        corpus.add(b"\0".join(read(path) for path in vr + incoming), "isolated-vr-with-incoming")


def netlink(corpus):
    for path in files(os.path.join(SEEDS, "netlink"), ".bin"):
        corpus.add(read(path), os.path.basename(path))


WRITERS = {
    "FuzzRouterDocument": router_documents,
    "FuzzIptablesSave": iptables_dumps,
    "FuzzIpsetSave": ipset_files,
    "FuzzCloudStack": cloudstack,
    "FuzzNetlinkReply": netlink,
}


def main(arguments):
    if not arguments:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    output, targets = arguments[0], arguments[1:] or TARGETS
    for target in targets:
        if target not in WRITERS:
            print("fuzz-seeds: unknown target %s (known: %s)" % (target, ", ".join(TARGETS)), file=sys.stderr)
            return 2
        corpus = Corpus(os.path.join(output, target))
        WRITERS[target](corpus)
        if target == "FuzzNetlinkReply":
            corpus.tokens = set()
        dictionary = os.path.join(output, target + ".dict")
        if os.path.exists(dictionary):
            os.remove(dictionary)
        corpus.write_dictionary(dictionary)
        print("fuzz-seeds: %s: %d seeds, %d dictionary words" % (target, corpus.count, min(len(corpus.tokens), 2000)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
