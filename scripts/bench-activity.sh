#!/usr/bin/env bash
# The email-to-activity benchmark: builds an activity maildir of N unique messages (default
# 10 000; a third with an attachment, some HTML-only, some replies to earlier ones, from 2 000
# senders so contacts are both created and matched) in a temporary directory, runs the release
# `mailroom run` on it, and prints messages/s and peak memory.
#
#   scripts/bench-activity.sh [N]
#   ATTACHMENTS=pool scripts/bench-activity.sh     # attachments drawn from 50 distinct files
#   ATTACHMENTS=none scripts/bench-activity.sh     # the same mail without attachments (baseline)
#   KEEP=1 scripts/bench-activity.sh               # keep the temporary directory
#
# By default every attachment has content of its own, so each one is a new file in the store,
# written and fsynced (file and directory) before its batch commits: the worst case. With
# ATTACHMENTS=pool most attachments are content the store already holds (as with letterheads,
# logos and forwarded documents), which is stored once. The durability rule stays on throughout.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
mode=${ATTACHMENTS:-unique}
cargo build --release --quiet
bin=$PWD/target/release/mailroom
work=$(mktemp -d "${TMPDIR:-/tmp}/mailroom-bench-activity-XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
"$bin" init "$work" >/dev/null

python3 - "$work/mail/activities/new" "$n" "$mode" <<'PY'
import os, sys
d, n, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
first = ["Ann", "Bo", "Chidi", "Dana", "Emil", "Fatima", "Göran", "Hana", "Ivo", "Jun"]
last = ["Lee", "Okafor", "Müller", "Natarajan", "Smith", "Kowalski", "Silva", "Nguyen"]
for i in range(n):
    s = i % 2000
    name = f"{first[s % 10]} {last[s % 8]}"
    frm = f'"{last[s % 8]}, {first[s % 10]}" <sender{s}@example.net>' if s % 3 else f"{name} <sender{s}@example.net>"
    h = [f"From: {frm}", "To: Membership Office <members@example.org>", "Bcc: crm@example.org",
         f"Subject: =?UTF-8?Q?Question_{i}_=E2=80=93_membership?=",
         f"Date: Mon, 23 Nov 2026 {i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d} +0000",
         f"Message-ID: <bench-{i}@example.net>", "MIME-Version: 1.0"]
    if i % 5 == 4:
        h += [f"In-Reply-To: <bench-{i - 1}@example.net>", f"References: <bench-{i - 1}@example.net>"]
    text = f"Hello,\n\nthis is letter {i}. " + "Some words of correspondence. " * 20 + "\n\nRegards\n"
    if i % 3 == 0 and mode != "none":
        content = (f"attachment {i} " if mode == "unique" else f"pooled document {i % 50} ").encode() * 600
        import base64
        b64 = base64.encodebytes(content).decode()
        body = ("Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n"
                + text + f"--b\nContent-Type: application/pdf; name=\"scan-{i}.pdf\"\n"
                f"Content-Disposition: attachment; filename=\"scan-{i}.pdf\"\nContent-Transfer-Encoding: base64\n\n"
                + b64 + "--b--\n")
    elif i % 7 == 1:
        body = ("Content-Type: text/html; charset=utf-8\n\n<html><body><p>Hello,</p><p>letter "
                + str(i) + " in <b>HTML</b> only &amp; nothing else.</p><ul><li>one</li><li>two</li></ul></body></html>\n")
    else:
        body = "Content-Type: text/plain; charset=utf-8\n\n" + text
    with open(os.path.join(d, f"1764400000.M{i}P1.bench"), "w") as f:
        f.write("\n".join(h) + "\n" + body)
PY
sync
echo "built $n activity messages (attachments: $mode) in $work" >&2

out=$work/run.json
start=$(date +%s.%N)
if [ -x /usr/bin/time ]; then
    /usr/bin/time -v -o "$work/time.txt" "$bin" --config "$work/mailroom.toml" -q run --json >"$out"
    peak_kib=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time.txt")
else
    # No GNU time: sample the process's VmHWM (its peak resident set) just before it exits.
    "$bin" --config "$work/mailroom.toml" -q run --json >"$out" &
    pid=$!
    peak_kib=0
    while kill -0 "$pid" 2>/dev/null; do
        v=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
        [ -n "$v" ] && peak_kib=$v
        sleep 0.05
    done
    wait "$pid"
fi
end=$(date +%s.%N)
python3 - "$out" "$start" "$end" "$peak_kib" "$work/mailroom.db" <<'PY'
import json, sqlite3, sys
s = json.load(open(sys.argv[1]))
elapsed = float(sys.argv[3]) - float(sys.argv[2])
a = next(x for x in s["accounts"] if x["account"] == "activities")
handled = a["processed"] + a["ignored"]
db = sqlite3.connect(sys.argv[5])
q = lambda sql: db.execute(sql).fetchone()[0]
print(f"activities: {q('SELECT count(*) FROM activities')}, contacts: {q('SELECT count(*) FROM contacts')}, "
      f"attachments: {q('SELECT count(*) FROM attachments')} ({q('SELECT count(DISTINCT sha256) FROM attachments')} files), "
      f"threaded: {q('SELECT count(*) FROM activities WHERE parent_id IS NOT NULL')}, ignored: {a['ignored']}")
print(f"messages: {handled}")
print(f"seconds: {elapsed:.2f} (run loop {a['seconds']:.2f})")
print(f"messages/s: {handled / elapsed:.0f}")
print(f"peak memory: {int(sys.argv[4]) / 1024:.1f} MiB")
PY
