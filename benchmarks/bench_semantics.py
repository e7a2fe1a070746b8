"""Benchmark argmap.semantics against its targets; prints tables, not a test.

Usage::

    python benchmarks/bench_semantics.py [--strict] [--seed N] [--search-limit SECONDS]

(a) Large grounded: a seeded random framework of 200,000 arguments and
    1,000,000 attacks is written to a temporary ``.apx`` file, once with numbered
    arguments (the ICCMA/ASPARTIX convention) and once with identifier names
    (``a123``); the whole process ``python -m argmap.semantics FILE --semantics
    grounded`` is timed, and its peak resident memory read from the kernel's
    per-child resource usage (``os.wait4``, the per-child form of
    ``resource.getrusage(RUSAGE_CHILDREN)``).  Targets: under 3 s and 1 GB.

(b) Preferred: every instance in ``shared/reference/af-instances`` and seeded
    random frameworks of 200, 500 and 1,000 arguments with 1, 2 and 4 attacks per
    argument (three seeds each; the slowest is shown).  Target: under 0.5 s each
    for the default engine.  The dependency-free search engine is timed too, cut
    off after ``--search-limit`` seconds; it has no target.

Exits 1 when a target is missed, but only with ``--strict``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from argmap.semantics import _clingo  # noqa: E402
from argmap.semantics.apx import read_apx  # noqa: E402
from argmap.semantics.dung import Engine, Framework, preferred_extensions  # noqa: E402

REFERENCE = ROOT.parent / "shared" / "reference" / "af-instances"
TIME_LIMIT_S = 3.0
MEMORY_LIMIT_MB = 1024.0
PREFERRED_LIMIT_S = 0.5


# --------------------------------------------------------------------------- (a) large grounded


def write_random_apx(path: Path, n: int, m: int, seed: int, numbered: bool) -> None:
    """Write n arguments and m random attacks (repeats and self-attacks possible)."""
    rng = random.Random(seed)
    names = [str(i) if numbered else f"a{i}" for i in range(n)]
    pick = rng.randrange
    lines = [f"arg({x}).\n" for x in names]
    lines.extend(f"att({names[pick(n)]},{names[pick(n)]}).\n" for _ in range(m))
    path.write_text("".join(lines))


def run_child(args: list[str]) -> tuple[float, float, int, str]:
    """Run a command; return wall seconds, its own peak RSS in MB, exit status, stdout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=errors, env=env)
        assert proc.stdout is not None
        out = proc.stdout.read()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)  # reap it ourselves to get its rusage
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code != 0:
            errors.seek(0)
            sys.stderr.write(errors.read().decode(errors="replace"))
    return wall, usage.ru_maxrss / 1024, code, out.decode()  # ru_maxrss is in KiB on Linux


def bench_large(seed: int) -> list[tuple[str, float, float, bool]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, numbered in (("numbered arguments", True), ("identifier names", False)):
            path = Path(tmp) / f"random-{'num' if numbered else 'id'}.apx"
            write_random_apx(path, 200_000, 1_000_000, seed, numbered)
            cmd = [sys.executable, "-m", "argmap.semantics", str(path), "--semantics", "grounded"]
            wall, peak_mb, code, out = run_child(cmd)
            ok = code == 0 and wall < TIME_LIMIT_S and peak_mb < MEMORY_LIMIT_MB
            summary = json.loads(out) if code == 0 else {}
            size = summary.get("extension_sizes", ["?"])[0]
            rows.append((f"{label} (grounded size {size})", wall, peak_mb, ok))
    return rows


# --------------------------------------------------------------------------- (b) preferred


class TimedOut(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def alarm(signum: int, frame: FrameType | None) -> None:
        raise TimedOut

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def random_framework(n: int, m: int, seed: int) -> Framework:
    """n arguments and m distinct random attacks without self-attacks."""
    rng = random.Random(seed)
    attacks: set[tuple[int, int]] = set()
    while len(attacks) < m:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            attacks.add((a, b))
    names = [str(i) for i in range(n)]
    return Framework.from_edges(names, [(names[a], names[b]) for a, b in sorted(attacks)])


def timed_preferred(af: Framework, engine: Engine, limit: float) -> tuple[float | None, int]:
    """Seconds and number of preferred extensions, or (None, -1) past ``limit`` seconds."""
    start = time.perf_counter()
    try:
        with time_limit(limit):
            result = preferred_extensions(af, engine=engine)
    except TimedOut:
        return None, -1
    return time.perf_counter() - start, len(result)


def bench_preferred(seed: int, search_limit: float) -> list[tuple[str, float, int, float | None]]:
    rows: list[tuple[str, float, int, float | None]] = []
    cases: list[tuple[str, list[Framework]]] = []
    if REFERENCE.is_dir():
        for path in sorted((REFERENCE / "pref").glob("*.apx")):
            cases.append((f"af-instances/pref/{path.stem}", [read_apx(path)]))
    else:
        print(f"(reference instances not found at {REFERENCE}; skipped)")
    for n in (200, 500, 1000):
        for per_arg in (1, 2, 4):
            afs = [random_framework(n, per_arg * n, seed + k) for k in range(3)]
            cases.append((f"random n={n} m={per_arg * n} (3 seeds)", afs))
    for label, afs in cases:
        worst, count = 0.0, 0
        worst_search: float | None = 0.0
        for af in afs:
            t, c = timed_preferred(af, "auto", 60.0)
            worst, count = max(worst, t if t is not None else float("inf")), max(count, c)
            ts, _ = timed_preferred(af, "search", search_limit)
            worst_search = None if ts is None or worst_search is None else max(worst_search, ts)
        rows.append((label, worst, count, worst_search))
    return rows


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument(
        "--search-limit", type=float, default=5.0, help="cut-off for the search engine (s)"
    )
    ns = parser.parse_args(argv)
    missed = 0
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} CPUs; seed {ns.seed}")
    start = time.perf_counter()
    have_clingo = _clingo.available()  # imports clingo when present
    engine = "clingo" if have_clingo else "search (clingo not installed)"
    print(f"default engine for preferred: {engine} ({time.perf_counter() - start:.3f} s to import)")

    print("\n(a) python -m argmap.semantics FILE --semantics grounded")
    print("    random framework: 200,000 arguments, 1,000,000 attacks")
    print(f"    target: < {TIME_LIMIT_S:.0f} s wall, < {MEMORY_LIMIT_MB:.0f} MB peak RSS")
    print(f"    {'file':<45} {'wall s':>8} {'peak MB':>9}  ok")
    for label, wall, peak, ok in bench_large(ns.seed):
        missed += not ok
        print(f"    {label:<45} {wall:>8.2f} {peak:>9.0f}  {'yes' if ok else 'NO'}")

    print(f"\n(b) preferred extensions; target < {PREFERRED_LIMIT_S} s for the default engine")
    print(f"    {'framework':<42} {'default s':>9} {'#pref':>6} {'search s':>9}  ok")
    for label, worst, count, search in bench_preferred(ns.seed, ns.search_limit):
        ok = worst < PREFERRED_LIMIT_S
        missed += not ok
        shown = f"{search:9.3f}" if search is not None else f"{'>' + str(ns.search_limit):>9}"
        print(f"    {label:<42} {worst:>9.3f} {count:>6} {shown}  {'yes' if ok else 'NO'}")

    print(f"\n{missed} target(s) missed")
    return 1 if missed and ns.strict else 0


if __name__ == "__main__":
    sys.exit(main())
