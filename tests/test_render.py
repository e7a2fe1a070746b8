"""Argument maps: golden DOT, views, escaping, the drawn files, the deck and the command line."""

from __future__ import annotations

import shutil
import stat
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import Result

from argmap.corpus import load_corpus
from argmap.findings import find_all
from argmap.graph import ArgumentGraph, build_graph
from argmap.render.dot import MapStyle, to_dot
from argmap.render.graphviz import LayoutTimeout, choose_engine, run_graphviz
from argmap.render.output import deck_pages, render_deck, render_map
from argmap.render.view import ViewOptions, select
from tests.conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "render"
SMALL = FIXTURES / "small.yaml"
HOSTILE = FIXTURES / "hostile.yaml"
DATA = ROOT / "data"

Run = Callable[..., Result]
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def graph(path: Path) -> ArgumentGraph:
    return build_graph(load_corpus([path]))


def dot_of(path: Path, options: ViewOptions | None = None, style: MapStyle | None = None) -> str:
    ag = graph(path)
    return to_dot(ag, select(ag, find_all(ag), options), style)


# --- golden DOT ------------------------------------------------------------------------------


def test_golden_small_map(golden: Callable[[str, str], None]) -> None:
    golden("render/small.dot", dot_of(SMALL))


def test_golden_small_focus_every_kind(golden: Callable[[str, str], None]) -> None:
    kinds = ("breach", "selective-invocation", "disagreement", "support", "invocation")
    options = ViewOptions(focus="us-2022", depth=1, kinds=kinds)
    golden("render/small-focus.dot", dot_of(SMALL, options, MapStyle(rankdir="TB")))


def test_golden_small_labels(golden: Callable[[str, str], None]) -> None:
    labels = {"ru-2002": "in", "ru-2021": "out", "us-2022": "undec", "ist-8-choice": "in"}
    golden("render/small-labels.dot", dot_of(SMALL, style=MapStyle(labels=labels)))


def test_golden_hostile(golden: Callable[[str, str], None]) -> None:
    golden("render/hostile.dot", dot_of(HOSTILE))


def test_dot_is_byte_stable() -> None:
    assert dot_of(DATA) == dot_of(DATA)
    text = dot_of(DATA)
    assert text.endswith("}\n")
    assert "graphviz" not in text.lower() or "generated" not in text.lower()


# --- what a map holds ------------------------------------------------------------------------


def test_default_kinds_draw_stated_links_but_not_derived_agreement() -> None:
    ag = graph(SMALL)
    edges = {(e.source, e.target, e.kind, e.stated) for e in select(ag, find_all(ag)).edges}
    assert edges == {
        ("ru-2021", "ist-8-choice", "breach", False),
        ("ru-2021", "nat-10", "contradiction", False),
        ("ru-2021", "ist-8-indivisible", "selective-invocation", True),
        ("ru-2002", "ru-2021", "reversal", False),
        ("us-2022", "ru-2021", "disagreement", True),  # stated attack, also derived
        ("ru-2022", "ru-2021", "support", True),
    }


def test_kind_support_adds_derived_agreement() -> None:
    ag = graph(SMALL)
    edges = select(ag, find_all(ag), ViewOptions(kinds=("support",))).edges
    assert {e.kind for e in edges} == {"support"}
    assert ("ru-2002", "ist-8-choice") in {(e.source, e.target) for e in edges}


def test_commitments_no_claim_relates_to_are_left_out_unless_their_document_is_asked() -> None:
    ag = graph(SMALL)
    found = find_all(ag)
    only_breach = select(ag, found, ViewOptions(kinds=("breach",)))
    assert only_breach.commitments == ["ist-8-choice"]
    by_document = select(ag, found, ViewOptions(documents=("ist",), kinds=("breach",)))
    assert by_document.commitments == ["ist-8-choice", "ist-8-indivisible"]
    assert by_document.claims == ["ru-2021"]


def test_focus_holds_only_the_neighbourhood() -> None:
    ag = graph(SMALL)
    found = find_all(ag)
    assert select(ag, found, ViewOptions(focus="us-2022", depth=0)).nodes == {"us-2022"}
    assert select(ag, found, ViewOptions(focus="us-2022", depth=1)).nodes == {
        "us-2022",
        "ru-2021",
    }
    two = select(ag, found, ViewOptions(focus="us-2022", depth=2)).nodes
    assert two == {"us-2022", "ru-2021", "ru-2002", "ru-2022", "ist-8-choice"} | {
        "ist-8-indivisible",
        "nat-10",
    }


