#!/usr/bin/env bash
# The bounce engine benchmark: replicates the labelled corpus (testdata/sisimai/maildir, every
# .eml of bsd/, dos/, mac/, err/ and not/) into a temporary directory until it holds at least N
# files (default 50 000), then times `mailroom parse --json DIR > /dev/null` pinned to one core
# (taskset -c 0), reading the files included, and prints messages/s.
#
#   scripts/bench-engine.sh [N]
#   KEEP=1 scripts/bench-engine.sh      # keep the temporary directory
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-50000}
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
start=$(date +%s.%N)
"${pin[@]}" "$bin" parse --json "$work/mail" > /dev/null
end=$(date +%s.%N)
python3 - "$total" "$start" "$end" <<'PY'
import sys
n, a, b = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"{n} messages in {b - a:.2f} s on one core: {n / (b - a):,.0f} messages/s")
PY
