"""GraphML: the argument graph for yEd, Gephi, Cytoscape and networkx.

Consumes an :class:`~argmap.graph.ArgumentGraph`; produces GraphML written by networkx's
``generate_graphml`` (the ``xml.etree`` writer, so the bytes do not depend on whether lxml is
installed). Nodes and edges are those of :meth:`ArgumentGraph.to_networkx`, sorted by id and
by (source, target, kind), with typed attributes:

- nodes: ``type`` (claim | commitment), ``label`` (the id, which Gephi shows), ``text``,
  ``date`` and the flat record fields (``actor``, ``speaker``, ``source_title``, ...;
  ``document``, ``document_title``, ``binding``, ...), all strings;
- edges: ``kind`` (supports | attacks | invokes | contradicts | agrees), ``derived``
  (boolean) and ``propositions`` (the propositions at stake, comma-separated; empty for
  explicit edges: GraphML has no list type).

Read it back with ``networkx.read_graphml(path, force_multigraph=True)``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.files import write_atomic
from argmap.graph import ArgumentGraph

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["graphml_graph", "to_graphml", "write_graphml"]


def graphml_graph(ag: ArgumentGraph, *, derived: bool = True) -> nx.MultiDiGraph:
    """The sorted networkx graph GraphML is written from, every attribute a scalar.

    With ``derived=False`` the derived edges (``contradicts``, ``agrees``) are left out.

    Examples
    --------
    >>> from argmap.graph import build_graph
    >>> from argmap.model import Corpus
    >>> graphml_graph(build_graph(Corpus())).graph
    {'title': 'argmap corpus'}
    """
    import networkx as nx

    source = ag.to_networkx()
    G = nx.MultiDiGraph(title=ag.corpus.title)
    for node in sorted(source.nodes):
        attrs = source.nodes[node]
        G.add_node(node, label=node, **attrs)
    edges: list[tuple[str, str, str, dict[str, Any]]] = sorted(
        source.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])
    )
    for u, v, key, attrs in edges:
        if attrs["derived"] and not derived:
            continue
        props = attrs.get("propositions", ())
        G.add_edge(
            u,
            v,
            key=key,
            kind=attrs["kind"],
            derived=bool(attrs["derived"]),
            propositions=",".join(props),
        )
    return G


def to_graphml(ag: ArgumentGraph, *, derived: bool = True) -> str:
    """GraphML text (UTF-8 XML, ending with a newline)."""
    import networkx as nx

    lines = nx.generate_graphml(graphml_graph(ag, derived=derived))
    return "\n".join(["<?xml version='1.0' encoding='utf-8'?>", *lines]) + "\n"


def write_graphml(ag: ArgumentGraph, path: str | os.PathLike[str], *, derived: bool = True) -> Path:
    """Write :func:`to_graphml` to `path` atomically; return the path."""
    return write_atomic(path, to_graphml(ag, derived=derived))
