"""Extension enumeration with the clingo answer-set solver (imported on first use).

The encodings are the labelling-free ASPARTIX-style guesses: choose ``in/1``,
forbid conflicts, and require the set to be complete (every member defended,
every defended argument a member) or stable (every non-member attacked).
Preferred extensions are the subset-maximal complete ones, enumerated with
clingo's domain heuristic in ``domRec`` mode (Gebser et al.; as in ASPARTIX-V).

References
----------
.. [1] U. Egly, S. A. Gaggl, S. Woltran, "Answer-set programming encodings for
   argumentation frameworks", Argument & Computation 1(2):147-177, 2010.
   https://doi.org/10.1080/19462166.2010.486479
.. [2] M. Gebser, R. Kaminski, B. Kaufmann, T. Schaub, "Multi-shot ASP solving
   with clingo", Theory and Practice of Logic Programming 19(1):27-82, 2019.
   https://doi.org/10.1017/S1471068418000054
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Final

__all__ = ["available", "enumerate_indexed"]

_COMPLETE: Final = """
{ in(X) } :- arg(X).
:- in(X), in(Y), att(X,Y).
defeated(X) :- in(Y), att(Y,X).
undefended(X) :- att(Y,X), not defeated(Y).
:- in(X), undefended(X).
:- arg(X), not in(X), not undefended(X).
#show in/1.
"""
_STABLE: Final = """
{ in(X) } :- arg(X).
:- in(X), in(Y), att(X,Y).
defeated(X) :- in(Y), att(Y,X).
:- arg(X), not in(X), not defeated(X).
#show in/1.
"""
_PROGRAMS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "complete": (_COMPLETE, ()),
    "stable": (_STABLE, ()),
    "preferred": (
        _COMPLETE + "#heuristic in(X) : arg(X). [1,true]\n",
        ("--heuristic=Domain", "--enum-mode=domRec"),
    ),
}


@cache
def available() -> bool:
    """Whether the ``clingo`` package imports (checked once per process)."""
    try:
        import clingo  # noqa: F401
    except ImportError:
        return False
    return True


def _quiet(code: object, message: str) -> None:
    """Drop clingo's informational messages (e.g. on frameworks without attacks)."""


def enumerate_indexed(n: int, attacked: Sequence[Sequence[int]], semantics: str) -> list[list[int]]:
    """Every extension of the framework ``0..n-1`` with ``attacked[i]`` attacked by ``i``.

    Parameters
    ----------
    n : int
        Number of arguments (at least 1).
    attacked : sequence of sequence of int
        Out-adjacency.
    semantics : {"complete", "preferred", "stable"}

    Returns
    -------
    list of list of int
        The members of each extension, in clingo's order.
    """
    import clingo  # deferred: a few tens of milliseconds, and only these semantics need it

    program, options = _PROGRAMS[semantics]
    ctl = clingo.Control([*options, "--models=0"], logger=_quiet)
    facts = [f"arg(0..{n - 1}).\n"]
    facts.extend(f"att({i},{j})." for i, targets in enumerate(attacked) for j in targets)
    ctl.add("base", [], "".join(facts) + program)
    ctl.ground([("base", [])])
    found: list[list[int]] = []
    with ctl.solve(yield_=True) as handle:
        for model in handle:
            found.append([sym.arguments[0].number for sym in model.symbols(shown=True)])
    return found
