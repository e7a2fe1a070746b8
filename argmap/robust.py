"""Contested judgements: which findings rest on an implies/excludes link a reader may reject.

Consumes a corpus whose propositions mark some links ``contested`` (model.ContestedLink);
produces the findings that hold without them and, per contested link, the findings that no
longer follow once that link alone is removed. Each answer comes from a second closure: the
corpus is copied without the links, its graph rebuilt and its findings compared with the
full corpus's, never from the single derivation kept for ``explain`` (another path may exist,
as the two ``ban-nato-enlargement excludes ...`` links show: each alone carries nothing that
the other does not).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from argmap.findings import KINDS, find_all
from argmap.graph import ArgumentGraph, build_graph
from argmap.model import Corpus
from argmap.positions import Position, find_positions

__all__ = [
    "Link",
    "Robustness",
    "contested_links",
    "position_key",
    "robustness",
    "without_links",
]

#: A pair-level finding's identity: its kind and the nodes it joins.
PairKey = tuple[str, tuple[str, ...]]


@dataclass(frozen=True)
class Link:
    """One contested link: `source` `rule` `to`, with the reason and who contests it."""

    source: str
    rule: str  # "implies" | "excludes"
    to: str
    reason: str
    by: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """'ban-nato-enlargement excludes free-choice-of-alliances'."""
        return f"{self.source} {self.rule} {self.to}"


def contested_links(corpus: Corpus) -> list[Link]:
    """Every link marked contested, in file order."""
    return [
        Link(p.id, c.rule, c.to, c.reason, tuple(c.by))
        for p in corpus.propositions.values()
        for c in p.contested
    ]


def without_links(corpus: Corpus, links: Iterable[Link]) -> Corpus:
    """A copy of `corpus` whose propositions lack `links` (the closure is rebuilt from it)."""
    drop: dict[str, set[tuple[str, str]]] = {}
    for link in links:
        drop.setdefault(link.source, set()).add((link.rule, link.to))
    props = dict(corpus.propositions)
    for ident, gone in drop.items():
        p = props[ident]
        props[ident] = p.model_copy(
            update={
                "implies": [q for q in p.implies if ("implies", q) not in gone],
                "excludes": [r for r in p.excludes if ("excludes", r) not in gone],
                "contested": [c for c in p.contested if (c.rule, c.to) not in gone],
            }
        )
    return dataclasses.replace(corpus, propositions=props, logic=None)


def position_key(f: Position) -> tuple[Any, ...]:
    """A grouped finding's identity across two closures: kind, proposition and who is on each side.

    The commitments listed on a side may shrink when a link goes; the finding still holds.
    """
    return (f.kind, f.proposition, f.claim, tuple((s.who, s.positive) for s in f.sides))


@dataclass
class Robustness:
    """The findings of a corpus set against the findings without its contested links."""

    links: list[Link]
    #: Pair-level findings of the full corpus that do not hold without every contested link.
    fragile_pairs: set[PairKey]
    #: Grouped findings (by :func:`position_key`) that do not hold without every contested link.
    fragile_positions: set[tuple[Any, ...]]
    #: Per link: the pair-level findings that no longer follow once that link alone is removed.
    sensitivity: dict[Link, set[PairKey]]
    #: The graph of the corpus without any contested link (for ``analyze --robust``).
    robust_graph: ArgumentGraph
    #: Per fragile finding (pair key or position key): the contested links it rests on.
    rests_on: dict[Any, tuple[Link, ...]]

    def judgements(self, key: Any) -> list[str]:
        """The labels of the contested links a finding rests on ([] for a robust finding)."""
        return [link.label for link in self.rests_on.get(key, ())]

    def table(self) -> list[dict[str, Any]]:
        """The sensitivity table: one row per contested link, then one for all together."""
        rows = [
            _row(link.label, link.reason, list(link.by), lost)
            for link, lost in self.sensitivity.items()
        ]
        rows.append(_row("all contested links together", "", [], self.fragile_pairs))
        return rows


def _row(label: str, reason: str, by: list[str], lost: set[PairKey]) -> dict[str, Any]:
    counts = {k: sum(1 for kind, _ in lost if kind == k) for k in KINDS}
    breaches = sorted({nodes[0] for kind, nodes in lost if kind == "breach"})
    return {
        "link": label,
        "reason": reason,
        "contested_by": by,
        "findings": len(lost),
        "by_kind": {k: n for k, n in counts.items() if n},
        "breach_claims": breaches,
    }


def _pairs(ag: ArgumentGraph) -> set[PairKey]:
    return {(f.kind, f.nodes) for f in find_all(ag)}


def robustness(corpus: Corpus, ag: ArgumentGraph | None = None) -> Robustness:
    """Compare the findings of `corpus` with those of second closures without contested links.

    One rebuild without all contested links, then two per link (without it alone; with it alone
    among the contested ones): cheap for a curated corpus with a handful of contested
    judgements (the founding data has four).
    """
    ag = ag or build_graph(corpus)
    links = contested_links(corpus)
    full, full_pos = _keys(ag)
    robust_ag = build_graph(without_links(corpus, links)) if links else ag
    robust, robust_pos = _keys(robust_ag)
    fragile, fragile_pos = full - robust, full_pos - robust_pos
    sensitivity: dict[Link, set[PairKey]] = {}
    rests_on: dict[Any, list[Link]] = {}
    for link in links:
        pairs, positions = _keys(build_graph(without_links(corpus, [link])))
        sensitivity[link] = full - pairs
        # A finding rests on `link` when it needs it (gone without it alone) ...
        for key in (fragile - pairs) | (fragile_pos - positions):
            rests_on.setdefault(key, []).append(link)
    for link in links:
        # ... or when `link` alone, of all the contested links, brings it back: two parallel
        # links each suffice, so neither is needed, but the finding rests on both together.
        others = [other for other in links if other != link]
        pairs, positions = _keys(build_graph(without_links(corpus, others)))
        for key in (fragile & pairs) | (fragile_pos & positions):
            if link not in rests_on.setdefault(key, []):
                rests_on[key].append(link)
    order = {link: i for i, link in enumerate(links)}
    return Robustness(
        links,
        fragile,
        fragile_pos,
        sensitivity,
        robust_ag,
        {key: tuple(sorted(ls, key=order.__getitem__)) for key, ls in rests_on.items()},
    )


def _keys(ag: ArgumentGraph) -> tuple[set[PairKey], set[tuple[Any, ...]]]:
    """The pair-level and grouped findings of a graph, by identity."""
    return _pairs(ag), {position_key(f) for f in find_positions(ag)}


def fragile_positions(rob: Robustness, found: Sequence[Position]) -> list[Position]:
    """The grouped findings of `found` that rest on a contested judgement."""
    return [f for f in found if position_key(f) in rob.fragile_positions]
