"""Cue words with alternatives (``a|b|c``, issue 14, third round): one cue covers the ways a
thing is said across words and languages, and a typo in one is refused with its place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from argmap.check import Checker, load_checker
from tests.conftest import inferred

Run = Callable[..., Result]
Write = Callable[..., Path]

pytestmark = pytest.mark.usefixtures("private_cache")

CORPUS = """\
actors:
  - {id: borduria, name: Borduria, kind: state}
propositions:
  - id: dam-threatens-borduria
    text: The dam threatens Borduria.
    cues:
      - "dam|reservoir|плотина threat|danger|угроза"
      - "affirmed: dam|reservoir harms|hurts"
"""


@pytest.fixture
def dam(write: Write) -> Checker:
    return load_checker([write(CORPUS)], use_cache=False)


@pytest.mark.parametrize(
    "text",
    [
        "The reservoir is a grave danger.",
        "The dam poses a threat.",
        "Плотина создаёт угрозу.",  # another language, inflected: "угрозу" for "угроза"
    ],
)
def test_any_alternative_of_each_word_matches(dam: Checker, text: str) -> None:
    assert inferred(dam, text) == {"+dam-threatens-borduria"}


def test_words_not_listed_do_not_match(dam: Checker) -> None:
    assert inferred(dam, "The dam is a risk.") == set()  # "risk" is not an alternative
    assert inferred(dam, "The river is a danger.") == set()  # nor is "river"


def test_alternatives_keep_the_scope_rules(dam: Checker) -> None:
    assert inferred(dam, "The reservoir is no danger.") == {"-dam-threatens-borduria"}
    # affirmed: lends only when affirmed
    assert inferred(dam, "The reservoir hurts the valley.") == {"+dam-threatens-borduria"}
    assert inferred(dam, "The dam does not harm anyone.") == set()


def test_check_answers_on_a_corpus_of_one_proposition(cli: Run, write: Write) -> None:
    """One record used to crash the similarity index (a traceback, not an answer)."""
    result = cli("check", "The reservoir is a danger.", write(CORPUS), "--actor", "borduria")
    assert result.exit_code == 0, result.stderr
    assert "dam-threatens-borduria" in result.stdout


@pytest.mark.parametrize(
    "cue, bad",
    [("dam||reservoir threat", "dam||reservoir"), ("Borduria's|Avalonia's dam", "Borduria's")],
)
def test_a_bad_alternative_is_refused_with_its_place(
    cli: Run, write: Write, cue: str, bad: str
) -> None:
    path = write(CORPUS.replace("dam|reservoir|плотина threat|danger|угроза", cue))
    result = cli("validate", path)
    assert result.exit_code == 2
    assert f"{path}:7:9: error: proposition 'dam-threatens-borduria'" in result.stderr
    assert f"alternatives in '{bad}" in result.stderr
    assert "Traceback" not in result.stderr
