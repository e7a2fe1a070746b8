"""Write a map or a seminar deck to a file whose suffix names the format.

Consumes an :class:`~argmap.graph.ArgumentGraph` and the view and style options; produces a
file, written atomically (:func:`argmap.files.write_atomic`), and a :class:`Rendered` summary.

The deck is one PDF page per claim in date order: page k draws the map as it stood after the
k-th claim, the newest move highlighted and captioned (who, when, what, source). Every page lays
out the same graph, with the moves still to come present but invisible, so that nodes keep their
place from page to page and a seminar sees the map grow rather than jump. Graphviz cannot write
several graphs into one PDF (its cairo renderer concatenates separate files), so the pages are
merged with pypdf.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from argmap.errors import ArgmapError, Problem
from argmap.files import write_atomic
from argmap.findings import Finding, find_all
from argmap.graph import ArgumentGraph
from argmap.render.dot import MapStyle, to_dot
from argmap.render.graphviz import choose_engine, run_graphviz
from argmap.render.style import excerpt
from argmap.render.view import EmptyView, Selection, ViewOptions, select

__all__ = [
    "FORMATS",
    "Rendered",
    "UnknownFormat",
    "deck_pages",
    "format_of",
    "render_deck",
    "render_map",
]

FORMATS = ("pdf", "svg", "png", "dot")

Progress = Callable[[int, int], None]


class UnknownFormat(ArgmapError):
    """The output file's suffix names no format argmap can write."""

    def __init__(self, path: str | os.PathLike[str], allowed: Sequence[str]) -> None:
        names = [f".{f}" for f in allowed]
        which = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        super().__init__(f"cannot tell the format of '{path}': the file name must end in {which}")

    @property
    def problems(self) -> list[Problem]:
        return [Problem(path="argmap", message=str(self), code="unknown-format")]


@dataclass(frozen=True)
class Rendered:
    """What was written: where, in which format, how big a map, and how long Graphviz took."""

    path: Path
    format: str
    claims: int
    commitments: int
    edges: int
    pages: int = 1
    engine: str | None = None
    layout_seconds: float = 0.0


def format_of(path: str | os.PathLike[str], allowed: Sequence[str] = FORMATS) -> str:
    """The format named by the suffix of `path` (UnknownFormat otherwise).

    >>> format_of("out/map.PDF")
    'pdf'
    """
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in allowed:
        raise UnknownFormat(path, allowed)
    return fmt


def render_map(
    ag: ArgumentGraph,
    path: str | os.PathLike[str],
    *,
    options: ViewOptions | None = None,
    style: MapStyle | None = None,
    findings: Sequence[Finding] | None = None,
    timeout: float = 60.0,
    engine: str | None = None,
) -> Rendered:
    """Draw the map of `options` into `path` (pdf, svg, png or dot by suffix)."""
    fmt = format_of(path)
    found = find_all(ag) if findings is None else findings
    selection = select(ag, found, options)
    text = to_dot(ag, selection, style)
    n_nodes = len(selection.claims) + len(selection.commitments)
    counts = (len(selection.claims), len(selection.commitments), len(selection.edges))
    if fmt == "dot":
        return Rendered(write_atomic(path, text), fmt, *counts)
    chosen = engine or choose_engine(n_nodes, len(selection.edges))
    start = time.perf_counter()
    data = run_graphviz(text, fmt, engine=chosen, timeout=timeout, nodes=n_nodes)
    took = time.perf_counter() - start
    return Rendered(write_atomic(path, data), fmt, *counts, engine=chosen, layout_seconds=took)


def deck_pages(ag: ArgumentGraph, selection: Selection, style: MapStyle | None = None) -> list[str]:
    """The DOT text of each deck page (see module docs), in date order of the claims."""
    corpus = ag.corpus
    st = style or MapStyle()
    claims = selection.claims
    pages = []
    for k, newest in enumerate(claims, start=1):
        shown = set(claims[:k])
        day = corpus.claims[newest].date
        for e in selection.edges:
            if e.source in shown or e.target in shown:
                shown.update(n for n in (e.source, e.target) if n in corpus.commitments)
        shown.update(
            c
            for c in selection.commitments
            if corpus.documents[corpus.commitments[c].document].date <= day
        )
        hidden = frozenset(selection.nodes - shown)
        caption = _caption(ag, k, newest, len(claims))
        page = replace(st, highlight=newest, hidden=hidden, caption=caption)
        pages.append(to_dot(ag, selection, page))
    return pages


def _caption(ag: ArgumentGraph, k: int, ident: str, total: int) -> str:
    corpus = ag.corpus
    c = corpus.claims[ident]
    actor = corpus.actors[ag.actor_of[ident]].label
    who = f"{corpus.actors[c.speaker].label} ({actor})" if c.speaker else actor
    source = ", ".join(x for x in (c.source.title, c.source.locator) if x) or c.source.url or ""
    return (
        f"Move {k} of {total} · {who}, {c.date}: “{excerpt(c.text, 220)}” "
        f"— Source: {excerpt(source, 140)}"
    )


def render_deck(
    ag: ArgumentGraph,
    path: str | os.PathLike[str],
    *,
    options: ViewOptions | None = None,
    style: MapStyle | None = None,
    findings: Sequence[Finding] | None = None,
    timeout: float = 60.0,
    engine: str | None = None,
    progress: Progress | None = None,
) -> Rendered:
    """Write the seminar deck of the view into a PDF at `path` (one page per claim).

    `progress(done, total)` is called after each page; `timeout` applies to each page.
    """
    format_of(path, ("pdf",))
    found = find_all(ag) if findings is None else findings
    selection = select(ag, found, options)
    if not selection.claims:
        raise EmptyView("the deck has no page: no claim is on the map")
    pages = deck_pages(ag, selection, style)
    n_nodes = len(selection.claims) + len(selection.commitments)
    chosen = engine or choose_engine(n_nodes, len(selection.edges))
    start = time.perf_counter()
    results: list[bytes] = []
    if progress:
        progress(0, len(pages))

    def draw(text: str) -> bytes:
        return run_graphviz(text, "pdf", engine=chosen, timeout=timeout, nodes=n_nodes)

    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        for data in pool.map(draw, pages):
            results.append(data)
            if progress:
                progress(len(results), len(pages))
    took = time.perf_counter() - start
    merged = merge_pdfs(results)
    return Rendered(
        write_atomic(path, merged),
        "pdf",
        len(selection.claims),
        len(selection.commitments),
        len(selection.edges),
        pages=len(pages),
        engine=chosen,
        layout_seconds=took,
    )


def merge_pdfs(documents: Sequence[bytes]) -> bytes:
    """One PDF holding every page of `documents`, in order."""
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in documents:
        writer.append(PdfReader(BytesIO(data)))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
