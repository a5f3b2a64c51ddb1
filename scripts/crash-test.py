#!/usr/bin/env python3
"""Crash recovery: SIGKILL `mailroom run`, `mailroom watch` and `mailroom deliver` from outside at
random moments, rerun after each kill, then check that nothing was lost or counted twice.

    scripts/crash-test.py [--messages 20000] [--kills 50] [--modes run,watch,deliver] [--seed S]

Per mode, a fresh installation (`mailroom init`) with a mailing to --members contacts gets
--messages messages: bounces (RFC 3464) to real VERP addresses of the mailing, correspondence
for the activity account, bounces without a token and files with no header at all (ignored).

- run:     `mailroom run` is started and killed after a random delay (0 .. the time the backlog
           would take), until --kills kills have hit a live process; when the backlog runs low a fresh set of --messages is
           added, so every kill lands in a run of at least that size.
- watch:   a feeder renames messages into new/ (as getmail does) in bursts while `mailroom watch`
           is killed at random moments and restarted, --kills times.
- deliver: every message is piped into its own `mailroom deliver` (two at a time); deliveries
           picked at random are killed after a random delay within a delivery's typical duration
           (until --kills kills have hit) and delivered again, as getmail does when the MDA does
           not exit 0.

Afterwards a clean `mailroom run` files what a kill left in new/, and the checks are: no message
is left in new/ or cur/; every file is in exactly one of processed/ or ignored/ (deliver: every
message at least once, copies only for the deliveries that were killed); the ledger has exactly
one row per message; no bounce event, activity or contact is duplicated, and there is one bounce
event per processed bounce and one activity per processed letter. Exit 0 when all held.
Only the script sleeps; nothing here is run by `cargo test`.
"""
import argparse, csv, io, json, os, random, shutil, signal, subprocess, sys, tempfile, threading, time

ap = argparse.ArgumentParser()
ap.add_argument('--bin', default=None, help='the mailroom binary (default: target/release/mailroom)')
ap.add_argument('--messages', type=int, default=20000, help='messages per run (and per top-up)')
ap.add_argument('--kills', type=int, default=50)
ap.add_argument('--members', type=int, default=1000, help='recipients of the test mailing')
ap.add_argument('--modes', default='run,watch,deliver')
ap.add_argument('--seed', type=int, default=None)
ap.add_argument('--keep', action='store_true', help='keep the temporary directories')
args = ap.parse_args()

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.path.abspath(args.bin or os.path.join(root, 'target/release/mailroom'))
seed = args.seed if args.seed is not None else random.randrange(1 << 30)
rng = random.Random(seed)
print(f'seed {seed}; {binary}', flush=True)


def dsn(mid, to, failed):
    return (f'From: MAILER-DAEMON@mx.example.net\nTo: {to}\nSubject: Undelivered Mail Returned to Sender\n'
            f'Date: Mon, 23 Nov 2026 09:14:02 +0000\nMessage-ID: <{mid}>\nMIME-Version: 1.0\n'
            'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
            '--B\nContent-Type: text/plain\n\nYour message could not be delivered.\n'
            '--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n'
            f'Final-Recipient: rfc822; {failed}\nAction: failed\nStatus: 5.2.2\n'
            'Diagnostic-Code: smtp; 552 5.2.2 Mailbox full\n\n--B--\n').encode()


def letter(mid, sender, n):
    return (f'From: Writer {sender} <writer{sender}@example.net>\nTo: crm@example.org\n'
            f'Subject: Letter {n}\nDate: Mon, 23 Nov 2026 09:14:02 +0000\nMessage-ID: <{mid}>\n\n'
            f'Dear team, this is letter {n}.\n').encode()


