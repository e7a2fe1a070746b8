"""Where check's evidence scores come from (argmap.check.CUE_SCORE and the rest).

A score fitted on the statements the cues were tuned on says how well the cues fit those
statements, not how well they read a new one. Each round of tests/fixtures/check/real.yaml
was committed before any tuning on it, so the code and cues of the commit that added a round
read that round's development statements as new ones. This script does that for rounds 2-4
(development half only, never the test half) and prints, per kind of evidence, how many
literals were inferred and how many the labels (as they are now, reviewed) entail, with the
smoothed precision (right + 1) / (inferred + 2) that check uses as the score.

    python benchmarks/calibrate_check.py        (needs the git history: a clone, not an export)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "fixtures" / "check" / "real.yaml"
#: (commit that added the round, first and last statement number of the round)
ROUNDS = (("10dfba9", 100, 181), ("a9b7672", 182, 263), ("afe8049", 264, 358))
KINDS = ("cue, 2+ words", "negated cue", "rule", "closest records", "cue, 1 word")

#: Run with the old commit's code first on the path: its inference, its cues, today's labels.
CHILD = """
import json, sys
import yaml
root, real, lo, hi = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, root)
from argmap.check import CUE_SCORE, load_checker
checker = load_checker([root + "/data"], use_cache=False)
logic = checker.base.logic
counts = {}
for st in yaml.safe_load(open(real, encoding="utf-8"))["statements"]:
    if st["split"] != "dev" or not lo <= int(st["id"].split("-")[1]) <= hi:
        continue
    entailed = logic.closure_of([(x[1:], x[0] == "+") for x in st["expect"]])
    for lit, src, score in checker.infer_text(st["text"]).evidence:
        if src.startswith("negated cue "):
            kind = "negated cue"
        elif src.startswith("cue "):
            kind = "cue, 1 word" if score <= CUE_SCORE[1] else "cue, 2+ words"
        elif src.startswith("rule: "):
            kind = "rule"
        else:
            kind = "closest records"
        row = counts.setdefault(kind, [0, 0])
        row[0] += 1
        row[1] += lit in entailed
print(json.dumps(counts))
"""


def round_counts(commit: str, lo: int, hi: int, tmp: Path) -> dict[str, list[int]]:
    """Per kind of evidence, [inferred, right] on one round's development statements."""
    tree = tmp / commit
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(tree), str(REAL), str(lo), str(hi)],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp,
    ).stdout
    counts: dict[str, list[int]] = json.loads(out.strip().splitlines()[-1])
    return counts


def main() -> int:
    total = {k: [0, 0] for k in KINDS}
    with tempfile.TemporaryDirectory() as tmp:
        for commit, lo, hi in ROUNDS:
            counts = round_counts(commit, lo, hi, Path(tmp))
            print(f"round real-{lo:03d}..{hi:03d} read by {commit}: {json.dumps(counts)}")
            for kind, (n, right) in counts.items():
                total[kind][0] += n
                total[kind][1] += right
    print("kind             inferred  right  smoothed precision")
    for kind, (n, right) in total.items():
        print(f"{kind:<16} {n:>8}  {right:>5}  {(right + 1) / (n + 2):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
