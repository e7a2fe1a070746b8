"""Check a new statement against the commitment graph: what it touches, what it would add.

Consumes a Corpus (and its similarity index); produces a :class:`CheckResult` per statement:
the records it resembles, the propositions it asserts or denies (given, or inferred from the
closest records and said to be inferred), and the findings it would add to the corpus,
grouped by position (:class:`argmap.positions.ClaimPositions`) or one per pair
(:meth:`argmap.graph.GraphBase.around` and :func:`argmap.findings.find_all`). Either way they
are what ``analyze`` lists for the statement once it is added to the corpus as a claim.

Monitors check many statements against one corpus, so the validated corpus and its index are
cached on disk under a hash of the corpus files (``$ARGMAP_CACHE_DIR``, else
``$XDG_CACHE_HOME/argmap``, else ``~/.cache/argmap``); a changed file is a new key.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from argmap import __version__
from argmap.errors import ArgmapError, CorpusInvalid, Problem, UnknownId
from argmap.findings import KINDS, Finding, find_all, finding_dict
from argmap.graph import ArgumentGraph, GraphBase, order_key
from argmap.load import MAX_FILE_BYTES, closest, iter_corpus_files, parse_yaml
from argmap.logic import Literal, literals_of
from argmap.model import Claim, Corpus, Id, IsoDate, Original, Source, Text
from argmap.positions import ClaimPositions, Position, position_dict
from argmap.reader import MIN_EXAMPLES, Reader
from argmap.safety import read_capped
from argmap.similarity import (
    CueHit,
    CueIndex,
    Match,
    SimilarityIndex,
    build_cues,
    build_index,
)
from argmap.words import plural

__all__ = [
    "CheckResult",
    "Checker",
    "Inference",
    "Statement",
    "check_many",
    "evidence_lines",
    "headline",
    "load_checker",
    "read_statements",
    "statement_problems",
]

#: A claim or commitment this similar lends the statement its own asserts and denies.
#: Both thresholds were chosen on tests/fixtures/check/labelled.yaml (README, "Checking a
#: new statement"): 0.25/0.30 gave the best F1 of a small grid.
NODE_THRESHOLD = 0.25
#: A proposition whose text is this similar is taken as asserted.
PROP_THRESHOLD = 0.30
#: Below this a record is not reported as a match at all.
MATCH_FLOOR = 0.05

# Cue-based inference (issue 14). Each score is the precision that kind of evidence reached
# on statements it had not been tuned on, smoothed as (right + 1) / (inferred + 2): the
# development statements of rounds 2, 3 and 4 of tests/fixtures/check/real.yaml, each read by
# the code and cues of the commit that added the round, before any tuning on it
# (benchmarks/calibrate_check.py; README, "How good is the inference?"). Cues of two or more
# words were right 34 times of 53, negated cues 5 of 9, one-word cues 0 of 1, the fallback 1 of
# 1. The rules never fired there: they take the score of the cues they join. On the tuned
# development half the same kinds were right 110/124, 15/17, 0/1, 1/1 and the rules 3/3 under
# the old scores (110/125 and 15/16 now, since a plain cue outranks a negated one): a score
# fitted there overstated what a new statement earns (0.87 for cues right 67 times of 87 on
# the test half). The fallback threshold changed nothing on the 90 statements of the
# second round between 0.30 and 0.45 (0.25 cost precision): 0.45 is kept.
#: A cue found and not negated, by its number of words (one, or two and more).
CUE_SCORE = {1: 0.33, 2: 0.64}
#: A cue found under a negation (turned into a denial).
NEGATED_SCORE = 0.55
#: Fallback when no cue fires: a claim or commitment at least this similar lends its literals.
FALLBACK_THRESHOLD = 0.45
FALLBACK_SCORE = 0.67
#: The reader (argmap.reader) lends a literal it gives at least this probability, after the
#: cues and rules. Chosen on the development half, on which it was never trained, among
#: 0.20-0.40 by what it adds to the cues of rounds 2-4 before they were tuned: at 0.30, 33
#: literals, 26 right (at 0.25, 40 and 27; at 0.40, 20 and 17). A literal whose proposition
#: has a cue found hedged or reported is left to the cues.
READER_THRESHOLD = 0.30
#: Calibrated as the cues' scores, on what the reader adds to today's cues on the development
#: half, on which it was never trained: 33 literals, 18 right (benchmarks/calibrate_check.py).
#: Alone there it was right 70 times of 90, and added to the untuned cues 26 of 33; on the
#: test half its additions were right 18 times of 36, which is why it is not on by default
#: and why the lowest of the development figures is its score.
READER_SCORE = 0.54
#: Inference whose evidence scores below this is weak: no CONSISTENT verdict rests on it.
STRONG = 0.80
STATEMENT_ID = "statement"


class Statement(BaseModel):
    """A statement to check: the claims format, with id and source optional."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id | None = None
    text: Text
    actor: Id | None = None
    speaker: Id | None = None
    date: IsoDate = Field(default_factory=date.today)
    asserts: list[Id] = Field(default_factory=list)
    denies: list[Id] = Field(default_factory=list)
    invokes: list[Id] = Field(default_factory=list)
    supports: list[Id] = Field(default_factory=list)
    attacks: list[Id] = Field(default_factory=list)
    source: Source | None = None
    original: Original | None = None
    verified: bool | None = None
    note: str | None = None

    #: Where a statement read from a file stood, for located problems.
    _where: Problem | None = PrivateAttr(default=None)


