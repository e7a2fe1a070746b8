"""The command line: version, schema, stats, and that every command is documented."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import Result

from argmap.cli import app
from argmap.corpus import load_corpus
from tests.conftest import BASE, ROOT

Run = Callable[..., Result]
Write = Callable[..., Path]


def test_version(cli: Run) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert re.fullmatch(r"argmap \d+\.\d+\.\d+\n", result.stdout)


def test_usage_error_exits_2(cli: Run) -> None:
    result = cli("validate", "--no-such-option")
    assert result.exit_code == 2
    assert "No such option: --no-such-option" in result.stderr


def schema_validator(cli: Run) -> jsonschema.Draft202012Validator:
    result = cli("schema")
    assert result.exit_code == 0
    return jsonschema.Draft202012Validator(json.loads(result.stdout))


def test_schema_accepts_the_shipped_data(cli: Run) -> None:
    validator = schema_validator(cli)
    for path in sorted((ROOT / "data").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        # The schema sees what an editor sees: dates as written, i.e. strings.
        doc = json.loads(json.dumps(doc, default=str))
        errs = sorted(e.message for e in validator.iter_errors(doc))
        assert errs == [], f"{path}: {errs[:3]}"


@pytest.mark.parametrize(
    "doc, fragment",
    [
        (
            {
                "claims": [
                    {
                        "id": "c",
                        "date": "2021-01-01",
                        "text": "t",
                        "source": {"title": "s"},
                        "speeker": "x",
                    }
                ]
            },
            "'speeker' was unexpected",
        ),
        ({"claimz": []}, "'claimz' was unexpected"),
        ({"actors": [{"id": "Bad", "kind": "state"}]}, "does not match"),
        (
            {"documents": [{"id": "d", "title": "t", "date": "1999-1-1", "binding": "legal"}]},
            "does not match",
        ),
    ],
    ids=["typo-key", "typo-section", "bad-id", "bad-date"],
)
def test_schema_rejects_typos(cli: Run, doc: dict[str, object], fragment: str) -> None:
    errs = [e.message for e in schema_validator(cli).iter_errors(doc)]
    assert any(fragment in e for e in errs), errs


def test_schema_to_file(cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    assert cli("schema", "-o", out).exit_code == 0
    assert json.loads(out.read_text())["title"] == "argmap corpus file"


def test_stats_json_on_data(cli: Run) -> None:
    result = cli("stats", ROOT / "data", "--format", "json")
    assert result.exit_code == 0, result.stderr
    stats = json.loads(result.stdout)
    counts = stats["counts"]
    sections = {"actors", "documents", "propositions", "commitments", "claims"}
    assert set(counts) == sections | {"examples"}  # data/ teaches check's reader
    assert counts["examples"] == len(load_corpus([ROOT / "data"]).examples) > 0
    assert counts["claims"] == sum(stats["claims_by_actor"].values())
    assert counts["commitments"] == sum(stats["commitments_by_document"].values())
    assert "istanbul-1999" in stats["commitments_by_document"]


def test_stats_text_names_actors(cli: Run, write: Write) -> None:
    result = cli("stats", write(BASE))
    assert result.exit_code == 0
    assert "russia" in result.stdout and "claims by actor" in result.stdout


def test_stats_json_is_stable(cli: Run) -> None:
    first = cli("stats", ROOT / "data", "--format", "json").stdout
    assert first == cli("stats", ROOT / "data", "--format", "json").stdout


def test_every_command_has_help_and_is_in_the_readme() -> None:
    import typer.main

    group = typer.main.get_command(app)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"command {name} has no help text"
        assert f"argmap {name}" in readme, f"command {name} is not documented in README.md"
