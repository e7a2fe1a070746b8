"""Answer keys: check the ``expect:`` sections of a corpus against what argmap derives.

Consumes a corpus, its graph and findings (and, for labels, a labelling function); produces
one located :class:`~argmap.errors.Problem` per mismatch. Teachers write the key; ``argmap
test`` and ``make test`` keep it true as the data and the logic change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from argmap.errors import Problem
from argmap.findings import Finding, finding_dict
from argmap.graph import ArgumentGraph

__all__ = ["check_expectations"]

#: (semantics, prefer) -> the label of every argument.
Labeller = Callable[[str, str], Mapping[str, str]]


def _matches(entry: Mapping[str, Any], finding: Mapping[str, Any]) -> bool:
    return all(finding.get(key) == value for key, value in entry.items())


def _show(entry: Mapping[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in entry.items()) + "}"


def check_expectations(
    ag: ArgumentGraph,
    findings: Sequence[Finding],
    labeller: Labeller | None = None,
) -> tuple[int, list[Problem]]:
    """Compare every answer-key entry with the findings (and labels); return (checked, problems).

    `labeller` maps a semantics name to the labels of every argument; without it, expected
    labels are reported as unchecked problems.
    """
    corpus = ag.corpus
    dicts = [finding_dict(ag, f) for f in findings]
    problems: list[Problem] = []
    checked = 0

    def at(key: tuple[int, str, int | str]) -> tuple[str, int, int]:
        o = corpus.expect_origins.get(key)
        return (o.path, o.line, o.col) if o else ("expect", 0, 0)

    for n, exp in enumerate(corpus.expectations):
        for i, entry in enumerate(exp.findings):
            checked += 1
            if not any(_matches(entry, d) for d in dicts):
                near = [
                    d
                    for d in dicts
                    if d["kind"] == entry["kind"]
                    and any(d.get(k) == v for k, v in entry.items() if k != "kind")
                ]
                hint = ""
                if near:
                    hint = "; closest: " + _show({k: near[0].get(k) for k in entry})
                problems.append(
                    Problem(
                        *at((n, "findings", i)),
                        f"expected finding not found: {_show(entry)}{hint}",
                        "expect-missing",
                    )
                )
        for i, entry in enumerate(exp.absent):
            checked += 1
            hits = [d for d in dicts if _matches(entry, d)]
            if hits:
                problems.append(
                    Problem(
                        *at((n, "absent", i)),
                        f"finding that must be absent is present: {_show(entry)} "
                        f"({hits[0]['explanation']})",
                        "expect-present",
                    )
                )
        for semantics, wanted in exp.labels.items():
            got = labeller(semantics, exp.prefer) if labeller else None
            for ident, label in wanted.items():
                checked += 1
                if got is None:
                    problems.append(
                        Problem(
                            *at((n, semantics, ident)),
                            f"labels under {semantics} cannot be checked yet",
                            "expect-unchecked",
                        )
                    )
                elif ident not in got:
                    problems.append(
                        Problem(
                            *at((n, semantics, ident)),
                            f"'{ident}' is not an argument of the corpus",
                            "expect-unknown",
                        )
                    )
                elif got[ident] != label:
                    problems.append(
                        Problem(
                            *at((n, semantics, ident)),
                            f"expected '{ident}' to be {label} under {semantics} "
                            f"(prefer {exp.prefer}), but it is {got[ident]}",
                            "expect-label",
                        )
                    )
    return checked, sorted(problems)
