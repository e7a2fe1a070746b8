"""GraphML and JSON exports: golden files, read back by networkx, JSON checked by its schema."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import networkx as nx
import pytest

from argmap.corpus import load_corpus
from argmap.formats.graphml import to_graphml
from argmap.formats.json_graph import json_document, to_json
from argmap.graph import ArgumentGraph, build_graph
from tests.conftest import ROOT

SMALL = Path(__file__).parent / "fixtures" / "formats" / "small.yaml"
CORPORA = {"small": [SMALL], "data": [ROOT / "data"]}
SCHEMA = ROOT / "docs" / "json-export.schema.json"


def graph(name: str) -> ArgumentGraph:
    return build_graph(load_corpus(CORPORA[name]))


def edge_set(G: Any) -> set[tuple[str, str, str]]:
    return {(u, v, k) for u, v, k in G.edges(keys=True)}


def test_golden_small_graphml(golden: Any) -> None:
    golden("formats/small.graphml", to_graphml(graph("small")))


def test_golden_small_json(golden: Any) -> None:
    golden("formats/small.json", to_json(graph("small")))


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_networkx_reads_the_graphml_back_with_types(name: str, tmp_path: Path) -> None:
    ag = graph(name)
    path = tmp_path / "map.graphml"
    path.write_text(to_graphml(ag), encoding="utf-8")
    back = nx.read_graphml(path, force_multigraph=True)
    G = ag.to_networkx()
    assert set(back.nodes) == set(G.nodes)
    assert edge_set(back) == edge_set(G)
    assert back.graph["title"] == ag.corpus.title
    for node, attrs in G.nodes(data=True):
        got = back.nodes[node]
        assert got["label"] == node
        for key, value in attrs.items():
            assert got.get(key, "") == value, (node, key)
    for u, v, k, attrs in back.edges(keys=True, data=True):
        assert isinstance(attrs["derived"], bool)
        assert attrs["kind"] == k
        assert attrs["derived"] == (k in ("contradicts", "agrees"))
        want = G.edges[u, v, k].get("propositions", ())
        assert attrs.get("propositions", "") == ",".join(want)


def test_graphml_is_xml_with_a_declaration_and_typed_keys() -> None:
    text = to_graphml(graph("small"))
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n<graphml ")
    assert '<key id="d15" for="edge" attr.name="derived" attr.type="boolean" />' in text


def test_json_schema_is_itself_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA.read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_json_export_follows_its_schema(name: str) -> None:
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    doc = json.loads(to_json(graph(name)))
    errors = sorted(e.message for e in validator.iter_errors(doc))
    assert errors == [], errors[:3]


def test_json_schema_rejects_a_missing_key() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    doc = json_document(graph("small"))
    del doc["nodes"][0]["text"]
    assert not validator.is_valid(doc)


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_networkx_reads_the_json_back(name: str) -> None:
    ag = graph(name)
    back = nx.node_link_graph(json.loads(to_json(ag)), edges="edges")
    G = ag.to_networkx()
    assert back.is_directed() and back.is_multigraph()
    assert set(back.nodes) == set(G.nodes)
    assert edge_set(back) == edge_set(G)
    for node, attrs in G.nodes(data=True):
        for key, value in attrs.items():
            assert back.nodes[node][key] == value


def test_json_carries_every_record_field() -> None:
    ag = graph("small")
    doc = json_document(ag)
    nodes = {n["id"]: n for n in doc["nodes"]}
    assert nodes["os-2021-06-02"]["asserts"] == ["choice", "peace"]
    assert nodes["ru-2001-01-01"]["speaker"] == "rudolf"
    assert nodes["ru-2001-01-01"]["actor"] == "ruritania"
    assert nodes["pact-1990-art1"]["binding"] == "legal"
    assert [n["id"] for n in doc["nodes"]] == sorted(nodes)
    keys = [(e["source"], e["target"], e["kind"]) for e in doc["edges"]]
    assert keys == sorted(keys)


def test_explicit_only_drops_derived_edges() -> None:
    ag = graph("small")
    doc = json.loads(to_json(ag, derived=False))
    assert doc["edges"] and not any(e["derived"] for e in doc["edges"])
    assert len(doc["edges"]) == len(ag.explicit)
    back = nx.read_graphml(
        io.BytesIO(to_graphml(ag, derived=False).encode()), force_multigraph=True
    )
    assert back.number_of_edges() == len(ag.explicit)
