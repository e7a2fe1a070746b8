"""Treaty status over time: whether a party was bound by a document on a date, and how.

Consumes documents, their party entries and actors (model records); produces a :class:`Status`
per (party entry, date) and, through :class:`argmap.logic.Bindings`, per (actor, document,
date). International law distinguishes signature (VCLT art. 18: a duty not to defeat the
object and purpose, not a duty to keep the text), entry into force for a party (art. 24) or,
for a political document, its adoption, suspension (arts. 57-60) and withdrawal or
denunciation. A suspension a treaty provides no basis for leaves the party bound: a claim made
during it is still a breach, but a *qualified* one, and the finding says who declared the
suspension and who rejected it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from argmap.model import Actor, Document, Membership, Suspension

if TYPE_CHECKING:
    from argmap.model import Corpus

__all__ = [
    "State",
    "Status",
    "binding_status",
    "party_state",
    "suspension_sentence",
    "unbound_reason",
]

#: Where a party stands on a date: before signature or outside the document ("not-party"),
#: signed but not (yet) bound ("signed"), bound ("in-force" for legal, "adopted" for political
#: documents), lawfully suspended ("suspended"), after its participation ended ("ended").
State = Literal["not-party", "signed", "in-force", "adopted", "suspended", "ended"]


@dataclass(frozen=True)
class Status:
    """Whether an actor was bound by a document on a date, and how.

    ``bound`` decides breach against contradiction; ``qualified`` is the sentence that a breach
    must carry (a declared suspension without treaty basis), ``None`` for a plain one.
    """

    bound: bool
    state: State
    qualified: str | None = None
    party: str | None = None
    since: date | None = None
    until: date | None = None
    via: tuple[str, ...] = ()
    suspension: Suspension | None = None


def party_state(document: Document, party: Membership, on: date) -> tuple[State, Suspension | None]:
    """Where one party entry stands on date `on` (see :data:`State`), with the suspension."""
    start = party.since or document.date
    if not document.in_force:
        signed = party.signed or party.since or document.date
        return ("signed" if signed <= on else "not-party"), None
    if on < start:
        return ("signed" if party.signed and party.signed <= on else "not-party"), None
    if party.until and on > party.until:
        return "ended", None
    for sus in party.suspended:
        if sus.since <= on and (sus.until is None or on <= sus.until):
            if sus.basis:
                return "suspended", sus
            return ("in-force" if document.binding == "legal" else "adopted"), sus
    return ("in-force" if document.binding == "legal" else "adopted"), None


def suspension_sentence(actors: Mapping[str, Actor], document: Document, sus: Suspension) -> str:
    """'Russian Federation declared the CFE Treaty suspended on 2007-12-12, ...; X rejected it'."""
    who = actors[sus.declared_by].label if sus.declared_by in actors else sus.declared_by
    text = f"{who} declared {document.title} suspended on {sus.since}"
    if sus.basis:
        text += f" under {sus.basis}"
    else:
        text += ", a suspension the document provides no basis for"
    if sus.disputed_by:
        names = [actors[a].label if a in actors else a for a in sus.disputed_by]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        text += f"; {joined} rejected the suspension"
    return text


def binding_status(corpus: Corpus, actor: str, document: str, on: date) -> Status:
    """Whether `actor` was bound by `document` on `on`: the verdict every finding uses.

    Parameters
    ----------
    corpus : Corpus
        A validated corpus (its documents, parties and actors).
    actor, document : str
        Ids; `actor` may be a person (bound through the actor it represents), a continuator
        state (``successor_of``) or a member of an organization that is a party.
    on : date
        The date of the claim.

    Returns
    -------
    Status
        ``bound`` with ``qualified`` set when the party had declared the document suspended
        without a basis in it; not bound with ``state`` "signed", "suspended", "ended" or
        "not-party" otherwise.
    """
    from argmap.logic import Bindings

    bindings = Bindings(corpus.actors, corpus.documents)
    bound = bindings.bound(actor, document, on)
    if bound is not None:
        doc = corpus.documents[document]
        entry = next(p for p in doc.parties if p.actor == bound.party)
        state, sus = party_state(doc, entry, on)
        return Status(
            True, state, bound.qualified, bound.party, bound.since, bound.until, bound.via, sus
        )
    return bindings.unbound_status(actor, document, on)


def unbound_reason(document: Document, status: Status) -> str:
    """Why a party was not bound, for people: '' when it was simply not a party.

    'signed on 1999-11-19, but it never entered into force; VCLT art. 18: ...', a lawful
    suspension's sentence, or 'its participation had ended on 2023-11-07'.
    """
    if status.state == "signed":
        party = next(p for p in document.parties if p.actor == status.party)
        signed = party.signed or party.since or document.date
        why = "it never entered into force" if not document.in_force else "not yet in force for it"
        art18 = "VCLT art. 18: a signatory must not defeat its object and purpose"
        return f"signed on {signed}, but {why}; {art18}"
    if status.state == "suspended" and status.qualified:
        return status.qualified
    if status.state == "ended":
        return f"its participation had ended on {status.until}"
    return ""
