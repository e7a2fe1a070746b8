"""The JSON Schema of a corpus file, for editors (yaml-language-server) and other tools.

Consumes the pydantic models; produces a JSON-serialisable dict. Ids carry their pattern and
dates their format, so an editor flags a bad id or date as it is typed.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from argmap.model import (
    ID_PATTERN,
    Actor,
    Claim,
    Commitment,
    CorpusInfo,
    Document,
    Example,
    Expectation,
    Proposition,
)

__all__ = ["corpus_schema"]


class _CorpusFile(BaseModel):
    """One corpus file: any of the sections, each a list (the header a mapping)."""

    model_config = ConfigDict(extra="forbid", title="argmap corpus file")
    corpus: CorpusInfo | None = None
    actors: list[Actor] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    propositions: list[Proposition] = Field(default_factory=list)
    commitments: list[Commitment] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    expect: Expectation | None = None
    examples: list[Example] = Field(default_factory=list)


def _patch(node: Any) -> None:
    """Add what validators enforce but pydantic cannot see: id patterns, date formats."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for name, sub in props.items():
                if name in {"id", "document", "actor", "speaker", "successor_of", "represents"}:
                    _id(sub)
                if (
                    name
                    in {
                        "asserts",
                        "denies",
                        "invokes",
                        "supports",
                        "attacks",
                        "implies",
                        "excludes",
                    }
                    and isinstance(sub, dict)
                    and "items" in sub
                ):
                    _id(sub["items"])
                if name in {"date", "since", "until"}:
                    _date(sub)
        for value in node.values():
            _patch(value)
    elif isinstance(node, list):
        for value in node:
            _patch(value)


def _alternatives(sub: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for a in sub.get("anyOf", [sub]) if a.get("type") == "string"]


def _id(sub: dict[str, Any]) -> None:
    for alt in _alternatives(sub):
        alt["pattern"] = ID_PATTERN.pattern


def _date(sub: dict[str, Any]) -> None:
    for alt in _alternatives(sub):
        alt["format"] = "date"
        alt["pattern"] = r"^\d{4}-\d{2}-\d{2}$"


def corpus_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one corpus file."""
    schema = _CorpusFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/argmap/argmap/schema/corpus.json"
    defs = schema.get("$defs", {})
    # Parties and members may be a bare actor id as well as a mapping.
    if "Membership" in defs:
        defs["MembershipOrId"] = {
            "anyOf": [
                {"type": "string", "pattern": ID_PATTERN.pattern},
                {"$ref": "#/$defs/Membership"},
            ]
        }
        for model in ("Actor", "Document"):
            for key in ("members", "parties"):
                prop = defs.get(model, {}).get("properties", {}).get(key)
                if prop is not None:
                    prop["items"] = {"$ref": "#/$defs/MembershipOrId"}
    _patch(schema)
    # implies/excludes entries may carry an analyst's doubt inline (model.ContestedLink); the
    # collected `contested` list is internal, not written in YAML.
    prop = defs.get("Proposition", {}).get("properties", {})
    prop.pop("contested", None)
    defs.pop("ContestedLink", None)
    link = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "pattern": ID_PATTERN.pattern},
            "contested": {"type": "string", "minLength": 1},
            "contested_by": {
                "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
            },
        },
        "required": ["id"],
        "additionalProperties": False,
    }
    for key in ("implies", "excludes"):
        if key in prop:
            prop[key]["items"] = {
                "anyOf": [{"type": "string", "pattern": ID_PATTERN.pattern}, link]
            }
    return schema
