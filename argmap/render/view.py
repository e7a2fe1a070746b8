"""Which nodes and relations a map shows: filters, focus and the relation kinds to draw.

Consumes an :class:`~argmap.graph.ArgumentGraph`, its findings and :class:`ViewOptions`;
produces a :class:`Selection` — claims, commitments and drawn edges, each in a stable order.

One edge is drawn per pair of nodes, with the kind of its finding: a claim that states that it
attacks a commitment it also contradicts is one ``breach`` edge, not three. Invocations are
drawn beside that edge, as the text's own citation. The relation kinds are those of
:data:`~argmap.render.style.EDGE_STYLES`:

- the conflict kinds (``breach``, ``contradiction``, ``reversal``, ``disagreement``,
  ``tension``) come from the findings; an attack the text states but the propositions do not
  back is drawn by who attacks what: a commitment → ``contradiction``, a claim of the same actor
  → ``reversal``, of another → ``disagreement``;
- ``invocation`` is a claim citing a commitment, ``selective-invocation`` one that cites a
  commitment of a document whose other commitment the claim contradicts;
- ``support``: the supports the texts state, and every derived agreement.

By default a map draws every link the texts state, and of the derived relations the findings
about commitments and consistency: breaches, selective invocations, contradictions, reversals and
tensions. Derived disagreements between claims of different actors and derived agreements are
drawn only on request (``--kind disagreement``, ``--kind support``): the founding corpus has 450
derived agreements and 57 derived disagreements against 42 stated links, and drawn they bury the
breaches a briefing is about. Once ``--kind`` is given, exactly the kinds named are drawn.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from argmap.errors import ArgmapError, UnknownId
from argmap.findings import Finding
from argmap.graph import ArgumentGraph
from argmap.model import Claim
from argmap.render.style import EDGE_STYLES

__all__ = [
    "DEFAULT_DERIVED",
    "KINDS",
    "Edge",
    "EmptyView",
    "Link",
    "Selection",
    "Summary",
    "ViewOptions",
    "check_kinds",
    "document_node",
    "select",
    "summarise",
]

KINDS = tuple(EDGE_STYLES)
# Drawn by default when derived; derived disagreements and supports only on request, since they
# are many and follow from what the map shows (the links the texts state are always drawn).
DEFAULT_DERIVED = tuple(k for k in KINDS if k not in ("disagreement", "support"))
_CONFLICTS = frozenset({"breach", "contradiction", "reversal", "disagreement", "tension"})


class EmptyView(ArgmapError):
    """The focus node is excluded by the other filters."""


class Edge(NamedTuple):
    """One drawn relation: ``stated`` when the text itself makes the link."""

    source: str
    target: str
    kind: str
    stated: bool
    propositions: tuple[str, ...]


@dataclass(frozen=True)
class ViewOptions:
    """What to show; every filter is optional (see ``argmap render --help``)."""

    focus: str | None = None
    depth: int = 1
    actors: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    kinds: tuple[str, ...] | None = None  # None: every kind, supports only where stated

    def describe(self) -> str:
        """The filters in words, for the line under a map's title ('' for the whole corpus)."""
        parts = []
        if self.focus:
            parts.append(f"around {self.focus} (depth {self.depth})")
        if self.actors:
            parts.append("actor " + ", ".join(self.actors))
        if self.documents:
            parts.append("document " + ", ".join(self.documents))
        if self.since:
            parts.append(f"from {self.since.isoformat()}")
        if self.until:
            parts.append(f"until {self.until.isoformat()}")
        if self.kinds is not None:
            parts.append("relations: " + ", ".join(k for k in KINDS if k in self.kinds))
        return "; ".join(parts)


@dataclass
class Selection:
    """A map's content: claims by date then id, commitments by id, edges sorted."""

    claims: list[str]
    commitments: list[str]
    edges: list[Edge]
    options: ViewOptions = field(default_factory=ViewOptions)

    @property
    def nodes(self) -> set[str]:
        """Every node id of the selection."""
        return {*self.claims, *self.commitments}


def check_kinds(kinds: Iterable[str]) -> tuple[str, ...]:
    """The kinds, checked against :data:`KINDS` (UnknownId with 'did you mean' otherwise)."""
    from argmap.load import closest

    result = []
    for kind in kinds:
        if kind not in KINDS:
            raise UnknownId("relation kind", kind, closest(kind, KINDS, n=3))
        result.append(kind)
    return tuple(result)


