"""Answer keys (`expect:`) and `argmap test`: every shipped corpus keeps its key true."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import BASE, ROOT

Run = Callable[..., Result]
CORPORA = [ROOT / "data", *sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir())]


@pytest.mark.parametrize("corpus", CORPORA, ids=[p.name for p in CORPORA])
def test_shipped_answer_keys_hold(cli: Run, corpus: Path) -> None:
    result = cli("test", corpus)
    assert result.exit_code == 0, result.stdout
    assert "expectations met" in result.stdout


KEY = """
expect:
  findings:
    - {kind: breach, claim: c1, commitment: ist-8}
    - {kind: reversal, claims: [c1, c2]}
  absent:
    - {kind: breach, claim: c1}
"""


def test_mismatches_are_located_and_exit_1(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(BASE + KEY, encoding="utf-8")
    result = cli("test", path)
    assert result.exit_code == 1
    lines = [line.replace(str(path), "F") for line in result.stdout.splitlines()]
    assert lines[0] == (
        "F:28:7: error: expected finding not found: {kind: reversal, claims: ['c1', 'c2']}  "
        "[expect-missing]"
    )
    assert lines[1].startswith(
        "F:30:7: error: finding that must be absent is present: {kind: breach, claim: c1} "
        "(Russian Federation through Sergey Lavrov (c1, 2021-12-17) denies 'choice'"
    )
    assert lines[-1] == "1 of 3 expectations met"


def test_unknown_key_in_an_entry_is_a_validation_error(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(BASE + KEY.replace("commitment: ist-8", "comitment: ist-8"), encoding="utf-8")
    result = cli("test", path)
    assert result.exit_code == 2
    assert "unknown key 'comitment' in an expected finding" in result.stderr


def test_json_report(cli: Run, tmp_path: Path) -> None:
    import json

    path = tmp_path / "c.yaml"
    path.write_text(BASE + KEY, encoding="utf-8")
    result = cli("test", path, "--format", "json")
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert (out["checked"], out["met"]) == (3, 1)
    assert [m["code"] for m in out["mismatches"]] == ["expect-missing", "expect-present"]
    assert out["mismatches"][0]["line"] == 28
