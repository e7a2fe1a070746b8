"""Argdown export, checked by Argdown's own parser; import of Argdown's JSON export."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from argmap.corpus import load_corpus
from argmap.errors import InputError
from argmap.formats import ImportInvalid, write_corpus
from argmap.formats._links import ATTACK, CONTRADICTION, SUPPORT, interchange_links
from argmap.formats.argdown import escape, read_argdown, to_argdown
from argmap.graph import ArgumentGraph, build_graph
from argmap.model import Claim
from tests.conftest import ROOT

SMALL = Path(__file__).parent / "fixtures" / "formats" / "small.yaml"
SCRIPT = Path(__file__).parent / "argdown_pipeline.js"
CORPORA = {"small": [SMALL], "data": [ROOT / "data"]}
ARGDOWN_TYPE = {SUPPORT: "support", ATTACK: "attack", CONTRADICTION: "contradictory"}


def graph(name: str) -> ArgumentGraph:
    return build_graph(load_corpus(CORPORA[name]))


def run_argdown(path: Path) -> dict[str, Any]:
    """Argdown's pipeline (parse-input, build-model, build-map, export-json) on `path`."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed; `make test` installs it to run Argdown")
    if not (ROOT / "node_modules" / "@argdown" / "node").is_dir():
        pytest.fail("@argdown/node is not installed: run `npm ci` in the project (make test does)")
    proc = subprocess.run(
        [node, str(SCRIPT), str(path)], capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr
    out: dict[str, Any] = json.loads(proc.stdout)
    assert out["errors"] == [], out["errors"][:5]
    return out["json"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module", params=sorted(CORPORA))
def exported(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[ArgumentGraph, dict[str, Any], Path]:
    """(graph, what Argdown made of its export, path of Argdown's JSON) per corpus."""
    ag = graph(request.param)
    tmp = tmp_path_factory.mktemp(f"argdown-{request.param}")
    src = tmp / "map.argdown"
    src.write_text(to_argdown(ag), encoding="utf-8")
    result = run_argdown(src)
    dump = tmp / "map.json"
    dump.write_text(json.dumps(result), encoding="utf-8")
    return ag, result, dump


def flat(text: str) -> str:
    return " ".join(text.split())


def member_text(ec: dict[str, Any]) -> str:
    """The defining member's text as Argdown read it, with its tags cut out."""
    for m in ec["members"]:
        if m.get("text", "").strip():
            text = m["text"]
            for r in sorted(m.get("ranges", []), key=lambda r: -int(r["start"])):
                if r["type"] == "tag":
                    text = text[: r["start"]] + text[r["stop"] + 1 :]
            return flat(text)
    raise AssertionError(f"statement {ec['title']} has no text")


def test_golden_small(golden: Any) -> None:
    golden("formats/small.argdown", to_argdown(graph("small")))


def test_every_node_comes_back_as_a_statement(exported: Any) -> None:
    ag, result, _ = exported
    statements = result["statements"]
    assert set(statements) == set(ag.nodes())
    for ident, ec in statements.items():
        node = ag.node(ident)
        assert ec["type"] == "equivalence-class"
        assert member_text(ec) == flat(node.text), ident
        data = ec["data"]
        if isinstance(node, Claim):
            assert ec["tags"] == [ag.actor_of[ident]]
            assert data["kind"] == "claim"
            assert data["date"] == node.date.isoformat()
            assert data.get("speaker") == node.speaker
            assert data.get("source") == node.source.title
            assert data.get("url") == node.source.url
            assert data.get("locator") == node.source.locator
        else:
            doc = ag.corpus.documents[node.document]
            assert ec["tags"] == [node.document]
            assert data["kind"] == "commitment"
            assert data["document"] == node.document
            assert data["locator"] == node.locator
            assert data["date"] == doc.date.isoformat()
            assert data.get("url") == doc.url


def test_every_relation_comes_back_with_type_and_direction(exported: Any) -> None:
    ag, result, _ = exported
    expected = {(x.source, x.target, ARGDOWN_TYPE[x.relation]) for x in interchange_links(ag)}
    got = {(r["from"], r["to"], r["relationType"]) for r in result["relations"]}
    assert got == expected
    assert len(result["relations"]) == len(expected)
    assert {(r["fromType"], r["toType"]) for r in result["relations"]} <= {
        ("equivalence-class", "equivalence-class")
    }


def test_the_map_groups_statements_by_document_and_actor(exported: Any) -> None:
    ag, result, _ = exported
    placed: dict[str, str] = {}

    def walk(nodes: list[dict[str, Any]], group: str | None) -> None:
        for n in nodes:
            if n["type"] == "group-map-node":
                walk(n.get("children", []), n["title"])
            else:
                assert n["type"] == "statement-map-node"
                assert group is not None
                placed[n["title"]] = group

    walk(result["map"]["nodes"], None)
    assert set(placed) == set(ag.nodes())  # none dropped, not even unconnected ones
    for ident, group in placed.items():
        node = ag.node(ident)
        if isinstance(node, Claim):
            assert group == f"{ag.corpus.actors[ag.actor_of[ident]].label}: claims"
        else:
            doc = ag.corpus.documents[node.document]
            assert group == f"{doc.title} ({doc.date.isoformat()}, {doc.binding})"
    ids = {}

    def index(nodes: list[dict[str, Any]]) -> None:
        for n in nodes:
            if n["type"] == "group-map-node":
                index(n.get("children", []))
            else:
                ids[n["id"]] = n["title"]

    index(result["map"]["nodes"])
    edges = {(ids[e["from"]], ids[e["to"]], e["relationType"]) for e in result["map"]["edges"]}
    expected = {(x.source, x.target, ARGDOWN_TYPE[x.relation]) for x in interchange_links(ag)}
    assert edges == expected


def test_round_trip_through_argdown_json(exported: Any, tmp_path: Path) -> None:
    ag, _, dump = exported
    imported = read_argdown(dump)
    path = write_corpus(imported, tmp_path / "corpus")
    back = load_corpus([path])
    assert set(back.claims) == set(ag.nodes())
    for ident, claim in back.claims.items():
        node = ag.node(ident)
        assert claim.text == flat(node.text)
        if isinstance(node, Claim):
            assert claim.date == node.date
            assert claim.speaker == node.speaker
            assert claim.actor == ag.actor_of[ident]
    supports = {(c.id, t) for c in back.claims.values() for t in c.supports}
    attacks = {(c.id, t) for c in back.claims.values() for t in c.attacks}
    for link in interchange_links(ag):
        if link.relation == SUPPORT:
            assert (link.source, link.target) in supports
        elif link.relation == ATTACK:
            assert (link.source, link.target) in attacks
        else:
            assert {(link.source, link.target), (link.target, link.source)} <= attacks


def test_explicit_only_leaves_out_derived_relations() -> None:
    text = to_argdown(graph("small"), derived=False)
    assert "  >< " not in text
    assert text.count("  +> ") == 3  # two invocations and one stated support
    assert text.count("  -> ") == 2


@pytest.mark.parametrize(
    "raw, escaped",
    [
        ("plain text, nothing to do.", "plain text, nothing to do."),
        ("a  b\n\tc", "a b c"),
        (
            "#tag [ref] <arg> {data} @x *b* _i_ \\",
            r"\#tag \[ref\] \<arg\> \{data\} \@x \*b\* \_i\_ \\",
        ),
        ("see //x and /*y*/", r"see \//x and \/\*y\*/"),
        (".A. and :+1:", r"\.A. and \:+1:"),
        ("a = b == c", r"a \= b \=\= c"),
        ("para. 8: done", "para. 8: done"),
    ],
    ids=["plain", "whitespace", "markup", "comments", "shortcodes", "front-matter", "punctuation"],
)
def test_escape(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


def test_import_rejects_json_that_is_not_an_argdown_export(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{\n  "nodes": []\n}\n', encoding="utf-8")
    with pytest.raises(ImportInvalid) as err:
        read_argdown(path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}:1:1: error: not an Argdown JSON export: expected 'statements' (an object) and "
        "'relations' (a list); make one with `argdown json FILE.argdown OUTDIR`  [argdown-format]"
    ]


def test_import_reports_bad_json_at_its_place(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"statements": {}\n  "relations": []}', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_argdown(path)
    assert str(err.value.problem) == (
        f"{path}:2:3: error: invalid JSON: Expecting ',' delimiter  [json]"
    )


def test_import_maps_relation_types(tmp_path: Path) -> None:
    doc = {
        "statements": {
            t: {"title": t, "members": [{"text": f"Text {t}. #tag ", "ranges": []}]}
            for t in ("A", "B", "C", "D")
        },
        "relations": [
            {"relationType": "entails", "from": "A", "to": "B"},
            {"relationType": "contrary", "from": "B", "to": "C"},
            {"relationType": "contradictory", "from": "C", "to": "D"},
            {"relationType": "undercut", "from": "D", "to": "A"},
            {"relationType": "support", "from": "A", "to": "x", "fromType": "argument"},
        ],
    }
    path = tmp_path / "m.json"
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    imported = read_argdown(path)
    back = load_corpus([write_corpus(imported, tmp_path / "out")])
    assert back.claims["a"].supports == ["b"]
    assert back.claims["b"].attacks == ["c"]
    assert back.claims["c"].attacks == ["d"] and back.claims["d"].attacks == ["c"]
    assert back.claims["a"].text == "Text A. #tag"  # no tag ranges given: the text is kept
    assert back.claims["a"].actor == "unknown"
    assert str(back.claims["a"].date) == "1970-01-01"
    assert [w.code for w in imported.warnings] == ["argdown-argument", "argdown-undercut"]
