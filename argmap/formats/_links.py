"""The relations every interchange format shows, in the vocabulary those formats share.

Argdown and AIF know three relations between statements: *support*, *attack* and (Argdown
only, AIF as a pair of conflicts) *contradiction*. This module maps argmap's edge kinds
(:mod:`argmap.graph`) onto them once, so that the exporters and their tests agree:

================  =========================  ==============================================
argmap edge        interchange relation        direction
================  =========================  ==============================================
``supports``      support                    claim → claim, as written
``attacks``       attack                     claim → claim or commitment, as written
``invokes``       support                    commitment → claim: the claim cites the
                                             commitment as a premise, so the commitment is
                                             shown supporting it
``agrees``        support (derived)          as oriented by the graph (claim → commitment,
                                             earlier claim → later claim)
``contradicts``   contradiction (derived)    as oriented by the graph; symmetric in meaning
================  =========================  ==============================================

A derived support is left out where the data already states a support between the same two
nodes (in either direction: agreement is symmetric).
"""

from __future__ import annotations

from dataclasses import dataclass

from argmap.graph import AGREES, ATTACKS, CONTRADICTS, INVOKES, SUPPORTS, ArgumentGraph

__all__ = ["ATTACK", "CONTRADICTION", "SUPPORT", "Link", "interchange_links"]

SUPPORT = "support"
ATTACK = "attack"
CONTRADICTION = "contradiction"

_EXPLICIT = {SUPPORTS: SUPPORT, ATTACKS: ATTACK, INVOKES: SUPPORT}
_DERIVED = {AGREES: SUPPORT, CONTRADICTS: CONTRADICTION}


@dataclass(frozen=True, order=True)
class Link:
    """One relation as the interchange formats show it.

    Attributes
    ----------
    source, target : str
        Node ids; the relation goes from `source` to `target`.
    relation : str
        ``support``, ``attack`` or ``contradiction``.
    origin : str
        The argmap edge kind it comes from (``supports``, ``attacks``, ``invokes``,
        ``agrees``, ``contradicts``).
    """

    source: str
    target: str
    relation: str
    origin: str

    @property
    def derived(self) -> bool:
        """Whether the relation was derived from the propositions (not written in the data)."""
        return self.origin in _DERIVED


def interchange_links(ag: ArgumentGraph, *, derived: bool = True) -> list[Link]:
    """The relations to export, sorted by (source, target, relation, origin).

    Parameters
    ----------
    ag : ArgumentGraph
        The graph to export.
    derived : bool
        Include the derived ``agrees``/``contradicts`` relations (default) or only the ones
        the data states.

    Returns
    -------
    list of Link

    Examples
    --------
    >>> from argmap.graph import build_graph
    >>> from argmap.model import Corpus
    >>> interchange_links(build_graph(Corpus()))
    []
    """
    links: set[Link] = set()
    seen: set[tuple[str, str, str]] = set()
    for source, target, kind in ag.explicit:
        relation = _EXPLICIT[kind]
        if kind == INVOKES:
            source, target = target, source
        links.add(Link(source, target, relation, kind))
        seen.add((source, target, relation))
    if derived:
        for rel in ag.relations:
            relation = _DERIVED[rel.kind]
            if (rel.source, rel.target, relation) not in seen and (
                relation != SUPPORT or (rel.target, rel.source, relation) not in seen
            ):
                links.add(Link(rel.source, rel.target, relation, rel.kind))
    return sorted(links)