def test_focus_on_the_founding_corpus_stays_within_depth() -> None:
    ag = graph(DATA)
    found = find_all(ag)
    whole = select(ag, found)
    near: dict[str, set[str]] = {}
    for e in whole.edges:
        near.setdefault(e.source, set()).add(e.target)
        near.setdefault(e.target, set()).add(e.source)
    focus = "istanbul-1999-p8-free-choice"
    view = select(ag, found, ViewOptions(focus=focus, depth=1))
    assert view.nodes == {focus} | near[focus]
    assert all(e.source in view.nodes and e.target in view.nodes for e in view.edges)
    assert len(view.nodes) < len(whole.nodes)


def test_actor_and_date_filters() -> None:
    ag = graph(SMALL)
    found = find_all(ag)
    usa = select(ag, found, ViewOptions(actors=("usa",)))
    assert usa.claims == ["us-2022"]
    assert usa.commitments == []
    lavrov = select(ag, found, ViewOptions(actors=("lavrov",)))
    assert lavrov.claims == ["ru-2021"]
    assert lavrov.commitments == ["ist-8-choice", "ist-8-indivisible", "nat-10"]
    from datetime import date

    recent = select(ag, found, ViewOptions(since=date(2022, 1, 1), until=date(2022, 1, 31)))
    assert recent.claims == ["us-2022"]


def test_every_map_has_a_title_line_with_corpus_and_dates_and_a_legend() -> None:
    text = dot_of(SMALL, style=MapStyle(title="Briefing"))
    assert "<B>Briefing</B>" in text
    assert "Small dispute · claims 2002-05-17 – 2022-02-01 · 4 claims, 3 commitments" in text
    assert '"legend" [id="legend"' in text
    assert text.count('subgraph "cluster_') == 2  # one per document


def test_labels_shade_nodes_and_join_the_legend() -> None:
    text = dot_of(SMALL, style=MapStyle(labels={"ru-2002": "in", "ru-2021": "out"}))
    assert "<B>[IN]</B>" in text and "<B>[OUT]</B>" in text
    assert "argument accepted under the chosen semantics" in text
    assert "argument rejected under the chosen semantics" in text
    assert "undecided under" not in text


def test_large_maps_switch_to_sfdp() -> None:
    assert choose_engine(80, 200) == "dot"
    assert choose_engine(2000, 4000) == "sfdp"


# --- drawn files (Graphviz) ------------------------------------------------------------------


def svg_nodes(svg: bytes) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.attrib["id"]: g for g in root.iter(f"{SVG}g") if g.get("class") == "node"}


def tooltip(node: ET.Element) -> str:
    link = next(node.iter(f"{SVG}a"))
    return link.attrib[f"{XLINK}title"]


@needs_dot
def test_svg_holds_every_claim_id_and_the_full_text_in_tooltips(tmp_path: Path) -> None:
    ag = graph(DATA)
    out = render_map(ag, tmp_path / "map.svg", detail=True)
    nodes = svg_nodes(out.path.read_bytes())
    for claim in ag.corpus.claims.values():
        assert claim.id in nodes, claim.id
        assert tooltip(nodes[claim.id]).startswith(claim.text.replace("  ", " \xa0"))


@needs_dot
def test_hostile_and_cyrillic_text_survive_into_the_svg(tmp_path: Path) -> None:
    ag = graph(HOSTILE)
    svg = render_map(ag, tmp_path / "map.svg", detail=True).path.read_bytes()
    nodes = svg_nodes(svg)
    claim = ag.corpus.claims["hostile-claim"]
    tip = tooltip(nodes["hostile-claim"])
    assert tip.startswith(claim.text + "\n\n— Россия {RU}, 2021-12-17\n")
    assert 'TASS <wire> & "feed", § 4' in tip
    assert 'Original (ru): Безопасность неделима — "<&>"\nвторая строка' in tip
    drawn = " ".join(t.text or "" for t in nodes["hostile-claim"].iter(f"{SVG}text"))
    assert " ".join(claim.text.split()) in drawn
    link = next(nodes["hostile-claim"].iter(f"{SVG}a"))
    assert link.attrib[f"{XLINK}href"] == "https://tass.ru/a?x=1&y=2"
    commitment = ag.corpus.commitments["doc-1"]
    drawn = " ".join(t.text or "" for t in nodes["doc-1"].iter(f"{SVG}text"))
    assert commitment.text in drawn
    assert "Art. <1> & {2|3}" in drawn
    texts = " ".join(t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text"))
    assert 'Hostile <map> & "quotes"' in texts
    assert 'Charter "A" <B> & {C|D}' in texts


@needs_dot
def test_two_renders_are_byte_identical(tmp_path: Path) -> None:
    ag = graph(DATA)
    for fmt in ("dot", "svg"):
        a = render_map(ag, tmp_path / f"a.{fmt}").path.read_bytes()
        b = render_map(ag, tmp_path / f"b.{fmt}").path.read_bytes()
        assert a == b, fmt


@needs_dot
def test_pdf_has_a_page_with_cyrillic_text(tmp_path: Path) -> None:
    out = render_map(graph(HOSTILE), tmp_path / "map.pdf")
    reader = PdfReader(out.path)
    assert len(reader.pages) == 1
    assert "Он сказал" in reader.pages[0].extract_text()
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "20", out.path, tmp_path / "page"], check=True)
        assert list(tmp_path.glob("page*.png"))


