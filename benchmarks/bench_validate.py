"""Issue 2 targets: `argmap --version` under 150 ms; validating the generated corpus
(10,000 claims, 2,000 commitments, 200 propositions) under 2 s and 500 MB peak.

    python benchmarks/bench_validate.py [--strict]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate
from measure import ARGMAP, best_of, report


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = generate(Path(tmp) / "corpus")
        size = sum(p.stat().st_size for p in corpus.iterdir()) / 2**20
        rows = [
            ("argmap --version", *best_of([*ARGMAP, "--version"], 10), 0.150, 100),
            (
                f"argmap validate (10k claims, {size:.1f} MiB of YAML)",
                *best_of([*ARGMAP, "validate", str(corpus)], 3),
                2.0,
                500,
            ),
        ]
    ok = report(rows)
    return 0 if ok or "--strict" not in sys.argv else 1


if __name__ == "__main__":
    raise SystemExit(main())
