"""AIF: export read back by arguebuf, import of real AIFdb and OVA3 files, round trip."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import arguebuf
import pytest

from argmap.corpus import load_corpus
from argmap.errors import InputError
from argmap.formats import ImportInvalid, write_corpus
from argmap.formats._links import ATTACK, CONTRADICTION, SUPPORT, interchange_links
from argmap.formats.aif import aif_document, read_aif, to_aif
from argmap.graph import ArgumentGraph, build_graph
from argmap.model import Claim, Corpus
from tests.conftest import ROOT, SHARED

SMALL = Path(__file__).parent / "fixtures" / "formats" / "small.yaml"
CORPORA = {"small": [SMALL], "data": [ROOT / "data"]}
REAL = SHARED / "reference" / "aif"


def graph(name: str) -> ArgumentGraph:
    return build_graph(load_corpus(CORPORA[name]))


def expected_pairs(ag: ArgumentGraph) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(supports, attacks) as AIF carries them: a contradiction is a conflict each way."""
    supports, attacks = set(), set()
    for link in interchange_links(ag):
        if link.relation == SUPPORT:
            supports.add((link.source, link.target))
        elif link.relation == ATTACK:
            attacks.add((link.source, link.target))
        else:
            assert link.relation == CONTRADICTION
            attacks |= {(link.source, link.target), (link.target, link.source)}
    return supports, attacks


def test_golden_small(golden: Any) -> None:
    golden("formats/small.aif.json", to_aif(graph("small")))


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_export_is_well_formed_aifdb_json(name: str) -> None:
    ag = graph(name)
    doc = json.loads(to_aif(ag))
    assert set(doc) == {"nodes", "edges", "locutions", "participants"}
    ids = [n["nodeID"] for n in doc["nodes"]]
    assert len(ids) == len(set(ids))
    for n in doc["nodes"]:
        assert set(n) == {"nodeID", "text", "type", "timestamp"}
        assert n["type"] in {"I", "L", "YA", "RA", "CA"}
        assert len(n["timestamp"]) == 19  # AIFdb's "YYYY-MM-DD HH:MM:SS"
    types = {n["nodeID"]: n["type"] for n in doc["nodes"]}
    assert sorted(i for i, t in types.items() if t == "I") == sorted(ag.nodes())
    assert [e["edgeID"] for e in doc["edges"]] == [str(i + 1) for i in range(len(doc["edges"]))]
    for e in doc["edges"]:
        assert e["fromID"] in types and e["toID"] in types
    people = {p["participantID"] for p in doc["participants"]}
    for loc in doc["locutions"]:
        assert types[loc["nodeID"]] == "L"
        assert loc["personID"] in people
    assert len(doc["locutions"]) == len(ag.corpus.claims)


def test_timestamps_come_from_the_data_not_the_clock() -> None:
    ag = graph("small")
    stamps = {n["nodeID"]: n["timestamp"] for n in aif_document(ag)["nodes"]}
    assert stamps["ru-2001-01-01"] == "2001-01-01 00:00:00"
    assert stamps["pact-1990-art1"] == "1990-05-01 00:00:00"  # the document's date
    assert stamps["L:ru-2001-01-01"] == "2001-01-01 00:00:00"


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_arguebuf_reads_the_same_supports_and_attacks(name: str, tmp_path: Path) -> None:
    ag = graph(name)
    path = tmp_path / "map.json"
    path.write_text(to_aif(ag), encoding="utf-8")
    g = arguebuf.load.file(path)
    atoms = {i: a.plain_text for i, a in g.atom_nodes.items()}
    assert atoms == {i: ag.node(i).text for i in ag.nodes()}
    supports, attacks = set(), set()
    for scheme in g.scheme_nodes.values():
        assert isinstance(scheme.scheme, (arguebuf.Support, arguebuf.Attack))
        table = supports if isinstance(scheme.scheme, arguebuf.Support) else attacks
        for premise in g.incoming_atom_nodes(scheme):
            for conclusion in g.outgoing_atom_nodes(scheme):
                table.add((premise.id, conclusion.id))
    assert (supports, attacks) == expected_pairs(ag)


# -- import of the real files in ../shared/reference/aif (never copied into the repository)

REAL_FILES = {
    # file: (claims, supports, attacks, undercuts, speakers, warning codes)
    "aifdb_6064_arguebuf.json": (9, 5, 0, 0, {"CL", "NL"}, set()),
    "aifdb_28010_papa.json": (
        9,
        6,
        2,
        0,
        {"HFC", "1cb7d2c3c5a38fe76a5454cfeb04aca77d7a7542"},
        {"aif-skipped"},
    ),
    "papa_rebut_undercut.json": (
        4,
        1,
        1,
        1,
        {"Participant Rachel", "Participant Carolyn"},
        {"aif-undercut"},
    ),
}