@dataclass(frozen=True)
class Inference:
    """The propositions a statement asserts and denies, and where each came from."""

    asserts: tuple[str, ...]
    denies: tuple[str, ...]
    inferred: bool
    # (literal, source, score): source is a record id, or 'cue "..."' for a cue phrase.
    evidence: tuple[tuple[Literal, str, float], ...] = ()
    #: Per proposition, why it was or was not inferred (``check --explain``).
    reasons: tuple[tuple[str, str], ...] = ()

    @property
    def strong(self) -> bool:
        """Whether every inferred literal rests on evidence scoring at least ``STRONG``."""
        if not self.inferred:
            return True
        return bool(self.evidence) and min(s for _, _, s in self.evidence) >= STRONG


@dataclass
class CheckResult:
    """Everything ``check`` reports about one statement."""

    statement: Statement
    claim: Claim
    matches: list[Match]
    inference: Inference
    graph: ArgumentGraph = field(repr=False)
    #: The findings grouped as ``analyze`` reports them (DESIGN.md "Positions"): those that
    #: rest on the statement.
    positions: list[Position] = field(default_factory=list)
    #: Side spans remembered across the statements of one checker (:class:`_Spans`).
    spans: _Spans | None = field(default=None, repr=False)

    @cached_property
    def findings(self) -> list[Finding]:
        """The findings one per pair of nodes (``--by pair``), built when first asked for."""
        return find_all(self.graph)

    @cached_property
    def opposed(self) -> list[Finding]:
        """The pair-level findings less supports (most of the pairs on a large corpus): what
        the verdict's breach, contradiction and disagreement lines count."""
        if "findings" in self.__dict__:
            return [f for f in self.findings if f.kind != "support"]
        return find_all(self.graph, supports=False)

    def kinds(self, *, by_pair: bool = False) -> frozenset[str]:
        """The kinds of the findings reported (for ``--fail-on``)."""
        return frozenset(f.kind for f in (self.findings if by_pair else self.positions))

    def to_dict(self, *, explain: bool = False, by_pair: bool = False) -> dict[str, Any]:
        """The JSON shape of DESIGN.md: statement, matches, inferred, findings.

        ``inferred.strong`` says whether the inference may carry a verdict on its own;
        with `explain`, ``inferred.why`` gives per proposition why it was or was not inferred.
        The findings are grouped by position, as ``analyze`` gives them, or with `by_pair`
        one per pair of nodes.
        """
        inf = self.inference
        out: dict[str, Any] = {
            "statement": {
                "id": self.statement.id,
                "text": self.statement.text,
                "actor": self.graph.actor_of[self.claim.id],
                "speaker": self.claim.speaker,
                "date": self.claim.date.isoformat(),
            },
            "verdict": headline(self, by_pair=by_pair),
            "matches": [{"id": m.id, "kind": m.kind, "score": m.score} for m in self.matches],
            "inferred": {
                "asserts": list(inf.asserts),
                "denies": list(inf.denies),
                "inferred": inf.inferred,
                "from": [
                    {
                        "proposition": lit[0],
                        "polarity": "+" if lit[1] else "-",
                        "record": rec,
                        "score": score,
                    }
                    for lit, rec, score in inf.evidence
                ],
                "strong": inf.strong,
            },
            "findings": (
                [finding_dict(self.graph, f) for f in self.findings]
                if by_pair
                else [position_dict(self.graph, f, self._spans()) for f in self.positions]
            ),
        }
        if explain:
            out["inferred"]["why"] = why(self)
        return out

    def _spans(self) -> _Spans | None:
        if self.spans is not None:
            self.spans.focus = self.claim.id
        return self.spans


class _Spans(dict[tuple[str, ...], str]):
    """Side spans ('3 claims, 2021-12-17 to 2022-02-21') remembered across the statements
    checked against one corpus: other actors' claims recur in the findings of every
    statement. A side that holds the statement under check is never remembered: the next
    statement may have the same id and another date."""

    focus = ""

    def __setitem__(self, key: tuple[str, ...], value: str) -> None:
        if self.focus not in key:
            super().__setitem__(key, value)


#: What to do about a speaker or actor the corpus does not know (no close id to suggest).
_NEW_ACTOR = (
    ": no actor of the corpus has this id (argmap list actors shows them). Add one under "
    "actors:, e.g. {{id: {ident}, name: ..., kind: person, represents: STATE}}, or, for a "
    "speaker the corpus need not know, give --actor STATE alone"
)


