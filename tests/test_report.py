"""The findings report: golden Markdown, escaping, determinism and the command line."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from argmap.corpus import load_corpus
from argmap.findings import find_all
from argmap.graph import build_graph
from argmap.report import report_text, write_report
from tests.conftest import ROOT

SMALL = Path("tests/fixtures/render/small.yaml")  # relative: the report names its files
HOSTILE = Path("tests/fixtures/render/hostile.yaml")
DATA = Path("data")

Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def text_of(corpus: Path, fmt: str) -> str:
    ag = build_graph(load_corpus([corpus]))
    return report_text(ag, find_all(ag), fmt)


def test_golden_small_markdown(golden: Callable[[str, str], None]) -> None:
    golden("report/small.md", text_of(SMALL, "md"))


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_is_byte_stable(fmt: str) -> None:
    assert text_of(DATA, fmt) == text_of(DATA, fmt)


def test_report_on_data_has_every_section_and_every_breach() -> None:
    text = text_of(DATA, "md")
    for heading in (
        "## Summary",
        "## Breaches",
        "## Selective invocations",
        "## Reversals",
        "## Tensions between commitments",
        "### Within one document",
        "## Sources",
    ):
        assert f"\n{heading}\n" in text, heading
    ag = build_graph(load_corpus([DATA]))
    breaches = [f for f in find_all(ag) if f.kind == "breach"]
    assert "| Breaches | 58 |" in text and len(breaches) == 58
    for f in breaches:  # every breached commitment is quoted under its claim
        assert f"`{f.nodes[1]}`" in text
    for d in ag.corpus.documents.values():
        if d.url:
            assert f"]({d.url})" in text, d.id


def test_markdown_escapes_hostile_text() -> None:
    text = text_of(HOSTILE, "md")
    assert '# Findings report: Hostile &lt;map&gt; &amp; "quotes"\n' in text
    assert "&lt;b&gt;bold&lt;/b&gt; &amp;amp; {x\\|y} \\\\N \\\\G \\\\L back\\\\slash" in text
    assert "second line \\| pipe" in text  # a newline in a quote stays inside its table cell
    assert "<b>" not in text and "<i>" not in text
    assert "](https://example.org/a?b=1&c=%222%22)" in text
    # Every table row still has as many cells as its header.
    for line in text.splitlines():
        if line.startswith("| “Он сказал"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 3


def test_html_escapes_hostile_text() -> None:
    text = text_of(HOSTILE, "html")
    assert "<h1>Hostile &lt;map&gt; &amp; &#34;quotes&#34;</h1>" in text
    assert "&lt;b&gt;bold&lt;/b&gt; &amp;amp;amp;" not in text
    assert "He said &#34;yes&#34; &lt;b&gt;bold&lt;/b&gt; &amp;amp; {x|y}" in text
    assert "<b>" not in text and "<i>" not in text and "<wire>" not in text
    assert 'href="https://tass.ru/a?x=1&amp;y=2"' in text


def test_html_report_is_offline_and_printable() -> None:
    text = text_of(DATA, "html")
    assert not re.search(r"<(script|link|img)\b", text)
    assert "@page" in text and "@media print" in text
    assert text.startswith("<!DOCTYPE html>")


def test_write_report_summary(tmp_path: Path) -> None:
    ag = build_graph(load_corpus([SMALL]))
    done = write_report(ag, tmp_path / "r.md")
    assert done.summary == (
        "1 breach, 1 selective invocation, 1 contradiction, 1 reversal, 1 disagreement, 6 supports"
    )


# --- the command line -----------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["md", "html"])
def test_cli_report(cli: Run, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"report.{suffix}"
    result = cli("report", SMALL, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"wrote {out} (1 breach, 1 selective invocation, 1 contradiction, 1 reversal, "
        "1 disagreement, 6 supports)\n"
    )
    assert "Charter for European Security" in out.read_text(encoding="utf-8")


def test_cli_report_unknown_suffix(cli: Run, tmp_path: Path) -> None:
    result = cli("report", SMALL, "-o", tmp_path / "report.txt")
    assert result.exit_code == 2
    assert result.stderr == (
        f"argmap: error: cannot tell the format of '{tmp_path / 'report.txt'}': the file name "
        "must end in .md, .html or .pdf  [unknown-format]\n"
    )
    assert not (tmp_path / "report.txt").exists()


def test_cli_report_bad_corpus(cli: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("claimz: []\n", encoding="utf-8")
    result = cli("report", bad, "-o", tmp_path / "report.md")
    assert result.exit_code == 2
    assert "unknown section 'claimz'" in result.stderr
    assert not (tmp_path / "report.md").exists()
