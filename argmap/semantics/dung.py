"""Dung's abstract argumentation: frameworks, extensions and labellings.

A :class:`Framework` is a finite set of arguments (strings) and a binary attack
relation; the pair ``(a, b)`` means *a attacks b*.  This module computes the
grounded, complete, preferred and stable semantics of Dung (1995) both as sets of
arguments (extensions) and as three-valued labellings in the style of Caminada
(2006).  It is pure: no I/O, no knowledge of where the arguments come from.

Design
------
*Representation.*  Arguments are numbered ``0..n-1`` in declaration order and the
attack relation is stored once as integer adjacency tuples (``attacked[i]`` are
the arguments ``i`` attacks; the reverse relation ``attackers`` is derived on
first use and cached).  No graph library is used, so 200,000 arguments and
1,000,000 attacks cost a few hundred megabytes at most and build in about a second.

*Grounded.*  The grounded labelling (the least fixed point of Dung's
characteristic function) is computed by propagation from the unattacked
arguments with a queue and a count of not-yet-``out`` attackers per argument;
every attack is examined at most twice: linear time.

*Complete, preferred, stable: clingo, with an own search as fallback.*  The
grounded labelling is computed first: its ``in`` and ``out`` arguments have that
label in every complete (hence preferred and stable) labelling, so only the
framework restricted to the grounded-``undec`` arguments is searched.  That
residue goes to one of two engines, chosen by ``engine=``:

``"clingo"``
    The clingo answer-set solver (Gebser et al. 2019; PyPI ``clingo``, maintained
    by Potassco) with ASPARTIX-style encodings, in :mod:`argmap.semantics._clingo`;
    preferred extensions are the subset-maximal complete ones, enumerated with
    clingo's domain heuristic (``domRec``).
``"search"``
    A dependency-free SCC-recursive labelling search (Baroni, Giacomin & Guida
    2005): components in topological order, each searched given the labels
    upstream, with unit propagation; in :mod:`argmap.semantics._search`.
``"auto"`` (default)
    clingo when it is importable, otherwise the search.  Both engines return
    exactly the same extensions (the tests check them against each other and
    against brute force); only speed differs.

Why clingo: both engines were measured (``benchmarks/bench_semantics.py``, two
cores).  On the ASPARTIX reference instances and on sparse random frameworks
(one or two attacks per argument) both answer in milliseconds.  On random
frameworks with four attacks per argument the search, which learns nothing from
its failures, explored 270,000 branches and took 12.6 s on one of 500 arguments
and more than 5 s on those of 1,000, while clingo's conflict-driven search
needed about 600 conflicts and 0.04 s on the same framework and at most 0.15 s
at 1,000 arguments.  The search alone misses the 0.5 s target, so the solver is
used when present; it is imported only when a non-grounded semantics is
evaluated, so ``import argmap.semantics`` and the grounded path stay light.  The problems
remain intractable in general (credulous preferred acceptance is NP-complete,
sceptical Pi2-complete, and there can be exponentially many extensions): very
dense random frameworks (eight attacks per argument, 1,000 arguments) defeat
clingo too.

Labels of a multi-extension semantics
-------------------------------------
:func:`evaluate` summarises several extensions in one labelling: an argument is
``"in"`` if it belongs to every extension (sceptically accepted), ``"out"`` if it
is ``out`` (attacked by the extension) in the labelling of every extension, and
``"undec"`` otherwise.  When there is no extension (stable semantics can have
none) every argument is ``"undec"``.  For grounded and complete semantics this is
the grounded labelling.

References
----------
.. [1] P. M. Dung, "On the acceptability of arguments and its fundamental role in
   nonmonotonic reasoning, logic programming and n-person games", Artificial
   Intelligence 77(2):321-357, 1995. https://doi.org/10.1016/0004-3702(94)00041-X
.. [2] M. Caminada, "On the issue of reinstatement in argumentation", JELIA 2006,
   LNCS 4160, pp. 111-123. https://doi.org/10.1007/11853886_11
.. [3] P. Baroni, M. Giacomin, G. Guida, "SCC-recursiveness: a general schema for
   argumentation semantics", Artificial Intelligence 168(1-2):162-210, 2005.
   https://doi.org/10.1016/j.artint.2005.05.006
.. [4] M. Gebser, R. Kaminski, B. Kaufmann, T. Schaub, "Multi-shot ASP solving
   with clingo", Theory and Practice of Logic Programming 19(1):27-82, 2019.
   https://doi.org/10.1017/S1471068418000054
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, repeat
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal, get_args

from argmap.errors import ArgmapError, UnknownId
from argmap.semantics import _clingo, _search

if TYPE_CHECKING:  # pragma: no cover - typing only
    import networkx as nx

__all__ = [
    "ENGINES",
    "SEMANTICS",
    "Engine",
    "Evaluation",
    "Framework",
    "FrameworkError",
    "Label",
    "Semantics",
    "SolverUnavailable",
    "complete_extensions",
    "defends",
    "evaluate",
    "grounded_extension",
    "grounded_labelling",
    "is_admissible",
    "is_complete",
    "is_complete_labelling",
    "is_conflict_free",
    "is_preferred",
    "is_stable",
    "labelling_from_extension",
    "preferred_extensions",
    "stable_extensions",
]

Label = Literal["in", "out", "undec"]
"""A Caminada label: accepted, rejected (attacked by an accepted argument), or neither."""

Semantics = Literal["grounded", "complete", "preferred", "stable"]
"""The semantics :func:`evaluate` knows."""

SEMANTICS: Final[tuple[Semantics, ...]] = get_args(Semantics)

Engine = Literal["auto", "clingo", "search"]
"""How non-grounded semantics are computed; see the module notes."""

ENGINES: Final[tuple[Engine, ...]] = get_args(Engine)


class FrameworkError(ArgmapError):
    """A framework could not be built from what was given (e.g. a non-string argument)."""


# --------------------------------------------------------------------------- framework


@dataclass(frozen=True, eq=False)
class Framework:
    """An immutable abstract argumentation framework with integer-indexed adjacency.

    Build one with :meth:`from_edges` or :meth:`from_digraph` rather than by hand.

    Attributes
    ----------
    arguments : tuple of str
        The arguments, without repetition, in declaration order; argument ``i``
        of the adjacency tuples is ``arguments[i]``.
    attacked : tuple of tuple of int
        ``attacked[i]`` lists, without repetition and in ascending order, the
        indices of the arguments that ``arguments[i]`` attacks.
    index : Mapping[str, int]
        Position of each argument in :attr:`arguments` (read-only).

    Notes
    -----
    Equality and hashing compare the *sets* of arguments and attacks, so two
    frameworks that declare the same arguments in a different order are equal.
    Building costs O(n + m log d) for n arguments, m attacks and maximum
    out-degree d; :attr:`attackers` (the reverse adjacency) costs O(n + m) on first use.

    Examples
    --------
    >>> af = Framework.from_edges(["a", "b", "c"], [("a", "b"), ("b", "c")])
    >>> len(af), af.n_attacks
    (3, 2)
    >>> af.attackers_of("c")
    ('b',)
    >>> af == Framework.from_edges(["c", "b", "a"], [("b", "c"), ("a", "b")])
    True
    """

    arguments: tuple[str, ...]
    attacked: tuple[tuple[int, ...], ...]
    index: Mapping[str, int] = field(repr=False)

    # -- constructors --------------------------------------------------------------

    @classmethod
    def from_edges(
        cls,
        arguments: Iterable[str] = (),
        attacks: Iterable[tuple[str, str]] = (),
        *,
        implicit: bool = False,
    ) -> Framework:
        """Build a framework from arguments and attack pairs.

        Parameters
        ----------
        arguments : iterable of str
            The arguments; repeats are ignored (first occurrence fixes the order).
        attacks : iterable of (str, str)
            Pairs ``(a, b)`` meaning *a attacks b*; repeats are ignored.
        implicit : bool, default False
            If true, an argument named only in an attack is added (after the
            declared ones, in order of first mention); if false it is an error.

        Returns
        -------
        Framework

        Raises
        ------
        UnknownId
            An attack names an undeclared argument and ``implicit`` is false.
        FrameworkError
            An argument is not a string.

        Examples
        --------
        >>> Framework.from_edges(attacks=[("x", "y")], implicit=True).arguments
        ('x', 'y')
        >>> Framework.from_edges(["x"], [("x", "y")])
        Traceback (most recent call last):
        ...
        argmap.errors.UnknownId: unknown argument 'y'
        """
        names: dict[str, int] = {}
        for name in arguments:
            if not isinstance(name, str):
                raise FrameworkError(f"argument {name!r} is not a string")
            if name not in names:
                names[name] = len(names)
        src: list[int] = []
        dst: list[int] = []
        for pair in attacks:
            a, b = pair
            for name in (a, b):
                if name not in names:
                    if not isinstance(name, str):
                        raise FrameworkError(f"argument {name!r} is not a string")
                    if not implicit:
                        raise UnknownId("argument", name, [])
                    names[name] = len(names)
            src.append(names[a])
            dst.append(names[b])
        return cls._from_indexed(tuple(names), src, dst, names)

    @classmethod
    def from_digraph(cls, graph: nx.DiGraph[Any]) -> Framework:
        """Build a framework from a :class:`networkx.DiGraph` (edge ``(a, b)``: a attacks b).

        Nodes become arguments via :func:`str`, in the graph's node order.

        Parameters
        ----------
        graph : networkx.DiGraph
            A directed graph; parallel edges and attributes are ignored.

        Returns
        -------
        Framework

        Raises
        ------
        FrameworkError
            The graph is undirected, or two nodes have the same string form.

        Examples
        --------
        >>> import networkx as nx
        >>> af = Framework.from_digraph(nx.DiGraph([(1, 2), (2, 3)]))
        >>> af.arguments, sorted(grounded_extension(af))
        (('1', '2', '3'), ['1', '3'])
        """
        import networkx as nx  # deferred: networkx is only needed here

        if not isinstance(graph, nx.DiGraph) or not graph.is_directed():
            raise FrameworkError("from_digraph needs a networkx.DiGraph")
        names: dict[str, int] = {}
        for node in graph.nodes:
            name = str(node)
            if name in names:
                raise FrameworkError(f"two graph nodes are both named {name!r}")
            names[name] = len(names)
        src: list[int] = []
        dst: list[int] = []
        for a, b in graph.edges():
            src.append(names[str(a)])
            dst.append(names[str(b)])
        return cls._from_indexed(tuple(names), src, dst, names)

    @classmethod
    def _from_indexed(
        cls,
        arguments: tuple[str, ...],
        src: Sequence[int],
        dst: Sequence[int],
        index: dict[str, int] | None = None,
    ) -> Framework:
        """Build from distinct argument names and parallel lists of attack indices (no checks)."""
        n = len(arguments)
        if len(src) != len(dst):
            raise ValueError("src and dst differ in length")
        out: list[list[int]] = [[] for _ in range(n)]
        # out[s].append(d) for every attack, iterated in C (a third of the time of a loop)
        deque(map(list.append, map(out.__getitem__, src), dst), maxlen=0)
        attacked = tuple([tuple(sorted(set(row))) if len(row) > 1 else tuple(row) for row in out])
        if index is None:
            index = {name: i for i, name in enumerate(arguments)}
        return cls(arguments, attacked, MappingProxyType(index))

    # -- derived structure ---------------------------------------------------------

    @cached_property
    def attackers(self) -> tuple[tuple[int, ...], ...]:
        """``attackers[i]``: indices of the arguments attacking ``arguments[i]``, ascending."""
        attacked = self.attacked
        rows: list[list[int]] = [[] for _ in attacked]
        sources = chain.from_iterable(map(repeat, range(len(attacked)), map(len, attacked)))
        deque(
            map(list.append, map(rows.__getitem__, chain.from_iterable(attacked)), sources),
            maxlen=0,
        )
        return tuple(map(tuple, rows))

    @cached_property
    def n_attacks(self) -> int:
        """The number of (distinct) attacks."""
        return sum(map(len, self.attacked))

    @property
    def attacks(self) -> tuple[tuple[str, str], ...]:
        """Every attack ``(attacker, attacked)`` as names, in index order (built on each call)."""
        args = self.arguments
        return tuple((args[i], args[j]) for i, targets in enumerate(self.attacked) for j in targets)

    def attackers_of(self, argument: str) -> tuple[str, ...]:
        """The arguments attacking ``argument`` (raises :class:`UnknownId` if absent)."""
        return tuple(self.arguments[j] for j in self.attackers[self._position(argument)])

    def attacked_by(self, argument: str) -> tuple[str, ...]:
        """The arguments ``argument`` attacks (raises :class:`UnknownId` if absent)."""
        return tuple(self.arguments[j] for j in self.attacked[self._position(argument)])

    def to_digraph(self) -> nx.DiGraph[str]:
        """Return the framework as a :class:`networkx.DiGraph` (imports networkx)."""
        import networkx as nx

        graph: nx.DiGraph[str] = nx.DiGraph()
        graph.add_nodes_from(self.arguments)
        graph.add_edges_from(self.attacks)
        return graph

    def _position(self, argument: str) -> int:
        try:
            return self.index[argument]
        except KeyError:
            raise UnknownId("argument", argument, []) from None

    def _indices(self, arguments: Iterable[str]) -> set[int]:
        return {self._position(a) for a in arguments}

    # -- dunder --------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.arguments)

    def __contains__(self, argument: object) -> bool:
        return argument in self.index

    def __iter__(self) -> Iterator[str]:
        return iter(self.arguments)

    @cached_property
    def _canonical(self) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
        return frozenset(self.arguments), frozenset(self.attacks)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Framework):
            return NotImplemented
        return self is other or self._canonical == other._canonical

    def __hash__(self) -> int:
        return hash(self._canonical)

    def __repr__(self) -> str:
        return f"Framework(<{len(self)} arguments, {self.n_attacks} attacks>)"


# --------------------------------------------------------------------------- grounded

_U: Final = 0  # undec / unassigned
_I: Final = 1  # in
_O: Final = 2  # out
_NAMES: Final[tuple[Label, Label, Label]] = ("undec", "in", "out")


def _grounded_codes(af: Framework) -> bytearray:
    """Grounded labelling as a bytearray of codes ``_U/_I/_O`` (linear time)."""
    attacked = af.attacked
    n = len(attacked)
    pending = [0] * n  # attackers not yet labelled out
    for targets in attacked:
        for j in targets:
            pending[j] += 1
    lab = bytearray(n)
    queue = [i for i in range(n) if not pending[i]]
    for i in queue:
        lab[i] = _I
    head = 0
    while head < len(queue):
        x = queue[head]
        head += 1
        for y in attacked[x]:
            if lab[y] != _O:
                lab[y] = _O
                for z in attacked[y]:
                    c = pending[z] - 1
                    pending[z] = c
                    if not c and not lab[z]:
                        lab[z] = _I
                        queue.append(z)
    return lab


def grounded_labelling(af: Framework) -> dict[str, Label]:
    """Return the grounded labelling of ``af``.

    Parameters
    ----------
    af : Framework

    Returns
    -------
    dict of str to Label
        ``"in"`` for the grounded extension, ``"out"`` for the arguments it
        attacks, ``"undec"`` for the rest; keys in ``af.arguments`` order.

    Notes
    -----
    Queue-based propagation from the unattacked arguments: every attack is
    examined at most twice, so the cost is O(n + m).

    Examples
    --------
    >>> af = Framework.from_edges("abc", [("a", "b"), ("b", "c")])
    >>> grounded_labelling(af)
    {'a': 'in', 'b': 'out', 'c': 'in'}
    """
    codes = _grounded_codes(af)
    return {name: _NAMES[c] for name, c in zip(af.arguments, codes, strict=True)}


def grounded_extension(af: Framework) -> frozenset[str]:
    """Return the grounded extension (the least complete extension) of ``af``.

    Parameters
    ----------
    af : Framework

    Returns
    -------
    frozenset of str

    Notes
    -----
    Linear time, O(n + m); see :func:`grounded_labelling`.

    Examples
    --------
    >>> af = Framework.from_edges("abc", [("a", "b"), ("b", "a"), ("c", "c")])
    >>> grounded_extension(af)
    frozenset()
    >>> sorted(grounded_extension(Framework.from_edges("ab", [("a", "b")])))
    ['a']
    """
    args = af.arguments
    codes = _grounded_codes(af)
    return frozenset(args[i] for i, c in enumerate(codes) if c == _I)


# --------------------------------------------------------------------------- enumeration


class SolverUnavailable(ArgmapError):
    """The clingo engine was requested but the ``clingo`` package is not installed."""


def _enumerate(af: Framework, semantics: str, engine: Engine) -> list[frozenset[str]]:
    """Extensions of ``af`` under complete/preferred/stable semantics, sorted."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    args = af.arguments
    attacked = af.attacked
    glab = _grounded_codes(af)
    base = [args[i] for i, c in enumerate(glab) if c == _I]
    resid = [i for i, c in enumerate(glab) if c == _U]
    if not resid:
        return [frozenset(base)]
    # every complete extension is the grounded one plus a complete extension of the
    # framework restricted to the grounded-undecided arguments (same for preferred
    # and stable), so only that residue is searched
    rid = {g: r for r, g in enumerate(resid)}
    succ = [[rid[j] for j in attacked[g] if glab[j] == _U] for g in resid]
    if engine == "auto":
        engine = "clingo" if _clingo.available() else "search"
    if engine == "clingo":
        if not _clingo.available():
            raise SolverUnavailable(
                "the clingo engine needs the 'clingo' package (pip install clingo)"
            )
        raw = _clingo.enumerate_indexed(len(resid), succ, semantics)
    else:
        raw = _search.enumerate_indexed(len(resid), succ, semantics)
    return _sorted(frozenset([*base, *(args[resid[u]] for u in ext)]) for ext in raw)


