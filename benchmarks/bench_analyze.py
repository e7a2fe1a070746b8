"""Issue 4 target: on the generated corpus (10,000 claims, 2,000 commitments, 200
propositions), building the graph and all findings takes under 5 s and under 1 GB peak.

Loading is timed separately (issue 2 has its own target for it). The peak memory is that of
the whole child process: loading, graph and findings.

    python benchmarks/bench_analyze.py [--strict]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate
from measure import child_json, report

CHILD = """
import json, resource, sys, time
from argmap.corpus import load_corpus
from argmap.findings import find_all
from argmap.graph import build_graph
t0 = time.perf_counter()
corpus = load_corpus([sys.argv[1]])
t1 = time.perf_counter()
ag = build_graph(corpus)
found = find_all(ag)
t2 = time.perf_counter()
kinds = {}
for f in found:
    kinds[f.kind] = kinds.get(f.kind, 0) + 1
print(json.dumps({"load": t1 - t0, "reason": t2 - t1, "findings": len(found), "kinds": kinds,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = generate(Path(tmp) / "corpus")
        runs = [child_json(CHILD, str(corpus)) for _ in range(3)]
    best = min(runs, key=lambda r: r["reason"])
    kinds = ", ".join(f"{k} {n:,}" for k, n in best["kinds"].items())
    print(f"findings: {best['findings']:,} ({kinds})")
    print(f"loading and validation: {best['load']:.2f} s")
    ok = report(
        [
            (
                "graph + all findings (10k claims)",
                best["reason"],
                max(r["peak_mib"] for r in runs),
                5.0,
                1024,
            ),
        ]
    )
    return 0 if ok or "--strict" not in sys.argv else 1


if __name__ == "__main__":
    raise SystemExit(main())
