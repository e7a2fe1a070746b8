"""Argdown: export an argument graph as an Argdown document; import Argdown's JSON export.

Argdown [1]_ is a Markdown-like language for argument maps (VS Code extension, ``argdown`` CLI).
The export (:func:`generate_argdown`) is meant to be read by people and by Argdown's own
parser, and is checked against the real one (``@argdown/node`` 1.7.5) in the tests:

- a front matter with the corpus title and ``selection: {excludeDisconnected: false}``, so
  that Argdown's map keeps statements without relations;
- one level-1 heading per document (its commitments, by id), then one per actor (its claims,
  by date): Argdown turns each heading into a group of the map;
- each claim and commitment is a titled statement, ``[id]: text #(tag) {data}``: the tag is
  the claim's actor or the commitment's document (Argdown colours statements by their first
  tag), the YAML data carries ``kind``, ``actor``/``speaker`` or ``document``, ``date``,
  ``source``, ``locator``, ``url``;
- relations (:func:`argmap.formats._links.interchange_links`) are written under their source
  statement as outgoing ``+>`` (support), ``->`` (attack) and ``><`` (contradiction).

Texts are written on one line (runs of whitespace become one space) and every character that
Argdown would read as markup is escaped with a backslash, so Argdown gives back the text as
written. YAML data values are JSON strings with braces written as ``\\u007b``/``\\u007d``, since
Argdown finds the end of a data block by its braces.

The import (:func:`read_argdown`) reads the JSON that ``argdown json`` writes: each statement
becomes a claim (text without its tags; ``date``, ``speaker``, ``actor``, ``source``,
``locator``, ``url`` from its data where present), ``support``/``entails`` relations become
``supports``, ``attack``/``contrary`` become ``attacks``, ``contradictory`` becomes an attack
each way, and undercuts and relations of arguments are reported and left out.

References
----------
.. [1] Christian Voigt, Gregor Betz et al., Argdown documentation, https://argdown.org
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from argmap.files import write_atomic
from argmap.formats._corpus_out import (
    PLACEHOLDER_DATE,
    UNKNOWN_ACTOR,
    Ids,
    ImportedCorpus,
    ImportInvalid,
    as_date,
    claim_records,
    sanitize_id,
)
from argmap.formats._input import Obj, Problems, load_json
from argmap.formats._links import ATTACK, CONTRADICTION, SUPPORT, Link, interchange_links
from argmap.graph import ArgumentGraph
from argmap.model import Claim, Commitment
from argmap.safety import safe_url

__all__ = ["escape", "generate_argdown", "read_argdown", "to_argdown", "write_argdown"]

_ARROWS = {SUPPORT: "+>", ATTACK: "->", CONTRADICTION: "><"}

# Characters that start Argdown markup anywhere in a line: escapes, tags, statement and
# argument references and mentions, data, bold and italic.
_ALWAYS = set("\\#[]<>{}@*_")
_SPECIAL = re.compile(r"([.:])\S+?\1")  # Argdown's shortcodes: .name. and :name:


def escape(text: str) -> str:
    r"""Text as an Argdown statement or heading shows it: one line, markup escaped.

    Examples
    --------
    >>> escape("NATO's *open door* #policy [sic]")
    "NATO's \\*open door\\* \\#policy \\[sic\\]"
    >>> escape("U.S. and\n  EU: see http://x.org")
    'U\\.S. and EU: see http:\\//x.org'
    """
    flat = " ".join(text.split())
    out = []
    for i, ch in enumerate(flat):
        nxt = flat[i + 1 : i + 2]
        if (
            ch in _ALWAYS
            or (ch == "/" and nxt in ("/", "*"))
            or (ch in ".:" and _SPECIAL.match(flat, i))
            or (ch == "=" and "==" in flat)
        ):
            out.append("\\")
        out.append(ch)
    return "".join(out)


def _yaml_value(value: Any) -> str:
    """A YAML flow value that Argdown's brace-counting data lexer cannot misread."""
    return json.dumps(value, ensure_ascii=False).replace("{", "\\u007b").replace("}", "\\u007d")


def _data(fields: dict[str, Any]) -> str:
    items = [f"{k}: {_yaml_value(v)}" for k, v in fields.items() if v not in (None, "")]
    return "{" + ", ".join(items) + "}"


