"""The interactive page: self-contained, escaped, byte-stable; and the command line.

The page is exercised in a real browser in ``test_browser.py``; these tests read its text.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from typer.testing import Result

from argmap.corpus import load_corpus
from argmap.findings import find_all
from argmap.graph import build_graph
from argmap.render.page import annotate_svg, script_json, write_page
from argmap.render.view import select
from tests.conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "render"
SMALL = FIXTURES / "small.yaml"
HOSTILE = FIXTURES / "hostile.yaml"
DATA = ROOT / "data"

Run = Callable[..., Result]
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")


@cache
def page_of(corpus: Path, directory: Path) -> str:
    out = directory / f"{corpus.stem}.html"
    write_page(build_graph(load_corpus([corpus])), out)
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], str]:
    directory = tmp_path_factory.mktemp("pages")
    return lambda corpus: page_of(corpus, directory)


def embedded_data(page: str) -> dict[str, object]:
    m = re.search(r'<script type="application/json" id="argmap-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    data: dict[str, object] = json.loads(m.group(1))
    return data


# --- what the page holds ------------------------------------------------------------------


@needs_dot
def test_page_holds_every_claim_and_commitment_id(pages: Callable[[Path], str]) -> None:
    page = pages(DATA)
    corpus = load_corpus([DATA])
    svg = page[page.index("<svg") : page.index("</svg>")]
    for ident in corpus.claims:
        assert f'data-node="{ident}"' in svg, ident
    nodes = embedded_data(page)["nodes"]
    assert isinstance(nodes, dict)
    assert set(nodes) == set(corpus.claims) | set(corpus.commitments)


@needs_dot
def test_every_drawn_node_and_edge_is_wired(pages: Callable[[Path], str]) -> None:
    page = pages(DATA)
    ag = build_graph(load_corpus([DATA]))
    selection = select(ag, find_all(ag))
    assert page.count("data-node=") == len(selection.nodes)
    assert page.count('class="edge"') == len(selection.edges)
    assert page.count("data-kind=") == len(selection.edges)


@needs_dot
def test_page_is_offline(pages: Callable[[Path], str]) -> None:
    page = pages(DATA)
    assert not re.search(r"<script[^>]*\bsrc=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"<(img|iframe|object|embed|audio|video)\b", page, re.I)
    assert "@import" not in page
    assert re.findall(r"url\(\s*['\"]?(?!data:)", page) == []
    assert not re.search(r"""\bsrc\s*=\s*["']?https?:""", page, re.I)
    assert "<!DOCTYPE svg" not in page and "<?xml" not in page


@needs_dot
def test_fonts_are_embedded_when_installed(pages: Callable[[Path], str]) -> None:
    from argmap.render.fonts import find_font

    if find_font("normal") is None or find_font("bold") is None:
        pytest.skip("DejaVu Sans is not installed (Debian: fonts-dejavu-core)")
    page = pages(DATA)
    assert page.count('@font-face{font-family:"DejaVu Sans"') == 2
    assert len(page) < 2_000_000


@needs_dot
def test_hostile_text_is_escaped_everywhere(pages: Callable[[Path], str]) -> None:
    page = pages(HOSTILE)
    corpus = load_corpus([HOSTILE])
    # No corpus text becomes markup: the tags in the texts never appear raw.
    for raw in ("<b>bold</b>", "<i>", "<wire>", "<map>", "<B>", "<1>"):
        assert raw not in page, raw
    assert page.count("</script>") == 2  # the data block's and the script's own
    # The data block gives back every text exactly.
    data = embedded_data(page)
    nodes = data["nodes"]
    assert isinstance(nodes, dict)
    claim = corpus.claims["hostile-claim"]
    assert nodes["hostile-claim"]["text"] == claim.text
    assert nodes["hostile-claim"]["original"]["text"] == claim.original.text  # type: ignore[union-attr]
    assert nodes["hostile-claim"]["source"]["url"] == "https://tass.ru/a?x=1&y=2"
    assert nodes["doc-1"]["text"] == corpus.commitments["doc-1"].text
    assert data["title"] == 'Hostile <map> & "quotes"'
    # The title in <title> and <h1> is escaped HTML.
    assert "<title>Hostile &lt;map&gt; &amp; &#34;quotes&#34; · argmap</title>" in page
    assert "Россия {RU}" in page


def test_script_json_cannot_close_its_element() -> None:
    text = script_json({"a": "</script><script>alert(1)</script>", "b": "<!--", "c": "\u2028"})
    assert "<" not in text and ">" not in text and "\u2028" not in text
    assert json.loads(text)["a"] == "</script><script>alert(1)</script>"


@needs_dot
def test_page_is_byte_stable(tmp_path: Path) -> None:
    ag = build_graph(load_corpus([DATA]))
    write_page(ag, tmp_path / "a.html")
    write_page(build_graph(load_corpus([DATA])), tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_annotate_svg_reads_graphviz_groups() -> None:
    ag = build_graph(load_corpus([SMALL]))
    selection = select(ag, find_all(ag))
    e = selection.edges[0]
    svg = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg>\n<!-- Generated -->\n<svg viewBox="0 0 1 1">\n'
        '<g id="ru&#45;2002" class="node">\n<title>ru&#45;2002</title>\n</g>\n'
        '<g id="legend" class="node">\n<title>legend</title>\n</g>\n'
        f'<g id="edge1" class="edge">\n<title>{e.source}&#45;&gt;{e.target}</title>\n'
        f'<g id="a_edge1"><a xlink:title="{e.source} → {e.target}: x">\n</a></g>\n</g>\n</svg>\n'
    )
    out = annotate_svg(svg, selection)
    assert out.startswith("<svg")
    assert '<g id="ru&#45;2002" class="node" data-node="ru-2002"' in out
    assert '<g id="legend" class="node">' in out
    assert 'class="edge">' in out  # a tooltip that names no kind is left alone


# --- the command line -----------------------------------------------------------------------


@needs_dot
def test_cli_html(cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    result = cli("html", SMALL, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out} (4 claims and 3 commitments on the map, ")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_html_needs_html_suffix(cli: Run, tmp_path: Path) -> None:
    result = cli("html", SMALL, "-o", tmp_path / "page.svg")
    assert result.exit_code == 2
    assert result.stderr == (
        f"argmap: error: cannot tell the format of '{tmp_path / 'page.svg'}': the file name must "
        "end in .html  [unknown-format]\n"
    )


def test_cli_html_bad_corpus(cli: Run, tmp_path: Path) -> None:
    result = cli("html", tmp_path / "missing.yaml", "-o", tmp_path / "page.html")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "page.html").exists()
