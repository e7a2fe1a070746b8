"""Turn raw records into a validated :class:`~argmap.model.Corpus`, collecting every problem.

Consumes :class:`~argmap.load.LoadResult`; produces a Corpus or raises
:class:`~argmap.errors.CorpusInvalid` carrying all problems at once (carneades' collect-all
validation), each located at the key or value at fault. Checks, in order: each record's shape
(pydantic), unique ids, references that resolve to the right kind, no self-links, claims that
can be attributed to a state or organization, and nodes that do not contradict themselves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from argmap._gc import paused_gc
from argmap.errors import CorpusInvalid, Problem
from argmap.load import LoadResult, RawRecord, closest, load_files
from argmap.logic import Logic, Step, literals_of, show
from argmap.model import (
    Actor,
    Claim,
    Commitment,
    Corpus,
    CorpusInfo,
    Document,
    Example,
    Expectation,
    Origin,
    Proposition,
)

__all__ = ["build_corpus", "load_corpus", "plain_message"]

_MODELS: dict[str, type[BaseModel]] = {
    "corpus": CorpusInfo,
    "actors": Actor,
    "documents": Document,
    "propositions": Proposition,
    "commitments": Commitment,
    "claims": Claim,
    "expect": Expectation,
    "examples": Example,
}
_SINGULAR = {
    "actors": "actor",
    "documents": "document",
    "propositions": "proposition",
    "commitments": "commitment",
    "claims": "claim",
    "corpus": "corpus header",
    "expect": "expect section",
    "examples": "example",
}


def _chain_text(steps: Sequence[Step]) -> str:
    """A derivation for a message, its middle elided when long: an ``implies`` chain of
    thousands of steps must not make one message (and validation) quadratic (issue 17)."""
    if len(steps) > 8:
        middle = f"... {len(steps) - 6} more steps ..."
        shown = [s.sentence() for s in steps[:3]] + [middle] + [s.sentence() for s in steps[-3:]]
    else:
        shown = [s.sentence() for s in steps]
    return "; ".join(shown) or "written directly"


def load_corpus(paths: Sequence[str | os.PathLike[str]], *, locate: bool = False) -> Corpus:
    """Load, validate and cross-check a corpus from files and directories.

    With `locate`, every record keeps where it was written even when the corpus is valid
    (``argmap test`` points at answer-key entries).

    Raises
    ------
    CorpusInvalid
        With every problem found, sorted by file, line and column.
    """
    with paused_gc():
        if not locate:
            # Most corpora are valid: read them without positions first, and only when
            # something is wrong read them again with positions, to say where.
            try:
                return build_corpus(load_files(paths, positions=False))
            except CorpusInvalid:
                pass
        return build_corpus(load_files(paths))


@dataclass
class _Entry:
    """A validated record and where it came from."""

    model: Any
    raw: RawRecord
    dropped: frozenset[str] = frozenset()  # keys at fault, left out to check the rest


def build_corpus(loaded: LoadResult, validated: Sequence[BaseModel] | None = None) -> Corpus:
    """Validate raw records and cross-check them into a Corpus (see module docstring).

    `validated` gives each record's model, already validated (a section at a time, from the
    check cache's JSON, where that is faster); the cross-checks still run.
    """
    problems = list(loaded.problems)
    broken: set[str] = set()  # ids of records that failed their own checks
    dropped: dict[str, frozenset[str]] = {}  # id -> keys left out of a partly readable record
    if validated is None:
        entries = _validate_records(loaded.records, problems, broken)
    elif len(validated) == len(loaded.records):
        entries = [_Entry(m, rec) for m, rec in zip(validated, loaded.records, strict=True)]
    else:
        raise ValueError("one validated model per record")

    corpus = Corpus(files=list(loaded.files))
    where: dict[str, RawRecord] = {}
    examples: list[_Entry] = []
    for e in entries:
        if isinstance(e.model, CorpusInfo):
            if corpus.info is not None:
                problems.append(
                    e.raw.problem(
                        (), "the corpus header is given more than once", "duplicate-header"
                    )
                )
            corpus.info = e.model
            continue
        if isinstance(e.model, Example):
            corpus.examples.append(e.model)
            examples.append(e)
            continue
        if isinstance(e.model, Expectation):
            n = len(corpus.expectations)
            corpus.expectations.append(e.model)
            for section in ("findings", "absent"):
                for i in range(len(getattr(e.model, section))):
                    p = e.raw.problem((section, i), "", "")
                    corpus.expect_origins[(n, section, i)] = Origin(p.path, p.line, p.col)
            for sem, labels in e.model.labels.items():
                for arg in labels:
                    p = e.raw.problem(("labels", sem, arg), "", "")
                    corpus.expect_origins[(n, sem, arg)] = Origin(p.path, p.line, p.col)
            continue
        ident: str = e.model.id
        if ident in where:
            first = where[ident]
            fp = first.problem(("id",), "", "")
            sp = e.raw.problem(("id",), "", "")
            problems.append(
                e.raw.problem(
                    ("id",),
                    f"duplicate id '{ident}': already defined at {fp.path}:{fp.line}:{fp.col}",
                    "duplicate-id",
                )
            )
            problems.append(
                first.problem(
                    ("id",),
                    f"duplicate id '{ident}': defined again at {sp.path}:{sp.line}:{sp.col}",
                    "duplicate-id",
                )
            )
            continue
        where[ident] = e.raw
        table: dict[str, Any] = getattr(corpus, e.raw.section)
        table[ident] = e.model
        if e.dropped:
            dropped[ident] = e.dropped
        line, col = e.raw.located.values.get((*e.raw.where, "id"), (0, 0))
        corpus.origins[ident] = Origin(e.raw.located.path, line, col)

    _Checker(corpus, where, problems, broken, dropped).run()
    _check_examples(corpus, examples, problems)
    if problems:
        raise CorpusInvalid(problems)
    return corpus


def validate_sections(blobs: dict[str, bytes]) -> dict[str, list[BaseModel]]:
    """Each section's records, given as one JSON list per section, through their models in
    one call each (pydantic reads the JSON itself). For records argmap wrote and read back
    (the check cache): no locations, so any failure is only a ValidationError."""
    from pydantic import TypeAdapter

    out: dict[str, list[BaseModel]] = {}
    for section, blob in blobs.items():
        model = _MODELS[section]
        out[section] = TypeAdapter(list[model]).validate_json(blob)  # type: ignore[valid-type]
    return out


def _check_examples(corpus: Corpus, examples: list[_Entry], problems: list[Problem]) -> None:
    """An example may only assert or deny propositions of the corpus, and not contradict
    itself (it would teach the reader both)."""
    logic = corpus.logic or Logic(corpus.propositions)
    for e in examples:
        known = (
            all(p in corpus.propositions for p in (*e.model.asserts, *e.model.denies))
            and not {"asserts", "denies"} & e.dropped
        )
        lits = literals_of(e.model.asserts, e.model.denies)
        bad = logic.conflicts(lits) if known else []
        if bad:
            problems.append(
                e.raw.problem(
                    (),
                    f"example both asserts and denies '{bad[0]}' once implications are applied",
                    "self-contradiction",
                )
            )
        for key in ("asserts", "denies"):
            if key in e.dropped:
                continue
            for i, target in enumerate(getattr(e.model, key)):
                if target in corpus.propositions:
                    continue
                hint = closest(target, corpus.propositions)
                did = f"; did you mean '{hint[0]}'?" if hint else ""
                problems.append(
                    e.raw.problem(
                        (key, i),
                        f"example {key} unknown proposition '{target}'{did}",
                        "unknown-ref",
                    )
                )


def _validate_records(
    records: Iterable[RawRecord], problems: list[Problem], broken: set[str]
) -> list[_Entry]:
    """Each record through its model; the ids of those that fail go into `broken`."""
    entries: list[_Entry] = []
    for rec in records:
        model, bad = _validate_record(rec, problems)
        if model is None and bad:
            # Check the rest of the record (its id, its references) in this same run, so that a
            # type error does not hide the other problems until the next one.
            model = _partial(rec, bad)
            if model is not None:
                entries.append(_Entry(model, rec, bad))
                continue
        if model is not None:
            entries.append(_Entry(model, rec))
        elif isinstance(rec.data, dict) and isinstance(rec.data.get("id"), str):
            broken.add(rec.data["id"])
    return entries


def _validate_record(rec: RawRecord, problems: list[Problem]) -> tuple[Any, frozenset[str]]:
    """One record through its pydantic model; problems are located and worded for people.

    Returns the model (None if the record is invalid) and the top-level keys at fault.
    """
    model = _MODELS[rec.section]
    what = _SINGULAR[rec.section]
    if not isinstance(rec.data, dict):
        problems.append(
            rec.problem(
                (), f"each entry of '{rec.section}' must be a mapping (key: value)", "schema"
            )
        )
        return None, frozenset()
    ident = rec.data.get("id")
    name = f"{what} '{ident}'" if isinstance(ident, str) else what
    try:
        return model.model_validate(rec.data), frozenset()
    except ValidationError as err:
        bad: set[str] = set()
        for e in err.errors(include_url=False):
            problems.append(_problem_of(rec, model, name, e))
            bad.add(str(e["loc"][0]) if e["loc"] else "")
    return None, frozenset(bad)


#: Stand-ins for required keys left out of a partly readable record. They exist only to check
#: the rest of the record: the corpus is invalid anyway, and references through a key left out
#: are not checked (see _Checker.ref).
_STAND_INS: dict[str, Any] = {
    "kind": "group",
    "title": "unreadable",
    "date": "1970-01-01",
    "binding": "political",
    "text": "unreadable",
    "document": "unreadable",
    "locator": "unreadable",
    "source": {"title": "unreadable"},
}


def _partial(rec: RawRecord, bad: frozenset[str]) -> Any:
    """The record without its keys at fault, or None when not even that is readable."""
    if rec.section not in _SINGULAR or rec.section in ("corpus", "expect"):
        return None
    if "" in bad or "id" in bad or not isinstance(rec.data, dict):
        return None
    model = _MODELS[rec.section]
    fields = model.model_fields
    data = {k: v for k, v in rec.data.items() if k in fields and k not in bad}
    for key, info in fields.items():
        if key not in data and info.is_required() and key in _STAND_INS:
            data[key] = _STAND_INS[key]
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


def _problem_of(rec: RawRecord, model: type[BaseModel], name: str, e: Any) -> Problem:
    """Word one pydantic error for a person and locate it."""
    loc = tuple(x for x in e["loc"] if not (isinstance(x, str) and x.startswith("function-")))
    field = ".".join(str(x) for x in loc)
    kind = e["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        hint = closest(str(loc[-1]), allowed)
        did = f"; did you mean '{hint[0]}'?" if hint else ""
        return rec.problem(
            loc,
            f"unknown key '{loc[-1]}' in {name}{did} (allowed: {', '.join(allowed)})",
            "unknown-key",
            key=True,
        )
    if kind == "missing":
        return rec.problem(loc[:-1], f"{name} is missing required key '{field}'", "missing-key")
    msg = plain_message(model, loc, e)
    return rec.problem(loc, f"{name}: {field or 'entry'}: {msg}", "schema")


def plain_message(model: type[BaseModel], loc: tuple[Any, ...], e: Any) -> str:
    """What a pydantic type error means, worded for people ("must be a list, not 'x'"); used
    for corpus files and statement files alike. `loc` is the error's path without pydantic's
    validator names."""
    msg = str(e["msg"]).removeprefix("Value error, ")
    kind = e["type"]
    if kind == "literal_error":
        msg = f"must be {msg.removeprefix('Input should be ')}"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        keys = _allowed_keys(model, loc)
        with_keys = f" with keys {', '.join(keys)}" if keys else ""
        msg = f"must be a mapping (key: value){with_keys}, not {_shown(e['input'])}"
    elif kind in ("bool_type", "bool_parsing"):
        msg = f"must be true or false, not {_shown(e['input'])}"
    elif kind in ("string_type", "list_type"):
        wanted = msg.removeprefix("Input should be ").replace("a valid ", "a ")
        msg = f"must be {wanted}, not {_shown(e['input'])}"
    elif msg.startswith("Input should be "):  # pydantic's wording, said as the others are
        msg = "must be " + msg.removeprefix("Input should be ").replace("a valid ", "a ")
    return msg


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty (null)"
    return repr(value)


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed at `loc` inside `model` (follows nested models through the path)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            break
        current = _inner_model(info.annotation)
    fields = getattr(current, "model_fields", {})
    return sorted(fields)


def _inner_model(annotation: Any) -> Any:
    """The pydantic model inside an annotation such as ``list[Membership] | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) + tuple(getattr(annotation, "__metadata__", ())):
        found = _inner_model(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    if isinstance(origin, type) and issubclass(origin, BaseModel):
        return origin
    return None


class _Checker:
    """Cross-record checks: references, self-links, attribution, self-contradiction."""

    def __init__(
        self,
        corpus: Corpus,
        where: dict[str, RawRecord],
        problems: list[Problem],
        broken: set[str],
        dropped: dict[str, frozenset[str]] | None = None,
    ) -> None:
        self.c = corpus
        self.broken = broken  # already reported: a reference to them is not a second problem
        self.dropped = dropped or {}  # keys already reported as wrong: not checked again
        self.where = where
        self.problems = problems
        self.kinds: dict[str, str] = {}
        for section in ("actors", "documents", "propositions", "commitments", "claims"):
            for ident in getattr(corpus, section):
                self.kinds[ident] = _SINGULAR[section]

    def ref(
        self,
        owner: str,
        sub: tuple[str | int, ...],
        target: str,
        want: Iterable[str],
        *,
        verb: str,
        ok: Callable[[str], bool] | None = None,
        ok_words: str = "",
    ) -> bool:
        """Check that `target` exists and is one of the `want` kinds; report otherwise."""
        want = tuple(want)
        if sub and sub[0] in self.dropped.get(owner, ()):
            return False
        rec = self.where[owner]
        owner_name = f"{self.kinds[owner]} '{owner}'"
        if target == owner:
            self.problems.append(rec.problem(sub, f"{owner_name} {verb} itself", "self-link"))
            return False
        kind = self.kinds.get(target)
        if kind is None and target in self.broken:
            return False
        if kind is None:
            pool = [i for i, k in self.kinds.items() if k in want]
            hint = closest(target, pool)
            did = f"; did you mean '{hint[0]}'?" if hint else ""
            self.problems.append(
                rec.problem(
                    sub,
                    f"{owner_name} {verb} unknown {' or '.join(want)} '{target}'{did}",
                    "unknown-ref",
                )
            )
            return False
        if kind not in want:
            self.problems.append(
                rec.problem(
                    sub,
                    f"{owner_name} {verb} '{target}', which is a {kind}, not a {' or '.join(want)}",
                    "wrong-kind",
                )
            )
            return False
        if ok is not None and not ok(target):
            self.problems.append(
                rec.problem(sub, f"{owner_name} {verb} '{target}', {ok_words}", "wrong-kind")
            )
            return False
        return True

    def refs(
        self, owner: str, key: str, targets: list[str], want: Iterable[str], verb: str
    ) -> None:
        seen: set[str] = set()
        for i, t in enumerate(targets):
            if t in seen:
                self.problems.append(
                    self.where[owner].problem(
                        (key, i), f"'{t}' is listed twice in {key} of '{owner}'", "duplicate-ref"
                    )
                )
                continue
            seen.add(t)
            self.ref(owner, (key, i), t, want, verb=verb)

    def run(self) -> None:
        c = self.c
        for a in c.actors.values():
            if a.successor_of:
                self.ref(a.id, ("successor_of",), a.successor_of, ["actor"], verb="succeeds")
            if a.represents:
                self.ref(
                    a.id,
                    ("represents",),
                    a.represents,
                    ["actor"],
                    verb="represents",
                    ok=lambda t: c.actors[t].kind != "person",
                    ok_words="a person; a speaker represents a state, organization or group",
                )
            for i, m in enumerate(a.members):
                self.ref(a.id, ("members", i, "actor"), m.actor, ["actor"], verb="lists as member")
        for d in c.documents.values():
            for i, m in enumerate(d.parties):
                self.ref(d.id, ("parties", i, "actor"), m.actor, ["actor"], verb="lists as party")
                for j, sus in enumerate(m.suspended):
                    where = ("parties", i, "suspended", j)
                    self.ref(
                        d.id, (*where, "declared_by"), sus.declared_by, ["actor"], verb="names"
                    )
                    for n, who in enumerate(sus.disputed_by):
                        self.ref(d.id, (*where, "disputed_by", n), who, ["actor"], verb="names")
        for p in c.propositions.values():
            self.refs(p.id, "implies", p.implies, ["proposition"], "implies")
            self.refs(p.id, "excludes", p.excludes, ["proposition"], "excludes")
        for k in c.commitments.values():
            self.ref(k.id, ("document",), k.document, ["document"], verb="belongs to")
            self.refs(k.id, "asserts", k.asserts, ["proposition"], "asserts")
            self.refs(k.id, "denies", k.denies, ["proposition"], "denies")
        for cl in c.claims.values():
            self._claim(cl)
        self._consistency()

    def _claim(self, cl: Claim) -> None:
        actor_ok = cl.actor is None or self.ref(
            cl.id, ("actor",), cl.actor, ["actor"], verb="names as actor"
        )
        speaker_ok = cl.speaker is None or self.ref(
            cl.id, ("speaker",), cl.speaker, ["actor"], verb="names as speaker"
        )
        self.refs(cl.id, "asserts", cl.asserts, ["proposition"], "asserts")
        self.refs(cl.id, "denies", cl.denies, ["proposition"], "denies")
        self.refs(cl.id, "invokes", cl.invokes, ["commitment"], "invokes")
        self.refs(cl.id, "supports", cl.supports, ["claim"], "supports")
        self.refs(cl.id, "attacks", cl.attacks, ["claim", "commitment"], "attacks")
        if not (actor_ok and speaker_ok) or {"actor", "speaker"} & self.dropped.get(cl.id, set()):
            return
        if cl.actor is None and (cl.speaker is None or not self._attributable(cl.speaker)):
            who = f"speaker '{cl.speaker}' represents nobody" if cl.speaker else "it has no speaker"
            self.problems.append(
                self.where[cl.id].problem(
                    (),
                    f"claim '{cl.id}' cannot be attributed to a state or organization: it has no "
                    f"'actor' and {who} (add 'actor:' or 'represents:' on the speaker)",
                    "unattributed",
                )
            )
        elif cl.actor is not None and not self._attributable(cl.actor):
            self.problems.append(
                self.where[cl.id].problem(
                    ("actor",),
                    f"claim '{cl.id}' names person '{cl.actor}' as actor, who represents nobody "
                    f"(add 'represents:' to '{cl.actor}' or name a state or organization)",
                    "unattributed",
                )
            )

    def _attributable(self, actor_id: str) -> bool:
        """Whether an actor is, or represents, a non-person."""
        seen: set[str] = set()
        cur: str | None = actor_id
        while cur is not None and cur not in seen and cur in self.c.actors:
            seen.add(cur)
            actor = self.c.actors[cur]
            if actor.kind != "person":
                return True
            cur = actor.represents
        return False

    def _consistency(self) -> None:
        """No proposition, commitment or claim may assert and deny the same thing."""
        logic = self.c.logic = Logic(self.c.propositions)
        bad_props = logic.inconsistent()
        for p in self.c.propositions.values():
            if p.id not in bad_props:
                continue
            via = logic.inherited(p.id)
            if via is not None:
                # Reported where it arises; repeating the derivation above it would make a
                # long implies chain quadratic (issue 17).
                self.problems.append(
                    self.where[p.id].problem(
                        (),
                        f"proposition '{p.id}' contradicts itself: asserting it asserts "
                        f"'{via}' ('{p.id}' implies '{via}'), which contradicts itself",
                        "self-contradiction",
                    )
                )
                continue
            bad = logic.conflicts([(p.id, True)])
            self._inconsistent(p.id, [(p.id, True)], bad, logic, "asserting it")
        for node in list(self.c.commitments.values()) + list(self.c.claims.values()):
            lits = literals_of(node.asserts, node.denies)
            bad = logic.conflicts(lits)
            if bad:
                self._inconsistent(node.id, lits, bad, logic, "its asserts and denies")

    def _inconsistent(
        self, ident: str, lits: list[tuple[str, bool]], bad: list[str], logic: Logic, how: str
    ) -> None:
        held = logic.held(lits)
        why = []
        for prop in bad[:1]:
            for pol in (True, False):
                root, steps = held[(prop, pol)]
                chain = _chain_text(steps)
                why.append(f"{show((prop, pol))} from {show(root)} ({chain})")
        self.problems.append(
            self.where[ident].problem(
                (),
                f"{self.kinds[ident]} '{ident}' contradicts itself: {how} both asserts and denies "
                f"'{bad[0]}' once implications are applied: " + "; ".join(why),
                "self-contradiction",
            )
        )
