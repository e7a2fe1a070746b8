"""Defects a review found (each a behaviour a user would hit), pinned so they stay fixed."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import BASE, ROOT

Run = Callable[..., Result]
DATA = ROOT / "data"


pytestmark = pytest.mark.usefixtures("private_cache")


@pytest.mark.parametrize("text", ["", "   "], ids=["empty", "blank"])
def test_check_refuses_empty_text(cli: Run, text: str) -> None:
    result = cli("check", text, DATA, "--speaker", "lavrov")
    assert result.exit_code == 2
    assert result.stderr == "argmap: error: text: text must not be empty\n"


def test_directory_without_corpus_files_is_an_error(cli: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for args in (("validate", empty), ("check", "x", empty, "--speaker", "a")):
        result = cli(*args)
        assert result.exit_code == 2
        assert result.stderr == (
            f"{empty}: error: no corpus file (*.yaml or *.yml) in this directory  [no-files]\n"
        )


def test_check_on_a_corpus_without_texts(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text("actors:\n  - {id: a, kind: state}\n", encoding="utf-8")
    result = cli("check", "Words.", path, "--speaker", "a", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["matches"] == []


def test_a_file_reached_twice_is_read_once(cli: Run) -> None:
    result = cli("validate", DATA, DATA / "claims.yaml")
    assert result.exit_code == 0, result.stderr
    files = len(list(DATA.glob("*.yaml")))
    assert result.stdout.startswith(f"ok: {files} files")


def test_unknown_ids_in_a_statements_file_are_all_located(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "st.yaml"
    path.write_text(
        "- {text: One., speaker: lavrov}\n- {text: Two., speaker: nosuch, asserts: [nope]}\n",
        encoding="utf-8",
    )
    result = cli("check", "--file", path, DATA)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{path}:2:3: error: statement 2: unknown ") for line in lines)


@pytest.mark.parametrize("value", ["20220101", "2022-W01-1"])
def test_date_options_take_only_yyyy_mm_dd(cli: Run, value: str) -> None:
    result = cli("analyze", DATA, "--until", value)
    assert result.exit_code == 2
    assert result.stderr == f"argmap: error: --until takes a date as YYYY-MM-DD, not '{value}'\n"


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing")
def test_pdf_maps_are_byte_stable(cli: Run, tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for out in (a, b):
        assert (
            cli("render", DATA, "-o", out, "--focus", "istanbul-1999-p8-free-choice").exit_code == 0
        )
    assert a.read_bytes() == b.read_bytes()


def test_analyze_actor_matches_speakers(cli: Run) -> None:
    result = cli("analyze", DATA, "--actor", "lavrov", "--kind", "breach", "-f", "json")
    found = json.loads(result.stdout)["findings"]
    assert found and all(f["claim"].startswith("ru-2022-") for f in found)


def test_a_repeated_reference_is_refused(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(BASE.replace("asserts: [ban]\n", "asserts: [ban, ban]\n"), encoding="utf-8")
    result = cli("validate", path)
    assert result.exit_code == 2
    assert "'ban' is listed twice in asserts of 'c1'  [duplicate-ref]" in result.stderr


def test_reversal_verdict_when_the_statement_is_older(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(BASE, encoding="utf-8")  # c1: Lavrov for Russia, 2021-12-17, asserts ban
    result = cli(
        "check",
        "Each state chooses.",
        path,
        "--speaker",
        "russia",
        "--date",
        "2000-01-01",
        "--asserts",
        "choice",
    )
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first == "REVERSAL: Russian Federation reversed this position on 2021-12-17 (c1)"
