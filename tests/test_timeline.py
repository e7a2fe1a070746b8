"""argmap timeline: what the picture shows (rows, marks, changes, ticks, panels), the page, the
bytes, and the command line."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import Result

from argmap.corpus import load_corpus
from argmap.graph import ArgumentGraph, build_graph
from argmap.render.timeline import (
    EmptyTimeline,
    Timeline,
    build_timeline,
    bundled_font,
    change_lines,
    draw_timeline,
    panels,
)
from argmap.render.view import ViewOptions, claims_in_view
from tests.conftest import BASE, ROOT

Run = Callable[..., Result]
DATA = ROOT / "data"
EXAMPLES = [ROOT / "examples" / "minimal", ROOT / "examples" / "crimea-2014"]
SVG = "{http://www.w3.org/2000/svg}"
A4_LANDSCAPE = (841.68, 595.44)  # 11.69 x 8.27 in, in points


@cache
def graph(path: Path) -> ArgumentGraph:
    return build_graph(load_corpus([path]))


@cache
def data_timeline(by: str = "proposition") -> Timeline:
    return build_timeline(graph(DATA), by=by)  # type: ignore[arg-type]


# --- what is drawn ------------------------------------------------------------------------


def test_russia_turns_against_free_choice_of_alliances_on_17_december_2021() -> None:
    tl = data_timeline()
    marks = tl.stance("free-choice-of-alliances", "russia")
    # Asserted in Munich in 2007, denied from the draft agreements of 17 December 2021 on.
    assert [(d.year, positive) for d, positive, _ in marks[:2]] == [(2007, True), (2021, False)]
    first_denial = next(d for d, positive, _ in marks if positive is False)
    assert first_denial == date(2021, 12, 17)
    change = next(
        c
        for c in tl.changes
        if c.row == "free-choice-of-alliances" and c.actor == "russia" and c.was and not c.now
    )
    assert change.date == date(2021, 12, 17)
    assert change.before == "ru-2007-02-10-putin-munich-right-of-any-state"
    assert change.after.startswith("ru-2021-12-17-")


def test_direct_and_derived_marks_are_told_apart() -> None:
    tl = data_timeline()
    # The draft agreement writes 'ban-nato-enlargement'; its denial of free choice follows.
    on_choice = [m for m in tl.marks if "ru-2021-12-17-draft-agreement" in m.claims]
    direct = {m.row for m in on_choice if m.direct}
    derived = {m.row for m in on_choice if not m.direct}
    assert "ban-nato-enlargement" in direct
    assert "free-choice-of-alliances" in derived


def test_marks_of_one_day_and_stance_are_one_mark_with_its_claims() -> None:
    tl = data_timeline()
    keys = [(m.row, m.date, m.actor, m.positive, m.direct) for m in tl.marks]
    assert len(keys) == len(set(keys))
    shown = {c for m in tl.marks for c in m.claims}
    assert tl.claims == len(shown) == 41  # three claims of data/ take no stance on a proposition
    assert tl.silent == 3


def test_the_axis_breaks_around_the_three_months_most_claims_fall_in() -> None:
    tl = data_timeline()
    wide = [p for p in tl.panels if p.wide]
    assert len(wide) == 1
    assert wide[0].start.isoformat() >= "2021-12-01" and wide[0].end.isoformat() <= "2022-03-01"
    assert wide[0].claims == 33  # of the 41 drawn; the other 8 fall in other years (2002-2023)
    assert sum(p.claims for p in tl.panels) == tl.claims
    assert tl.panels[0].start < date(1945, 6, 26)  # the UN Charter binding tick is on the axis


def test_a_short_corpus_gets_one_panel() -> None:
    days = [date(2022, 1, d) for d in range(1, 20)]
    (only,) = panels(days)
    assert only.claims == 19 and not only.wide


def test_binding_ticks_per_actor_with_the_day_binding_began_and_ended() -> None:
    tl = data_timeline()
    russia = {(t.document, t.date, t.end) for t in tl.ticks if t.actor == "russia"}
    # Bound by the CFE Treaty through the USSR, and by the 1997 treaty with Ukraine until 2019.
    assert ("cfe-1990", date(1990, 11, 19), False) in russia
    assert ("ru-ua-treaty-1997", date(2019, 3, 31), True) in russia
    # NATO is bound by no document of data/ itself, only its members are (no tick invented).
    ukraine = {t.document for t in tl.ticks if t.actor == "ukraine"}
    assert "helsinki-1975" in ukraine
    assert tl.bands == tuple(f"bound:{a}" for a in ("russia", "ukraine", "nato", "usa"))
    assert list(tl.documents) == sorted(
        tl.documents, key=lambda d: (graph(DATA).corpus.documents[d].date, d)
    )


def test_by_actor_one_row_per_actor_and_numbered_changes() -> None:
    tl = data_timeline("actor")
    assert tl.rows == ("russia", "ukraine", "nato", "usa", "china")
    assert all(m.row == m.actor for m in tl.marks)
    assert any(m.positive is None for m in tl.marks)  # a claim asserting and denying: mixed
    lines = change_lines(graph(DATA), tl)
    assert lines[0].startswith("1  17 Dec 2021, Russian Federation now asserts")
    assert "denies free-choice-of-alliances" in lines[0]


def test_filters_focus_actor_and_dates() -> None:
    ag = graph(DATA)
    tl = build_timeline(ag, focus="free-choice-of-alliances", actors=["russia"])
    assert tl.rows == ("free-choice-of-alliances",)
    assert {m.actor for m in tl.marks} == {"russia"}
    tl = build_timeline(ag, since=date(2022, 1, 1), until=date(2022, 1, 31))
    assert all(date(2022, 1, 1) <= m.date <= date(2022, 1, 31) for m in tl.marks)
    assert all(date(2022, 1, 1) <= t.date <= date(2022, 1, 31) for t in tl.ticks)
    by_speaker = build_timeline(ag, actors=["lavrov"])
    assert {m.actor for m in by_speaker.marks} == {"russia"}
    with pytest.raises(EmptyTimeline):
        build_timeline(ag, since=date(2030, 1, 1))


def test_too_many_rows_keeps_the_busiest_and_says_so() -> None:
    tl = build_timeline(graph(DATA), max_rows=10)
    assert len(tl.rows) + len(tl.bands) <= 10
    assert tl.omitted == 27 - len(tl.rows)  # 27 propositions take a stance in data/
    assert "ukraine-free-to-choose-alliances" in tl.rows  # the most claims


# --- the page -----------------------------------------------------------------------------


def test_pdf_is_one_a4_landscape_page_and_byte_stable(tmp_path: Path, cli: Run) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert cli("timeline", DATA, "-o", first).exit_code == 0
    assert cli("timeline", DATA, "-o", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    pages = PdfReader(first).pages
    assert len(pages) == 1
    box = pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_LANDSCAPE, abs=0.5)
    text = pages[0].extract_text()
    assert "free-choice-of-alliances" in text and "Russian Federation" in text
    fonts = {
        str(f["/BaseFont"])
        for f in pages[0]["/Resources"]["/Font"].values()  # type: ignore[index]
        if "/BaseFont" in f.get_object()
    }
    assert fonts and all("DejaVuSans" in f for f in fonts), fonts


def test_a_second_process_writes_the_same_bytes(tmp_path: Path, cli: Run) -> None:
    here, there = tmp_path / "here.svg", tmp_path / "there.svg"
    assert cli("timeline", DATA, "-o", here).exit_code == 0
    done = subprocess.run(
        [sys.executable, "-m", "argmap", "timeline", str(DATA), "-o", str(there)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONHASHSEED": "123", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert here.read_bytes() == there.read_bytes()


def test_svg_draws_russias_marks_and_its_change_on_free_choice(tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "t.svg"
    assert cli("timeline", DATA, "-o", out).exit_code == 0
    root = ET.parse(out).getroot()
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    assert "reversal-russia-free-choice-of-alliances-2021-12-17" in ids
    assert any(i.startswith("marks-russia-asserts-direct") for i in ids if i)
    assert any(i.startswith("marks-russia-denies-derived") for i in ids if i)
    assert "bound-russia-istanbul-1999-since" in ids
    assert b"<text" not in out.read_bytes()  # text drawn as paths: no font needed to view it


@pytest.mark.parametrize("suffix", ["pdf", "svg", "png"])
@pytest.mark.parametrize("corpus", [DATA, *EXAMPLES], ids=["data", "minimal", "crimea"])
def test_every_format_on_every_corpus(tmp_path: Path, cli: Run, corpus: Path, suffix: str) -> None:
    out = tmp_path / f"timeline.{suffix}"
    result = cli("timeline", corpus, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out} (")
    head = out.read_bytes()[:8]
    assert head.startswith({"pdf": b"%PDF", "svg": b"<?xml", "png": b"\x89PNG"}[suffix])
    assert not list(tmp_path.glob(".*.tmp"))  # written through a temporary file


def test_png_is_a4_at_200_dpi_and_byte_stable() -> None:
    ag = graph(DATA)
    tl = data_timeline()
    data = draw_timeline(ag, tl, "png")
    assert data == draw_timeline(ag, tl, "png")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (2338, 1654)


def test_every_text_is_set_in_matplotlibs_own_dejavu_sans() -> None:
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.text import Text

    from argmap.render.timeline import _RC, _bundled_fonts_first, _figure

    for by in ("proposition", "actor"):
        with matplotlib.rc_context(_RC), _bundled_fonts_first():
            fig = _figure(graph(DATA), data_timeline(by))
            fig.draw_without_rendering()
            texts = [t for t in fig.findobj(Text) if t.get_text() and t.get_visible()]
            files = {str(font_manager.findfont(t.get_fontproperties())) for t in texts}
            sizes = {t.get_fontsize() for t in texts}
        assert any(t.get_text() == "free-choice-of-alliances" for t in texts) or by == "actor"
        assert {Path(f).parent for f in files} == {bundled_font().parent}
        assert min(sizes) >= 6  # readable when printed


# --- the command line ---------------------------------------------------------------------


def test_by_actor_and_filters_on_the_command_line(tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "a.svg"
    result = cli("timeline", DATA, "-o", out, "--by", "actor", "--actor", "russia")
    assert result.exit_code == 0, result.stderr
    assert "1 row," in result.stdout
    ids = {el.get("id") for el in ET.parse(out).getroot().iter()}
    assert not any(i and i.startswith("marks-usa") for i in ids)
    result = cli(
        "timeline", DATA, "-o", out, "--focus", "free-choice-of-alliances", "--since", "2021-01-01"
    )
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--actor", "rusia"], "unknown actor 'rusia'; did you mean 'russia'"),
        (["--focus", "free-choice"], "unknown proposition 'free-choice'"),
        (["--document", "nope"], "unknown document 'nope'"),
        (["--since", "17.12.2021"], "--since takes a date as YYYY-MM-DD"),
        (["--since", "2030-01-01"], "the timeline is empty"),
    ],
)
def test_bad_options_exit_2_with_one_line(
    tmp_path: Path, cli: Run, args: list[str], message: str
) -> None:
    out = tmp_path / "t.pdf"
    result = cli("timeline", DATA, "-o", out, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_bad_corpus_and_bad_suffix_exit_2(
    tmp_path: Path, cli: Run, write: Callable[..., Path]
) -> None:
    bad = write(BASE.replace("date: 2021-12-17", "date: 17.12.2021"))
    result = cli("timeline", bad, "-o", tmp_path / "t.pdf")
    assert result.exit_code == 2
    assert f"{bad}:" in result.stderr  # located: FILE:LINE:COL
    result = cli("timeline", DATA, "-o", tmp_path / "t.dot")
    assert result.exit_code == 2
    assert "must end in .pdf, .svg or .png" in result.stderr


def test_the_readme_picture_is_an_a4_timeline_page() -> None:
    data = (ROOT / "docs" / "timeline.png").read_bytes()
    assert data.startswith(b"\x89PNG")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (2338, 1654)
    assert b"Software\x00argmap" in data


def _many_actors(n: int) -> str:
    """A corpus of `n` states, each bound by one declaration, each speaking twice on 'choice':
    first asserting it, then (the last one only) denying it."""
    actors = "\n".join(f"  - {{id: s{i}, name: State {i}, kind: state}}" for i in range(n))
    parties = ", ".join(f"s{i}" for i in range(n))
    claims = []
    for i in range(n):
        claims.append(
            f"  - {{id: c{i}a, actor: s{i}, date: 2020-01-0{1 + i % 9}, text: Yes.,"
            f" source: {{title: T}}, asserts: [choice]}}"
        )
    claims.append(
        f"  - {{id: c{n - 1}b, actor: s{n - 1}, date: 2021-06-01, text: No.,"
        f" source: {{title: T}}, denies: [choice]}}"
    )
    return (
        "corpus: {title: Many}\n"
        f"actors:\n{actors}\n"
        "documents:\n"
        "  - {id: decl, title: Declaration, date: 2010-05-05, binding: political,"
        f" parties: [{parties}]}}\n"
        "propositions:\n  - {id: choice, text: Free choice.}\n"
        "commitments:\n  - {id: decl-1, document: decl, locator: para. 1, text: Free.,"
        " asserts: [choice]}\n"
        "claims:\n" + "\n".join(claims) + "\n"
    )


def test_a_hand_made_corpus_gives_the_rows_marks_and_change_written_by_hand(
    write: Callable[..., Path],
) -> None:
    ag = build_graph(load_corpus([write(_many_actors(2))]))
    tl = build_timeline(ag)
    assert tl.rows == ("choice",)
    assert tl.bands == ("bound:s0", "bound:s1")
    assert [(m.actor, m.date.isoformat(), m.positive, m.claims) for m in tl.marks] == [
        ("s0", "2020-01-01", True, ("c0a",)),
        ("s1", "2020-01-02", True, ("c1a",)),
        ("s1", "2021-06-01", False, ("c1b",)),
    ]
    (change,) = tl.changes
    assert (change.actor, change.before, change.after, change.was, change.now) == (
        "s1",
        "c1a",
        "c1b",
        True,
        False,
    )
    assert {(t.actor, t.document, t.date.isoformat()) for t in tl.ticks} == {
        ("s0", "decl", "2010-05-05"),
        ("s1", "decl", "2010-05-05"),
    }
    assert tl.documents == ("decl",)


def test_more_actors_than_bands_leaves_the_ticks_out_and_says_so(
    write: Callable[..., Path],
) -> None:
    ag = build_graph(load_corpus([write(_many_actors(9))]))
    tl = build_timeline(ag)
    assert tl.unbanded and not tl.bands and not tl.ticks
    assert len(tl.actors) == 9
    png = draw_timeline(ag, tl, "png")
    assert png.startswith(b"\x89PNG")
    by_actor = build_timeline(ag, by="actor")
    assert not by_actor.unbanded and len(by_actor.ticks) == 9  # on each actor's own row


def test_claims_without_a_stance_make_an_empty_timeline_exit_2(
    tmp_path: Path, cli: Run, write: Callable[..., Path]
) -> None:
    silent = write(BASE.replace("    asserts: [ban]\n", "    invokes: [ist-8]\n"))
    result = cli("timeline", silent, "-o", tmp_path / "t.svg")
    assert result.exit_code == 2
    assert "no claim asserts or denies a proposition" in result.stderr
    assert not (tmp_path / "t.svg").exists()


def test_an_actor_filter_keeps_the_claims_a_map_keeps(write: Callable[..., Path]) -> None:
    """A claim naming a person as its actor is that person's on a timeline, as on a map."""
    text = _many_actors(2).replace(
        "actors:\n", "actors:\n  - {id: envoy, name: Envoy, kind: person, represents: s1}\n"
    )
    text = text.replace("{id: c1b, actor: s1,", "{id: c1b, actor: envoy,")
    ag = build_graph(load_corpus([write(text)]))
    tl = build_timeline(ag, actors=["envoy"])
    assert [(m.actor, m.claims) for m in tl.marks] == [("s1", ("c1b",))]
    shown = {c.id for c in claims_in_view(ag, ViewOptions(actors=("envoy",)))}
    assert shown == {"c1b"}
