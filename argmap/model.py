"""Typed records of a corpus: the YAML contract of DESIGN.md as pydantic models.

Consumes plain dicts (from ``load``); produces frozen models. Each model forbids unknown keys
so that a typo (``speeker:``) is an error rather than a silently ignored field. The
:class:`Corpus` is the validated whole with its id indexes; it is built by
:func:`argmap.corpus.build_corpus`, never by hand from YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from argmap.safety import bad_character

if TYPE_CHECKING:
    from argmap.logic import Logic

__all__ = [
    "EXPECT_KEYS",
    "ID_PATTERN",
    "Actor",
    "ActorKind",
    "Binding",
    "Claim",
    "Commitment",
    "ContestedLink",
    "Corpus",
    "CorpusInfo",
    "Document",
    "Expectation",
    "Id",
    "IsoDate",
    "Membership",
    "Node",
    "Origin",
    "Original",
    "Proposition",
    "Source",
    "Suspension",
]

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _check_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise ValueError(
            f"id '{value}' must be lowercase letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return value


def _check_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError(f"{value!r} is not a date; write dates as YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a real calendar date") from None


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("text must not be empty")
    bad = bad_character(value)
    if bad is not None:  # a statement typed on the command line, say (issue 17)
        raise ValueError(f"{bad[1]} in a text; control characters are not allowed")
    return value


#: A word of a cue or a statement as ``check`` reads it (argmap.similarity tokenises with it).
CUE_WORD = r"[^\W\d_]+(?:-[^\W\d_]+)*"
#: Between the alternatives of one cue word: "expansion|enlargement|расширение".
CUE_ALTERNATIVES = "|"
_CUE_WORD = re.compile(CUE_WORD, re.UNICODE)


def _check_cue(value: str) -> str:
    """A cue word ``a|b|c`` lists one-word alternatives: an empty or many-word one is a typo
    that would silently match nothing or something else."""
    for chunk in value.split():
        if CUE_ALTERNATIVES not in chunk:
            continue
        for alt in chunk.split(CUE_ALTERNATIVES):
            if not _CUE_WORD.fullmatch(alt):
                raise ValueError(
                    f"cue {value!r}: alternatives in '{chunk}' must each be one word "
                    "(letters and hyphens), separated by '|'"
                )
    return value


def _as_membership(value: Any) -> Any:
    """Accept a bare id where a {actor, since, until} entry is expected."""
    return {"actor": value} if isinstance(value, str) else value


Id = Annotated[str, AfterValidator(_check_id)]
IsoDate = Annotated[date, BeforeValidator(_check_date)]
Text = Annotated[str, AfterValidator(_check_text)]
ActorKind = Literal["state", "organization", "person", "group"]
Binding = Literal["legal", "political"]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


class CorpusInfo(_Record):
    """The optional corpus header: what the corpus is about."""

    title: Text
    description: str = ""


class Suspension(_Record):
    """A period in which a party declared a treaty suspended (VCLT arts. 57-60).

    ``basis`` names the treaty clause or rule that provides for the suspension; without one the
    party stays bound and a claim made meanwhile is a *qualified* breach. ``disputed_by`` lists
    the actors that rejected the suspension.
    """

    since: IsoDate
    until: IsoDate | None = None
    declared_by: Id
    basis: str | None = None
    disputed_by: list[Id] = Field(default_factory=list)
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Suspension:
        if self.until and self.until < self.since:
            raise ValueError(f"until {self.until} comes before since {self.since}")
        return self


#: How a party's participation ended, when it did (``until``).
Ending = Literal["withdrawal", "denunciation", "termination", "expiry"]


class Membership(_Record):
    """An actor's participation in a document or an organization, over a period.

    For a document: ``signed`` is the date of signature (VCLT art. 18: not to defeat the
    treaty's object and purpose; not bound by its text), ``since`` the day the document became
    binding on it (entry into force for it, or adoption; defaults to the document's date),
    ``until`` the last day it was bound, ``ended`` how it ended, ``suspended`` the periods it
    declared the document suspended.
    """

    actor: Id
    since: IsoDate | None = None
    until: IsoDate | None = None
    signed: IsoDate | None = None
    ended: Ending | None = None
    suspended: list[Suspension] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ordered(self) -> Membership:
        if self.since and self.until and self.until < self.since:
            raise ValueError(f"until {self.until} comes before since {self.since}")
        return self


Members = list[Annotated[Membership, BeforeValidator(_as_membership)]]


class Actor(_Record):
    """A state, organization, person or group that speaks or is bound."""

    id: Id
    name: str | None = None
    kind: ActorKind
    successor_of: Id | None = None
    represents: Id | None = None
    role: str | None = None
    members: Members = Field(default_factory=list)
    note: str | None = None

    @property
    def label(self) -> str:
        """The name to show people."""
        return self.name or self.id


class Document(_Record):
    """A treaty or declaration whose commitments bind its parties."""

    id: Id
    title: Text
    venue: str | None = None
    date: IsoDate
    binding: Binding
    parties: Members = Field(default_factory=list)
    #: False for a signed instrument that never entered into force (the Adapted CFE Treaty):
    #: its signatories are then never bound by its text.
    in_force: bool = True
    url: str | None = None
    #: Whether `url` was checked against a retrievable copy of the document; ``False`` says
    #: it was not, so reports can show it as unchecked.
    url_checked: bool | None = None
    note: str | None = None


class ContestedLink(_Record):
    """An analyst's implies/excludes judgement that a reader may reject, and why.

    Written on the link itself: ``excludes: [{id: q, contested: "why", contested_by: [who]}]``;
    validation moves it here so that ``implies``/``excludes`` stay plain ids.
    """

    rule: Literal["implies", "excludes"]
    to: Id
    reason: Text
    by: list[str] = Field(default_factory=list)


_LINK_KEYS = {"id", "contested", "contested_by"}


def _inline_links(data: Any) -> Any:
    """Accept ``{id, contested, contested_by}`` entries in implies/excludes (see ContestedLink)."""
    if not isinstance(data, dict):
        return data
    if "contested" in data:
        raise ValueError(
            "write 'contested' on an implies/excludes entry: "
            "{id: OTHER, contested: REASON, contested_by: [WHO]}"
        )
    out = dict(data)
    contested: list[dict[str, Any]] = []
    for rule in ("implies", "excludes"):
        items = data.get(rule)
        if not isinstance(items, list):
            continue
        ids: list[Any] = []
        for item in items:
            if not isinstance(item, dict):
                ids.append(item)
                continue
            unknown = sorted(set(item) - _LINK_KEYS)
            if unknown or "id" not in item:
                raise ValueError(
                    f"an entry of {rule} is an id or {{id, contested, contested_by}}"
                    + (f"; unknown key '{unknown[0]}'" if unknown else "; 'id' is missing")
                )
            ids.append(item["id"])
            if "contested" in item:
                by = item.get("contested_by", [])
                contested.append(
                    {
                        "rule": rule,
                        "to": item["id"],
                        "reason": item["contested"],
                        "by": [by] if isinstance(by, str) else by,
                    }
                )
        out[rule] = ids
    out["contested"] = contested
    return out


class Proposition(_Record):
    """A statement of the dispute's vocabulary that texts assert or deny."""

    id: Id
    text: Text
    implies: list[Id] = Field(default_factory=list)
    excludes: list[Id] = Field(default_factory=list)
    #: Analyst-written phrases (any language) whose presence in a statement suggests it
    #: asserts this proposition; ``check`` reads them (argmap.similarity, "Cue phrases").
    #: A cue word written ``a|b|c`` matches any of its alternatives.
    cues: list[Annotated[Text, AfterValidator(_check_cue)]] = Field(default_factory=list)
    note: str | None = None
    #: The links of this proposition marked contested (filled from the inline form).
    contested: list[ContestedLink] = Field(default_factory=list)

    _inline = model_validator(mode="before")(_inline_links)


class Commitment(_Record):
    """A verbatim passage of a document, with the propositions it asserts or denies."""

    id: Id
    document: Id
    locator: Text
    text: Text
    asserts: list[Id] = Field(default_factory=list)
    denies: list[Id] = Field(default_factory=list)
    verified: bool | None = None
    note: str | None = None


class Source(_Record):
    """Where a claim's words were found."""

    title: str | None = None
    url: str | None = None
    locator: str | None = None

    @model_validator(mode="after")
    def _title_or_url(self) -> Source:
        if not (self.title or self.url):
            raise ValueError("a source needs a title or a url")
        return self


class Original(_Record):
    """The claim in its original language."""

    lang: str
    text: Text


class Claim(_Record):
    """What an actor said on a date, verbatim, with the propositions it asserts or denies."""

    id: Id
    actor: Id | None = None
    speaker: Id | None = None
    date: IsoDate
    text: Text
    original: Original | None = None
    source: Source
    asserts: list[Id] = Field(default_factory=list)
    denies: list[Id] = Field(default_factory=list)
    invokes: list[Id] = Field(default_factory=list)
    supports: list[Id] = Field(default_factory=list)
    attacks: list[Id] = Field(default_factory=list)
    verified: bool | None = None
    note: str | None = None


#: Keys an answer-key entry may compare (those of a finding's JSON, less the prose).
EXPECT_KEYS = (
    "kind",
    "claim",
    "commitment",
    "invoked",
    "actor",
    "actors",
    "claims",
    "commitments",
    "document",
    "documents",
    "proposition",
    "propositions",
    "date",
    "since",
    "bound_since",
    "bound_through",
)


def _check_entry(entry: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(entry) - set(EXPECT_KEYS))
    if unknown:
        raise ValueError(
            f"unknown key '{unknown[0]}' in an expected finding (keys: {', '.join(EXPECT_KEYS)})"
        )
    if "kind" not in entry:
        raise ValueError("an expected finding needs a 'kind'")
    return entry


Entry = Annotated[dict[str, Any], AfterValidator(_check_entry)]


class Expectation(_Record):
    """An answer key inside a corpus: findings that must or must not appear, and labels.

    A finding matches an entry when every key of the entry equals that key of the finding's
    JSON (``argmap analyze --format json``); ``labels`` maps a semantics to the label each
    listed claim or commitment must get from ``argmap evaluate``.
    """

    findings: list[Entry] = Field(default_factory=list)
    absent: list[Entry] = Field(default_factory=list)
    labels: dict[
        Literal["grounded", "complete", "preferred", "stable"],
        dict[str, Literal["in", "out", "undec"]],
    ] = Field(default_factory=dict)
    #: The preference the labels are computed under (``argmap evaluate --prefer``).
    prefer: Literal["none", "binding"] = "none"


class Example(_Record):
    """A sentence written to teach ``check``'s reader how the dispute is worded, with the
    propositions it asserts and denies (argmap.reader). Not a quotation and not a claim: it
    belongs to no actor and takes part in no finding."""

    text: Text
    asserts: list[Id] = Field(default_factory=list)
    denies: list[Id] = Field(default_factory=list)
    lang: str | None = None
    note: str | None = None


Node = Claim | Commitment


@dataclass(frozen=True)
class Origin:
    """Where a record was defined, for messages that point back into the YAML."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass
class Corpus:
    """A validated corpus: every record by section, in file order, and indexed by id.

    Built only by :func:`argmap.corpus.build_corpus`, which guarantees that every
    reference resolves to a record of the right kind.
    """

    info: CorpusInfo | None = None
    actors: dict[str, Actor] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    propositions: dict[str, Proposition] = field(default_factory=dict)
    commitments: dict[str, Commitment] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    expectations: list[Expectation] = field(default_factory=list)
    #: Sentences that train check's reader (``examples:``), in file order.
    examples: list[Example] = field(default_factory=list)
    #: Where each answer-key entry stands: (expectation index, section, entry) -> origin.
    expect_origins: dict[tuple[int, str, int | str], Origin] = field(default_factory=dict)
    #: The closure engine validation already built (and filled) for this vocabulary, so the
    #: graph does not compute every closure a second time.
    logic: Logic | None = field(default=None, repr=False, compare=False)
    origins: dict[str, Origin] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def node(self, ident: str) -> Node:
        """The claim or commitment with this id (KeyError otherwise)."""
        if ident in self.claims:
            return self.claims[ident]
        return self.commitments[ident]

    @property
    def title(self) -> str:
        """The corpus title, or a neutral default."""
        return self.info.title if self.info else "argmap corpus"

    def attributed_actor(self, claim: Claim) -> str:
        """The state or organization a claim is attributed to (its actor, or its speaker's).

        A person named as actor or speaker stands for the actor it represents; a state or
        organization that speaks for itself is its own actor.
        """
        ident = claim.actor or claim.speaker
        seen: set[str] = set()
        while ident is not None and ident not in seen:
            seen.add(ident)
            actor = self.actors[ident]
            if actor.kind != "person" or actor.represents is None:
                return ident
            ident = actor.represents
        raise KeyError(claim.id)  # validation guarantees this cannot happen
