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
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from argmap.errors import ArgmapError, Problem
from argmap.files import write_atomic
from argmap.findings import KINDS as FINDING_KINDS
from argmap.findings import Finding, find_all
from argmap.graph import ArgumentGraph
from argmap.render.dot import MapStyle, summary_dot, to_dot
from argmap.render.graphviz import choose_engine, run_graphviz
from argmap.render.paper import DECK, MARGIN, MIN_PRINTED_PT, Drawing, Paper, measure_svg, paper
from argmap.render.style import excerpt
from argmap.render.typeset import typeset
from argmap.render.view import (
    EmptyView,
    Selection,
    ViewOptions,
    claims_in_view,
    select,
    summarise,
)

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
    smallest_pt: float | None = None  # the smallest text as printed on the page (PDF)
    actors: int | None = None  # set when drawn per actor (argmap.render.overview)


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
    page: Paper | None = None,
    detail: bool = False,
    by: str | None = None,
) -> Rendered:
    """Draw the map of `options` into `path` (pdf, svg, png or dot by suffix).

    `by` is "claim" (a box per claim), "actor" (:mod:`argmap.render.overview`: a box per
    actor) or None: per actor when more than OVERVIEW_ABOVE claims would be on a summarised
    map, per claim otherwise.

    By default the map is summarised (:func:`~argmap.render.view.summarise`: one edge per
    claim, document and kind); `detail`, and any ``--focus`` view, draw one edge per pair of
    nodes. A PDF is printed on
    `page` (default A4 landscape): when the map's smallest text would print below
    :data:`~argmap.render.paper.MIN_PRINTED_PT` it is split by date over as many pages as
    keep it legible, every page the same size. SVG, PNG and DOT are one drawing at its natural
    size (laid out for `page`).
    """
    fmt = format_of(path)
    sheet = page or paper("a4", landscape=True)
    if by == "actor" or (by is None and not detail and _many_claims(ag, options)):
        return _render_overview(ag, path, fmt, options, style or MapStyle(), sheet, timeout)
    found = find_all(ag) if findings is None else findings
    selection = select(ag, found, options)
    # A focus view is small and about its node's own commitments: it keeps them apart.
    detail = detail or selection.options.focus is not None
    st = style or MapStyle()
    counts = (len(selection.claims), len(selection.commitments), len(selection.edges))
    start = time.perf_counter()
    if fmt != "pdf":
        drawing = map_drawing(ag, selection, st, sheet, detail, engine)
        if fmt == "dot":
            return Rendered(write_atomic(path, drawing.dot), fmt, *counts)
        data = drawing.draw(fmt, timeout)
        took = time.perf_counter() - start
        return Rendered(
            write_atomic(path, data), fmt, *counts, engine=drawing.engine, layout_seconds=took
        )
    pages = map_pages(ag, selection, st, sheet, detail, engine, timeout)
    pdf = place_drawings(ag, sheet, [(d, d.draw("pdf", timeout), m) for d, m in pages], st)
    took = time.perf_counter() - start
    return Rendered(
        write_atomic(path, pdf),
        fmt,
        *counts,
        pages=len(pages),
        engine=pages[0][0].engine,
        layout_seconds=took,
        smallest_pt=min(m.printed(sheet.content) for _, m in pages),
    )


def _many_claims(ag: ArgumentGraph, options: ViewOptions | None) -> bool:
    """Whether a summarised map of `options` would hold more than OVERVIEW_ABOVE claims."""
    from argmap.render.overview import OVERVIEW_ABOVE

    opts = options or ViewOptions()
    if opts.focus is not None or len(ag.corpus.claims) <= OVERVIEW_ABOVE:
        return False
    return sum(1 for _ in claims_in_view(ag, opts)) > OVERVIEW_ABOVE


