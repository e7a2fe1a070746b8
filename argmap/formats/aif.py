"""AIF (Argument Interchange Format) JSON: export an argument graph, import a map made elsewhere.

AIF [1]_ is the graph format of ARG-tech's tools (OVA, AIFdb). Nodes have a ``type``: ``I``
(a proposition), ``RA`` (an inference: premise I → RA → conclusion I), ``CA`` (a conflict:
attacker I → CA → attacked I, or → RA for an *undercut*), ``MA`` (rephrase), ``PA``
(preference), ``L`` (a locution: who said what, when), ``YA`` (illocution, L → YA → I) and
``TA`` (transition between locutions). Edges are bare ``fromID`` → ``toID``; the node types
give the roles. ``locutions`` tie L-nodes to ``participants``.

Export (:func:`to_aif`) writes the JSON as AIFdb does, with every id and timestamp derived from
the data (never the clock), so the output is byte-stable:

- every claim and commitment is an I-node (``nodeID`` = its argmap id; ``timestamp`` = the
  claim's date or the commitment's document date, at 00:00:00);
- every claim gets an L-node ``L:<id>`` ("Speaker: text") and a YA-node ``YA:<id>``
  ("Asserting"), a ``locutions`` entry and a ``participants`` entry for its speaker (the
  ``speaker`` person, else the actor; ``participantID``/``personID`` = the actor id);
- each relation of :func:`argmap.formats._links.interchange_links` becomes a scheme node:
  support → RA ``RA:<origin>:<source>:<target>`` ("Default Inference"), attack → CA
  ``CA:attacks:<source>:<target>`` ("Default Conflict"), and a contradiction, being
  symmetric, → two CAs, one each way (the mutual rebuttal OVA draws);
- ``edgeID`` numbers the edges in (fromID, toID) order.

Import (:func:`read_aif`) accepts both flavours found in the wild: a plain AIFdb nodeset
(``nodes``/``edges``/``locutions`` at the top) and OVA3's ``{"AIF": {...}, "OVA": ...,
"text": ...}``; ids may be strings or integers and ``schemefulfillments`` may be null. It
maps:

- I-node → claim, id = the sanitized ``nodeID``; source = the file name, locator ``nodeID N``;
- speaker = the L-node that asserts the I-node through a YA: its participant's name (through
  ``locutions``/``participants``), else the "Name:" that starts the L-node's text, else
  ``person <personID>``; speakers become persons representing the placeholder group
  ``unknown``; I-nodes nobody asserts are attributed to ``unknown`` directly;
- date = the timestamp of that locution, else of the L-node, else of the I-node, else the
  placeholder 1970-01-01;
- RA → ``supports`` (every premise supports every conclusion), CA → ``attacks``;
- undercuts (CA → RA) are **reported, not imported**: argmap links statements, not
  inferences, so each undercut is a warning and a sentence in the attacker's ``note``;
- MA (rephrase), PA (preference) and unknown node types are reported and left out.

Every default is stated in the claim's ``note``.

References
----------
.. [1] Carlos Chesñevar et al., "Towards an argument interchange format", The Knowledge
   Engineering Review 21(4), 2006, 293-316. https://doi.org/10.1017/S0269888906001044
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
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
from argmap.formats._links import CONTRADICTION, SUPPORT, interchange_links
from argmap.graph import ArgumentGraph
from argmap.model import Claim

__all__ = ["aif_document", "read_aif", "to_aif", "write_aif"]

_INFERENCE = "Default Inference"
_CONFLICT = "Default Conflict"


# ---------------------------------------------------------------------------------- export


def _stamp(day: str) -> str:
    return f"{day} 00:00:00"


def aif_document(ag: ArgumentGraph, *, derived: bool = True) -> dict[str, Any]:
    """The AIF JSON object of an argument graph (see the module docstring for the mapping).

    Parameters
    ----------
    ag : ArgumentGraph
        The graph to export.
    derived : bool
        Include derived relations (``agrees`` as RA, ``contradicts`` as a pair of CAs).

    Returns
    -------
    dict
        ``{"nodes", "edges", "locutions", "participants"}``.

    Examples
    --------
    >>> from argmap.graph import build_graph
    >>> from argmap.model import Corpus
    >>> aif_document(build_graph(Corpus()))
    {'nodes': [], 'edges': [], 'locutions': [], 'participants': []}
    """
    corpus = ag.corpus
    nodes: list[dict[str, Any]] = []
    edges: list[tuple[str, str]] = []
    locutions: list[dict[str, Any]] = []
    speakers: set[str] = set()
    for ident in ag.nodes():
        node = ag.node(ident)
        if isinstance(node, Claim):
            day = node.date.isoformat()
        else:
            day = corpus.documents[node.document].date.isoformat()
        nodes.append({"nodeID": ident, "text": node.text, "type": "I", "timestamp": _stamp(day)})
    for ident in sorted(corpus.claims):
        claim = corpus.claims[ident]
        who = claim.speaker or ag.actor_of[ident]
        speakers.add(who)
        stamp = _stamp(claim.date.isoformat())
        lid, yid = f"L:{ident}", f"YA:{ident}"
        name = corpus.actors[who].label
        nodes.append(
            {"nodeID": lid, "text": f"{name}: {claim.text}", "type": "L", "timestamp": stamp}
        )
        nodes.append({"nodeID": yid, "text": "Asserting", "type": "YA", "timestamp": stamp})
        edges += [(lid, yid), (yid, ident)]
        locutions.append(
            {
                "nodeID": lid,
                "personID": who,
                "timestamp": stamp,
                "start": None,
                "end": None,
                "source": None,
            }
        )
    stamps = {n["nodeID"]: n["timestamp"] for n in nodes}
    for link in interchange_links(ag, derived=derived):
        pairs = [(link.source, link.target)]
        if link.relation == CONTRADICTION:
            pairs.append((link.target, link.source))
        for source, target in pairs:
            kind = "RA" if link.relation == SUPPORT else "CA"
            sid = f"{kind}:{link.origin}:{source}:{target}"
            text = _INFERENCE if kind == "RA" else _CONFLICT
            stamp = max(stamps[source], stamps[target])  # the later of the two statements
            nodes.append({"nodeID": sid, "text": text, "type": kind, "timestamp": stamp})
            edges += [(source, sid), (sid, target)]
    participants = [
        {"participantID": a, "firstname": corpus.actors[a].label, "surname": ""}
        for a in sorted(speakers)
    ]
    return {
        "nodes": nodes,
        "edges": [
            {"edgeID": str(i), "fromID": f, "toID": t, "formEdgeID": None}
            for i, (f, t) in enumerate(sorted(edges), start=1)
        ],
        "locutions": locutions,
        "participants": participants,
    }


def to_aif(ag: ArgumentGraph, *, derived: bool = True) -> str:
    """AIF JSON text: sorted keys, two-space indent, trailing newline (byte-stable)."""
    doc = aif_document(ag, derived=derived)
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_aif(ag: ArgumentGraph, path: str | os.PathLike[str], *, derived: bool = True) -> Path:
    """Write :func:`to_aif` to `path` atomically; return the path."""
    return write_atomic(path, to_aif(ag, derived=derived))


# ---------------------------------------------------------------------------------- import

# Applied to the text with its leading space stripped, and the name may not start with space:
# "\s*([^:\n]{1,80}?)" let 30,000 spaces be split two ways in every possible place (issue 17,
# a ReDoS: 8.7 s on 8,000 characters). The bounded name keeps the search linear.
_SPEAKER_PREFIX = re.compile(r"([^:\s][^:\n]{0,79}?)[ \t]*:\s")
_SKIPPED_TYPES = {"MA": "rephrase (MA)", "PA": "preference (PA)"}
_DIALOGUE_TYPES = {"L", "YA", "TA"}
_NOT_PREMISES = {"I", "CA", "PA", *_DIALOGUE_TYPES}


def _is_id(value: Any) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool)


@dataclass
class _Map:
    """The validated content of an AIF file, ids as strings."""

    flavour: str
    nodes: dict[str, Obj] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    incoming: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    outgoing: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    locutions: dict[str, Obj] = field(default_factory=dict)
    participants: dict[str, Obj] = field(default_factory=dict)

    def type(self, ident: str) -> str:
        return str(self.nodes[ident]["type"])

    def text(self, ident: str) -> str:
        value = self.nodes[ident].get("text")
        return value if isinstance(value, str) else ""


def _list(obj: Obj, key: str, probs: Problems, *, required: bool) -> list[Any]:
    value = obj.get(key)
    if value is None:
        if required:
            probs.error(obj, f"the AIF map has no '{key}' list", "aif-schema")
        return []
    if not isinstance(value, list):
        probs.error(obj, f"'{key}' must be a list, not {type(value).__name__}", "aif-schema")
        return []
    return value


def _parse(doc: Any, probs: Problems) -> _Map:
    """Check the structure of an AIF document (either flavour), collecting every problem."""
    if isinstance(doc, Obj) and isinstance(doc.get("AIF"), Obj):
        aif, flavour = doc["AIF"], "OVA3 / xAIF"
    elif isinstance(doc, Obj) and "nodes" in doc:
        aif, flavour = doc, "AIFdb nodeset"
    else:
        probs.error(
            doc if isinstance(doc, Obj) else None,
            "not an AIF map: expected 'nodes' and 'edges' at the top level (AIFdb) "
            "or inside 'AIF' (OVA3)",
            "aif-format",
        )
        raise ImportInvalid(probs.errors)
    m = _Map(flavour)
    for i, node in enumerate(_list(aif, "nodes", probs, required=True)):
        where = f"nodes[{i}]"
        if not isinstance(node, Obj):
            probs.error(aif, f"{where} must be an object", "aif-schema")
            continue
        nid = node.get("nodeID")
        if not _is_id(nid):
            probs.error(node, f"{where} needs a 'nodeID' (string or integer)", "aif-schema")
            continue
        if not isinstance(node.get("type"), str):
            probs.error(node, f"node '{nid}' needs a 'type' (I, RA, CA, L, ...)", "aif-schema")
            continue
        text = node.get("text")
        if text is not None and not isinstance(text, str):
            probs.error(node, f"node '{nid}': 'text' must be a string", "aif-schema")
            continue
        key = str(nid)
        if key in m.nodes:
            first = m.nodes[key]
            probs.error(
                node,
                f"duplicate nodeID '{key}' (first at line {first.line})",
                "aif-duplicate-id",
            )
            continue
        m.nodes[key] = node
        m.order.append(key)
    for i, edge in enumerate(_list(aif, "edges", probs, required=True)):
        if not isinstance(edge, Obj):
            probs.error(aif, f"edges[{i}] must be an object", "aif-schema")
            continue
        ends = edge.get("fromID"), edge.get("toID")
        if not all(_is_id(e) for e in ends):
            probs.error(
                edge, f"edges[{i}] needs 'fromID' and 'toID' (strings or integers)", "aif-schema"
            )
            continue
        src, dst = str(ends[0]), str(ends[1])
        missing = [e for e in (src, dst) if e not in m.nodes]
        if missing:
            probs.warn(
                edge,
                f"edge '{edge.get('edgeID', i)}' refers to unknown node '{missing[0]}'; skipped",
                "aif-dangling-edge",
            )
            continue
        m.outgoing[src].append(dst)
        m.incoming[dst].append(src)
    for i, loc in enumerate(_list(aif, "locutions", probs, required=False)):
        if not isinstance(loc, Obj) or not _is_id(loc.get("nodeID")):
            probs.error(
                loc if isinstance(loc, Obj) else aif,
                f"locutions[{i}] needs a 'nodeID' (string or integer)",
                "aif-schema",
            )
            continue
        m.locutions.setdefault(str(loc["nodeID"]), loc)
    for i, part in enumerate(_list(aif, "participants", probs, required=False)):
        if not isinstance(part, Obj) or not _is_id(part.get("participantID")):
            probs.error(
                part if isinstance(part, Obj) else aif,
                f"participants[{i}] needs a 'participantID' (string or integer)",
                "aif-schema",
            )
            continue
        m.participants.setdefault(str(part["participantID"]), part)
    if probs.errors:
        raise ImportInvalid(probs.errors + probs.warnings)
    return m


@dataclass
class _Speaker:
    name: str | None
    how: str
    stamp: str | None
    stamp_how: str


def _speaker_of(m: _Map, inode: str) -> _Speaker:
    """Who asserted I-node `inode` (L → YA → I), and the best timestamp for it."""
    for ya in m.incoming.get(inode, []):
        if m.type(ya) != "YA":
            continue
        for lnode in m.incoming.get(ya, []):
            if m.type(lnode) != "L":
                continue
            loc = m.locutions.get(lnode)
            pid = loc.get("personID") if loc is not None else None
            name, how = None, ""
            if _is_id(pid):
                part = m.participants.get(str(pid))
                if part is not None:
                    first, last = part.get("firstname"), part.get("surname")
                    full = " ".join(x.strip() for x in (first, last) if isinstance(x, str))
                    if full.strip():
                        name = full.strip()
                        how = f"participant {pid} of locution {lnode}"
            if name is None:
                m2 = _SPEAKER_PREFIX.match(m.text(lnode).lstrip())
                if m2:
                    name = m2.group(1)
                    how = f"the text of L-node {lnode}" + (
                        f" (personID {pid})" if _is_id(pid) else ""
                    )
            if name is None and _is_id(pid):
                name, how = f"person {pid}", f"personID of locution {lnode}"
            for stamp, what in (
                (loc.get("timestamp") if loc is not None else None, f"locution {lnode}"),
                (m.nodes[lnode].get("timestamp"), f"L-node {lnode}"),
            ):
                if as_date(stamp):
                    return _Speaker(name, how, str(stamp), f"timestamp of {what}")
            return _Speaker(name, how, None, "")
    return _Speaker(None, "", None, "")


def read_aif(path: str | os.PathLike[str]) -> ImportedCorpus:
    """Read an AIF JSON file (AIFdb or OVA3) into corpus records (see the module docstring).

    Parameters
    ----------
    path : path-like
        The AIF file.

    Returns
    -------
    ImportedCorpus
        Records ready for :func:`argmap.formats._corpus_out.write_corpus`, with warnings for
        everything left out (undercuts, rephrases, preferences, dangling edges).

    Raises
    ------
    InputError
        The file cannot be read or is not JSON (located at the syntax error).
    ImportInvalid
        The JSON is not an AIF map; every problem located at its node or edge.
    """
    name, doc = load_json(path)
    probs = Problems(name)
    m = _parse(doc, probs)
    base = Path(name).name
    ids = Ids()
    claim_of: dict[str, str] = {}
    inodes = [n for n in m.order if m.type(n) == "I"]
    for n in inodes:
        claim_of[n] = ids.new(n, "i")
    claims: dict[str, dict[str, Any]] = {}
    notes: dict[str, list[str]] = defaultdict(list)
    speaker_actor: dict[str, str] = {}
    actor_records: list[dict[str, Any]] = []
    unknown = ids.new(UNKNOWN_ACTOR, UNKNOWN_ACTOR)
    used_unknown_directly = False
    for n in inodes:
        cid = claim_of[n]
        node = m.nodes[n]
        sp = _speaker_of(m, n)
        note = notes[cid]
        note.append(f"Imported from AIF {base} ({m.flavour}), I-node {n}.")
        record: dict[str, Any] = {"id": cid}
        if sp.name is not None:
            if sp.name not in speaker_actor:
                aid = ids.new(sp.name, "speaker")
                speaker_actor[sp.name] = aid
                actor_records.append(
                    {
                        "id": aid,
                        "name": sp.name,
                        "kind": "person",
                        "represents": unknown,
                        "note": f"AIF speaker, from {sp.how}; whom they represent is unknown.",
                    }
                )
            record["speaker"] = speaker_actor[sp.name]
            note.append(f"Speaker: {sp.name}, from {sp.how}.")
        else:
            record["actor"] = unknown
            used_unknown_directly = True
            note.append(f"Speaker unknown: no locution asserts it; attributed to '{unknown}'.")
        day, how = None, ""
        if sp.stamp is not None:
            day, how = as_date(sp.stamp), f"{sp.stamp_how} ({sp.stamp})"
        elif as_date(node.get("timestamp")):
            day, how = as_date(node.get("timestamp")), f"I-node timestamp ({node['timestamp']})"
        if day is None:
            day = PLACEHOLDER_DATE
            note.append(
                f"Date unknown: the map has no timestamp; {PLACEHOLDER_DATE} is a placeholder."
            )
        else:
            note.append(f"Date: {how}.")
        text = m.text(n).strip()
        if not text:
            text = f"(empty I-node {n})"
            note.append("The I-node has no text.")
        record["date"] = day
        record["text"] = text
        record["source"] = {"title": base, "locator": f"nodeID {n}"}
        claims[cid] = record

    supports: dict[str, list[str]] = defaultdict(list)
    attacks: dict[str, list[str]] = defaultdict(list)
    counts = {"supports": 0, "attacks": 0, "undercuts": 0}
    skipped: dict[str, list[str]] = defaultdict(list)

    def link(table: dict[str, list[str]], src: str, dst: str, scheme: str, key: str) -> None:
        a, b = claim_of[src], claim_of[dst]
        if a == b:
            probs.warn(
                m.nodes[scheme], f"{key} from I-node {src} to itself; skipped", "aif-self-link"
            )
        elif b not in table[a]:
            table[a].append(b)
            counts[key] += 1

    for s in m.order:
        kind = m.type(s)
        if kind in ("RA", "CA"):
            sources = [x for x in m.incoming.get(s, []) if m.type(x) == "I"]
            targets = m.outgoing.get(s, [])
            # YA/TA/L anchor an inference in the dialogue, a CA into an RA is an undercut
            # (reported with the CA) and PA a preference (reported as skipped): none is a premise.
            others = [x for x in m.incoming.get(s, []) if m.type(x) not in _NOT_PREMISES]
            if others:
                probs.warn(
                    m.nodes[s],
                    f"{kind} node {s} has a non-I premise ({m.type(others[0])} {others[0]}); "
                    "only I-node premises are imported",
                    "aif-unsupported",
                )
            if not sources or not targets:
                probs.warn(
                    m.nodes[s],
                    f"{kind} node {s} lacks a premise or a conclusion; skipped",
                    "aif-incomplete",
                )
                continue
            for t in targets:
                if m.type(t) == "I":
                    for src in sources:
                        if kind == "RA":
                            link(supports, src, t, s, "supports")
                        else:
                            link(attacks, src, t, s, "attacks")
                elif kind == "CA" and m.type(t) == "RA":
                    premises = [claim_of[x] for x in m.incoming.get(t, []) if m.type(x) == "I"]
                    conclusions = [claim_of[x] for x in m.outgoing.get(t, []) if m.type(x) == "I"]
                    what = (
                        f"the inference RA {t} (from {', '.join(premises) or '?'} "
                        f"to {', '.join(conclusions) or '?'})"
                    )
                    attackers = ", ".join(f"'{claim_of[x]}'" for x in sources)
                    probs.warn(
                        m.nodes[s],
                        f"undercut: CA {s} attacks {what}, not a statement; argmap links "
                        f"statements only, so it is recorded in the note of {attackers} and "
                        "not imported as an attack",
                        "aif-undercut",
                    )
                    counts["undercuts"] += 1
                    for x in sources:
                        notes[claim_of[x]].append(
                            f"Undercuts {what} (AIF CA {s}); not imported as an attack."
                        )
                else:
                    probs.warn(
                        m.nodes[s],
                        f"{kind} node {s} points to a {m.type(t)} node ({t}); skipped",
                        "aif-unsupported",
                    )
        elif kind in _SKIPPED_TYPES:
            skipped[_SKIPPED_TYPES[kind]].append(s)
        elif kind not in _DIALOGUE_TYPES and kind != "I":
            skipped[f"unknown type '{kind}'"].append(s)
    for what, nodes_ in sorted(skipped.items()):
        probs.warn(
            m.nodes[nodes_[0]],
            f"{len(nodes_)} {what} node(s) not imported (argmap has no such relation): "
            + ", ".join(nodes_[:5])
            + (", ..." if len(nodes_) > 5 else ""),
            "aif-skipped",
        )

    records = claim_records(claims, supports, attacks, notes)
    if used_unknown_directly or actor_records:
        actor_records.insert(
            0,
            {
                "id": unknown,
                "name": "Unknown (imported from AIF)",
                "kind": "group",
                "note": "Placeholder: AIF does not say which state or organization a speaker "
                "speaks for. Replace it with the real actors.",
            },
        )
    stem = sanitize_id(Path(base).stem) or "aif-import"
    counts.update(claims=len(records), actors=len(actor_records))
    return ImportedCorpus(
        name=f"{stem}.yaml",
        header=[
            f"Imported by `argmap import --from aif` from {base} ({m.flavour}).",
            "I-nodes are claims; RA gives supports, CA attacks. Undercuts, rephrases and",
            f"preferences are not imported (see warnings). Placeholders: actor '{unknown}', date",
            f"{PLACEHOLDER_DATE} where the map has no timestamp; each claim's note says which.",
        ],
        info={
            "title": f"Imported from {base}",
            "description": f"AIF map {base} ({m.flavour}), imported by argmap.",
        },
        actors=actor_records,
        claims=records,
        warnings=sorted(probs.warnings),
        counts=counts,
    )
