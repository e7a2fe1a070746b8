"""Issue 7 targets, on the generated corpus (10,000 claims, 2,000 commitments, 200
propositions): one check under 50 ms once the corpus is loaded; ``--file`` with 1,000
statements under 5 s in all; the whole command under 1 s from a warm cache.

    python benchmarks/bench_check.py [--strict]
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate, topic_words
from measure import ARGMAP, best_of, child_json, report, run

CHILD = """
import json, statistics, sys, time
sys.path.insert(0, "benchmarks")
from generate import topic_words
topics = list(topic_words().values())
from argmap.check import Statement, load_checker
checker = load_checker([sys.argv[1]])
times = []
for i in range(200):
    st = Statement(text=f"We hold that {topics[i % len(topics)]} is right.", speaker="state01-fm")
    t = time.perf_counter()
    checker.check(st)
    times.append(time.perf_counter() - t)
print(json.dumps({"median": statistics.median(times), "p95": sorted(times)[189]}))
"""


def main() -> int:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = generate(Path(tmp) / "corpus")
        topics = list(topic_words().values())
        os.environ["ARGMAP_CACHE_DIR"] = str(Path(tmp) / "cache")
        statements = Path(tmp) / "statements.yaml"
        statements.write_text(
            "".join(
                # Each statement restates one proposition of the generated vocabulary, as a
                # real statement touches one or two propositions of the dispute.
                f'- {{text: "We hold that {topics[rng.randrange(200)]} is right.", '
                f"speaker: state{rng.randrange(30):02d}-fm, date: 2022-01-01}}\n"
                for i in range(1000)
            ),
            encoding="utf-8",
        )
        one = [
            *ARGMAP,
            "check",
            "NATO must not enlarge.",
            str(corpus),
            "--speaker",
            "state01-fm",
            "--date",
            "2022-01-01",
        ]
        cold, cold_mib = run(one)  # builds the cache
        warm, warm_mib = best_of(one, 5)
        many, many_mib = best_of(
            [*ARGMAP, "check", "--file", str(statements), str(corpus), "--format", "json"], 1
        )
        per = child_json(CHILD, str(corpus))
    print(f"first run (builds and caches the index): {cold:.2f} s, {cold_mib:.0f} MB")
    print(
        f"one check in process: median {per['median'] * 1000:.1f} ms, "
        f"p95 {per['p95'] * 1000:.1f} ms"
    )
    ok = report(
        [
            ("one check, corpus loaded (median of 200)", per["median"], 0, 0.050, None),
            ("whole command, warm cache", warm, warm_mib, 1.0, None),
            ("--file with 1,000 statements, JSON, warm cache", many, many_mib, 5.0, None),
        ]
    )
    return 0 if ok or "--strict" not in sys.argv else 1


if __name__ == "__main__":
    raise SystemExit(main())
