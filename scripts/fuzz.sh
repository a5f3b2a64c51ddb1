#!/bin/sh
# Fuzz the message view and the bounce engine (parse + classify). Not part of CI.
#   scripts/fuzz.sh [SECONDS]        (default 300)
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). Seeds the corpus with
# the test messages; a crasher is written to fuzz/artifacts/parse_classify/: copy it to
# testdata/fuzz-regressions/ so `cargo test` keeps checking it.
set -eu
cd "$(dirname "$0")/.."
secs="${1:-300}"
corpus=fuzz/corpus/parse_classify
mkdir -p "$corpus"
if [ -z "$(ls -A "$corpus" 2>/dev/null)" ]; then
    find testdata/sisimai/maildir testdata/golden testdata/fuzz-regressions -type f -name '*.eml' \
        -exec cp {} "$corpus"/ \;
fi
exec cargo +nightly fuzz run parse_classify "$corpus" -- \
    -max_total_time="$secs" -max_len=262144 -timeout=5 -rss_limit_mb=1024
