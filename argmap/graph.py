"""The argument graph: claims and commitments, the links the texts make, and the ones derived.

Consumes a validated :class:`~argmap.model.Corpus`; produces an :class:`ArgumentGraph`. The
derived relations come from DESIGN.md "The logic": two nodes *contradict* when one's closure
holds (X, +) and the other's (X, -), and *agree* when they hold a literal in common (and do
not contradict).

Pairs are found through an index from each literal to the nodes holding it, so the work grows
with the number of related pairs, not with all pairs of nodes. A corpus of 10,000 claims can
have over a million derived pairs; networkx spends about 5 µs and 800 bytes on each edge of a
``MultiDiGraph``, so derived relations are kept in a compact table and turned into networkx
edges on demand (:meth:`ArgumentGraph.to_networkx`), for the whole graph or for a view.

Edge kinds
----------
Each edge of the networkx graph has ``key`` equal to its kind, one of:

``supports`` (explicit)
    claim → claim: the source text says it supports the target.
``attacks`` (explicit)
    claim → claim or commitment: the source text says it attacks the target.
``invokes`` (explicit)
    claim → commitment: the claim cites the commitment in its support.
``contradicts`` (derived)
    the closures hold opposite literals. Oriented claim → commitment, earlier claim → later
    claim (date, then id), and commitment → commitment in id order. Attribute
    ``propositions``: the propositions at stake, sorted.
``agrees`` (derived)
    the closures share a literal and do not contradict; oriented as ``contradicts``.
    Attribute ``propositions``: the shared propositions, sorted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import combinations
from typing import TYPE_CHECKING, Any, TypeVar

from argmap._gc import paused_gc
from argmap.logic import Bindings, Literal, Logic, Step, literals_of
from argmap.model import Claim, Corpus, Node

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "AGREES",
    "ATTACKS",
    "CONTRADICTS",
    "DERIVED",
    "EXPLICIT",
    "INVOKES",
    "SUPPORTS",
    "ArgumentGraph",
    "GraphBase",
    "Relation",
    "build_graph",
]

_K = TypeVar("_K")
_V = TypeVar("_V")

SUPPORTS = "supports"
ATTACKS = "attacks"
INVOKES = "invokes"
CONTRADICTS = "contradicts"
AGREES = "agrees"
EXPLICIT = (SUPPORTS, ATTACKS, INVOKES)
DERIVED = (CONTRADICTS, AGREES)


@dataclass(frozen=True, slots=True)
class Relation:
    """A derived relation between two nodes, oriented as documented in the module."""

    kind: str  # CONTRADICTS or AGREES
    source: str
    target: str
    propositions: tuple[str, ...]


@dataclass
class ArgumentGraph:
    """A corpus with everything derived from it that findings, semantics and renderers need.

    Attributes
    ----------
    corpus : Corpus
        The validated records.
    logic : Logic
        The closure engine over the corpus's propositions.
    bindings : Bindings
        Who was bound by which document when.
    held : dict
        For each node id, every literal its closure holds, with the root literal it follows
        from and the steps that derive it.
    explicit : list of (source, target, kind)
        The links the texts state, in corpus order.
    pairs : _Pairs
        The derived relations in compact form; see ``relations`` and ``derived``.
    actor_of : dict
        The actor each claim is attributed to.
    """

    corpus: Corpus
    logic: Logic
    bindings: Bindings
    held: Mapping[str, Mapping[Literal, tuple[Literal, Sequence[Step]]]]
    explicit: list[tuple[str, str, str]]
    #: Builds the derived pairs on first use: grouped findings (argmap.positions) never need
    #: them, and on a large corpus they are the one part of the graph that grows with pairs.
    make_pairs: Callable[[], _Pairs | _FocusPairs]
    actor_of: Mapping[str, str]
    _relations: list[Relation] | None = field(default=None, repr=False)
    #: Memo for the sentences findings are explained with (who, where, stances), which
    #: recur across the findings of one node, and, for ``check``, across statements.
    text_cache: TextCache = field(default_factory=lambda: TextCache(), repr=False)
    _by_node: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _pairs: _Pairs | _FocusPairs | None = field(default=None, repr=False)

    @property
    def pairs(self) -> _Pairs | _FocusPairs:
        """The derived relations in compact form, built on first use."""
        if self._pairs is None:
            with paused_gc():
                self._pairs = self.make_pairs()
        return self._pairs

    @property
    def relations(self) -> list[Relation]:
        """Every derived relation, sorted by (source, target, kind); built on first use."""
        if self._relations is None:
            rels = [
                Relation(kind, s, t, props)
                for kind in DERIVED
                for s, t, props in self.pairs.iter(kind)
            ]
            rels.sort(key=lambda r: (r.source, r.target, r.kind))
            self._relations = rels
        return self._relations

    def derived(self, kind: str) -> Iterator[tuple[str, str, tuple[str, ...]]]:
        """(source, target, propositions) of one derived kind, in no particular order.

        The fast path for findings: no Relation objects, no sorting.
        """
        return self.pairs.iter(kind)

    def node(self, ident: str) -> Node:
        """The claim or commitment with this id."""
        return self.corpus.node(ident)

    def nodes(self) -> Iterator[str]:
        """Node ids: commitments then claims, each in id order."""
        yield from sorted(self.corpus.commitments)
        yield from sorted(self.corpus.claims)

    def relations_of(self, ident: str) -> list[Relation]:
        """The derived relations that involve node `ident`."""
        if not self._by_node:
            for i, rel in enumerate(self.relations):
                self._by_node.setdefault(rel.source, []).append(i)
                self._by_node.setdefault(rel.target, []).append(i)
        return [self.relations[i] for i in self._by_node.get(ident, ())]

    def to_networkx(self, nodes: Iterable[str] | None = None) -> nx.MultiDiGraph:
        """The graph (or the view on `nodes`) as a networkx MultiDiGraph; see module docs.

        Node attributes: ``type`` ("claim" or "commitment") plus the record's fields.

        Examples
        --------
        >>> from argmap.model import Corpus
        >>> build_graph(Corpus()).to_networkx().number_of_nodes()
        0
        """
        import networkx as nx

        keep = set(self.nodes()) if nodes is None else set(nodes)
        G = nx.MultiDiGraph()
        for ident in sorted(keep):
            G.add_node(ident, **_attributes(self, ident))
        for source, target, kind in self.explicit:
            if source in keep and target in keep:
                G.add_edge(source, target, key=kind, kind=kind, derived=False)
        if nodes is None:
            rels: Iterable[Relation] = self.relations
        else:
            seen = sorted({i for n in keep for i in self._index(n)})
            rels = [self.relations[i] for i in seen]
        for rel in rels:
            if rel.source in keep and rel.target in keep:
                G.add_edge(
                    rel.source,
                    rel.target,
                    key=rel.kind,
                    kind=rel.kind,
                    derived=True,
                    propositions=rel.propositions,
                )
        return G

    def _index(self, ident: str) -> list[int]:
        self.relations_of(ident)  # builds the index on first use
        return self._by_node.get(ident, [])


def _attributes(ag: ArgumentGraph, ident: str) -> dict[str, Any]:
    """Flat node attributes for networkx consumers (GraphML, renderers)."""
    node = ag.node(ident)
    if isinstance(node, Claim):
        return {
            "type": "claim",
            "actor": ag.corpus.attributed_actor(node),
            "speaker": node.speaker or "",
            "date": node.date.isoformat(),
            "text": node.text,
            "source_title": node.source.title or "",
            "source_url": node.source.url or "",
            "locator": node.source.locator or "",
        }
    doc = ag.corpus.documents[node.document]
    return {
        "type": "commitment",
        "document": node.document,
        "document_title": doc.title,
        "date": doc.date.isoformat(),
        "binding": doc.binding,
        "text": node.text,
        "locator": node.locator,
        "url": doc.url or "",
    }


class Overlay(dict[_K, _V]):
    """A few entries laid over a large mapping, without copying it.

    ``check`` adds one statement to a corpus of thousands of claims per call; copying the
    corpus's dicts each time would cost more than the whole check.
    """

    def __init__(self, top: Mapping[_K, _V], base: Mapping[_K, _V]) -> None:
        super().__init__(top)
        self.base = base

    def __missing__(self, key: _K) -> _V:
        return self.base[key]

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self.base

    def get(self, key: _K, default: Any = None) -> Any:
        if key in self:
            return self[key]
        return default

    def __iter__(self) -> Iterator[_K]:
        yield from (k for k in self.base if not dict.__contains__(self, k))
        yield from dict.__iter__(self)

    def __len__(self) -> int:
        return len(self.base) + sum(1 for k in dict.__iter__(self) if k not in self.base)

    def keys(self) -> Any:
        return list(iter(self))

    def values(self) -> Any:
        return [self[k] for k in self]

    def items(self) -> Any:
        return [(k, self[k]) for k in self]


class TextCache:
    """Sentences about nodes, memoized; keyed by (what, node id, ...).

    Graphs made by :meth:`GraphBase.around` share one store for the corpus's own nodes and
    keep the added claims' sentences apart: every statement is called "statement".
    """

    def __init__(
        self, shared: dict[tuple[str, ...], str] | None = None, local_ids: Iterable[str] = ()
    ) -> None:
        self.shared: dict[tuple[str, ...], str] = {} if shared is None else shared
        self.local: dict[tuple[str, ...], str] = {}
        self.local_ids = frozenset(local_ids)

    def get(self, key: tuple[str, ...], make: Callable[..., str], *args: Any) -> str:
        """The memoized sentence for `key`, made by ``make(*args)`` on first use."""
        store = self.local if key[1] in self.local_ids else self.shared
        text = store.get(key)
        if text is None:
            text = store[key] = make(*args)
        return text


def order_key(corpus: Corpus, ident: str) -> tuple[int, str, str]:
    """Commitments before claims; claims by date, then id (so 'earlier → later' holds)."""
    if ident in corpus.claims:
        return (1, corpus.claims[ident].date.isoformat(), ident)
    return (0, "", ident)


def build_graph(corpus: Corpus) -> ArgumentGraph:
    """Derive the argument graph of a corpus (see module docstring).

    Parameters
    ----------
    corpus : Corpus
        A validated corpus (:func:`argmap.corpus.load_corpus`).

    Returns
    -------
    ArgumentGraph

    Examples
    --------
    >>> from argmap.model import Corpus
    >>> build_graph(Corpus()).relations
    []
    """
    with paused_gc():
        return GraphBase(corpus).graph()


class GraphBase:
    """What every graph over one corpus shares: closures, the literal index, bindings.

    Built once; :meth:`graph` derives every relation, :meth:`around` only those of a few
    added claims (a monitor's new statements), through the same index and the same
    orientation rules, so ``check`` and ``analyze`` cannot disagree.
    """

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.logic = corpus.logic or Logic(corpus.propositions)
        # Nodes are numbered in orientation order (commitments by id, then claims by date
        # and id), so a pair (i, j) with i < j is oriented, except claim/commitment pairs.
        keys = {i: order_key(corpus, i) for i in (*corpus.commitments, *corpus.claims)}
        self.order = sorted(keys, key=keys.__getitem__)
        self.order_keys = {ident: keys[ident] for ident in self.order}
        self.held: dict[str, Mapping[Literal, tuple[Literal, Sequence[Step]]]] = {}
        self.holders: dict[Literal, list[int]] = defaultdict(list)
        for index, ident in enumerate(self.order):
            node = corpus.node(ident)
            self.held[ident] = self.logic.held(literals_of(node.asserts, node.denies))
            for lit in self.held[ident]:
                self.holders[lit].append(index)
        self.bindings = Bindings(corpus.actors, corpus.documents)
        self.actor_of = {c.id: corpus.attributed_actor(c) for c in corpus.claims.values()}
        self.explicit = _explicit(corpus.claims.values())
        self.sentences: dict[tuple[str, ...], str] = {}

    def graph(self) -> ArgumentGraph:
        """The whole graph: every derived relation of the corpus (computed on first use)."""
        return ArgumentGraph(
            corpus=self.corpus,
            logic=self.logic,
            bindings=self.bindings,
            held=self.held,
            explicit=self.explicit,
            make_pairs=self._pairs,
            actor_of=self.actor_of,
            text_cache=TextCache(self.sentences),
        )

    def _pairs(self) -> _Pairs:
        """Every derived pair of the corpus, through the literal index."""
        order, holders = self.order, self.holders
        size, cut = len(order), len(self.corpus.commitments)
        conflict = _PairTable()
        for (prop, positive), pos in holders.items():
            neg = holders.get((prop, False)) if positive else None
            if neg:
                conflict.add(prop, [_key(a, b, size, cut) for a in pos for b in neg])
        shared = _PairTable()
        for (prop, _), ids in holders.items():
            if len(ids) > 1:
                shared.add(
                    prop,
                    [
                        b * size + a if a < cut <= b else a * size + b
                        for a, b in combinations(ids, 2)
                    ],
                )
        shared.remove(conflict)
        return _Pairs(order, conflict, shared)

    def around(self, claims: Sequence[Claim]) -> ArgumentGraph:
        """The corpus with `claims` added, and only the derived relations that involve them.

        The added claims must reference only ids of the corpus (the caller checks).
        """
        new = {c.id: c for c in claims}
        corpus = replace(self.corpus, claims=Overlay(new, self.corpus.claims))
        held_new = {c.id: self.logic.held(literals_of(c.asserts, c.denies)) for c in claims}
        held = Overlay(held_new, self.held)
        conflict: dict[frozenset[str], set[str]] = defaultdict(set)
        shared: dict[frozenset[str], set[str]] = defaultdict(set)
        others = list(new)
        for ident in new:
            others.remove(ident)  # pairs among the added claims are counted once
            for prop, positive in held_new[ident]:
                against = [self.order[i] for i in self.holders.get((prop, not positive), ())]
                against += [o for o in others if (prop, not positive) in held_new[o]]
                alike = [self.order[i] for i in self.holders.get((prop, positive), ())]
                alike += [o for o in others if (prop, positive) in held_new[o]]
                for other in against:
                    conflict[frozenset((ident, other))].add(prop)
                for other in alike:
                    shared[frozenset((ident, other))].add(prop)
        for pair in conflict:
            shared.pop(pair, None)
        actor_of = Overlay({c.id: corpus.attributed_actor(c) for c in claims}, self.actor_of)
        return ArgumentGraph(
            corpus=corpus,
            logic=self.logic,
            bindings=self.bindings,
            held=held,
            explicit=[*self.explicit, *_explicit(claims)],
            make_pairs=partial(
                _FocusPairs,
                conflict,
                shared,
                Overlay({c.id: order_key(corpus, c.id) for c in claims}, self.order_keys),
                corpus.commitments,
            ),
            actor_of=actor_of,
            text_cache=TextCache(self.sentences, new),
        )


def _explicit(claims: Iterable[Claim]) -> list[tuple[str, str, str]]:
    """The links the texts state, as (source, target, kind)."""
    out: list[tuple[str, str, str]] = []
    for claim in claims:
        out.extend((claim.id, t, SUPPORTS) for t in claim.supports)
        out.extend((claim.id, t, ATTACKS) for t in claim.attacks)
        out.extend((claim.id, t, INVOKES) for t in claim.invokes)
    return out


class _FocusPairs:
    """The few derived pairs around added claims, oriented and sorted like ``_Pairs``."""

    def __init__(
        self,
        conflict: Mapping[frozenset[str], set[str]],
        shared: Mapping[frozenset[str], set[str]],
        keys: Mapping[str, tuple[int, str, str]],
        commitments: Mapping[str, object],
    ) -> None:
        self.tables = {}
        for kind, table in ((CONTRADICTS, conflict), (AGREES, shared)):
            rows = []
            for pair, props in table.items():
                a, b = sorted(pair, key=keys.__getitem__)
                if a in commitments and b not in commitments:
                    a, b = b, a
                rows.append((keys[a], keys[b], a, b, props))
            rows.sort()
            self.tables[kind] = [(a, b, tuple(sorted(p))) for _, _, a, b, p in rows]

    def iter(self, kind: str) -> Iterator[tuple[str, str, tuple[str, ...]]]:
        return iter(self.tables[kind])


def _key(a: int, b: int, size: int, cut: int) -> int:
    """The key of the oriented pair {a, b}: claim first for a claim and a commitment (nodes
    below `cut` are commitments), otherwise the lower number first."""
    lo, hi = (a, b) if a < b else (b, a)
    return hi * size + lo if lo < cut <= hi else lo * size + hi


class _PairTable:
    """Pairs of node numbers (as ``i * size + j``, i < j) with the propositions they share.

    Nearly every pair has one proposition, so the first is kept in a plain dict filled in
    bulk (``dict.update`` runs in C) and only the rare further ones in a side table: this is
    what keeps a million derived pairs to about a second.
    """

    def __init__(self) -> None:
        self.first: dict[int, str] = {}
        self.more: dict[int, list[str]] = {}

    def add(self, prop: str, keys: list[int]) -> None:
        first, more = self.first, self.more
        again = first.keys() & keys
        for key in again:
            more.setdefault(key, [first[key]]).append(prop)
        first.update(dict.fromkeys(keys, prop))
        for key in again:  # the bulk update overwrote them: keep the first proposition
            first[key] = more[key][0]

    def remove(self, other: _PairTable) -> None:
        for key in self.first.keys() & other.first.keys():
            del self.first[key]
            self.more.pop(key, None)

    def props(self, key: int) -> tuple[str, ...]:
        more = self.more.get(key)
        return (self.first[key],) if more is None else tuple(sorted(set(more)))

    def __len__(self) -> int:
        return len(self.first)


@dataclass
class _Pairs:
    """Derived pairs keyed by ``source * len(order) + target`` (oriented), with propositions."""

    order: list[str]
    conflict: _PairTable
    shared: _PairTable

    def iter(self, kind: str) -> Iterator[tuple[str, str, tuple[str, ...]]]:
        """(source, target, propositions) of one kind, oriented as the module documents.

        Pairs come in key order: by source, then target, where commitments (by id) come
        before claims (by date, then id), so claim-led pairs read chronologically.
        """
        table = self.conflict if kind == CONTRADICTS else self.shared
        size, order = len(self.order), self.order
        first, more = table.first, table.more
        for key in sorted(first):
            i, j = divmod(key, size)
            yield order[i], order[j], (first[key],) if key not in more else table.props(key)
