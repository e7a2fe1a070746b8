"""Issue 6 target: `argmap render -o map.dot` on a generated corpus of 2,000 claims and about
4,000 relations (explicit and derived) in under 0.5 s and 150 MB, the whole process (start-up,
loading, reasoning and DOT included). Graphviz's own layout is timed separately, without a
target: once for the large map (sfdp) and once for the founding map (dot).

    python benchmarks/bench_render.py [--strict]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate
from measure import ARGMAP, ROOT, best_of, report

# 2,000 claims, 300 commitments and 2,500 propositions give 769 explicit links and 3,305
# derived relations (seed 1): about 4,000 relations.
SHAPE = {"claims": 2_000, "commitments": 300, "propositions": 2_500}


def count_relations(corpus: Path) -> tuple[int, int]:
    """(explicit links, derived relations) of the corpus."""
    sys.path.insert(0, str(ROOT))
    from argmap.corpus import load_corpus
    from argmap.graph import build_graph

    ag = build_graph(load_corpus([corpus]))
    return len(ag.explicit), len(ag.relations)


def layout_seconds(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = generate(Path(tmp) / "corpus", **SHAPE)
        explicit, derived = count_relations(corpus)
        print(
            f"corpus: {SHAPE['claims']:,} claims, {SHAPE['commitments']:,} commitments; "
            f"{explicit + derived:,} relations ({explicit:,} explicit, {derived:,} derived)"
        )
        out = Path(tmp) / "map.dot"
        secs, mib = best_of([*ARGMAP, "render", str(corpus), "-o", str(out)], 5)
        ok = report([("argmap render -o map.dot (2k claims, ~4k relations)", secs, mib, 0.5, 150)])
        # For reference: loading and validating alone, the floor under any command.
        ref, ref_mib = best_of([*ARGMAP, "validate", str(corpus)], 5)
        print(f"reference, argmap validate on the same corpus: {ref:.3f} s, {ref_mib:.0f} MB")
        drawn = out.read_text(encoding="utf-8").count(" -> ")
        print(f"DOT: {out.stat().st_size / 2**20:.1f} MiB, {drawn:,} edge lines")
        for engine in ("sfdp",):
            t = layout_seconds([engine, "-Tsvg", "-Goverlap=prism", "-Gsplines=false", str(out)])
            print(f"Graphviz layout, not in the target: {engine} -Tsvg on that map: {t:.1f} s")
        founding = Path(tmp) / "founding.dot"
        subprocess.run(
            [*ARGMAP, "render", "data", "-o", str(founding)],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        t = layout_seconds(["dot", "-Tpdf", str(founding)])
        print(f"Graphviz layout, not in the target: dot -Tpdf on the founding map: {t:.2f} s")
    return 0 if ok or "--strict" not in sys.argv else 1


if __name__ == "__main__":
    raise SystemExit(main())
