"""The propositional logic of a corpus: literal closure and who is bound by what, when.

Consumes propositions, actors and documents (model records); produces closures with their
derivations and binding verdicts. DESIGN.md "The logic" is the contract implemented here:

* a node's literals: ``asserts`` gives (P, +), ``denies`` gives (P, -);
* closure: P+ and P implies Q gives Q+; Q- and P implies Q gives P- (contrapositive);
  P+ and P excludes R gives R- (``excludes`` is symmetric);
* two nodes contradict when one holds (X, +) and the other (X, -).

Every rule has a single premise, so the closure of a set of literals is the union of the
closures of its members: each literal's closure is computed once and shared by all nodes,
which keeps graph building linear in the corpus.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from argmap.model import Actor, Document, Proposition
from argmap.status import Status, party_state, suspension_sentence

__all__ = [
    "Bindings",
    "Bound",
    "Closure",
    "Literal",
    "Logic",
    "Step",
    "literals_of",
    "show",
]

#: A literal: a proposition id and its polarity (True: asserted, False: denied).
Literal = tuple[str, bool]


def show(lit: Literal) -> str:
    """Render a literal for people: ``+p`` or ``-p``."""
    return ("+" if lit[1] else "-") + lit[0]


@dataclass(frozen=True)
class Step:
    """One rule application: from `premise`, by `rule` on `via`, follows `conclusion`."""

    premise: Literal
    rule: str  # "implies" | "implied-by" | "excludes"
    via: tuple[str, str]  # the proposition link used, as written: (P, Q)
    conclusion: Literal

    def sentence(self) -> str:
        """The step as a sentence a seminar can read aloud."""
        p, q = self.via
        verb = "denies" if not self.conclusion[1] else "asserts"
        if self.rule == "implies":
            why = f"'{p}' implies '{q}'"
        elif self.rule == "implied-by":
            why = f"'{p}' implies '{q}', so denying '{q}' denies '{p}'"
        else:
            why = f"'{p}' excludes '{q}'"
        return f"{why}; so it {verb} '{self.conclusion[0]}'"


@dataclass(frozen=True)
class Closure:
    """The literals that follow from one literal, each with the steps that derive it."""

    root: Literal
    derivations: Mapping[Literal, tuple[Step, ...]]

    def __contains__(self, lit: object) -> bool:
        return lit in self.derivations


def literals_of(asserts: Iterable[str], denies: Iterable[str]) -> list[Literal]:
    """A node's own literals, asserted first, in the order written."""
    return [(p, True) for p in asserts] + [(p, False) for p in denies]


class Logic:
    """The closure engine for one proposition vocabulary.

    Parameters
    ----------
    propositions : mapping of id to Proposition
        The vocabulary; ``implies``/``excludes`` must name ids in it.

    Examples
    --------
    >>> from argmap.model import Proposition
    >>> props = {
    ...     "ban": Proposition(id="ban", text="No enlargement.", excludes=["choice"]),
    ...     "choice": Proposition(id="choice", text="Free choice."),
    ... }
    >>> sorted(show(lit) for lit in Logic(props).closure_of([("ban", True)]))
    ['+ban', '-choice']
    """

    def __init__(self, propositions: Mapping[str, Proposition]) -> None:
        self.implies: dict[str, list[str]] = {p: [] for p in propositions}
        self.implied_by: dict[str, list[str]] = {p: [] for p in propositions}
        self.excludes: dict[str, list[tuple[str, str]]] = {p: [] for p in propositions}
        for prop in propositions.values():
            for q in prop.implies:
                self.implies[prop.id].append(q)
                self.implied_by.setdefault(q, []).append(prop.id)
            for r in prop.excludes:
                self.excludes[prop.id].append((prop.id, r))
                self.excludes.setdefault(r, []).append((prop.id, r))
        self._cache: dict[Literal, Closure] = {}
        self._multi: dict[tuple[Literal, ...], dict[Literal, tuple[Literal, tuple[Step, ...]]]] = {}

    def closure(self, lit: Literal) -> Closure:
        """Everything that follows from `lit`, breadth first so derivations are shortest."""
        cached = self._cache.get(lit)
        if cached is not None:
            return cached
        derivations: dict[Literal, tuple[Step, ...]] = {lit: ()}
        queue = deque([lit])
        while queue:
            cur = queue.popleft()
            for step in self._steps(cur):
                if step.conclusion not in derivations:
                    derivations[step.conclusion] = derivations[cur] + (step,)
                    queue.append(step.conclusion)
        result = Closure(lit, derivations)
        self._cache[lit] = result
        return result

    def _steps(self, lit: Literal) -> Iterable[Step]:
        prop, positive = lit
        if positive:
            for q in self.implies.get(prop, ()):
                yield Step(lit, "implies", (prop, q), (q, True))
            for a, b in self.excludes.get(prop, ()):
                other = b if a == prop else a
                yield Step(lit, "excludes", (a, b), (other, False))
        else:
            for p in self.implied_by.get(prop, ()):
                yield Step(lit, "implied-by", (p, prop), (p, False))

    def closure_of(
        self, lits: Iterable[Literal]
    ) -> dict[Literal, tuple[Literal, tuple[Step, ...]]]:
        """The closure of several literals: each derived literal with its root and steps.

        Where a literal follows from several roots, the shortest derivation is kept (ties go
        to the root written first). Results are memoized by the literals as written: nodes
        often write the same ones, and validation and the graph ask for each node's closure.
        The returned mapping is shared: do not modify it.
        """
        key = tuple(lits)
        cached = self._multi.get(key)
        if cached is not None:
            return cached
        out: dict[Literal, tuple[Literal, tuple[Step, ...]]] = {}
        self._multi[key] = out
        for root in key:
            for derived, steps in self.closure(root).derivations.items():
                known = out.get(derived)
                if known is None or len(steps) < len(known[1]):
                    out[derived] = (root, steps)
        return out

    def conflicts(self, lits: Iterable[Literal]) -> list[str]:
        """Propositions that a node holding `lits` would both assert and deny (sorted)."""
        held = self.closure_of(lits)
        return sorted(p for (p, pos) in held if pos and (p, False) in held)


