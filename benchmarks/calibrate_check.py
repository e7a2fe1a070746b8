"""Where check's evidence scores come from (argmap.check.CUE_SCORE and the rest).

A score fitted on the statements the cues were tuned on says how well the cues fit those
statements, not how well they read a new one. Each round of tests/fixtures/check/real.yaml
was committed before any tuning on it, so the code and cues of the commit that added a round
read that round's development statements as new ones. This script does that for rounds 2-4
(development half only, never the test half) and prints, per kind of evidence, how many
literals were inferred and how many the labels (as they are now, reviewed) entail, with the
smoothed precision (right + 1) / (inferred + 2) that check uses as the score. The reader
(argmap.reader), which no old commit had, is scored on the whole development half, on which
it was never trained, and on what it adds to the old cues' literals.

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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "fixtures" / "check" / "real.yaml"
#: (commit that added the round, first and last statement number of the round)
ROUNDS = (("10dfba9", 100, 181), ("a9b7672", 182, 263), ("afe8049", 264, 358))
KINDS = ("cue, 2+ words", "negated cue", "rule", "closest records", "cue, 1 word", "reader")

#: Run with the old commit's code first on the path: its inference, its cues, today's labels.
CHILD = """
import json, sys
import yaml
root, real, lo, hi = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, root)
from argmap.check import CUE_SCORE, load_checker
checker = load_checker([root + "/data"], use_cache=False)
logic = checker.base.logic
counts, predicted = {}, {}
for st in yaml.safe_load(open(real, encoding="utf-8"))["statements"]:
    if st["split"] != "dev" or not lo <= int(st["id"].split("-")[1]) <= hi:
        continue
    entailed = logic.closure_of([(x[1:], x[0] == "+") for x in st["expect"]])
    evidence = checker.infer_text(st["text"]).evidence
    predicted[st["id"]] = [list(lit) for lit, _, _ in evidence]
    for lit, src, score in evidence:
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
print(json.dumps({"counts": counts, "predicted": predicted}))
"""


def round_counts(commit: str, lo: int, hi: int, tmp: Path) -> dict[str, Any]:
    """Per kind of evidence, [inferred, right] on one round's development statements, and
    the literals inferred for each statement."""
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
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def reader_counts(
    old: dict[str, list[list[Any]]],
) -> tuple[list[int], list[int], list[int]]:
    """The reader of today's data/ (trained on its examples, claims and commitments, never on
    the evaluation set) on the development half: [inferred, right] alone, at
    ``READER_THRESHOLD``; [added, right] of what it adds to the old cues' literals; and
    [added, right] of what it adds to today's cues (its score, the lowest of the three)."""
    sys.path.insert(0, str(ROOT))
    from argmap.check import READER_THRESHOLD, load_checker
    from argmap.evaluation import read_eval_set

    checker = load_checker([ROOT / "data"], use_cache=False)
    logic, reader = checker.base.logic, checker.reader
    assert reader is not None
    alone, added, today = [0, 0], [0, 0], [0, 0]
    for item in read_eval_set(REAL).items:
        if item.split != "dev":
            continue
        entailed = logic.closure_of(item.expect)
        for lit, source, _ in checker.infer_text(item.text, read=True).evidence:
            if source.startswith("reader "):
                today[0] += 1
                today[1] += lit in entailed
        kept: list[Any] = []
        for lit, p in reader.probabilities(item.text):
            if p >= READER_THRESHOLD and not logic.conflicts([*kept, lit]):
                kept.append(lit)
        alone[0] += len(kept)
        alone[1] += sum(lit in entailed for lit in kept)
        if item.id in old:
            base = [(p, bool(pos)) for p, pos in old[item.id]]
            for lit in kept:
                if lit not in base and not logic.conflicts([*base, lit]):
                    base.append(lit)
                    added[0] += 1
                    added[1] += lit in entailed
    return alone, added, today


def main() -> int:
    total = {k: [0, 0] for k in KINDS}
    old: dict[str, list[list[Any]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for commit, lo, hi in ROUNDS:
            result = round_counts(commit, lo, hi, Path(tmp))
            counts = result["counts"]
            old.update(result["predicted"])
            print(f"round real-{lo:03d}..{hi:03d} read by {commit}: {json.dumps(counts)}")
            for kind, (n, right) in counts.items():
                total[kind][0] += n
                total[kind][1] += right
    alone, added, today = reader_counts(old)
    total["reader"] = today
    print("kind             inferred  right  smoothed precision")
    for kind, (n, right) in total.items():
        print(f"{kind:<16} {n:>8}  {right:>5}  {(right + 1) / (n + 2):.2f}")
    print(
        f"reader: added to today's cues on the development half (the row above); alone there "
        f"{alone[0]} literals, {alone[1]} right; added to the cues of rounds 2-4 before they "
        f"were tuned, {added[0]} literals, {added[1]} right"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
