"""One self-contained interactive page: the map, a side panel with quotations and findings.

Consumes an :class:`~argmap.graph.ArgumentGraph` and its findings; produces one HTML file that
works offline from ``file://``: the SVG map drawn by the renderer (the same selection and DOT as
``argmap render``), the corpus and its findings as JSON, and the script, style and fonts it
needs, all inline. Nothing is fetched: a student can open it from a USB stick.

How the parts meet:

- the SVG is Graphviz's, with its XML prolog removed; each node and edge group gets
  ``data-`` attributes (node id; edge source, target and kind) so that the script need not parse
  Graphviz's titles and tooltips;
- the data is a ``<script type="application/json">`` block, with ``<``, ``>`` and ``&`` written
  as JSON escapes, so that no text in the corpus can close the block or open markup;
- the script builds every piece of text in the panel with ``textContent``, never as markup;
- the map's labels were laid out by Graphviz with DejaVu Sans metrics, so the page embeds DejaVu
  Sans (regular and bold), cut down to the characters the page uses (:mod:`argmap.render.fonts`);
  without it a reader's fallback font would overflow the boxes.

The output is byte-stable: keys sorted, findings in report order, no timestamps.
"""

from __future__ import annotations

import html as _html
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from argmap import __version__
from argmap.files import write_atomic
from argmap.findings import KINDS, Finding, find_all
from argmap.graph import ArgumentGraph
from argmap.positions import Position, find_positions, position_dict
from argmap.render.dot import MapStyle, palette, to_dot
from argmap.render.fonts import font_face_css
from argmap.render.graphviz import choose_engine, run_graphviz
from argmap.render.output import format_of
from argmap.render.style import EDGE_STYLES
from argmap.render.view import Selection, ViewOptions, select
from argmap.safety import link_or_none

__all__ = [
    "KIND_LABELS",
    "Page",
    "annotate_svg",
    "page_data",
    "page_html",
    "script_json",
    "write_page",
]

#: How the page names each finding kind (the filter and the panel's headings).
KIND_LABELS: dict[str, str] = {
    "breach": "Breach of the speaker's own commitment",
    "selective-invocation": "Selective invocation",
    "contradiction": "Contradicts a commitment the speaker had not made",
    "reversal": "Reversal",
    "disagreement": "Disagreement",
    "tension": "Tension between commitments",
    "support": "Support",
    "invocation": "Invokes (cites) a commitment",
}

_TEMPLATES = files("argmap") / "templates"


@dataclass(frozen=True)
class Page:
    """What was written: where, how much of the corpus is on the map, whether fonts are inline."""

    path: Path
    claims: int
    commitments: int
    findings: int
    fonts_embedded: bool


def write_page(
    ag: ArgumentGraph,
    path: str | os.PathLike[str],
    *,
    style: MapStyle | None = None,
    findings: Sequence[Finding] | None = None,
    timeout: float = 60.0,
) -> Page:
    """Draw the map, build the page and write it atomically to `path` (which ends in .html)."""
    format_of(path, ("html",))
    from argmap.render.overview import OVERVIEW_ABOVE

    title = style.title if style else None
    if findings is None and len(ag.corpus.claims) > OVERVIEW_ABOVE:
        return _write_large_page(ag, path, style or MapStyle(), timeout)
    found = list(find_all(ag) if findings is None else findings)
    selection = select(ag, found, ViewOptions())  # the map draws one edge per pair
    grouped = find_positions(ag)  # the panels list what analyze lists
    n_nodes = len(selection.claims) + len(selection.commitments)
    engine = choose_engine(n_nodes, len(selection.edges))
    svg = run_graphviz(
        to_dot(ag, selection, style), "svg", engine=engine, timeout=timeout, nodes=n_nodes
    ).decode("utf-8")
    text, embedded = page_html(ag, grouped, selection, svg, title=title)
    return Page(
        write_atomic(path, text),
        len(selection.claims),
        len(selection.commitments),
        len(grouped),
        embedded,
    )


#: On the page of a large corpus, at most this many findings of each kind are listed.
LIST_AT_MOST = 1000


