#!/usr/bin/env python3
"""Pipeline benchmark driver (see bench.sh): build the maildirs, run mailroom, print figures."""
import argparse, glob, os, re, shutil, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument('--bin', required=True)
ap.add_argument('--messages', type=int, default=10000)
ap.add_argument('--keep', action='store_true', help='keep the temporary directory')
args = ap.parse_args()
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import run_measured  # noqa: E402

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.path.abspath(args.bin)
bounces = sorted(glob.glob(os.path.join(root, 'testdata/sisimai/maildir/bsd/*.eml'))) \
    or sorted(glob.glob(os.path.join(root, 'testdata/demo/bounces/*.eml')))
letters = sorted(glob.glob(os.path.join(root, 'testdata/demo/activities/*.eml')))
bounces = [open(p, 'rb').read() for p in bounces]
letters = [open(p, 'rb').read() for p in letters]
MID = re.compile(rb'^message-id:[^\n]*\n(?:[ \t][^\n]*\n)*', re.I | re.M)

def unique(raw, i):
    """The message with a Message-ID of its own (replacing the first one, or added on top)."""
    new = b'Message-ID: <bench-%d@mailroom.invalid>\n' % i
    m = MID.search(raw)
    if m and raw.find(b'\n\n') > m.start():
        return raw[:m.start()] + new + raw[m.end():]
    return new + raw

work = tempfile.mkdtemp(prefix='mailroom-bench-')
try:
    subprocess.run([binary, 'init', work], check=True, stdout=subprocess.DEVNULL)
    cfg = os.path.join(work, 'mailroom.toml')
    t0 = time.time()
    for i in range(args.messages):
        if i % 2 == 0:
            raw = unique(bounces[(i // 2) % len(bounces)], i)
            if i % 4 == 0:  # half the bounces come back at a VERP address
                raw = b'Delivered-To: civimail+b.1.%d.abcdefghijklmnop@example.org\n' % i + raw
            d = os.path.join(work, 'mail/bounces/new')
        else:
            raw = unique(letters[(i // 2) % len(letters)], i)
            d = os.path.join(work, 'mail/activities/new')
        with open(os.path.join(d, '%d.M%dP1.bench' % (int(t0), i)), 'wb') as f:
            f.write(raw)
    print(f'built {args.messages} messages in {time.time() - t0:.1f}s in {work}', file=sys.stderr)
    subprocess.run(['sync'])
    t = time.perf_counter()
    out_path = os.path.join(work, 'run.json')
    with open(out_path, 'w') as out:
        elapsed, code, peak_kib = run_measured([binary, '--config', cfg, '-q', 'run', '--json'], stdout=out)
    if code not in (0, 75):
        sys.exit(f'mailroom run exited {code}')
    import json
    summary = json.load(open(out_path))
    handled = sum(a['processed'] + a['ignored'] for a in summary['accounts'])
    for a in summary['accounts']:
        print(f"  {a['account']:<12} processed {a['processed']:>6}  ignored {a['ignored']:>6}  "
              f"{a['messages_per_second']:>8.0f} msg/s")
    print(f'messages: {handled}')
    print(f'seconds: {elapsed:.2f}')
    print(f'messages/s: {handled / elapsed:.0f}')
    print(f'peak memory: {peak_kib / 1024:.1f} MiB')
finally:
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
