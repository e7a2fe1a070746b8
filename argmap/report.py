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

import gc
import os
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

from argmap import __version__
from argmap.files import write_atomic
from argmap.findings import KINDS, held_literal, kind_count
from argmap.graph import ArgumentGraph
from argmap.logic import Bound
from argmap.positions import Position, Side, count_between, find_positions, route, summary
from argmap.render.output import format_of

__all__ = [
    "FORMATS",
    "Md",
    "Report",
    "between_counts",
    "md_escape",
    "report_model",
    "report_pdf",
    "report_text",
    "safe_url",
    "write_report",
]

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
    text = str(value)
    if "\n" not in text and "\r" not in text:
        return text.translate(_MD)  # the common case, called once per value in a report
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "<br>".join(line.translate(_MD) for line in text.split("\n"))


def _md_link(text: str, url: str | None) -> Md:
    """A Markdown link (or the escaped text alone when there is no URL one may follow)."""
    url = safe_url(url)
    if not url:
        return Md(md_escape(text))
    target = url.translate(_URL)
    return Md(f"[{md_escape(text)}]({target})")


# --- the content ---------------------------------------------------------------------------


def safe_url(url: str | None) -> str | None:
    """`url` when it may become a link (http, https, mailto), None otherwise.

    A corpus is data from elsewhere: a ``javascript:`` or ``data:`` URL is shown as text, never
    made a link a reader could click.

    >>> safe_url("https://example.org/a"), safe_url("javascript:alert(1)"), safe_url(None)
    ('https://example.org/a', None, None)
    """
    if not url:
        return None
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    return url if scheme in ("http", "https", "mailto") else None


def _who_full(speaker: Any, actor: Any) -> str:
    """'Sergey Lavrov, Minister of Foreign Affairs'; without a role, 'X for Russia'."""
    if speaker is None:
        return str(actor.label)
    if speaker.role:
        return f"{speaker.label}, {speaker.role}"
    return f"{speaker.label} for {actor.label}"


def _claim(ag: ArgumentGraph, ident: str) -> dict[str, Any]:
    corpus = ag.corpus
    c = corpus.claims[ident]
    actor = corpus.actors[ag.actor_of[ident]]
    speaker = corpus.actors[c.speaker] if c.speaker and c.speaker != actor.id else None
    return {
        "id": ident,
        "text": c.text,
        "original": c.original.model_dump() if c.original else None,
        "actor": actor.label,
        "speaker": speaker.label if speaker else None,
        "role": speaker.role if speaker else None,
        "who": f"{speaker.label} for {actor.label}" if speaker else actor.label,
        "who_full": _who_full(speaker, actor),
        "date": c.date.isoformat(),
        "source": c.source.title or c.source.url or "",
        "url": c.source.url,
        "href": safe_url(c.source.url),
        "locator": c.source.locator,
        "verified": bool(c.verified),
    }


def _document(ag: ArgumentGraph, ident: str) -> dict[str, Any]:
    d = ag.corpus.documents[ident]
    return {
        "id": d.id,
        "title": d.title,
        "venue": d.venue,
        "date": d.date.isoformat(),
        "binding": "legally binding" if d.binding == "legal" else "politically binding",
        "url": d.url,
        "href": safe_url(d.url),
    }


def _commitment(ag: ArgumentGraph, ident: str) -> dict[str, Any]:
    k = ag.corpus.commitments[ident]
    return {"id": ident, "locator": k.locator, "text": k.text, "verified": bool(k.verified)}


def _proposition(ag: ArgumentGraph, ident: str) -> dict[str, str]:
    return {"id": ident, "text": ag.corpus.propositions[ident].text.rstrip(". ")}


def _binding(ag: ArgumentGraph, actor: str, document: str, bound: Bound | None, on: date) -> str:
    """The binding period in words: 'bound since 1990-11-19, as successor of …, until …'.

    Not bound: why, when the data knows it (signed only, participation ended, a lawful
    suspension). Bound under a suspension declared without treaty basis: a qualified breach.
    """
    if bound is None:
        from argmap.status import unbound_reason

        status = ag.bindings.unbound_status(actor, document, on)
        reason = unbound_reason(ag.corpus.documents[document], status)
        return f"not bound: {reason}" if reason else "not bound"
    text = f"bound since {bound.since.isoformat()}"
    if bound.party != bound.actor:
        text += ", " + (route(ag, bound) or f"through {ag.corpus.actors[bound.party].label}")
    if bound.until:
        text += f", until {bound.until.isoformat()}"
    if bound.qualified:
        text += f"; qualified: {bound.qualified}"
    return text


