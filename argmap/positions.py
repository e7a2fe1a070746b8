"""Positions: findings grouped the way an analyst reports them (DESIGN.md "Positions").

Consumes an :class:`~argmap.graph.ArgumentGraph`; produces sorted :class:`Position` findings and
their JSON form. Pair-level findings (:mod:`argmap.findings`) are the evidence; a position
finding is what a briefing says: *from 17 December 2021 Russia denied free choice of alliances,
against six commitments in four documents it had signed*.

An actor's *stance* on proposition P at a claim is the literal (P, ±) the claim's closure holds;
its *position* on P is a maximal run of its dated claims (date, then id) with the same stance.
The kinds, one finding each per:

``breach`` / ``contradiction``
    (claim, proposition at stake): the commitments whose own (written) literal the claim's
    closure contradicts, grouped by document, each document with whether it bound the claim's
    actor on the claim's date. A breach when at least one of them did.
``selective-invocation``
    (claim, invoked document, proposition): the claim cites commitments of a document and
    contradicts others of the same document.
``reversal``
    change of an actor's stance on P (between the last claim of the old position and the first
    of the new one); changes between the same two claims on several propositions are one.
``disagreement``
    (actor A, actor B, P) with opposite stances, with the claims of each side.
``tension``
    (document, document, P) whose commitments hold opposite literals.
``support``
    (actor, document, P) where the actor's claims hold a literal a commitment of the document
    writes, or (actor A, actor B, P) holding the same literal.

Every kind is computed from the closures and one index from literals to nodes, so the work grows
with claims × literals plus actors² × propositions, never with pairs of claims (a corpus of
100,000 claims has hundreds of millions of pairs; it has a few thousand positions).
"""

from __future__ import annotations

import copy
import json
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from itertools import pairwise
from typing import Any, NamedTuple

from argmap.findings import KINDS, derivation, held_literal, passes_filters, stance
from argmap.graph import ArgumentGraph
from argmap.logic import Bound, Literal
from argmap.model import Claim
from argmap.words import plural

__all__ = [
    "ClaimPositions",
    "JsonLines",
    "Position",
    "Side",
    "count_between",
    "count_supports",
    "filter_positions",
    "find_positions",
    "json_lines",
    "position_dict",
    "position_text",
    "positions_and_counts",
    "positions_and_supports",
    "summary",
]

_RANK = {k: i for i, k in enumerate(KINDS)}


class Side(NamedTuple):
    """One side of a finding: an actor's claims or a document's commitments, with one stance.

    ``bound`` is set on the document sides of breaches, contradictions and selective
    invocations: whether (and how) the document bound the claim's actor on the claim's date.
    """

    who: str  # actor id (claims) or document id (commitments)
    positive: bool  # the stance on the finding's proposition: asserts (True) or denies
    nodes: tuple[str, ...]  # claims by date then id; commitments by id
    bound: Bound | None = None


class Position(NamedTuple):
    """A finding about positions, with the nodes of each side as its evidence.

    ``sides[0]`` is, by kind: the claim (breach, contradiction, selective invocation: the claim
    alone; the other sides are documents); the old position (reversal); the actor whose claims
    come first (disagreement, claim-to-claim support); the actor (support of a document); the
    first document (tension).
    """

    kind: str
    proposition: str  # the proposition named first: the most direct one at stake
    propositions: tuple[str, ...]  # every proposition at stake, sorted
    sides: tuple[Side, ...]
    actor: str | None = None
    claim: str | None = None
    invoked: tuple[str, ...] = ()  # selective invocation: the cited commitments
    first: date | None = None  # the date the finding is ordered by

    @property
    def sort_key(self) -> tuple[Any, ...]:
        """Report order: by kind, then by date, then by the ids on each side."""
        return (
            _RANK[self.kind],
            self.first or date.min,
            tuple(s.nodes for s in self.sides),
            self.proposition,
        )

    def nodes(self) -> Iterator[str]:
        """Every claim and commitment the finding rests on."""
        for side in self.sides:
            yield from side.nodes
        yield from self.invoked

    @property
    def bound(self) -> Bound | None:
        """The earliest binding among the document sides (breach, selective invocation)."""
        found = [s.bound for s in self.sides if s.bound is not None]
        return min(found, key=lambda b: (b.since, b.party)) if found else None


def find_positions(ag: ArgumentGraph, kinds: Sequence[str] = ()) -> list[Position]:
    """Every position finding of a corpus (or of the given kinds), in report order.

    Examples
    --------
    >>> from argmap.graph import build_graph
    >>> from argmap.model import Corpus
    >>> find_positions(build_graph(Corpus()))
    []
    """
    return _find(_Context(ag), kinds)


def positions_and_supports(
    ag: ArgumentGraph, kinds: Sequence[str] = ()
) -> tuple[list[Position], tuple[int, dict[str, int]]]:
    """:func:`find_positions` and :func:`count_supports` from one set of indexes.

    ``analyze`` lists the one and counts the other; both rest on where actors' claims meet,
    which is the costliest index to build.
    """
    found, supports, _ = positions_and_counts(ag, kinds)
    return found, supports


def positions_and_counts(
    ag: ArgumentGraph, kinds: Sequence[str] = ()
) -> tuple[list[Position], tuple[int, dict[str, int]], int]:
    """:func:`positions_and_supports`, and how many disagreements there are (listed or not):
    what the page of a large corpus counts rather than lists."""
    ctx = _Context(ag)
    met = ctx.meetings({"disagreement", "support"})
    return _find(ctx, kinds), ctx.support_counts(met), len(met[1]["disagreement"])