def _sorted(exts: Iterable[frozenset[str]]) -> list[frozenset[str]]:
    return sorted(exts, key=sorted)


def complete_extensions(af: Framework, *, engine: Engine = "auto") -> list[frozenset[str]]:
    """Return every complete extension of ``af``.

    A complete extension is an admissible set containing every argument it defends.

    Parameters
    ----------
    af : Framework
    engine : {"auto", "clingo", "search"}, default "auto"
        See the module notes.

    Returns
    -------
    list of frozenset of str
        Sorted by their sorted member lists; never empty (the grounded extension
        is always complete).

    Raises
    ------
    SolverUnavailable
        ``engine="clingo"`` without the clingo package.

    Notes
    -----
    Grounded pre-pass, then the chosen engine on the grounded-undecided residue
    (see the module notes).  Exponential in the worst case: there can be
    exponentially many extensions.

    Examples
    --------
    >>> af = Framework.from_edges("ab", [("a", "b"), ("b", "a")])
    >>> [sorted(e) for e in complete_extensions(af)]
    [[], ['a'], ['b']]
    """
    return _enumerate(af, "complete", engine)


def preferred_extensions(af: Framework, *, engine: Engine = "auto") -> list[frozenset[str]]:
    """Return every preferred extension (maximal admissible set) of ``af``.

    Parameters
    ----------
    af : Framework
    engine : {"auto", "clingo", "search"}, default "auto"
        See the module notes.

    Returns
    -------
    list of frozenset of str
        Sorted by their sorted member lists; never empty.

    Raises
    ------
    SolverUnavailable
        ``engine="clingo"`` without the clingo package.

    Notes
    -----
    Grounded pre-pass, then clingo's subset-maximal enumeration or the
    SCC-recursive search (see the module notes).  Deciding sceptical
    acceptance is Pi2-complete, so the worst case is exponential.

    Examples
    --------
    >>> af = Framework.from_edges("abc", [("a", "b"), ("b", "a"), ("c", "c")])
    >>> [sorted(e) for e in preferred_extensions(af)]
    [['a'], ['b']]
    """
    return _enumerate(af, "preferred", engine)