def _write_large_page(
    ag: ArgumentGraph, path: str | os.PathLike[str], style: MapStyle, timeout: float
) -> Page:
    """The page of a corpus of more than OVERVIEW_ABOVE claims: the map per actor, and the
    disagreements and supports counted, not listed (100,000 of them at 10,000 claims; a page
    that listed them would be too large for a browser). ``analyze --kind disagreement`` lists
    them.
    """
    from argmap.positions import positions_and_counts
    from argmap.render.overview import overview, overview_dot
    from argmap.render.paper import paper
    from argmap.render.view import DEFAULT_DERIVED

    # The kinds the map per actor draws by default (and reversals) are the kinds listed here.
    listed = [k for k in KINDS if k in DEFAULT_DERIVED or k == "reversal"]
    grouped, (supports, _), disagreements = positions_and_counts(ag, listed)
    counted = {"disagreement": disagreements, "support": supports}
    view = overview(ag, found=grouped)
    by_kind: dict[str, list[Position]] = {k: [] for k in listed}
    for f in grouped:
        by_kind[f.kind].append(f)
    for kind, group in by_kind.items():
        if len(group) > LIST_AT_MOST:
            counted[kind] = len(group)
    # The latest of each kind (report order is by date), in report order.
    shown = [f for group in by_kind.values() for f in group[-LIST_AT_MOST:]]
    shown.sort(key=lambda f: f.sort_key)
    nodes = len(view.actors) + len(view.documents)
    dot = overview_dot(ag, view, style, paper("a4", landscape=True).content)
    svg = run_graphviz(dot, "svg", engine="neato", args=("-n2",), timeout=timeout, nodes=nodes)
    note = (
        f"{len(ag.corpus.claims):,} claims: the map is drawn per actor (argmap render --by "
        f"claim draws every claim), the {counted['disagreement']:,} disagreements and "
        f"{counted['support']:,} supports are counted, not listed, and of each other kind the "
        f"latest {LIST_AT_MOST:,} are listed (argmap analyze lists every finding)."
    )
    text, embedded = page_html(
        ag,
        shown,
        Selection([], [], []),
        svg.decode("utf-8"),
        title=style.title,
        counted=counted,
        note=note,
    )
    return Page(
        write_atomic(path, text),
        sum(view.claims.values()),
        sum(view.commitments.values()),
        len(grouped) + counted["disagreement"] + counted["support"],
        embedded,
    )


