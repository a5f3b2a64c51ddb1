#!/usr/bin/env bash
# mailroom with the real tools: Dovecot on 127.0.0.1 serves a test user's mailbox of real bounces
# and correspondence; getmail6 fetches them over IMAP
#   1. into `mailroom deliver` (MDA_external), for the bounce account, and
#   2. into the activity account's maildir (Maildir destination) while `mailroom watch` runs;
# then the results are checked in the database, and Dovecot, serving mailroom's own maildir,
# lists the processed and ignored folders over IMAP.
#
#   scripts/real-tools.sh [path/to/mailroom]      (as root: it installs packages and a test user)
#
# Needs the Debian packages dovecot-imapd and getmail6 (installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
bin=${1:-}
if [ -z "$bin" ]; then
    cargo build --release --quiet
    bin=$repo/target/release/mailroom
fi
bin=$(readlink -f "$bin")

need=()
command -v dovecot >/dev/null || need+=(dovecot-imapd)
command -v getmail >/dev/null || need+=(getmail6)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" >/dev/null \
        || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" >/dev/null; }
fi
# Dovecot refuses uid 0 for mail users: a dedicated one.
id mailroomtest >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin mailroomtest
uid=$(id -u mailroomtest); gid=$(id -g mailroomtest)

t=$(mktemp -d /tmp/mailroom-real-XXXXXX)
chmod 0755 "$t"   # Dovecot's auth process reads the passwd file as user dovecot
port=$((20000 + RANDOM % 20000))
cleanup() {
    [ -f "$t/run/master.pid" ] && kill "$(cat "$t/run/master.pid")" 2>/dev/null || true
    [ -n "${watch_pid:-}" ] && kill "$watch_pid" 2>/dev/null || true
    if [ "${KEEP:-}" = 1 ]; then echo "kept $t"; else rm -rf "$t"; fi
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$t/dovecot.log" ] && tail -20 "$t/dovecot.log" >&2; exit 1; }

# --- mailroom, with its two accounts
"$bin" init "$t/mr" >/dev/null
cfg=$t/mr/mailroom.toml

# --- Dovecot: user "test" holds the mail to fetch; user "mailroom" sees mailroom's bounce maildir.
mkdir -p "$t/run" "$t/state" "$t/home/test/Maildir"/{cur,new,tmp}
cat >"$t/passwd" <<EOP
test:{PLAIN}secret:$uid:$gid::$t/home/test
mailroom:{PLAIN}secret:$uid:$gid::$t/mr::userdb_mail=maildir:$t/mr/mail/bounces
EOP
chmod 0644 "$t/passwd"
cat >"$t/dovecot.conf" <<EOC
base_dir = $t/run
state_dir = $t/state
log_path = $t/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $t/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u $t/passwd
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
EOC

# A mailing whose recipients are the addresses the demo bounces are about, so that the bounces
# come back with real VERP tokens (X-Original-To, as Postfix records them).
declare -A about=(
    [lhost-gmail-01]=userunknown@example.jp [lhost-qmail-01]=kijitora@example.ne.jp
    [lhost-amazonses-03]=kijitora@example.jp [lhost-amazonses-16]=kijitora@example.com
    [lhost-barracuda-01]=kijitora@example.org [rfc3834-03]=kijitora@apple.example.com
)
{ echo "email,groups"; for a in "${about[@]}"; do echo "$a,newsletter"; done; } >"$t/members.csv"
"$bin" --config "$cfg" contacts import "$t/members.csv" >/dev/null
"$bin" --config "$cfg" mailing create --name "Real tools" --group newsletter >/dev/null
"$bin" --config "$cfg" mailing addresses 1 >"$t/addresses.csv"
token_of() { awk -F, -v e="$1" '$2 == e { print $3 }' "$t/addresses.csv"; }
i=0
for f in testdata/demo/bounces/*.eml; do
    i=$((i + 1))
    name=$(basename "$f" .eml)
    to=${about[$name]:-}
    if [ -n "$to" ]; then
        { printf 'X-Original-To: %s\n' "$(token_of "$to")"; cat "$f"; } >"$t/home/test/Maildir/new/$i.bounce.test"
    else
        cp "$f" "$t/home/test/Maildir/new/$i.bounce.test"
    fi
done
nb=$i
chown -R "$uid:$gid" "$t/home"
dovecot -c "$t/dovecot.conf" || fail "dovecot did not start"
for _ in $(seq 50); do (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done

getmailrc() { # $1 = destination section
    cat <<EOG
[retriever]
type = SimpleIMAPRetriever
server = 127.0.0.1
port = $port
username = test
password = secret
mailboxes = ("INBOX",)

$1

[options]
delete = true
read_all = true
verbose = 0
EOG
}

# --- 1. getmail -> mailroom deliver (MDA_external) -> bounce account
getmailrc "[destination]
type = MDA_external
path = $bin
arguments = (\"--config\", \"$cfg\", \"deliver\", \"--account\", \"bounces\")
allow_root_commands = true" >"$t/getmailrc-mda"
mkdir -p "$t/getmail"
getmail --rcfile "$t/getmailrc-mda" --getmaildir "$t/getmail" || fail "getmail (MDA) failed"

filed() { # $1 = account, $2 = folder suffix: the number of files in that folder's new/ and cur/
    find "$t/mr/mail/$1/.CiviMail.$2/new" "$t/mr/mail/$1/.CiviMail.$2/cur" -type f 2>/dev/null | wc -l
}
p=$(filed bounces processed); ig=$(filed bounces ignored)
w=$(find "$t/mr/mail/bounces/new" "$t/mr/mail/bounces/cur" -type f | wc -l)
echo "getmail -> mailroom deliver: $p processed, $ig ignored, $w waiting (of $nb fetched)"
[ $((p + ig)) -eq "$nb" ] && [ "$w" -eq 0 ] || fail "expected all $nb messages filed by deliver"
[ "$p" -eq ${#about[@]} ] && [ "$ig" -eq $((nb - ${#about[@]})) ] || fail "expected ${#about[@]} processed (VERP) and the rest ignored"
holds=$("$bin" --config "$cfg" holds --csv | tail -n +2 | wc -l)
[ "$holds" -ge 1 ] || fail "expected addresses on hold"
echo "holds placed: $holds"
"$bin" --config "$cfg" status

# --- 2. getmail -> Maildir destination, with mailroom watch filing what lands
for f in testdata/demo/activities/*.eml; do cp "$f" "$t/home/test/Maildir/new/$(basename "$f").test"; done
na=$(ls testdata/demo/activities/*.eml | wc -l)
chown -R "$uid:$gid" "$t/home"
"$bin" --config "$cfg" watch --account activities --json >"$t/watch.out" 2>"$t/watch.err" &
watch_pid=$!
for _ in $(seq 100); do grep -q '"ready"' "$t/watch.out" 2>/dev/null && break; sleep 0.1; done
# getmail's Maildir destination refuses to write as root: it delivers as the test user.
chown -R "$uid:$gid" "$t/mr/mail/activities"
getmailrc "[destination]
type = Maildir
path = $t/mr/mail/activities/
user = mailroomtest" >"$t/getmailrc-maildir"
getmail --rcfile "$t/getmailrc-maildir" --getmaildir "$t/getmail" || fail "getmail (Maildir) failed"
for _ in $(seq 100); do
    n=$(( $(filed activities processed) + $(filed activities ignored) ))
    [ "$n" -ge "$na" ] && break
    sleep 0.1
done
kill -TERM "$watch_pid"; wait "$watch_pid" || fail "watch did not exit 0 on SIGTERM"; watch_pid=
[ "$n" -eq "$na" ] || fail "watch filed $n of $na messages"
echo "getmail Maildir + watch: $n of $na messages filed"

# --- 3. Dovecot serving mailroom's bounce maildir shows the folders
chown -R "$uid:$gid" "$t/mr/mail"
python3 - "$port" <<'EOP' || fail "IMAP listing"
import imaplib, sys
m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
m.login('mailroom', 'secret')
typ, boxes = m.list()
names = [b.decode().rsplit(' ', 1)[-1].strip('"') for b in boxes]
print('IMAP folders of the bounce account:', ', '.join(sorted(names)))
assert 'CiviMail.processed' in names and 'CiviMail.ignored' in names, names
for box in ('CiviMail.processed', 'CiviMail.ignored'):
    typ, data = m.select(box, readonly=True)
    print(f'  {box}: {data[0].decode()} messages')
m.logout()
EOP
echo "real tools: all checks passed"