def stable_extensions(af: Framework, *, engine: Engine = "auto") -> list[frozenset[str]]:
    """Return every stable extension (conflict-free, attacking every outsider) of ``af``.

    Parameters
    ----------
    af : Framework
    engine : {"auto", "clingo", "search"}, default "auto"
        See the module notes.

    Returns
    -------
    list of frozenset of str
        Sorted by their sorted member lists; possibly empty.

    Raises
    ------
    SolverUnavailable
        ``engine="clingo"`` without the clingo package.

    Notes
    -----
    As :func:`complete_extensions`, with ``undec`` forbidden.  Deciding
    existence is NP-complete.

    Examples
    --------
    >>> stable_extensions(Framework.from_edges("abc", [("a", "b"), ("b", "c"), ("c", "a")]))
    []
    >>> [sorted(e) for e in stable_extensions(Framework.from_edges("ab", [("a", "b")]))]
    [['a']]
    """
    return _enumerate(af, "stable", engine)


# --------------------------------------------------------------------------- predicates


def _as_indices(af: Framework, arguments: Iterable[str]) -> set[int]:
    return af._indices(arguments)


def is_conflict_free(af: Framework, arguments: Iterable[str]) -> bool:
    """Whether no member of ``arguments`` attacks a member (itself included).

    Parameters
    ----------
    af : Framework
    arguments : iterable of str
        A set of arguments of ``af``.

    Returns
    -------
    bool

    Raises
    ------
    UnknownId
        A name is not an argument of ``af``.

    Notes
    -----
    O(s + attacks leaving the set) for a set of s arguments.

    Examples
    --------
    >>> af = Framework.from_edges("ab", [("a", "b")])
    >>> is_conflict_free(af, ["a"]), is_conflict_free(af, ["a", "b"])
    (True, False)
    """
    s = _as_indices(af, arguments)
    attacked = af.attacked
    return not any(j in s for i in s for j in attacked[i])


