"""The page in a real browser: Debian's Chromium, headless, driven by Playwright.

The test never downloads a browser: Playwright is pointed at ``/usr/bin/chromium``
(``make test`` installs Debian's ``chromium`` package when it is missing). The page is loaded
from ``file://`` with every network request recorded; none may leave the file. Screenshots are
kept as artifacts in ``out/test-artifacts/``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from argmap.corpus import load_corpus
from argmap.graph import build_graph
from argmap.positions import find_positions
from argmap.render.page import write_page
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT

ARTIFACTS = ROOT / "out" / "test-artifacts"
DATA = ROOT / "data"
HOSTILE = Path(__file__).parent / "fixtures" / "render" / "hostile.yaml"

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium is not installed (make test installs it)"
    ),
    pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def data_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("page") / "argmap.html"
    write_page(build_graph(load_corpus([DATA])), out)
    return out


class Page:
    """A browser tab on a page, recording requests that leave the file and script errors."""

    def __init__(self, browser: Any, path: Path, fragment: str = "") -> None:
        self.tab = browser.new_page(viewport={"width": 1400, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.tab.on("request", lambda r: self.requests.append(r.url))
        self.tab.on("pageerror", lambda e: self.errors.append(str(e)))
        self.tab.goto(path.as_uri() + fragment)
        self.tab.wait_for_selector("html[data-ready=true]")

    def panel(self) -> str:
        text: str = self.tab.inner_text("#panel")
        return text

    def close(self) -> None:
        outside = [u for u in self.requests if not u.startswith(("file:", "data:"))]
        assert outside == [], f"the page reached out: {outside}"
        assert self.errors == [], self.errors
        self.tab.close()


def flat(text: str) -> str:
    return " ".join(text.split())


def test_click_search_filter_and_link(browser: Any, data_page: Path) -> None:
    corpus = load_corpus([DATA])
    page = Page(browser, data_page)
    tab = page.tab

    # Click a claim: the panel shows its quotation, source and findings.
    claim = corpus.claims["ru-2021-12-17-draft-agreement"]
    tab.click('g[data-node="ru-2021-12-17-draft-agreement"]')
    panel = flat(page.panel())
    assert flat(claim.text) in panel
    assert "Source:" in panel and "Art. 6" in panel
    assert "Breach of the speaker's own commitment" in panel
    assert tab.evaluate("location.hash") == "#node=ru-2021-12-17-draft-agreement"
    assert "selected" in (
        tab.get_attribute('g[data-node="ru-2021-12-17-draft-agreement"]', "class") or ""
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "page-claim-selected.png"))

    # Search for a word: the results name the commitment; Enter opens it.
    tab.fill("#search", "sphere")
    tab.wait_for_selector("#results:not([hidden])")
    assert "istanbul-1999-p8-no-sphere" in tab.inner_text("#results")
    tab.press("#search", "Enter")
    assert flat(corpus.commitments["istanbul-1999-p8-no-sphere"].text) in flat(page.panel())
    assert "match" in (
        tab.get_attribute('g[data-node="istanbul-1999-p8-no-sphere"]', "class") or ""
    )

    # Filter by an actor: the other actors' claims are greyed, the actor's are not.
    tab.fill("#search", "")
    tab.select_option("#actor", "usa")
    us_claim = next(c for c in corpus.claims.values() if c.actor == "usa" or c.speaker == "blinken")
    assert "dim" not in (tab.get_attribute(f'g[data-node="{us_claim.id}"]', "class") or "")
    assert "dim" in (
        tab.get_attribute('g[data-node="ru-2021-12-17-draft-agreement"]', "class") or ""
    )
    tab.screenshot(path=str(ARTIFACTS / "page-actor-filter.png"))

    # Filter by kind: with only breaches, the findings list holds breaches alone.
    tab.select_option("#actor", "")
    tab.click("#help-button")
    for kind in ("selective-invocation", "contradiction", "reversal", "disagreement", "support"):
        tab.uncheck(f'nav.kinds input[value="{kind}"]')
    # The panels list grouped findings, as analyze does: 15 breaches in data/ today.
    grouped = find_positions(build_graph(corpus))
    breaches = sum(f.kind == "breach" for f in grouped)
    assert breaches == 15
    assert f"Findings ({breaches} of {len(grouped)})" in page.panel()
    assert tab.locator("#panel details.group").count() == 1
    page.close()


def test_fragment_opens_a_node(browser: Any, data_page: Path) -> None:
    page = Page(browser, data_page, "#node=istanbul-1999-p8-free-choice")
    text = flat(page.panel())
    assert "We reaffirm the inherent right of each and every participating State" in text
    assert "politically binding" in text
    page.tab.screenshot(path=str(ARTIFACTS / "page-fragment.png"))
    page.tab.evaluate("location.hash = '#node=no-such-id'")
    page.tab.wait_for_function("document.querySelector('#panel').innerText.includes('Not found')")
    page.close()


def test_pan_and_zoom_move_the_view(browser: Any, data_page: Path) -> None:
    page = Page(browser, data_page)
    tab = page.tab
    before = tab.get_attribute("#map svg", "viewBox")
    tab.click("#zoom-in")
    zoomed = tab.get_attribute("#map svg", "viewBox")
    assert zoomed != before
    box = tab.locator("#map").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    tab.mouse.move(x, y)
    tab.mouse.down()
    tab.mouse.move(x + 120, y + 60, steps=5)
    tab.mouse.up()
    assert tab.get_attribute("#map svg", "viewBox") != zoomed
    tab.click("#zoom-fit")
    assert tab.get_attribute("#map svg", "viewBox") == " ".join(
        f"{float(v):.2f}" for v in (before or "").split()
    )
    page.close()


def test_hostile_text_is_shown_literally(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "hostile.html"
    write_page(build_graph(load_corpus([HOSTILE])), out)
    corpus = load_corpus([HOSTILE])
    page = Page(browser, out)
    tab = page.tab
    tab.click('g[data-node="hostile-claim"]')
    quotes = tab.locator("#panel blockquote").all_inner_texts()
    claim = corpus.claims["hostile-claim"]
    assert quotes[0] == claim.text
    assert quotes[1] == claim.original.text  # type: ignore[union-attr]
    assert tab.locator("#panel i, #panel b").count() == 0
    assert tab.inner_text("h1") == 'Hostile <map> & "quotes"'
    page.close()
