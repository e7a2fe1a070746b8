"""Counts over a corpus: what is in it, by section, actor and document.

Consumes a Corpus; produces a plain dict (the JSON shape of ``argmap stats``) and, for
people, rich tables built from that same dict so the two never disagree.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from argmap.model import Corpus

__all__ = ["corpus_stats", "stats_tables"]


def corpus_stats(corpus: Corpus) -> dict[str, Any]:
    """Counts by section, claims per attributed actor, commitments per document.

    Examples
    --------
    >>> corpus_stats(Corpus())["counts"]["claims"]
    0
    """
    by_actor = Counter(corpus.attributed_actor(c) for c in corpus.claims.values())
    by_doc = Counter(k.document for k in corpus.commitments.values())
    dates = sorted(c.date for c in corpus.claims.values())
    counts = {
        "actors": len(corpus.actors),
        "documents": len(corpus.documents),
        "propositions": len(corpus.propositions),
        "commitments": len(corpus.commitments),
        "claims": len(corpus.claims),
    }
    if corpus.examples:  # only where there are any: other corpora read as before
        counts["examples"] = len(corpus.examples)
    return {
        "title": corpus.title,
        "counts": counts,
        "claims_by_actor": {a: by_actor[a] for a in sorted(by_actor)},
        "commitments_by_document": {d: by_doc.get(d, 0) for d in sorted(corpus.documents)},
        "claim_dates": {"first": str(dates[0]), "last": str(dates[-1])} if dates else None,
    }


def stats_tables(stats: dict[str, Any]) -> list[Any]:
    """Rich tables for the text form of ``argmap stats``."""
    from rich.table import Table

    counts = Table(title=stats["title"], title_justify="left")
    counts.add_column("section")
    counts.add_column("records", justify="right")
    for section, n in stats["counts"].items():
        counts.add_row(section, str(n))
    actors = Table(title="claims by actor", title_justify="left")
    actors.add_column("actor")
    actors.add_column("claims", justify="right")
    for actor, n in stats["claims_by_actor"].items():
        actors.add_row(actor, str(n))
    docs = Table(title="commitments by document", title_justify="left")
    docs.add_column("document")
    docs.add_column("commitments", justify="right")
    for doc, n in stats["commitments_by_document"].items():
        docs.add_row(doc, str(n))
    return [counts, actors, docs]