class Install:
    """A fresh installation with a mailing; makes batches of unique messages."""

    def __init__(self, mode):
        self.mode = mode
        self.dir = tempfile.mkdtemp(prefix=f'mailroom-crash-{mode}-')
        self.cfg = os.path.join(self.dir, 'mailroom.toml')
        subprocess.run([binary, 'init', self.dir], check=True, stdout=subprocess.DEVNULL)
        rows = ['email,first,last,organisation,groups'] + [
            f'member{i}@example.net,M{i},L{i},,news' for i in range(args.members)]
        with open(os.path.join(self.dir, 'members.csv'), 'w') as f:
            f.write('\n'.join(rows) + '\n')
        self.mr('contacts', 'import', os.path.join(self.dir, 'members.csv'))
        out = self.mr('mailing', 'create', '--name', 'News', '--group', 'news')
        mailing = out.split()[1]
        addrs = list(csv.reader(io.StringIO(self.mr('mailing', 'addresses', mailing))))[1:]
        self.verp = [(r[1], r[2]) for r in addrs]  # (email, bounce address)
        self.serial = 0
        self.expected_keys = set()   # ledger keys of every message made
        self.valid_bounces = 0
        self.letters = 0

    def mr(self, *a, check=True):
        p = subprocess.run([binary, '--config', self.cfg, '-q', *a], capture_output=True, text=True)
        if check and p.returncode != 0:
            sys.exit(f'mailroom {" ".join(a)} exited {p.returncode}: {p.stderr}')
        return p.stdout

    def maildir(self, account):
        return os.path.join(self.dir, 'mail', account)

    def make(self, n, headerless=True):
        """n new messages: [(account, file name, bytes)]."""
        out = []
        for _ in range(n):
            i = self.serial
            self.serial += 1
            name = f'{1700000000 + i}.M{i}P{os.getpid()}.crash'
            mid = f'crash-{i}@test.invalid'
            kind = i % 20
            if kind < 9:  # a bounce with a verified token
                email, addr = self.verp[i % len(self.verp)]
                out.append(('bounces', name, dsn(mid, addr, email)))
                self.valid_bounces += 1
            elif kind == 9:  # a bounce without a token: ignored
                out.append(('bounces', name, dsn(mid, 'bounces@example.org', 'x@example.net')))
            elif kind == 10 and headerless:  # no header at all: ignored, keyed by file name
                out.append(('activities', name, b'no header here %d\n' % i))
                self.expected_keys.add(f'file:{name}')
                continue
            else:
                out.append(('activities', name, letter(mid, i % 300, i)))
                self.letters += 1
            self.expected_keys.add(f'<{mid}>')
        return out

    def put(self, msgs, where='new'):
        for account, name, raw in msgs:
            tmp = os.path.join(self.maildir(account), 'tmp', name)
            with open(tmp, 'wb') as f:
                f.write(raw)
            os.rename(tmp, os.path.join(self.maildir(account), where, name))

    def waiting(self):
        return sum(len(os.listdir(os.path.join(self.maildir(a), s)))
                   for a in ('bounces', 'activities') for s in ('new', 'cur'))

    def sql(self, q):
        import sqlite3
        c = sqlite3.connect(os.path.join(self.dir, 'mailroom.db'), timeout=30)
        try:
            return c.execute(q).fetchall()
        finally:
            c.close()

    def check(self, expect_files=None):
        """The checks; returns a list of failures (empty when all held)."""
        bad = []
        if self.waiting():
            bad.append(f'{self.waiting()} messages still waiting in new/ or cur/')
        filed = {}
        for a in ('bounces', 'activities'):
            for folder in ('.CiviMail.processed', '.CiviMail.ignored'):
                for s in ('new', 'cur'):
                    for n in os.listdir(os.path.join(self.maildir(a), folder, s)):
                        filed.setdefault((a, n), []).append(folder)
        twice = [k for k, v in filed.items() if len(v) > 1]
        if twice:
            bad.append(f'{len(twice)} files in both processed and ignored, e.g. {twice[0]}')
        if expect_files is not None:
            names = {n for (_, n) in filed}
            missing = [n for n in expect_files if n not in names]
            extra = [n for n in names if n not in expect_files]
            if missing:
                bad.append(f'{len(missing)} messages not filed, e.g. {missing[0]}')
            if extra:
                bad.append(f'{len(extra)} unexpected files filed, e.g. {extra[0]}')
        keys = self.sql('SELECT message_key FROM ledger')
        key_set = {k for (k,) in keys}
        if len(keys) != len(self.expected_keys) or key_set != self.expected_keys:
            bad.append(f'ledger has {len(keys)} rows ({len(key_set)} keys) for '
                       f'{len(self.expected_keys)} messages; missing {len(self.expected_keys - key_set)}, '
                       f'unknown {len(key_set - self.expected_keys)}')
        for table in ('bounce_events', 'activities'):
            d = self.sql(f'SELECT count(*) FROM (SELECT message_key FROM {table} '
                         'GROUP BY message_key HAVING count(*) > 1)')[0][0]
            if d:
                bad.append(f'{d} messages with more than one row in {table}')
        d = self.sql('SELECT count(*) FROM (SELECT email_lc FROM emails GROUP BY email_lc HAVING count(*) > 1)')[0][0]
        if d:
            bad.append(f'{d} addresses with more than one contact email row')
        (ev,), = self.sql('SELECT count(*) FROM bounce_events')
        (pb,), = self.sql("SELECT count(*) FROM ledger WHERE account = 'bounces' AND outcome = 'processed'")
        if ev != pb or pb != self.valid_bounces:
            bad.append(f'{ev} bounce events, {pb} processed bounces, {self.valid_bounces} made')
        (act,), = self.sql('SELECT count(*) FROM activities')
        (pa,), = self.sql("SELECT count(*) FROM ledger WHERE account = 'activities' AND outcome = 'processed'")
        if act != pa or pa != self.letters:
            bad.append(f'{act} activities, {pa} processed letters, {self.letters} made')
        return bad


