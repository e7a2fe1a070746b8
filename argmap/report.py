"""A findings report for analysts, in Markdown or as printable HTML.

Consumes an :class:`~argmap.graph.ArgumentGraph` and its findings; produces one document that
reads like a briefing: summary counts; breaches grouped by actor, each with the claim and the
commitment quoted side by side (speaker, date, document, locator, binding force, since when the
speaker was bound); selective invocations; reversals as a timeline; tensions within and between
documents; the other findings in brief; and the sources (every document with its URL, every
claim with its source).

The content is assembled once (:func:`report_model`) and written by one of two Jinja2 templates
(``templates/report.md.j2``, ``templates/report.html.j2``). In Markdown every value is escaped
by the environment's ``finalize`` hook unless the code built it as Markdown on purpose
(:class:`Md`); in HTML Jinja2's autoescape does the same. The report is byte-stable: no dates of
making, findings in report order, groups sorted.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from argmap import __version__
from argmap.files import write_atomic
from argmap.findings import KINDS, Finding, explanation, find_all, principal
from argmap.graph import ArgumentGraph
from argmap.render.output import format_of
from argmap.safety import link_or_none, safe_url

__all__ = ["FORMATS", "Md", "Report", "md_escape", "report_model", "report_text", "write_report"]

FORMATS = ("md", "html", "pdf")

#: Section titles and what each kind means, in report order.
KIND_TITLES: dict[str, tuple[str, str]] = {
    "breach": (
        "Breaches",
        "a claim contradicts a commitment that bound the speaker's state or organization that day",
    ),
    "selective-invocation": (
        "Selective invocations",
        "a claim cites one commitment of a document while contradicting another of the same one",
    ),
    "contradiction": (
        "Contradictions",
        "a claim contradicts a commitment its actor was not bound by that day",
    ),
    "reversal": ("Reversals", "an actor contradicts what it said earlier"),
    "disagreement": ("Disagreements", "claims of different actors contradict each other"),
    "tension": ("Tensions", "two commitments contradict each other"),
    "support": ("Supports", "a claim agrees with a commitment or another claim"),
}


@dataclass(frozen=True)
class Report:
    """What was written, and a one-line summary for the command line."""

    path: Path
    format: str
    summary: str


class Md(str):
    """Text that is already Markdown (a link, a line break): written as it is."""

    __slots__ = ()


_MD = str.maketrans(
    {
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "|": "\\|",
        "~": "\\~",
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
    }
)


_URL = str.maketrans({" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", '"': "%22"})


def md_escape(value: Any) -> str:
    """`value` as literal Markdown text, safe in a paragraph, a quote or a table cell.

    Markup characters are escaped, HTML is written as entities and line breaks become ``<br>``
    (a table cell or a quote holds one line).

    >>> md_escape('a *b* | <c> & d_e\\nf')
    'a \\\\*b\\\\* \\\\| &lt;c&gt; &amp; d\\\\_e<br>f'
    >>> md_escape(Md("[x](y)"))
    '[x](y)'
    """
    if value is None:
        return ""
    if isinstance(value, Md):
        return str(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return "<br>".join(line.translate(_MD) for line in text.split("\n"))


def _md_link(text: str, url: str | None) -> Md:
    """A Markdown link (or the escaped text alone when there is no URL)."""
    if not url or not safe_url(url):
        return Md(md_escape(text))
    target = url.translate(_URL)
    return Md(f"[{md_escape(text)}]({target})")


# --- the content ---------------------------------------------------------------------------


def _claim(ag: ArgumentGraph, ident: str) -> dict[str, Any]:
    corpus = ag.corpus
    c = corpus.claims[ident]
    actor = corpus.actors[ag.actor_of[ident]]
    speaker = corpus.actors[c.speaker] if c.speaker and c.speaker != actor.id else None
    return {
        "id": ident,
        "type": "claim",
        "text": c.text,
        "original": c.original.model_dump() if c.original else None,
        "actor": actor.label,
        "speaker": speaker.label if speaker else None,
        "role": speaker.role if speaker else None,
        "who": f"{speaker.label} for {actor.label}" if speaker else actor.label,
        "who_full": _who_full(speaker, actor),
        "date": c.date.isoformat(),
        "source": c.source.title or c.source.url or "",
        "url": link_or_none(c.source.url),
        "locator": c.source.locator,
        "verified": bool(c.verified),
    }


def _who_full(speaker: Any, actor: Any) -> str:
    """'Sergey Lavrov, Minister of Foreign Affairs'; without a role, 'X for Russia'."""
    if speaker is None:
        return str(actor.label)
    if speaker.role:
        return f"{speaker.label}, {speaker.role}"
    return f"{speaker.label} for {actor.label}"


def _commitment(ag: ArgumentGraph, ident: str) -> dict[str, Any]:
    corpus = ag.corpus
    k = corpus.commitments[ident]
    d = corpus.documents[k.document]
    return {
        "id": ident,
        "type": "commitment",
        "text": k.text,
        "original": None,
        "document": d.title,
        "document_id": d.id,
        "venue": d.venue,
        "date": d.date.isoformat(),
        "locator": k.locator,
        "binding": "legally binding" if d.binding == "legal" else "politically binding",
        "url": link_or_none(d.url),
        "verified": bool(k.verified),
    }


def _stake(ag: ArgumentGraph, f: Finding) -> list[dict[str, str]]:
    """The propositions worth naming (see :func:`argmap.findings.principal`), with their text."""
    props = ag.corpus.propositions
    return [{"id": p, "text": props[p].text.rstrip(". ")} for p in principal(ag, f)]


def _bound(ag: ArgumentGraph, f: Finding) -> str:
    """'bound since 1999-11-19' with the route (a predecessor's signature, a membership)."""
    b = f.bound
    if b is None:
        return "not bound on that date"
    actors = ag.corpus.actors
    text = f"{actors[b.actor].label} bound since {b.since.isoformat()}"
    if b.party != b.actor:
        text += f" as party {actors[b.party].label} ({'; '.join(b.via)})"
    if b.until:
        text += f", until {b.until.isoformat()}"
    if b.qualified:
        text += f"; qualified breach: {b.qualified}"
    return text


def _plural(n: int, kind: str) -> str:
    """'1 breach', '58 breaches', '6 selective invocations'.

    >>> _plural(58, "breach"), _plural(1, "selective-invocation")
    ('58 breaches', '1 selective invocation')
    """
    word = kind.replace("-", " ")
    if n != 1:
        word += "es" if word.endswith("ch") else "s"
    return f"{n} {word}"


def _count(n: int, singular: str, plural: str | None = None) -> str:
    """'1 claim', '3 claims'; for the templates."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def _years(earlier: str, later: str) -> str:
    days = (_date(later) - _date(earlier)).days
    if days == 0:
        return "the same day"
    if days < 60:
        return f"{days} days later"
    if days < 730:
        return f"{round(days / 30.44)} months later"
    return f"{days / 365.25:.0f} years later"


def _date(text: str) -> Any:
    from datetime import date

    return date.fromisoformat(text)


def report_model(ag: ArgumentGraph, findings: Sequence[Finding]) -> dict[str, Any]:
    """Everything the report says, as plain values for the templates (see module docs)."""
    corpus = ag.corpus
    by_kind: dict[str, list[Finding]] = {k: [] for k in KINDS}
    for f in findings:
        by_kind[f.kind].append(f)
    counts = {k: len(v) for k, v in by_kind.items()}
    claim_key = {c: (corpus.claims[c].date, c) for c in corpus.claims}
    # Findings that rest on a contested implies/excludes judgement (a second closure without
    # those links no longer yields them); only computed when the corpus marks any.
    rests_on: dict[Any, list[str]] = {}
    sensitivity: list[dict[str, Any]] = []
    if any(p.contested for p in corpus.propositions.values()):
        from argmap.robust import robustness

        rob = robustness(corpus, ag)
        rests_on = {key: rob.judgements(key) for key in rob.rests_on}
        sensitivity = rob.table()

    def doc_date(k: str) -> Any:
        return corpus.documents[corpus.commitments[k].document].date

    # Breaches by actor: the actor with most breaches first; within it by claim date, then by
    # the document's date.
    breaches: dict[str, list[Finding]] = defaultdict(list)
    for f in by_kind["breach"]:
        breaches[f.actor or ""].append(f)
    breach_groups = []
    for actor in sorted(breaches, key=lambda a: (-len(breaches[a]), corpus.actors[a].label, a)):
        group = sorted(
            breaches[actor], key=lambda f: (claim_key[f.nodes[0]], doc_date(f.nodes[1]), f.nodes)
        )
        by_claim: dict[str, list[Finding]] = defaultdict(list)
        for f in group:
            by_claim[f.nodes[0]].append(f)
        breach_groups.append(
            {
                "actor": corpus.actors[actor].label,
                "id": actor,
                "count": len(group),
                "claims": len(by_claim),
                "documents": len({corpus.commitments[f.nodes[1]].document for f in group}),
                "entries": [
                    {
                        "claim": _claim(ag, c),
                        "breaches": [
                            {
                                "commitment": _commitment(ag, f.nodes[1]),
                                "bound": _bound(ag, f),
                                "stake": _stake(ag, f),
                                "explanation": explanation(ag, f),
                                "contested": rests_on.get((f.kind, f.nodes), []),
                            }
                            for f in fs
                        ],
                    }
                    for c, fs in by_claim.items()
                ],
            }
        )

    selective = [
        {
            "claim": _claim(ag, f.nodes[0]),
            "invoked": _commitment(ag, f.nodes[1]),
            "commitment": _commitment(ag, f.nodes[2]),
            "bound": _bound(ag, f),
            "stake": _stake(ag, f),
            "explanation": explanation(ag, f),
        }
        for f in sorted(by_kind["selective-invocation"], key=lambda f: (claim_key[f.nodes[0]], f))
    ]

    reversals: dict[str, list[Finding]] = defaultdict(list)
    for f in by_kind["reversal"]:
        reversals[f.actor or ""].append(f)
    # Reversals as a timeline per actor: each statement once, in date order, with the earlier
    # statements it reverses.
    reversal_groups = []
    for actor in sorted(reversals, key=lambda a: (corpus.actors[a].label, a)):
        group = reversals[actor]
        later_of: dict[str, list[Finding]] = defaultdict(list)
        for f in group:
            later_of[f.nodes[1]].append(f)
        statements = sorted({n for f in group for n in f.nodes}, key=lambda c: claim_key[c])
        timeline = []
        for c in statements:
            claim = _claim(ag, c)
            reverses = []
            for f in sorted(later_of.get(c, []), key=lambda f: claim_key[f.nodes[0]]):
                earlier = corpus.claims[f.nodes[0]]
                reverses.append(
                    {
                        "id": earlier.id,
                        "date": earlier.date.isoformat(),
                        "who": _claim(ag, earlier.id)["who"],
                        "gap": _years(earlier.date.isoformat(), claim["date"]),
                        "stake": _stake(ag, f),
                    }
                )
            timeline.append({"claim": claim, "reverses": reverses})
        reversal_groups.append(
            {
                "actor": corpus.actors[actor].label,
                "count": len(group),
                "statements": len(statements),
                "timeline": timeline,
            }
        )

    within: list[dict[str, Any]] = []
    between: list[dict[str, Any]] = []
    for f in by_kind["tension"]:
        a, b = _commitment(ag, f.nodes[0]), _commitment(ag, f.nodes[1])
        item = {"a": a, "b": b, "stake": _stake(ag, f), "explanation": explanation(ag, f)}
        (within if a["document_id"] == b["document_id"] else between).append(item)

    contradictions = [
        {"claim": f.nodes[0], "commitment": f.nodes[1], "explanation": explanation(ag, f)}
        for f in by_kind["contradiction"]
    ]

    documents = sorted(corpus.documents.values(), key=lambda d: (d.date, d.id))
    cited = Counter(corpus.commitments[k].document for k in corpus.commitments)
    claims = sorted(corpus.claims, key=lambda c: claim_key[c])
    actors_with_claims = {ag.actor_of[c] for c in corpus.claims}
    dates = [corpus.claims[c].date for c in claims]
    return {
        "title": corpus.title,
        "description": corpus.info.description if corpus.info else "",
        "version": __version__,
        "files": list(corpus.files),
        "corpus": {
            "claims": len(corpus.claims),
            "actors": len(actors_with_claims),
            "commitments": len(corpus.commitments),
            "documents": len(corpus.documents),
            "propositions": len(corpus.propositions),
            "first": dates[0].isoformat() if dates else None,
            "last": dates[-1].isoformat() if dates else None,
        },
        "counts": [
            {
                "kind": k,
                "title": KIND_TITLES[k][0],
                "meaning": KIND_TITLES[k][1],
                "count": counts[k],
            }
            for k in KINDS
        ],
        "breach_groups": breach_groups,
        "breaches": counts["breach"],
        "selective": selective,
        "reversal_groups": reversal_groups,
        "reversals": counts["reversal"],
        "tensions_within": within,
        "tensions_between": between,
        "contradictions": contradictions,
        "disagreements": counts["disagreement"],
        "supports": counts["support"],
        "sensitivity": sensitivity,
        "documents": [
            {
                "id": d.id,
                "title": d.title,
                "venue": d.venue,
                "date": d.date.isoformat(),
                "binding": "legally binding" if d.binding == "legal" else "politically binding",
                "url": link_or_none(d.url),
                "url_unchecked": bool(d.url) and d.url_checked is False,
                "commitments": cited[d.id],
            }
            for d in documents
        ],
        "claims": [_claim(ag, c) for c in claims],
    }


# --- writing -------------------------------------------------------------------------------


def _environment(fmt: str) -> Any:
    from jinja2 import Environment, StrictUndefined

    if fmt == "md":
        env = Environment(
            autoescape=False,
            finalize=md_escape,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=StrictUndefined,
        )
        env.filters["link"] = _md_link
        env.filters["raw"] = Md
        env.filters["count"] = _count
    else:
        from markupsafe import Markup

        env = Environment(
            autoescape=True,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=StrictUndefined,
        )
        env.filters["raw"] = Markup
        env.filters["count"] = _count
    return env


def report_text(ag: ArgumentGraph, findings: Sequence[Finding], fmt: str) -> str:
    """The report as Markdown (``fmt='md'``) or HTML (``fmt='html'``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    model = report_model(ag, findings)
    templates = files("argmap") / "templates"
    source = (templates / f"report.{fmt}.j2").read_text(encoding="utf-8")
    extra = {}
    if fmt == "html":
        extra["css"] = (templates / "report.css").read_text(encoding="utf-8")
    text: str = _environment(fmt).from_string(source).render(**model, **extra)
    return text


def write_report(
    ag: ArgumentGraph,
    path: str | os.PathLike[str],
    findings: Sequence[Finding] | None = None,
    page: Any = None,
) -> Report:
    """Write the report to `path`, Markdown, HTML or PDF by its suffix (UnknownFormat
    otherwise); a PDF on `page` (a :class:`~argmap.render.paper.Paper`, default A4 portrait)."""
    fmt = format_of(path, FORMATS)
    found = find_all(ag) if findings is None else findings
    text: str | bytes = report_pdf(ag, found, page) if fmt == "pdf" else report_text(ag, found, fmt)
    n = Counter(f.kind for f in found)
    summary = ", ".join(_plural(n[k], k) for k in KINDS if n[k]) or "no findings"
    return Report(write_atomic(path, text), fmt, summary)


def report_pdf(ag: ArgumentGraph, findings: Sequence[Finding], page: Any = None) -> bytes:
    """The report typeset with Typst (``templates/report.typ``): the same model as Markdown and
    HTML, passed as JSON data, so no quotation is read as markup."""
    import json

    from argmap.render.output import corpus_date
    from argmap.render.paper import paper
    from argmap.render.typeset import typeset

    sheet = page or paper("a4", landscape=False)
    model = json.loads(json.dumps(report_model(ag, findings), default=str))
    data = {"model": model, "width": sheet.width, "height": sheet.height}
    return typeset("report.typ", data, made=corpus_date(ag))
