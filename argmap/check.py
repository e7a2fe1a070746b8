"""Check a new statement against the commitment graph: what it touches, what it would add.

Consumes a Corpus (and its similarity index); produces a :class:`CheckResult` per statement:
the records it resembles, the propositions it asserts or denies (given, or inferred from the
closest records and said to be inferred), and the findings it would add to the corpus. The
findings come from :meth:`argmap.graph.GraphBase.around` and :func:`argmap.findings.find_all`,
the same code as ``analyze``: a statement that is added to the corpus as a claim gets exactly
the findings ``check`` announced.

Monitors check many statements against one corpus, so the validated corpus and its index are
cached on disk under a hash of the corpus files (``$ARGMAP_CACHE_DIR``, else
``$XDG_CACHE_HOME/argmap``, else ``~/.cache/argmap``); a changed file is a new key.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from argmap import __version__
from argmap.errors import ArgmapError, CorpusInvalid, Problem, UnknownId
from argmap.findings import KINDS, Finding, find_all, finding_dict
from argmap.graph import ArgumentGraph, GraphBase
from argmap.load import MAX_FILE_BYTES, closest, iter_corpus_files, parse_yaml
from argmap.logic import Literal, literals_of
from argmap.model import Claim, Corpus, Id, IsoDate, Original, Source, Text
from argmap.positions import plural
from argmap.safety import read_capped
from argmap.similarity import Match, SimilarityIndex, build_index

__all__ = [
    "CheckResult",
    "Checker",
    "Inference",
    "Statement",
    "check_many",
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
    evidence: tuple[tuple[Literal, str, float], ...] = ()  # (literal, from record, score)


@dataclass
class CheckResult:
    """Everything ``check`` reports about one statement."""

    statement: Statement
    claim: Claim
    matches: list[Match]
    inference: Inference
    findings: list[Finding]
    graph: ArgumentGraph = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of DESIGN.md: statement, matches, inferred, findings."""
        inf = self.inference
        return {
            "statement": {
                "id": self.statement.id,
                "text": self.statement.text,
                "actor": self.graph.actor_of[self.claim.id],
                "speaker": self.claim.speaker,
                "date": self.claim.date.isoformat(),
            },
            "verdict": verdict(self),
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
            },
            "findings": [finding_dict(self.graph, f) for f in self.findings],
        }


#: What to do about a speaker or actor the corpus does not know (no close id to suggest).
_NEW_ACTOR = (
    ": no actor of the corpus has this id (argmap list actors shows them). Add one under "
    "actors:, e.g. {{id: {ident}, name: ..., kind: person, represents: STATE}}, or, for a "
    "speaker the corpus need not know, give --actor STATE alone"
)


class Checker:
    """Checks statements against one corpus; build once, check many."""

    def __init__(self, corpus: Corpus, index: SimilarityIndex) -> None:
        self.corpus = corpus
        self.index = index
        self.base = GraphBase(corpus)

    def check(self, statement: Statement) -> CheckResult:
        """Match, infer and derive the findings of one statement (see module docstring)."""
        self._known(statement)
        matches = [m for m in self.index.rank(statement.text, limit=10) if m.score >= MATCH_FLOOR]
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
            inference = self.infer(matches)
        claim = self._claim(statement, inference)
        ag = self.base.around([claim])
        return CheckResult(statement, claim, matches, inference, find_all(ag), ag)

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
        accepted: list[Literal] = []
        evidence = []
        for lit, (score, rec) in sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0])):
            if self.base.logic.conflicts([*accepted, lit]):
                continue
            accepted.append(lit)
            evidence.append((lit, rec, round(score, 4)))
        asserts = tuple(sorted(p for p, pos in accepted if pos))
        denies = tuple(sorted(p for p, pos in accepted if not pos))
        return Inference(asserts, denies, True, tuple(evidence))

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


_T = TypeVar("_T")
_WORKER: tuple[Checker, Callable[[CheckResult], Any]] | None = None


def _check_chunk(chunk: list[Statement]) -> list[Any]:
    """Worker side of :func:`check_many` (the checker was inherited through fork)."""
    assert _WORKER is not None
    checker, render = _WORKER
    return [render(checker.check(st)) for st in chunk]


def check_many(
    checker: Checker,
    statements: Sequence[Statement],
    render: Callable[[CheckResult], _T],
    *,
    workers: int | None = None,
) -> list[_T]:
    """Check and render many statements, in order, on every core where that pays.

    Checking and rendering are CPU-bound Python, so a thousand statements are split in
    contiguous chunks over forked processes that inherit the loaded checker (nothing is
    re-loaded or pickled but the rendered text). Where fork is unavailable, or for a few
    statements, it runs in this process. Output order and bytes do not depend on `workers`.
    """
    global _WORKER
    import multiprocessing as mp

    n = workers or min(os.cpu_count() or 1, 8)
    if n < 2 or len(statements) < 64 or "fork" not in mp.get_all_start_methods():
        return [render(checker.check(st)) for st in statements]
    size = -(-len(statements) // n)
    chunks = [list(statements[i : i + size]) for i in range(0, len(statements), size)]
    _WORKER = (checker, render)
    try:
        with mp.get_context("fork").Pool(len(chunks)) as pool:
            parts = pool.map(_check_chunk, chunks)
    finally:
        _WORKER = None
    return [item for part in parts for item in part]


def verdict(result: CheckResult) -> str:
    """The one line a monitor reads first."""
    ag = result.graph
    corpus = ag.corpus
    by_kind = {k: [f for f in result.findings if f.kind == k] for k in KINDS}
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
    if by_kind["reversal"]:
        first, second = by_kind["reversal"][0].nodes
        if second == result.claim.id:
            c = corpus.claims[first]
            return f"REVERSAL: reverses {actor}'s position of {c.date} ({first})"
        c = corpus.claims[second]
        return f"REVERSAL: {actor} reversed this position on {c.date} ({second})"
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
    if by_kind["support"]:
        n = len(by_kind["support"])
        return f"CONSISTENT: agrees with {plural(n, 'record')} (claims or commitments)"
    if not (result.inference.asserts or result.inference.denies):
        return "UNKNOWN: no proposition could be inferred; give --asserts or --denies"
    return "NO FINDING: touches the corpus without contradicting or supporting it"


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
    in the corpus, say) must never meet an old pickle, even under the same version number."""
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


def load_checker(paths: Sequence[str | os.PathLike[str]], *, use_cache: bool = True) -> Checker:
    """A Checker for the corpus at `paths`, from the disk cache when it is current."""
    from argmap.corpus import load_corpus
    from argmap.files import write_atomic

    target = cache_dir() / f"check-{corpus_key(paths)}.pickle"
    if use_cache and target.exists():
        try:
            corpus, index = pickle.loads(target.read_bytes())  # our own cache file
            return Checker(corpus, index)
        except (
            pickle.UnpicklingError,
            EOFError,
            OSError,
            AttributeError,
            ImportError,
            TypeError,
            ValueError,
        ):
            pass  # a stale or broken cache is rebuilt, never fatal
    corpus = load_corpus(paths)
    index = build_index(corpus)
    if use_cache:
        with contextlib.suppress(ArgmapError):  # an unwritable cache only costs time
            write_atomic(target, pickle.dumps((corpus, index), protocol=pickle.HIGHEST_PROTOCOL))
    return Checker(corpus, index)