def defends(af: Framework, arguments: Iterable[str], argument: str) -> bool:
    """Whether ``arguments`` attacks every attacker of ``argument``.

    Parameters
    ----------
    af : Framework
    arguments : iterable of str
        The would-be defenders.
    argument : str
        The argument to defend.

    Returns
    -------
    bool

    Raises
    ------
    UnknownId
        A name is not an argument of ``af``.

    Notes
    -----
    O(s + attacks leaving the set + attackers of ``argument``).

    Examples
    --------
    >>> af = Framework.from_edges("abc", [("a", "b"), ("b", "c")])
    >>> defends(af, ["a"], "c"), defends(af, [], "c")
    (True, False)
    """
    s = _as_indices(af, arguments)
    hit = {j for i in s for j in af.attacked[i]}
    return all(b in hit for b in af.attackers[af._position(argument)])


def is_admissible(af: Framework, arguments: Iterable[str]) -> bool:
    """Whether ``arguments`` is conflict-free and defends each of its members.

    Parameters
    ----------
    af : Framework
    arguments : iterable of str
        A set of arguments of ``af``.

    Returns
    -------
    bool

    Raises
    ------
    UnknownId
        A name is not an argument of ``af``.

    Notes
    -----
    O(s + attacks touching the set).

    Examples
    --------
    >>> af = Framework.from_edges("abc", [("a", "b"), ("b", "c")])
    >>> is_admissible(af, ["a", "c"]), is_admissible(af, ["c"])
    (True, False)
    """
    s = _as_indices(af, arguments)
    if not is_conflict_free(af, (af.arguments[i] for i in s)):
        return False
    hit = {j for i in s for j in af.attacked[i]}
    return all(b in hit for i in s for b in af.attackers[i])


