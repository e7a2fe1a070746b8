"""Finding one's way in a corpus: the ids of each section, and what the texts state about one.

Consumes a validated Corpus; produces plain rows and lines for ``argmap list`` and the stated
part of ``argmap explain``. Newcomers should not have to read the YAML to learn that a
proposition is called ``ban-nato-enlargement``, or which claims attack a commitment.
"""

from __future__ import annotations

import textwrap
from typing import Any

from argmap.model import Claim, Corpus

__all__ = ["SECTIONS", "describe", "list_rows", "row_text", "stated"]

#: The sections ``argmap list`` shows, in the order of the YAML format.
SECTIONS = ("actors", "documents", "propositions", "commitments", "claims")


def _text(value: str | None, width: int = 90) -> str:
    """One line of at most `width` characters (newlines folded, an ellipsis if cut)."""
    line = " ".join((value or "").split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def list_rows(corpus: Corpus, section: str, search: str | None = None) -> list[dict[str, Any]]:
    """The records of `section`, as flat dicts, keeping those whose fields hold every word of
    `search` (case-insensitive).

    >>> list_rows(Corpus(), "claims")
    []
    """
    rows: list[dict[str, Any]]
    if section == "actors":
        rows = [
            {
                "id": a.id,
                "name": a.label,
                "kind": a.kind,
                "represents": a.represents,
                "successor_of": a.successor_of,
            }
            for a in corpus.actors.values()
        ]
    elif section == "documents":
        rows = [
            {"id": d.id, "title": d.title, "date": str(d.date), "binding": d.binding}
            for d in corpus.documents.values()
        ]
    elif section == "propositions":
        rows = [
            {"id": p.id, "text": p.text, "implies": p.implies, "excludes": p.excludes}
            for p in corpus.propositions.values()
        ]
    elif section == "commitments":
        rows = [
            {"id": k.id, "document": k.document, "locator": k.locator, "text": k.text}
            for k in corpus.commitments.values()
        ]
    elif section == "claims":
        rows = [
            {
                "id": c.id,
                "actor": corpus.attributed_actor(c),
                "speaker": c.speaker,
                "date": str(c.date),
                "text": c.text,
            }
            for c in sorted(corpus.claims.values(), key=lambda c: (c.date, c.id))
        ]
    else:
        raise ValueError(f"unknown section {section!r}")
    if section != "claims":
        rows.sort(key=lambda r: str(r["id"]))
    words = (search or "").lower().split()
    if words:
        rows = [r for r in rows if all(w in _haystack(r) for w in words)]
    return rows


def _haystack(row: dict[str, Any]) -> str:
    parts: list[str] = []
    for value in row.values():
        parts.extend(value if isinstance(value, list) else [str(value or "")])
    return " ".join(parts).lower()


def row_text(section: str, row: dict[str, Any], id_width: int = 0) -> str:
    """One row of ``argmap list`` for people: the id first (padded to `id_width`), then what
    identifies the record."""
    if section == "actors":
        extra = f", for {row['represents']}" if row["represents"] else ""
        extra += f", continues {row['successor_of']}" if row["successor_of"] else ""
        what = f"{row['name']} ({row['kind']}{extra})"
    elif section == "documents":
        what = f"{row['date']}  {row['binding']:<9}  {row['title']}"
    elif section == "propositions":
        what = row["text"]
    elif section == "commitments":
        what = f"{row['locator']}: {row['text']}"
    else:
        who = row["actor"] + (f"/{row['speaker']}" if row["speaker"] else "")
        what = f"{row['date']}  {who}: {row['text']}"
    # One line of 100 columns, as the other text outputs (at least 40 for the description).
    return f"{row['id']:<{id_width}}  {_text(what, max(40, 98 - max(id_width, len(row['id']))))}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def stated(corpus: Corpus, ident: str) -> dict[str, list[str]]:
    """What the texts themselves state about claim or commitment `ident`: its links out and in.

    Keys with no ids are left out: ``invokes``, ``supports``, ``attacks`` (a claim's own links)
    and ``invoked_by``, ``supported_by``, ``attacked_by`` (claims that link to `ident`).
    """
    out: dict[str, list[str]] = {}
    node = corpus.node(ident)
    if isinstance(node, Claim):
        for key in ("invokes", "supports", "attacks"):
            if getattr(node, key):
                out[key] = list(getattr(node, key))
    backs = (("invokes", "invoked_by"), ("supports", "supported_by"), ("attacks", "attacked_by"))
    for key, back in backs:
        ids = [c.id for c in corpus.claims.values() if ident in getattr(c, key)]
        if ids:
            out[back] = sorted(ids)
    return out


_STATED_WORDS = {
    "invokes": "invokes (cites)",
    "supports": "supports",
    "attacks": "attacks",
    "invoked_by": "invoked (cited) by",
    "supported_by": "supported by",
    "attacked_by": "attacked by",
}


def stated_lines(links: dict[str, list[str]]) -> list[str]:
    """The stated links of a claim or commitment, one line each, for ``explain``."""
    if not links:
        return ["  (no invokes, supports or attacks are stated by or about it)"]
    return [
        line
        for k, v in links.items()
        for line in textwrap.wrap(
            f"{_STATED_WORDS[k]}: {', '.join(v)}",
            100,
            initial_indent="  ",
            subsequent_indent="    ",
            break_on_hyphens=False,
        )
    ]


def describe(corpus: Corpus, ident: str) -> tuple[dict[str, Any], list[str]]:
    """A proposition or an actor: its record and where the corpus uses it (JSON, and text lines).

    For a proposition: the commitments and claims that assert or deny it as written, and the
    propositions it implies or excludes (and that imply or exclude it). For an actor: the claims
    it makes or speaks, the documents it is a party to, whom it represents or continues.
    """
    if ident in corpus.propositions:
        p = corpus.propositions[ident]
        data: dict[str, Any] = {"id": ident, "kind": "proposition", "text": p.text}
        data["implies"], data["excludes"] = list(p.implies), list(p.excludes)
        data["implied_by"] = sorted(
            q.id for q in corpus.propositions.values() if ident in q.implies
        )
        data["excluded_by"] = sorted(
            q.id for q in corpus.propositions.values() if ident in q.excludes
        )
        for key in ("asserts", "denies"):
            data[f"{key}_it"] = {
                "commitments": sorted(
                    k.id for k in corpus.commitments.values() if ident in getattr(k, key)
                ),
                "claims": sorted(c.id for c in corpus.claims.values() if ident in getattr(c, key)),
            }
        lines = [f"{ident}: proposition"]
        lines += textwrap.wrap(f"“{p.text}”", 100, initial_indent="  ", subsequent_indent="   ")
        for key in ("implies", "excludes", "implied_by", "excluded_by"):
            if data[key]:
                lines.append(f"  {key.replace('_', ' ')}: {', '.join(data[key])}")
        for key, verb in (("asserts_it", "asserted by"), ("denies_it", "denied by")):
            for section in ("commitments", "claims"):
                ids = data[key][section]
                if ids:
                    lines.append(f"  {verb} {_plural(len(ids), section[:-1])}:")
                    lines.extend(f"    {i}" for i in ids)
        lines.append(
            "  (as written; `argmap analyze` applies implies/excludes and finds what follows)"
        )
        return data, lines
    a = corpus.actors[ident]
    claims = sorted(
        (c for c in corpus.claims.values() if ident in (c.actor, c.speaker)),
        key=lambda c: (c.date, c.id),
    )
    parties = sorted(
        d.id for d in corpus.documents.values() if any(m.actor == ident for m in d.parties)
    )
    members_of = sorted(
        o.id for o in corpus.actors.values() if any(m.actor == ident for m in o.members)
    )
    data = {
        "id": ident,
        "kind": "actor",
        "name": a.label,
        "actor_kind": a.kind,
        "represents": a.represents,
        "successor_of": a.successor_of,
        "member_of": members_of,
        "party_to": parties,
        "claims": [c.id for c in claims],
    }
    lines = [f"{ident}: {a.label} ({a.kind})"]
    if a.represents:
        lines.append(f"  speaks for: {a.represents}")
    if a.successor_of:
        lines.append(f"  continues: {a.successor_of} (its treaties bind {ident})")
    if members_of:
        lines.append(f"  member of: {', '.join(members_of)}")
    if parties:
        lines.append(f"  party to {_plural(len(parties), 'document')}: {', '.join(parties)}")
    lines.append(f"  {_plural(len(claims), 'claim')} as actor or speaker:")
    lines.extend(f"    {c.date}  {c.id}" for c in claims)
    return data, lines