def _tag(ident: str) -> str:
    return f"#({ident})"


def _statement(ag: ArgumentGraph, ident: str, out_links: list[Link]) -> Iterator[str]:
    node = ag.node(ident)
    if isinstance(node, Claim):
        fields: dict[str, Any] = {
            "kind": "claim",
            "actor": ag.actor_of[ident],
            "speaker": node.speaker,
            "date": node.date.isoformat(),
            "source": node.source.title,
            "locator": node.source.locator,
            "url": node.source.url,
        }
        tag = ag.actor_of[ident]
    else:
        assert isinstance(node, Commitment)
        doc = ag.corpus.documents[node.document]
        fields = {
            "kind": "commitment",
            "document": node.document,
            "date": doc.date.isoformat(),
            "source": doc.title,
            "locator": node.locator,
            "url": doc.url,
        }
        tag = node.document
    yield f"[{ident}]: {escape(node.text)} {_tag(tag)} {_data(fields)}"
    for link in out_links:
        yield f"  {_ARROWS[link.relation]} [{link.target}]"
    yield ""


def generate_argdown(ag: ArgumentGraph, *, derived: bool = True) -> Iterator[str]:
    """Yield the lines of the Argdown document (see the module docstring for the layout).

    Parameters
    ----------
    ag : ArgumentGraph
        The graph to export.
    derived : bool
        Include derived relations (``agrees`` as ``+>``, ``contradicts`` as ``><``).

    Examples
    --------
    >>> from argmap.graph import build_graph
    >>> from argmap.model import Corpus
    >>> print("\\n".join(generate_argdown(build_graph(Corpus()))))
    ===
    title: "argmap corpus"
    selection:
      excludeDisconnected: false
    ===
    <BLANKLINE>
    """
    corpus = ag.corpus
    links = interchange_links(ag, derived=derived)
    outgoing: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        outgoing[link.source].append(link)
    yield "==="
    yield f"title: {_yaml_value(corpus.title.replace('===', '= = ='))}"
    yield "selection:"
    yield "  excludeDisconnected: false"
    yield "==="
    yield ""
    if corpus.commitments or corpus.claims:
        counts: dict[str, int] = defaultdict(int)
        for link in links:
            counts[link.relation] += 1
        yield (
            f"// Exported by argmap: {len(corpus.commitments)} commitments, "
            f"{len(corpus.claims)} claims; {counts[SUPPORT]} supports (+>), "
            f"{counts[ATTACK]} attacks (->), {counts[CONTRADICTION]} contradictions (><)."
        )
        yield ""
    by_doc: dict[str, list[str]] = defaultdict(list)
    for k in sorted(corpus.commitments):
        by_doc[corpus.commitments[k].document].append(k)
    for doc_id in sorted(by_doc, key=lambda d: (corpus.documents[d].date, d)):
        doc = corpus.documents[doc_id]
        yield f"# {escape(doc.title)} ({doc.date.isoformat()}, {doc.binding})"
        yield ""
        for k in by_doc[doc_id]:
            yield from _statement(ag, k, outgoing[k])
    by_actor: dict[str, list[str]] = defaultdict(list)
    for c in sorted(corpus.claims, key=lambda c: (corpus.claims[c].date, c)):
        by_actor[ag.actor_of[c]].append(c)
    for actor_id in sorted(by_actor):
        yield f"# {escape(corpus.actors[actor_id].label)}: claims"
        yield ""
        for c in by_actor[actor_id]:
            yield from _statement(ag, c, outgoing[c])


def to_argdown(ag: ArgumentGraph, *, derived: bool = True) -> str:
    """The Argdown document as text, ending with one newline."""
    return "\n".join(generate_argdown(ag, derived=derived)).rstrip("\n") + "\n"


def write_argdown(ag: ArgumentGraph, path: str | os.PathLike[str], *, derived: bool = True) -> Path:
    """Write :func:`to_argdown` to `path` atomically; return the path."""
    return write_atomic(path, to_argdown(ag, derived=derived))


# ---------------------------------------------------------------------------------- import

_RELATIONS = {
    "support": "supports",
    "entails": "supports",
    "attack": "attacks",
    "contrary": "attacks",
    "contradictory": "attacks",
}


