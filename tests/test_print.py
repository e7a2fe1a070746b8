"""Print-ready PDFs (issue 15): page sizes, legible text, embedded fonts, pages that are not
blank, full texts on worksheets, literal quotations and byte-stable output, checked with
poppler's tools (pdfinfo, pdffonts, pdftoppm, pdftotext) as a reader's viewer would see them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from argmap.corpus import load_corpus
from argmap.findings import find_all
from argmap.graph import ArgumentGraph, build_graph
from argmap.render.output import render_deck, render_map
from argmap.render.paper import MIN_PRINTED_PT, measure_svg, paper
from argmap.report import write_report
from argmap.worksheet import questions, write_worksheet
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("pdfinfo") is None or shutil.which("dot") is None,
    reason="needs poppler-utils and Graphviz (make test installs them)",
)

CORPORA = {
    "data": ROOT / "data",
    "crimea": ROOT / "examples" / "crimea-2014",
    "minimal": ROOT / "examples" / "minimal",
}
A4_PORTRAIT, A4_LANDSCAPE, A3_LANDSCAPE, DECK = (
    (595.28, 841.89),
    (841.89, 595.28),
    (1190.55, 841.89),
    (960.0, 540.0),
)


def graph(path: Path) -> ArgumentGraph:
    return build_graph(load_corpus([path]))


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Every page's size in points, from pdfinfo."""
    out = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True
    ).stdout
    return [
        (round(float(w), 2), round(float(h), 2))
        for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)
    ]


def fonts(pdf: Path) -> list[tuple[str, str]]:
    """(name, embedded yes/no) of every font, from pdffonts."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]
    return [(row.split()[0], row.split()[-5]) for row in rows if row.strip()]


def text_of(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    return " ".join(out.split())


def inked(pdf: Path, tmp: Path) -> list[float]:
    """The share of non-white pixels of each page, drawn by pdftoppm at 12 dpi in grey."""
    subprocess.run(["pdftoppm", "-gray", "-r", "12", str(pdf), str(tmp / "p")], check=True)
    shares = []
    for pgm in sorted(tmp.glob("p*.pgm")):
        data = pgm.read_bytes()
        header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
        assert header is not None
        pixels = data[header.end() :]
        shares.append(sum(1 for b in pixels if b < 200) / len(pixels))
        pgm.unlink()
    return shares


def same_size(sizes: list[tuple[float, float]], expected: tuple[float, float]) -> None:
    assert sizes, "no pages"
    for w, h in sizes:
        assert abs(w - expected[0]) < 0.5 and abs(h - expected[1]) < 0.5, (w, h, expected)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Map, A3 map, deck, worksheet and report of each corpus."""
    made: dict[str, dict[str, Path]] = {}
    for name, path in CORPORA.items():
        out = tmp_path_factory.mktemp(name)
        ag = graph(path)
        found = find_all(ag)
        files = {
            "map": render_map(ag, out / "map.pdf", findings=found).path,
            "deck": render_deck(ag, out / "deck.pdf", findings=found).path,
            "worksheet": write_worksheet(ag, out / "sheet.pdf", found)[0],
            "report": write_report(ag, out / "report.pdf", found).path,
        }
        if name == "data":
            files["a3"] = render_map(ag, out / "a3.pdf", page=paper("a3", True)).path
        made[name] = files
    return made


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_every_page_has_the_size_of_its_kind(
    outputs: dict[str, dict[str, Path]], corpus: str
) -> None:
    files = outputs[corpus]
    same_size(page_sizes(files["map"]), A4_LANDSCAPE)
    same_size(page_sizes(files["deck"]), DECK)
    same_size(page_sizes(files["worksheet"]), A4_PORTRAIT)
    same_size(page_sizes(files["worksheet"].with_name("sheet-key.pdf")), A4_PORTRAIT)
    same_size(page_sizes(files["report"]), A4_PORTRAIT)


def test_the_summarised_map_of_data_fits_one_a3_page(outputs: dict[str, dict[str, Path]]) -> None:
    sizes = page_sizes(outputs["data"]["a3"])
    assert len(sizes) == 1
    same_size(sizes, A3_LANDSCAPE)


@pytest.mark.parametrize(("name", "landscape"), [("a4", True), ("a3", True), ("letter", False)])
def test_smallest_printed_text_is_at_least_6_pt(tmp_path: Path, name: str, landscape: bool) -> None:
    """Measured from the drawing: its smallest font size times the scale that fits it into the
    page's margins; a map too big for one page is split, never shrunk below 6 pt."""
    ag = graph(CORPORA["data"])
    sheet = paper(name, landscape)
    done = render_map(ag, tmp_path / "map.pdf", page=sheet)
    assert done.smallest_pt is not None and done.smallest_pt >= MIN_PRINTED_PT
    if done.pages == 1:  # the same measure, from the SVG a reader can open
        svg = render_map(ag, tmp_path / "map.svg", page=sheet).path.read_bytes()
        assert measure_svg(svg).printed(sheet.content) >= MIN_PRINTED_PT
    assert len(page_sizes(done.path)) == done.pages


def test_summarised_edges_carry_kind_count_and_proposition(tmp_path: Path) -> None:
    ag = graph(CORPORA["data"])
    dot = render_map(ag, tmp_path / "map.dot").path.read_text(encoding="utf-8")
    assert 'xlabel="breach ×2: free choice of alliances' in dot
    edges = re.findall(r'^  "([^"]+)" -> "([^"]+)" \[.*xlabel="(\w[\w-]*) ', dot, re.M)
    keys = [(min(a, b), max(a, b), k) for a, b, k in edges]
    assert len(keys) == len(set(keys)), "one edge per claim, document and kind"
    detail = render_map(ag, tmp_path / "detail.dot", detail=True).path.read_text(encoding="utf-8")
    assert detail.count(" -> ") > dot.count("xlabel=")


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_every_font_is_embedded(outputs: dict[str, dict[str, Path]], corpus: str) -> None:
    for kind, pdf in outputs[corpus].items():
        found = fonts(pdf)
        assert found, kind
        assert all(emb == "yes" for _, emb in found), (kind, found)


