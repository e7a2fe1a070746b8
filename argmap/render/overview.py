"""The map per actor: one box per actor and per document, one edge per actor, document and kind.

Consumes an ArgumentGraph and its position findings (:mod:`argmap.positions`); produces the
DOT text Graphviz lays out. A corpus too large to draw claim by claim (10,000 claims make a
summarised map of 30 MB of DOT, and no page holds 10,000 boxes) is drawn as who breached,
contradicted or selectively invoked which documents, how often and on what; changes of stance
are counted in each actor's box. The work grows with claims × literals, as the positions do,
never with pairs of claims.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from argmap.findings import KINDS
from argmap.graph import ArgumentGraph
from argmap.positions import Position, filter_positions, find_positions
from argmap.render.dot import (
    _BR,
    _MUTED,
    LAYOUT_PAGE,
    MapStyle,
    _document,
    _pos,
    link_label,
    palette,
)
from argmap.render.style import EDGE_STYLES, FONT, html, quoted, wrap
from argmap.render.view import DEFAULT_DERIVED, Link, ViewOptions, claims_in_view, document_node
from argmap.words import plural

__all__ = ["OVERVIEW_ABOVE", "Overview", "actor_node", "overview", "overview_dot"]

#: The pitch of the two columns: a row, the least gap between actors and documents, and
#: about how wide a box is (points).
ROW_PITCH, GAP, BOX_WIDTH = 92.0, 720.0, 200.0

#: ``render`` draws a map per actor when more claims than this would be on it (a summarised
#: map of 400 claims already needs a wall, not a page); ``--by claim`` draws every claim.
OVERVIEW_ABOVE = 400


def actor_node(actor: str) -> str:
    """The node name of an actor on the map per actor (kept apart from documents)."""
    return "actor:" + actor


@dataclass
class Overview:
    """The map per actor: actors (by claims, most first), documents by date, grouped links."""

    actors: list[str]
    documents: list[str]
    links: list[Link]
    claims: dict[str, int]  # per actor: claims that pass the filters
    changes: dict[str, int]  # per actor: changes of stance (reversals)
    commitments: dict[str, int]  # per document: how many of its commitments the links reach
    options: ViewOptions = field(default_factory=ViewOptions)


def overview(
    ag: ArgumentGraph,
    options: ViewOptions | None = None,
    found: Sequence[Position] | None = None,
) -> Overview:
    """Group the position findings of a view by actor, document and kind.

    Kinds as on the other maps: by default every kind but disagreements and supports, which
    ``--kind`` adds. A breach or contradiction is counted once per (claim, proposition) against
    each document; a selective invocation once per claim and document. `found`: the positions
    of those kinds and reversals, when the caller has them already.
    """
    opts = options or ViewOptions()
    corpus = ag.corpus
    kinds = set(DEFAULT_DERIVED if opts.kinds is None else opts.kinds)
    wanted = [k for k in KINDS if k in kinds or (k == "reversal")]
    found = filter_positions(
        ag,
        find_positions(ag, wanted) if found is None else found,
        actors=list(opts.actors),
        since=opts.since,
        until=opts.until,
    )
    documents = set(opts.documents)
    counts: Counter[tuple[str, str, str]] = Counter()
    at_stake: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    reached: dict[str, set[str]] = defaultdict(set)
    changes: Counter[str] = Counter()

    def add(source: str, target: str, kind: str, f: Position) -> None:
        key = (source, target, kind)
        counts[key] += 1
        for p in f.propositions:
            at_stake[key][p] += 1

    for f in found:
        if f.kind == "reversal":
            if f.actor is not None:
                changes[f.actor] += 1
            continue
        if f.kind not in kinds:
            continue
        sides = [s for s in f.sides if s.who in corpus.actors or s.who in corpus.documents]
        docs = [s for s in sides if s.who in corpus.documents]
        if documents and not any(s.who in documents for s in docs):
            continue
        for s in docs:
            reached[s.who].update(s.nodes)
        if f.actor is not None and f.kind in ("breach", "contradiction"):
            for s in docs:
                kind = "breach" if s.bound else "contradiction"
                if kind in kinds:
                    add(actor_node(f.actor), document_node(s.who), kind, f)
        elif f.actor is not None and docs:
            add(actor_node(f.actor), document_node(docs[0].who), f.kind, f)
        elif len(docs) == 2:
            a, b = sorted(document_node(s.who) for s in docs)
            add(a, b, f.kind, f)
        else:
            a, b = sorted(actor_node(s.who) for s in f.sides[:2])
            if a != b:
                add(a, b, f.kind, f)
    claims = Counter(ag.actor_of[c.id] for c in claims_in_view(ag, opts))
    links = [
        Link(s, t, k, n, _by_count(at_stake[(s, t, k)]), False)
        for (s, t, k), n in sorted(counts.items())
    ]
    order = list(palette(ag))
    on_map = {n for lk in links for n in (lk.source, lk.target)}
    actors = [a for a in order if claims[a] or actor_node(a) in on_map]
    shown = sorted(
        {n.removeprefix("document:") for n in on_map if n.startswith("document:")} | documents,
        key=lambda d: (corpus.documents[d].date, d),
    )
    return Overview(
        actors=actors,
        documents=shown,
        links=links,
        claims=dict(claims),
        changes=dict(changes),
        commitments={d: len(reached[d]) for d in shown},
        options=opts,
    )


def _y(i: int, n: int, tall: float) -> float:
    """The i-th of n boxes, spread evenly over a column `tall` points high, top down."""
    return -(i + 0.5) * tall / max(n, 1)


def _by_count(counts: Counter[str]) -> tuple[str, ...]:
    """The propositions, the one most findings are about first (then by id)."""
    return tuple(sorted(counts, key=lambda p: (-counts[p], p)))


def overview_dot(
    ag: ArgumentGraph,
    view: Overview,
    style: MapStyle | None = None,
    page: tuple[float, float] = LAYOUT_PAGE,
) -> str:
    """DOT text of the map per actor: actors on the left, documents on the right, the gap
    between them as wide as fills `page` (width, height in points), drawn by ``neato -n2``.

    Deterministic: nodes and edges in a fixed order, no timestamps.
    """
    st = style or MapStyle()
    corpus = ag.corpus
    colours = palette(ag)
    n_claims = sum(view.claims.get(a, 0) for a in view.actors)
    sub = (
        f"{plural(n_claims, 'claim')} of {plural(len(view.actors), 'actor')}, "
        f"{plural(len(view.documents), 'document')}; one edge per actor, document and kind "
        "(argmap render --by claim: one box per claim)"
    )
    described = view.options.describe()
    title = st.title or corpus.title
    rows = [f'<FONT POINT-SIZE="24"><B>{html(x)}</B></FONT>' for x in wrap(title, 60)]
    rows += [
        f'<FONT POINT-SIZE="13" COLOR="{_MUTED}">{html(x)}</FONT>'
        for x in wrap(" · ".join(x for x in (sub, described) if x), 110)
    ]
    label = "<" + _BR.join(rows) + _BR + ">" if st.heading else '""'
    lines = [
        'digraph "argmap" {',
        f'  graph [fontname="{FONT}", splines=line, outputorder=edgesfirst, pad=0.1, '
        f"labelloc=t, labeljust=l, forcelabels=true, label={label}];",
        f'  node [fontname="{FONT}", fontsize=12, shape=box, margin="0.12,0.08"];',
        f'  edge [fontname="{FONT}", fontsize=10, arrowsize=0.7];',
    ]
    # Laid out here, drawn by ``neato -n2``: actors in a column on the left, documents by date
    # on the right. ``dot`` took over a minute on 70 nodes and 2,500 labelled edges.
    tall = max(len(view.actors), len(view.documents), 1) * ROW_PITCH
    place = {actor_node(a): (0.0, _y(i, len(view.actors), tall)) for i, a in enumerate(view.actors)}
    gap = max(GAP, tall * page[0] / page[1] - 2 * BOX_WIDTH)
    for j, d in enumerate(view.documents):
        place[document_node(d)] = (gap, _y(j, len(view.documents), tall))
    for a in view.actors:
        border, fill = colours.get(a, ("#444444", "#FFFFFF"))
        n, k = view.claims.get(a, 0), view.changes.get(a, 0)
        text = f"<B>{html(corpus.actors[a].label)}</B>{_BR}"
        text += f'<FONT COLOR="{_MUTED}">{plural(n, "claim")}'
        text += f" · {plural(k, 'change')} of stance" if k else ""
        text += f"</FONT>{_BR}"
        lines.append(
            f"  {quoted(actor_node(a))} [id={quoted(actor_node(a))}, label=<{text}>, "
            f'style="filled,rounded", color="{border}", fillcolor="{fill}", penwidth=1.4, '
            f"{_pos(place[actor_node(a)])}];"
        )
    for d in view.documents:
        node = _document(corpus, d, view.commitments.get(d, 0))
        lines.append(f"  {node[:-2]}, {_pos(place[document_node(d)])}];")
    for link in view.links:
        es = EDGE_STYLES[link.kind]
        tip = f"{link.source} → {link.target}: {es.legend}, {link.pairs}×"
        if link.propositions:
            tip += "; at stake: " + ", ".join(link.propositions)
        attrs = [
            es.attrs(),
            f"label={quoted(link_label(link))}",
            f'fontcolor="{es.colour}"',
            f"tooltip={quoted(tip)}",
        ]
        if link.source.startswith("actor:") and link.target.startswith("actor:"):
            attrs.append("constraint=false")
        lines.append(f"  {quoted(link.source)} -> {quoted(link.target)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
