"""Treaty status over time: signature, entry into force, declared suspension, withdrawal.

A claim made while its actor had declared a treaty suspended without a basis in the treaty is
still a breach, but a qualified one that says who declared the suspension and who rejected it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import Result

from argmap.corpus import load_corpus
from argmap.model import Corpus
from argmap.status import binding_status
from tests.conftest import FIXTURES

Run = Callable[..., Result]
Write = Callable[..., Path]

FIXTURE = FIXTURES / "status" / "suspension.yaml"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus([FIXTURE])


def test_before_the_suspension_a_plain_breach(corpus: Corpus) -> None:
    status = binding_status(corpus, "ruritania", "arms-treaty", date(2006, 6, 1))
    assert status.bound and status.state == "in-force"
    assert status.qualified is None


def test_during_a_suspension_without_basis_a_qualified_breach(corpus: Corpus) -> None:
    status = binding_status(corpus, "ruritania", "arms-treaty", date(2010, 6, 1))
    assert status.bound
    assert status.qualified == (
        "Ruritania declared Arms Treaty suspended on 2007-12-12, a suspension the document "
        "provides no basis for; Freedonia rejected the suspension"
    )


def test_after_withdrawal_not_bound(corpus: Corpus) -> None:
    status = binding_status(corpus, "ruritania", "arms-treaty", date(2024, 6, 1))
    assert not status.bound and status.state == "ended"


def test_signed_never_in_force_binds_no_one(corpus: Corpus) -> None:
    status = binding_status(corpus, "ruritania", "adapted-treaty", date(2010, 6, 1))
    assert not status.bound and status.state == "signed"
    before = binding_status(corpus, "ruritania", "adapted-treaty", date(1999, 1, 1))
    assert before.state == "not-party"


def test_suspension_under_a_treaty_clause_releases(corpus: Corpus) -> None:
    during = binding_status(corpus, "ruritania", "lawful-pause", date(2006, 6, 1))
    assert not during.bound and during.state == "suspended"
    after = binding_status(corpus, "ruritania", "lawful-pause", date(2010, 6, 1))
    assert after.bound and after.qualified is None


def _breaches(cli: Run, *args: str | Path) -> dict[tuple[str, str], dict[str, object]]:
    result = cli("analyze", *args, "--format", "json", "--by", "pair")
    if result.exit_code != 0:  # before grouped findings land, --by may not exist
        result = cli("analyze", *args, "--format", "json")
    data = json.loads(result.stdout)
    found = data if isinstance(data, list) else data["findings"]
    return {(f["claim"], f["commitment"]): f for f in found if f["kind"] == "breach"}


def test_analyze_marks_only_the_claim_made_during_the_suspension(cli: Run) -> None:
    breaches = _breaches(cli, FIXTURE)
    assert "qualified" not in breaches[("ru-2006-ban", "arms-treaty-preamble")]
    qualified = breaches[("ru-2010-ban", "arms-treaty-preamble")]["qualified"]
    assert "rejected the suspension" in str(qualified)
    assert ("ru-2024-ban", "arms-treaty-preamble") not in breaches
    assert not any(c == "adapted-treaty-preamble" for _, c in breaches)


def test_explain_the_draft_agreement_qualifies_the_cfe_breach(cli: Run) -> None:
    result = cli("explain", "ru-2021-12-17-draft-agreement", "data/")
    assert result.exit_code == 0, result.stderr
    assert "1. breach (qualified: cfe-1990)\n" in result.stdout
    text = " ".join(result.stdout.split())
    cfe = text[text.index("Treaty on Conventional Armed Forces in Europe (CFE Treaty), Preamble") :]
    cfe = cfe[: cfe.index("); ") + 1]
    assert "qualified: Russian Federation declared Treaty on Conventional Armed Forces" in cfe
    assert "suspended on 2007-12-12" in cfe
    assert "rejected the suspension" in cfe
    # Only the CFE document's binding is qualified; Istanbul para. 8's stays plain.
    istanbul = text[text.index("Charter for European Security, Para 8") :]
    assert istanbul[: istanbul.index(")") + 1].endswith("(bound since 1999-11-19)")


def test_unknown_actor_in_a_suspension_is_located(cli: Run, write: Write) -> None:
    path = write(
        """\
        actors:
          - {id: a, kind: state}
        documents:
          - id: t
            title: T
            date: 1990-01-01
            binding: legal
            parties:
              - actor: a
                suspended:
                  - {since: 2000-01-01, declared_by: a, disputed_by: [nobody]}
        """
    )
    result = cli("validate", path)
    assert result.exit_code == 2
    assert f"{path}:11:" in result.stderr and "nobody" in result.stderr


def _grouped_breach(cli: Run, claim: str, *args: str | Path) -> dict[str, dict[str, object]]:
    """The document sides of the grouped breach finding of `claim`, by document id."""
    result = cli("analyze", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)["findings"]
    breach = next(f for f in found if f["kind"] == "breach" and f.get("claim") == claim)
    return {s["document"]: s for s in breach["sides"] if "document" in s}


def test_grouped_findings_qualify_only_the_suspended_document(cli: Run) -> None:
    sides = _grouped_breach(cli, "ru-2021-12-17-draft-agreement", "data/")
    assert "suspended on 2007-12-12" in str(sides["cfe-1990"]["qualified"])
    assert "qualified" not in sides["istanbul-1999"]
    plain = _grouped_breach(cli, "ru-2006-ban", FIXTURE)
    assert "qualified" not in plain["arms-treaty"]
    text = cli("analyze", "data/").stdout
    assert "bound by cfe-1990 (qualified: suspension declared)" in " ".join(text.split())


def test_map_labels_the_qualified_breach_and_explains_it_in_the_legend(
    cli: Run, tmp_path: Path
) -> None:
    out = tmp_path / "map.dot"
    result = cli("render", FIXTURE, "-o", out, "--detail")  # one edge per commitment
    assert result.exit_code == 0, result.stderr
    dot = out.read_text(encoding="utf-8")
    edges = {line.split(" [", 1)[0]: line for line in dot.splitlines() if " -> " in line}
    qualified = next(
        v for k, v in edges.items() if "ru-2010-ban" in k and "arms-treaty-preamble" in k
    )
    plain = next(v for k, v in edges.items() if "ru-2006-ban" in k and "arms-treaty-preamble" in k)
    assert 'label="breach (qualified)"' in qualified
    assert "Freedonia rejected the suspension" in qualified
    assert 'label="breach"' in plain
    assert "declared the treaty suspended without a basis in it" in dot


def test_map_says_a_signed_instrument_never_entered_into_force(cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "map.dot"
    assert cli("render", FIXTURE, "-o", out).exit_code == 0
    assert "signed, never in force" in out.read_text(encoding="utf-8")


def test_a_document_not_binding_says_why(cli: Run) -> None:
    text = " ".join(cli("explain", "ru-2010-ban", FIXTURE).stdout.split())
    assert (
        "Adapted Arms Treaty, Preamble (not bound: signed on 1999-11-19, but it never entered "
        "into force; VCLT art. 18" in text
    )
    later = " ".join(cli("explain", "ru-2024-ban", FIXTURE).stdout.split())
    assert "Arms Treaty, Preamble (not bound: its participation had ended on 2023-11-07)" in later
    paused = " ".join(cli("explain", "ru-2006-ban", FIXTURE).stdout.split())
    assert "(not bound: Ruritania declared Treaty with a suspension clause suspended on" in paused
    pairs = " ".join(cli("analyze", FIXTURE, "--by", "pair").stdout.split())
    assert "(signed on 1999-11-19, but it never entered into force; VCLT art. 18" in pairs
