"""The documentation's commands run: every `$ argmap ...` line of the tutorial and README."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.cli import app
from tests.conftest import ROOT


def _commands(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line[len("$ argmap ") :] for line in lines if line.startswith("$ argmap ")]


COMMANDS = [
    (doc.name, cmd)
    for doc in (ROOT / "docs" / "tutorial.md", ROOT / "README.md")
    for cmd in _commands(doc)
]


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing")
@pytest.mark.parametrize("doc, command", COMMANDS, ids=[f"{d}: {c}" for d, c in COMMANDS])
def test_documented_command_runs(
    doc: str, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").symlink_to(ROOT / "data")
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path / "cache"))
    args = shlex.split(command.split("  #")[0])
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    # 1 is a --fail-on match, which the docs show on purpose; anything else must succeed.
    assert result.exit_code in (0, 1) if "--fail-on" in args else result.exit_code == 0, (
        f"{doc}: argmap {command}\n{result.stderr}"
    )