class ClaimPositions:
    """The position findings that rest on one claim added to a corpus (``check``).

    A monitor checks thousands of statements against one corpus: the commitment indexes and
    each actor's runs of stance are built once, and each statement's findings are computed
    from the claims that can meet it (its actor's claims, and per literal on a proposition it
    holds, every actor's claims holding that literal), never from the whole corpus, and only
    the findings that rest on it are built. They are those :func:`find_positions` gives on
    the corpus with the claim added, less those not resting on it (tests hold the two equal).
    """

    def __init__(self, ag: ArgumentGraph) -> None:
        self._ctx = _Context(ag, claims=())
        self._ctx.documents_writing()

    def of(
        self,
        ag: ArgumentGraph,
        claim: str,
        own: Sequence[str],
        holding: Holding,
        kinds: Sequence[str] = (),
    ) -> list[Position]:
        """The findings resting on `claim` in `ag` (its corpus plus the claim), in report order.

        `own` lists the claims of the claim's actor, claim included, by date then id (the
        same claims at every call for one actor: its runs of stance are kept between calls);
        `holding` gives, for each literal on a proposition the claim's closure holds (both
        polarities), every actor's claims whose closure holds it, in the same order.
        """
        return _find(self._ctx.focused(ag, claim, own, holding), kinds)


def _find(ctx: _Context, kinds: Sequence[str]) -> list[Position]:
    """The findings of a context in report order; of a focused one, those resting on its
    focus claim (a tension, between documents, never does)."""
    wanted = set(kinds or KINDS)
    focus = ctx.focus
    out: list[Position] = []
    if wanted & {"breach", "contradiction", "selective-invocation"}:
        claims = None if focus is None else [ctx.ag.corpus.claims[focus]]
        out.extend(f for f in ctx.against_commitments(claims) if f.kind in wanted)
    if "reversal" in wanted:
        out.extend(ctx.reversals())
    if "disagreement" in wanted or "support" in wanted:
        out.extend(ctx.between_actors(wanted))
    if "tension" in wanted and focus is None:
        out.extend(ctx.merged(ctx.tensions()))
    if "support" in wanted:
        out.extend(ctx.merged(ctx.document_supports()))
    if focus is not None:
        out = [f for f in out if any(focus in s.nodes for s in f.sides)]
    out.sort(key=lambda f: f.sort_key)
    return out


#: A run of an actor's claims with one stance: (positive, claims by date then id).
_Run = tuple[bool, list[str]]


def _runs(seq: Iterable[tuple[bool, str]]) -> list[_Run]:
    """Maximal runs of one stance in a sequence of (stance, claim)."""
    runs: list[_Run] = []
    for positive, cid in seq:
        if runs and runs[-1][0] == positive:
            runs[-1][1].append(cid)
        else:
            runs.append((positive, [cid]))
    return runs


#: kind -> {(group, group): [(proposition, the group that asserts it)]}
Meets = dict[str, dict[tuple[int, int], list[tuple[str, int]]]]
#: literal -> actor -> its claims holding the literal, by date then id (ClaimPositions.of).
Holding = Mapping[Literal, Mapping[str, Sequence[str]]]


