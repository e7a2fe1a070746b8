"""The corpus as an argumentation framework: attacks, preferences, evaluate, labels."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from argmap.argumentation import corpus_attacks, corpus_framework
from argmap.corpus import load_corpus
from argmap.graph import build_graph
from argmap.semantics import evaluate, parse_apx
from tests.conftest import BASE, ROOT

Run = Callable[..., Result]

# BASE: lavrov's claim c1 asserts 'ban', which excludes 'choice', asserted by commitment ist-8
# of a document Russia is a party to. Add a supporting claim and a claim by another actor.
EXTRA = """
  - id: c2
    actor: russia
    date: 2021-12-18
    text: We stand by the draft.
    source: {title: Draft}
    supports: [c1]
  - id: c3
    actor: ussr
    date: 1990-01-01
    text: Enlargement is fine.
    source: {title: Old}
    asserts: [choice]
"""


@pytest.fixture
def ag(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "c.yaml"
    path.write_text(BASE + EXTRA, encoding="utf-8")
    return build_graph(load_corpus([path]))


def test_contradictions_attack_both_ways_and_supports_propagate(ag) -> None:  # type: ignore[no-untyped-def]
    attacks = set(corpus_attacks(ag))
    assert {("c1", "ist-8"), ("ist-8", "c1"), ("c1", "c3"), ("c3", "c1")} <= attacks
    # c2 supports c1, which attacks ist-8: a supported attack (Cayrol & Lagasquie-Schiex).
    assert ("c2", "ist-8") in attacks
    # ist-8 attacks c1, which c2 supports... secondary attacks go the other way: x att c1,
    # c1 sup+ ... (c1 supports nothing), so nothing attacks c2 through c1.
    assert ("ist-8", "c2") not in attacks


def test_binding_preference_removes_attacks_on_ones_own_commitments(ag) -> None:  # type: ignore[no-untyped-def]
    attacks = set(corpus_attacks(ag, "binding"))
    assert ("c1", "ist-8") not in attacks  # Russia was bound by the Charter in 2021
    assert ("ist-8", "c1") in attacks
    labels = evaluate(corpus_framework(ag, "binding"), "grounded").labels
    assert labels["ist-8"] == "in" and labels["c1"] == "out"
    # Without preferences, c2's supported attack on ist-8 goes unanswered (nothing attacks
    # c2), so the commitment falls and c1 is reinstated.
    plain = evaluate(corpus_framework(ag), "grounded").labels
    assert (plain["c2"], plain["ist-8"], plain["c1"]) == ("in", "out", "in")


def test_evaluate_json_shape(cli: Run) -> None:
    result = cli(
        "evaluate", ROOT / "data", "--semantics", "preferred", "--prefer", "binding", "-f", "json"
    )
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) == {"semantics", "extensions", "labels", "prefer", "defeated_by"}
    assert out["semantics"] == "preferred" and out["prefer"] == "binding"
    assert set(out["labels"].values()) <= {"in", "out", "undec"}
    assert out["labels"]["istanbul-1999-p8-free-choice"] == "in"


def test_evaluate_text_names_what_stands(cli: Run) -> None:
    result = cli("evaluate", ROOT / "data", "--prefer", "binding")
    assert result.exit_code == 0
    assert result.stdout.startswith("Grounded semantics, preferring binding commitments: 1 ")
    assert "Defeated (out):" in result.stdout
    assert "ru-2021-12-17-draft-agreement  (Russian Federation, 2021-12-17)" in result.stdout


def test_evaluate_apx(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "af.apx"
    path.write_text("arg(a). arg(b). arg(c).\natt(a,b). att(b,c).\n", encoding="utf-8")
    result = cli("evaluate", "--apx", path, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "semantics": "grounded",
        "extensions": [["a", "c"]],
        "labels": {"a": "in", "b": "out", "c": "in"},
    }


def test_evaluate_apx_error_is_located(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "af.apx"
    path.write_text("arg(a).\natt(a,b).\n", encoding="utf-8")
    result = cli("evaluate", "--apx", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:2:")
    assert "Traceback" not in result.stderr


def test_export_apx_is_the_framework_evaluate_uses(cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "data.apx"
    assert cli("export", ROOT / "data", "--to", "apx", "-o", out).exit_code == 0
    af = parse_apx(out.read_text(encoding="utf-8"))
    from_file = evaluate(af, "grounded").to_json()
    result = cli("evaluate", ROOT / "data", "-f", "json")
    direct = json.loads(result.stdout)
    del direct["prefer"], direct["defeated_by"]
    assert from_file == direct


def test_render_labels_shade_the_map(cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "map.dot"
    result = cli(
        "render",
        ROOT / "data",
        "-o",
        out,
        "--focus",
        "istanbul-1999-p8-free-choice",
        "--labels",
        "grounded",
        "--prefer",
        "binding",
    )
    assert result.exit_code == 0, result.stderr
    dot = out.read_text(encoding="utf-8")
    assert "[IN]" in dot and "[OUT]" in dot
