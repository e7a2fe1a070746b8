"""Graphviz DOT text for a map: deterministic, escaped, drawn by the conventions of DESIGN.md.

Consumes an :class:`~argmap.graph.ArgumentGraph` and a :class:`~argmap.render.view.Selection`;
produces DOT text. The same input gives the same bytes: clusters by document id, commitments by
id, claims by date then id, edges by (source, target, kind); no counters, no timestamps; every id
quoted; a trailing newline.

What is drawn:

- one cluster per document, labelled with its title, date and binding force, holding its
  commitments, each labelled with its locator and an excerpt;
- claims as rounded boxes filled with their actor's colour, labelled with speaker, actor, date
  and a wrapped excerpt;
- one edge per relation, styled by kind (:data:`~argmap.render.style.EDGE_STYLES`);
- a legend of the actors and of the relation kinds on the map, and a title with a line naming
  the corpus, the claims' date range and the filters.

Text is drawn literally (HTML-like labels, escaped; see :mod:`argmap.render.style`); quotations
longer than fits are cut with an ellipsis, and the SVG tooltip of each node holds the full text,
the source and the locator, with a link to the source where it has a URL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from argmap.graph import ArgumentGraph
from argmap.model import Claim, Commitment, Corpus
from argmap.render.style import (
    EDGE_STYLES,
    FONT,
    LABEL_STYLES,
    actor_colours,
    excerpt,
    html,
    quoted,
    wrap,
)
from argmap.render.view import Edge, Link, Selection, Summary, document_node
from argmap.safety import safe_url

__all__ = ["MapStyle", "generate_dot", "link_label", "summary_dot", "to_dot"]

_BR = '<BR ALIGN="LEFT"/>'
_MUTED = "#555555"
_CLUSTER_STYLE = {"legal": "filled", "political": "filled,dashed"}
#: The room, in points, of a map argmap lays out itself (``neato -n2``) when the caller
#: names none: about A4 landscape inside its margins.
LAYOUT_PAGE = (770.0, 523.0)


@dataclass(frozen=True)
class MapStyle:
    """Presentation options of one map; none changes what is on it.

    ``labels`` shades nodes by an argumentation labelling (values "in", "out", "undec");
    ``highlight``, ``hidden`` and ``caption`` serve the deck: the newest move, the moves still
    to come (laid out but invisible, so that every page has the same layout), and a line under
    the title.
    """

    title: str | None = None
    rankdir: str = "LR"
    labels: Mapping[str, str] | None = None
    highlight: str | None = None
    hidden: frozenset[str] = frozenset()
    caption: str | None = None
    legend: bool = True
    heading: bool = True  # the title and the line under it (the deck typesets its own)
    per_column: int | None = None  # nodes a column holds at most (None: about 1.3 √n)
    small: int = 8  # the point size of ids and edge labels (10 on paper, which is scaled down)
    wrap: int = 34
    claim_chars: int = 150
    commitment_chars: int = 120


def to_dot(ag: ArgumentGraph, selection: Selection, style: MapStyle | None = None) -> str:
    """The DOT text of a map (see :func:`generate_dot`), ending with a newline.

    Examples
    --------
    >>> from argmap.graph import build_graph
    >>> from argmap.model import Corpus
    >>> from argmap.render.view import select
    >>> ag = build_graph(Corpus())
    >>> print(to_dot(ag, select(ag, [])).splitlines()[0])
    digraph "argmap" {
    """
    return "\n".join(generate_dot(ag, selection, style)) + "\n"


def generate_dot(
    ag: ArgumentGraph, selection: Selection, style: MapStyle | None = None
) -> Iterator[str]:
    """Yield the lines of the DOT text of a map, without line ends."""
    st = style or MapStyle()
    corpus = ag.corpus
    colours = palette(ag)
    labels = st.labels or {}
    hidden = st.hidden

    yield 'digraph "argmap" {'
    yield (
        f'  graph [fontname="{FONT}", rankdir={st.rankdir}, newrank=true, '
        "outputorder=edgesfirst, nodesep=0.18, ranksep=0.7, pad=0.3, "
        "labelloc=t, labeljust=l, fontsize=12,"
    )
    yield f"    label={_title(corpus, selection, st) if st.heading else quoted('')}];"
    yield f'  node [fontname="{FONT}", fontsize=10, shape=box, margin="0.10,0.06"];'
    yield f'  edge [fontname="{FONT}", fontsize={max(9, st.small)}, arrowsize=0.7];'

    by_document: dict[str, list[str]] = {}
    for k in selection.commitments:
        by_document.setdefault(corpus.commitments[k].document, []).append(k)
    for doc_id in sorted(by_document):
        members = by_document[doc_id]
        yield from _cluster(corpus, doc_id, members, all(m in hidden for m in members))
        for k in members:
            yield "    " + _commitment(corpus.commitments[k], st, labels.get(k), k in hidden)
        yield "  }"
    for c in selection.claims:
        yield "  " + _claim(ag, corpus.claims[c], colours, st, labels.get(c), c in hidden)
    cols = columns(corpus, selection, by_document, st.per_column)
    column_of = {n: i for i, col in enumerate(cols) for n in col}
    qualified_any = False
    for e in selection.edges:
        invisible = e.source in hidden or e.target in hidden
        hot = st.highlight is not None and st.highlight in (e.source, e.target)
        back = column_of[e.source] > column_of[e.target]
        qualified = _qualified(ag, e)
        qualified_any = qualified_any or (qualified is not None and not invisible)
        yield "  " + _edge(e, invisible, hot, back, qualified)
    yield from _columns(cols)
    if st.legend:
        yield from _legend(ag, selection, colours, st, qualified_any)
    yield "}"


def palette(ag: ArgumentGraph) -> dict[str, tuple[str, str]]:
    """(border, fill) per actor: the actors with most claims in the corpus get the first
    colours, so that every view of one corpus colours an actor alike."""
    counts = Counter(ag.actor_of.values())
    return actor_colours(sorted(counts, key=lambda a: (-counts[a], a)))


def _title(corpus: Corpus, selection: Selection, st: MapStyle) -> str:
    dates = [corpus.claims[c].date for c in selection.claims]
    if not dates:
        span = "no claims"
    elif min(dates) == max(dates):
        span = f"claims of {min(dates)}"
    else:
        span = f"claims {min(dates)} – {max(dates)}"
    counts = (
        f"{len(selection.claims)} claim{'s' * (len(selection.claims) != 1)}, "
        f"{len(selection.commitments)} commitment{'s' * (len(selection.commitments) != 1)}"
    )
    title = st.title or corpus.title
    name = corpus.title if title != corpus.title else ""
    line = " · ".join(x for x in (name, span, counts, selection.options.describe()) if x)
    size = _scale(selection) * 2
    rows = [
        f'<FONT POINT-SIZE="{size}"><B>{html(title)}</B></FONT>',
        f'<FONT POINT-SIZE="{size * 11 // 20}" COLOR="{_MUTED}">{html(line)}</FONT>',
    ]
    if st.caption:
        rows.extend(
            f'<FONT POINT-SIZE="{size * 13 // 20}">{html(part)}</FONT>'
            for part in wrap(st.caption, 120)
        )
    return "<" + _BR.join(rows) + _BR + ">"


def _scale(selection: Selection) -> int:
    """Base font size of title and legend: larger on big maps, which are shrunk to be seen whole."""
    n = len(selection.claims) + len(selection.commitments)
    return 10 if n <= 30 else 16 if n <= 80 else 22


def _cluster(corpus: Corpus, doc_id: str, members: list[str], invisible: bool) -> Iterator[str]:
    doc = corpus.documents[doc_id]
    force = "legally binding" if doc.binding == "legal" else "politically binding"
    if not doc.in_force:
        force = "signed, never in force"
    # Wrapped narrower than the commitments: dot does not widen a cluster for its label.
    title = "".join(f"{html(t)}{_BR}" for t in wrap(excerpt(doc.title, 64), 24))
    label = (
        f'<FONT POINT-SIZE="11"><B>{title}</B></FONT>'
        f'<FONT COLOR="{_MUTED}">{doc.date} · {force}</FONT>{_BR}'
    )
    tip = f"{doc.title}\n{doc.venue + ', ' if doc.venue else ''}{doc.date}, {force}"
    yield f"  subgraph {quoted('cluster_' + doc_id)} {{"
    attrs = [
        f"id={quoted('document-' + doc_id)}",
        f"label=<{label}>",
        f"tooltip={quoted(tip)}",
        "fontsize=10",
        'color="#8C8C8C"',
        'fillcolor="#F5F5F5"',
        f'style="{"invis" if invisible else _CLUSTER_STYLE[doc.binding]}"',
        f"penwidth={1.6 if doc.binding == 'legal' else 1}",
    ]
    if doc.url and safe_url(doc.url):
        attrs.append(f"href={quoted(doc.url)}")
    yield "    graph [" + ", ".join(attrs) + "];"


def columns(
    corpus: Corpus,
    selection: Selection,
    by_document: Mapping[str, list[str]],
    per_column: int | None = None,
) -> list[list[str]]:
    """The map's columns, left to right (top to bottom with ``rankdir=TB``): a timeline.

    Documents come first, by date, each kept whole in one column; then the claims by date. A
    column holds about 1.3 √n of the n nodes, so that the map is about as wide as it is tall
    rather than one endless column of claims beside one of commitments.
    """
    n = len(selection.claims) + len(selection.commitments)
    cap = per_column or max(4, round(1.3 * n**0.5))
    result: list[list[str]] = []
    column: list[str] = []
    docs = sorted(by_document, key=lambda d: (corpus.documents[d].date, d))
    for d in docs:
        if column and len(column) + len(by_document[d]) > cap:
            result.append(column)
            column = []
        column.extend(by_document[d])
    if column:
        result.append(column)
    claims = selection.claims
    if claims:
        parts = -(-len(claims) // cap)
        size = -(-len(claims) // parts)
        chunks = [claims[i : i + size] for i in range(0, len(claims), size)]
        if len(chunks) >= 2 and result:
            # Older claims left of the commitments, newer ones right: no claim is more than
            # one column of claims away from the commitments it relates to.
            half = len(chunks) // 2
            return [*chunks[:half], *result, *chunks[half:]]
        result.extend(chunks)
    return result


def _columns(cols: list[list[str]]) -> Iterator[str]:
    """Pin each column to a rank with a chain of invisible anchors."""
    for i, col in enumerate(cols):
        anchor = quoted(f"column-{i}")
        yield f'  {anchor} [shape=point, width=0, height=0, style="invis", label=""];'
        yield f"  {{rank=same; {anchor} " + " ".join(quoted(n) for n in col) + "}"
        if i:
            yield f'  {quoted(f"column-{i - 1}")} -> {anchor} [style="invis"];'


def _text_rows(text: str, chars: int, width: int) -> str:
    return "".join(html(line) + _BR for line in wrap(excerpt(text, chars), width))


def _small(text: str, size: int = 8) -> str:
    return f'<FONT POINT-SIZE="{size}" COLOR="{_MUTED}">{html(text)}</FONT>{_BR}'


def _label_mark(label: str | None) -> str:
    if label is None or label not in LABEL_STYLES:
        return ""
    return f"<B>[{LABEL_STYLES[label][2]}]</B> "


def _commitment(k: Commitment, st: MapStyle, label: str | None, invisible: bool) -> str:
    text = (
        f"<{_label_mark(label)}<B>{_text_rows(k.locator, 80, st.wrap - 4)}</B>"
        f"{_text_rows(k.text, st.commitment_chars, st.wrap)}{_small(k.id, st.small)}>"
    )
    tip = f"{k.text}\n\n— {k.locator} ({k.document})"
    if k.note:
        tip += f"\n{k.note}"
    fill, style = "#FFFFFF", "filled"
    if label in LABEL_STYLES:
        override, style, _ = LABEL_STYLES[label]
        fill = override or fill
        style = style.replace("rounded,", "")
    attrs = [
        f"id={quoted(k.id)}",
        f"label={text}",
        f"tooltip={quoted(tip)}",
        'color="#444444"',
        f'fillcolor="{fill}"',
        f'style="{"invis" if invisible else style}"',
    ]
    return f"{quoted(k.id)} [{', '.join(attrs)}];"


def _claim(
    ag: ArgumentGraph,
    c: Claim,
    colours: Mapping[str, tuple[str, str]],
    st: MapStyle,
    label: str | None,
    invisible: bool,
    *,
    ids: bool = True,
    lane: bool = False,
) -> str:
    """A claim's node; `lane`: in an actor's lane, which names the actor, so the box does not."""
    corpus = ag.corpus
    actor_id = ag.actor_of[c.id]
    actor = corpus.actors[actor_id].label
    border, fill = colours.get(actor_id, ("#000000", "#FFFFFF"))
    if lane:
        who = corpus.actors[c.speaker].label if c.speaker and c.speaker != actor_id else ""
        head = f"<B>{html(who)}</B> · {c.date}" if who else f"<B>{c.date}</B>"
    elif c.speaker and c.speaker != actor_id:
        head = f"<B>{html(corpus.actors[c.speaker].label)}</B>{_BR}{html(actor)} · {c.date}"
    else:
        head = f"<B>{html(actor)}</B>{_BR}{c.date}"
    text = (
        f"<{_label_mark(label)}{head}{_BR}"
        f"{_text_rows(c.text, st.claim_chars, st.wrap)}{_small(c.id, st.small) if ids else ''}>"
    )
    where = ", ".join(x for x in (c.source.title, c.source.locator) if x)
    who = corpus.actors[c.speaker].label + f" for {actor}" if c.speaker else actor
    tip = f"{c.text}\n\n— {who}, {c.date}\n{where}"
    if c.original:
        tip += f"\n\nOriginal ({c.original.lang}): {c.original.text}"
    if c.source.url:
        tip += f"\n{c.source.url}"
    style, penwidth = "rounded,filled", 1.0
    if label in LABEL_STYLES:
        override, style, _ = LABEL_STYLES[label]
        fill = override or fill
        penwidth = 2.2 if label == "in" else 1.2
    if st.highlight == c.id:
        style += ",bold"
        penwidth, border = 4.0, "#000000"
    attrs = [
        f"id={quoted(c.id)}",
        f"label={text}",
        f"tooltip={quoted(tip)}",
        f'color="{border}"',
        f'fillcolor="{fill}"',
        f'style="{"invis" if invisible else style}"',
    ]
    if penwidth != 1.0:
        attrs.append(f"penwidth={penwidth:g}")
    if c.source.url and safe_url(c.source.url):
        attrs.append(f"href={quoted(c.source.url)}")
        attrs.append('target="_blank"')
    return f"{quoted(c.id)} [{', '.join(attrs)}];"


def _qualified(ag: ArgumentGraph, e: Edge) -> str | None:
    """The qualifying sentence of a breach made during a suspension without treaty basis."""
    corpus = ag.corpus
    if e.kind != "breach" or e.source not in corpus.claims or e.target not in corpus.commitments:
        return None
    claim = corpus.claims[e.source]
    document = corpus.commitments[e.target].document
    bound = ag.bindings.bound(ag.actor_of[e.source], document, claim.date)
    return bound.qualified if bound is not None else None


def _edge(e: Edge, invisible: bool, hot: bool, back: bool, qualified: str | None = None) -> str:
    """An edge; written from left column to right one (``dir=back`` when the relation runs
    the other way), since dot routes edges against the rank order in wide loops. A qualified
    breach (a declared suspension without treaty basis) says so in its label and tooltip."""
    es = EDGE_STYLES[e.kind]
    how = "stated in the text" if e.stated else "derived"
    tip = f"{e.source} → {e.target}: {es.legend} ({how})"
    if e.propositions:
        tip += "; at stake: " + ", ".join(e.propositions)
    if qualified:
        tip += f"; qualified: {qualified}"
    attrs = [
        es.attrs()
        if not hot
        else es.attrs().replace(f"penwidth={es.penwidth:g}", f"penwidth={es.penwidth + 1.6:g}")
    ]
    if es.label:
        label = f"{es.label} (qualified)" if qualified else es.label
        attrs.append(f'label="{label}", fontcolor="{es.colour}"')
    attrs.append(f"tooltip={quoted(tip)}")
    if invisible:
        attrs.append('style="invis"')
    if back:
        attrs.append("dir=back")
        return f"{quoted(e.target)} -> {quoted(e.source)} [{', '.join(attrs)}];"
    return f"{quoted(e.source)} -> {quoted(e.target)} [{', '.join(attrs)}];"


def _legend(
    ag: ArgumentGraph,
    selection: Selection,
    colours: Mapping[str, tuple[str, str]],
    st: MapStyle,
    qualified: bool = False,
    size: int | None = None,
    extra: str = "",
) -> Iterator[str]:
    """One table node: actor colours, the commitment box, labels, and a line sample per
    relation kind on the map (box-drawing glyphs in the edge's colour, so rows stay aligned)."""
    corpus = ag.corpus
    order = list(colours)
    actors = sorted({ag.actor_of[c] for c in selection.claims}, key=order.index)
    swatch = '<TD BGCOLOR="{fill}" COLOR="{border}" BORDER="1" STYLE="{shape}" WIDTH="40"> </TD>'
    rows = ['<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>']
    for a in actors:
        border, fill = colours[a]
        cell = swatch.format(fill=fill, border=border, shape="rounded")
        rows.append(f'<TR>{cell}<TD ALIGN="LEFT">claim by {html(corpus.actors[a].label)}</TD></TR>')
    if selection.commitments:
        cell = swatch.format(fill="#FFFFFF", border="#444444", shape="solid")
        rows.append(
            f'<TR>{cell}<TD ALIGN="LEFT">commitment, with its locator; boxed by document '
            "(dashed box: politically binding)</TD></TR>"
        )
    if st.labels:
        used = {st.labels[n] for n in selection.nodes if n in st.labels}
        for label, (fill, _, word) in LABEL_STYLES.items():
            if label in used:
                how = {"in": "accepted", "out": "rejected", "undec": "undecided"}[label]
                cell = swatch.format(fill=fill or "#FFFFFF", border="#444444", shape="rounded")
                rows.append(
                    f'<TR>{cell}<TD ALIGN="LEFT">[{word}] argument {how} under the '
                    "chosen semantics</TD></TR>"
                )
    kinds = {e.kind for e in selection.edges}
    for kind, es in EDGE_STYLES.items():
        if kind in kinds:
            sample = f'<FONT COLOR="{es.colour}">{es.glyph()}</FONT>'
            said = f' <FONT COLOR="{es.colour}">“{es.label}”</FONT>' if es.label else ""
            text = f'<TD ALIGN="LEFT">{html(es.legend)}{said}</TD>'
            rows.append(f'<TR><TD ALIGN="LEFT">{sample}</TD>{text}</TR>')
            if kind == "breach" and qualified:
                said = f'<FONT COLOR="{es.colour}">“{es.label} (qualified)”</FONT>'
                text = (
                    '<TD ALIGN="LEFT">breach made while the speaker had declared the treaty '
                    f"suspended without a basis in it {said}</TD>"
                )
                rows.append(f'<TR><TD ALIGN="LEFT">{sample}</TD>{text}</TR>')
    table = (
        '<TABLE BORDER="1" STYLE="rounded" COLOR="#BBBBBB" CELLBORDER="0" CELLSPACING="2" '
        'CELLPADDING="3">' + "".join(rows) + "</TABLE>"
    )
    size = size or _scale(selection)
    yield f'  "legend" [id="legend", shape=plain, fontsize={size}, label=<{table}>{extra}];'


# --- the summarised map ------------------------------------------------------------------------

#: Relation kinds as words on the summarised map's edge labels.
_LINK_WORDS = {
    "breach": "breach",
    "selective-invocation": "selective",
    "contradiction": "contradicts",
    "reversal": "reversal",
    "disagreement": "disagrees",
    "tension": "tension",
    "support": "supports",
    "invocation": "invokes",
}
#: The pitch of the summarised map's grid, in points: a box and the gap around it.
COLUMN_PITCH, ROW_PITCH = 194.0, 100.0
#: Height of the title and lane names above the grid, in points.
_HEAD = 110.0


def link_label(link: Link) -> str:
    """The words on a summarised edge: kind, count and the proposition most of them are about.

    >>> link_label(Link("a", "b", "breach", 2, ("free-choice-of-alliances",), False))
    'breach ×2: free choice of alliances'
    """
    text = f"{_LINK_WORDS[link.kind]} ×{link.pairs}"
    props = [p.replace("-", " ") for p in link.propositions]
    if props:
        more = f" (+{len(props) - 1})" if len(props) > 1 else ""
        text += ": " + props[0] + more
    return text


def lanes(ag: ArgumentGraph, summary: Summary) -> dict[str, list[str]]:
    """The lanes of the summarised map, left to right: the claims of the actor with most
    claims, the documents by date (as ``document:ID`` nodes), then each other actor's claims,
    in palette order; each lane by date."""
    order = list(palette(ag))
    out: dict[str, list[str]] = {}
    for c in summary.claims:
        out.setdefault(ag.actor_of[c], []).append(c)
    docs = {"": [document_node(d) for d in summary.documents]} if summary.documents else {}
    actors = sorted(out, key=order.index)
    # The documents between the actor with most claims and the others: the edges to them come
    # from both sides instead of all crossing every lane from one side.
    return {a: out[a] for a in actors[:1]} | docs | {a: out[a] for a in actors[1:]}


def lane_widths(sizes: list[int], page: tuple[float, float]) -> list[int]:
    """How many boxes wide each lane is, so that the map is drawn largest on `page` (width,
    height in points): every lane wraps after the same number of rows.

    >>> lane_widths([12, 29, 4, 3, 2], (1138.0, 790.0))
    [2, 3, 1, 1, 1]
    """
    best: tuple[float, list[int]] | None = None
    for rows in range(1, max(sizes, default=1) + 1):
        widths = [max(1, -(-n // rows)) for n in sizes]
        tall = max((-(-n // w) for n, w in zip(sizes, widths, strict=True)), default=1)
        scale = min(page[0] / (sum(widths) * COLUMN_PITCH), page[1] / (tall * ROW_PITCH + _HEAD))
        if best is None or scale > best[0] + 1e-9:
            best = (scale, widths)
    return best[1] if best else []


def summary_dot(
    ag: ArgumentGraph,
    summary: Summary,
    style: MapStyle | None = None,
    page: tuple[float, float] = LAYOUT_PAGE,
) -> str:
    """DOT text of the summarised map, laid out here and drawn by ``neato -n2``.

    Documents in a lane of their own, then the claims in one lane per actor, each lane read
    left to right and top to bottom by date; one edge per claim, document and kind, labelled
    beside the edge (``xlabel``). The grid is computed here rather than left to dot, whose
    layered layout cannot keep lanes and wraps them over a page: each lane wraps after the
    same number of rows, chosen so that the map is largest on `page` (width, height in
    points). No text is smaller than 10 pt.
    """
    st = style or MapStyle()
    corpus = ag.corpus
    colours = palette(ag)
    lines = ['digraph "argmap" {']
    n_claims, n_docs = len(summary.claims), len(summary.documents)
    counts = (
        f"{n_claims} claim{'s' * (n_claims != 1)}, {n_docs} document{'s' * (n_docs != 1)}, "
        f"{sum(summary.commitments.values())} commitments; one edge per claim, document "
        "and kind (argmap render --detail: one per commitment)"
    )
    title = st.title or corpus.title
    sub = " · ".join(x for x in (counts, summary.options.describe()) if x)
    chars = max(40, int(page[0] / 8))  # a line of 13 pt text as wide as the page
    rows = [f'<FONT POINT-SIZE="24"><B>{html(x)}</B></FONT>' for x in wrap(title, chars // 2)]
    rows += [f'<FONT POINT-SIZE="13" COLOR="{_MUTED}">{html(x)}</FONT>' for x in wrap(sub, chars)]
    if st.caption:
        rows += [f'<FONT POINT-SIZE="14">{html(x)}</FONT>' for x in wrap(st.caption, chars)]
    label = "<" + _BR.join(rows) + _BR + ">" if st.heading else '""'
    lines.append(
        f'  graph [fontname="{FONT}", outputorder=edgesfirst, splines=true, pad=0.1, '
        f"labelloc=t, labeljust=l, fontsize=12, forcelabels=true, label={label}];"
    )
    lines.append(f'  node [fontname="{FONT}", fontsize=10, shape=box, margin="0.08,0.05"];')
    lines.append(f'  edge [fontname="{FONT}", fontsize=10, arrowsize=0.7];')
    groups = lanes(ag, summary)
    widths = lane_widths([len(v) for v in groups.values()], page)
    place: dict[str, tuple[float, float]] = {}
    x0 = 0.0
    for i, ((actor, members), w) in enumerate(zip(groups.items(), widths, strict=True)):
        name = corpus.actors[actor].label if actor else "Documents"
        centre = x0 + (w - 1) * COLUMN_PITCH / 2
        text = _BR.join(html(x) for x in wrap(name, 18 * w))
        lines.append(
            f'  "lane-{i}" [id="lane-{i}", shape=plaintext, fontsize=14, '
            f'pos="{centre:.0f},{ROW_PITCH / 2 + 6:.0f}", label=<<B>{text}</B>{_BR}>];'
        )
        for j, n in enumerate(members):
            place[n] = (x0 + (j % w) * COLUMN_PITCH, -(j // w) * ROW_PITCH)
        x0 += w * COLUMN_PITCH
    brief = replace(st, claim_chars=90, wrap=28)
    for d in summary.documents:
        node = _document(corpus, d, summary.commitments.get(d, 0), d in st.hidden)
        lines.append(f"  {node[:-2]}, {_pos(place[document_node(d)])}];")
    for c in summary.claims:
        node = _claim(
            ag, corpus.claims[c], colours, brief, None, c in st.hidden, ids=False, lane=True
        )
        lines.append(f"  {node[:-2]}, {_pos(place[c])}];")
    for link in summary.links:
        lines.append("  " + _link(link, place, st))
    if st.legend:
        sel = Selection(
            summary.claims,
            [],
            [Edge(lk.source, lk.target, lk.kind, lk.stated, ()) for lk in summary.links],
        )
        # Below the shortest lanes at the right, where the grid has room.
        tall = [-(-len(v) // w) for v, w in zip(groups.values(), widths, strict=True)]
        k = len(tall)
        while k > 1 and max(tall[k - 1 :]) <= max(tall[k - 2 :]) and sum(widths[k - 1 :]) < 2:
            k -= 1
        left = sum(widths[: k - 1]) * COLUMN_PITCH
        right = sum(widths) * COLUMN_PITCH - COLUMN_PITCH / 2
        top = -max(tall[k - 1 :]) * ROW_PITCH
        where = f', pos="{(left + right) / 2 - COLUMN_PITCH / 4:.0f},{top - 60:.0f}"'
        lines.extend(_legend(ag, sel, colours, replace(st, labels=None), size=10, extra=where))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _pos(xy: tuple[float, float]) -> str:
    return f'pos="{xy[0]:.0f},{xy[1]:.0f}"'


def _document(corpus: Corpus, d: str, n: int, invisible: bool = False) -> str:
    """A document as one node of the summarised map."""
    doc = corpus.documents[d]
    force = "legally binding" if doc.binding == "legal" else "politically binding"
    if not doc.in_force:
        force = "signed, never in force"
    text = (
        "".join(f"<B>{html(t)}</B>{_BR}" for t in wrap(excerpt(doc.title, 70), 28))
        + f'<FONT COLOR="{_MUTED}">{doc.date} · {force}</FONT>{_BR}'
        + f'<FONT COLOR="{_MUTED}">{n} commitment{"s" * (n != 1)} on the map</FONT>{_BR}'
    )
    tip = f"{doc.title}\n{doc.venue + ', ' if doc.venue else ''}{doc.date}, {force}"
    attrs = [
        f"id={quoted(document_node(d))}",
        f"label=<{text}>",
        f"tooltip={quoted(tip)}",
        'color="#444444"',
        'fillcolor="#F5F5F5"',
        f'style="{"invis" if invisible else _CLUSTER_STYLE[doc.binding]}"',
        f"penwidth={1.6 if doc.binding == 'legal' else 1}",
    ]
    if doc.url and safe_url(doc.url):
        attrs.append(f"href={quoted(doc.url)}")
    return f"{quoted(document_node(d))} [{', '.join(attrs)}];"


def _link(link: Link, place: Mapping[str, tuple[float, float]], st: MapStyle) -> str:
    """A summarised edge, labelled beside the edge (``dir=back`` keeps each written from the
    node higher on the page, as :func:`_edge` does from left to right)."""
    es = EDGE_STYLES[link.kind]
    how = "stated in the text" if link.stated else "derived"
    tip = f"{link.source} → {link.target}: {es.legend} ({how}), {link.pairs}×"
    if link.propositions:
        tip += "; at stake: " + ", ".join(link.propositions)
    hot = st.highlight is not None and st.highlight in (link.source, link.target)
    style = es.attrs()
    if hot:
        style = style.replace(f"penwidth={es.penwidth:g}", f"penwidth={es.penwidth + 1.6:g}")
    attrs = [
        style,
        f"xlabel={quoted(link_label(link))}",
        f'fontcolor="{es.colour}"',
        f"tooltip={quoted(tip)}",
    ]
    if link.source in st.hidden or link.target in st.hidden:
        attrs.append('style="invis"')
    s, t = link.source, link.target
    if place.get(s, (0, 0))[1] < place.get(t, (0, 0))[1]:
        s, t = t, s
        attrs.append("dir=back")
    return f"{quoted(s)} -> {quoted(t)} [{', '.join(attrs)}];"
