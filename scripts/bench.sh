#!/usr/bin/env bash
# The pipeline benchmark: builds a maildir of N messages (default 10 000: copies of the real
# bounces and the correspondence in testdata/, each made unique so the ledger does not short-cut
# it), runs the release `mailroom run` on it, and prints messages/s and peak memory.
#
#   scripts/bench.sh [N]
#
# The durability rule stays on (synchronous=FULL, commit before move, fsync of the folders).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
cargo build --release --quiet
exec python3 scripts/bench.py --bin target/release/mailroom --messages "$n"
