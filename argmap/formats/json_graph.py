"""JSON: the argument graph as a stable, documented node-link document.

Consumes an :class:`~argmap.graph.ArgumentGraph`; produces JSON that follows
``docs/json-export.schema.json`` (JSON Schema 2020-12), in networkx's node-link layout so that
``networkx.node_link_graph(data, edges="edges")`` reads it back as a MultiDiGraph:

.. code-block:: text

    {"directed": true, "multigraph": true,
     "graph": {"format": "argmap-graph", "version": 1, "title": ..., "description": ...},
     "nodes": [{"id", "type": "claim", "text", "date", "actor", "speaker", "source_title",
                "source_url", "locator", "asserts", "denies", "verified", "note"} |
               {"id", "type": "commitment", "text", "date", "document", "document_title",
                "binding", "locator", "url", "asserts", "denies", "verified", "note"}],
     "edges": [{"source", "target", "key", "kind", "derived", "propositions"}]}

Every key is always present (empty string, empty list or null when the corpus has no value),
nodes are sorted by id and edges by (source, target, kind). ``key`` equals ``kind``; the
kinds are documented in :mod:`argmap.graph`. ``version`` changes only with a migration note.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from argmap.files import write_atomic
from argmap.graph import ArgumentGraph

__all__ = ["FORMAT", "VERSION", "json_document", "to_json", "write_json"]

FORMAT = "argmap-graph"
VERSION = 1


def json_document(ag: ArgumentGraph, *, derived: bool = True) -> dict[str, Any]:
    """The node-link document of `ag` (see the module docstring).

    With ``derived=False`` the derived edges (``contradicts``, ``agrees``) are left out.

    Examples
    --------
    >>> from argmap.graph import build_graph
    >>> from argmap.model import Corpus
    >>> json_document(build_graph(Corpus()))["graph"]
    {'format': 'argmap-graph', 'version': 1, 'title': 'argmap corpus', 'description': ''}
    """
    corpus = ag.corpus
    G = ag.to_networkx()
    nodes = []
    for ident in sorted(G.nodes):
        record = ag.node(ident)
        nodes.append(
            {
                "id": ident,
                **G.nodes[ident],
                "asserts": list(record.asserts),
                "denies": list(record.denies),
                "verified": record.verified,
                "note": record.note,
            }
        )
    edges = [
        {
            "source": u,
            "target": v,
            "key": key,
            "kind": attrs["kind"],
            "derived": bool(attrs["derived"]),
            "propositions": list(attrs.get("propositions", ())),
        }
        for u, v, key, attrs in G.edges(keys=True, data=True)
        if derived or not attrs["derived"]
    ]
    edges.sort(key=lambda e: (e["source"], e["target"], e["kind"]))
    return {
        "directed": True,
        "multigraph": True,
        "graph": {
            "format": FORMAT,
            "version": VERSION,
            "title": corpus.title,
            "description": corpus.info.description if corpus.info else "",
        },
        "nodes": nodes,
        "edges": edges,
    }


def to_json(ag: ArgumentGraph, *, derived: bool = True) -> str:
    """The JSON text: sorted keys, two-space indent, trailing newline (byte-stable)."""
    doc = json_document(ag, derived=derived)
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_json(ag: ArgumentGraph, path: str | os.PathLike[str], *, derived: bool = True) -> Path:
    """Write :func:`to_json` to `path` atomically; return the path."""
    return write_atomic(path, to_json(ag, derived=derived))
