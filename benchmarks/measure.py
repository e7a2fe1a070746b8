"""Run a whole command as a user would and report its wall time and peak memory.

Shared by the benchmark scripts: each figure is one child process, so start-up, imports and
loading count, and the peak resident set size is that child's alone.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ARGMAP = [sys.executable, "-m", "argmap"]


def run(cmd: list[str], *, expect: int = 0, stdout: Path | None = None) -> tuple[float, float]:
    """Run `cmd` once in a fresh child; return (seconds, peak MiB of that child)."""
    seconds, _, mib = run_cpu(cmd, expect=expect, stdout=stdout)
    return seconds, mib


def run_cpu(
    cmd: list[str], *, expect: int = 0, stdout: Path | None = None
) -> tuple[float, float, float]:
    """Run `cmd` once in a fresh child; return (wall seconds, CPU seconds, peak MiB).

    Its standard output is written to `stdout` (a temporary file when not given), as a user's
    `argmap analyze > findings.txt` writes it: printing is part of the work measured. CPU time
    (user + system) is the figure to compare when other work shares the machine.
    """
    if stdout is None:
        with tempfile.TemporaryDirectory() as tmp:
            return run_cpu(cmd, expect=expect, stdout=Path(tmp) / "stdout")
    # RUSAGE_CHILDREN reports the largest child so far, so each run gets its own wrapper.
    wrapper = [
        sys.executable,
        "-c",
        "import resource, subprocess, sys, time;"
        "out = open(sys.argv[1], 'wb');"
        "t = time.perf_counter();"
        "rc = subprocess.run(sys.argv[2:], stdout=out).returncode;"
        "out.close();"
        "dt = time.perf_counter() - t;"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print(rc, dt, r.ru_utime + r.ru_stime, r.ru_maxrss)",
        str(stdout),
        *cmd,
    ]
    out = subprocess.run(
        wrapper,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    rc, dt, cpu, kb = out.stdout.split()
    if int(rc) != expect:
        raise SystemExit(f"{' '.join(cmd)} exited {rc}, expected {expect}")
    return float(dt), float(cpu), int(kb) / 1024


def child_json(code: str, *args: str) -> Any:
    """Run `code` in a fresh Python (argmap importable) and return the JSON it prints: for
    figures taken inside the process (a single check, graph building) rather than around it."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return json.loads(out.stdout)


def best_of(cmd: list[str], n: int = 5, *, expect: int = 0) -> tuple[float, float]:
    """Median time and max peak memory over `n` runs."""
    runs = [run(cmd, expect=expect) for _ in range(n)]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def report(rows: list[tuple[str, float, float, float, float | None]]) -> bool:
    """Print (what, seconds, MiB, target s, target MiB or None) rows; return whether all met."""
    ok = True
    print(f"{'benchmark':<58} {'time':>8} {'target':>8} {'peak':>9} {'target':>9}")
    for what, secs, mib, tsecs, tmib in rows:
        met = secs <= tsecs and (tmib is None or mib <= tmib)
        ok &= met
        limit = "-" if tmib is None else f"{tmib:.0f}MB"
        peak = f"{mib:.0f}MB" if mib else "-"
        print(
            f"{what:<58} {secs:>7.3f}s {tsecs:>7.2f}s {peak:>9} {limit:>9}"
            f"  {'ok' if met else 'MISSED'}"
        )
    return ok


def _compile_package() -> None:
    """Byte-compile argmap first, as an installed package is: this machine sets
    PYTHONDONTWRITEBYTECODE, so an editable checkout would otherwise be recompiled from source
    by every child process, and the figures would time the compiler."""
    import compileall

    compileall.compile_dir(str(ROOT / "argmap"), quiet=1)


_compile_package()