def is_complete(af: Framework, arguments: Iterable[str]) -> bool:
    """Whether ``arguments`` is admissible and contains every argument it defends.

    Parameters
    ----------
    af : Framework
    arguments : iterable of str
        A set of arguments of ``af``.

    Returns
    -------
    bool

    Raises
    ------
    UnknownId
        A name is not an argument of ``af``.

    Notes
    -----
    O(n + m).

    Examples
    --------
    >>> af = Framework.from_edges("abc", [("a", "b"), ("b", "c")])
    >>> is_complete(af, ["a", "c"]), is_complete(af, ["a"])
    (True, False)
    """
    s = _as_indices(af, arguments)
    names = [af.arguments[i] for i in s]
    if not is_admissible(af, names):
        return False
    hit = {j for i in s for j in af.attacked[i]}
    attackers = af.attackers
    return all(i in s for i in range(len(af)) if all(b in hit for b in attackers[i]))


def is_stable(af: Framework, arguments: Iterable[str]) -> bool:
    """Whether ``arguments`` is conflict-free and attacks every other argument.

    Parameters
    ----------
    af : Framework
    arguments : iterable of str
        A set of arguments of ``af``.

    Returns
    -------
    bool

    Raises
    ------
    UnknownId
        A name is not an argument of ``af``.

    Notes
    -----
    O(n + attacks leaving the set).

    Examples
    --------
    >>> af = Framework.from_edges("ab", [("a", "b")])
    >>> is_stable(af, ["a"]), is_stable(af, ["b"])
    (True, False)
    """
    s = _as_indices(af, arguments)
    if not is_conflict_free(af, (af.arguments[i] for i in s)):
        return False
    hit = {j for i in s for j in af.attacked[i]}
    return all(i in s or i in hit for i in range(len(af)))