def test_no_page_is_blank(outputs: dict[str, dict[str, Path]], tmp_path: Path) -> None:
    for corpus, files in outputs.items():
        for kind, pdf in files.items():
            for i, share in enumerate(inked(pdf, tmp_path), start=1):
                assert share > 0.002, f"{corpus} {kind} page {i} is blank"


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_worksheet_holds_every_text_on_its_map(
    outputs: dict[str, dict[str, Path]], corpus: str
) -> None:
    ag = graph(CORPORA[corpus])
    text = text_of(outputs[corpus]["worksheet"])
    qs = questions(ag, find_all(ag))
    nodes = {n for q in qs for n in q.nodes}
    for n in nodes:
        full = ag.corpus.claims[n].text if n in ag.corpus.claims else ag.corpus.commitments[n].text
        assert " ".join(full.split()) in text, n
    wordings = [q.text for q in qs]
    assert len(wordings) == len(set(wordings)), "two questions with the same wording"
    key = text_of(outputs[corpus]["worksheet"].with_name("sheet-key.pdf"))
    assert all(" ".join(q.answer.split())[:60] in key for q in qs)


def test_deck_has_title_moves_and_summary_with_large_captions(
    outputs: dict[str, dict[str, Path]], tmp_path: Path
) -> None:
    deck = outputs["minimal"]["deck"]
    ag = graph(CORPORA["minimal"])
    assert len(page_sizes(deck)) == len(ag.corpus.claims) + 2
    html = tmp_path / "bbox.html"
    subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-bbox", str(deck), str(html)], check=True)
    words = re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">Move</word>',
        html.read_text(encoding="utf-8"),
    )
    assert words
    # pdftotext's word box is the font's ascent + descent, about 1.1 × its size.
    assert float(words[0][1]) - float(words[0][0]) >= 20 * 1.0


HOSTILE_TEXT = r"Mida Island is #strong[ours] $x^2$ *bold* <tag> ] back\slash @ref."


def test_quotations_print_literally(tmp_path: Path) -> None:
    source = (CORPORA["minimal"] / "corpus.yaml").read_text(encoding="utf-8")
    assert "Mida Island is Avalonian." in source
    corpus = tmp_path / "corpus.yaml"
    corpus.write_text(source.replace("Mida Island is Avalonian.", HOSTILE_TEXT), encoding="utf-8")
    ag = graph(corpus)
    found = find_all(ag)
    sheet = write_worksheet(ag, tmp_path / "sheet.pdf", found)[0]
    report = write_report(ag, tmp_path / "report.pdf", found).path
    deck = render_deck(ag, tmp_path / "deck.pdf", findings=found).path
    for pdf in (sheet, report, deck):
        assert HOSTILE_TEXT in text_of(pdf), pdf.name


def test_same_input_gives_byte_identical_pdfs(tmp_path: Path) -> None:
    ag = graph(CORPORA["minimal"])
    found = find_all(ag)
    for run in ("a", "b"):
        out = tmp_path / run
        render_map(ag, out / "map.pdf", findings=found)
        render_deck(ag, out / "deck.pdf", findings=found)
        write_worksheet(ag, out / "sheet.pdf", found)
        write_report(ag, out / "report.pdf", found)
    for name in ("map.pdf", "deck.pdf", "sheet.pdf", "sheet-key.pdf", "report.pdf"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "a" / "report.pdf")], capture_output=True, text=True
    ).stdout
    latest = max(c.date for c in ag.corpus.claims.values())
    assert f"{latest:%b} {latest.day:2d}" in info.split("CreationDate:")[1].splitlines()[0]


def test_cli_paper_and_orientation(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    minimal = CORPORA["minimal"]
    out = tmp_path / "map.pdf"
    result = cli("render", minimal, "-o", out, "--paper", "letter", "--portrait")
    assert result.exit_code == 0, result.stderr
    same_size(page_sizes(out), (612.0, 792.0))
    report = tmp_path / "report.pdf"
    result = cli("report", minimal, "-o", report, "--paper", "a3", "--landscape")
    assert result.exit_code == 0, result.stderr
    same_size(page_sizes(report), A3_LANDSCAPE)
    result = cli("render", minimal, "-o", out, "--paper", "a5")
    assert result.exit_code == 2


def test_maps_are_drawn_with_argmaps_own_font(outputs: dict[str, dict[str, Path]]) -> None:
    """Graphviz sees only argmap/fonts, so a map embeds DejaVu Sans whatever is installed."""
    names = {name.split("+", 1)[-1] for name, _ in fonts(outputs["data"]["map"])}
    assert names <= {"DejaVuSans", "DejaVuSans-Bold"}, names


def test_detail_map_splits_on_a3_and_refuses_illegible_a4(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "detail.pdf"
    result = cli("render", CORPORA["crimea"], "-o", out, "--detail", "--paper", "a3")
    assert result.exit_code == 0, result.stderr
    sizes = page_sizes(out)
    assert len(sizes) > 1
    same_size(sizes, A3_LANDSCAPE)
    result = cli("render", CORPORA["data"], "-o", tmp_path / "a4.pdf", "--detail")
    assert result.exit_code == 2
    assert "cannot be printed legibly on A4 landscape even one claim a page" in result.stderr
    assert not (tmp_path / "a4.pdf").exists()