def all_edges(
    ag: ArgumentGraph, findings: Sequence[Finding], kinds: Sequence[str] | None = None
) -> list[Edge]:
    """Every edge of kinds `kinds` (None: the default, see module docs), sorted."""
    corpus = ag.corpus
    claims, actor_of = corpus.claims, ag.actor_of
    wanted = set(KINDS if kinds is None else kinds)
    derived = set(DEFAULT_DERIVED if kinds is None else kinds)
    derived_support = "support" in derived
    conflict: dict[tuple[str, str], Edge] = {}
    support: dict[tuple[str, str], Edge] = {}
    selective: set[tuple[str, str]] = set()
    for f in findings:
        kind = f.kind
        if kind == "support":
            if derived_support:
                s, t = f.nodes
                support[(s, t) if s < t else (t, s)] = Edge(s, t, kind, False, f.propositions)
        elif kind == "selective-invocation":
            selective.add((f.nodes[0], f.nodes[1]))
        else:
            s, t = f.nodes
            conflict[(s, t) if s < t else (t, s)] = Edge(s, t, kind, False, f.propositions)
    invocations: list[Edge] = []
    for s, t, link in ag.explicit:
        key = (s, t) if s < t else (t, s)
        if link == "invokes":
            kind = "selective-invocation" if (s, t) in selective else "invocation"
            if kind not in wanted and "invocation" in wanted:
                kind = "invocation"
            invocations.append(Edge(s, t, kind, True, ()))
        elif link == "attacks":
            found = conflict.get(key)
            if found is not None:
                conflict[key] = Edge(s, t, found.kind, True, found.propositions)
            elif t in claims:
                same = actor_of[s] == actor_of[t]
                conflict[key] = Edge(s, t, "reversal" if same else "disagreement", True, ())
            else:
                conflict[key] = Edge(s, t, "contradiction", True, ())
        elif key not in conflict:  # supports; a conflict between the two wins
            found = support.get(key)
            support[key] = Edge(s, t, "support", True, found.propositions if found else ())
    edges = [
        e
        for e in (*conflict.values(), *support.values())
        if e.kind in derived or (e.stated and e.kind in wanted)
    ]
    edges.extend(e for e in invocations if e.kind in wanted)
    edges.sort()
    return edges


def claims_in_view(ag: ArgumentGraph, opts: ViewOptions) -> Iterator[Claim]:
    """The claims that pass the actor and period filters of `opts`: attributed to one of its
    actors (or naming it as ``actor`` or ``speaker``), dated within its period."""
    actors = set(opts.actors)
    for c in ag.corpus.claims.values():
        if (
            (not actors or ag.actor_of[c.id] in actors or c.actor in actors or c.speaker in actors)
            and (opts.since is None or c.date >= opts.since)
            and (opts.until is None or c.date <= opts.until)
        ):
            yield c


def select(
    ag: ArgumentGraph, findings: Sequence[Finding], options: ViewOptions | None = None
) -> Selection:
    """The nodes and edges a map with `options` shows.

    Claims pass the actor (attributed actor, ``actor`` or ``speaker``) and date filters;
    commitments pass the document filter. With a document filter, only claims related (by a
    drawn edge) to a commitment shown remain; with a claim filter, only commitments related to
    a claim shown. ``focus`` then keeps the nodes within ``depth`` drawn edges of the focus.
    """
    opts = options or ViewOptions()
    corpus = ag.corpus
    for a in opts.actors:
        if a not in corpus.actors:
            raise UnknownId("actor", a, _near(a, corpus.actors))
    for d in opts.documents:
        if d not in corpus.documents:
            raise UnknownId("document", d, _near(d, corpus.documents))
    if (
        opts.focus is not None
        and opts.focus not in corpus.claims
        and (opts.focus not in corpus.commitments)
    ):
        pool = [*corpus.claims, *corpus.commitments]
        raise UnknownId("claim or commitment", opts.focus, _near(opts.focus, pool))
    edges = all_edges(ag, findings, opts.kinds)

    claims = {c.id for c in claims_in_view(ag, opts)}
    documents = set(opts.documents)
    commitments = {
        k.id for k in corpus.commitments.values() if not documents or k.document in documents
    }
    neighbours: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        neighbours[e.source].add(e.target)
        neighbours[e.target].add(e.source)
    if documents:
        claims = {c for c in claims if neighbours[c] & commitments}
    if not documents:
        # Commitments no claim on the map relates to would only take room; a document filter
        # asks for its commitments, related or not.
        commitments = {k for k in commitments if neighbours[k] & claims}
    keep = claims | commitments
    if opts.focus is not None:
        if opts.focus not in keep:
            raise EmptyView(f"'{opts.focus}' is not on the map: the other filters exclude it")
        keep = _around(opts.focus, opts.depth, neighbours, keep)
    return Selection(
        claims=sorted(
            (c for c in keep if c in corpus.claims), key=lambda c: (corpus.claims[c].date, c)
        ),
        commitments=sorted(k for k in keep if k in corpus.commitments),
        edges=[e for e in edges if e.source in keep and e.target in keep],
        options=opts,
    )


