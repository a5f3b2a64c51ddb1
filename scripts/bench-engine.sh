#!/usr/bin/env bash
# The bounce engine benchmark: replicates the labelled corpus (testdata/sisimai/maildir, every
# .eml of bsd/, dos/, mac/, err/ and not/) into a temporary directory until it holds at least N
# files (default 50 000), then times `mailroom parse --json DIR > /dev/null` pinned to one core
# (taskset -c 0), reading the files included, RUNS times (default 5), and prints each time and
# the best and median messages/s (a shared VM's wall clock varies by a tenth or more between
# runs: the best run is the code's cost, the median what to expect).
#
#   scripts/bench-engine.sh [N]
#   RUNS=9 scripts/bench-engine.sh
#   KEEP=1 scripts/bench-engine.sh      # keep the temporary directory
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-50000}
runs=${RUNS:-5}
cargo build --release --quiet
bin=$PWD/target/release/mailroom
work=$(mktemp -d "${TMPDIR:-/tmp}/mailroom-bench-engine-XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
mapfile -t files < <(find testdata/sisimai/maildir -type f -name '*.eml' | sort)
[ "${#files[@]}" -gt 0 ] || { echo "no corpus files under testdata/sisimai/maildir" >&2; exit 1; }
copies=$(( (n + ${#files[@]} - 1) / ${#files[@]} ))
for ((c = 0; c < copies; c++)); do
  d="$work/mail/copy$c"
  mkdir -p "$d"
  i=0
  for f in "${files[@]}"; do
    cp "$f" "$d/$i.eml"
    i=$((i + 1))
  done
done
total=$(find "$work/mail" -type f | wc -l)
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
# One warm-up pass so that every file is in the page cache, as it is for a maildir just delivered.
"${pin[@]}" "$bin" parse --json "$work/mail" > /dev/null
times=()
for ((r = 0; r < runs; r++)); do
  start=$(date +%s.%N)
  "${pin[@]}" "$bin" parse --json "$work/mail" > /dev/null
  end=$(date +%s.%N)
  times+=("$start $end")
done
python3 - "$total" "${times[@]}" <<'PY'
import statistics, sys
n = int(sys.argv[1])
secs = sorted(float(b) - float(a) for a, b in (t.split() for t in sys.argv[2:]))
for s in secs:
    print(f"  {s:.2f} s")
best, median = secs[0], statistics.median(secs)
print(f"{n} messages on one core, {len(secs)} runs: best {best:.2f} s = {n / best:,.0f} messages/s, "
      f"median {median:.2f} s = {n / median:,.0f} messages/s")
PY