class Checker:
    """Checks statements against one corpus; build once, check many."""

    def __init__(
        self,
        corpus: Corpus,
        index: SimilarityIndex,
        cues: CueIndex | None = None,
        reader: Reader | None = None,
    ) -> None:
        self.corpus = corpus
        self.index = index
        self.cues = cues if cues is not None else build_cues(corpus)
        self.reader = reader
        #: Whether inference uses the reader (``check --reader``): it finds more, and more of
        #: what it finds is wrong (README, "How good is the inference?").
        self.read = False
        self.base = GraphBase(corpus)
        self._positions = ClaimPositions(self.base.graph())
        # literal (None: any) -> actor -> (its claims holding it, their order keys), built
        # on first use: what a statement's findings are computed over.
        self._groups: dict[Literal | None, dict[str, tuple[list[str], list[Any]]]] = {}
        self._spans = _Spans()

    def matches(self, text: str) -> list[Match]:
        """The records most similar to `text` (at most ten, above ``MATCH_FLOOR``)."""
        return [m for m in self.index.rank(text, limit=10) if m.score >= MATCH_FLOOR]

    def check(self, statement: Statement) -> CheckResult:
        """Match, infer and derive the findings of one statement (see module docstring)."""
        self._known(statement)
        matches = self.matches(statement.text)
        if statement.asserts or statement.denies:
            inference = Inference(tuple(statement.asserts), tuple(statement.denies), False)
            lits = literals_of(statement.asserts, statement.denies)
            bad = self.base.logic.conflicts(lits)
            if bad:
                raise ArgmapError(
                    f"the statement both asserts and denies '{bad[0]}' once implications "
                    "are applied; check --asserts and --denies"
                )
        else:
            texts = [statement.text]
            if statement.original is not None:
                texts.append(statement.original.text)
            inference = self.infer_text(" \n. ".join(texts), matches)
        claim = self._claim(statement, inference)
        ag = self.base.around([claim])
        positions = self._positions_of(ag, claim.id)
        return CheckResult(statement, claim, matches, inference, ag, positions, self._spans)

    def _positions_of(self, ag: ArgumentGraph, ident: str) -> list[Position]:
        """The position findings resting on the added claim `ident`, computed over its
        actor's claims and those holding a literal on a proposition it holds
        (:class:`~argmap.positions.ClaimPositions`), with the claim put in its place."""
        actor, held = ag.actor_of[ident], ag.held[ident]
        key = order_key(ag.corpus, ident)

        def with_claim(lit: Literal | None) -> list[str]:
            ids, keys = self._grouped(lit).get(actor, ([], []))
            at = bisect_left(keys, key)
            return [*ids[:at], ident, *ids[at:]]

        holding: dict[Literal, dict[str, list[str]]] = {}
        for prop in sorted({prop for prop, _ in held}):
            for lit in ((prop, True), (prop, False)):
                groups = {a: ids for a, (ids, _) in self._grouped(lit).items()}
                if lit in held:
                    groups[actor] = with_claim(lit)
                holding[lit] = groups
        return self._positions.of(ag, ident, with_claim(None), holding)

    def _grouped(self, lit: Literal | None) -> dict[str, tuple[list[str], list[Any]]]:
        """Per actor, the corpus claims holding `lit` (None: all its claims), in date order."""
        got = self._groups.get(lit)
        if got is None:
            base, claims = self.base, self.corpus.claims
            got = {}
            indexes = range(len(base.order)) if lit is None else base.holders.get(lit, ())
            for i in indexes:
                ident = base.order[i]
                if ident in claims:
                    ids, keys = got.setdefault(base.actor_of[ident], ([], []))
                    ids.append(ident)
                    keys.append(base.order_keys[ident])
            self._groups[lit] = got
        return got

    def infer(self, matches: Sequence[Match]) -> Inference:
        """Infer literals from the closest records (see ``NODE_THRESHOLD``, ``PROP_THRESHOLD``).

        A proposition whose own text is close lends (P, +); a claim or commitment that is
        close lends the literals it writes. Each literal takes the best score that lends it;
        literals are accepted best first, skipping any that would make the statement
        contradict itself.
        """
        best: dict[Literal, tuple[float, str]] = {}
        for m in matches:
            if m.kind == "proposition":
                if m.score < PROP_THRESHOLD:
                    continue
                lits: list[Literal] = [(m.id, True)]
                score = m.score
            else:
                node = self.corpus.node(m.id)
                score = m.score
                if score < NODE_THRESHOLD:
                    continue
                lits = literals_of(node.asserts, node.denies)
            for lit in lits:
                if lit not in best or score > best[lit][0]:
                    best[lit] = (score, m.id)
        order = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
        evidence, _ = self._accept((lit, (round(sc, 4), rec)) for lit, (sc, rec) in order)
        return Inference(*_split(evidence), True, tuple(evidence))

    def _accept(
        self, order: Iterable[tuple[Literal, tuple[float, str]]]
    ) -> tuple[list[tuple[Literal, str, float]], list[tuple[Literal, str]]]:
        """Literals taken best first, skipping any that would make the statement contradict
        itself: the (literal, source, score) taken, and the (literal, source) skipped."""
        accepted: list[Literal] = []
        evidence: list[tuple[Literal, str, float]] = []
        skipped: list[tuple[Literal, str]] = []
        for lit, (score, src) in order:
            if self.base.logic.conflicts([*accepted, lit]):
                skipped.append((lit, src))
                continue
            accepted.append(lit)
            evidence.append((lit, src, score))
        return evidence, skipped

    def infer_text(
        self, text: str, matches: Sequence[Match] | None = None, *, read: bool | None = None
    ) -> Inference:
        """Infer literals from cue phrases, then (if none fires) from the closest records.

        Every cue found lends its proposition, asserted, or denied when a negation governs
        it; a hedge suppresses it. Literals take the best score that lends them and are
        accepted best first, skipping any that would make the statement contradict itself.
        With `read` (default: ``self.read``), the reader lends what it finds likely after
        the cues. When nothing else lends a literal, claims and commitments at least
        ``FALLBACK_THRESHOLD`` similar lend their literals (the statement's own corpus
        record is never among them: a statement under check is not in the corpus).
        """
        hits = _resolve(self.cues.find(text))
        best: dict[Literal, tuple[float, str]] = {}
        notes: dict[str, str] = {}
        for hit in hits:
            prop = hit.cue.proposition
            if hit.hedged:
                notes.setdefault(prop, f'cue "{hit.cue.text}" found but hedged ("{hit.words}")')
                continue
            if hit.attributed:
                why = f'cue "{hit.cue.text}" found in a demand or claim attributed to another'
                notes.setdefault(prop, f'{why} ("{hit.words}")')
                continue
            if hit.negated and hit.cue.affirmed:
                notes.setdefault(prop, f'cue "{hit.cue.text}" found negated ("{hit.words}")')
                continue
            lit: Literal = (prop, hit.negated == hit.cue.denies)
            score = NEGATED_SCORE if hit.negated else CUE_SCORE[min(2, len(hit.cue.stems))]
            how = "negated " if hit.negated else ""
            source = f'{how}cue "{hit.cue.text}"'
            if lit not in best or score > best[lit][0]:
                best[lit] = (score, source)
        ruled = _composite(hits)
        best.update(ruled)  # a reading no single cue carries outranks the cues it joins
        from_reader: set[Literal] = set()
        if self.reader is not None and (self.read if read is None else read):
            for lit, p in self.reader.probabilities(text):
                if p < READER_THRESHOLD:
                    break
                # A proposition whose cue was found hedged or reported is left to the cues.
                if lit[0] in notes or lit in best:
                    continue
                best[lit] = (READER_SCORE, f"reader (probability {p:.2f})")
                from_reader.add(lit)
        if not best:
            if matches is None:
                matches = self.matches(text)
            for m in matches:
                if m.kind == "proposition" or m.score < FALLBACK_THRESHOLD:
                    continue
                node = self.corpus.node(m.id)
                for lit in literals_of(node.asserts, node.denies):
                    if lit not in best:
                        best[lit] = (FALLBACK_SCORE, m.id)
        # Rules first, then cues, then the reader, then the closest records; by score within.
        order = sorted(
            best.items(),
            key=lambda kv: (kv[0] not in ruled, kv[0] in from_reader, -kv[1][0], kv[0]),
        )
        evidence, skipped = self._accept(order)
        for (prop, _), src in skipped:
            notes.setdefault(prop, f"{src} skipped: it would contradict a stronger literal")
        # Why each proposition was or was not inferred, for --explain; only the propositions
        # with something to say are stored (a statement file may hold thousands).
        reasons = {p: f"not inferred: {note}" for p, note in notes.items()}
        for (prop, pos), src, sc in evidence:
            verb = "asserted" if pos else "denied"
            reasons[prop] = f"{verb}: {src}, score {sc:.2f}"
        if hits:
            default = "not inferred: no cue of it found"
        else:
            default = (
                "not inferred: no cue of it found, and no record at least "
                f"{FALLBACK_THRESHOLD:.2f} similar lends it"
            )
        reasons[""] = default
        return Inference(*_split(evidence), True, tuple(evidence), tuple(sorted(reasons.items())))

    def _known(self, st: Statement) -> None:
        """Every id the statement names exists, or the first problem is raised."""
        problems = self.unknown(st)
        if problems:
            raise problems[0]

    def unknown(self, st: Statement) -> list[ArgmapError]:
        """Every problem with the ids a statement names (UnknownId with the closest ids)."""
        c = self.corpus
        out: list[ArgmapError] = []
        both = {**c.claims, **c.commitments} if st.attacks else {}
        checks: list[tuple[str, Iterable[str], Mapping[str, object]]] = [
            ("speaker", [st.speaker] if st.speaker else [], c.actors),
            ("actor", [st.actor] if st.actor else [], c.actors),
            ("proposition", [*st.asserts, *st.denies], c.propositions),
            ("commitment", st.invokes, c.commitments),
            ("claim", st.supports, c.claims),
            ("claim or commitment", st.attacks, both),
        ]
        for what, idents, pool in checks:
            for ident in idents:
                if ident not in pool:  # dict lookups: this runs once per statement of a file
                    err = UnknownId(what, ident, closest(ident, pool, n=3))
                    if what in ("speaker", "actor") and not err.suggestions:
                        err.args = (f"{err}{_NEW_ACTOR.format(ident=ident)}",)
                    out.append(err)
        if st.actor is None and st.speaker is None:
            out.append(ArgmapError("a statement needs a speaker (--speaker ID) or an actor"))
        return out

    def _claim(self, st: Statement, inference: Inference) -> Claim:
        """The statement as a claim of the corpus, attributed like any other claim."""
        ident = st.id or STATEMENT_ID
        if ident in self.corpus.claims or ident in self.corpus.commitments:
            raise ArgmapError(f"statement id '{ident}' is already a claim or commitment")
        actor, speaker = st.actor, st.speaker
        if speaker and actor is None and self.corpus.actors[speaker].kind != "person":
            actor, speaker = speaker, None
        claim = Claim(
            id=ident,
            actor=actor,
            speaker=speaker,
            date=st.date,
            text=st.text,
            source=st.source or Source(title="statement under check"),
            asserts=list(inference.asserts),
            denies=list(inference.denies),
            invokes=st.invokes,
            supports=st.supports,
            attacks=st.attacks,
        )
        try:
            self.corpus.attributed_actor(claim)
        except KeyError:
            raise ArgmapError(
                f"speaker '{st.speaker}' represents no state or organization; name the state or "
                "organization with --actor (or 'actor:' in a statements file)"
            ) from None
        return claim


