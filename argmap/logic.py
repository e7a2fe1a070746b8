"""The propositional logic of a corpus: literal closure and who is bound by what, when.

Consumes propositions, actors and documents (model records); produces closures with their
derivations and binding verdicts. DESIGN.md "The logic" is the contract implemented here:

* a node's literals: ``asserts`` gives (P, +), ``denies`` gives (P, -);
* closure: P+ and P implies Q gives Q+; Q- and P implies Q gives P- (contrapositive);
  P+ and P excludes R gives R- (``excludes`` is symmetric);
* two nodes contradict when one holds (X, +) and the other (X, -).

Every rule has a single premise, so the closure of a set of literals is the union of the
closures of its members: each literal's closure is computed once and shared by all nodes.

Cost (issue 17): a closure is one breadth-first search that records, for each literal it
reaches, only the step that reached it (a parent pointer). A derivation is read back from those
pointers when someone asks for it, so a closure costs time and memory linear in its size, not
in the sum of its derivation lengths (quadratic on an ``implies`` chain). Whether each
proposition contradicts itself is decided for all propositions at once, per strongly connected
component of the ``implies`` graph (see :meth:`Logic.inconsistent`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import overload

from argmap.model import Actor, Document, Proposition
from argmap.status import Status, party_state, suspension_sentence

__all__ = [
    "Bindings",
    "Bound",
    "Closure",
    "Derivation",
    "Held",
    "Link",
    "Literal",
    "Logic",
    "Step",
    "literals_of",
    "show",
]

#: A literal: a proposition id and its polarity (True: asserted, False: denied).
Literal = tuple[str, bool]

#: A written link between propositions: ("implies", P, Q) or ("excludes", P, R), as written
#: under P (the proposition whose ``implies``/``excludes`` list names the other).
Link = tuple[str, str, str]


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

    @property
    def link(self) -> Link:
        """The written link this step uses (what :meth:`Logic.held` can be asked to drop)."""
        return ("excludes" if self.rule == "excludes" else "implies", *self.via)


class _Tree:
    """A breadth-first search tree from one root: each reached literal's parent link.

    A parent is (premise, rule, via), the Step that reached the literal without its
    conclusion; Steps are made only when a derivation is read.
    """

    __slots__ = ("depth", "parent", "root")

    def __init__(self, root: Literal) -> None:
        self.root = root
        self.parent: dict[Literal, tuple[Literal, str, tuple[str, str]] | None] = {root: None}
        self.depth: dict[Literal, int] = {root: 0}

    def steps(self, lit: Literal) -> tuple[Step, ...]:
        """The derivation of `lit`, root first (linear in its length)."""
        out: list[Step] = []
        link = self.parent[lit]
        while link is not None:
            premise, rule, via = link
            out.append(Step(premise, rule, via, lit))
            lit = premise
            link = self.parent[lit]
        out.reverse()
        return tuple(out)


class Derivation(Sequence[Step]):
    """The steps deriving one literal, read from parent pointers shared with its closure.

    Creating one costs O(1); its steps are materialized on first use. It compares equal to
    the tuple of its steps.
    """

    __slots__ = ("_lit", "_steps", "_tree")

    def __init__(self, tree: _Tree, lit: Literal) -> None:
        self._tree = tree
        self._lit = lit
        self._steps: tuple[Step, ...] | None = None

    def _all(self) -> tuple[Step, ...]:
        if self._steps is None:
            self._steps = self._tree.steps(self._lit)
        return self._steps

    def __len__(self) -> int:
        return self._tree.depth[self._lit]

    @overload
    def __getitem__(self, i: int) -> Step: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[Step, ...]: ...
    def __getitem__(self, i: int | slice) -> Step | tuple[Step, ...]:
        return self._all()[i]

    def __iter__(self) -> Iterator[Step]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Derivation):
            return self._all() == other._all()
        if isinstance(other, tuple):
            return self._all() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return f"Derivation({self._all()!r})"


class _Derivations(Mapping[Literal, tuple[Step, ...]]):
    """A closure's derivations as a mapping, materializing a tuple only when one is read."""

    __slots__ = ("_tree",)

    def __init__(self, tree: _Tree) -> None:
        self._tree = tree

    def __getitem__(self, lit: Literal) -> tuple[Step, ...]:
        return self._tree.steps(lit)

    def __contains__(self, lit: object) -> bool:
        return lit in self._tree.parent

    def __iter__(self) -> Iterator[Literal]:
        return iter(self._tree.parent)

    def __len__(self) -> int:
        return len(self._tree.parent)