def _around(start: str, depth: int, neighbours: dict[str, set[str]], allowed: set[str]) -> set[str]:
    """The nodes of `allowed` within `depth` steps of `start` (breadth first)."""
    seen = {start}
    queue = deque([(start, 0)])
    while queue:
        node, d = queue.popleft()
        if d == depth:
            continue
        for n in neighbours.get(node, ()):
            if n in allowed and n not in seen:
                seen.add(n)
                queue.append((n, d + 1))
    return seen


def _near(ident: str, pool: Iterable[str]) -> list[str]:
    from argmap.load import closest

    return closest(ident, pool, n=3)


# --- the summarised map ------------------------------------------------------------------------


class Link(NamedTuple):
    """One edge of the summarised map: ``count`` pair relations of one kind between a claim and
    a document (or two claims, or two documents), with the propositions at stake in any of them.

    ``source`` and ``target`` are claim ids or ``document:ID`` node names.
    """

    source: str
    target: str
    kind: str
    pairs: int
    propositions: tuple[str, ...]
    stated: bool


@dataclass
class Summary:
    """The summarised map: claims, the documents their commitments belong to, grouped links."""

    claims: list[str]
    documents: list[str]
    links: list[Link]
    commitments: dict[str, int]  # per document: how many of its commitments the links reach
    options: ViewOptions = field(default_factory=ViewOptions)


def document_node(doc_id: str) -> str:
    """The node name of a document on the summarised map (kept apart from claim ids)."""
    return "document:" + doc_id


def summarise(ag: ArgumentGraph, selection: Selection) -> Summary:
    """Group the pair relations of `selection` by claim, document of the commitment and kind.

    A claim that breaches two commitments of the Istanbul document is one ``breach ×2`` link to
    that document; relations between claims stay one link each; tensions between commitments
    become links between their documents. Links are sorted; the same selection gives the same
    summary.
    """
    corpus = ag.corpus

    def node(n: str) -> str:
        return document_node(corpus.commitments[n].document) if n in corpus.commitments else n

    groups: dict[tuple[str, str, str], list[Edge]] = defaultdict(list)
    reached: dict[str, set[str]] = defaultdict(set)
    for e in selection.edges:
        s, t = node(e.source), node(e.target)
        if e.kind == "tension" and t < s:
            s, t = t, s
        groups[(s, t, e.kind)].append(e)
        for n in (e.source, e.target):
            if n in corpus.commitments:
                reached[corpus.commitments[n].document].add(n)
    links = [
        Link(s, t, kind, len(edges), _at_stake(ag, edges), any(e.stated for e in edges))
        for (s, t, kind), edges in sorted(groups.items())
    ]
    documents = sorted(
        {corpus.commitments[k].document for k in selection.commitments},
        key=lambda d: (corpus.documents[d].date, d),
    )
    return Summary(
        claims=list(selection.claims),
        documents=documents,
        links=links,
        commitments={d: len(reached[d]) for d in documents},
        options=selection.options,
    )


def _at_stake(ag: ArgumentGraph, edges: Sequence[Edge]) -> tuple[str, ...]:
    """The propositions named on a summarised edge, the one most of its pairs are about first.

    Each pair names its principal propositions (:func:`argmap.findings.principal`: one per
    pair of written literals), not every proposition its closures touch.
    """
    from argmap.findings import principal

    counts: dict[str, int] = defaultdict(int)
    for e in edges:
        props = e.propositions
        if len(props) > 1:
            props = tuple(principal(ag, Finding(e.kind, (e.source, e.target), props)))
        for p in props:
            counts[p] += 1
    return tuple(sorted(counts, key=lambda p: (-counts[p], p)))
