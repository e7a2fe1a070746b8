"""Issue 14 targets, timed as whole commands, each in its own child with its output written
to a file, not a terminal (:func:`measure.run_cpu`):

- ``argmap check "..."`` on ``data/`` with a warm cache: < 0.5 s;
- ``argmap check --file`` with 1,000 statements on the 10,000-claim corpus of
  ``benchmarks/generate.py`` (its propositions given two cue phrases each, so cue matching is
  exercised), JSON, warm cache: < 5 s.

    python benchmarks/bench_check_whole.py [--strict] [--out FILE]

Prints (or writes to FILE) one line per figure: median and best of the warm runs, the cold
run that builds the cache, and the peak resident set size.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_commands import statements
from generate import generate, topic_words
from measure import ARGMAP, run_cpu

SEED = (
    "NATO expansion to the east threatens Russia's security and violates the principle of "
    "indivisible security"
)


def add_cues(corpus: Path) -> None:
    """Give every generated proposition two cues made of its own topic words."""
    path = corpus / "commitments.yaml"
    topics = topic_words()
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        out.append(line)
        m = re.match(r'    text: "Proposition (\d+): ', line)
        if m:
            words = topics[f"p{int(m.group(1)):04d}"].split()
            out.append(f'    cues: ["{words[0]} {words[1]}", "{words[2]} {words[3]} {words[4]}"]')
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def series(cmd: list[str], out: Path, runs: int) -> dict[str, float]:
    """A cold run (builds the cache), then `runs` warm runs."""
    cold = run_cpu(cmd, stdout=out)
    warm = [run_cpu(cmd, stdout=out) for _ in range(runs)]
    return {
        "cold": cold[0],
        "median": statistics.median(w for w, _, _ in warm),
        "best": min(w for w, _, _ in warm),
        "cpu": statistics.median(c for _, c, _ in warm),
        "mib": max(m for _, _, m in warm),
    }


def main() -> int:
    dest = None
    if "--out" in sys.argv:
        dest = Path(sys.argv[sys.argv.index("--out") + 1])
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        os.environ["ARGMAP_CACHE_DIR"] = str(base / "cache")
        corpus = generate(base / "corpus")
        add_cues(corpus)
        file = statements(base / "statements.yaml", seed=14)
        one = [*ARGMAP, "check", SEED, "data", "--speaker", "lavrov", "--date", "2022-02-01"]
        many = [*ARGMAP, "check", "--file", str(file), str(corpus), "--format", "json"]
        rows = [
            ("check on data/, warm cache", series(one, base / "one.txt", 7), 0.5),
            (
                "check --file, 1,000 statements, 10,000 claims, JSON",
                series(many, base / "many.json", 3),
                5.0,
            ),
        ]
        lines = []
        ok = True
        for name, r, target in rows:
            passed = r["median"] < target
            ok &= passed
            lines.append(
                f"{name}: wall median {r['median']:.2f} s, best {r['best']:.2f} s, CPU "
                f"{r['cpu']:.2f} s (target < {target} s: {'ok' if passed else 'MISSED'}); "
                f"cold {r['cold']:.2f} s; peak {r['mib']:.0f} MB"
            )
        load = os.getloadavg()[0]
        lines.append(f"load average during the run: {load:.1f} on {os.cpu_count()} cores")
    text = "\n".join(lines) + "\n"
    if dest:
        dest.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0 if ok or "--strict" not in sys.argv else 1


if __name__ == "__main__":
    raise SystemExit(main())
