"""Small things a newcomer trips on: why a claim is out, what -o wrote, plurals, plain wording,
what to do about an unknown speaker, help texts that say what the option does, a quiet stderr."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.cli import app
from tests.conftest import ROOT

DATA = ROOT / "data"
MINIMAL = ROOT / "examples" / "minimal"


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_evaluate_says_which_attack_defeats_a_claim_and_from_whom() -> None:
    code, out, _ = run("evaluate", DATA, "--prefer", "binding")
    assert code == 0
    flat = " ".join(out.split())
    assert (
        "nato-2022-01-26-written-response (North Atlantic Treaty Organization, 2022-01-26) "
        "out: attacked by ru-2022-01-28-lavrov-letter (Russian Federation, 2022-01-28), which "
        "stands: its text states the attack; and 2 more" in flat
    )
    code, out, _ = run("evaluate", DATA, "--prefer", "binding", "-f", "json")
    data = json.loads(out)
    assert set(data["defeated_by"]) == {i for i, lab in data["labels"].items() if lab == "out"}
    for defeaters in data["defeated_by"].values():
        assert defeaters and all(data["labels"][d["by"]] == "in" for d in defeaters)


def test_schema_and_export_say_what_they_wrote(tmp_path: Path) -> None:
    target = tmp_path / "corpus.schema.json"
    code, out, _ = run("schema", "-o", target)
    assert code == 0 and out.startswith(f"wrote {target} (the JSON Schema")
    target = tmp_path / "map.apx"
    code, out, _ = run("export", MINIMAL, "--to", "apx", "-o", target)
    assert code == 0 and out == f"wrote {target} (apx, all relations)\n"


def test_counts_are_singular_for_one(tmp_path: Path) -> None:
    one = (ROOT / "tests" / "fixtures" / "formats" / "small.yaml").read_text(encoding="utf-8")
    (tmp_path / "c.yaml").write_text(one, encoding="utf-8")
    code, out, _ = run("validate", tmp_path)
    assert code == 0 and out.startswith("ok: 1 file,")
    assert "(s)" not in out
    code, out, _ = run("evaluate", MINIMAL)
    assert "1 extension," in out


def test_messages_do_not_speak_pydantic(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "claims:\n  - id: c1\n    actor: a\n    date: 2020-01-01\n    text: t\n"
        "    source: TASS\n    verified: maybe\n",
        encoding="utf-8",
    )
    code, _, err = run("validate", path)
    assert code == 2
    assert "source: must be a mapping (key: value) with keys locator, title, url, not 'TASS'" in err
    assert "verified: must be true or false, not 'maybe'" in err
    assert "instance of" not in err and "Input should" not in err


def test_unknown_speaker_says_how_to_add_one() -> None:
    code, _, err = run("check", "Words.", DATA, "--speaker", "macron", "--date", "2022-02-01")
    assert code == 2
    assert "unknown speaker 'macron'" in err
    assert "actors:" in err and "--actor" in err and "argmap list actors" in err


def test_render_and_html_help_say_what_their_options_do() -> None:
    _, out, _ = run("render", "--help")
    flat = " ".join(out.split())
    assert "Only findings" not in flat
    assert "Only the claims of this actor" in flat and "claims made on or after" in flat
    _, out, _ = run("html", "--help")
    assert "per page" not in out and "each page" not in out


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing")
def test_deck_off_a_terminal_leaves_stderr_empty(tmp_path: Path) -> None:
    code, out, err = run(
        "render", MINIMAL, "-o", tmp_path / "deck.pdf", "--deck", "--timeout", "30"
    )
    assert code == 0 and out.startswith("wrote ")
    assert err == ""


def test_license_is_an_spdx_string() -> None:
    # setuptools >= 77 warns (three times per install) when project.license is a table.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"


def test_export_help_lists_every_format() -> None:
    from argmap.formats import EXPORT_FORMATS

    _, out, _ = run("export", "--help")
    flat = " ".join(out.split())
    for fmt in EXPORT_FORMATS:
        assert fmt in flat, fmt


def test_statement_files_do_not_speak_pydantic_either(tmp_path: Path) -> None:
    path = tmp_path / "st.yaml"
    path.write_text(
        "- text: hi\n  speaker: lavrov\n  date: 2022-01-01\n  source: TASS\n", encoding="utf-8"
    )
    code, _, err = run("check", "--file", path, DATA)
    assert code == 2
    assert err == (
        f"{path}:4:11: error: statement 1: source: must be a mapping (key: value) with keys "
        "locator, title, url, not 'TASS'  [schema]\n"
    )