def _render_overview(
    ag: ArgumentGraph,
    path: str | os.PathLike[str],
    fmt: str,
    options: ViewOptions | None,
    style: MapStyle,
    sheet: Paper,
    timeout: float,
) -> Rendered:
    """The map per actor (:mod:`argmap.render.overview`), one drawing; a PDF fits one page."""
    from argmap.render.overview import overview, overview_dot

    view = overview(ag, options)
    nodes = len(view.actors) + len(view.documents)
    dot = overview_dot(ag, view, style, sheet.content)
    drawing = MapDrawing(dot, "neato", ("-n2",), nodes)
    counts = (
        sum(view.claims.get(a, 0) for a in view.actors),
        sum(view.commitments.values()),
        len(view.links),
    )
    start = time.perf_counter()
    if fmt == "dot":
        data = drawing.dot.encode("utf-8")
    elif fmt == "pdf":
        svg = drawing.draw("svg", timeout)
        data = place_drawings(
            ag, sheet, [(drawing, drawing.draw("pdf", timeout), measure_svg(svg))], style
        )
    else:
        data = drawing.draw(fmt, timeout)
    return Rendered(
        write_atomic(path, data),
        fmt,
        *counts,
        engine=None if fmt == "dot" else "neato",
        layout_seconds=time.perf_counter() - start,
        actors=len(view.actors),
    )


@dataclass(frozen=True)
class MapDrawing:
    """DOT text and how Graphviz is to lay it out."""

    dot: str
    engine: str
    args: tuple[str, ...] = ()
    nodes: int = 0

    def draw(self, fmt: str, timeout: float) -> bytes:
        """The drawing in `fmt`."""
        return run_graphviz(
            self.dot, fmt, engine=self.engine, timeout=timeout, nodes=self.nodes, args=self.args
        )


def map_drawing(
    ag: ArgumentGraph,
    selection: Selection,
    style: MapStyle,
    sheet: Paper,
    detail: bool,
    engine: str | None = None,
    on_paper: bool = False,
) -> MapDrawing:
    """The drawing of one map: summarised (laid out by argmap for `sheet`) or in detail (for a
    page of `sheet` when `on_paper`: columns as tall as the page, ids and labels at 10 pt)."""
    n_nodes = len(selection.claims) + len(selection.commitments)
    if detail:
        chosen = engine or choose_engine(n_nodes, len(selection.edges))
        if on_paper and style.per_column is None and style.rankdir == "LR":
            # As many boxes a column as the page's height holds at 6 pt printed text.
            style = replace(style, per_column=max(3, int(sheet.content[1] / 0.6 / 210)))
        if on_paper:  # scaled down to the page: ids and labels as large as the text (10 pt)
            style = replace(style, small=10)
        return MapDrawing(to_dot(ag, selection, style), chosen, (), n_nodes)
    text = summary_dot(ag, summarise(ag, selection), style, sheet.content)
    return MapDrawing(text, "neato", ("-n2",), n_nodes)


def map_pages(
    ag: ArgumentGraph,
    selection: Selection,
    style: MapStyle,
    sheet: Paper,
    detail: bool,
    engine: str | None,
    timeout: float,
) -> list[tuple[MapDrawing, Drawing]]:
    """The map on as few pages of `sheet` as keep its text at least MIN_PRINTED_PT printed.

    The claims are cut by date into 1, 2, 3, ... parts (each part with the commitments and
    documents its claims relate to) until every part's drawing prints legibly.
    """
    claims = selection.claims
    parts = 1
    while True:
        chunks = _balanced(ag, selection, parts) if detail else _even(claims, parts)
        result = []
        for i, chunk in enumerate(chunks, start=1):
            part = _part(ag, selection, chunk, i == 1) if len(chunks) > 1 else selection
            st = style
            if len(chunks) > 1:
                dates = [ag.corpus.claims[c].date for c in chunk]
                st = replace(
                    style,
                    caption=f"Part {i} of {len(chunks)}: claims of {min(dates)} – {max(dates)}",
                )
            drawing = map_drawing(ag, part, st, sheet, detail, engine, on_paper=True)
            result.append((drawing, measure_svg(drawing.draw("svg", timeout))))
        if all(m.printed(sheet.content) >= MIN_PRINTED_PT for _, m in result):
            return result
        if len(chunks) >= len(claims):
            raise EmptyView(
                f"the map cannot be printed legibly on {sheet.name} even one claim a page"
                + ("; draw it summarised (without --detail), " if detail else "; ")
                + "choose a larger --paper or a smaller view"
            )
        worst = min(m.printed(sheet.content) for _, m in result)
        # The text grows about as the square root of the share of the map on a page.
        parts = max(parts + 1, min(len(claims), int(parts * (MIN_PRINTED_PT / worst) ** 2)))


