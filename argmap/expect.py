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
from argmap.positions import Position, position_dict

__all__ = ["check_expectations"]

#: (semantics, prefer) -> the label of every argument.
Labeller = Callable[[str, str], Mapping[str, str]]


#: A key an answer key may write in the singular (pair form) for a list of the grouped form.
_PLURAL = {"commitment": "commitments", "document": "documents", "claim": "claims"}


def _matches(entry: Mapping[str, Any], finding: Mapping[str, Any]) -> bool:
    """Whether every key of `entry` holds in `finding`.

    Equal values match; against a list of the grouped form, a value matches when it is in the
    list (``commitment: x`` against ``commitments``, ``claims: [a, b]`` when both are there), so
    keys written for pair-level findings keep their meaning for positions.
    """
    for key, value in entry.items():
        got = finding.get(key)
        if got == value:
            continue
        if got is None and key in _PLURAL:
            got = finding.get(_PLURAL[key])
        if isinstance(got, list):
            wanted = value if isinstance(value, list) else [value]
            if all(v in got for v in wanted):
                continue
        return False
    return True


def _views(position: dict[str, Any]) -> list[dict[str, Any]]:
    """A grouped finding, and for a claim's finding one view per document side.

    ``{commitment: x, bound_since: d}`` must hold of the document that writes x, not of the
    finding's earliest binding: each view carries one document's commitments and binding.
    """
    sides = position.get("sides", [])[1:] if "claim" in position else []
    if len(sides) > 1:  # the earliest binding of several documents says nothing of each one
        position = {k: v for k, v in position.items() if not k.startswith("bound")}
    views = [position]
    for side in sides:
        view = {k: v for k, v in position.items() if not k.startswith("bound")}
        view.update(
            {
                k: v
                for k, v in side.items()
                if k in ("document", "commitments") or k.startswith("bound")
            }
        )
        view["documents"] = [side["document"]]
        views.append(view)
    return views


def _show(entry: Mapping[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in entry.items()) + "}"


def check_expectations(
    ag: ArgumentGraph,
    findings: Sequence[Finding],
    labeller: Labeller | None = None,
    positions: Sequence[Position] = (),
) -> tuple[int, list[Problem]]:
    """Compare every answer-key entry with the findings (and labels); return (checked, problems).

    An entry may be written for the pair-level findings (``analyze --by pair``) or for the
    grouped ones (`positions`, ``analyze``): it is met when either form has it, and an
    ``absent`` entry must be in neither. `labeller` maps a semantics name to the labels of every
    argument; without it, expected labels are reported as unchecked problems.
    """
    corpus = ag.corpus
    dicts = [finding_dict(ag, f) for f in findings]
    dicts += [view for f in positions for view in _views(position_dict(ag, f))]
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