def _count(n: int, singular: str, plural: str | None = None) -> str:
    """'1 claim', '3 claims'; for the templates.

    >>> _count(1, "claim"), _count(3, "breach", "breaches")
    ('1 claim', '3 breaches')
    """
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def _unique(headings: list[dict[str, Any]]) -> None:
    """Make every heading's text unique, in order: a later duplicate gets ' (2)', ' (3)'."""
    seen: Counter[str] = Counter()
    for h in headings:
        seen[h["heading"]] += 1
        if seen[h["heading"]] > 1:
            h["heading"] = f"{h['heading']} ({seen[h['heading']]})"


def between_counts(ag: ArgumentGraph) -> tuple[Counter[tuple[str, str]], int]:
    """Disagreements per pair of actors (ordered by label), and the number of supports.

    Counted by :func:`argmap.positions.count_between`, with the grouping
    :func:`~argmap.positions.find_positions` lists: the report names these kinds by number.
    """
    corpus = ag.corpus
    raw, supports = count_between(ag)
    pairs: Counter[tuple[str, str]] = Counter()
    for (a, b), n in raw.items():
        x, y = sorted((a, b), key=lambda i: (corpus.actors[i].label, i))
        pairs[(x, y)] += n
    return pairs, supports


def _stake(ag: ArgumentGraph, claim: str, prop: str) -> dict[str, Any]:
    """What the claim holds on `prop`, and what it writes from which that follows."""
    lit = held_literal(ag, claim, prop)
    root, steps = ag.held[claim][lit]
    return {
        "proposition": _proposition(ag, prop),
        "stance": "asserts" if lit[1] else "denies",
        "root": _proposition(ag, root[0]) if steps else None,
        "root_stance": "asserts" if root[1] else "denies",
    }


