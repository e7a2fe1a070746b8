"""Generate a large, valid, seeded corpus for benchmarks (and for anyone stress-testing argmap).

    python benchmarks/generate.py OUT_DIR [--claims 10000] [--commitments 2000]
        [--propositions 200] [--seed 1]

The corpus has the shape of the real one: states and their spokespeople, documents with dated
parties, propositions linked by ``implies`` and ``excludes``, commitments that assert one
proposition, and dated claims that assert or deny one or two, invoke commitments and support or
attack earlier claims. It is checked against argmap's own consistency rule while generated, so
``argmap validate`` must accept it.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from argmap.logic import Logic
from argmap.model import Proposition

_SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "do", "gu", "be", "fi"]


def _words(rng: random.Random, n: int) -> str:
    """`n` pronounceable pseudo-words: texts that differ as real statements do."""
    return " ".join(
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randrange(2, 4))) for _ in range(n)
    )


def _q(text: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def topic_words(seed: int = 1, propositions: int = 200) -> dict[str, str]:
    """The words of each generated proposition (benchmarks phrase statements with them)."""
    rng = random.Random(seed)
    out = {}
    for i in range(propositions):
        out[f"p{i:04d}"] = _words(rng, 6)
    return out


def generate(
    out: Path,
    *,
    claims: int = 10_000,
    commitments: int = 2_000,
    propositions: int = 200,
    states: int = 30,
    documents: int = 40,
    seed: int = 1,
    per_file: int = 20_000,
) -> Path:
    """Write ``commitments.yaml`` and ``claims.yaml`` into `out`; return `out`.

    Claims beyond `per_file` go to ``claims-002.yaml``, ``claims-003.yaml``…: argmap refuses a
    file over 16 MiB, and 20,000 generated claims take about 6 MB.
    """
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    props: dict[str, Proposition] = {}
    lines = ["corpus: {title: Generated benchmark corpus}", "propositions:"]
    topic = {}  # each proposition's own words, echoed by the texts that assert it
    # Groups of four: a implies b, c excludes a, d stands alone.
    for i in range(propositions):
        pid = f"p{i:04d}"
        implies = [f"p{i + 1:04d}"] if i % 4 == 0 and i + 1 < propositions else []
        excludes = [f"p{i - 2:04d}"] if i % 4 == 2 else []
        props[pid] = Proposition(
            id=pid, text=f"Proposition {i}.", implies=implies, excludes=excludes
        )
        lines.append(f"  - id: {pid}")
        topic[pid] = _words(rng, 6)
        lines.append(f"    text: {_q(f'Proposition {i}: {topic[pid]}.')}")
        if implies:
            lines.append(f"    implies: [{', '.join(implies)}]")
        if excludes:
            lines.append(f"    excludes: [{', '.join(excludes)}]")
    logic = Logic(props)
    pids = sorted(props)
    state_ids = [f"state{i:02d}" for i in range(states)]
    lines.append("documents:")
    for d in range(documents):
        day = date(1945, 1, 1) + timedelta(days=rng.randrange(0, 25_000))
        parties = rng.sample(state_ids, k=rng.randrange(2, min(12, states)))
        lines.append(f"  - id: doc{d:03d}")
        lines.append(f"    title: {_q(f'Generated treaty {d}')}")
        lines.append(f"    date: {day.isoformat()}")
        lines.append(f"    binding: {rng.choice(['legal', 'political'])}")
        lines.append(f"    parties: [{', '.join(sorted(parties))}]")
        lines.append(f"    url: https://example.org/treaties/{d}")
    lines.append("commitments:")
    for k in range(commitments):
        lines.append(f"  - id: k{k:05d}")
        lines.append(f"    document: doc{rng.randrange(documents):03d}")
        lines.append(f"    locator: art. {k % 50 + 1}")
        pid = rng.choice(pids)
        words = f"{topic[pid]} {_words(rng, 8)}"
        lines.append(f"    text: {_q(f'The parties commit to principle {k}: {words}.')}")
        lines.append(f"    {'asserts' if rng.random() < 0.85 else 'denies'}: [{pid}]")
    (out / "commitments.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    lines = ["actors:"]
    for s in state_ids:
        lines.append(f"  - {{id: {s}, name: {_q('State ' + s[5:])}, kind: state}}")
    for s in state_ids:
        lines.append(
            f"  - {{id: {s}-fm, name: {_q('Minister of ' + s)}, kind: person, represents: {s}}}"
        )
    lines.append("claims:")
    part = 1
    for c in range(claims):
        if c and c % per_file == 0:
            name = "claims.yaml" if part == 1 else f"claims-{part:03d}.yaml"
            (out / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
            part += 1
            lines = ["claims:"]
        while True:
            lits = [(rng.choice(pids), rng.random() < 0.6) for _ in range(rng.choice((1, 1, 2)))]
            if len({p for p, _ in lits}) == len(lits) and not logic.conflicts(lits):
                break
        state = rng.choice(state_ids)
        day = date(1990, 1, 1) + timedelta(days=rng.randrange(0, 12_000))
        lines.append(f"  - id: c{c:05d}")
        if rng.random() < 0.5:
            lines.append(f"    speaker: {state}-fm")
        else:
            lines.append(f"    actor: {state}")
        lines.append(f"    date: {day.isoformat()}")
        words = " ".join(topic[p] for p, _ in lits) + " " + _words(rng, 10)
        lines.append(f"    text: {_q(f'Statement {c}: {words}.')}")
        lines.append(f"    source: {{title: {_q(f'Generated source {c}')}, locator: p. 1}}")
        asserts = [p for p, pos in lits if pos]
        denies = [p for p, pos in lits if not pos]
        if asserts:
            lines.append(f"    asserts: [{', '.join(asserts)}]")
        if denies:
            lines.append(f"    denies: [{', '.join(denies)}]")
        if rng.random() < 0.2:
            lines.append(f"    invokes: [k{rng.randrange(commitments):05d}]")
        if c and rng.random() < 0.1:
            lines.append(f"    supports: [c{rng.randrange(c):05d}]")
        if c and rng.random() < 0.1:
            lines.append(f"    attacks: [c{rng.randrange(c):05d}]")
    name = "claims.yaml" if part == 1 else f"claims-{part:03d}.yaml"
    (out / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--commitments", type=int, default=2_000)
    parser.add_argument("--propositions", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(
        args.out,
        claims=args.claims,
        commitments=args.commitments,
        propositions=args.propositions,
        seed=args.seed,
    )
    print(f"wrote {', '.join(sorted(p.name for p in args.out.glob('*.yaml')))} in {args.out}")


if __name__ == "__main__":
    main()
