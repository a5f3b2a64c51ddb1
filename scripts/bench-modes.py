#!/usr/bin/env python3
"""Benchmarks of the two other ways to run (issue: watch mode and the getmail/fetchmail pipe).

  python3 scripts/bench-modes.py [--bin target/release/mailroom]

- deliver: one new process per message, as getmail runs it, with and without processing; first
  the floor for comparison (`true` and `mailroom --version` started the same way); then corpus
  bounces carrying VERP tokens of a 1 000-recipient mailing, each classified and recorded.
- watch latency: from the rename into new/ to the end of the pass that filed it (the watcher's
  --json line), one message at a time (p50, p99), then during a burst of 10 000 deliveries
  (the backlog drains at the batch rate).
"""
import argparse, csv, glob, json, os, shutil, statistics, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument('--bin', default='target/release/mailroom')
ap.add_argument('--deliveries', type=int, default=500)
ap.add_argument('--singles', type=int, default=200)
ap.add_argument('--burst', type=int, default=10000)
args = ap.parse_args()
binary = os.path.abspath(args.bin)

def msg(i):
    return (f'From: Bench <bench{i % 50}@example.net>\nTo: crm@example.org\nSubject: bench {i}\n'
            f'Date: Mon, 23 Nov 2026 09:14:02 +0000\nMessage-ID: <modes-{i}@bench>\n\nHello {i}.\n').encode()

def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * p / 100))]

work = tempfile.mkdtemp(prefix='mailroom-bench-modes-')
try:
    subprocess.run([binary, 'init', work], check=True, stdout=subprocess.DEVNULL)
    cfg = os.path.join(work, 'mailroom.toml')
    base = [binary, '--config', cfg, 'deliver', '--account', 'activities']
    # The floor any program started once per message meets on this machine: starting a process
    # that does nothing, and starting mailroom to print its version.
    for label, cmd in (('/bin/true', ['true']), ('mailroom --version', [binary, '--version'])):
        t = time.perf_counter()
        for i in range(args.deliveries):
            subprocess.run(cmd, input=msg(i), capture_output=True)
        dt = time.perf_counter() - t
        print(f'floor, {label}: {args.deliveries / dt:.0f} processes/s')
    for label, extra, offset in (('with processing', [], 0), ('without processing (--no-process)', ['--no-process'], 10**6)):
        t = time.perf_counter()
        for i in range(args.deliveries):
            p = subprocess.run(base + extra, input=msg(offset + i), capture_output=True)
            if p.returncode != 0 or p.stderr:
                sys.exit(f'deliver failed: {p.returncode} {p.stderr[:300]}')
        dt = time.perf_counter() - t
        print(f'deliver {label}: {args.deliveries / dt:.0f} messages/s ({args.deliveries} processes)')
    # Bounces (the usual use of a pipe): corpus bounces carrying a VERP token of a mailing, so
    # each one is classified, verified and recorded, as in production.
    members = os.path.join(work, 'members.csv')
    with open(members, 'w') as f:
        f.write('email,first,last\n')
        for i in range(1000):
            f.write(f'member{i}@domain{i % 50}.example,Member,{i}\n')
    mr = [binary, '--config', cfg]
    subprocess.run(mr + ['mailing', 'create', '--name', 'Bench', '--recipients', members],
                   check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run(mr + ['mailing', 'addresses', '1'], check=True, capture_output=True, text=True).stdout
    tokens = [row[2] for row in csv.reader(out.splitlines()[1:])]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    bounces = [open(p, 'rb').read() for p in sorted(glob.glob(os.path.join(root, 'testdata/sisimai/maildir/bsd/*.eml')))]
    t = time.perf_counter()
    for i in range(args.deliveries):
        raw = b'X-Original-To: ' + tokens[i % len(tokens)].encode() + b'\n' + bounces[i % len(bounces)]
        p = subprocess.run(mr + ['deliver', '--account', 'bounces'], input=raw, capture_output=True)
        if p.returncode != 0 or p.stderr:
            sys.exit(f'deliver failed: {p.returncode} {p.stderr[:300]}')
    dt = time.perf_counter() - t
    print(f'deliver of bounces with processing: {args.deliveries / dt:.0f} messages/s ({args.deliveries} processes)')
    # Leave the --no-process ones for the watcher's backlog.
    new = os.path.join(work, 'mail/activities/new')
    tmp = os.path.join(work, 'mail/activities/tmp')
    w = subprocess.Popen([binary, '--config', cfg, 'watch', '--account', 'activities', '--json'],
                         stdout=subprocess.PIPE, text=True)
    def line():
        l = w.stdout.readline()
        if not l:
            sys.exit('watcher exited')
        return json.loads(l), time.perf_counter()
    while line()[0].get('event') != 'ready':
        pass
    lat = []
    for i in range(args.singles):
        name = f'{int(time.time())}.single{i}.bench'
        with open(os.path.join(tmp, name), 'wb') as f:
            f.write(msg(2 * 10**6 + i))
        t0 = time.perf_counter()
        os.rename(os.path.join(tmp, name), os.path.join(new, name))
        filed = 0
        while filed < 1:
            v, t1 = line()
            if v.get('event') == 'pass':
                filed += v['summary']['processed'] + v['summary']['ignored']
        lat.append((t1 - t0) * 1000)
    print(f'watch latency, one at a time ({args.singles}): p50 {pct(lat, 50):.1f} ms, p99 {pct(lat, 99):.1f} ms')
    # Burst: write all to tmp first, then rename them in as fast as possible.
    names = [f'{int(time.time())}.burst{i:06d}.bench' for i in range(args.burst)]
    for i, name in enumerate(names):
        with open(os.path.join(tmp, name), 'wb') as f:
            f.write(msg(3 * 10**6 + i))
    starts = []
    t = time.perf_counter()
    for name in names:
        starts.append(time.perf_counter())
        os.rename(os.path.join(tmp, name), os.path.join(new, name))
    renamed = time.perf_counter() - t
    filed, done = 0, []
    while filed < args.burst:
        v, t1 = line()
        if v.get('event') == 'pass':
            n = v['summary']['processed'] + v['summary']['ignored']
            done += [t1] * n
            filed += n
    drain = done[-1] - starts[0]
    blat = [(d - s) * 1000 for s, d in zip(starts, done)]
    print(f'watch burst of {args.burst}: renamed in {renamed:.2f} s, all filed after {drain:.2f} s '
          f'({args.burst / drain:.0f} messages/s); latency p50 {pct(blat, 50):.0f} ms, p99 {pct(blat, 99):.0f} ms')
    w.terminate()
    w.wait()
finally:
    shutil.rmtree(work, ignore_errors=True)
