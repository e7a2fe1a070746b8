"""Contested judgements: `analyze --robust` and the sensitivity of findings to each link.

A finding rests on a contested link when it no longer follows once the link is removed; this
is computed from a second closure, not from the one derivation kept for `explain`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from argmap.corpus import load_corpus
from argmap.robust import contested_links, robustness

Run = Callable[..., Result]
Write = Callable[..., Path]


def _pairs(cli: Run, *args: str) -> tuple[set[tuple[str, str, str]], list[dict[str, object]]]:
    result = cli("analyze", "data/", "--by", "pair", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    found = {
        (f["kind"], f["claim"], f["commitment"]) for f in out["findings"] if f["kind"] == "breach"
    }
    return found, out.get("sensitivity", [])


def test_robust_drops_the_draft_agreement_and_keeps_the_veto_breaches(cli: Run) -> None:
    full, _ = _pairs(cli)
    robust, table = _pairs(cli, "--robust")
    draft = ("breach", "ru-2021-12-17-draft-agreement", "istanbul-1999-p8-free-choice")
    veto = ("breach", "ru-2022-02-21-putin-address-indivisible", "istanbul-1999-p8-free-choice")
    assert draft in full and draft not in robust
    assert veto in full and veto in robust
    assert robust < full
    together = next(r for r in table if r["link"] == "all contested links together")
    assert together["by_kind"]["breach"] == len(full) - len(robust)


def test_one_of_two_parallel_links_alone_carries_no_finding(cli: Run) -> None:
    """Removing one ban link leaves every finding standing: the other link and the
    contrapositive of free-choice implies ukraine-free still derive them."""
    _, table = _pairs(cli, "--robust")
    rows = {r["link"]: r for r in table}
    assert rows["ban-nato-enlargement excludes free-choice-of-alliances"]["findings"] == 0
    spheres = rows["restrictions-on-former-soviet-states excludes no-spheres-of-influence"]
    assert "ru-2021-12-17-draft-treaty-art4-bases" in spheres["breach_claims"]


def test_data_marks_both_ban_links_and_the_two_others() -> None:
    labels = {link.label for link in contested_links(load_corpus(["data"]))}
    assert labels == {
        "ban-nato-enlargement excludes free-choice-of-alliances",
        "ban-nato-enlargement excludes ukraine-free-to-choose-alliances",
        "restrictions-on-former-soviet-states excludes no-spheres-of-influence",
        "ukraine-nato-membership-goal implies ukraine-free-to-choose-alliances",
    }


def test_robust_text_prints_the_sensitivity_table(cli: Run) -> None:
    result = cli("analyze", "data/", "--robust")
    assert result.exit_code == 0, result.stderr
    assert "Sensitivity (pair-level findings that no longer follow" in result.stdout
    assert "  ban-nato-enlargement excludes free-choice-of-alliances: 0 (none)" in result.stdout
    assert "why contested: The sourced right (Istanbul para. 8)" in result.stdout


def test_grouped_findings_resting_on_a_contested_link_are_known() -> None:
    rob = robustness(load_corpus(["data"]))
    keys = {(k[0], k[2]) for k in rob.fragile_positions}
    assert ("breach", "ru-2021-12-17-draft-agreement") in keys
    assert ("breach", "ru-2022-02-21-putin-address-indivisible") not in keys


def test_inline_contested_link_is_validated(cli: Run, write: Write) -> None:
    good = write(
        """\
        propositions:
          - id: a
            text: A.
            excludes:
              - {id: b, contested: "a reader may disagree", contested_by: [someone]}
          - {id: b, text: B.}
        """,
        "good.yaml",
    )
    assert cli("validate", good).exit_code == 0
    bad = write(
        """\
        propositions:
          - id: a
            text: A.
            excludes:
              - {id: b, contestd: "typo"}
          - {id: b, text: B.}
        """,
        "bad.yaml",
    )
    result = cli("validate", bad)
    assert result.exit_code == 2
    assert f"{bad}:" in result.stderr and "contestd" in result.stderr


def test_without_contested_links_robust_says_so(cli: Run) -> None:
    result = cli("analyze", "examples/minimal", "--robust")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("No implies/excludes link is marked contested")


def test_report_marks_contested_findings_and_shows_the_table(cli: Run, tmp_path: Path) -> None:
    for ext in ("md", "html"):
        out = tmp_path / f"report.{ext}"
        result = cli("report", "data/", "-o", out)
        assert result.exit_code == 0, result.stderr
        text = out.read_text(encoding="utf-8")
        assert "Contested judgements</h2>" in text or "## Contested judgements" in text
        assert "ban-nato-enlargement excludes free-choice-of-alliances" in text
        assert "Rests on contested judgements" in text


def test_every_finding_lists_the_judgements_it_rests_on(cli: Run) -> None:
    result = cli("analyze", "data/", "--format", "json")
    found = json.loads(result.stdout)["findings"]
    breaches = {f["claim"]: f.get("rests_on", []) for f in found if f["kind"] == "breach"}
    # The draft agreement's breach rests on the two parallel ban links together: neither alone
    # is needed, but each alone restores it.
    assert breaches["ru-2021-12-17-draft-agreement"] == [
        "ban-nato-enlargement excludes free-choice-of-alliances",
        "ban-nato-enlargement excludes ukraine-free-to-choose-alliances",
    ]
    assert breaches["ru-2022-02-21-putin-address-indivisible"] == []
    text = " ".join(cli("explain", "ru-2021-12-17-draft-agreement", "data/").stdout.split())
    assert (
        "rests on contested judgements (it does not follow without them; argmap analyze "
        "--robust): ban-nato-enlargement excludes free-choice-of-alliances; "
        "ban-nato-enlargement excludes ukraine-free-to-choose-alliances" in text
    )


def test_page_data_marks_qualified_and_contested_findings() -> None:
    from argmap.findings import find_all
    from argmap.graph import build_graph
    from argmap.positions import find_positions
    from argmap.render.page import page_data
    from argmap.render.view import select

    ag = build_graph(load_corpus(["data"]))
    rows = page_data(ag, find_positions(ag), select(ag, find_all(ag)))["findings"]
    breaches = {r["nodes"][0]: r for r in rows if r["kind"] == "breach"}
    draft = breaches["ru-2021-12-17-draft-agreement"]
    assert "suspended on 2007-12-12" in draft["qualified"]
    assert draft["contested"] == [
        "ban-nato-enlargement excludes free-choice-of-alliances",
        "ban-nato-enlargement excludes ukraine-free-to-choose-alliances",
    ]
    assert "contested" not in breaches["ru-2022-02-21-putin-address-indivisible"]
