"""The newcomer's tools: list, explain on any id, init, shell completion, examples in --help."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.cli import app
from argmap.cli_tools import EXAMPLES, STARTER
from argmap.findings import KINDS
from tests.conftest import ROOT

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), prog_name="argmap", catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_list_propositions_shows_every_id_with_its_text() -> None:
    code, out, _ = run("list", "propositions", str(ROOT / "data"))
    assert code == 0
    lines = out.splitlines()
    assert len(lines) >= 24
    ban = next(line for line in lines if line.startswith("ban-nato-enlargement "))
    assert "NATO must not admit further members" in ban


def test_list_json_and_search() -> None:
    code, out, _ = run(
        "list", "claims", str(ROOT / "data"), "--search", "lavrov 2022-02-01", "-f", "json"
    )
    assert code == 0
    ids = [row["id"] for row in json.loads(out)["claims"]]
    assert ids == ["ru-2022-02-01-lavrov-freedom-of-unions", "ru-2022-02-01-lavrov-oblivion"]
    code, out, err = run("list", "actors", str(ROOT / "data"), "--search", "nobody-at-all")
    assert (code, out) == (0, "") and "no actors match" in err


@pytest.mark.parametrize("section", ["actors", "documents", "commitments"])
def test_list_other_sections(section: str) -> None:
    code, out, _ = run("list", section, str(ROOT / "examples" / "minimal"), "-f", "json")
    assert code == 0 and json.loads(out)[section]


def test_list_rejects_an_unknown_section() -> None:
    code, _, err = run("list", "treaties")
    assert code == 2 and "propositions" in err


def test_explain_a_proposition_shows_who_asserts_and_denies_it() -> None:
    code, out, _ = run("explain", "ban-nato-enlargement", str(ROOT / "data"))
    assert code == 0
    assert "excludes: free-choice-of-alliances" in out
    assert "ru-2021-12-17-draft-agreement" in out


def test_explain_an_actor_shows_its_claims_and_documents() -> None:
    code, out, _ = run("explain", "russia", str(ROOT / "data"), "-f", "json")
    data = json.loads(out)
    assert code == 0 and data["successor_of"] == "ussr"
    assert "istanbul-1999" in data["party_to"]
    assert "ru-2021-12-17-draft-agreement" in data["claims"]


def test_explain_a_claim_shows_its_stated_attacks_and_who_invokes_a_commitment() -> None:
    code, out, _ = run("explain", "ru-2022-01-28-lavrov-letter", str(ROOT / "data"))
    assert code == 0
    assert "attacks: nato-2022-01-26-written-response, us-2022-01-26-written-response" in out
    code, out, _ = run("explain", "istanbul-1999-p8-no-expense", str(ROOT / "data"), "-f", "json")
    assert "ru-2022-01-30-lavrov-request" in json.loads(out)["stated"]["invoked_by"]


def test_explain_unknown_id_names_every_kind_it_accepts() -> None:
    code, _, err = run("explain", "ban-nato-enlargment", str(ROOT / "data"))
    assert code == 2
    assert "proposition or actor" in err and "did you mean 'ban-nato-enlargement'" in err


def test_init_writes_a_starter_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "starter"
    code, out, _ = run("init", str(target))
    assert code == 0 and "argmap validate" in out
    text = (target / "corpus.yaml").read_text(encoding="utf-8")
    assert text.startswith("#") and f"argmap validate {target}" in text
    code, out, err = run("validate", str(target))
    assert code == 0, err
    assert out.startswith("ok: 1 file,")
    code, _, err = run("init", str(target))  # never overwrites someone's corpus
    assert code == 2 and "not an empty directory" in err


def test_starter_is_the_minimal_example() -> None:
    # The starter is examples/minimal, commented line by line; they must not drift apart.
    minimal = (ROOT / "examples" / "minimal" / "corpus.yaml").read_text(encoding="utf-8")
    assert STARTER.read_text(encoding="utf-8") == minimal


def test_show_completion_prints_a_bash_script_without_touching_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    code, out, _ = run("--show-completion", "bash")
    assert code == 0
    assert "complete" in out and "_ARGMAP_COMPLETE" in out
    assert list(tmp_path.iterdir()) == []  # --show-completion only prints


def test_analyze_kind_help_lists_every_kind() -> None:
    code, out, _ = run("analyze", "--help")
    flat = " ".join(out.split())
    assert code == 0
    for kind in KINDS:
        assert kind in flat


def test_every_command_shows_an_example_in_its_help() -> None:
    for info in app.registered_commands:
        name = info.name or info.callback.__name__  # type: ignore[union-attr]
        code, out, _ = run(name, "--help")
        assert code == 0
        assert f"Example: {EXAMPLES[name]}" in " ".join(out.split()), name


NOT_RUN = {"watch"}  # runs until interrupted


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing")
def test_every_help_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("data", "examples", "tests"):  # evaluate-check reads a fixture
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ARGMAP_CACHE_DIR", str(tmp_path / "cache"))
    # import reads what an export writes; init must run before anything reads my-dispute
    order = ["init", "export", *sorted(set(EXAMPLES) - {"init", "export"})]
    for name in order:
        if name in NOT_RUN:
            continue
        words = shlex.split(EXAMPLES[name])
        if name == "export":
            words = [*words[:3], "aif", "-o", "out/argmap.aif.json"]
            code, _, err = run(*words[1:])
            assert code == 0, err
            words = shlex.split(EXAMPLES[name])
        code, _, err = run(*words[1:])
        assert code == 0, f"{EXAMPLES[name]}: {err}"