def kill(p):
    """SIGKILL p if it is still running; True when the kill hit a live process."""
    alive = p.poll() is None
    if alive:
        p.send_signal(signal.SIGKILL)
    p.wait()
    return alive and p.returncode == -signal.SIGKILL


def mode_run(inst):
    made = []
    batch = inst.make(args.messages)
    inst.put(batch)
    made += [n for _, n, _ in batch]
    rate = 5000.0  # messages/s, refined as runs go
    hits = 0
    t0 = time.time()
    k = 0
    while hits < args.kills and k < 3 * args.kills:
        k += 1
        if inst.waiting() < args.messages:  # every kill lands in a run of at least --messages
            batch = inst.make(args.messages)
            inst.put(batch)
            made += [n for _, n, _ in batch]
        before = inst.waiting()
        delay = rng.uniform(0, before / rate)
        p = subprocess.Popen([binary, '--config', inst.cfg, '-q', 'run'],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        start = time.time()
        time.sleep(delay)
        hit = kill(p)
        hits += hit
        done = before - inst.waiting()
        if done > 0 and time.time() - start > 0.2:
            rate = 0.5 * rate + 0.5 * done / (time.time() - start)
        print(f'  run kill {k}: after {delay:.3f}s, {done} filed, {inst.waiting()} waiting'
              f'{"" if hit else " (had already exited)"}', flush=True)
    inst.mr('run', check=False)
    inst.mr('run')
    return hits, len(made), time.time() - t0, inst.check(set(made))


def mode_watch(inst):
    made = []
    staged = []
    lock = threading.Lock()
    stop = threading.Event()

    def feeder():
        while not stop.is_set():
            with lock:
                n = rng.randint(1, 300)
                chunk = staged[:n]
                del staged[:n]
            inst.put(chunk)
            time.sleep(rng.uniform(0, 0.05))

    def top_up():
        batch = inst.make(args.messages)
        made.extend(n for _, n, _ in batch)
        with lock:
            staged.extend(batch)

    top_up()
    # Half of the first set is a backlog before the first watcher starts.
    with lock:
        first = staged[:args.messages // 2]
        del staged[:args.messages // 2]
    inst.put(first)
    th = threading.Thread(target=feeder, daemon=True)
    th.start()
    hits = 0
    t0 = time.time()
    for k in range(args.kills):
        with lock:
            low = len(staged) < args.messages // 10
        if low:
            top_up()
        p = subprocess.Popen([binary, '--config', inst.cfg, '-q', 'watch'],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        delay = rng.uniform(0, 1.5)
        time.sleep(delay)
        hit = kill(p)
        hits += hit
        print(f'  watch kill {k + 1}: after {delay:.3f}s, {inst.waiting()} waiting, '
              f'{len(staged)} to come{"" if hit else " (had already exited: " + str(p.returncode) + ")"}',
              flush=True)
    stop.set()
    th.join()
    with lock:
        inst.put(staged)
        staged.clear()
    # A last watcher drains everything and stops cleanly on SIGTERM.
    p = subprocess.Popen([binary, '--config', inst.cfg, '-q', 'watch'],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while inst.waiting() and time.time() < deadline:
        time.sleep(0.2)
    p.send_signal(signal.SIGTERM)
    if p.wait() != 0:
        print(f'  last watcher exited {p.returncode}', flush=True)
    inst.mr('run')
    return hits, len(made), time.time() - t0, inst.check(set(made))


def mode_deliver(inst):
    msgs = inst.make(args.messages, headerless=False)
    # Each delivery is picked for a kill with this chance until --kills of them hit.
    chance = min(1.0, 1.5 * args.kills / max(1, len(msgs)))
    durations = []
    hits = [0]
    redelivered = [0]
    failures = []
    lock = threading.Lock()
    todo = list(range(len(msgs)))

    def worker():
        while True:
            with lock:
                if not todo:
                    return
                i = todo.pop(0)
            account, _, raw = msgs[i]
            attempt = 0
            while True:
                attempt += 1
                start = time.perf_counter()
                p = subprocess.Popen([binary, '--config', inst.cfg, 'deliver', '--account', account],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
                with lock:
                    doomed = attempt == 1 and hits[0] < args.kills and rng.random() < chance
                if doomed:
                    typical = (sorted(durations)[len(durations) // 2] if durations else 0.01)
                    delay = rng.uniform(0, 0.9 * typical)
                    try:
                        p.stdin.write(raw)
                        p.stdin.close()
                    except BrokenPipeError:
                        pass
                    time.sleep(max(0.0, delay - (time.perf_counter() - start)))
                    hit = kill(p)
                    with lock:
                        hits[0] += hit
                    if p.returncode == 0:
                        break  # it had finished: stored, nothing to redo
                    redelivered[0] += 1
                    continue  # not acknowledged: the fetcher delivers it again
                out, err = p.communicate(raw)
                if p.returncode == 0 and not err and not out:
                    with lock:
                        durations.append(time.perf_counter() - start)
                    break
                with lock:
                    failures.append(f'deliver exited {p.returncode}: {err[:200]!r}')
                if attempt > 5:
                    break

    t0 = time.time()
    workers = [threading.Thread(target=worker) for _ in range(2)]
    for w in workers:
        w.start()
    while any(w.is_alive() for w in workers):
        time.sleep(5)
        print(f'  deliver: {len(msgs) - len(todo)}/{len(msgs)} started, {hits[0]} killed', flush=True)
    for w in workers:
        w.join()
    inst.mr('run')
    bad = inst.check(None) + failures[:5]
    filed = sum(len(os.listdir(os.path.join(inst.maildir(a), f, s)))
                for a in ('bounces', 'activities')
                for f in ('.CiviMail.processed', '.CiviMail.ignored') for s in ('new', 'cur'))
    if not len(msgs) <= filed <= len(msgs) + redelivered[0]:
        bad.append(f'{filed} files filed for {len(msgs)} messages and {redelivered[0]} redeliveries')
    tmp_left = sum(len(os.listdir(os.path.join(inst.maildir(a), 'tmp'))) for a in ('bounces', 'activities'))
    med = sorted(durations)[len(durations) // 2] if durations else 0
    print(f'  deliver: median {med * 1000:.1f} ms per delivery; {redelivered[0]} redelivered; '
          f'{filed} files filed; {tmp_left} partial files left in tmp/ by kills (never acknowledged)',
          flush=True)
    return hits[0], len(msgs), time.time() - t0, bad


ok = True
results = []
for mode in args.modes.split(','):
    inst = Install(mode)
    print(f'{mode}: {inst.dir}', flush=True)
    hits, n, secs, bad = {'run': mode_run, 'watch': mode_watch, 'deliver': mode_deliver}[mode](inst)
    line = (f'{mode}: {args.kills} kills ({hits} hit a live process), {n} messages, '
            f'{secs:.0f}s: ' + ('ALL HELD' if not bad else 'FAILED: ' + '; '.join(bad)))
    results.append(line)
    print(line, flush=True)
    ok &= not bad
    if not args.keep and not bad:
        shutil.rmtree(inst.dir, ignore_errors=True)
print('\n'.join(['summary (seed %d):' % seed] + results))
sys.exit(0 if ok else 1)