def report_model(ag: ArgumentGraph, findings: Sequence[Any] | None = None) -> dict[str, Any]:
    """Everything the report says, as plain values (str, int, bool, None, lists, dicts).

    `findings` are position findings (:func:`argmap.positions.find_positions`; pair-level
    findings are ignored and the positions computed); by default every kind but ``support``
    and ``disagreement``, which the report counts
    (:func:`between_counts`). Other renderers (a Typst PDF) may read the same dict.

    Keys:

    - ``title``, ``description``, ``version``, ``files``; ``corpus``: counts of ``claims``,
      ``actors``, ``commitments``, ``documents``, ``propositions``, dates ``first``/``last``.
    - ``counts``: per kind in report order, ``kind``, ``title``, ``meaning``, ``count``
      (grouped findings).
    - ``actors``: per actor in order of first claim (:func:`argmap.positions.summary`):
      ``id``, ``actor`` (label), ``claims``, ``positions``, ``changes``, ``breached`` and
      ``contradicted`` (document titles).
    - ``breach_groups``: per actor, most breaches first: ``actor``, ``id``, ``heading``,
      ``count``, ``claims``, ``documents``, ``entries``; each entry a ``claim`` (see below)
      with a unique ``heading`` and its ``stakes``: ``proposition`` {id, text}, ``stance``
      (asserts/denies), ``root`` (what it writes, from which this follows, or None),
      ``root_stance``, ``commitments`` (number), ``documents``: [``document`` (see below),
      ``commitments`` [{id, locator}], ``bound`` (bool), ``binding`` (the period in words)],
      ``same_as`` (the earlier claim of the group with the same proposition and commitments,
      whose ``heading`` the report refers to, or None), ``contested`` (labels of the
      contested implies/excludes judgements the finding rests on; [] for a robust one).
    - ``selective``: ``claim``, ``stake`` (as above), ``document``, ``invoked`` and
      ``against`` [{id, locator}], ``against_stance`` (what those commitments do), ``binding``.
    - ``reversal_groups``: per actor: ``actor``, ``heading``, ``count``, ``changes``:
      ``date``, ``proposition``, ``also`` [propositions], ``was``/``now`` (asserted/denied),
      ``old``/``new`` (claims: the last of the old stance, the first of the new),
      ``old_count``/``new_count``, ``old_first``/``new_last`` (dates). A claim quoted earlier
      in the report (under Breaches, or in an earlier change) has ``quoted_above`` set.
    - ``tensions``: ``proposition``, ``also``, ``within`` (bool), ``sides`` [``document``,
      ``stance``, ``commitments``].
    - ``contradiction_groups``: per (actor, proposition, stance): ``actor``, ``stance``,
      ``proposition``, ``claims`` [{id, date}], ``first``, ``last``, ``count`` (findings),
      ``documents`` (as in stakes).
    - ``disagreements``, ``supports`` (counts); ``disagreement_pairs`` [{a, b, count}].
    - ``sensitivity``: :meth:`argmap.robust.Robustness.table` rows (``link``, ``reason``,
      ``findings``, ``breach_claims``, ...) when the corpus marks contested judgements, else [].
    - ``commitments_at_stake``: per document (by date): ``document``, ``heading``,
      ``commitments`` [{id, locator, text, verified}]: every commitment a finding names, its
      text given here once.
    - ``documents`` (every document, with ``commitments`` in the corpus and ``url_unchecked``)
      and ``claims`` (every
      claim, by date) for the sources. A claim: ``id``, ``text``, ``original``, ``actor``,
      ``speaker``, ``role``, ``who``, ``who_full``, ``date``, ``source``, ``url``, ``href``
      (None unless http, https or mailto), ``locator``, ``verified``. A document: ``id``,
      ``title``, ``venue``, ``date``, ``binding``, ``url``, ``href``.
    - ``headings``: every heading in the report (unique).
    """
    corpus = ag.corpus
    if findings is not None and any(not isinstance(f, Position) for f in findings):
        findings = None  # pair-level findings (argmap.findings): the report groups its own
    if findings is None:
        findings = find_positions(ag, [k for k in KINDS if k not in ("support", "disagreement")])
    by_kind: dict[str, list[Position]] = {k: [] for k in KINDS}
    for f in findings:
        by_kind[f.kind].append(f)
    pairs, supports = between_counts(ag)
    counts = {k: len(v) for k, v in by_kind.items()}
    counts["disagreement"] = sum(pairs.values())
    counts["support"] = supports
    quoted: set[str] = set()  # claims quoted so far: quoted once, referred to after
    claim_memo: dict[str, dict[str, Any]] = {}

    def claim_of(ident: str) -> dict[str, Any]:
        if ident not in claim_memo:
            claim_memo[ident] = _claim(ag, ident)
        return claim_memo[ident]

    def quote(ident: str) -> dict[str, Any]:
        claim = {**claim_of(ident), "quoted_above": ident in quoted}
        quoted.add(ident)
        return claim

    docs_memo: dict[str, dict[str, Any]] = {}
    at_stake: set[str] = set()
    headings: list[dict[str, Any]] = []

    def doc(ident: str) -> dict[str, Any]:
        if ident not in docs_memo:
            docs_memo[ident] = _document(ag, ident)
        return docs_memo[ident]

    # Many findings name the same commitments and the same binding: one dict each, shared.
    refs_memo: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    side_memo: dict[tuple[Any, ...], dict[str, Any]] = {}

    def refs(kids: tuple[str, ...]) -> list[dict[str, Any]]:
        if kids not in refs_memo:
            at_stake.update(kids)
            refs_memo[kids] = [{"id": k, "locator": corpus.commitments[k].locator} for k in kids]
        return refs_memo[kids]

    binding_memo: dict[tuple[Any, ...], str] = {}

    # Who an actor could ever be bound through (itself, predecessors, the state a person
    # represents, organizations it was ever a member of): a document none of whose parties is
    # among them did not bind it on any date, for no reason worth a date-by-date look.
    member_of: dict[str, list[str]] = defaultdict(list)
    for org in corpus.actors.values():
        for m in org.members:
            member_of[m.actor].append(org.id)
    reach_memo: dict[str, set[str]] = {}

    def reach(actor: str) -> set[str]:
        if actor not in reach_memo:
            seen, todo = {actor}, [actor]
            while todo:
                a = corpus.actors.get(todo.pop())
                if a is None:
                    continue
                for nxt in (a.successor_of, a.represents, *member_of.get(a.id, ())):
                    if nxt and nxt not in seen:
                        seen.add(nxt)
                        todo.append(nxt)
            reach_memo[actor] = seen
        return reach_memo[actor]

    parties = {d.id: {p.actor for p in d.parties} for d in corpus.documents.values()}

    def doc_side(actor: str, s: Side, on: date) -> dict[str, Any]:
        # Bindings are memoized per (actor, document, date) and live as long as the findings:
        # their identity is a cheap key (hashing the frozen dataclass is not). Without one, the
        # reason may depend on the date (a participation that ended).
        if s.bound is not None:
            period: tuple[Any, ...] = (actor, s.who, id(s.bound))
        elif parties[s.who].isdisjoint(reach(actor)):
            period = (actor, s.who, None)  # never a party: "not bound", whatever the date
        else:
            period = (actor, s.who, on)
        if period not in binding_memo:
            binding_memo[period] = _binding(ag, actor, s.who, s.bound, on)
        binding = binding_memo[period]
        key = (s.who, s.nodes, binding)
        if key not in side_memo:
            side_memo[key] = {
                "document": doc(s.who),
                "commitments": refs(s.nodes),
                "bound": s.bound is not None,
                "binding": binding,
            }
        return side_memo[key]

    def doc_sides(actor: str, sides: Sequence[Side], on: date) -> list[dict[str, Any]]:
        return [doc_side(actor, s, on) for s in sides]

    # Findings that rest on a contested implies/excludes judgement (see argmap.robust); only
    # computed when the corpus marks any.
    rob: Any = None
    sensitivity: list[dict[str, Any]] = []
    if any(p.contested for p in corpus.propositions.values()):
        from argmap.robust import robustness

        rob = robustness(corpus, ag)
        sensitivity = rob.table()

    def contested(f: Position) -> list[str]:
        if rob is None:
            return []
        from argmap.robust import position_key

        judgements: list[str] = rob.judgements(position_key(f))
        return judgements

    # Breaches by actor: most breaches first; within an actor by claim (date, id).
    per_actor: dict[str, dict[str, list[Position]]] = defaultdict(lambda: defaultdict(list))
    for f in by_kind["breach"]:
        assert f.actor is not None and f.claim is not None
        per_actor[f.actor][f.claim].append(f)
    breach_groups = []
    order = sorted(
        per_actor,
        key=lambda a: (-sum(map(len, per_actor[a].values())), corpus.actors[a].label, a),
    )
    for actor in order:
        entries: list[dict[str, Any]] = []
        bound_docs: set[str] = set()
        # The same commitments against the same proposition, met again: named once, then
        # referred to ("the same 6 commitments as under …").
        first_met: dict[tuple[Any, ...], dict[str, Any]] = {}
        for cid, fs in per_actor[actor].items():
            claim = quote(cid)
            speaker = claim["speaker"] or claim["actor"]
            claim["heading"] = f"{claim['date']}, {speaker}"
            stakes = []
            for f in fs:
                sides = f.sides[1:]
                bound_docs.update(s.who for s in sides if s.bound)
                stake = _stake(ag, cid, f.proposition)
                stake["commitments"] = sum(len(s.nodes) for s in sides)
                stake["documents"] = doc_sides(actor, sides, corpus.claims[cid].date)
                stake["contested"] = contested(f)
                key = (f.proposition, tuple((x.who, x.nodes, x.bound) for x in sides))
                stake["same_as"] = first_met.get(key)
                first_met.setdefault(key, claim)
                stakes.append(stake)
            entries.append({"claim": claim, "stakes": stakes})
        _disambiguate([e["claim"] for e in entries])
        headings.extend(e["claim"] for e in entries)
        group = {
            "actor": corpus.actors[actor].label,
            "id": actor,
            "heading": f"{corpus.actors[actor].label}: "
            f"{_count(sum(len(e['stakes']) for e in entries), 'breach', 'breaches')}",
            "count": sum(len(e["stakes"]) for e in entries),
            "claims": len(entries),
            "documents": len(bound_docs),
            "entries": entries,
        }
        headings.append(group)
        breach_groups.append(group)

    selective = []
    for f in by_kind["selective-invocation"]:
        assert f.actor is not None and f.claim is not None
        side = f.sides[1]
        selective.append(
            {
                "claim": claim_of(f.claim),
                "stake": _stake(ag, f.claim, f.proposition),
                "document": doc(side.who),
                "invoked": refs(f.invoked),
                "against": refs(side.nodes),
                "against_stance": "asserts" if side.positive else "denies",
                "binding": _binding(ag, f.actor, side.who, side.bound, corpus.claims[f.claim].date),
            }
        )

    changes: dict[str, list[Position]] = defaultdict(list)
    for f in by_kind["reversal"]:
        changes[f.actor or ""].append(f)
    reversal_groups = []
    for actor in sorted(changes, key=lambda a: (corpus.actors[a].label, a)):
        items = []
        for f in changes[actor]:
            old, new = f.sides
            items.append(
                {
                    "date": corpus.claims[new.nodes[0]].date.isoformat(),
                    "proposition": _proposition(ag, f.proposition),
                    "also": [_proposition(ag, p) for p in f.propositions if p != f.proposition],
                    "was": "asserted" if old.positive else "denied",
                    "now": "asserted" if new.positive else "denied",
                    "old": quote(old.nodes[-1]),
                    "new": quote(new.nodes[0]),
                    "old_count": len(old.nodes),
                    "new_count": len(new.nodes),
                    "old_first": corpus.claims[old.nodes[0]].date.isoformat(),
                    "new_last": corpus.claims[new.nodes[-1]].date.isoformat(),
                }
            )
        group = {
            "actor": corpus.actors[actor].label,
            "heading": f"{corpus.actors[actor].label}: "
            f"{_count(len(items), 'change of stance', 'changes of stance')}",
            "count": len(items),
            "changes": items,
        }
        headings.append(group)
        reversal_groups.append(group)

    tensions = [
        {
            "proposition": _proposition(ag, f.proposition),
            "also": [_proposition(ag, p) for p in f.propositions if p != f.proposition],
            "within": f.sides[0].who == f.sides[1].who,
            "sides": [
                {
                    "document": doc(s.who),
                    "stance": "asserts" if s.positive else "denies",
                    "commitments": refs(s.nodes),
                }
                for s in f.sides
            ],
        }
        for f in by_kind["tension"]
    ]

    # Contradictions, compact: one line per (actor, proposition, stance), with its claims.
    contra: dict[tuple[Any, ...], list[Position]] = defaultdict(list)
    sides_of: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for f in by_kind["contradiction"]:
        assert f.actor is not None and f.claim is not None
        csides = doc_sides(f.actor, f.sides[1:], corpus.claims[f.claim].date)
        # Claims whose commitments did not bind for different reasons are told apart.
        ckey = (f.actor, f.proposition, f.sides[0].positive, tuple(map(id, csides)))
        contra[ckey].append(f)
        sides_of.setdefault(ckey, csides)
    contradiction_groups = []
    for (actor, prop, positive, _), fs in sorted(
        contra.items(), key=lambda kv: (kv[1][0].first or date.min, kv[0][0], kv[0][1])
    ):
        claim_ids = [f.claim for f in fs if f.claim is not None]
        contradiction_groups.append(
            {
                "actor": corpus.actors[actor].label,
                "stance": "asserts" if positive else "denies",
                "proposition": _proposition(ag, prop),
                "claims": [{"id": c, "date": corpus.claims[c].date.isoformat()} for c in claim_ids],
                "first": corpus.claims[claim_ids[0]].date.isoformat(),
                "last": corpus.claims[claim_ids[-1]].date.isoformat(),
                "count": len(fs),
                "documents": sides_of[(actor, prop, positive, _)],
            }
        )

    by_document: dict[str, list[str]] = defaultdict(list)
    for kid in sorted(at_stake):
        by_document[corpus.commitments[kid].document].append(kid)
    commitments_at_stake = []
    for d in sorted(by_document, key=lambda d: (corpus.documents[d].date, d)):
        entry = {
            "document": doc(d),
            "heading": f"{corpus.documents[d].title} ({corpus.documents[d].date.year})",
            "commitments": [_commitment(ag, k) for k in by_document[d]],
        }
        headings.append(entry)
        commitments_at_stake.append(entry)
    _unique(headings)

    rows = summary(ag, findings)
    titles = {d: corpus.documents[d].title for d in corpus.documents}
    actors = [
        {
            "id": r["actor"],
            "actor": corpus.actors[r["actor"]].label,
            "claims": r["claims"],
            "positions": r["positions"],
            "changes": r["changes"],
            "breached": [titles[d] for d in r["documents_breached"]],
            "contradicted": [titles[d] for d in r["documents_contradicted"]],
        }
        for r in rows
    ]
    label = {a: corpus.actors[a].label for a in corpus.actors}
    disagreement_pairs = [
        {"a": label[a], "b": label[b], "count": n}
        for (a, b), n in sorted(pairs.items(), key=lambda kv: (-kv[1], label[kv[0][0]], kv[0]))
    ]

    documents = sorted(corpus.documents.values(), key=lambda d: (d.date, d.id))
    cited = Counter(k.document for k in corpus.commitments.values())
    claims = sorted(corpus.claims.values(), key=lambda c: (c.date, c.id))
    return {
        "title": corpus.title,
        "description": corpus.info.description if corpus.info else "",
        "version": __version__,
        "files": list(corpus.files),
        "corpus": {
            "claims": len(corpus.claims),
            "actors": len({ag.actor_of[c] for c in corpus.claims}),
            "commitments": len(corpus.commitments),
            "documents": len(corpus.documents),
            "propositions": len(corpus.propositions),
            "first": claims[0].date.isoformat() if claims else None,
            "last": claims[-1].date.isoformat() if claims else None,
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
        "actors": actors,
        "breach_groups": breach_groups,
        "breaches": counts["breach"],
        "selective": selective,
        "reversal_groups": reversal_groups,
        "reversals": counts["reversal"],
        "tensions": tensions,
        "contradiction_groups": contradiction_groups,
        "contradictions": counts["contradiction"],
        "disagreements": counts["disagreement"],
        "disagreement_pairs": disagreement_pairs,
        "supports": counts["support"],
        "commitments_at_stake": commitments_at_stake,
        "sensitivity": sensitivity,
        "documents": [
            {
                **_document(ag, d.id),
                "commitments": cited[d.id],
                "url_unchecked": bool(d.url) and d.url_checked is False,
            }
            for d in documents
        ],
        "claims": [claim_of(c.id) for c in claims],
        "headings": [h["heading"] for h in headings],
    }


def _disambiguate(claims: list[dict[str, Any]]) -> None:
    """Claims of one actor on one date by one speaker: add the source, then its locator."""
    for extra in ("source", "locator"):
        seen = Counter(c["heading"] for c in claims)
        for c in claims:
            if seen[c["heading"]] > 1 and c[extra]:
                c["heading"] += f", {c[extra]}" if extra == "locator" else f": {c[extra]}"


# --- writing -------------------------------------------------------------------------------


class _Fragments:
    """The phrases every finding repeats, written in Python rather than as template macros.

    A 10,000-claim corpus has tens of thousands of findings; a Jinja2 macro call per phrase
    costs more than the rest of the report. Each method returns text safe in the target format
    (:class:`Md` or ``Markup``); the shared pieces (a document's commitments and binding) are
    written once and reused.
    """

    def __init__(self, fmt: str) -> None:
        from markupsafe import Markup, escape

        self.md = fmt == "md"
        self.wrap: Any = Md if self.md else Markup
        self.esc: Any = md_escape if self.md else (lambda v: str(escape(v)))
        self._docs: dict[int, str] = {}

    def code(self, ident: str) -> str:
        return f"`{ident}`" if self.md else f"<code>{self.esc(ident)}</code>"

    def link(self, text: str, href: str | None) -> str:
        if not href:
            return str(self.esc(text))
        if self.md:
            return f"[{md_escape(text)}]({href.translate(_URL)})"
        return f'<a href="{self.esc(href)}">{self.esc(text)}</a>'

    def source(self, c: dict[str, Any]) -> Any:
        text = self.link(c["source"], c["href"])
        if c["locator"]:
            text += ", " + self.esc(c["locator"])
        return self.wrap(text)

    def _prop(self, p: dict[str, str]) -> str:
        text = self.esc(p["text"])
        return (
            f"*{text}* ({self.code(p['id'])})"
            if self.md
            else f"<em>{text}</em> {self.code(p['id'])}"
        )

    def prop(self, p: dict[str, str]) -> Any:
        return self.wrap(self._prop(p))

    def stance(self, s: dict[str, Any], capital: bool = False) -> Any:
        verb = s["stance"].capitalize() if capital else s["stance"]
        text = f"{verb} {self._prop(s['proposition'])}"
        if s["root"]:
            text += f", which follows from what it {s['root_stance']}: {self._prop(s['root'])}"
        return self.wrap(text)

    def _locators(self, ks: Sequence[dict[str, Any]]) -> str:
        if self.md:
            return "; ".join(self.esc(k["locator"]) for k in ks)
        return "; ".join(
            f'<a href="#src-{self.esc(k["id"])}">{self.esc(k["locator"])}</a>' for k in ks
        )

    def locators(self, ks: Sequence[dict[str, Any]]) -> Any:
        return self.wrap(self._locators(ks))

    def docs(self, ds: Sequence[dict[str, Any]]) -> Any:
        parts = []
        for d in ds:
            key = id(d)
            if key not in self._docs:
                doc = d["document"]
                title = f"{self.esc(doc['title'])} ({doc['date'][:4]})"
                binding = self.esc(d["binding"])
                if self.md:
                    text = f"{title}, {self._locators(d['commitments'])} ({binding})"
                else:
                    css = "bound" if d["bound"] else "free"
                    text = (
                        f'<a href="#src-{self.esc(doc["id"])}">{title}</a>, '
                        f'{self._locators(d["commitments"])} <span class="{css}">({binding})</span>'
                    )
                self._docs[key] = text
            parts.append(self._docs[key])
        return self.wrap("; ".join(parts))

    def stake(self, s: dict[str, Any]) -> Any:
        """A breach line: the stance, then the commitments against it (or a reference)."""
        n = f"{_count(s['commitments'], 'commitment')} in {_count(len(s['documents']), 'document')}"
        if s["same_as"]:
            heading = self.esc(s["same_as"]["heading"])
            if not self.md:
                heading = f'<a href="#b-{self.esc(s["same_as"]["id"])}">{heading}</a>'
            against = f"the same {n} as under “{heading}”"
        else:
            against = f"{n}: {self.docs(s['documents'])}"
        return self.wrap(f"{self.stance(s, True)}. Against {against}.")

    def _code_ref(self, ident: str) -> str:
        return (
            f"`{ident}`"
            if self.md
            else f'<a class="id" href="#src-{self.esc(ident)}">{self.esc(ident)}</a>'
        )

    def tension(self, t: dict[str, Any]) -> Any:
        """'On P (within one document): A, locators, asserts it; B, locators, denies it.'"""
        where = " (within one document)" if t["within"] else ""
        sides = "; ".join(
            f"{self.esc(s['document']['title'])}, {self._locators(s['commitments'])}, "
            f"{s['stance']} it"
            for s in t["sides"]
        )
        return self.wrap(f"On {self._prop(t['proposition'])}{where}: {sides}.")

    def contradiction(self, c: dict[str, Any]) -> Any:
        """An actor's stance in several claims against commitments that did not bind it."""
        when = (
            f"from {c['first']} to {c['last']}" if c["first"] != c["last"] else f"on {c['first']}"
        )
        claims = ", ".join(self._code_ref(x["id"]) for x in c["claims"])
        return self.wrap(
            f"{self.esc(c['actor'])} {c['stance']} {self._prop(c['proposition'])} in "
            f"{_count(len(c['claims']), 'claim')} {when}, against {self.docs(c['documents'])}. "
            f"Claims: {claims}."
        )

    def claim_row(self, c: dict[str, Any]) -> Any:
        """A row of the sources' table of claims."""
        who = f"{self.esc(c['who_full'])}, {c['date']}"
        if self.md:
            checked = " (checked)" if c["verified"] else ""
            return Md(f"| `{c['id']}`{checked} | {who} | {self.source(c)} |")
        ident = self.esc(c["id"])
        tick = ' <span class="checked" title="quotation checked">✓</span>'
        checked = tick if c["verified"] else ""
        url = f'<span class="url">{self.esc(c["url"])}</span>' if c["url"] else ""
        return self.wrap(
            f'<tr id="src-{ident}"><td><code>{ident}</code>{checked}</td><td>{who}</td>'
            f"<td>{self.source(c)}{url}</td></tr>"
        )

    def quote(self, c: dict[str, Any]) -> Any:
        """A claim quoted with who said it, when and where; or a reference to the quotation."""
        e = self.esc
        who = f"{e(c['who_full'])}, {c['date']}; {self.source(c)}"
        short = f"{e(c['speaker'] or c['actor'])}, {c['date']}"  # its source is given above
        if self.md:
            ref = f"(`{c['id']}`)"
            if c["quoted_above"]:
                return Md(f"> {short} {ref}, quoted above.\n")
            text = f"> “{e(c['text'])}”\n"
            if c["original"]:
                o = c["original"]
                text += f">\n> *Original ({e(o['lang'])}):* “{e(o['text'])}”\n"
            return Md(f"{text}>\n> — {who} {ref}\n")
        ident = e(c["id"])
        if c["quoted_above"]:
            return self.wrap(
                f'<p class="meta">{short} · <a class="id" href="#q-{ident}">{ident}</a>, '
                "quoted above.</p>\n"
            )
        text = f'<blockquote id="q-{ident}" lang="en">{e(c["text"])}</blockquote>\n'
        if c["original"]:
            lang = e(c["original"]["lang"])
            text += (
                f'<p class="original-label">Original ({lang}):</p><blockquote class="original" '
                f'lang="{lang}">{e(c["original"]["text"])}</blockquote>\n'
            )
        text += f'<p class="meta">— {who} · <a class="id" href="#src-{ident}">{ident}</a></p>\n'
        return self.wrap(text)


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
        env.filters["upper_first"] = lambda s: Md(s[:1].upper() + s[1:])
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
        env.filters["upper_first"] = lambda s: s[:1].upper() + s[1:]
    frag = _Fragments(fmt)
    env.globals.update(
        source=frag.source,
        prop=frag.prop,
        stance=frag.stance,
        locators=frag.locators,
        docs=frag.docs,
        stake=frag.stake,
        quote=frag.quote,
        tension=frag.tension,
        contradiction=frag.contradiction,
        claim_row=frag.claim_row,
    )
    return env


def report_text(
    ag: ArgumentGraph,
    findings: Sequence[Position] | None,
    fmt: str,
    model: dict[str, Any] | None = None,
) -> str:
    """The report as Markdown (``fmt='md'``) or HTML (``fmt='html'``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    if model is None:
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
    findings: Sequence[Any] | None = None,
    page: Any = None,
) -> Report:
    """Write the report to `path`, Markdown, HTML or PDF by its suffix (UnknownFormat
    otherwise); a PDF on `page` (a :class:`~argmap.render.paper.Paper`, default A4 portrait).

    The summary line counts grouped findings, as the report's own summary does.
    """
    fmt = format_of(path, FORMATS)
    # The report allocates hundreds of thousands of small, long-lived dicts and strings and
    # frees none before it is written: the cyclic collector would only re-scan them.
    enabled = gc.isenabled()
    gc.disable()
    try:
        model = report_model(ag, findings)
        if fmt == "pdf":
            text: str | bytes = report_pdf(ag, model, page)
        else:
            text = report_text(ag, findings, fmt, model)
    finally:
        if enabled:
            gc.enable()
    counts = [(c["kind"], c["count"]) for c in model["counts"]]
    line = ", ".join(kind_count(n, k) for k, n in counts if n) or "no findings"
    return Report(write_atomic(path, text), fmt, line)


def report_pdf(ag: ArgumentGraph, model: dict[str, Any] | None = None, page: Any = None) -> bytes:
    """The report typeset with Typst (``templates/report.typ``): the same model as Markdown and
    HTML, passed as JSON data, so no quotation is read as markup."""
    import json

    from argmap.render.output import corpus_date
    from argmap.render.paper import paper
    from argmap.render.typeset import typeset

    sheet = page or paper("a4", landscape=False)
    plain = json.loads(json.dumps(model or report_model(ag), default=str))
    data = {"model": plain, "width": sheet.width, "height": sheet.height}
    return typeset("report.typ", data, made=corpus_date(ag))
