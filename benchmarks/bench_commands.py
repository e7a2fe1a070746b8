"""Issue 13 targets: whole commands as a user runs them, on generated corpora.

Each figure is one process from start to exit with its output written to a file (standard
output redirected to a file, or ``-o FILE``), and that process's peak memory. Targets, on the
project's 2-core machine: every command under 5 s and 1 GB at 10,000 claims, under 60 s and
4 GB at 100,000 claims.

    python benchmarks/bench_commands.py [--claims 10000 100000] [--repeat 3] [--strict]

With ``--repeat N`` each command runs N times and the median wall time is reported (with the
largest peak memory): the 2-core machine's speed varies by up to a factor of two from minute to
minute, and one run says little.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate, topic_words
from measure import ARGMAP, report, run

#: claims -> (seconds, MiB) every command must stay under.
TARGETS = {10_000: (5.0, 1024.0), 100_000: (60.0, 4096.0)}


def statements(path: Path, n: int = 1000, seed: int = 7) -> Path:
    """`n` statements that each restate one generated proposition, for ``check --file``."""
    rng = random.Random(seed)
    topics = list(topic_words().values())
    path.write_text(
        "".join(
            f'- {{text: "We hold that {topics[rng.randrange(len(topics))]} is right.", '
            f"speaker: state{rng.randrange(30):02d}-fm, date: 2022-01-01}}\n"
            for _ in range(n)
        ),
        encoding="utf-8",
    )
    return path


def commands(corpus: Path, tmp: Path) -> list[tuple[str, list[str]]]:
    """(label, argv) of each command measured; outputs go under `tmp`."""
    c = str(corpus)
    said = str(statements(tmp / "statements.yaml"))
    return [
        ("validate", ["validate", c]),
        ("analyze > findings.txt", ["analyze", c]),
        ("analyze --format json > findings.json", ["analyze", c, "--format", "json"]),
        ("report -o report.md", ["report", c, "-o", str(tmp / "report.md")]),
        ("html -o page.html", ["html", c, "-o", str(tmp / "page.html")]),
        ("render -o map.dot", ["render", c, "-o", str(tmp / "map.dot")]),
        ("check --file (1,000 statements), JSON", ["check", "--file", said, c, "-f", "json"]),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, nargs="+", default=sorted(TARGETS))
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--repeat", type=int, default=1, help="runs per command (median)")
    args = parser.parse_args()
    rows = []
    for n in args.claims:
        secs, mib = TARGETS.get(n, TARGETS[10_000])
        with tempfile.TemporaryDirectory() as name:
            tmp = Path(name)
            corpus = generate(tmp / "corpus", claims=n)
            os.environ["ARGMAP_CACHE_DIR"] = str(tmp / "cache")
            for label, argv in commands(corpus, tmp):
                # check and --fail-on exit 1 on a finding; nothing here asks for it.
                try:
                    if argv[0] == "check":  # the figure is for a warm cache: fill it first
                        run([*ARGMAP, *argv], stdout=tmp / "stdout")
                    runs = [
                        run([*ARGMAP, *argv], stdout=tmp / "stdout") for _ in range(args.repeat)
                    ]
                    t, m = statistics.median(r[0] for r in runs), max(r[1] for r in runs)
                except SystemExit as failed:  # a command that fails misses its target
                    print(f"  {failed}", file=sys.stderr)
                    t, m = float("inf"), 0.0
                rows.append((f"{n:,} claims: {label}", t, m, secs, mib))
                print(f"  {rows[-1][0]}: {t:.2f} s, {m:.0f} MB", file=sys.stderr, flush=True)
    ok = report(rows)
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    raise SystemExit(main())
