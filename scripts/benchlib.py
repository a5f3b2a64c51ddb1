"""Shared by the benchmark scripts: run a command, timed, with its own peak memory."""
import os, shutil, subprocess, tempfile, time


def run_measured(cmd, stdout=None):
    """Runs `cmd`; returns (seconds, exit code, peak RSS in KiB) of that program alone.

    Peak memory comes from GNU time when present: the rusage of a child forked from this Python
    process would count the Python process's own memory, copied at fork, as the child's.
    """
    gnu_time = shutil.which('time') if os.path.exists('/usr/bin/time') else None
    if gnu_time:
        with tempfile.NamedTemporaryFile('r', suffix='.rss') as f:
            t = time.perf_counter()
            p = subprocess.run(['/usr/bin/time', '-f', '%M', '-o', f.name] + cmd, stdout=stdout)
            dt = time.perf_counter() - t
            text = f.read().strip().splitlines()
            rss = int(text[-1]) if text and text[-1].isdigit() else 0
            return dt, p.returncode, rss
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout)
    _, status, usage = os.wait4(p.pid, 0)
    return time.perf_counter() - t, os.waitstatus_to_exitcode(status), usage.ru_maxrss