@needs_dot
def test_png_is_a_png(tmp_path: Path) -> None:
    out = render_map(graph(SMALL), tmp_path / "map.png")
    assert out.path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@needs_dot
def test_deck_has_one_page_per_claim(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    out = render_deck(
        graph(SMALL), tmp_path / "deck.pdf", progress=lambda k, n: calls.append((k, n))
    )
    assert out.pages == 6  # a title page, one per claim, a closing summary
    assert len(PdfReader(out.path).pages) == 6
    assert calls[0] == (0, 4) and calls[-1] == (4, 4)


def test_deck_pages_show_each_moves_neighbourhood() -> None:
    ag = graph(SMALL)
    pages = deck_pages(ag, select(ag, find_all(ag)))
    assert len(pages) == 4
    first, last = pages[0], pages[-1]
    assert '"ru-2002" [id="ru-2002"' in first
    assert '"ru-2022"' not in first  # later moves are not on an earlier page
    assert "penwidth=4" in first.split('"ru-2002" [id="ru-2002"', 1)[1].split("\n", 1)[0]
    assert "penwidth=4" in last.split('"ru-2022" [id="ru-2022"', 1)[1].split("\n", 1)[0]


@needs_dot
def test_layout_timeout_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slow = tmp_path / "bin" / "dot"
    slow.parent.mkdir()
    slow.write_text("#!/bin/sh\nexec /bin/sleep 10\n")
    slow.chmod(slow.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(slow.parent))
    with pytest.raises(LayoutTimeout, match=r"did not finish laying out 3 nodes within 1 s"):
        run_graphviz("digraph {}", "svg", timeout=1, nodes=3)


# --- command line ----------------------------------------------------------------------------


def test_cli_writes_dot(cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "map.dot"
    result = cli("render", SMALL, "-o", out, "--detail")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote {out} (4 claims, 3 commitments, 6 relations)\n"
    assert out.read_text(encoding="utf-8") == dot_of(SMALL)


@needs_dot
def test_cli_writes_a_focus_view_as_svg(cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "focus.svg"
    result = cli("render", DATA, "-o", out, "--focus", "ru-2021-12-17-draft-agreement")
    assert result.exit_code == 0, result.stderr
    assert "ru-2021-12-17-draft-agreement" in svg_nodes(out.read_bytes())


@needs_dot
def test_cli_deck(cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "deck.pdf"
    result = cli("render", SMALL, "-o", out, "--deck")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote {out} (4 claims, 3 commitments, 6 relations, 6 pages)\n"


def test_cli_unknown_suffix(cli: Run, tmp_path: Path) -> None:
    result = cli("render", SMALL, "-o", tmp_path / "map.jpg")
    assert result.exit_code == 2
    assert result.stderr == (
        f"argmap: error: cannot tell the format of '{tmp_path / 'map.jpg'}': the file name must "
        "end in .pdf, .svg, .png or .dot  [unknown-format]\n"
    )


def test_cli_deck_needs_pdf(cli: Run, tmp_path: Path) -> None:
    result = cli("render", SMALL, "-o", tmp_path / "deck.svg", "--deck")
    assert result.exit_code == 2
    assert "the file name must end in .pdf  [unknown-format]" in result.stderr


def test_cli_unknown_focus(cli: Run, tmp_path: Path) -> None:
    result = cli("render", SMALL, "-o", tmp_path / "m.dot", "--focus", "ru-2012")
    assert result.exit_code == 2
    assert result.stderr == (
        "argmap: error: unknown claim or commitment 'ru-2012'; "
        "did you mean 'ru-2022', 'ru-2021', 'ru-2002'?\n"
    )


def test_cli_unknown_kind(cli: Run, tmp_path: Path) -> None:
    result = cli("render", SMALL, "-o", tmp_path / "m.dot", "--kind", "breech")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "argmap: error: --kind: unknown relation kind 'breech'; did you mean 'breach'?\n"
    )


def test_cli_missing_graphviz(cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = cli("render", SMALL, "-o", tmp_path / "map.pdf", "--detail")
    assert result.exit_code == 2
    assert result.stderr == (
        "argmap: error: Graphviz's 'dot' program was not found on PATH; install Graphviz with "
        "'apt-get install graphviz' (Debian/Ubuntu) or 'brew install graphviz' (macOS), or "
        "write DOT text with -o FILE.dot  [graphviz-missing]\n"
    )
    assert not (tmp_path / "map.pdf").exists()
