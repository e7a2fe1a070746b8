"""The documentation is true: every command of README.md and docs/tutorial.md runs as written,
prints what the document shows, and every number marked in the prose is what argmap computes.

When a change of output is intended, `python tests/docs_sync.py --update` rewrites the shown
outputs and numbers from real runs; review the diff like code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.docs_sync import DOCS, commands, sync

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing")


@needs_dot
@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_documented_commands_print_what_the_document_shows(doc: Path) -> None:
    problems = sync(doc).problems
    assert not problems, (
        "\n\n".join(problems) + "\n\nIf the new output is right: python tests/docs_sync.py --update"
    )


def test_documents_show_outputs_to_compare() -> None:
    # The comparison above checks something only if the documents show outputs.
    shown = [c for doc in DOCS for c in commands(doc.read_text(encoding="utf-8")) if c.shown]
    assert len(shown) >= 8
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count("<!-- n: ") >= 5


def test_readme_commands_use_only_files_of_the_repository() -> None:
    # A reader's clone has no ../shared: every path a README command reads is in the repository.
    for cmd in commands((ROOT / "README.md").read_text(encoding="utf-8")):
        assert "../" not in cmd.text, f"README.md:{cmd.line}: {cmd.text}"


def test_readme_commands_run_as_copied() -> None:
    # Bare `argmap` is not on the PATH after `make demo`: the README writes .venv/bin/argmap.
    for cmd in commands((ROOT / "README.md").read_text(encoding="utf-8")):
        assert not cmd.text.startswith("argmap "), f"README.md:{cmd.line}: {cmd.text}"


DRIFTED = """\
Intro with <!-- n: test examples/minimal | checked -->99 expectations.

```console
$ argmap test examples/minimal
1 of 1 expectations met
$ argmap validate examples/minimal
ok: wrong
...
```
"""


def test_sync_reports_and_rewrites_drifted_outputs_and_numbers(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(DRIFTED, encoding="utf-8")
    outcome = sync(doc)
    assert len(outcome.problems) == 3  # two outputs and one number
    assert "says 99 where" in outcome.problems[-1]
    fixed = outcome.text
    assert "-->99" not in fixed and "<!-- n: test examples/minimal | checked -->" in fixed
    assert fixed.split("\n")[6].startswith("ok: 1 file")  # head-only output keeps its length
    assert fixed.split("\n")[7] == "..."
    doc.write_text(fixed, encoding="utf-8")
    assert sync(doc).problems == []


def test_numbers_written_as_words_are_true() -> None:
    # "Istanbul para. 8 gives six" (README, tutorial); "seven nodes" in examples/minimal.
    from argmap.corpus import load_corpus

    data = load_corpus([ROOT / "data"])
    para8 = [
        k
        for k in data.commitments.values()
        if k.document == "istanbul-1999" and k.locator.startswith("Para 8")
    ]
    assert len(para8) == 6
    minimal = load_corpus([ROOT / "examples" / "minimal"])
    assert len(minimal.claims) + len(minimal.commitments) == 7
    for doc in DOCS:
        text = " ".join(doc.read_text(encoding="utf-8").split())
        assert "seven" in text and "six" in text  # the sentences these numbers check