class _Context:
    """The indexes every kind shares: claims in date order, commitments by written literal."""

    def __init__(self, ag: ArgumentGraph, claims: Iterable[Claim] | None = None) -> None:
        self.ag = ag
        corpus = ag.corpus
        chosen = corpus.claims.values() if claims is None else claims
        self.claims = sorted(chosen, key=lambda c: (c.date, c.id))
        self.written: dict[Literal, list[str]] = defaultdict(list)
        for kid in sorted(corpus.commitments):
            k = corpus.commitments[kid]
            for prop in k.asserts:
                self.written[(prop, True)].append(kid)
            for prop in k.denies:
                self.written[(prop, False)].append(kid)
        self.doc_of = {kid: k.document for kid, k in corpus.commitments.items()}
        docs = corpus.documents
        self.doc_order = {d: (docs[d].date, d) for d in docs}
        self._by_document: dict[Literal, list[tuple[str, tuple[str, ...]]]] = {}
        self._met: tuple[set[str], tuple[list[tuple[str, tuple[str, ...]]], Meets]] | None = None
        #: When set (ClaimPositions), the one claim the findings must rest on.
        self.focus: str | None = None
        self.holding: Holding = {}
        self.own: Sequence[str] = ()
        self._writing: dict[Literal, list[str]] | None = None
        #: actor -> its stances per proposition and its changes of stance, without the focus
        #: claim (ClaimPositions: shared by the focused copies).
        self._actor_stances: dict[str, Any] = {}

    def focused(
        self, ag: ArgumentGraph, focus: str, own: Sequence[str], holding: Holding
    ) -> _Context:
        """This context's commitment indexes (shared) over `ag`, a graph of the same
        commitments, building only the findings that rest on `focus`: over the claims of its
        actor (reversals, supports of documents) and `holding` (between actors)."""
        ctx = copy.copy(self)
        ctx.ag = ag
        ctx.claims = []  # what follows reads the focus claim's actor from `own` or `holding`
        ctx.own = own
        ctx._met = None
        ctx.focus = focus
        ctx.holding = holding
        return ctx

    def by_document(self, commitments: Iterable[str]) -> list[tuple[str, tuple[str, ...]]]:
        """Commitments grouped by document, documents by date then id."""
        groups: dict[str, list[str]] = defaultdict(list)
        for kid in commitments:
            groups[self.doc_of[kid]].append(kid)
        return [(d, tuple(groups[d])) for d in sorted(groups, key=self.doc_order.__getitem__)]

    def against_by_document(
        self, lit: Literal, kids: list[str]
    ) -> list[tuple[str, tuple[str, ...]]]:
        """:meth:`by_document` of the commitments writing `lit`, computed once per literal."""
        if lit not in self._by_document:
            self._by_document[lit] = self.by_document(kids)
        return self._by_document[lit]

    def against_commitments(self, claims: Iterable[Claim] | None = None) -> Iterator[Position]:
        """Breaches, contradictions and selective invocations, per (claim, proposition), of
        the context's claims or of `claims`."""
        ag = self.ag
        bound_of = ag.bindings.bound
        doc_sides: dict[tuple[str, bool, str, int], Side] = {}
        for claim in self.claims if claims is None else claims:
            actor = ag.actor_of[claim.id]
            invoked_by_doc: dict[str, list[str]] = defaultdict(list)
            for kid in claim.invokes:
                if kid not in invoked_by_doc[self.doc_of[kid]]:
                    invoked_by_doc[self.doc_of[kid]].append(kid)
            for prop, positive in sorted(ag.held[claim.id]):
                against = self.written.get((prop, not positive))
                if not against:
                    continue
                sides = [Side(actor, positive, (claim.id,))]
                for doc, kids in self.against_by_document((prop, not positive), against):
                    bound = bound_of(actor, doc, claim.date)
                    # One side object per (literal, document, binding): the many claims
                    # against it share it, and its JSON is written once (JsonLines).
                    key = (prop, positive, doc, id(bound))
                    side = doc_sides.get(key)
                    if side is None:
                        side = doc_sides[key] = Side(doc, not positive, kids, bound)
                    sides.append(side)
                kind = "breach" if any(s.bound for s in sides[1:]) else "contradiction"
                yield Position(kind, prop, (prop,), tuple(sides), actor, claim.id, (), claim.date)
                for side in sides[1:]:
                    cited = invoked_by_doc.get(side.who)
                    others = tuple(k for k in side.nodes if cited and k not in cited)
                    if cited and others:
                        yield Position(
                            "selective-invocation",
                            prop,
                            (prop,),
                            (sides[0], side._replace(nodes=others)),
                            actor,
                            claim.id,
                            tuple(cited),
                            claim.date,
                        )

    def reversals(self) -> Iterator[Position]:
        """One per change of an actor's stance; one change on several propositions is one."""
        if self.focus is not None:
            yield from self._focus_reversals(self.focus)
            return
        ag = self.ag
        stances: dict[tuple[str, str], list[tuple[bool, str]]] = defaultdict(list)
        for claim in self.claims:
            actor = ag.actor_of[claim.id]
            for prop, positive in ag.held[claim.id]:
                stances[(actor, prop)].append((positive, claim.id))
        changes: dict[tuple[str, str, str], list[tuple[str, _Run, _Run]]] = defaultdict(list)
        for (actor, prop), seq in stances.items():
            for old, new in pairwise(_runs(seq)):
                changes[(actor, old[1][-1], new[1][0])].append((prop, old, new))
        yield from self._reversal_findings(changes)

    def _reversal_findings(
        self, changes: Mapping[tuple[str, str, str], Sequence[tuple[str, _Run, _Run]]]
    ) -> Iterator[Position]:
        """One reversal per (actor, last claim, first claim), named by the most direct
        proposition that changed between them."""
        claims = self.ag.corpus.claims
        for (actor, last, first), alternatives in changes.items():
            props = sorted(p for p, _, _ in alternatives)
            main = self.most_direct(last, first, props)
            _, (was, before), (now, after) = next(a for a in alternatives if a[0] == main)
            yield Position(
                "reversal",
                main,
                tuple(props),
                (Side(actor, was, tuple(before)), Side(actor, now, tuple(after))),
                actor,
                None,
                (),
                claims[first].date,
            )

    def _focus_reversals(self, focus: str) -> Iterator[Position]:
        """:meth:`reversals` that rest on the focus claim: its actor's stances on the other
        claims are read once per actor (and kept for the next statement of that actor); only
        the propositions the focus claim holds are run again with it in its place."""
        ag = self.ag
        actor = ag.actor_of[focus]
        cached = self._actor_stances.get(actor)
        if cached is None:
            stances: dict[str, list[tuple[tuple[Any, ...], bool, str]]] = defaultdict(list)
            claims = ag.corpus.claims
            for cid in self.own:
                if cid != focus:
                    for prop, positive in ag.held[cid]:
                        stances[prop].append(((claims[cid].date, cid), positive, cid))
            by_key: dict[tuple[str, str], list[tuple[str, _Run, _Run]]] = defaultdict(list)
            for prop, seq in stances.items():
                for old, new in pairwise(_runs((pos, cid) for _, pos, cid in seq)):
                    by_key[(old[1][-1], new[1][0])].append((prop, old, new))
            cached = self._actor_stances[actor] = (stances, by_key)
        stances, by_key = cached
        claim = ag.corpus.claims[focus]
        key = (claim.date, focus)
        mine = {prop for prop, _ in ag.held[focus]}
        again: dict[tuple[str, str], list[tuple[str, _Run, _Run]]] = defaultdict(list)
        touching: list[tuple[str, str]] = []
        for prop, positive in sorted(ag.held[focus]):
            seq = stances.get(prop, [])
            at = bisect_left(seq, key, key=lambda x: x[0])
            seq = [*seq[:at], (key, positive, focus), *seq[at:]]
            for old, new in pairwise(_runs((pos, cid) for _, pos, cid in seq)):
                change = (old[1][-1], new[1][0])
                again[change].append((prop, old, new))
                if focus in old[1] or focus in new[1]:
                    touching.append(change)
        # The same change on other propositions is the same finding: those the focus claim
        # holds were run again above, the others are as they were.
        changes = {
            (actor, *change): again[change]
            + [alt for alt in by_key.get(change, ()) if alt[0] not in mine]
            for change in dict.fromkeys(touching)
        }
        return self._reversal_findings(changes)

    def most_direct(self, a: str, b: str, props: Sequence[str]) -> str:
        """The proposition both nodes reach in the fewest steps (then the first by id)."""
        held = self.ag.held

        def cost(prop: str) -> tuple[int, str]:
            steps = held[a][held_literal(self.ag, a, prop)][1]
            steps2 = held[b][held_literal(self.ag, b, prop)][1]
            return (len(steps) + len(steps2), prop)

        return min(props, key=cost)

    def merged(self, found: Iterable[Position]) -> Iterator[Position]:
        """One finding where the same nodes on each side meet on several propositions.

        Avalonia asserting that Mida is Avalonian and Borduria holding the river frontier meet
        on both propositions (one excludes the other); an analyst reads one disagreement, named
        by the most direct proposition, with the other listed. Input order is kept.
        """
        groups: dict[tuple[Any, ...], list[Position]] = {}
        for f in found:
            key = (f.kind, tuple((s.who, s.nodes) for s in f.sides))
            groups.setdefault(key, []).append(f)
        for alternatives in groups.values():
            if len(alternatives) == 1:
                yield alternatives[0]
                continue
            props = sorted(f.proposition for f in alternatives)
            a, b = (s.nodes[0] for s in alternatives[0].sides[:2])
            main = self.most_direct(a, b, props)
            chosen = next(f for f in alternatives if f.proposition == main)
            yield chosen._replace(propositions=tuple(props))

    def meetings(self, kinds: set[str]) -> tuple[list[tuple[str, tuple[str, ...]]], Meets]:
        """Where two actors' claims meet, per kind: {(group, group): [(proposition, group)]}.

        An actor's claims holding one literal form a group, interned as an integer, so the
        actor-pair loop hashes pairs of integers; pairs of groups that meet on several
        propositions are one finding, merged here before any finding is built. The second
        group of each entry is the one that asserts the proposition (-1: both deny it).
        Computed once per context for the kinds first asked (see positions_and_supports).
        """
        if self._met is not None and kinds <= self._met[0]:
            return self._met[1]
        met = self._meetings(kinds)
        self._met = (set(kinds), met)
        return met

    def _meetings(self, kinds: set[str]) -> tuple[list[tuple[str, tuple[str, ...]]], Meets]:
        if self.focus is not None:
            return self._focus_meetings(kinds)
        ag = self.ag
        holders: dict[Literal, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for claim in self.claims:
            actor = ag.actor_of[claim.id]
            for lit in ag.held[claim.id]:
                holders[lit][actor].append(claim.id)
        ids: dict[tuple[str, tuple[str, ...]], int] = {}
        groups: list[tuple[str, tuple[str, ...]]] = []
        by_lit: dict[Literal, list[int]] = {}
        for lit, by_actor in holders.items():
            gids = []
            for actor in sorted(by_actor):
                group = (actor, tuple(by_actor[actor]))
                if group not in ids:
                    ids[group] = len(groups)
                    groups.append(group)
                gids.append(ids[group])
            by_lit[lit] = gids
        # (group, group) -> [(proposition, the group that asserts it)]
        meets: Meets = {
            "disagreement": defaultdict(list),
            "support": defaultdict(list),
        }
        for (prop, positive), gids in by_lit.items():
            if positive and "disagreement" in kinds:
                opposed = by_lit.get((prop, False), ())
                for ga in gids:
                    for gb in opposed:
                        if groups[ga][0] != groups[gb][0]:
                            key = (ga, gb) if ga < gb else (gb, ga)
                            meets["disagreement"][key].append((prop, ga))
            if "support" in kinds:
                for i, ga in enumerate(gids):
                    for gb in gids[i + 1 :]:
                        key = (ga, gb) if ga < gb else (gb, ga)
                        meets["support"][key].append((prop, ga if positive else -1))
        return groups, meets

    def _focus_meetings(self, kinds: set[str]) -> tuple[list[tuple[str, tuple[str, ...]]], Meets]:
        """:meth:`_meetings` of the focus claim's groups only, read from ``holding``: the
        pairs of groups between other actors, which a check never reports, are not formed."""
        assert self.focus is not None
        mine = self.ag.actor_of[self.focus]
        ids: dict[tuple[str, tuple[str, ...]], int] = {}
        groups: list[tuple[str, tuple[str, ...]]] = []

        def gid(actor: str, claims: Sequence[str]) -> int:
            group = (actor, tuple(claims))
            if group not in ids:
                ids[group] = len(groups)
                groups.append(group)
            return ids[group]

        meets: Meets = {"disagreement": defaultdict(list), "support": defaultdict(list)}
        for lit in sorted(self.ag.held[self.focus]):
            prop, positive = lit
            own = gid(mine, self.holding[lit][mine])
            for kind, other in (("disagreement", (prop, not positive)), ("support", lit)):
                if kind not in kinds:
                    continue
                for actor, claims in sorted(self.holding.get(other, {}).items()):
                    if actor == mine:
                        continue
                    g = gid(actor, claims)
                    key = (own, g) if own < g else (g, own)
                    if kind == "disagreement":
                        meets[kind][key].append((prop, own if positive else g))
                    else:
                        meets[kind][key].append((prop, own if positive else -1))
        return groups, meets

    def between_actors(self, kinds: set[str]) -> Iterator[Position]:
        """Disagreements and claim-to-claim supports, per (actor, actor, proposition).

        A group's side and first claim are built once, not once per pair it meets in: a
        corpus of 30 actors on 200 propositions has 100,000 such pairs.
        """
        groups, meets = self.meetings(kinds)
        claims = self.ag.corpus.claims
        firsts = [(claims[nodes[0]].date, nodes[0]) for _, nodes in groups]
        sides: dict[tuple[int, bool], Side] = {}

        def side(g: int, positive: bool) -> Side:
            s = sides.get((g, positive))
            if s is None:
                s = sides[(g, positive)] = Side(groups[g][0], positive, groups[g][1])
            return s

        for kind, found in meets.items():
            if kind not in kinds:
                continue
            for (ga, gb), alternatives in found.items():
                if len(alternatives) == 1:
                    main, asserting = alternatives[0]
                    props: tuple[str, ...] = (main,)
                else:
                    props = tuple(sorted(p for p, _ in alternatives))
                    main = self.most_direct(groups[ga][1][0], groups[gb][1][0], props)
                    asserting = next(g for p, g in alternatives if p == main)
                if kind == "disagreement":
                    x, y = side(ga, asserting == ga), side(gb, asserting == gb)
                else:
                    x, y = side(ga, asserting >= 0), side(gb, asserting >= 0)
                if firsts[gb] < firsts[ga]:
                    x, y, ga = y, x, gb
                yield Position(kind, main, props, (x, y), None, None, (), firsts[ga][0])

    def tensions(self) -> Iterator[Position]:
        """Per (document, document, proposition) whose commitments hold opposite literals."""
        ag = self.ag
        holders: dict[Literal, list[str]] = defaultdict(list)
        for kid in sorted(ag.corpus.commitments):
            for lit in ag.held[kid]:
                holders[lit].append(kid)
        docs = ag.corpus.documents
        for (prop, positive), plus in holders.items():
            minus = holders.get((prop, False)) if positive else None
            if not minus:
                continue
            for da, ka in self.by_document(plus):
                for db, kb in self.by_document(minus):
                    x, y = Side(da, True, ka), Side(db, False, kb)
                    if self.doc_order[db] < self.doc_order[da]:
                        x, y = y, x
                    yield Position(
                        "tension", prop, (prop,), (x, y), None, None, (), docs[x.who].date
                    )

    def documents_writing(self) -> dict[Literal, list[str]]:
        """Literal -> the documents that write it (built once, shared by focused copies)."""
        if self._writing is None:
            self._writing = {
                lit: list(dict.fromkeys(self.doc_of[k] for k in kids))
                for lit, kids in self.written.items()
            }
        return self._writing

    def document_groups(self) -> dict[tuple[str, str, Literal], list[str]]:
        """(actor, document, literal the document writes) -> the actor's claims holding it."""
        ag = self.ag
        by_doc = self.documents_writing()
        groups: dict[tuple[str, str, Literal], list[str]] = defaultdict(list)
        if self.focus is not None:
            actor = ag.actor_of[self.focus]
            for lit in ag.held[self.focus]:
                for doc in by_doc.get(lit, ()):
                    groups[(actor, doc, lit)] = list(self.holding[lit][actor])
            return groups
        for claim in self.claims:
            actor = ag.actor_of[claim.id]
            for lit in ag.held[claim.id]:
                for doc in by_doc.get(lit, ()):
                    groups[(actor, doc, lit)].append(claim.id)
        return groups

    def document_supports(self) -> Iterator[Position]:
        """Per (actor, document, proposition): the actor's claims hold what the document writes."""
        claims = self.ag.corpus.claims
        for (actor, doc, lit), cids in self.document_groups().items():
            kids = tuple(k for k in self.written[lit] if self.doc_of[k] == doc)
            yield Position(
                "support",
                lit[0],
                (lit[0],),
                (Side(actor, lit[1], tuple(cids)), Side(doc, lit[1], kids)),
                actor,
                None,
                (),
                claims[cids[0]].date,
            )

    def support_counts(
        self, met: tuple[list[tuple[str, tuple[str, ...]]], Meets] | None = None
    ) -> tuple[int, dict[str, int]]:
        """How many supports there are, and per actor, without building them (see merged).

        `met` is :meth:`meetings` already computed with "support" among its kinds.
        """
        per: dict[str, int] = defaultdict(int)
        groups, meets = met or self.meetings({"support"})
        for ga, gb in meets["support"]:
            per[groups[ga][0]] += 1
            per[groups[gb][0]] += 1
        total = len(meets["support"])
        seen: set[tuple[str, tuple[str, ...], str, tuple[str, ...]]] = set()
        for (actor, doc, lit), cids in self.document_groups().items():
            kids = tuple(k for k in self.written[lit] if self.doc_of[k] == doc)
            key = (actor, tuple(cids), doc, kids)
            if key not in seen:
                seen.add(key)
                per[actor] += 1
        return total + len(seen), dict(per)


def count_supports(ag: ArgumentGraph) -> tuple[int, dict[str, int]]:
    """The number of support findings, and per actor, as :func:`find_positions` would list them.

    Supports are counted, and listed only when asked for (DESIGN.md, "Positions"): counting
    them does not build them.
    """
    return _Context(ag).support_counts()


def count_between(ag: ArgumentGraph) -> tuple[dict[tuple[str, str], int], int]:
    """Disagreements per pair of actors (first actor by claim group), and the number of supports.

    The grouping :func:`find_positions` lists, counted without building the findings: a report
    that names these kinds by number need not build 100,000 of them.
    """
    ctx = _Context(ag)
    met = ctx.meetings({"disagreement", "support"})
    groups, meets = met
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    for ga, gb in meets["disagreement"]:
        pairs[(groups[ga][0], groups[gb][0])] += 1
    return dict(pairs), ctx.support_counts(met)[0]


def filter_positions(
    ag: ArgumentGraph,
    findings: Iterable[Position],
    *,
    kinds: Sequence[str] = (),
    actors: Sequence[str] = (),
    since: date | None = None,
    until: date | None = None,
    involving: str | None = None,
) -> list[Position]:
    """The findings that match every given filter (as :func:`argmap.findings.filter_findings`).

    `involving` matches a claim or commitment on any side, a document or actor a side belongs
    to, or a proposition at stake.
    """
    corpus = ag.corpus
    if not (actors or since or until or involving is not None):
        return [f for f in findings if not kinds or f.kind in kinds]
    result = []
    for f in findings:
        if kinds and f.kind not in kinds:
            continue
        nodes = list(f.nodes())
        if involving is not None and not (
            involving in nodes
            or involving in f.propositions
            or any(s.who == involving for s in f.sides)
        ):
            continue
        claim_nodes = [n for n in nodes if n in corpus.claims]

        def undated(f: Position = f) -> list[date]:
            return [corpus.documents[s.who].date for s in f.sides]

        if passes_filters(ag, claim_nodes, undated, actors, since, until):
            result.append(f)
    return result


# --- words -------------------------------------------------------------------------------


def _verb(positive: bool, past: bool = False) -> str:
    if past:
        return "asserted" if positive else "denied"
    return "asserts" if positive else "denies"


def _actor(ag: ArgumentGraph, ident: str) -> str:
    return ag.corpus.actors[ident].label


def _span(
    ag: ArgumentGraph, claims: tuple[str, ...], spans: dict[tuple[str, ...], str] | None = None
) -> str:
    """'2 claims, 2021-12-17 to 2022-02-24' (or one date), remembered in `spans` when given
    (see :func:`position_lines`).

    A side's claims are in date order (Side.nodes), so the first and last give the span.
    """
    if spans is not None and (text := spans.get(claims)) is not None:
        return text
    first, last = ag.corpus.claims[claims[0]].date, ag.corpus.claims[claims[-1]].date
    when = str(first) if first == last else f"{first} to {last}"
    text = f"{plural(len(claims), 'claim')}, {when}"
    if spans is not None:
        spans[claims] = text
    return text


def _locators(ag: ArgumentGraph, kids: Sequence[str]) -> str:
    return "; ".join(ag.corpus.commitments[k].locator for k in kids)


def _binding(ag: ArgumentGraph, side: Side, f: Position | None = None) -> str:
    """'bound since 1990-11-19, as successor of USSR, until 2023-11-07', or 'not bound' (with
    the reason when the data knows it: signed only, lawfully suspended, ended)."""
    if f is not None and f.actor is not None and f.claim is not None:
        # Same actor, document and date, same words: memoized across the claims of one day.
        era = ag.bindings.era(side.who, ag.corpus.claims[f.claim].date)
        key = ("binding", f.actor, side.who, str(era), str(side.bound))
        return ag.text_cache.get(key, _binding_text, ag, side, f)
    return _binding_text(ag, side, f)


def _binding_text(ag: ArgumentGraph, side: Side, f: Position | None = None) -> str:
    b = side.bound
    if b is None:
        if f is not None and f.actor is not None and f.claim is not None:
            from argmap.status import unbound_reason

            on = ag.corpus.claims[f.claim].date
            status = ag.bindings.unbound_status(f.actor, side.who, on)
            reason = unbound_reason(ag.corpus.documents[side.who], status)
            if reason:
                return f"not bound: {reason}"
        return "not bound"
    how = f", {route(ag, b)}," if b.party != b.actor else ""
    until = f" until {b.until}" if b.until else ""
    qualified = f"; qualified: {b.qualified}" if b.qualified else ""
    return f"bound since {b.since}{how}{until}".rstrip(",") + qualified


def route(ag: ArgumentGraph, b: Bound) -> str:
    """How an actor comes to be bound through another party, in names, not ids.

    ``Bound.via`` reads "successor of ussr"; a reader is told "as successor of USSR".
    """
    actors = ag.corpus.actors

    def named(step: str) -> str:
        return " ".join(actors[w].label if w in actors else w for w in step.split(" "))

    text = "; ".join(named(step) for step in b.via)
    return f"as {text}" if text.startswith("successor of") else text


def _against(ag: ArgumentGraph, s: Side, f: Position) -> str:
    """'Istanbul Charter, para. 8 (bound since 1999-11-19)': one document side of a breach.

    The same for every claim of one actor against these commitments in one era of the
    document (:meth:`argmap.logic.Bindings.era`), so memoized under that key.
    """
    title = ag.corpus.documents[s.who].title
    return f"{title}, {_locators(ag, s.nodes)} ({_binding(ag, s, f)})"


def position_text(
    ag: ArgumentGraph, f: Position, spans: dict[tuple[str, ...], str] | None = None
) -> str:
    """One or two sentences that say what the finding is and why (`spans`: see
    :func:`position_lines`)."""
    corpus = ag.corpus

    s0 = f.sides[0]
    p = f.proposition
    if f.kind in ("breach", "contradiction"):
        assert f.claim is not None and f.actor is not None
        docs = f.sides[1:]
        n = sum(len(s.nodes) for s in docs)
        on = corpus.claims[f.claim].date
        groups = "; ".join(
            ag.text_cache.get(
                ("against", f.actor, s.who, str(ag.bindings.era(s.who, on)), *s.nodes),
                _against,
                ag,
                s,
                f,
            )
            for s in docs
        )
        return (
            f"{_actor(ag, f.actor)} ({f.claim}, {corpus.claims[f.claim].date}) "
            f"{stance(ag, f.claim, p)}, against {plural(n, 'commitment')} in "
            f"{plural(len(docs), 'document')}: {groups}."
        )
    if f.kind == "selective-invocation":
        assert f.claim is not None and f.actor is not None
        doc = f.sides[1]
        title = corpus.documents[doc.who].title
        return (
            f"{_actor(ag, f.actor)} ({f.claim}, {corpus.claims[f.claim].date}) invokes "
            f"{title}, {_locators(ag, f.invoked)}, while it {stance(ag, f.claim, p)}, which "
            f"{_locators(ag, doc.nodes)} of the same document {_verb(doc.positive)} "
            f"({_binding(ag, doc)})."
        )
    if f.kind == "reversal":
        old, new = f.sides
        assert f.actor is not None
        more = _and_on(f)
        return (
            f"{_actor(ag, f.actor)} changed its stance on '{p}'{more}: it "
            f"{_verb(old.positive, True)} it ({_span(ag, old.nodes, spans)}, "
            f"last {old.nodes[-1]}), then {_verb(new.positive, True)} it "
            f"({_span(ag, new.nodes, spans)}, first {new.nodes[0]})."
        )
    if f.kind == "tension":
        a, b = f.sides
        return (
            f"{corpus.documents[a.who].title}, {_locators(ag, a.nodes)}, {_verb(a.positive)} "
            f"'{p}'; {corpus.documents[b.who].title}, {_locators(ag, b.nodes)}, "
            f"{_verb(b.positive)} it.{_same(f, 'commitments')}"
        )
    b = f.sides[1]
    if f.kind == "disagreement":
        return (
            f"{_actor(ag, s0.who)} {_verb(s0.positive)} '{p}' ({_span(ag, s0.nodes, spans)}); "
            f"{_actor(ag, b.who)} {_verb(b.positive)} it ({_span(ag, b.nodes, spans)}).{_same(f)}"
        )
    if b.who in corpus.documents:
        return (
            f"{_actor(ag, s0.who)} {_verb(s0.positive)} '{p}' ({_span(ag, s0.nodes, spans)}), as "
            f"{corpus.documents[b.who].title}, {_locators(ag, b.nodes)}, does.{_same(f)}"
        )
    return (
        f"{_actor(ag, s0.who)} ({_span(ag, s0.nodes, spans)}) and {_actor(ag, b.who)} "
        f"({_span(ag, b.nodes, spans)}) both {'assert' if s0.positive else 'deny'} "
        f"'{p}'.{_same(f)}"
    )


def _side_dict(ag: ArgumentGraph, s: Side) -> dict[str, Any]:
    corpus = ag.corpus
    d: dict[str, Any] = {"stance": _verb(s.positive)}
    if s.who in corpus.documents:
        d.update(document=s.who, commitments=list(s.nodes))
    else:
        d.update(actor=s.who, claims=list(s.nodes))
    if s.bound is not None:
        d.update(bound=True, bound_since=s.bound.since.isoformat(), bound_through=s.bound.party)
        if s.bound.until:
            d["bound_until"] = s.bound.until.isoformat()
        if s.bound.qualified:
            # A declared suspension without treaty basis: still bound, a qualified breach.
            d["qualified"] = s.bound.qualified
    elif s.who in corpus.documents and s.nodes and s.nodes[0] in corpus.commitments:
        d["bound"] = False
    return d


def position_dict(
    ag: ArgumentGraph,
    f: Position,
    spans: dict[tuple[str, ...], str] | None = None,
    sides: bool | None = True,
) -> dict[str, Any]:
    """The JSON form of a position finding (DESIGN.md "Positions"; CHANGELOG 0.2).

    `spans`: see :func:`position_lines`. `sides=None` leaves a placeholder for
    :class:`JsonLines`, which encodes each side once."""
    d: dict[str, Any] = {
        "kind": f.kind,
        "proposition": f.proposition,
        "propositions": list(f.propositions),
        "explanation": position_text(ag, f, spans),
        "sides": _SIDES if sides is None else [_side_dict(ag, s) for s in f.sides],
    }
    if f.claim is not None:
        docs = f.sides[1:]
        d.update(claim=f.claim, actor=f.actor, date=str(ag.corpus.claims[f.claim].date))
        d["commitments"] = [k for s in docs for k in s.nodes]
        d["documents"] = [s.who for s in docs]
        d["derivation"] = [
            derivation(ag, f.claim, held_literal(ag, f.claim, f.proposition)),
            *(derivation(ag, s.nodes[0], (f.proposition, s.positive)) for s in docs[:1]),
        ]
        if f.invoked:
            d["invoked"] = list(f.invoked)
        bound = f.bound
        if bound is not None:
            d.update(bound_since=bound.since.isoformat(), bound_through=bound.party)
    elif f.kind == "tension":
        d["documents"] = [s.who for s in f.sides]
        d["commitments"] = [k for s in f.sides for k in s.nodes]
    else:
        if f.kind == "support" and f.actor is not None:
            doc = f.sides[1]
            d.update(actor=f.actor, document=doc.who, commitments=list(doc.nodes))
            d["claims"] = list(f.sides[0].nodes)
        elif f.kind == "reversal":
            old, new = f.sides
            d.update(actor=f.actor, claims=[old.nodes[-1], new.nodes[0]])
            d.update(since=str(ag.corpus.claims[new.nodes[0]].date))
        else:
            # The claims are named once, in `sides`: a disagreement of two actors that spoke
            # often would otherwise carry every claim twice.
            d["actors"] = [s.who for s in f.sides]
    return d


_SIDES = "\x00sides"  # a placeholder no text of a corpus holds (control characters are refused)
_SIDES_JSON = '"\\u0000sides"'  # how json.dumps writes it


class JsonLines:
    """Compact JSON of position findings, one per line, for ``analyze --format json``.

    Byte for byte ``json.dumps(position_dict(...), sort_keys=True, separators=(",", ":"),
    ensure_ascii=False)``, but each side is encoded once: one actor's claims on a
    proposition are a side of every disagreement the actor has on it, and encoding them
    again for each was most of the time on a corpus of 10,000 claims.
    """

    def __init__(self, ag: ArgumentGraph) -> None:
        self.ag = ag
        self.spans: dict[tuple[str, ...], str] = {}
        self._sides: dict[int, tuple[Side, str]] = {}  # id(side) -> (side kept alive, JSON)

    def side(self, s: Side) -> str:
        """One side's JSON, from the memo when this very side was encoded before."""
        hit = self._sides.get(id(s))
        if hit is None:
            hit = self._sides[id(s)] = (s, _compact(_side_dict(self.ag, s)))
        return hit[1]

    def line(self, f: Position, extra: dict[str, Any] | None = None) -> str:
        """The finding (with `extra` keys added) as one line of compact JSON."""
        if f.kind == "disagreement" and not extra:
            # Nine in ten findings of a large corpus: written out in sorted-key order, as
            # position_dict would give them (a test holds the two to the same bytes).
            a, b = f.sides
            return (
                f'{{"actors":[{_str(a.who)},{_str(b.who)}],'
                f'"explanation":{_str(position_text(self.ag, f, self.spans))},'
                f'"kind":"disagreement","proposition":{_str(f.proposition)},'
                f'"propositions":[{",".join(map(_str, f.propositions))}],'
                f'"sides":[{self.side(a)},{self.side(b)}]}}'
            )
        d = position_dict(self.ag, f, self.spans, sides=None)
        if extra:
            d.update(extra)
        sides = "[" + ",".join(self.side(s) for s in f.sides) + "]"
        return _compact(d).replace(_SIDES_JSON, sides, 1)


_str: Any = json.encoder.encode_basestring  # a str as JSON, as json.dumps writes it


def json_lines(
    ag: ArgumentGraph,
    findings: Sequence[Position],
    extra: Callable[[Position], dict[str, Any] | None] | None = None,
) -> Iterator[str]:
    """Each finding as a line of :class:`JsonLines`, with ``extra(f)``'s keys, in order.

    Encoded on every core (:func:`argmap.parallel.map_lines`): the 130,000 findings of a
    corpus of 10,000 claims are 70 MB of JSON.
    """
    from argmap.parallel import map_lines

    def encode(chunk: list[Position]) -> Iterator[str]:
        lines = JsonLines(ag)
        for f in chunk:
            yield lines.line(f, extra(f) if extra else None)

    return map_lines(encode, findings, at_least=5000)


def _compact(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def support_counts(ag: ArgumentGraph, findings: Iterable[Position]) -> dict[str, int]:
    """How many support findings involve each actor: supports are counted, listed on demand."""
    per: dict[str, int] = defaultdict(int)
    actors = ag.corpus.actors
    for f in findings:
        if f.kind == "support":
            for who in {s.who for s in f.sides if s.who in actors}:
                per[who] += 1
    return dict(per)


def summary(
    ag: ArgumentGraph, findings: Sequence[Position], *, actors: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Per actor (in order of first claim): claims, positions held, changes, documents breached.

    A position counts once per (proposition, run of one stance): an actor that denied P, then
    asserted it, holds two. `actors` keeps the rows of those actors, or of the actors those
    speakers speak for.
    """
    corpus = ag.corpus
    claims = sorted(corpus.claims.values(), key=lambda c: (c.date, c.id))
    order: dict[str, int] = {}
    counts: dict[str, int] = defaultdict(int)
    stances: dict[tuple[str, str], list[bool]] = defaultdict(list)
    speakers: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        actor = ag.actor_of[c.id]
        order.setdefault(actor, len(order))
        counts[actor] += 1
        if c.speaker:
            speakers[actor].add(c.speaker)
        for prop, positive in ag.held[c.id]:
            seq = stances[(actor, prop)]
            if not seq or seq[-1] != positive:
                seq.append(positive)
    positions: dict[str, int] = defaultdict(int)
    for (actor, _), seq in stances.items():
        positions[actor] += len(seq)
    changes: dict[str, int] = defaultdict(int)
    breached: dict[str, set[str]] = defaultdict(set)
    contradicted: dict[str, set[str]] = defaultdict(set)
    for f in findings:
        if f.kind == "reversal" and f.actor:
            changes[f.actor] += 1
        elif f.kind in ("breach", "contradiction") and f.actor:
            for s in f.sides[1:]:
                (breached if s.bound else contradicted)[f.actor].add(s.who)
    out = []
    for actor in sorted(order, key=order.__getitem__):
        if actors and actor not in actors and not speakers[actor] & set(actors):
            continue
        out.append(
            {
                "actor": actor,
                "claims": counts[actor],
                "positions": positions[actor],
                "changes": changes[actor],
                "documents_breached": sorted(breached[actor]),
                "documents_contradicted": sorted(contradicted[actor] - breached[actor]),
            }
        )
    return out


def _docs_line(sides: Sequence[Side]) -> str:
    """'istanbul-1999 ×2, astana-2010' — documents by id, with how many commitments."""
    return ", ".join(
        s.who
        + (f" ×{len(s.nodes)}" if len(s.nodes) > 1 else "")
        + (" (qualified: suspension declared)" if s.bound and s.bound.qualified else "")
        for s in sides
    )


def _from(ag: ArgumentGraph, claim: str, prop: str) -> str:
    """Say "denies 'p'" or "denies 'p' (from 'q')": the stance and what it follows from."""
    lit = held_literal(ag, claim, prop)
    root, steps = ag.held[claim][lit]
    text = f"{_verb(lit[1])} '{prop}'"
    return text + (f" (it {_verb(root[1])} '{root[0]}')" if steps else "")


def _and_on(f: Position) -> str:
    """Name the other propositions of a merged finding in a full sentence: " (and on 'q')"."""
    also = [q for q in f.propositions if q != f.proposition]
    return f" (and on {', '.join(repr(q) for q in also)})" if also else ""


def _same(f: Position, nodes: str = "claims") -> str:
    """Close a full sentence on a merged finding: " The same claims also meet on 'q'."."""
    also = [q for q in f.propositions if q != f.proposition]
    return f" The same {nodes} also meet on {', '.join(repr(q) for q in also)}." if also else ""


def _also(f: Position) -> str:
    """Name the other propositions of a merged finding on a terminal line: " (also 'q')"."""
    also = [q for q in f.propositions if q != f.proposition]
    return f" (also {', '.join(repr(q) for q in also)})" if also else ""


def position_lines(
    ag: ArgumentGraph, f: Position, spans: dict[tuple[str, ...], str] | None = None
) -> list[str]:
    """The finding in two or three short lines for the terminal: who and when, then what.

    `spans` memoizes each side's "N claims, from to" across calls: one actor's claims on a
    proposition are a side of every disagreement it has on it.
    """
    corpus = ag.corpus

    p = f.proposition
    if f.claim is not None and f.actor is not None:
        head = f"{_actor(ag, f.actor)}, {corpus.claims[f.claim].date}, {f.claim}"
        docs = f.sides[1:]
        n = sum(len(s.nodes) for s in docs)
        if f.kind == "selective-invocation":
            cited = ", ".join(f.invoked)
            return [
                head,
                f"invokes {cited} while it {_from(ag, f.claim, p)}, against "
                f"{plural(n, 'other commitment')} of {docs[0].who}: {', '.join(docs[0].nodes)}",
            ]
        bound = [s for s in docs if s.bound]
        free = [s for s in docs if not s.bound]
        parts = []
        if bound:
            parts.append(f"bound by {_docs_line(bound)}")
        if free:
            parts.append(f"not bound by {_docs_line(free)}")
        return [
            head,
            f"{_from(ag, f.claim, p)}, against {plural(n, 'commitment')} in "
            f"{plural(len(docs), 'document')}: " + "; ".join(parts),
        ]
    more = _also(f)
    if f.kind == "reversal":
        old, new = f.sides
        assert f.actor is not None
        return [
            f"{_actor(ag, f.actor)}, {corpus.claims[new.nodes[0]].date}, on '{p}'{more}",
            f"{_verb(old.positive, True)} it up to {old.nodes[-1]} "
            f"({_span(ag, old.nodes, spans)}), then {_verb(new.positive, True)} it from "
            f"{new.nodes[0]} ({_span(ag, new.nodes, spans)})",
        ]
    if f.kind == "tension":
        a, b = f.sides
        return [
            f"on '{p}'{more}: {a.who} ({', '.join(a.nodes)}) {_verb(a.positive)} it",
            f"{b.who} ({', '.join(b.nodes)}) {_verb(b.positive)} it",
        ]
    a, b = f.sides
    if f.kind == "support" and f.actor is not None:
        return [
            f"{_actor(ag, a.who)} {_verb(a.positive)} '{p}'{more} ({_span(ag, a.nodes, spans)}), "
            f"as {b.who} does ({', '.join(b.nodes)})"
        ]
    return [
        f"on '{p}'{more}: {_actor(ag, a.who)} {_verb(a.positive)} it ({_span(ag, a.nodes, spans)})",
        f"{_actor(ag, b.who)} {_verb(b.positive)} it ({_span(ag, b.nodes, spans)})",
    ]