def is_preferred(af: Framework, arguments: Iterable[str], *, engine: Engine = "auto") -> bool:
    """Whether ``arguments`` is a preferred extension (checked against the enumeration).

    Parameters
    ----------
    af : Framework
    arguments : iterable of str
        A set of arguments of ``af``.
    engine : {"auto", "clingo", "search"}, default "auto"
        See the module notes.

    Returns
    -------
    bool

    Notes
    -----
    Enumerates the preferred extensions (see :func:`preferred_extensions`):
    verification is coNP-complete, so no cheap check exists in general.

    Examples
    --------
    >>> af = Framework.from_edges("ab", [("a", "b"), ("b", "a")])
    >>> is_preferred(af, ["a"]), is_preferred(af, [])
    (True, False)
    """
    target = frozenset(af.arguments[i] for i in _as_indices(af, arguments))
    return target in preferred_extensions(af, engine=engine)


def labelling_from_extension(af: Framework, extension: Iterable[str]) -> dict[str, Label]:
    """Return the labelling of an extension: members ``in``, attacked ``out``, rest ``undec``.

    Parameters
    ----------
    af : Framework
    extension : iterable of str

    Returns
    -------
    dict of str to Label
        Keys in ``af.arguments`` order.

    Notes
    -----
    O(n + attacks leaving the extension).  The result is a complete labelling
    exactly when the extension is complete (Caminada 2006).

    Examples
    --------
    >>> af = Framework.from_edges("abc", [("a", "b"), ("b", "c")])
    >>> labelling_from_extension(af, ["a"])
    {'a': 'in', 'b': 'out', 'c': 'undec'}
    """
    s = _as_indices(af, extension)
    hit = {j for i in s for j in af.attacked[i]}
    return {
        name: ("in" if i in s else "out" if i in hit else "undec")
        for i, name in enumerate(af.arguments)
    }