def _split(
    evidence: Iterable[tuple[Literal, str, float]],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The propositions asserted and those denied by the literals taken, each sorted."""
    lits = [lit for lit, _, _ in evidence]
    asserts = tuple(sorted(p for p, pos in lits if pos))
    return asserts, tuple(sorted(p for p, pos in lits if not pos))


def _resolve(hits: list[CueHit]) -> list[CueHit]:
    """Drop a cue found affirmed where a cue of the same proposition overlapping it was
    found negated: "it is not for Moscow to have a veto against NATO enlargement" holds the
    cue "veto against NATO enlargement" outside the negation's window, "have a veto" inside.

    Drop, too, a cue of one proposition whose words hold, or are held by, those of a longer cue
    (more words) of another: the longer reading wins. In "we promised you not to expand NATO"
    the words "not to expand" are the content of a promise reported, not a demand to stop
    enlargement; in "Ukraine will never become a member of NATO" the words "become a member
    of NATO" are not a wish for it."""
    negated = [h for h in hits if h.negated and not (h.hedged or h.attributed)]
    out = []
    for h in hits:
        if not h.negated and any(
            n.cue.proposition == h.cue.proposition
            and n.span[0] <= h.span[1]
            and h.span[0] <= n.span[1]
            for n in negated
        ):
            continue
        if any(
            o.cue.proposition != h.cue.proposition
            and len(o.cue.stems) > len(h.cue.stems)
            and (
                (o.span[0] <= h.span[0] and h.span[1] <= o.span[1])
                or (h.span[0] <= o.span[0] and o.span[1] <= h.span[1])
            )
            for o in hits
        ):
            continue
        out.append(h)
    return out


#: Readings no single phrase carries (README, "Checking a new statement"): indivisible
#: security invoked against NATO's enlargement, or the freedom to choose alliances qualified
#: by the security of others, is the veto reading of indivisibility.
VETO = "indivisible-security-as-veto"
CONDITIONAL = "conditional-free-choice"
_AGAINST_ENLARGEMENT = (
    "ban-nato-enlargement",
    "nato-enlargement-threatens-russia",
    "ukraine-neutral-status",
)
_INDIVISIBILITY = ("indivisible-security", "no-security-at-expense-of-others")
#: A rule has no held-out evidence of its own (see ``CUE_SCORE``): it scores as the cues it
#: joins. Rules are applied before single cues.
COMPOSITE_SCORE = CUE_SCORE[2]


def _composite(hits: list[CueHit]) -> dict[Literal, tuple[float, str]]:
    """The veto reading where a statement joins the cues above (see ``VETO``)."""
    live = [h for h in hits if not (h.hedged or h.negated or h.attributed)]
    props = {h.cue.proposition for h in live}
    out: dict[Literal, tuple[float, str]] = {}
    against = sorted(props.intersection(_AGAINST_ENLARGEMENT))
    indivisible = sorted(props.intersection(_INDIVISIBILITY))
    if against and indivisible:
        out[(VETO, True)] = (
            COMPOSITE_SCORE,
            f"rule: {indivisible[0]} invoked against enlargement ({against[0]})",
        )
    if indivisible and "free-choice-of-alliances" in props:
        why = f"rule: free choice of alliances qualified by {indivisible[0]}"
        out[(VETO, True)] = (COMPOSITE_SCORE, why)
        out[(CONDITIONAL, True)] = (COMPOSITE_SCORE, why)
    return out


_T = TypeVar("_T")


#: From this many statements on, ``check_many`` scores them through scipy's sparse matrices.
BATCH_FROM = 32


def check_many(
    checker: Checker,
    statements: Sequence[Statement],
    render: Callable[[CheckResult], _T],
    *,
    workers: int | None = None,
) -> list[_T]:
    """Check and render many statements, in order, on every core where that pays.

    Checking and rendering are CPU-bound Python, so a thousand statements are split in
    contiguous chunks over forked processes that inherit the loaded checker
    (:func:`argmap.parallel.map_chunks`). Output order and bytes do not depend on `workers`.
    """
    from argmap.parallel import map_chunks

    # A few statements are scored in numpy alone: importing scipy.sparse for them would cost
    # more than it saves (argmap.similarity.SPARSE_FROM).
    checker.index.batch = len(statements) >= BATCH_FROM

    def work(chunk: list[Statement]) -> list[_T]:
        return [render(checker.check(st)) for st in chunk]

    parts = map_chunks(work, statements, workers=workers)
    return [item for part in parts for item in part]


def verdict(result: CheckResult, *, by_pair: bool = False) -> str:
    """The one line a monitor reads first, in the terms of the findings listed below it
    (by position, or with `by_pair` one per pair of nodes)."""
    ag = result.graph
    corpus = ag.corpus
    # By pair, the pairs listed; by position, the pairs less supports (the lines below
    # that count pairs name only what opposes; supports are read from the positions).
    pairs = result.findings if by_pair else result.opposed
    by_kind = {k: [f for f in pairs if f.kind == k] for k in KINDS}
    actor = corpus.actors[ag.actor_of[result.claim.id]].label
    if by_kind["breach"]:
        f = by_kind["breach"][0]
        k = corpus.commitments[f.nodes[1]]
        doc = corpus.documents[k.document]
        since = f" since {f.bound.since}" if f.bound else ""
        breached = {g.nodes[1] for g in by_kind["breach"]}
        if len(breached) == 1:
            return (
                f"BREACH: contradicts {actor}'s own commitment in {doc.title} {k.locator} "
                f"({k.id}), binding on it{since}"
            )
        documents = {corpus.commitments[kid].document for kid in breached}
        return (
            f"BREACH: contradicts {len(breached)} of {actor}'s own commitments in "
            f"{plural(len(documents), 'document')}, among them {doc.title} {k.locator} "
            f"({k.id}), binding on it{since}"
        )
    me = result.claim.id
    # Reversals and supports are read from the findings listed by position: a reversal is
    # a change between runs of stance, and agreeing with the actor's own claims only joins
    # a run; the pairs would name claims, or count records, that no listed finding shows.
    # The reversal's other claim, and whether the statement is the later of the two:
    reversed_: tuple[str, bool] | None = None
    if by_pair and by_kind["reversal"]:
        first, second = by_kind["reversal"][0].nodes
        reversed_ = (first, True) if second == me else (second, False)
    elif not by_pair and (reversals := [f for f in result.positions if f.kind == "reversal"]):
        made = [f for f in reversals if me in f.sides[1].nodes]
        # The statement starts a new position: the last claim of the old one; else the
        # first claim of the position that reversed it.
        reversed_ = (
            (made[0].sides[0].nodes[-1], True) if made else (reversals[0].sides[1].nodes[0], False)
        )
    if reversed_ is not None:
        other, later = reversed_
        c = corpus.claims[other]
        if later:
            return f"REVERSAL: reverses {actor}'s position of {c.date} ({other})"
        return f"REVERSAL: {actor} reversed this position on {c.date} ({other})"
    if by_kind["contradiction"]:
        k = corpus.commitments[by_kind["contradiction"][0].nodes[1]]
        doc = corpus.documents[k.document]
        return (
            f"CONTRADICTION: contradicts {doc.title} {k.locator} ({k.id}), which did not bind "
            f"{actor} on {result.claim.date}"
        )
    if by_kind["disagreement"]:
        n = len(by_kind["disagreement"])
        return f"DISAGREEMENT: contradicts {plural(n, 'claim')} of other actors"
    if by_pair:
        n = len(by_kind["support"])
    else:
        n = len(
            {
                node
                for f in result.positions
                if f.kind == "support"
                for side in f.sides
                if me not in side.nodes
                for node in side.nodes
            }
        )
    if n:
        return f"CONSISTENT: agrees with {plural(n, 'record')} (claims or commitments)"
    if not (result.inference.asserts or result.inference.denies):
        return "UNKNOWN: no proposition could be inferred; give --asserts or --denies"
    return "NO FINDING: touches the corpus without contradicting or supporting it"


def headline(result: CheckResult, *, by_pair: bool = False) -> str:
    """The verdict line, honest about inference: a verdict that rests on inferred
    literals says so, and weak inference never yields CONSISTENT or NO FINDING but the
    propositions it makes likely, to be confirmed with --asserts or --denies."""
    line = verdict(result, by_pair=by_pair)
    inf = result.inference
    if not inf.inferred or not (inf.asserts or inf.denies):
        return line
    confirm = "give --asserts or --denies to confirm"
    if not inf.strong and line.startswith(("CONSISTENT", "NO FINDING")):
        likely = ", ".join(
            f"{'asserts' if pos else 'denies'} {prop} ({score:.2f})"
            for (prop, pos), _, score in inf.evidence
        )
        return f"LIKELY: {likely}; the inference is weak, {confirm}"
    return f"{line} [inferred from the text; {confirm}]"


def evidence_lines(result: CheckResult, *, explain: bool = False) -> list[str]:
    """The propositions of a checked statement with where each came from; with `explain`,
    every proposition of the vocabulary and why it was or was not inferred."""
    inf = result.inference
    lines = []
    if inf.inferred:
        strength = "strong" if inf.strong else "weak"
        lines.append(
            "Propositions (inferred from cue phrases, the reader and the closest records, "
            f"{strength}):"
        )
        for (prop, pos), src, score in inf.evidence:
            verb = "asserts" if pos else "denies"
            lines.append(f"  {verb} {prop}  (from {src}, score {score:.2f})")
    else:
        lines.append("Propositions (as given):")
        lines.extend(f"  asserts {p}" for p in inf.asserts)
        lines.extend(f"  denies {p}" for p in inf.denies)
    if not (inf.asserts or inf.denies):
        lines.append("  none")
    if explain:
        lines.append("")
        lines.append("Why, per proposition:")
        lines.extend(f"  {prop}: {reason}" for prop, reason in why(result).items())
    return lines


def why(result: CheckResult) -> dict[str, str]:
    """Per proposition of the vocabulary, why it was or was not inferred (``--explain``)."""
    inf = result.inference
    if not inf.inferred:
        given = {p: "asserted: given with --asserts" for p in inf.asserts}
        given.update({p: "denied: given with --denies" for p in inf.denies})
        default = "not given (--asserts or --denies were given, so nothing is inferred)"
    else:
        given = dict(inf.reasons)
        default = given.pop("", "not inferred")
    return {p: given.get(p, default) for p in sorted(result.graph.corpus.propositions)}


def read_statements(path: Path) -> list[Statement]:
    """Statements from a YAML file: a list in the claims format (or a ``claims:`` section)."""
    name = str(path)
    try:
        # Counted while read: /dev/zero or a pipe must not exhaust memory (issue 17).
        data = read_capped(path, MAX_FILE_BYTES, "statement files")
    except OSError as err:
        raise ArgmapError(f"{name}: cannot read: {err.strerror}") from None
    docs, problems = parse_yaml(name, data)
    if problems:
        raise CorpusInvalid(problems)
    if not docs:
        return []
    value, located = docs[0]
    prefix: tuple[str | int, ...] = ()
    if isinstance(value, dict) and set(value) == {"claims"}:
        value, prefix = value["claims"], ("claims",)
    if not isinstance(value, list):
        raise CorpusInvalid(
            [located.problem((), "a statements file is a list of statements", "schema")]
        )
    from argmap.corpus import plain_message

    out: list[Statement] = []
    found: list[Problem] = []
    for i, item in enumerate(value):
        try:
            st = Statement.model_validate(item)
            st._where = located.problem((*prefix, i), "", "")
            out.append(st)
        except ValidationError as err:
            for e in err.errors(include_url=False):
                loc = tuple(x for x in e["loc"] if not str(x).startswith("function-"))
                if e["type"] == "extra_forbidden":
                    msg = f"unknown key '{loc[-1]}'"
                else:
                    msg = plain_message(Statement, loc, e)
                where = ".".join(str(x) for x in loc) or "entry"
                found.append(
                    located.problem(
                        (*prefix, i, *loc),
                        f"statement {i + 1}: {where}: {msg}",
                        "schema",
                        key=e["type"] == "extra_forbidden",
                    )
                )
    if found:
        raise CorpusInvalid(found)
    return out


def statement_problems(checker: Checker, statements: Sequence[Statement]) -> list[Problem]:
    """Every unknown id in `statements`, located where a statements file has them."""
    out = []
    for n, st in enumerate(statements, start=1):
        at = st._where
        for err in checker.unknown(st):
            if at is None:
                out.append(Problem("statement", 0, 0, str(err), "unknown-ref"))
            else:
                out.append(
                    Problem(at.path, at.line, at.col, f"statement {n}: {err}", "unknown-ref")
                )
    return out


def cache_dir() -> Path:
    """Where checkers are cached (see module docstring)."""
    if os.environ.get("ARGMAP_CACHE_DIR"):
        return Path(os.environ["ARGMAP_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "argmap"


def _code_stamp() -> bytes:
    """The source of the modules whose objects the cache holds: a changed class (a new field
    in the corpus, say) must never meet an old cache file, even under the same version number."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256(__version__.encode())
    for name in ("model.py", "similarity.py", "logic.py", "check.py"):
        h.update((here / name).read_bytes())
    return h.digest()


def corpus_key(paths: Sequence[str | os.PathLike[str]]) -> str:
    """A hash of argmap's code and version and of every corpus file's name and bytes."""
    h = hashlib.sha256(_code_stamp())
    for name, path in iter_corpus_files(paths):
        h.update(name.encode() + b"\0")
        if path is not None and path.is_file():
            h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:32]


#: The cache file format; a file of another version is rebuilt.
CACHE_VERSION = 4
_MAGIC = b"ARGMAP-CHECK-CACHE\n"
#: Only these array types are read back (no object arrays, nothing that unpickles), and
#: fixed-width bytes (``|S<n>``, the vocabularies' terms); ``|u1`` holds JSON text.
_DTYPES = frozenset({"<f4", "<f8", "<i4", "<i8", "|u1"})


def _dtype_ok(name: str) -> bool:
    if name in _DTYPES:
        return True
    width = name.removeprefix("|S")
    return width != name and width.isdigit() and int(width) > 0


#: At most this many cache files and this many bytes are kept; the least recently used go.
CACHE_MAX_FILES = 8
CACHE_MAX_BYTES = 512 * 2**20


def _encode_cache(key: str, arrays: Mapping[str, Any], meta: Mapping[str, Any]) -> bytes:
    """A cache file: magic line, a JSON header line, then the arrays' bytes and the metadata.

    The header names each array's dtype, shape and place, and the SHA-256 of everything after
    it: a flipped bit, a truncation or a zeroed block fails the check and the file is rebuilt.
    """
    import json

    import numpy as np

    parts: list[bytes] = []
    table = {}
    offset = 0
    for name in sorted(arrays):
        arr = np.ascontiguousarray(arrays[name])
        if not _dtype_ok(arr.dtype.str):
            arr = arr.astype("<f8" if arr.dtype.kind == "f" else "<i8")
        blob = arr.tobytes()
        table[name] = {"dtype": arr.dtype.str, "shape": list(arr.shape), "at": offset}
        parts.append(blob)
        offset += len(blob)
    meta_blob = json.dumps(meta, ensure_ascii=False, sort_keys=True).encode()
    parts.append(meta_blob)
    body = b"".join(parts)
    header = {
        "version": CACHE_VERSION,
        "key": key,
        "arrays": table,
        "meta_at": offset,
        "size": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    return _MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + body


def _decode_cache(raw: bytes, key: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Arrays and metadata of a cache file, or ValueError for anything unexpected."""
    import json

    import numpy as np

    if not raw.startswith(_MAGIC):
        raise ValueError("not an argmap cache file")
    line_end = raw.index(b"\n", len(_MAGIC))
    header = json.loads(raw[len(_MAGIC) : line_end])
    body = memoryview(raw)[line_end + 1 :]
    if (
        header.get("version") != CACHE_VERSION
        or header.get("key") != key
        or header.get("size") != len(body)
        or header.get("sha256") != hashlib.sha256(body).hexdigest()
    ):
        raise ValueError("stale or damaged cache file")
    arrays = {}
    for name, spec in header["arrays"].items():
        if not _dtype_ok(spec["dtype"]):
            raise ValueError(f"unexpected array type {spec['dtype']}")
        dtype = np.dtype(spec["dtype"])
        count = 1
        for dim in spec["shape"]:
            count *= int(dim)
        start = int(spec["at"])
        arr = np.frombuffer(body, dtype=dtype, count=count, offset=start)
        arrays[name] = arr.reshape(spec["shape"])
    meta = json.loads(bytes(body[int(header["meta_at"]) :]))
    if not isinstance(meta, dict):
        raise ValueError("bad cache metadata")
    return arrays, meta


def _evict(directory: Path, keep: Path) -> None:
    """Keep the cache bounded: drop old-format pickles, then the least recently used files
    beyond ``CACHE_MAX_FILES`` or ``CACHE_MAX_BYTES`` (never `keep`, just written)."""
    with contextlib.suppress(OSError):
        for old in directory.glob("check-*.pickle"):  # format 1 is never read again
            old.unlink(missing_ok=True)
        files = []
        for f in directory.glob("check-*.cache"):
            with contextlib.suppress(OSError):
                st = f.stat()
                files.append((st.st_mtime, f.name, f, st.st_size))
        files.sort(reverse=True)  # newest first
        total = 0
        for n, (_, _, f, size) in enumerate(files):
            total += size
            if f != keep and (n >= CACHE_MAX_FILES or total > CACHE_MAX_BYTES):
                with contextlib.suppress(OSError):
                    f.unlink(missing_ok=True)


def load_checker(
    paths: Sequence[str | os.PathLike[str]], *, use_cache: bool = True, read: bool = False
) -> Checker:
    """A Checker for the corpus at `paths`, from the disk cache when it is current.

    The cache holds the corpus files' records as parsed (JSON), the similarity index and the
    lemmatised cues, in a format of arrays and JSON only (no pickle: a planted file cannot run
    code), with a version and a SHA-256. The records are validated again on every load, as
    if just read from YAML (parsing the YAML is what costs); any failure to read or validate
    the cache means a rebuild from the files.
    """
    from argmap.files import write_atomic
    from argmap.reader import build_reader, reader_from_payload, reader_payload
    from argmap.similarity import index_from_payload, index_payload

    key = corpus_key(paths)
    target = cache_dir() / f"check-{key}.cache"
    if use_cache:
        cached: Checker | None = None
        try:
            arrays, meta = _decode_cache(_read_cache_file(target), key)
            corpus = _corpus_from_records(meta["records"], arrays, meta["files"])
            index, cues = index_from_payload(arrays, meta)
            if index.ids != _record_ids(corpus):
                raise ValueError("cache does not match the corpus")
            cached = Checker(corpus, index, cues, reader_from_payload(arrays, meta, corpus))
            with contextlib.suppress(OSError):
                os.utime(target)  # recently used: evicted last
        except Exception:  # any damage to a cache file only means a rebuild
            cached = None
        if cached is not None:
            return _reading(cached, read)
    corpus, records, files = _load_with_records(paths)
    index = build_index(corpus)
    cues = build_cues(corpus)
    reader = build_reader(corpus)
    if use_cache:
        arrays, meta = index_payload(index, cues)
        more_arrays, more_meta = reader_payload(reader)
        arrays.update(more_arrays)
        meta.update(more_meta)
        meta["records"], meta["files"] = _records_payload(records, arrays), files
        with contextlib.suppress(ArgmapError, OSError):  # an unwritable cache only costs time
            write_atomic(target, _encode_cache(key, arrays, meta))
            _evict(target.parent, target)
    return _reading(Checker(corpus, index, cues, reader), read)


def _reading(checker: Checker, read: bool) -> Checker:
    """`checker`, using its reader if `read` (refused where the corpus has no examples)."""
    if read and checker.reader is None:
        why = (
            f"no literal is held by {MIN_EXAMPLES} or more of its examples, claims and commitments"
            if checker.corpus.examples
            else "the corpus has no examples"
        )
        raise ArgmapError(
            f"no reader: {why}; the reader learns from `examples:` (README, 'Checking a new "
            "statement'); check without --reader"
        )
    checker.read = read
    return checker


def _read_cache_file(target: Path) -> bytes:
    """The bytes of a cache file, refusing anything but a regular file within the size bound
    (a planted link to a device or a huge file must cost nothing but a rebuild)."""
    import stat

    st = target.lstat()
    if not stat.S_ISREG(st.st_mode) or st.st_size > CACHE_MAX_BYTES:
        raise ValueError("not a cache file")
    with target.open("rb") as f:
        data = f.read(CACHE_MAX_BYTES + 1)
    if len(data) > CACHE_MAX_BYTES:
        raise ValueError("cache file too large")
    return data


def _load_with_records(
    paths: Sequence[str | os.PathLike[str]],
) -> tuple[Corpus, list[list[Any]], list[str]]:
    """The corpus, and its raw records and file names as JSON-able lists for the cache."""
    from argmap._gc import paused_gc
    from argmap.corpus import build_corpus, load_corpus
    from argmap.load import load_files

    with paused_gc():
        loaded = load_files(paths, positions=False)
        try:
            corpus = build_corpus(loaded)
        except CorpusInvalid:
            load_corpus(paths)  # reads again with positions, to say where; raises
            raise
    records = [[r.section, r.data, list(r.where), r.located.path] for r in loaded.records]
    return corpus, records, list(loaded.files)


def _records_payload(records: list[list[Any]], arrays: dict[str, Any]) -> list[list[Any]]:
    """The records for the cache: each section's data as one JSON list in an array of bytes
    (``records.SECTION``, validated in one call on load), and in the metadata each record's
    section, place in its file and path, in file order."""
    import json

    import numpy as np

    sections: dict[str, list[Any]] = {}
    for section, data, _, _ in records:
        sections.setdefault(section, []).append(data)
    for section, items in sections.items():
        blob = json.dumps(items, ensure_ascii=False, separators=(",", ":")).encode()
        arrays[f"records.{section}"] = np.frombuffer(blob, dtype=np.uint8)
    return [[section, where, path] for section, _, where, path in records]


def _corpus_from_records(
    records: list[list[Any]], arrays: dict[str, Any], files: list[str]
) -> Corpus:
    """Validate cached records into a corpus, with the checks of records just parsed: each
    section through its model from JSON, then every cross-check of :func:`build_corpus`."""
    from argmap._gc import paused_gc
    from argmap.corpus import build_corpus, validate_sections
    from argmap.load import LoadResult, Located, RawRecord

    prefix = "records."
    blobs = {
        name.removeprefix(prefix): arr.tobytes()
        for name, arr in arrays.items()
        if name.startswith(prefix)
    }
    located: dict[str, Located] = {}
    raw, validated = [], []
    with paused_gc():
        models = {section: iter(items) for section, items in validate_sections(blobs).items()}
        for section, where, path in records:
            loc = located.setdefault(str(path), Located(str(path)))
            raw.append(RawRecord(str(section), None, loc, tuple(where)))
            validated.append(next(models[str(section)]))  # KeyError, StopIteration: rebuild
        if any(next(rest, None) is not None for rest in models.values()):
            raise ValueError("more cached records than listed")
        return build_corpus(LoadResult(records=raw, files=[str(f) for f in files]), validated)


def _record_ids(corpus: Corpus) -> list[str]:
    """The record ids in index order (argmap.similarity), to check a cache against."""
    return [
        *sorted(corpus.propositions),
        *sorted(corpus.claims),
        *sorted(corpus.commitments),
    ]
