"""`argmap export` and `argmap import`: one success and exact-error cases each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from argmap.corpus import load_corpus
from argmap.formats import export_text
from argmap.graph import build_graph
from tests.conftest import SHARED

Run = Callable[..., Result]
SMALL = Path(__file__).parent / "fixtures" / "formats" / "small.yaml"


@pytest.mark.parametrize("fmt", ["argdown", "aif", "graphml", "json"])
def test_export_writes_the_file(cli: Run, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "sub" / f"map.{fmt}"
    result = cli("export", SMALL, "--to", fmt, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote {out} ({fmt}, all relations)\n"  # says what it wrote
    assert out.read_text(encoding="utf-8") == export_text(build_graph(load_corpus([SMALL])), fmt)


def test_export_to_stdout_without_o(cli: Run) -> None:
    result = cli("export", SMALL, "--to", "argdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("===\ntitle: ")


def test_export_explicit_only(cli: Run) -> None:
    result = cli("export", SMALL, "--to", "argdown", "--explicit-only")
    assert result.exit_code == 0
    assert "  >< " not in result.stdout


def test_export_unknown_format(cli: Run) -> None:
    result = cli("export", SMALL, "--to", "aiff", "-o", "x")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "argmap: error: --to: unknown format 'aiff'; did you mean 'aif'? "
        "(formats: argdown, aif, graphml, json, apx)\n"
    )


def test_export_needs_a_format(cli: Run) -> None:
    result = cli("export", SMALL)
    assert result.exit_code == 2
    assert result.stderr == "argmap: error: --to FORMAT is required\n"


def test_export_of_an_invalid_corpus_exits_2(cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("claims:\n  - id: Bad\n", encoding="utf-8")
    result = cli("export", bad, "--to", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{bad}:2:" in result.stderr


def test_import_aif(cli: Run, tmp_path: Path) -> None:
    src = SHARED / "reference" / "aif" / "papa_rebut_undercut.json"
    if not src.exists():
        pytest.skip(f"{src} is not here")
    out = tmp_path / "imported"
    result = cli("import", "--from", "aif", src, "-o", out)
    assert result.exit_code == 0, result.stderr
    path = out / "papa_rebut_undercut.yaml"
    assert result.stdout == (
        f"wrote {path}: 4 claims, 3 actors, 1 support, 1 attack, 1 undercut reported\n"
    )
    assert result.stderr.startswith(f"{src}:1:1876: warning: undercut: CA 41_173158685654602051")
    assert cli("validate", out).exit_code == 0


def test_import_malformed_json_is_located(cli: Run, tmp_path: Path) -> None:
    src = tmp_path / "broken.json"
    src.write_text('{"nodes": [\n  {"nodeID": "1" "type": "I"}\n]}\n', encoding="utf-8")
    result = cli("import", "--from", "aif", src, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"{src}:2:18: error: invalid JSON: Expecting ',' delimiter  [json]\n"
    assert not (tmp_path / "out").exists()


def test_import_missing_file(cli: Run, tmp_path: Path) -> None:
    src = tmp_path / "nope.json"
    result = cli("import", "--from", "aif", src, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr == f"{src}: error: no such file  [missing-file]\n"


def test_import_unknown_format(cli: Run, tmp_path: Path) -> None:
    result = cli("import", "--from", "kialo", "x.json", "-o", tmp_path)
    assert result.exit_code == 2
    assert (
        result.stderr == "argmap: error: --from: unknown format 'kialo' (formats: aif, argdown)\n"
    )


def test_import_needs_an_output_directory(cli: Run, tmp_path: Path) -> None:
    result = cli("import", "--from", "aif", "x.json")
    assert result.exit_code == 2
    assert result.stderr == (
        "argmap: error: -o DIR is required: the directory to write the corpus into\n"
    )


def test_export_then_import_through_the_cli(cli: Run, tmp_path: Path) -> None:
    aif = tmp_path / "small.json"
    assert cli("export", SMALL, "--to", "aif", "-o", aif).exit_code == 0
    result = cli("import", "--from", "aif", aif, "-o", tmp_path / "back")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith(f"wrote {tmp_path / 'back' / 'small.yaml'}: 7 claims, ")
