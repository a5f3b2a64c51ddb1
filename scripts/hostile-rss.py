#!/usr/bin/env python3
"""Peak memory and time of `mailroom run` and `mailroom deliver` on hostile messages, one message
per fresh installation: MIME nested 10 000 deep, 100 000 parts, a 100 MiB header line (over the
default max_message_bytes, and under a raised one), NUL bytes and invalid UTF-8 everywhere, a
1 GiB message piped into deliver. Prints a table; exit 1 when a command fails or a peak exceeds
--max-mib (default 400).

    scripts/hostile-rss.py [--bin target/release/mailroom] [--max-mib 400]
"""
import argparse, os, shutil, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument('--bin', default=None)
ap.add_argument('--max-mib', type=float, default=400)
args = ap.parse_args()
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import run_measured  # noqa: E402

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.path.abspath(args.bin or os.path.join(root, 'target/release/mailroom'))
HEAD = b'From: Ann <ann@example.net>\nTo: crm@example.org\nSubject: hostile\nMIME-Version: 1.0\n'


def nested(path):
    with open(path, 'wb') as f:
        f.write(HEAD + b'Message-ID: <deep@t>\n')
        for i in range(10_000):
            f.write(b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i))
        f.write(b'Content-Type: text/plain\n\ninner\n')


def parts(path):
    with open(path, 'wb') as f:
        f.write(HEAD + b'Message-ID: <parts@t>\nContent-Type: multipart/mixed; boundary="p"\n\n')
        for i in range(100_000):
            f.write(b'--p\nContent-Type: text/plain\nContent-Disposition: attachment; '
                    b'filename="f%d.txt"\n\nx%d\n' % (i, i))
        f.write(b'--p--\n')


def long_header(path, mib=100):
    with open(path, 'wb') as f:
        f.write(HEAD + b'Message-ID: <long@t>\nX-Long: ')
        chunk = b'a' * (1 << 20)
        for _ in range(mib):
            f.write(chunk)
        f.write(b'\n\nbody\n')


def junk(path):
    with open(path, 'wb') as f:
        f.write(b'From: \x00\xff <a\x00@b\xff>\nTo: \xfe\x00\nSubject: \x00\xff\xfe\n'
                b'Message-ID: <junk\x00@t>\nContent-Type: multipart/mixed; boundary="\x00"\n\n'
                + b'\x00\xff\xfe\xc3\x28' * 2_000_000 + b'\n')


CASES = [
    ('MIME nested 10 000 deep', nested, {}),
    ('100 000 parts', parts, {}),
    ('100 MiB header line (over max_message_bytes)', long_header, {}),
    ('100 MiB header line (max_message_bytes = 200 MiB)', long_header,
     {'max_message_bytes': str(200 << 20)}),
    ('NUL and invalid UTF-8, 10 MB', junk, {}),
]


def install(settings):
    d = tempfile.mkdtemp(prefix='mailroom-rss-')
    subprocess.run([binary, 'init', d], check=True, stdout=subprocess.DEVNULL)
    cfg = os.path.join(d, 'mailroom.toml')
    text = open(cfg).read()
    for k, v in settings.items():
        text = text.replace(next(l for l in text.splitlines() if l.startswith(k + ' =')), f'{k} = {v}', 1)
    open(cfg, 'w').write(text)
    return d, cfg


def measured(cfg, how, msg):
    if how == 'run':
        return run_measured([binary, '--config', cfg, '-q', 'run'], stdout=subprocess.DEVNULL)
    # deliver reads the message on stdin (sh execs mailroom, so time measures mailroom itself).
    return run_measured(['sh', '-c', 'exec "$0" --config "$1" deliver --account activities < "$2"',
                         binary, cfg, msg], stdout=subprocess.DEVNULL)


rows = []
ok = True
CASES.append(('1 GiB message (deliver only)', lambda p: long_header(p, 1024), {}))
for name, make, settings in CASES:
    for how in ('run', 'deliver'):
        if how == 'run' and name.startswith('1 GiB'):
            continue
        d, cfg = install(settings)
        try:
            msg = os.path.join(d, 'msg.eml')
            make(msg)
            if how == 'run':
                shutil.move(msg, os.path.join(d, 'mail/activities/new/1.hostile'))
            secs, code, kib = measured(cfg, how, msg)
            filed = sum(len(os.listdir(os.path.join(d, 'mail/activities', f, s)))
                        for f in ('.CiviMail.processed', '.CiviMail.ignored') for s in ('new', 'cur'))
            good = code == 0 and filed == 1 and kib / 1024 <= args.max_mib
            ok &= good
            rows.append((name, how, secs, code, kib / 1024, filed, good))
            print(f'{name:<52} {how:<8} {secs:6.2f}s exit {code:<3} peak {kib / 1024:7.1f} MiB '
                  f'filed {filed} {"held" if good else "FAILED"}', flush=True)
        finally:
            shutil.rmtree(d, ignore_errors=True)
print('ALL HELD' if ok else 'SOME FAILED')
sys.exit(0 if ok else 1)
