"""Findings: what the derived relations mean for the dispute, one per pair, with reasons.

Consumes an :class:`~argmap.graph.ArgumentGraph`; produces sorted :class:`Finding` objects and
their JSON form (DESIGN.md "Command line", ``analyze``). The kinds, in report order:

``breach``
    a claim contradicts a commitment whose document bound the claim's actor on its date;
``selective-invocation``
    a claim invokes a commitment of document D while contradicting another commitment of D;
``contradiction``
    a claim contradicts a commitment that did not bind its actor on its date;
``reversal``
    two claims of the same actor contradict each other (earlier → later);
``disagreement``
    claims of different actors contradict each other;
``tension``
    two commitments contradict each other;
``support``
    a claim agrees with a commitment or another claim (and does not contradict it).

Explanations are built when asked for, not when findings are found: a large corpus has a
million findings, and most pipelines only count or filter them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from argmap._gc import paused_gc
from argmap.graph import AGREES, CONTRADICTS, ArgumentGraph
from argmap.logic import Bound, Literal
from argmap.status import unbound_reason
from argmap.words import plural

__all__ = [
    "KINDS",
    "Finding",
    "derivation",
    "explanation",
    "filter_findings",
    "find_all",
    "finding_dict",
    "held_literal",
    "principal",
]

KINDS = (
    "breach",
    "selective-invocation",
    "contradiction",
    "reversal",
    "disagreement",
    "tension",
    "support",
)
_RANK = {k: i for i, k in enumerate(KINDS)}


class Finding(NamedTuple):
    """One finding about a pair (or, for selective invocation, a triple) of nodes.

    ``nodes`` holds, by kind: (claim, commitment) for breach, contradiction and
    claim-to-commitment support; (claim, invoked, commitment) for selective invocation;
    (earlier, later) claims for reversal, disagreement and claim-to-claim support;
    (a, b) commitments in id order for tension.
    """

    kind: str
    nodes: tuple[str, ...]
    propositions: tuple[str, ...]
    actor: str | None = None
    bound: Bound | None = None

    # A NamedTuple rather than a dataclass: a large corpus yields a million findings, and
    # tuples are built several times faster.

    @property
    def sort_key(self) -> tuple[int, tuple[str, ...]]:
        """Report order: by kind (breaches first), then by the ids involved."""
        return (_RANK[self.kind], self.nodes)


_new = tuple.__new__  # builds a Finding in C; Finding(...) goes through a Python lambda


def find_all(ag: ArgumentGraph, *, supports: bool = True) -> list[Finding]:
    """Every finding of a corpus, in report order.

    Parameters
    ----------
    ag : ArgumentGraph
        From :func:`argmap.graph.build_graph`.
    supports : bool
        False leaves out the supports (the most numerous kind), for a caller that needs
        only what opposes.

    Returns
    -------
    list of Finding
        By kind (as in ``KINDS``), then in the graph's pair order (commitments by id,
        claims by date then id): the same on every run.

    Examples
    --------
    >>> from argmap.graph import build_graph
    >>> from argmap.model import Corpus
    >>> find_all(build_graph(Corpus()))
    []
    """
    with paused_gc():
        return _find_all(ag, supports)


def _find_all(ag: ArgumentGraph, supports: bool = True) -> list[Finding]:
    corpus = ag.corpus
    claims, commitments, actor_of = corpus.claims, corpus.commitments, ag.actor_of
    by_kind: dict[str, list[Finding]] = {k: [] for k in KINDS}
    contradicted: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    for s, t, props in ag.derived(CONTRADICTS):
        if s in claims and t in commitments:
            actor = actor_of[s]
            bound = ag.bindings.bound(actor, commitments[t].document, claims[s].date)
            kind = "breach" if bound else "contradiction"
            by_kind[kind].append(_new(Finding, (kind, (s, t), props, actor, bound)))
            if claims[s].invokes:
                contradicted[s].append((t, props))
        elif s in claims:
            actor = actor_of[s]
            if actor == actor_of[t]:
                by_kind["reversal"].append(_new(Finding, ("reversal", (s, t), props, actor, None)))
            else:
                by_kind["disagreement"].append(
                    _new(Finding, ("disagreement", (s, t), props, None, None))
                )
        else:
            by_kind["tension"].append(_new(Finding, ("tension", (s, t), props, None, None)))
    support = by_kind["support"]
    for s, t, props in ag.derived(AGREES) if supports else ():
        if s in claims:
            who = actor_of[s] if t in commitments else None
            support.append(_new(Finding, ("support", (s, t), props, who, None)))
    for claim_id, against in contradicted.items():
        claim = claims[claim_id]
        for invoked in claim.invokes:
            doc = commitments[invoked].document
            for other, props in against:
                if other != invoked and commitments[other].document == doc:
                    actor = actor_of[claim_id]
                    bound = ag.bindings.bound(actor, doc, claim.date)
                    by_kind["selective-invocation"].append(
                        Finding(
                            "selective-invocation", (claim_id, invoked, other), props, actor, bound
                        )
                    )
    by_kind["selective-invocation"].sort()
    return [f for kind in KINDS for f in by_kind[kind]]


#: Each kind's name in the plural, for counts people read.
_KIND_PLURALS = {
    "breach": "breaches",
    "selective-invocation": "selective invocations",
    "contradiction": "contradictions",
    "reversal": "reversals",
    "disagreement": "disagreements",
    "tension": "tensions",
    "support": "supports",
}


def kind_count(n: int, kind: str) -> str:
    """'1 breach', '15 breaches', '4 selective invocations': a count of findings of a kind.

    >>> kind_count(15, "breach"), kind_count(1, "selective-invocation")
    ('15 breaches', '1 selective invocation')
    """
    return plural(n, kind.replace("-", " "), _KIND_PLURALS[kind])


def passes_filters(
    ag: ArgumentGraph,
    claim_nodes: Sequence[str],
    undated: Callable[[], list[date]],
    actors: Sequence[str],
    since: date | None,
    until: date | None,
) -> bool:
    """Whether a finding with these claims passes the actor and period filters.

    An actor matches when it is the actor a claim is attributed to, or the claim's speaker (a
    person such as Lavrov); a period matches when a claim is dated within it, or, for a finding
    without claims (a tension), one of the dates `undated()` gives (its documents').
    """
    corpus = ag.corpus
    if actors:
        who = {ag.actor_of[n] for n in claim_nodes}
        who.update(s for n in claim_nodes if (s := corpus.claims[n].speaker))
        if not who & set(actors):
            return False
    if since or until:
        dates = [corpus.claims[n].date for n in claim_nodes] if claim_nodes else undated()
        return any((since is None or d >= since) and (until is None or d <= until) for d in dates)
    return True


def filter_findings(
    ag: ArgumentGraph,
    findings: Iterable[Finding],
    *,
    kinds: Sequence[str] = (),
    actors: Sequence[str] = (),
    since: date | None = None,
    until: date | None = None,
    involving: str | None = None,
) -> list[Finding]:
    """The findings that match every given filter.

    An actor matches when it is the actor a claim of the finding is attributed to, or the
    claim's speaker; a period
    matches when a claim of the finding (for tensions, a document) is dated within it.
    """
    corpus = ag.corpus
    result = []
    for f in findings:
        if kinds and f.kind not in kinds:
            continue
        if involving is not None and involving not in f.nodes:
            continue
        claim_nodes = [n for n in f.nodes if n in corpus.claims]

        def undated(f: Finding = f) -> list[date]:
            return [corpus.documents[corpus.commitments[n].document].date for n in f.nodes]

        if passes_filters(ag, claim_nodes, undated, actors, since, until):
            result.append(f)
    return result


def _verb(lit: Literal) -> str:
    return "asserts" if lit[1] else "denies"


def held_literal(ag: ArgumentGraph, node: str, prop: str) -> Literal:
    """The literal on `prop` that `node` holds (validation guarantees at most one)."""
    return (prop, True) if (prop, True) in ag.held[node] else (prop, False)


def derivation(ag: ArgumentGraph, node: str, lit: Literal) -> str:
    """How `node` comes to hold `lit`: what it writes, then each implies/excludes step."""
    key = ("derivation", node, lit[0], "+" if lit[1] else "-")
    return ag.text_cache.get(key, _derivation_text, ag, node, lit)


def _derivation_text(ag: ArgumentGraph, node: str, lit: Literal) -> str:
    root, steps = ag.held[node][lit]
    text = f"{node} {_verb(root)} '{root[0]}'"
    if not steps:
        return text + " as written"
    return text + "; " + "; ".join(s.sentence() for s in steps)


def principal(ag: ArgumentGraph, f: Finding) -> list[str]:
    """The propositions worth naming: one per distinct pair of written literals behind them.

    A claim asserting 'ban' against a commitment asserting 'choice' (where 'ban' excludes
    'choice') conflicts on both; both conflicts come from the same two written literals, so
    only the first, most direct one is named.
    """
    if len(f.propositions) == 1:
        return list(f.propositions)
    a, b = f.nodes[0], f.nodes[-1]
    groups: dict[tuple[Literal, Literal], tuple[int, int, str]] = {}
    for prop in f.propositions:
        ra, sa = ag.held[a][held_literal(ag, a, prop)]
        rb, sb = ag.held[b][held_literal(ag, b, prop)]
        # Shortest derivation first; on a tie, what the second node (the commitment, or the
        # later claim) says in its own words, since that is what the reader checks against.
        cost = (len(sa) + len(sb), len(sb), prop)
        key = (ra, rb)
        if key not in groups or cost < groups[key]:
            groups[key] = cost
    return sorted({prop for _, _, prop in groups.values()})


def stance(ag: ArgumentGraph, node: str, prop: str) -> str:
    """'denies X' or 'denies X (it asserts Y, from which this follows)' (memoized: findings
    and positions name the same stances many times)."""
    return ag.text_cache.get(("stance", node, prop), _stance_text, ag, node, prop)


def _stance_text(ag: ArgumentGraph, node: str, prop: str) -> str:
    lit = held_literal(ag, node, prop)
    root, steps = ag.held[node][lit]
    verb = _verb(lit)
    text = f"{verb} '{prop}'"
    if steps:
        text += f" (it {_verb(root)} '{root[0]}', from which this follows)"
    return text


def _who(ag: ArgumentGraph, claim_id: str) -> str:
    """'Russian Federation through Sergey Lavrov (id, date)'."""
    return ag.text_cache.get(("who", claim_id), _who_text, ag, claim_id)


def _who_text(ag: ArgumentGraph, claim_id: str) -> str:
    claim = ag.corpus.claims[claim_id]
    attributed = ag.actor_of[claim_id]
    actor = ag.corpus.actors[attributed].label
    speaker = ""
    if claim.speaker and claim.speaker != attributed:
        speaker = f" through {ag.corpus.actors[claim.speaker].label}"
    return f"{actor}{speaker} ({claim_id}, {claim.date})"


def _where(ag: ArgumentGraph, commitment_id: str) -> str:
    """'Charter for European Security para. 8 (id)'."""
    return ag.text_cache.get(("where", commitment_id), _where_text, ag, commitment_id)


def _where_text(ag: ArgumentGraph, commitment_id: str) -> str:
    k = ag.corpus.commitments[commitment_id]
    doc = ag.corpus.documents[k.document]
    return f"{doc.title} {k.locator} ({commitment_id})"


def explanation(ag: ArgumentGraph, f: Finding, props: Sequence[str] | None = None) -> str:
    """One sentence that says what the finding is and why, for reports and seminars.

    `props` are the finding's :func:`principal` propositions, when the caller has them.
    """
    corpus = ag.corpus
    if props is None:
        props = principal(ag, f)
    a, b = f.nodes[0], f.nodes[-1]

    def both(node: str) -> str:
        if len(props) == 1:
            return stance(ag, node, props[0])
        return " and ".join(stance(ag, node, p) for p in props)

    if f.kind in ("breach", "contradiction"):
        doc = corpus.documents[corpus.commitments[b].document]
        actor = corpus.actors[f.actor].label if f.actor else "its actor"
        tail = (
            f"; {f.bound.sentence(corpus.actors, doc)}"
            if f.bound
            else f"; {actor} was not bound by {doc.title} on {corpus.claims[a].date}"
            + _unbound_why(ag, f, doc.id, corpus.claims[a].date)
        )
        return f"{_who(ag, a)} {both(a)}, which {_where(ag, b)} {both(b)}{tail}."
    if f.kind == "selective-invocation":
        invoked = f.nodes[1]
        return (
            f"{_who(ag, a)} invokes {_where(ag, invoked)} while it {both(a)}, "
            f"which {_where(ag, b)} of the same document {both(b)}."
        )
    if f.kind == "reversal":
        return f"{_who(ag, a)} {both(a)}; later {_who(ag, b)} {both(b)}."
    if f.kind == "disagreement":
        return f"{_who(ag, a)} {both(a)}; {_who(ag, b)} {both(b)}."
    if f.kind == "tension":
        return f"{_where(ag, a)} {both(a)}; {_where(ag, b)} {both(b)}."
    other = _where(ag, b) if b in corpus.commitments else _who(ag, b)
    held = ag.held[a]
    agreed = " and ".join(f"{'assert' if (p, True) in held else 'deny'} '{p}'" for p in props)
    return f"{_who(ag, a)} and {other} both {agreed}."


def _unbound_why(ag: ArgumentGraph, f: Finding, document: str, on: date) -> str:
    """' (signed on D, but it never entered into force; ...)' and the like (argmap.status)."""
    if f.actor is None:
        return ""
    status = ag.bindings.unbound_status(f.actor, document, on)
    reason = unbound_reason(ag.corpus.documents[document], status)
    return f" ({reason})" if reason else ""


def finding_dict(ag: ArgumentGraph, f: Finding) -> dict[str, Any]:
    """The JSON form of a finding (DESIGN.md ``analyze`` shape), with its derivation."""
    corpus = ag.corpus
    props = principal(ag, f)
    d: dict[str, Any] = {
        "kind": f.kind,
        "propositions": list(f.propositions),
        "explanation": explanation(ag, f, props),
        "derivation": _derivations(ag, f, props),
    }
    if f.kind in ("breach", "contradiction") or (
        f.kind == "support" and f.nodes[1] in corpus.commitments
    ):
        d.update(claim=f.nodes[0], commitment=f.nodes[1], actor=f.actor)
        d["document"] = corpus.commitments[f.nodes[1]].document
    elif f.kind == "selective-invocation":
        d.update(claim=f.nodes[0], invoked=f.nodes[1], commitment=f.nodes[2], actor=f.actor)
        d["document"] = corpus.commitments[f.nodes[1]].document
    elif f.kind == "tension":
        d["commitments"] = list(f.nodes)
    else:
        d["claims"] = list(f.nodes)
        if f.kind == "reversal":
            d["actor"] = f.actor
        else:
            d["actors"] = [ag.actor_of[n] for n in f.nodes]
    if f.kind in ("breach", "selective-invocation") and f.bound is not None:
        d["bound_since"] = f.bound.since.isoformat()
        d["bound_through"] = f.bound.party
        if f.bound.qualified:
            # A declared suspension without treaty basis: still a breach, but a qualified one.
            d["qualified"] = f.bound.qualified
    return d


def _derivations(ag: ArgumentGraph, f: Finding, props: Sequence[str]) -> list[str]:
    """How each end of the finding holds each principal proposition."""
    return [
        derivation(ag, node, held_literal(ag, node, prop))
        for prop in props
        for node in (f.nodes[0], f.nodes[-1])
    ]