@dataclass(frozen=True)
class Closure:
    """The literals that follow from one literal, each with the steps that derive it."""

    root: Literal
    derivations: Mapping[Literal, tuple[Step, ...]]

    def __contains__(self, lit: object) -> bool:
        return lit in self.derivations


class Held(Mapping[Literal, tuple[Literal, Derivation]]):
    """What a node holds: each derived literal with the root it follows from and how.

    Built in time linear in the closure (one integer per literal); a value's derivation is
    read from the shared parent pointers only when it is looked up.
    """

    __slots__ = ("_trees", "_which")

    def __init__(self, trees: Sequence[_Tree], which: dict[Literal, int]) -> None:
        self._trees = trees
        self._which = which

    def __getitem__(self, lit: Literal) -> tuple[Literal, Derivation]:
        tree = self._trees[self._which[lit]]
        return tree.root, Derivation(tree, lit)

    def __contains__(self, lit: object) -> bool:
        return lit in self._which

    def __iter__(self) -> Iterator[Literal]:
        return iter(self._which)

    def __len__(self) -> int:
        return len(self._which)


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
    >>> held = Logic(props).held([("ban", True)], without=[("excludes", "ban", "choice")])
    >>> sorted(show(lit) for lit in held)
    ['+ban']
    """

    def __init__(self, propositions: Mapping[str, Proposition]) -> None:
        self.implies: dict[str, list[str]] = {p: [] for p in propositions}
        self.implied_by: dict[str, list[str]] = {p: [] for p in propositions}
        self.excludes: dict[str, list[tuple[str, str]]] = {p: [] for p in propositions}
        self.links: set[Link] = set()
        for prop in propositions.values():
            for q in prop.implies:
                self.implies[prop.id].append(q)
                self.implied_by.setdefault(q, []).append(prop.id)
                self.links.add(("implies", prop.id, q))
            for r in prop.excludes:
                self.excludes[prop.id].append((prop.id, r))
                self.excludes.setdefault(r, []).append((prop.id, r))
                self.links.add(("excludes", prop.id, r))
        self._trees: dict[Literal, _Tree] = {}
        self._held: dict[tuple[Literal, ...], Held] = {}
        self._multi: dict[tuple[Literal, ...], dict[Literal, tuple[Literal, tuple[Step, ...]]]] = {}
        self._conflicts: dict[tuple[Literal, ...], list[str]] = {}
        self._inconsistent: frozenset[str] | None = None
        self._because: dict[str, str] = {}

    def _tree(self, lit: Literal, without: frozenset[Link] = frozenset()) -> _Tree:
        """Breadth-first search from `lit`, so derivations are shortest; memoized when whole.

        The rules of :meth:`_steps` inlined, in the same order (so ties break the same way),
        storing each reached literal's parent as a plain tuple: an ``excludes`` clique of n
        propositions reaches n^2 literals across its closures, and a Step per literal cost
        more than the search.
        """
        if not without:
            cached = self._trees.get(lit)
            if cached is not None:
                return cached
        tree = _Tree(lit)
        parent, depth = tree.parent, tree.depth
        implies, implied_by, excludes = self.implies, self.implied_by, self.excludes
        queue = deque([lit])
        popleft, push = queue.popleft, queue.append
        while queue:
            cur = popleft()
            prop, positive = cur
            d = depth[cur] + 1
            if positive:
                for q in implies.get(prop, ()):
                    c = (q, True)
                    if c not in parent and not (without and ("implies", prop, q) in without):
                        parent[c] = (cur, "implies", (prop, q))
                        depth[c] = d
                        push(c)
                for a, b in excludes.get(prop, ()):
                    c = (b if a == prop else a, False)
                    if c not in parent and not (without and ("excludes", a, b) in without):
                        parent[c] = (cur, "excludes", (a, b))
                        depth[c] = d
                        push(c)
            else:
                for p in implied_by.get(prop, ()):
                    c = (p, False)
                    if c not in parent and not (without and ("implies", p, prop) in without):
                        parent[c] = (cur, "implied-by", (p, prop))
                        depth[c] = d
                        push(c)
        if not without:
            self._trees[lit] = tree
        return tree

    def closure(self, lit: Literal) -> Closure:
        """Everything that follows from `lit`, breadth first so derivations are shortest."""
        return Closure(lit, _Derivations(self._tree(lit)))

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

    def held(self, lits: Iterable[Literal], *, without: Collection[Link] = ()) -> Held:
        """The closure of several literals: each derived literal with its root and derivation.

        Where a literal follows from several roots, the shortest derivation is kept (ties go
        to the root written first). Linear in the size of the closure; memoized by the
        literals as written. `without` names written links to leave out (the robustness
        check: does a finding survive when a contested link is dropped?); such closures are
        recomputed, not memoized. A link that is not written in the vocabulary is an error.
        """
        key = tuple(lits)
        drop = frozenset(without)
        unknown = sorted(drop - self.links)
        if unknown:
            raise ValueError(f"not a written link: {unknown[0]}")
        if not drop:
            cached = self._held.get(key)
            if cached is not None:
                return cached
        trees = [self._tree(root, drop) for root in key]
        which: dict[Literal, int] = {}
        for i, tree in enumerate(trees):
            depth = tree.depth
            for derived, d in depth.items():
                known = which.get(derived)
                if known is None or d < trees[known].depth[derived]:
                    which[derived] = i
        out = Held(trees, which)
        if not drop:
            self._held[key] = out
        return out

    def closure_of(
        self, lits: Iterable[Literal]
    ) -> dict[Literal, tuple[Literal, tuple[Step, ...]]]:
        """:meth:`held` with every derivation materialized as a tuple (the older interface).

        Costs the sum of the derivation lengths (quadratic on a long ``implies`` chain):
        prefer :meth:`held`, which reads derivations lazily. Memoized; do not modify.
        """
        key = tuple(lits)
        cached = self._multi.get(key)
        if cached is None:
            held = self.held(key)
            cached = self._multi[key] = {
                lit: (root, tuple(steps)) for lit, (root, steps) in held.items()
            }
        return cached

    def _reachable(self, lits: Iterable[Literal]) -> set[Literal]:
        """The literals `lits` reach together, without derivations (one search)."""
        seen = set(lits)
        stack = list(seen)
        while stack:
            for step in self._steps(stack.pop()):
                if step.conclusion not in seen:
                    seen.add(step.conclusion)
                    stack.append(step.conclusion)
        return seen

    def conflicts(self, lits: Iterable[Literal]) -> list[str]:
        """Propositions that a node holding `lits` would both assert and deny (sorted).

        Denials only spread to denials and a consistent proposition's closure holds no
        conflict, so a node whose asserted propositions are all consistent and that writes a
        single literal costs nothing; otherwise one search over the union (memoized).
        """
        key = tuple(lits)
        if len(key) == 1 and (not key[0][1] or key[0][0] not in self.inconsistent()):
            return []
        cached = self._conflicts.get(key)
        if cached is None:
            held = self._reachable(key)
            cached = sorted(p for (p, pos) in held if pos and (p, False) in held)
            self._conflicts[key] = cached
        return list(cached)

    def inconsistent(self) -> frozenset[str]:
        """The propositions that contradict themselves: asserting one denies something held.

        Nothing derives an assertion from a denial, so asserting P contradicts itself exactly
        when Up(P), what P implies (transitively, P included), holds both ends of an
        ``excludes`` link. One sweep over the strongly connected components of the
        ``implies`` graph, sinks first, carries Up and the set of propositions Up excludes as
        bit sets; a component's sets are dropped once every component implying it is done.
        Near-linear on corpora whose ``implies`` graph is narrow (chains, trees), and never
        worse than one bit per component pair.
        """
        if self._inconsistent is None:
            self._inconsistent = frozenset(self._sweep())
        return self._inconsistent

    def inherited(self, prop: str) -> str | None:
        """Why a self-contradictory proposition contradicts itself, when not on its own.

        Returns a proposition `prop` directly implies that contradicts itself too (asserting
        `prop` asserts it, and with it its contradiction), or None when `prop` is where the
        contradiction arises: the one proposition per contradiction whose derivation is worth
        showing. Following these pointers always ends at such a proposition, so a chain of
        10,000 propositions above one contradiction costs one derivation, not 10,000.
        """
        self.inconsistent()
        return self._because.get(prop)

    def _sweep(self) -> list[str]:
        comps = _components(self.implies)  # sinks first
        index = {p: i for i, comp in enumerate(comps) for p in comp}
        succ: list[set[int]] = [set() for _ in comps]
        preds_left = [0] * len(comps)
        for i, comp in enumerate(comps):
            for p in comp:
                for q in self.implies.get(p, ()):
                    j = index[q]
                    if j != i and j not in succ[i]:
                        succ[i].add(j)
                        preds_left[j] += 1
        up: dict[int, int] = {}
        excl: dict[int, int] = {}
        bad: list[str] = []
        bad_comp = [False] * len(comps)
        order = {p: k for k, p in enumerate(self.implies)}
        for i, comp in enumerate(comps):
            u = 1 << i
            x = 0
            inherits = False
            for p in comp:
                for a, b in self.excludes.get(p, ()):
                    other = index.get(b if a == p else a)
                    if other is not None:
                        x |= 1 << other
            for j in succ[i]:
                u |= up[j]
                x |= excl[j]
                inherits = inherits or bad_comp[j]
                preds_left[j] -= 1
                if preds_left[j] == 0:
                    del up[j], excl[j]
            if inherits or u & x:
                bad_comp[i] = True
                bad.extend(comp)
                written = sorted(comp, key=lambda p: order.get(p, len(order)))
                self._explain(written, index, bad_comp, inherits)
            if preds_left[i]:
                up[i], excl[i] = u, x
        return bad

    def _explain(
        self, comp: list[str], index: Mapping[str, int], bad_comp: list[bool], inherits: bool
    ) -> None:
        """Point each member of a self-contradictory component at a reason (see inherited).

        Members that directly imply a self-contradictory proposition of another component
        point at it; when none does, the first member written is where the contradiction
        arises. The others point, breadth first within the component, at a member they
        imply that is closer to those, so the pointers never go round in a circle.
        """
        here = index[comp[0]]
        members = set(comp)
        queue: deque[str] = deque()
        for p in comp:
            if inherits:
                for q in self.implies.get(p, ()):
                    if index[q] != here and bad_comp[index[q]]:
                        self._because[p] = q
                        queue.append(p)
                        break
        if not queue:
            queue.append(comp[0])
        seen = set(queue)
        while queue:
            q = queue.popleft()
            for p in self.implied_by.get(q, ()):
                if p in members and p not in seen:
                    seen.add(p)
                    self._because[p] = q
                    queue.append(p)


def _components(graph: Mapping[str, list[str]]) -> list[list[str]]:
    """Strongly connected components of `graph`, sinks first (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(graph.get(start, ())))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(graph.get(nxt, ()))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp: list[str] = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    comp.append(top)
                    if top == node:
                        break
                out.append(comp)
    return out


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
        self._cache: dict[tuple[str, str, int], Bound | None] = {}
        self._status_cache: dict[tuple[str, str, int], Status] = {}
        self._route_cache: dict[tuple[str, date], dict[str, tuple[str, ...]]] = {}
        self._membership_dates = [
            d for org in actors.values() for m in org.members for d in (m.since, m.until) if d
        ]
        self._breaks: dict[str, list[date]] = {}

    def era(self, document_id: str, on: date) -> int:
        """Which stretch of time between the dates that can change an answer `on` falls in.

        Every answer about a document depends on `on` only through comparisons with the
        document's own dates (parties, signatures, suspensions) and the dates of memberships;
        between two of those days (a date d, and the day after it) every answer is the same.
        Memoizing per era rather than per date serves 10,000 claims on 5,000 different days
        with a few hundred answers.
        """
        breaks = self._breaks.get(document_id)
        if breaks is None:
            dates = {*_dates(self.documents[document_id].model_dump()), *self._membership_dates}
            one = timedelta(days=1)
            breaks = sorted({x for d in dates for x in (d, d + one) if d < date.max})
            self._breaks[document_id] = breaks
        return bisect_right(breaks, on)

    def bound(self, actor_id: str, document_id: str, on: date) -> Bound | None:
        """Whether `actor_id` was bound by the document on date `on`, and through whom."""
        key = (actor_id, document_id, self.era(document_id, on))
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
        key = (actor_id, document_id, self.era(document_id, on))
        if key not in self._status_cache:
            self._status_cache[key] = self._unbound_status(actor_id, document_id, on)
        return self._status_cache[key]

    def _unbound_status(self, actor_id: str, document_id: str, on: date) -> Status:
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


def _dates(value: object) -> Iterator[date]:
    """Every date in a dumped record (nested dicts and lists)."""
    if isinstance(value, date):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _dates(v)
    elif isinstance(value, list):
        for v in value:
            yield from _dates(v)


def _active(since: date | None, until: date | None, on: date) -> bool:
    """Whether `on` falls within [since, until]; an open end is unbounded."""
    return (since is None or since <= on) and (until is None or on <= until)
