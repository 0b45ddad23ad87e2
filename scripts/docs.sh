#!/usr/bin/env bash
# Generates the DocC documentation of vrc's public library modules, with the toolchain alone (no
# swift-docc-plugin, no package dependency), and fails on any DocC warning or any public declaration
# without a doc comment.
#
#   scripts/docs.sh                 build symbol graphs, convert every catalog, check doc coverage
#   DOCS_SCRATCH=.build-x scripts/docs.sh   another scratch path (default .build-docs)
#
# 1. `swift build --target M -Xswiftc -emit-symbol-graph ...` writes each module's symbol graph (public
#    symbols only) to $DOCS_SCRATCH/symbolgraphs while it compiles the module.
# 2. `docc convert Sources/M/M.docc --additional-symbol-graph-dir ... --warnings-as-errors` makes
#    $DOCS_SCRATCH/docs/M.doccarchive from the catalog and that module's graphs (M.symbols.json and the
#    graphs of its extensions to other modules' types, M@Other.symbols.json).
# 3. scripts/doc-coverage.py lists every public symbol of the modules that has no `///` comment.
#
# A .doccarchive is a static site: `python3 -m http.server -d $DOCS_SCRATCH/docs/NFTables.doccarchive`
# and open /documentation/nftables.
set -euo pipefail

cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
SCRATCH=${DOCS_SCRATCH:-.build-docs}
MODULES=(NFTables RouterModel RouterCompiler IptablesImport CloudStackImport)
# The targets to build: RouterCompiler builds NFTables and RouterModel too.
BUILD_TARGETS=(RouterCompiler IptablesImport CloudStackImport)

if [ -z "${DOCC:-}" ]; then
    swift_path=$(command -v "$SWIFT") || { echo "docs: $SWIFT not found in PATH" >&2; exit 2; }
    DOCC="$(dirname "$(readlink -f "$swift_path")")/docc"
    [ -x "$DOCC" ] || DOCC=$(command -v docc) || { echo "docs: no docc beside $swift_path or in PATH" >&2; exit 2; }
fi

start=$(date +%s.%N)
graphs="$PWD/$SCRATCH/symbolgraphs"
mkdir -p "$graphs"

# The compiler writes a graph only when it compiles the module: when a graph is missing (a cleaned
# graph folder) but the module is up to date, drop the module's build products so that it compiles again.
bin=$("$SWIFT" build --scratch-path "$SCRATCH" --show-bin-path)
for module in "${MODULES[@]}"; do
    if [ ! -f "$graphs/$module.symbols.json" ]; then
        rm -rf "$bin/$module.build" "$bin/Modules/$module.swiftmodule"
    fi
done

for target in "${BUILD_TARGETS[@]}"; do
    echo "docs: building $target with symbol graphs"
    status=0
    "$SWIFT" build --scratch-path "$SCRATCH" --target "$target" \
        -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$graphs" 2>&1 \
        | { grep -v '^\[[0-9]*/[0-9]*\]' || true; } || status=$?
    [ "$status" -eq 0 ] || { echo "docs: swift build --target $target failed" >&2; exit 1; }
done
built=$(date +%s.%N)

failed=()
mkdir -p "$SCRATCH/docs"
for module in "${MODULES[@]}"; do
    catalog="Sources/$module/$module.docc"
    input="$SCRATCH/symbolgraphs-$module"
    output="$SCRATCH/docs/$module.doccarchive"
    rm -rf "$input" "$output"
    mkdir -p "$input"
    if [ ! -f "$graphs/$module.symbols.json" ]; then
        echo "docs: $module: no symbol graph in $graphs" >&2
        failed+=("$module")
        continue
    fi
    cp "$graphs/$module.symbols.json" "$input/"
    for extension in "$graphs/$module@"*.symbols.json; do
        [ -e "$extension" ] && cp "$extension" "$input/"
    done
    if [ ! -d "$catalog" ]; then
        echo "docs: $module: no catalog at $catalog" >&2
        failed+=("$module")
        continue
    fi
    log="$SCRATCH/docs/$module.log"
    if "$DOCC" convert "$catalog" \
        --additional-symbol-graph-dir "$input" \
        --output-path "$output" \
        --fallback-display-name "$module" \
        --fallback-bundle-identifier "org.vrc.$module" \
        --warnings-as-errors >"$log" 2>&1 && ! grep -qE '(^|[^a-z])(warning|error):' "$log"; then
        echo "docs: $module -> $output"
    else
        cat "$log" >&2
        echo "docs: $module: docc reported problems (above)" >&2
        failed+=("$module")
    fi
done
converted=$(date +%s.%N)

coverage=0
python3 scripts/doc-coverage.py "$graphs" "${MODULES[@]}" || coverage=1
finished=$(date +%s.%N)

awk -v a="$start" -v b="$built" -v c="$converted" -v d="$finished" \
    'BEGIN { printf "docs: build %.1f s, docc %.1f s, coverage %.1f s, total %.1f s\n", b - a, c - b, d - c, d - a }'

if [ ${#failed[@]} -gt 0 ]; then
    echo "docs: DocC failed for: ${failed[*]}" >&2
fi
if [ "$coverage" -ne 0 ]; then
    echo "docs: public symbols without a doc comment (above)" >&2
fi
[ ${#failed[@]} -eq 0 ] && [ "$coverage" -eq 0 ]