@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_import_real_aif_file(name: str, tmp_path: Path) -> None:
    src = REAL / name
    if not src.exists():
        pytest.skip(f"{src} is not here (../shared/reference/aif is outside the repository)")
    claims, supports, attacks, undercuts, speakers, codes = REAL_FILES[name]
    imported = read_aif(src)
    corpus = load_corpus([write_corpus(imported, tmp_path / "out")])
    assert len(corpus.claims) == claims
    assert sum(len(c.supports) for c in corpus.claims.values()) == supports
    assert sum(len(c.attacks) for c in corpus.claims.values()) == attacks
    assert imported.counts["undercuts"] == undercuts
    names = {corpus.actors[c.speaker].name for c in corpus.claims.values() if c.speaker}
    assert names == speakers
    assert {w.code for w in imported.warnings} == codes
    for claim in corpus.claims.values():
        assert claim.source.title == name
        assert claim.source.locator == f"nodeID {claim.id}"
        assert claim.note and claim.note.startswith(f"Imported from AIF {name}")
    assert corpus.actors["unknown"].kind == "group"


def test_import_of_the_undercut_file_keeps_rebut_and_reports_undercut(tmp_path: Path) -> None:
    src = REAL / "papa_rebut_undercut.json"
    if not src.exists():
        pytest.skip(f"{src} is not here")
    imported = read_aif(src)
    corpus = load_corpus([write_corpus(imported, tmp_path / "out")])
    text = {c.text: c for c in corpus.claims.values()}
    assert text["B"].supports == [text["A"].id]
    assert text["not B"].attacks == [text["B"].id]
    undercutter = text["A and B are totally unrelated"]
    assert undercutter.attacks == [] and undercutter.supports == []
    assert undercutter.note is not None and "Undercuts the inference RA" in undercutter.note
    (warning,) = imported.warnings
    assert warning.line == 1 and warning.col > 1  # located at the CA node's object
    assert "undercut: CA 41_173158685654602051 attacks the inference" in warning.message
    assert str(text["A"].date) == "1970-01-01"  # OVA3 gives no timestamps
    assert "1970-01-01 is a placeholder" in (text["A"].note or "")


def test_import_6064_takes_dates_from_locutions(tmp_path: Path) -> None:
    src = REAL / "aifdb_6064_arguebuf.json"
    if not src.exists():
        pytest.skip(f"{src} is not here")
    corpus = load_corpus([write_corpus(read_aif(src), tmp_path / "out")])
    claim = corpus.claims["29053"]
    assert str(claim.date) == "2014-04-28"
    assert claim.speaker == "cl" and corpus.actors["cl"].represents == "unknown"
    assert claim.supports == ["29054"]


# -- both flavours, ids of either type


