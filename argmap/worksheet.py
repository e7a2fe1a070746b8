"""Seminar worksheets: the map without the derived relations, numbered questions, an answer key.

Consumes an ArgumentGraph and its findings; produces Markdown or PDF. Students see only what
the texts state (claims, commitments, the links the texts make) and are asked for what argmap
derives: which commitment a claim contradicts, whether the speaker was bound by it then,
which sentence of an invoked document a claim contradicts, which earlier position a claim
reverses. The answer key is drawn from the same findings, so it cannot disagree with
``argmap analyze``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from argmap.errors import ArgmapError
from argmap.files import write_atomic
from argmap.findings import Finding, explanation
from argmap.graph import ArgumentGraph
from argmap.render.dot import MapStyle, to_dot
from argmap.render.style import excerpt
from argmap.render.view import Selection, ViewOptions, all_edges
from argmap.report import md_escape

__all__ = ["Question", "questions", "worksheet_markdown", "write_worksheet"]

#: How many questions of each kind a sheet asks, at most (a seminar hour's worth).
PER_KIND = {"breach": 4, "selective-invocation": 2, "contradiction": 2, "reversal": 2, "tension": 1}


@dataclass(frozen=True)
class Question:
    """One numbered question, the nodes it is about, and its answer."""

    number: int
    kind: str
    text: str
    answer: str
    nodes: tuple[str, ...]


def _who(ag: ArgumentGraph, claim_id: str) -> str:
    c = ag.corpus.claims[claim_id]
    actor = ag.corpus.actors[ag.actor_of[claim_id]].label
    speaker = f"{ag.corpus.actors[c.speaker].label} ({actor})" if c.speaker else actor
    return f"{speaker}, {c.date}"


def _where(ag: ArgumentGraph, commitment_id: str) -> str:
    k = ag.corpus.commitments[commitment_id]
    return f"{ag.corpus.documents[k.document].title}, {k.locator}"


def _pick(findings: Sequence[Finding]) -> list[Finding]:
    """Questions worth asking, spread over claims: one finding per claim and kind.

    For breaches, the commitment asked about is the most telling one: the one whose document
    the claims also invoke (a selective invocation), then the one most claims breach.
    """
    invoked_docs = {f.nodes[2] for f in findings if f.kind == "selective-invocation"}
    breached: dict[str, int] = {}
    for f in findings:
        if f.kind == "breach":
            breached[f.nodes[1]] = breached.get(f.nodes[1], 0) + 1

    def weight(f: Finding) -> tuple[int, int, str]:
        k = f.nodes[-1]
        return (-(k in invoked_docs), -breached.get(k, 0), k)

    ordered = sorted(
        findings,
        key=lambda f: (f.kind, f.nodes[0], weight(f)) if f.kind == "breach" else (f.kind, f.nodes),
    )

    def asked(f: Finding) -> tuple[str, str]:
        # The node a question quotes: a reversal's question quotes the later claim.
        return (f.kind, f.nodes[-1] if f.kind == "reversal" else f.nodes[0])

    best: dict[tuple[str, str], Finding] = {}
    for f in ordered:
        best.setdefault(asked(f), f)
    chosen: list[Finding] = []
    count: dict[str, int] = {}
    for f in findings:  # report order: breaches first
        if best.get(asked(f)) is not f:
            continue
        if count.get(f.kind, 0) >= PER_KIND.get(f.kind, 0):
            continue
        count[f.kind] = count.get(f.kind, 0) + 1
        chosen.append(f)
    return chosen


def questions(ag: ArgumentGraph, findings: Sequence[Finding]) -> list[Question]:
    """The numbered questions of a worksheet, in report order of their findings."""
    corpus = ag.corpus
    out: list[Question] = []
    picked = _pick(findings)
    on_map = {n for f in picked for n in f.nodes}
    for n, f in enumerate(picked, start=1):
        why = explanation(ag, f)
        if f.kind in ("breach", "contradiction"):
            claim, k = f.nodes
            actor = corpus.actors[ag.actor_of[claim]].label
            doc = corpus.documents[corpus.commitments[k].document]
            if f.kind == "breach":
                text = (
                    f"Claim {claim} ({_who(ag, claim)}) says: "
                    f"“{excerpt(corpus.claims[claim].text, 200)}” "
                    f"Which commitment on the map does it contradict? Was {actor} bound by it on "
                    f"{corpus.claims[claim].date}?"
                )
                also = sorted(
                    g.nodes[1]
                    for g in findings
                    if g.kind == "breach"
                    and g.nodes[0] == claim
                    and g.nodes[1] in on_map
                    and g.nodes[1] != k
                )
                others = f" (also on the map: {', '.join(also)})" if also else ""
                answer = f"{k} ({_where(ag, k)}){others}. {why}"
            else:
                text = (
                    f"Claim {claim} ({_who(ag, claim)}) contradicts {k} ({_where(ag, k)}). "
                    f"Was {actor} bound by {doc.title} on {corpus.claims[claim].date}, and what "
                    "difference does that make?"
                )
                answer = (
                    f"No: {actor} was not a party to {doc.title} on that date, so this is a "
                    f"contradiction, not a breach of its own commitment. {why}"
                )
        elif f.kind == "selective-invocation":
            claim, invoked, k = f.nodes
            text = (
                f"Claim {claim} ({_who(ag, claim)}) cites {invoked} ({_where(ag, invoked)}). "
                "Which other sentence of the same document does the claim contradict?"
            )
            answer = f"{k} ({_where(ag, k)}): “{excerpt(corpus.commitments[k].text, 200)}” {why}"
        elif f.kind == "reversal":
            earlier, later = f.nodes
            actor = corpus.actors[ag.actor_of[later]].label
            text = (
                f"Claim {later} ({_who(ag, later)}) says: "
                f"“{excerpt(corpus.claims[later].text, 200)}” "
                f"Which earlier statement of {actor} on the map does it reverse?"
            )
            answer = f"{earlier} ({_who(ag, earlier)}). {why}"
        else:  # tension
            a, b = f.nodes
            text = (
                f"Commitment {a} ({_where(ag, a)}): which other commitment on the map does it "
                "contradict, and on what?"
            )
            answer = f"{a} and {b}. {why}"
        out.append(Question(n, f.kind, text, answer, f.nodes))
    return out


def _selection(ag: ArgumentGraph, qs: Iterable[Question]) -> Selection:
    """The worksheet map: the nodes the questions are about and the links their texts state."""
    corpus = ag.corpus
    nodes = {n for q in qs for n in q.nodes}
    claims = sorted(
        (n for n in nodes if n in corpus.claims), key=lambda c: (corpus.claims[c].date, c)
    )
    commitments = sorted(n for n in nodes if n in corpus.commitments)
    # No findings: only what the texts state is drawn, with no derived label to give it away.
    edges = [e for e in all_edges(ag, [], None) if e.source in nodes and e.target in nodes]
    return Selection(claims, commitments, edges, ViewOptions())


def parties(ag: ArgumentGraph, qs: Iterable[Question]) -> list[str]:
    """For each document on the map: date, binding force and parties with their periods."""
    corpus = ag.corpus
    docs = sorted(
        {corpus.commitments[n].document for q in qs for n in q.nodes if n in corpus.commitments}
    )
    lines = []
    for d in docs:
        doc = corpus.documents[d]
        who = []
        for m in doc.parties:
            period = ""
            if m.since and m.since != doc.date:
                period += f" from {m.since}"
            if m.until:
                period += f" until {m.until}"
            who.append(corpus.actors[m.actor].label + period)
        lines.append(
            f"{doc.title} ({doc.date}, {doc.binding}ly binding): parties " + "; ".join(who)
        )
    successors = [a for a in corpus.actors.values() if a.successor_of]
    for a in successors:
        lines.append(
            f"{a.label} continues {corpus.actors[a.successor_of or ''].label} "
            "(bound by its documents)."
        )
    return lines


def worksheet_markdown(ag: ArgumentGraph, qs: Sequence[Question], map_file: str | None) -> str:
    """The exercise sheet in Markdown (questions only; the key is separate)."""
    corpus = ag.corpus
    # Every corpus string is escaped, as in report.md: a text starting "<img onerror=" or
    # holding "[x](javascript:...)" must stay text (issue 17).
    e = md_escape
    lines = [f"# Worksheet: {e(corpus.title)}", ""]
    lines.append(
        "The map shows what the texts say and the links they make themselves. argmap derives "
        "more from the propositions each text asserts or denies; find it."
    )
    lines.append("")
    if map_file:
        lines += [f"![The map, derived relations removed]({map_file})", ""]
    lines += ["## The texts", ""]
    for ident in _selection(ag, qs).claims:
        c = corpus.claims[ident]
        lines.append(f"- **{e(ident)}** — {e(_who(ag, ident))}: “{e(c.text.strip())}”")
    for ident in _selection(ag, qs).commitments:
        k = corpus.commitments[ident]
        lines.append(f"- **{e(ident)}** — {e(_where(ag, ident))}: “{e(k.text.strip())}”")
    lines += ["", "## The documents and who is bound by them", ""]
    lines += [f"- {e(line)}" for line in parties(ag, qs)]
    lines += ["", "## Questions", ""]
    for q in qs:
        lines += [f"{q.number}. {e(q.text)}", ""]
    return "\n".join(lines).rstrip() + "\n"


def key_markdown(ag: ArgumentGraph, qs: Sequence[Question]) -> str:
    """The answer key in Markdown."""
    lines = [f"# Answer key: {md_escape(ag.corpus.title)}", ""]
    for q in qs:
        lines += [f"{q.number}. ({q.kind}) {md_escape(q.answer)}", ""]
    return "\n".join(lines).rstrip() + "\n"


def _source(ag: ArgumentGraph, ident: str) -> tuple[str, str]:
    """Where a claim or commitment comes from, and its URL ('' when it has none)."""
    corpus = ag.corpus
    if ident in corpus.claims:
        src = corpus.claims[ident].source
        return ", ".join(x for x in (src.title, src.locator) if x) or src.url or "", src.url or ""
    k = corpus.commitments[ident]
    doc = corpus.documents[k.document]
    return f"{doc.title}, {k.locator} ({doc.date})", doc.url or ""


def _texts(ag: ArgumentGraph, qs: Sequence[Question]) -> list[dict[str, str]]:
    """Every claim and commitment on the worksheet's map, in full, with who said it, when and
    where."""
    corpus = ag.corpus
    sel = _selection(ag, qs)
    out = []
    for ident in [*sel.claims, *sel.commitments]:
        source, url = _source(ag, ident)
        if ident in corpus.claims:
            who, text = _who(ag, ident), corpus.claims[ident].text
        else:
            who, text = _where(ag, ident), corpus.commitments[ident].text
        out.append({"id": ident, "who": who, "text": text.strip(), "source": source, "url": url})
    return out


def _legend(ag: ArgumentGraph, selection: Selection) -> list[dict[str, str]]:
    """The map's legend as rows (colours, line style, meaning), for the typeset sheet."""
    from argmap.render.dot import palette
    from argmap.render.style import EDGE_STYLES

    colours = palette(ag)
    rows = []
    for a in sorted({ag.actor_of[c] for c in selection.claims}, key=list(colours).index):
        border, fill = colours[a]
        label = ag.corpus.actors[a].label
        rows.append({"fill": fill, "colour": border, "style": "box", "text": f"claim by {label}"})
    if selection.commitments:
        rows.append(
            {
                "fill": "#FFFFFF",
                "colour": "#444444",
                "style": "box",
                "text": "commitment, with its locator; boxed by document (dashed box: "
                "politically binding)",
            }
        )
    kinds = {e.kind for e in selection.edges}
    for kind, es in EDGE_STYLES.items():
        if kind in kinds:
            rows.append({"fill": "", "colour": es.colour, "style": es.style, "text": es.legend})
    return rows


