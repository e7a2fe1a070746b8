"""``python -m argmap.semantics FILE.apx --semantics NAME``: evaluate one ASPARTIX file.

Prints one JSON object on stdout.  By default it is a summary (sizes and label
counts), which stays small for frameworks with hundreds of thousands of
arguments; ``--full`` prints :meth:`~argmap.semantics.dung.Evaluation.to_json`.
Problems in the input are printed as ``FILE:LINE:COL: error: ...`` on stderr and
the exit status is 2.  This entry point exists for benchmarking; the user-facing
command is ``argmap evaluate --apx FILE``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from argmap.errors import ArgmapError
from argmap.semantics.apx import read_apx
from argmap.semantics.dung import ENGINES, SEMANTICS, evaluate


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m argmap.semantics", description="Evaluate an ASPARTIX (.apx) framework."
    )
    parser.add_argument("file", help="framework in ASPARTIX format")
    parser.add_argument("--semantics", choices=SEMANTICS, default="grounded")
    parser.add_argument("--engine", choices=ENGINES, default="auto")
    parser.add_argument(
        "--full", action="store_true", help="print every extension and label, not a summary"
    )
    ns = parser.parse_args(argv)
    try:
        af = read_apx(ns.file)
        result = evaluate(af, ns.semantics, engine=ns.engine)
    except ArgmapError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    if ns.full:
        payload = result.to_json()
    else:
        counts = Counter(result.labels.values())
        payload = {
            "semantics": result.semantics,
            "arguments": len(af),
            "attacks": af.n_attacks,
            "extensions": len(result.extensions),
            "extension_sizes": sorted(len(e) for e in result.extensions),
            "labels": {label: counts.get(label, 0) for label in ("in", "out", "undec")},
        }
    json.dump(payload, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