def is_complete_labelling(af: Framework, labels: Mapping[str, Label]) -> bool:
    """Whether ``labels`` is a complete labelling in Caminada's sense.

    Every argument must be labelled; ``in`` iff all attackers are ``out``, and
    ``out`` iff some attacker is ``in`` (so ``undec`` iff neither).

    Parameters
    ----------
    af : Framework
    labels : Mapping[str, Label]
        A label for every argument of ``af`` and nothing else.

    Returns
    -------
    bool

    Notes
    -----
    O(n + m).

    Examples
    --------
    >>> af = Framework.from_edges("ab", [("a", "b")])
    >>> is_complete_labelling(af, {"a": "in", "b": "out"})
    True
    >>> is_complete_labelling(af, {"a": "in", "b": "undec"})
    False
    """
    if set(labels) != set(af.arguments):
        return False
    args = af.arguments
    for i, name in enumerate(args):
        att = [labels[args[j]] for j in af.attackers[i]]
        lab = labels[name]
        legal_in = all(a == "out" for a in att)
        legal_out = any(a == "in" for a in att)
        want: Label = "in" if legal_in else "out" if legal_out else "undec"
        if lab != want:
            return False
    return True


# --------------------------------------------------------------------------- evaluate


@dataclass(frozen=True)
class Evaluation:
    """The outcome of one semantics on one framework.

    Attributes
    ----------
    semantics : Semantics
    extensions : list of frozenset of str
        Sorted by sorted member list.
    labels : dict of str to Label
        The summary labelling described in the module notes: ``in`` if in every
        extension, ``out`` if out in every extension's labelling, else ``undec``
        (all ``undec`` when there is no extension).
    """

    semantics: Semantics
    extensions: list[frozenset[str]]
    labels: dict[str, Label]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: ``{"semantics", "extensions": [[ids]], "labels": {id: label}}``.

        Extensions are sorted lists, sorted; labels are keyed in sorted id order.

        Examples
        --------
        >>> ev = evaluate(Framework.from_edges("bca", [("b", "a"), ("a", "b")]), "preferred")
        >>> ev.to_json()["extensions"], ev.to_json()["labels"]
        ([['a', 'c'], ['b', 'c']], {'a': 'undec', 'b': 'undec', 'c': 'in'})
        """
        return {
            "semantics": self.semantics,
            "extensions": sorted(sorted(e) for e in self.extensions),
            "labels": {k: self.labels[k] for k in sorted(self.labels)},
        }


def _summary_labels(af: Framework, extensions: Sequence[Collection[str]]) -> dict[str, Label]:
    if not extensions:
        return dict.fromkeys(af.arguments, "undec")
    n = len(af)
    always_in: set[int] | None = None
    always_out: set[int] | None = None
    for ext in extensions:
        s = af._indices(ext)
        hit = {j for i in s for j in af.attacked[i]}
        always_in = s if always_in is None else always_in & s
        always_out = hit if always_out is None else always_out & hit
    assert always_in is not None and always_out is not None
    labels: dict[str, Label] = {}
    for i in range(n):
        labels[af.arguments[i]] = "in" if i in always_in else "out" if i in always_out else "undec"
    return labels


def evaluate(af: Framework, semantics: Semantics, *, engine: Engine = "auto") -> Evaluation:
    """Compute the extensions of one semantics and their summary labelling.

    Parameters
    ----------
    af : Framework
    semantics : {"grounded", "complete", "preferred", "stable"}
    engine : {"auto", "clingo", "search"}, default "auto"
        Engine for the non-grounded semantics (see the module notes).

    Returns
    -------
    Evaluation

    Raises
    ------
    ValueError
        ``semantics`` or ``engine`` is not one of the known names.
    SolverUnavailable
        ``engine="clingo"`` without the clingo package.

    Notes
    -----
    Grounded: O(n + m).  The others: see :func:`complete_extensions`,
    :func:`preferred_extensions`, :func:`stable_extensions`.

    Examples
    --------
    >>> attacks = [("a", "b"), ("b", "a"), ("a", "c"), ("b", "c"), ("c", "d")]
    >>> af = Framework.from_edges("abcd", attacks)
    >>> ev = evaluate(af, "preferred")
    >>> [sorted(e) for e in ev.extensions]
    [['a', 'd'], ['b', 'd']]
    >>> ev.labels
    {'a': 'undec', 'b': 'undec', 'c': 'out', 'd': 'in'}
    >>> evaluate(af, "grounded").labels["d"]
    'undec'
    """
    if semantics == "grounded":
        codes = _grounded_codes(af)
        args = af.arguments
        ext = frozenset(args[i] for i, c in enumerate(codes) if c == _I)
        labels = {name: _NAMES[c] for name, c in zip(args, codes, strict=True)}
        return Evaluation("grounded", [ext], labels)
    if semantics not in SEMANTICS:
        raise ValueError(f"unknown semantics {semantics!r}; expected one of {', '.join(SEMANTICS)}")
    exts = _enumerate(af, semantics, engine)
    if semantics == "complete":
        codes = _grounded_codes(af)
        labels = {name: _NAMES[c] for name, c in zip(af.arguments, codes, strict=True)}
    else:
        labels = _summary_labels(af, exts)
    return Evaluation(semantics, exts, labels)