def _statement_text(ec: Obj) -> str:
    """The first non-empty member text, with its tags cut out."""
    for member in _list(ec.get("members")):
        if not isinstance(member, dict):
            continue
        text = member.get("text")
        if not isinstance(text, str):
            continue
        cuts = sorted(
            (r["start"], r["stop"])
            for r in _list(member.get("ranges"))
            if isinstance(r, dict)
            and r.get("type") == "tag"
            and isinstance(r.get("start"), int)
            and isinstance(r.get("stop"), int)
        )
        for start, stop in reversed(cuts):
            text = text[:start] + text[stop + 1 :]
        text = " ".join(text.split())
        if text:
            return text
    return ""


def _list(value: Any) -> list[Any]:
    """`value` if it is a JSON list, else empty: a hostile export may put a number there."""
    return value if isinstance(value, list) else []


def _str(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def read_argdown(path: str | os.PathLike[str]) -> ImportedCorpus:
    """Read the JSON export of Argdown (``argdown json``) into corpus records.

    Parameters
    ----------
    path : path-like
        The JSON file Argdown wrote.

    Returns
    -------
    ImportedCorpus

    Raises
    ------
    InputError
        The file cannot be read or is not JSON.
    ImportInvalid
        The JSON is not an Argdown export.
    """
    name, doc = load_json(path)
    probs = Problems(name)
    base = Path(name).name
    if not (
        isinstance(doc, Obj)
        and isinstance(doc.get("statements"), dict)
        and isinstance(doc.get("relations", []), list)
    ):
        probs.error(
            doc if isinstance(doc, Obj) else None,
            "not an Argdown JSON export: expected 'statements' (an object) and 'relations' "
            "(a list); make one with `argdown json FILE.argdown OUTDIR`",
            "argdown-format",
        )
        raise ImportInvalid(probs.errors)
    ids = Ids()
    claim_of: dict[str, str] = {}
    statements: list[tuple[str, Obj]] = []
    for title, ec in doc["statements"].items():
        if not isinstance(ec, Obj):
            probs.error(
                doc["statements"], f"statement '{title}' must be an object", "argdown-schema"
            )
            continue
        claim_of[title] = ids.new(title, "s")
        statements.append((title, ec))
    if probs.errors:
        raise ImportInvalid(probs.errors)
    unknown = ids.new(UNKNOWN_ACTOR, UNKNOWN_ACTOR)
    actors: dict[str, dict[str, Any]] = {}
    actor_of_name: dict[str, str] = {}

    def actor(label: str, kind: str, represents: str | None) -> str:
        key = f"{kind}:{label}"
        if key not in actor_of_name:
            aid = ids.new(label, "actor")
            actor_of_name[key] = aid
            rec: dict[str, Any] = {"id": aid, "name": label, "kind": kind}
            if represents:
                rec["represents"] = represents
            rec["note"] = (
                "From the statement data of an Argdown map; the kind is a placeholder."
                if kind == "group"
                else "Speaker from the statement data of an Argdown map."
            )
            actors[aid] = rec
        return actor_of_name[key]

    claims: dict[str, dict[str, Any]] = {}
    notes: dict[str, list[str]] = defaultdict(list)
    used_unknown = False
    for title, ec in statements:
        cid = claim_of[title]
        raw = ec.get("data")
        data: dict[str, Any] = raw if isinstance(raw, dict) else {}
        note = notes[cid]
        note.append(f"Imported from Argdown JSON {base}, statement [{title}].")
        record: dict[str, Any] = {"id": cid}
        actor_label = _str(data, "actor")
        speaker_label = _str(data, "speaker")
        owner = actor(actor_label, "group", None) if actor_label else None
        if speaker_label:
            record["speaker"] = actor(speaker_label, "person", owner or unknown)
            used_unknown |= owner is None
        if owner:
            record["actor"] = owner
        elif not speaker_label:
            record["actor"] = unknown
            used_unknown = True
            note.append(f"No actor in the data; attributed to '{unknown}'.")
        day = as_date(data.get("date"))
        if day is None:
            day = PLACEHOLDER_DATE
            note.append(f"No date in the data; {PLACEHOLDER_DATE} is a placeholder.")
        text = _statement_text(ec)
        if not text:
            text = title
            note.append("The statement has no text; its title stands for it.")
        record["date"] = day
        record["text"] = text
        url = _str(data, "url")
        if url is not None and not safe_url(url):
            note.append(f"The data's url {url!r} is not an http, https or mailto link; left out.")
            probs.warn(ec, f"statement [{title}]: url is not http(s) or mailto; left out", "url")
            url = None
        source = {
            "title": _str(data, "source") or base,
            "url": url,
            "locator": _str(data, "locator") or f"statement [{title}]",
        }
        record["source"] = {k: v for k, v in source.items() if v}
        kind = _str(data, "kind")
        if kind == "commitment" and _str(data, "document"):
            note.append(f"Exported by argmap as a commitment of document '{data['document']}'.")
        claims[cid] = record

    supports: dict[str, list[str]] = defaultdict(list)
    attacks: dict[str, list[str]] = defaultdict(list)
    counts = {"supports": 0, "attacks": 0, "undercuts": 0, "skipped": 0}
    for i, rel in enumerate(doc.get("relations") or []):
        if not isinstance(rel, Obj):
            probs.error(doc, f"relations[{i}] must be an object", "argdown-schema")
            continue
        rtype, src, dst = rel.get("relationType"), rel.get("from"), rel.get("to")
        if not all(isinstance(v, str) for v in (rtype, src, dst)):
            probs.warn(
                rel,
                "relation: 'relationType', 'from' and 'to' must be strings; skipped",
                "argdown-schema",
            )
            continue
        kinds = (rel.get("fromType"), rel.get("toType"))
        if any(k == "argument" for k in kinds):
            counts["skipped"] += 1
            continue
        if src not in claim_of or dst not in claim_of:
            probs.warn(
                rel, f"relation {src!r} → {dst!r}: unknown statement; skipped", "argdown-ref"
            )
            continue
        a, b = claim_of[src], claim_of[dst]
        if rtype == "undercut":
            counts["undercuts"] += 1
            probs.warn(rel, f"undercut from [{src}] to [{dst}] not imported", "argdown-undercut")
            notes[a].append(f"Undercuts [{dst}] in the Argdown map; not imported as an attack.")
            continue
        if rtype not in _RELATIONS:
            probs.warn(rel, f"unknown relation type {rtype!r}; skipped", "argdown-relation")
            continue
        pairs = [(a, b)] + ([(b, a)] if rtype == "contradictory" else [])
        table = supports if _RELATIONS[rtype] == "supports" else attacks
        for x, y in pairs:
            if x != y and y not in table[x]:
                table[x].append(y)
                counts[_RELATIONS[rtype]] += 1
        if rtype == "contradictory":
            notes[a].append(
                f"Contradicts [{dst}] in the Argdown map (imported as attacks both ways)."
            )
    if probs.errors:
        raise ImportInvalid(probs.errors + probs.warnings)
    if counts["skipped"]:
        probs.warn(
            None,
            f"{counts['skipped']} relation(s) of arguments not imported: argmap has statements, "
            "not Argdown arguments",
            "argdown-argument",
        )
    records = claim_records(claims, supports, attacks, notes)
    actor_records = list(actors.values())
    if used_unknown:
        actor_records.insert(
            0,
            {
                "id": unknown,
                "name": "Unknown (imported from Argdown)",
                "kind": "group",
                "note": "Placeholder for statements whose data names no actor.",
            },
        )
    stem = sanitize_id(Path(base).stem) or "argdown-import"
    counts.update(claims=len(records), actors=len(actor_records))
    return ImportedCorpus(
        name=f"{stem}.yaml",
        header=[
            f"Imported by `argmap import --from argdown` from {base} (Argdown JSON export).",
            "Statements are claims; support/entails give supports, attack/contrary attacks,",
            "contradictory attacks both ways. Undercuts and argument relations are not imported.",
            f"Placeholders: actor '{unknown}', date {PLACEHOLDER_DATE}; each claim's note says",
            "which.",
        ],
        info={
            "title": f"Imported from {base}",
            "description": f"Argdown map {base}, imported by argmap.",
        },
        actors=actor_records,
        claims=records,
        warnings=sorted(probs.warnings),
        counts=counts,
    )
