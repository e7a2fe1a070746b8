"""Worksheets: the map without derived relations, numbered questions, a separate key."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from argmap.corpus import load_corpus
from argmap.findings import find_all
from argmap.graph import build_graph
from argmap.worksheet import questions
from tests.conftest import ROOT

Run = Callable[..., Result]
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing")


def test_every_question_has_an_answer_drawn_from_the_findings() -> None:
    ag = build_graph(load_corpus([ROOT / "data"]))
    found = find_all(ag)
    qs = questions(ag, found)
    assert [q.number for q in qs] == list(range(1, len(qs) + 1))
    kinds = {q.kind for q in qs}
    assert {"breach", "selective-invocation", "contradiction", "reversal"} <= kinds
    pairs = {(f.kind, f.nodes) for f in found}
    for q in qs:
        assert (q.kind, q.nodes) in pairs
        assert q.answer.split(" ")[0].strip("(,.") in q.nodes or q.kind == "contradiction"


@needs_dot
def test_markdown_sheet_key_and_map(cli: Run, tmp_path: Path) -> None:
    result = cli("worksheet", ROOT / "data", "-o", tmp_path / "sheet.md")
    assert result.exit_code == 0, result.stderr
    sheet = (tmp_path / "sheet.md").read_text(encoding="utf-8")
    key = (tmp_path / "sheet-key.md").read_text(encoding="utf-8")
    svg = html.unescape((tmp_path / "sheet-map.svg").read_text(encoding="utf-8"))
    assert "![The map, derived relations removed](sheet-map.svg)" in sheet
    assert re.search(r"^1\. Claim ", sheet, re.M)
    assert "(breach)" not in sheet and "(breach)" in key
    # The map shows what the texts state, never a derived verdict.
    assert ">breach<" not in svg and ">reversal<" not in svg
    assert "ru-2021-12-17-draft-agreement" in svg


@needs_dot
def test_pdf_sheet_has_map_and_question_pages(cli: Run, tmp_path: Path) -> None:
    from pypdf import PdfReader

    result = cli("worksheet", ROOT / "data", "-o", tmp_path / "sheet.pdf")
    assert result.exit_code == 0, result.stderr
    assert len(PdfReader(tmp_path / "sheet.pdf").pages) >= 3
    assert len(PdfReader(tmp_path / "sheet-key.pdf").pages) >= 1


def test_unknown_suffix_is_refused(cli: Run, tmp_path: Path) -> None:
    result = cli("worksheet", ROOT / "data", "-o", tmp_path / "sheet.docx")
    assert result.exit_code == 2
    assert result.stderr.endswith("a worksheet is written as .md or .pdf, not '.docx'  [error]\n")
