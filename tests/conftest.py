"""Shared fixtures: write small corpora to disk and run the command line on them."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from argmap.cli import app

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"
#: The project's seed statement (issue 14): Lavrov's reading of indivisible security.
SEED = (
    "NATO expansion to the east threatens Russia's security and violates the principle of "
    "indivisible security"
)
GOLDEN = Path(__file__).parent / "golden"

# Debian's Chromium, never a downloaded browser, and the flags that keep it off the network
# (without them it tries Google's hosts at every start): the browser and print tests share them.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# A small valid corpus the rejection tests start from and break one thing in.
BASE = """\
corpus: {title: Base}
actors:
  - {id: russia, name: Russian Federation, kind: state, successor_of: ussr}
  - {id: ussr, name: USSR, kind: state}
  - {id: lavrov, name: Sergey Lavrov, kind: person, represents: russia}
documents:
  - id: ist
    title: Charter for European Security
    date: 1999-11-19
    binding: political
    parties: [russia]
propositions:
  - {id: choice, text: Free choice of alliances.}
  - {id: ban, text: No further NATO enlargement., excludes: [choice]}
commitments:
  - {id: ist-8, document: ist, locator: para. 8, text: Free to choose., asserts: [choice]}
claims:
  - id: c1
    speaker: lavrov
    date: 2021-12-17
    text: No enlargement.
    source: {title: Draft}
    asserts: [ban]
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite golden files from current output"
    )


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write dedented YAML text to a file under tmp_path and return its path."""

    def _write(text: str | bytes, name: str = "corpus.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run ``argmap ARGS...`` in-process; stdout and stderr are kept apart."""
    runner = CliRunner()

    def _run(*args: str | Path) -> Result:
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return _run


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text output with a reviewed golden file (``--update-golden`` rewrites it)."""

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
        assert path.exists(), f"missing golden file {path}; run pytest --update-golden"
        assert actual == path.read_text(encoding="utf-8"), f"golden mismatch: {path}"

    return check


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """check's disk cache under this test's tmp_path: no test reads another's, or the user's.

    Modules of check tests use it for every test: ``pytestmark = pytest.mark.usefixtures(...)``.
    """
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def checker() -> Any:
    """A checker of data/, built once a module, without the disk cache."""
    from argmap.check import load_checker

    return load_checker([ROOT / "data"], use_cache=False)


def inferred(checker: Any, text: str) -> set[str]:
    """The literals ``check`` infers from `text`, written "+p" and "-p" (no closure)."""
    inf = checker.infer_text(text)
    return {f"+{p}" for p in inf.asserts} | {f"-{p}" for p in inf.denies}


def replant_cache(target: Path, change: Callable[[dict[str, Any], dict[str, Any]], None]) -> None:
    """Rewrite a check cache file with `change` applied to its arrays and metadata, and a valid
    SHA-256: what only a planted file, not damage, can look like."""
    from argmap import check

    key = target.name.removeprefix("check-").removesuffix(".cache")
    arrays, meta = check._decode_cache(target.read_bytes(), key)
    arrays = dict(arrays)
    change(arrays, meta)
    target.write_bytes(check._encode_cache(key, arrays, meta))
