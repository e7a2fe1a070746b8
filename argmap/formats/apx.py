"""The corpus's argumentation framework in the ASPARTIX format, for other solvers.

Consumes an ArgumentGraph; produces ``arg(id).`` and ``att(a,b).`` lines
(:func:`argmap.semantics.apx.to_apx`), so that ``argmap evaluate`` can be checked against
ASPARTIX, clingo encodings or any ICCMA solver on the same framework.
"""

from __future__ import annotations

from argmap.argumentation import corpus_framework
from argmap.graph import ArgumentGraph
from argmap.semantics import Framework
from argmap.semantics import to_apx as framework_to_apx

__all__ = ["to_apx"]


def to_apx(ag: ArgumentGraph, *, derived: bool = True) -> str:
    """The framework ``argmap evaluate`` reasons on; without `derived`, stated attacks only."""
    if derived:
        return framework_to_apx(corpus_framework(ag))
    stated = sorted((s, t) for s, t, kind in ag.explicit if kind == "attacks")
    return framework_to_apx(Framework.from_edges(list(ag.nodes()), stated))