def _even(items: Sequence[str], n: int) -> list[list[str]]:
    """`items` cut into `n` runs of about the same length (the summarised map: documents are
    one box each however many commitments a claim reaches)."""
    size = -(-len(items) // n) if items else 1
    return [list(items[i : i + size]) for i in range(0, len(items), size)] or [[]]


def _balanced(ag: ArgumentGraph, selection: Selection, n: int) -> list[list[str]]:
    """The claims cut by date into about `n` parts of about the same size on paper: a claim
    weighs one box and one more for each commitment it relates to, so that a claim reaching a
    dozen commitments gets a page of its own and quiet claims share one."""
    claims = selection.claims
    if n <= 1 or not claims:
        return [list(claims)]
    weight = {c: 1 for c in claims}
    for e in selection.edges:
        for a, b in ((e.source, e.target), (e.target, e.source)):
            if a in weight and b in ag.corpus.commitments:
                weight[a] += 1
    target = sum(weight.values()) / n
    chunks: list[list[str]] = [[]]
    load = 0.0
    for c in claims:
        if chunks[-1] and load + weight[c] > target:
            chunks.append([])
            load = 0.0
        chunks[-1].append(c)
        load += weight[c]
    return chunks


def _part(
    ag: ArgumentGraph, selection: Selection, claims: Sequence[str], first: bool = False
) -> Selection:
    """The map of `claims` alone: their relations and the commitments these reach (and, on
    the `first` part, the commitments no claim of the map relates to, with their relations)."""
    keep = set(claims)
    commitments = ag.corpus.commitments
    linked = {
        n
        for e in selection.edges
        if e.source in ag.corpus.claims or e.target in ag.corpus.claims
        for n in (e.source, e.target)
    }
    alone = {k for k in selection.commitments if k not in linked} if first else set()
    edges = [
        e
        for e in selection.edges
        if (e.source in keep or e.target in keep or {e.source, e.target} <= alone)
        and all(n in keep or n in commitments for n in (e.source, e.target))
    ]
    reached = alone | {n for e in edges for n in (e.source, e.target) if n in commitments}
    return Selection(
        list(claims),
        [k for k in selection.commitments if k in reached],
        edges,
        selection.options,
    )


def corpus_date(ag: ArgumentGraph) -> date:
    """The date a document about the corpus is stamped with: its latest claim's (or
    document's), so that the same corpus gives the same bytes on any day."""
    corpus = ag.corpus
    dates = [c.date for c in corpus.claims.values()] + [d.date for d in corpus.documents.values()]
    return max(dates, default=date(1970, 1, 1))


def place_drawings(
    ag: ArgumentGraph,
    sheet: Paper,
    pages: Sequence[tuple[MapDrawing, bytes, Drawing]],
    style: MapStyle,
) -> bytes:
    """One PDF with each drawing centred on its own page of `sheet`, fitted to the margins."""
    data = {
        "title": style.title or ag.corpus.title,
        "width": sheet.width,
        "height": sheet.height,
        "margin": MARGIN,
        "pages": [
            {"file": f"map-{i}.pdf", "width": round(m.width * m.scale(sheet.content), 3)}
            for i, (_, _, m) in enumerate(pages)
        ],
    }
    drawings = {f"map-{i}.pdf": pdf for i, (_, pdf, _) in enumerate(pages)}
    return typeset("map.typ", data, drawings=drawings, made=corpus_date(ag))


#: How many earlier claims on the same nodes a deck page shows at most (the latest ones).
EARLIER = 4


def neighbourhood(ag: ArgumentGraph, selection: Selection, claim: str) -> Selection:
    """What one move of the deck shows: the claim, the nodes it relates to, and the earlier
    claims (up to :data:`EARLIER`, the latest) that relate to those nodes."""
    corpus = ag.corpus
    day = corpus.claims[claim].date
    order = {c: i for i, c in enumerate(selection.claims)}
    near: dict[str, set[str]] = {}
    for e in selection.edges:
        near.setdefault(e.source, set()).add(e.target)
        near.setdefault(e.target, set()).add(e.source)
    first = {n for n in near.get(claim, ()) if n not in corpus.claims or order[n] < order[claim]}
    earlier = sorted(
        {
            c
            for n in first | {claim}
            for c in near.get(n, ())
            if c in corpus.claims and c != claim and order[c] < order[claim]
        }
        - first,
        key=order.__getitem__,
    )[-EARLIER:]
    keep = {claim} | first | set(earlier)
    claims = sorted((c for c in keep if c in corpus.claims), key=order.__getitem__)
    commitments = sorted(k for k in keep if k in corpus.commitments)
    edges = [e for e in selection.edges if e.source in keep and e.target in keep]
    assert all(corpus.claims[c].date <= day for c in claims)
    return Selection(claims, commitments, edges, selection.options)


def deck_pages(ag: ArgumentGraph, selection: Selection, style: MapStyle | None = None) -> list[str]:
    """The DOT text of each move's page (see :func:`neighbourhood`), in date order: the
    summarised map (claims and documents), laid out for the room under the caption."""
    st = replace(style or MapStyle(), legend=False, heading=False)
    return [
        summary_dot(
            ag, summarise(ag, neighbourhood(ag, selection, c)), replace(st, highlight=c), _DECK_BOX
        )
        for c in selection.claims
    ]


#: The room for a move's map on a deck page, under its caption, in points.
_DECK_BOX = (DECK.content[0], DECK.content[1] - 175)


def _caption(ag: ArgumentGraph, ident: str) -> dict[str, str]:
    corpus = ag.corpus
    c = corpus.claims[ident]
    actor = corpus.actors[ag.actor_of[ident]].label
    who = f"{corpus.actors[c.speaker].label} ({actor})" if c.speaker else actor
    source = ", ".join(x for x in (c.source.title, c.source.locator) if x) or c.source.url or ""
    return {
        "who": who,
        "date": c.date.isoformat(),
        "quote": excerpt(c.text, 200),
        "source": excerpt(source, 160),
        "url": c.source.url or "",
    }


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
    """Write the seminar deck of the view into a 16:9 PDF at `path`: a title page, one page per
    claim in date order (its neighbourhood, captioned), and a closing summary page.

    `progress(done, total)` is called after each move's drawing; `timeout` applies to each.
    """
    format_of(path, ("pdf",))
    found = find_all(ag) if findings is None else findings
    selection = select(ag, found, options)
    if not selection.claims:
        raise EmptyView("the deck has no page: no claim is on the map")
    pages = deck_pages(ag, selection, style)
    chosen = "neato"
    start = time.perf_counter()
    results: list[tuple[bytes, Drawing]] = []
    if progress:
        progress(0, len(pages))

    def draw(text: str) -> tuple[bytes, Drawing]:
        svg = run_graphviz(text, "svg", engine=chosen, timeout=timeout, args=("-n2",))
        pdf = run_graphviz(text, "pdf", engine=chosen, timeout=timeout, args=("-n2",))
        return pdf, measure_svg(svg)

    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        for result in pool.map(draw, pages):
            results.append(result)
            if progress:
                progress(len(results), len(pages))
    took = time.perf_counter() - start
    corpus = ag.corpus
    box = _DECK_BOX
    shown = {n for n in selection.nodes}
    # The closing page counts findings as `analyze` reports them: positions, not pairs
    # (supports left out, as there), among the moves of the deck.
    from argmap.positions import find_positions

    wanted = [k for k in FINDING_KINDS if k != "support"]
    kinds = Counter(
        p.kind
        for p in find_positions(ag, wanted)
        if all(n in shown for n in p.nodes() if n in corpus.claims)
        and any(n in corpus.claims for n in p.nodes())
    )
    dates = [corpus.claims[c].date for c in selection.claims]
    data = {
        "title": (style.title if style and style.title else None) or corpus.title,
        "subtitle": " · ".join(
            x
            for x in (
                f"{len(selection.claims)} moves, {min(dates)} – {max(dates)}",
                selection.options.describe(),
            )
            if x
        ),
        "width": DECK.width,
        "height": DECK.height,
        "margin": MARGIN,
        "moves": [
            {
                "file": f"move-{i}.pdf",
                "width": round(m.width * min(2.0, box[0] / m.width, box[1] / m.height), 3),
                "number": i + 1,
                **_caption(ag, c),
            }
            for i, (c, (_, m)) in enumerate(zip(selection.claims, results, strict=True))
        ],
        "summary": [{"kind": k, "count": kinds[k]} for k in sorted(kinds, key=FINDING_KINDS.index)],
        "actors": sorted({corpus.actors[ag.actor_of[c]].label for c in selection.claims}),
    }
    drawings = {f"move-{i}.pdf": pdf for i, (pdf, _) in enumerate(results)}
    pdf = typeset("deck.typ", data, drawings=drawings, made=corpus_date(ag))
    return Rendered(
        write_atomic(path, pdf),
        "pdf",
        len(selection.claims),
        len(selection.commitments),
        len(selection.edges),
        pages=len(pages) + 2,
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