def write_worksheet(
    ag: ArgumentGraph,
    path: str | os.PathLike[str],
    findings: Sequence[Finding],
    *,
    timeout: float = 60.0,
    page: Any = None,
) -> list[Path]:
    """Write the sheet to `path` (.md or .pdf) and its key beside it (``NAME-key.SUFFIX``); a
    PDF on `page` (a :class:`~argmap.render.paper.Paper`, default A4 portrait), typeset with
    Typst.

    A Markdown sheet links its map, written as ``NAME-map.svg``. Returns the files written.
    """
    from argmap.render.graphviz import run_graphviz

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".md", ".pdf"):
        raise ArgmapError(f"{target}: a worksheet is written as .md or .pdf, not '{suffix}'")
    qs = questions(ag, findings)
    if not qs:
        raise ArgmapError("this corpus has no finding to ask about: no worksheet to write")
    key_path = target.with_name(f"{target.stem}-key{suffix}")
    style = MapStyle(title=f"Worksheet: {ag.corpus.title}", legend=True)
    dot = to_dot(ag, _selection(ag, qs), style)
    if suffix == ".md":
        map_path = target.with_name(f"{target.stem}-map.svg")
        write_atomic(map_path, run_graphviz(dot, "svg", timeout=timeout))
        write_atomic(target, worksheet_markdown(ag, qs, map_path.name))
        write_atomic(key_path, key_markdown(ag, qs))
        return [target, map_path, key_path]
    from argmap.render.output import corpus_date, map_pages
    from argmap.render.paper import MARGIN, Paper, paper
    from argmap.render.typeset import typeset

    sheet = page or paper("a4", landscape=False)
    # The map takes at most 85 % of a page (its caption the rest); a map whose text would print
    # below 6 pt there is split by date over several pages.
    box = Paper(sheet.width, (sheet.height - 2 * MARGIN) * 0.85 + 2 * MARGIN, sheet.name)
    # The sheet has its own title and legend (typeset under the map): drawn, they would only
    # widen it; tall columns suit a portrait page.
    tall = 7 if box.height > box.width else None
    drawn = replace(style, heading=False, legend=False, per_column=tall)
    selection = _selection(ag, qs)
    parts = map_pages(ag, selection, drawn, box, True, None, timeout)
    data = {
        "title": f"Worksheet: {ag.corpus.title}",
        "intro": (
            "The map shows what the texts say and the links they make themselves. argmap "
            "derives more from the propositions each text asserts or denies; find it."
        ),
        "width": sheet.width,
        "height": sheet.height,
        "margin": MARGIN,
        "key": False,
        "maps": [
            {"file": f"map-{i}.pdf", "width": round(m.width * m.scale(box.content), 3)}
            for i, (_, m) in enumerate(parts)
        ],
        "texts": _texts(ag, qs),
        "legend": _legend(ag, selection),
        "parties": parties(ag, qs),
        "questions": [{"number": q.number, "text": q.text, "kind": q.kind} for q in qs],
    }
    made = corpus_date(ag)
    maps = {f"map-{i}.pdf": d.draw("pdf", timeout) for i, (d, _) in enumerate(parts)}
    write_atomic(target, typeset("worksheet.typ", data, drawings=maps, made=made))
    key = {
        **data,
        "title": f"Answer key: {ag.corpus.title}",
        "key": True,
        "questions": [{"number": q.number, "answer": q.answer, "kind": q.kind} for q in qs],
    }
    write_atomic(key_path, typeset("worksheet.typ", key, made=made))
    return [target, key_path]
