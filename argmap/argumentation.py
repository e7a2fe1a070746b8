"""The corpus as an abstract argumentation framework: which claims and commitments stand.

Consumes an ArgumentGraph; produces a :class:`~argmap.semantics.dung.Framework` for the pure
semantics module (which knows nothing of treaties), and the labels of its evaluation.

* **Arguments** are the claims and the commitments.
* **Attacks** are the attacks the texts state, plus every derived contradiction in both
  directions (two texts that hold opposite literals rebut each other).
* **Supports** (the supports the texts state) add the derived attacks of bipolar
  argumentation, under necessary support: a *supported attack* (a supports⁺ b, b attacks c:
  a attacks c) and a *secondary attack* (a attacks b, b supports⁺ c: a attacks c) — C. Cayrol
  and M.-C. Lagasquie-Schiex, "Bipolarity in argumentation graphs: Towards a better
  understanding", IJAR 54(7), 2013, https://doi.org/10.1016/j.ijar.2013.03.001. Derived
  agreements are not supports: agreeing is holding the same literal, not offering a reason, and
  treating it as support would make every party to a consensus attack whatever any one of them
  attacks.
* **Preferences** (``prefer="binding"``) follow preference-based argumentation (L. Amgoud and
  C. Cayrol, "A reasoning model based on the production of acceptable arguments", Annals of
  Mathematics and Artificial Intelligence 34, 2002, https://doi.org/10.1023/A:1014490210693):
  an attack fails when its target is strictly preferred to its source. A commitment is
  preferred to a claim whose actor it bound on the claim's date (a state's word does not undo
  its own signature), and a legally binding commitment to a politically binding one.
"""

from __future__ import annotations

from typing import Literal

from argmap.graph import ATTACKS, CONTRADICTS, SUPPORTS, ArgumentGraph
from argmap.semantics import Evaluation, Framework, Semantics, derived_attacks, evaluate

__all__ = [
    "PREFERENCES",
    "Prefer",
    "corpus_attacks",
    "corpus_framework",
    "corpus_labels",
    "defeaters",
]

Prefer = Literal["none", "binding"]
PREFERENCES: tuple[Prefer, ...] = ("none", "binding")
_RANK = {"legal": 2, "political": 1}


def corpus_attacks(ag: ArgumentGraph, prefer: Prefer = "none") -> list[tuple[str, str]]:
    """The attacks of the corpus framework, sorted (see module docs)."""
    stated = [(s, t) for s, t, kind in ag.explicit if kind == ATTACKS]
    derived = [(s, t) for s, t, _ in ag.derived(CONTRADICTS)]
    attacks = {*stated, *derived, *((t, s) for s, t in derived)}
    supports = [(s, t) for s, t, kind in ag.explicit if kind == SUPPORTS]
    result = set(derived_attacks(attacks, supports)) if supports else attacks
    if prefer == "binding":
        result = {(a, b) for a, b in result if not _preferred(ag, b, a)}
    return sorted(result)


def _preferred(ag: ArgumentGraph, x: str, y: str) -> bool:
    """Whether `x` is strictly preferred to `y` under the binding preference."""
    corpus = ag.corpus
    if x in corpus.commitments and y in corpus.claims:
        claim = corpus.claims[y]
        doc = corpus.commitments[x].document
        return ag.bindings.bound(ag.actor_of[y], doc, claim.date) is not None
    if x in corpus.commitments and y in corpus.commitments:
        rank = _RANK[corpus.documents[corpus.commitments[x].document].binding]
        return rank > _RANK[corpus.documents[corpus.commitments[y].document].binding]
    return False


def corpus_framework(ag: ArgumentGraph, prefer: Prefer = "none") -> Framework:
    """The corpus as a framework: every claim and commitment, and the attacks that succeed."""
    return Framework.from_edges(list(ag.nodes()), corpus_attacks(ag, prefer))


def corpus_labels(
    ag: ArgumentGraph, semantics: Semantics = "grounded", prefer: Prefer = "none"
) -> Evaluation:
    """Evaluate the corpus framework under `semantics` (grounded, complete, preferred, stable)."""
    return evaluate(corpus_framework(ag, prefer), semantics)


def defeaters(
    ag: ArgumentGraph, evaluation: Evaluation, prefer: Prefer = "none"
) -> dict[str, list[tuple[str, str]]]:
    """Why each argument labelled ``out`` is out: its attackers that stand, and how each attacks.

    An argument is out when an attacker is in (for several extensions: when, in each, one of
    its attackers is in; then the attackers in some extension are given). How: ``stated`` (the
    text says it attacks), ``contradiction`` (derived: they hold opposite literals) or
    ``through a support`` (a bipolar attack derived from a stated support).
    """
    stated = {(s, t) for s, t, kind in ag.explicit if kind == ATTACKS}
    contra = {(s, t) for s, t, _ in ag.derived(CONTRADICTS)}
    contra |= {(t, s) for s, t in contra}
    by_target: dict[str, list[str]] = {}
    for s, t in corpus_attacks(ag, prefer):
        by_target.setdefault(t, []).append(s)
    members = set().union(*evaluation.extensions) if evaluation.extensions else set()
    result: dict[str, list[tuple[str, str]]] = {}
    for ident, label in sorted(evaluation.labels.items()):
        if label != "out":
            continue
        attackers = by_target.get(ident, [])
        standing = [a for a in attackers if evaluation.labels.get(a) == "in"]
        chosen = standing or [a for a in attackers if a in members]
        result[ident] = [
            (
                a,
                "stated"
                if (a, ident) in stated
                else "contradiction"
                if (a, ident) in contra
                else "through a support",
            )
            for a in sorted(chosen)
        ]
    return result