@dataclass(frozen=True)
class Bound:
    """Why an actor was bound by a document on a date, and since when."""

    actor: str  # the actor asked about
    party: str  # the party actually listed in the document
    since: date
    until: date | None
    via: tuple[str, ...]  # how `actor` reaches `party`: ("successor_of ussr",) etc.
    #: Set when the party had declared the document suspended without a basis in it: the
    #: sentence a qualified breach carries (argmap.status).
    qualified: str | None = None

    def sentence(self, actors: Mapping[str, Actor], document: Document) -> str:
        """Since when, and how, for people."""
        name = actors[self.actor].label
        how = ""
        if self.party != self.actor:
            how = f" (through {', '.join(self.via)})"
        end = f" until {self.until}" if self.until else ""
        text = f"{name} has been bound by {document.title} since {self.since}{how}{end}"
        if self.qualified:
            text += f" (qualified: {self.qualified})"
        return text


class Bindings:
    """Answers "was this actor bound by this document on this date?" for one corpus.

    An actor is bound when it is a party active on that date; or its predecessor is (a
    continuator state, ``successor_of``); or the actor it represents is (a person); or it was
    a member on that date of an organization that is a party. A party's ``since`` defaults to
    the document's date; ``until`` is the last day it was bound. The earliest binding wins.
    Answers are memoized: a corpus asks the same question for many claims.
    """

    def __init__(self, actors: Mapping[str, Actor], documents: Mapping[str, Document]) -> None:
        self.actors = actors
        self.documents = documents
        self._member_of: dict[str, list[tuple[str, date | None, date | None]]] = {}
        for org in actors.values():
            for m in org.members:
                self._member_of.setdefault(m.actor, []).append((org.id, m.since, m.until))
        self._cache: dict[tuple[str, str, date], Bound | None] = {}
        self._route_cache: dict[tuple[str, date], dict[str, tuple[str, ...]]] = {}

    def bound(self, actor_id: str, document_id: str, on: date) -> Bound | None:
        """Whether `actor_id` was bound by the document on date `on`, and through whom."""
        key = (actor_id, document_id, on)
        if key not in self._cache:
            self._cache[key] = self._bound(actor_id, self.documents[document_id], on)
        return self._cache[key]

    def _routes(self, actor_id: str, on: date) -> dict[str, tuple[str, ...]]:
        """Every actor `actor_id` can be bound through on date `on`, with the path there.

        Memoized per (actor, date): every document asks the same question of one claim.
        """
        key = (actor_id, on)
        if key not in self._route_cache:
            self._route_cache[key] = self._walk(actor_id, on)
        return self._route_cache[key]

    def _walk(self, actor_id: str, on: date) -> dict[str, tuple[str, ...]]:
        paths: dict[str, tuple[str, ...]] = {actor_id: ()}
        queue = deque([actor_id])
        while queue:
            cur = queue.popleft()
            actor = self.actors.get(cur)
            if actor is None:
                continue
            nexts: list[tuple[str, str]] = []
            if actor.successor_of:
                nexts.append((actor.successor_of, f"successor of {actor.successor_of}"))
            if actor.represents:
                nexts.append((actor.represents, f"{cur} represents {actor.represents}"))
            for org, since, until in self._member_of.get(cur, ()):
                if _active(since, until, on):
                    nexts.append((org, f"{cur} is a member of {org}"))
            for nxt, why in nexts:
                if nxt not in paths:
                    paths[nxt] = paths[cur] + (why,)
                    queue.append(nxt)
        return paths

    def _bound(self, actor_id: str, document: Document, on: date) -> Bound | None:
        paths = self._routes(actor_id, on)
        best: Bound | None = None
        for party in document.parties:
            if party.actor not in paths:
                continue
            since = party.since or document.date
            state, sus = party_state(document, party, on)
            if state not in ("in-force", "adopted"):
                continue
            qualified = suspension_sentence(self.actors, document, sus) if sus else None
            cand = Bound(actor_id, party.actor, since, party.until, paths[party.actor], qualified)
            if best is None or (cand.since, len(cand.via)) < (best.since, len(best.via)):
                best = cand
        return best

    def unbound_status(self, actor_id: str, document_id: str, on: date) -> Status:
        """Why `actor_id` was not bound on `on`: signed only, suspended, ended, or no party."""
        document = self.documents[document_id]
        paths = self._routes(actor_id, on)
        rank = {"suspended": 0, "signed": 1, "ended": 2, "not-party": 3}
        best = Status(False, "not-party")
        for party in document.parties:
            if party.actor not in paths:
                continue
            state, sus = party_state(document, party, on)
            if state in rank and rank[state] < rank[best.state]:
                qualified = suspension_sentence(self.actors, document, sus) if sus else None
                best = Status(
                    False,
                    state,
                    qualified,
                    party.actor,
                    party.since,
                    party.until,
                    paths[party.actor],
                    sus,
                )
        return best


def _active(since: date | None, until: date | None, on: date) -> bool:
    """Whether `on` falls within [since, until]; an open end is unbounded."""
    return (since is None or since <= on) and (until is None or on <= until)
