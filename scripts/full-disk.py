#!/usr/bin/env python3
"""A real full disk: an installation on a small tmpfs (needs root for the mount), filled up
during `mailroom deliver` and during a batch run; then space returns and everything is filed.

    sudo scripts/full-disk.py [--bin target/release/mailroom] [--size 4m] [--messages 200] [--room KIB]

Checks: deliver exits 75 and leaves nothing in new/ or tmp/ when the message does not fit,
and 0 once it does; a batch on the full disk stops with a non-zero status, files nothing it has
not recorded, and loses nothing (batches of 16, --room KiB left free: the disk fills up part-way); after the space comes back one run files every message once
(ledger rows = messages, one bounce event per bounce). Exit 0 when all held.
"""
import argparse, csv, io, os, sqlite3, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument('--bin', default=None)
ap.add_argument('--size', default='4m', help='tmpfs size')
ap.add_argument('--messages', type=int, default=200)
ap.add_argument('--room', type=int, default=96, help='KiB left free for the batch run')
args = ap.parse_args()
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.path.abspath(args.bin or os.path.join(root, 'target/release/mailroom'))
if os.geteuid() != 0:
    sys.exit('needs root (mount -t tmpfs)')

mnt = tempfile.mkdtemp(prefix='mailroom-full-')
subprocess.run(['mount', '-t', 'tmpfs', '-o', f'size={args.size}', 'tmpfs', mnt], check=True)
failures = []


def check(cond, what):
    print(('  held: ' if cond else '  FAILED: ') + what, flush=True)
    if not cond:
        failures.append(what)


def mr(*a, stdin=None):
    return subprocess.run([binary, '--config', os.path.join(mnt, 'mailroom.toml'), *a],
                          input=stdin, capture_output=True)


def fill(name='filler'):
    """Fills the file system; returns the filler's path."""
    p = os.path.join(mnt, name)
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        while True:
            os.write(fd, b'\0' * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    return p


def listing(account, folder=''):
    base = os.path.join(mnt, 'mail', account, folder)
    return sorted(n for s in ('new', 'cur') for n in os.listdir(os.path.join(base, s)))


def q(sql):
    c = sqlite3.connect(os.path.join(mnt, 'mailroom.db'))
    try:
        return c.execute(sql).fetchone()[0]
    finally:
        c.close()


def dsn(mid, to, failed):
    return (f'From: MAILER-DAEMON@mx.example.net\nTo: {to}\nSubject: Undelivered\nMessage-ID: <{mid}>\n'
            'MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
            '--B\nContent-Type: text/plain\n\nNot delivered.\n--B\nContent-Type: message/delivery-status\n\n'
            f'Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; {failed}\nAction: failed\n'
            'Status: 5.2.2\nDiagnostic-Code: smtp; 552 5.2.2 Mailbox full\n\n--B--\n').encode()


try:
    subprocess.run([binary, 'init', mnt], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(mnt, 'm.csv'), 'w') as f:
        f.write('email,first,last,organisation,groups\n')
        for i in range(50):
            f.write(f'm{i}@example.net,A,B,,news\n')
    assert mr('contacts', 'import', os.path.join(mnt, 'm.csv')).returncode == 0
    out = mr('mailing', 'create', '--name', 'N', '--group', 'news')
    mid = out.stdout.split()[1].decode()
    rows = list(csv.reader(io.StringIO(mr('mailing', 'addresses', mid).stdout.decode())))[1:]

    print('deliver on a full disk:', flush=True)
    filler = fill()
    big = b'From: Ann <ann@example.net>\nTo: crm@example.org\nSubject: big\nMessage-ID: <big@t>\n\n' + b'y' * 200_000
    p = mr('deliver', '--account', 'activities', stdin=big)
    check(p.returncode == 75, f'deliver exits 75 when the message does not fit (got {p.returncode}: '
                              f'{p.stderr.decode().strip()[:120]})')
    check(listing('activities') == [], 'nothing in new/')
    check(os.listdir(os.path.join(mnt, 'mail/activities/tmp')) == [], 'nothing half-written in tmp/')
    os.remove(filler)
    p = mr('deliver', '--account', 'activities', stdin=big)
    check(p.returncode == 0 and not p.stderr, f'deliver exits 0 once there is space (got {p.returncode})')
    check(len(listing('activities', '.CiviMail.processed') + listing('activities', '.CiviMail.ignored')) == 1
          and listing('activities') == [], 'and the message is filed')

    print('a batch on a full disk:', flush=True)
    n = args.messages
    for i in range(n):
        email, addr = rows[i % len(rows)][1], rows[i % len(rows)][2]
        with open(os.path.join(mnt, 'mail/bounces/new', f'{i:05d}.full'), 'wb') as f:
            f.write(dsn(f'full{i}@t', addr, email))
    # Small batches, and room for a few of them only: the disk fills up part-way through.
    cfg = os.path.join(mnt, 'mailroom.toml')
    text = open(cfg).read().replace('batch_size = 256', 'batch_size = 16')
    open(cfg, 'w').write(text)
    filler = fill()
    os.truncate(filler, max(0, os.path.getsize(filler) - args.room * 1024))
    p = mr('run')
    filed = listing('bounces', '.CiviMail.processed') + listing('bounces', '.CiviMail.ignored')
    waiting = listing('bounces')
    os.remove(filler)  # reading the database needs room for its -shm file
    c = sqlite3.connect(os.path.join(mnt, 'mailroom.db'))
    recorded = {r[0] for r in c.execute("SELECT file_name FROM ledger WHERE account = 'bounces'")}
    c.close()
    check(p.returncode != 0, f'the run stops with a non-zero status ({p.returncode}: '
                             f'{p.stderr.decode().strip()[-160:]})')
    check(len(filed) + len(waiting) == n, f'no message lost ({len(filed)} filed + {len(waiting)} waiting)')
    check(set(filed) <= recorded, f'nothing filed without its ledger row ({len(filed)} filed, '
                                  f'{len(recorded)} recorded before the disk filled up)')
    p = mr('run')
    check(p.returncode == 0, f'with space again the run succeeds ({p.returncode} {p.stderr.decode().strip()[-200:]})')
    check(listing('bounces') == [], 'nothing left waiting')
    check(len(listing('bounces', '.CiviMail.processed')) == n, f'all {n} bounces filed in processed')
    check(q("SELECT count(*) FROM ledger WHERE account = 'bounces'") == n, 'one ledger row per bounce')
    check(q('SELECT count(*) FROM bounce_events') == n, 'one bounce event per bounce')
finally:
    subprocess.run(['umount', mnt])
    os.rmdir(mnt)
print('ALL HELD' if not failures else f'{len(failures)} FAILED')
sys.exit(1 if failures else 0)