def write_json(tmp_path: Path, doc: Any, name: str = "map.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return path


MINIMAL = {
    "nodes": [
        {"nodeID": 1, "text": "Premise", "type": "I", "timestamp": "2020-02-03 10:00:00"},
        {"nodeID": 2, "text": "Conclusion", "type": "I"},
        {"nodeID": 3, "text": "Default Inference", "type": "RA"},
        {"nodeID": 4, "text": "Ann: Premise", "type": "L"},
        {"nodeID": 5, "text": "Asserting", "type": "YA"},
    ],
    "edges": [
        {"edgeID": 10, "fromID": 1, "toID": 3},
        {"edgeID": 11, "fromID": 3, "toID": 2},
        {"edgeID": "12", "fromID": "4", "toID": "5"},
        {"edgeID": "13", "fromID": "5", "toID": "1"},
    ],
    "locutions": [{"nodeID": 4, "personID": 7, "timestamp": "2019-01-01 09:00:00"}],
    "participants": [{"participantID": "7", "firstname": "Ann", "surname": "Smith"}],
    "schemefulfillments": None,
}


@pytest.mark.parametrize("flavour", ["aifdb", "ova3"])
def test_import_accepts_both_flavours_and_integer_ids(flavour: str, tmp_path: Path) -> None:
    doc: Any = MINIMAL if flavour == "aifdb" else {"AIF": MINIMAL, "text": "", "OVA": {}}
    imported = read_aif(write_json(tmp_path, doc))
    corpus = load_corpus([write_corpus(imported, tmp_path / "out")])
    assert corpus.claims["1"].supports == ["2"]
    assert corpus.claims["1"].speaker == "ann-smith"
    assert str(corpus.claims["1"].date) == "2019-01-01"  # the locution's timestamp
    assert corpus.claims["2"].actor == "unknown"
    assert str(corpus.claims["2"].date) == "1970-01-01"
    assert imported.warnings == []


def test_import_output_is_deterministic(tmp_path: Path) -> None:
    from argmap.formats._corpus_out import to_yaml

    path = write_json(tmp_path, MINIMAL)
    assert to_yaml(read_aif(path)) == to_yaml(read_aif(path))


def test_import_reports_bad_json_at_its_place(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"nodes": [\n  {"nodeID": "1",}\n]}', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_aif(path)
    assert str(err.value.problem) == (
        f"{path}:2:18: error: invalid JSON: Expecting property name enclosed in double quotes"
        "  [json]"
    )


def test_import_locates_structural_problems(tmp_path: Path) -> None:
    doc = {
        "nodes": [
            {"nodeID": "1", "text": "ok", "type": "I"},
            {"text": "no id", "type": "I"},
            {"nodeID": True, "text": "bool id", "type": "I"},
            {"nodeID": "1", "text": "again", "type": "I"},
        ],
        "edges": [{"edgeID": "9", "fromID": "1"}],
    }
    with pytest.raises(ImportInvalid) as err:
        read_aif(write_json(tmp_path, doc))
    assert [(p.line, p.code, p.message) for p in err.value.problems] == [
        (8, "aif-schema", "nodes[1] needs a 'nodeID' (string or integer)"),
        (12, "aif-schema", "nodes[2] needs a 'nodeID' (string or integer)"),
        (17, "aif-duplicate-id", "duplicate nodeID '1' (first at line 3)"),
        (24, "aif-schema", "edges[0] needs 'fromID' and 'toID' (strings or integers)"),
    ]


def test_import_rejects_json_that_is_not_aif(tmp_path: Path) -> None:
    path = write_json(tmp_path, {"statements": {}})
    with pytest.raises(ImportInvalid) as err:
        read_aif(path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}:1:1: error: not an AIF map: expected 'nodes' and 'edges' at the top level "
        "(AIFdb) or inside 'AIF' (OVA3)  [aif-format]"
    ]


def test_import_skips_dangling_edges_with_a_warning(tmp_path: Path) -> None:
    doc = {
        "nodes": [{"nodeID": "1", "text": "ok", "type": "I"}],
        "edges": [{"edgeID": "9", "fromID": "1", "toID": "404"}],
    }
    imported = read_aif(write_json(tmp_path, doc))
    assert [w.message for w in imported.warnings] == [
        "edge '9' refers to unknown node '404'; skipped"
    ]


def test_import_refuses_a_directory_with_other_corpus_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "other.yaml").write_text("claims: []\n", encoding="utf-8")
    with pytest.raises(ImportInvalid) as err:
        write_corpus(read_aif(write_json(tmp_path, MINIMAL)), out)
    assert err.value.problems[0].code == "output-not-empty"


# -- round trip: corpus -> AIF -> corpus keeps every claim and relation


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_round_trip_keeps_every_claim_and_relation(name: str, tmp_path: Path) -> None:
    ag = graph(name)
    path = tmp_path / "map.json"
    path.write_text(to_aif(ag), encoding="utf-8")
    imported = read_aif(path)
    back: Corpus = load_corpus([write_corpus(imported, tmp_path / "out")])
    assert imported.warnings == []
    assert set(back.claims) == set(ag.nodes())
    for ident, claim in back.claims.items():
        node = ag.node(ident)
        assert claim.text == node.text
        if isinstance(node, Claim):
            assert claim.date == node.date
            who = node.speaker or ag.actor_of[ident]
            assert claim.speaker is not None
            assert back.actors[claim.speaker].name == ag.corpus.actors[who].label
        else:
            assert claim.date == ag.corpus.documents[node.document].date
    supports = {(c.id, t) for c in back.claims.values() for t in c.supports}
    attacks = {(c.id, t) for c in back.claims.values() for t in c.attacks}
    assert (supports, attacks) == expected_pairs(ag)


def test_arguebuf_drops_only_the_dialogue_layer(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """arguebuf keeps no L/YA nodes, so it skips their edges, and only those."""
    path = tmp_path / "map.json"
    path.write_text(to_aif(graph("small")), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        arguebuf.load.file(path)
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2 * len(graph("small").corpus.claims)  # L -> YA and YA -> I
    assert all("Source 'L:" in m or "Source 'YA:" in m for m in messages), messages
