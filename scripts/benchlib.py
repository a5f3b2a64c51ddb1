"""Shared by the benchmark scripts: run a command, timed, with its own peak memory."""
import os, shutil, subprocess, tempfile, time


def run_measured(cmd, stdout=None):
    """Runs `cmd`; returns (seconds, exit code, peak RSS in KiB) of that program alone.

    Peak memory comes from GNU time when present: the rusage of a child forked from this Python
    process would count the Python process's own memory, copied at fork, as the child's.
    """
    dt, code, rss, _ = run_measured_cpu(cmd, stdout)
    return dt, code, rss


def run_measured_cpu(cmd, stdout=None):
    """As run_measured, plus the CPU seconds (user + system, all threads) the program used."""
    gnu_time = shutil.which('time') if os.path.exists('/usr/bin/time') else None
    if gnu_time:
        with tempfile.NamedTemporaryFile('r', suffix='.rss') as f:
            t = time.perf_counter()
            p = subprocess.run(['/usr/bin/time', '-f', '%M %U %S', '-o', f.name] + cmd, stdout=stdout)
            dt = time.perf_counter() - t
            text = f.read().strip().splitlines()
            fields = text[-1].split() if text else []
            try:
                rss, cpu = int(fields[0]), float(fields[1]) + float(fields[2])
            except (IndexError, ValueError):
                rss, cpu = 0, 0.0
            return dt, p.returncode, rss, cpu
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout)
    _, status, usage = os.wait4(p.pid, 0)
    return time.perf_counter() - t, os.waitstatus_to_exitcode(status), usage.ru_maxrss, usage.ru_utime + usage.ru_stime