def page_data(
    ag: ArgumentGraph,
    findings: Sequence[Position],
    selection: Selection,
    counted: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Everything the page's script shows, as plain JSON-ready values (see module docs).

    `counted`: how many findings there are of the kinds not all listed (a large corpus's
    page); the others are counted from `findings`."""
    corpus = ag.corpus
    on_map = selection.nodes
    colours = palette(ag)
    involved: dict[str, list[int]] = {}
    rows = []
    # Findings that rest on a contested implies/excludes judgement (argmap.robust).
    from argmap.robust import position_key, robustness

    rests_on: dict[Any, list[str]] = {}
    if any(p.contested for p in corpus.propositions.values()):
        rob = robustness(corpus, ag)
        rests_on = {key: rob.judgements(key) for key in rob.rests_on}
    spans: dict[tuple[str, ...], str] = {}
    for i, f in enumerate(findings):
        d = position_dict(ag, f, spans)
        # The claim first, then what it invokes (the page marks nodes[1] as invoked), then the
        # rest, each once.
        ids = list(dict.fromkeys([*f.sides[0].nodes, *f.invoked, *f.nodes()]))
        row: dict[str, Any] = {
            "kind": f.kind,
            "nodes": ids,
            "explanation": d["explanation"],
            "derivation": d.get("derivation", []),
            "propositions": d["propositions"],
        }
        for key in ("bound_since", "bound_through", "documents"):
            if key in d:
                row[key] = d[key]
        qualified = [side["qualified"] for side in d.get("sides", []) if "qualified" in side]
        if qualified:
            row["qualified"] = "; ".join(qualified)
        if rests := rests_on.get(position_key(f)):
            row["contested"] = rests
        rows.append(row)
        for n in ids:
            involved.setdefault(n, []).append(i)
    nodes: dict[str, Any] = {}
    for c in corpus.claims.values():
        nodes[c.id] = {
            "type": "claim",
            "actor": ag.actor_of[c.id],
            "by": c.actor,
            "speaker": c.speaker,
            "date": c.date.isoformat(),
            "text": c.text,
            "original": c.original.model_dump() if c.original else None,
            "source": {**c.source.model_dump(), "url": link_or_none(c.source.url)},
            "asserts": c.asserts,
            "denies": c.denies,
            "invokes": c.invokes,
            "note": c.note,
            "verified": c.verified,
            "onMap": c.id in on_map,
            "findings": involved.get(c.id, []),
        }
    for k in corpus.commitments.values():
        nodes[k.id] = {
            "type": "commitment",
            "document": k.document,
            "locator": k.locator,
            "text": k.text,
            "asserts": k.asserts,
            "denies": k.denies,
            "note": k.note,
            "verified": k.verified,
            "onMap": k.id in on_map,
            "findings": involved.get(k.id, []),
        }
    counts = {k: 0 for k in KINDS}
    for f in findings:
        counts[f.kind] += 1
    listed = dict(counts)
    counts.update(counted or {})
    drawn = {e.kind for e in selection.edges}
    kinds = [
        {
            "id": k,
            "label": KIND_LABELS[k],
            "colour": EDGE_STYLES[k].colour,
            "line": EDGE_STYLES[k].style,
            "width": 4 if EDGE_STYLES[k].penwidth >= 2 else 2,
            "count": counts.get(k, 0),
            "finding": k in counts,
            "listed": listed.get(k, 0),
            "drawn": k in drawn,
        }
        for k in (*KINDS, "invocation")
    ]
    return {
        "title": corpus.title,
        "description": corpus.info.description if corpus.info else "",
        "version": __version__,
        "actors": {
            a.id: {
                "name": a.label,
                "kind": a.kind,
                "role": a.role,
                "represents": a.represents,
                "colour": list(colours[a.id]) if a.id in colours else None,
            }
            for a in corpus.actors.values()
        },
        "documents": {
            d.id: {
                "title": d.title,
                "venue": d.venue,
                "date": d.date.isoformat(),
                "binding": d.binding,
                "url": link_or_none(d.url),
                "note": d.note,
            }
            for d in corpus.documents.values()
        },
        "propositions": {p.id: p.text for p in corpus.propositions.values()},
        "nodes": nodes,
        "findings": rows,
        "edges": [[e.source, e.target, e.kind, e.stated] for e in selection.edges],
        "kinds": kinds,
    }


_JSON_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_json(obj: Any) -> str:
    """`obj` as JSON safe inside a ``<script>`` element: markup characters as JSON escapes.

    >>> script_json({"t": "</script><!-- & \u2028"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003c!-- \\\\u0026 \\\\u2028"}'
    """
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.translate(_JSON_ESCAPES)


_GROUP = re.compile(r'<g id="([^"]*)" class="(node|edge)">\n<title>([^<]*)</title>')
_TIP = re.compile(r'\s*<g id="[^"]*"><a (?:xlink:href="[^"]*" )?xlink:title="([^"]*)"')
_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.S)


def annotate_svg(svg: str, selection: Selection) -> str:
    """Graphviz's SVG for inlining in HTML: no XML prolog or comments, and ``data-`` attributes.

    Each node group gets ``data-node`` (its claim or commitment id; the legend is left alone);
    each edge group gets ``data-source``, ``data-target`` and ``data-kind``, read from the
    edge's tooltip (``"S → T: legend (…)"``, see :func:`argmap.render.dot.generate_dot`) and
    checked against the selection.
    """
    svg = _PROLOG.sub("", svg, count=1)
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
    nodes = selection.nodes
    edges = {(e.source, e.target, e.kind) for e in selection.edges}
    by_legend = sorted(((s.legend, k) for k, s in EDGE_STYLES.items()), key=lambda x: -len(x[0]))

    def edge_attrs(tip: str) -> str:
        head, _, rest = _html.unescape(tip).partition(": ")
        source, _, target = head.partition(" → ")
        for legend, kind in by_legend:
            if rest.startswith(legend) and (source, target, kind) in edges:
                return f' data-source="{source}" data-target="{target}" data-kind="{kind}"'
        return ""

    out: list[str] = []
    pos = 0
    for m in _GROUP.finditer(svg):
        out.append(svg[pos : m.end(2) + 1])  # up to and including class="…"'s closing quote
        pos = m.end(2) + 1
        title = _html.unescape(m.group(3))
        if m.group(2) == "node" and title in nodes:
            out.append(f' data-node="{_html.escape(title)}" tabindex="0" role="button"')
        elif m.group(2) == "edge":
            tip = _TIP.match(svg, m.end())
            if tip:
                out.append(edge_attrs(tip.group(1)))
    out.append(svg[pos:])
    return "".join(out)


def _asset(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


def page_html(
    ag: ArgumentGraph,
    findings: Sequence[Position],
    selection: Selection,
    svg: str,
    *,
    title: str | None = None,
    counted: dict[str, int] | None = None,
    note: str | None = None,
) -> tuple[str, bool]:
    """The page's HTML text, and whether the map's fonts are embedded in it (`counted`: see
    :func:`page_data`; `note`: a line above the kinds, for a large corpus's page)."""
    from jinja2 import Environment
    from markupsafe import Markup

    env = Environment(autoescape=True, keep_trailing_newline=True)
    template = env.from_string(_asset("page.html.j2"))
    script = _asset("page.js")
    style = _asset("page.css")
    for text in (script, style):
        if "</" in text:  # a closing tag inside would end the element early
            raise ValueError("page assets must not contain '</'")
    data = page_data(ag, findings, selection, counted)
    if title:
        data["title"] = title

    def fill(fonts: str) -> str:
        return template.render(
            title=data["title"],
            description=data["description"],
            svg=Markup(annotate_svg(svg, selection)),
            data=Markup(script_json(data)),
            script=Markup(script),
            style=Markup(style),
            fonts=Markup(fonts),
            kinds=data["kinds"],
            actors=_actors_with_claims(ag),
            version=__version__,
            note=note,
        )

    draft = fill("")
    fonts = font_face_css(draft)
    return fill(fonts), bool(fonts)


def _actors_with_claims(ag: ArgumentGraph) -> list[dict[str, str]]:
    """The actors claims are attributed to or spoken by, for the actor filter, by name."""
    corpus = ag.corpus
    ids = set(ag.actor_of.values()) | {c.speaker for c in corpus.claims.values() if c.speaker}
    return [
        {"id": a, "name": corpus.actors[a].label, "kind": corpus.actors[a].kind}
        for a in sorted(
            ids, key=lambda a: (corpus.actors[a].kind == "person", corpus.actors[a].label, a)
        )
    ]
