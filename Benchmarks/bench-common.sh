# Sourced by run-router.sh and run-import.sh: builds a benchmark product and the vrc binary it times.
# Usage: prepare_bench PRODUCT [VRC]; sets $bench, $vrc and $results (a temporary file removed on exit).

prepare_bench() {
  swift build -c release --product "$1" >/dev/null
  local bindir
  bindir=$(swift build -c release --show-bin-path)
  if [ -n "${2:-}" ]; then
    vrc=$2
  else
    swift build -c release --product vrc >/dev/null
    vrc=$bindir/vrc
  fi
  bench=$bindir/$1
  results=$(mktemp)
  trap 'rm -f "$results"' EXIT
}

# The machine line printed above every table.
machine() {
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)," \
    "kernel $(uname -r), $(swift --version 2>&1 | grep -o 'Swift version [0-9.]*'), $(date -u '+%Y-%m-%d %H:%M UTC')"
}
