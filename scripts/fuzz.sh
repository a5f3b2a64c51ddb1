#!/bin/sh
# Fuzz the code that reads what strangers (and admins) write. Not part of CI.
#   scripts/fuzz.sh [TARGET|all] [SECONDS]      (default: all, 600 s each, one after the other)
# Targets (fuzz/fuzz_targets/): parse_classify (message view + bounce engine), config_parse (the
# config loader), verp_decode (VERP addresses and Message-IDs), names (contact names).
# Needs the nightly toolchain (`rustup toolchain list`) and cargo-fuzz (`cargo install
# cargo-fuzz`). Seeds each corpus from testdata/ the first time. A crashing or hanging input is
# written to fuzz/artifacts/TARGET/: copy it to testdata/fuzz-regressions/TARGET/
# (parse_classify: testdata/fuzz-regressions/ itself) so that `cargo test` keeps checking it.
set -eu
cd "$(dirname "$0")/.."
target="${1:-all}"
secs="${2:-600}"
if [ "$target" = all ]; then
    for t in parse_classify config_parse verp_decode names; do
        "$0" "$t" "$secs"
    done
    exit 0
fi
corpus="fuzz/corpus/$target"
mkdir -p "$corpus"
if [ -z "$(ls -A "$corpus" 2>/dev/null)" ]; then
    case "$target" in
    parse_classify)
        find testdata/sisimai/maildir testdata/golden testdata/verp testdata/fuzz-regressions \
            -maxdepth 2 -type f -name '*.eml' -exec cp {} "$corpus"/ \; ;;
    config_parse)
        cp docs/mailroom.example.toml "$corpus"/example.toml ;;
    verp_decode)
        printf 'civimail+b.12.3456.k3j9x0aq1mz7c2pd@example.org' >"$corpus"/bounce
        printf '<civimail+m.3456.k3j9x0aq1mz7c2pd@example.org>' >"$corpus"/message-id
        printf 'bb-1-2-aaaaaaaaaaaaaaaa@\303\211XAMPLE.org' >"$corpus"/other ;;
    names)
        printf 'Smith, John' >"$corpus"/comma
        printf '"Dr. Ann B. Jones"\000ann@example.net' >"$corpus"/three
        printf 'x@example.net\000x@example.net' >"$corpus"/address ;;
    esac
    if [ -d "testdata/fuzz-regressions/$target" ]; then
        cp testdata/fuzz-regressions/"$target"/* "$corpus"/
    fi
fi
# -s none: no sanitizer (the code under test has no unsafe of its own; this also keeps the
# build small on a shared machine). Debug assertions and overflow checks stay on.
exec cargo +nightly fuzz run -s none "$target" "$corpus" -- \
    -max_total_time="$secs" -max_len=262144 -timeout=10 -rss_limit_mb=2048
