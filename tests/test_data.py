"""The founding dataset: coverage, verbatim quotations, and the story it must tell."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from argmap.corpus import load_corpus
from argmap.findings import find_all
from argmap.graph import build_graph
from argmap.model import Corpus
from tests.conftest import ROOT, SHARED

QUOTES = SHARED / "reference" / "quotes.yaml"
REF = re.compile(r"^quotes\.yaml: ([A-Za-z0-9-]+|none)\.")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus([ROOT / "data"])


@pytest.fixture(scope="module")
def kinds(corpus: Corpus) -> set[tuple[str, tuple[str, ...]]]:
    return {(f.kind, f.nodes) for f in find_all(build_graph(corpus))}


def test_coverage_numbers(corpus: Corpus) -> None:
    assert len(corpus.documents) >= 12
    assert len(corpus.commitments) >= 25
    assert len(corpus.claims) >= 35
    # Issue 16 added seven propositions for positions real statements take (vocabulary gaps).
    assert 12 <= len(corpus.propositions) <= 35
    speakers = {c.speaker or c.actor for c in corpus.claims.values()}
    attributed = {corpus.attributed_actor(c) for c in corpus.claims.values()}
    assert len(speakers | attributed) >= 6
    years = {c.date.year for c in corpus.claims.values()}
    # Issue 16 added two NATO statements of 2023 (no veto; the war's cause).
    assert min(years) <= 2002 and max(years) in (2022, 2023)


def test_the_documents_the_issue_names_are_covered(corpus: Corpus) -> None:
    titles = " | ".join(d.title for d in corpus.documents.values())
    for needle in [
        "United Nations",
        "North Atlantic Treaty",
        "Helsinki",
        "Conventional Armed",
        "Paris",
        "Budapest",
        "Code of Conduct",
        "Founding Act",
        "Friendship, Cooperation and Partnership",
        "Charter for European Security",
        "Bucharest",
        "Astana",
    ]:
        assert needle in titles, needle


def test_every_node_is_sourced_and_located(corpus: Corpus) -> None:
    for c in corpus.claims.values():
        assert c.source.title or c.source.url, c.id
        assert c.source.locator, f"claim {c.id} has no locator"
    for k in corpus.commitments.values():
        assert k.locator.strip(), k.id
        assert corpus.documents[k.document].url, f"document of {k.id} has no url"


def test_documents_carry_dates_binding_and_parties(corpus: Corpus) -> None:
    for d in corpus.documents.values():
        assert d.parties, d.id
    # The 1997 treaty expired; Russia is bound by Soviet-era texts as the USSR's continuator.
    treaty = next(d for d in corpus.documents.values() if "Friendship" in d.title)
    assert all(p.until is not None for p in treaty.parties)
    assert corpus.actors["russia"].successor_of == "ussr"


def _reference() -> dict[str, dict[str, object]]:
    if not QUOTES.exists():
        pytest.skip(f"reference quotations not found at {QUOTES}")
    entries = yaml.safe_load(QUOTES.read_text(encoding="utf-8"))
    return {e["id"]: e for e in entries}


def test_every_text_is_verbatim_from_its_reference(corpus: Corpus) -> None:
    ref = _reference()
    for node in [*corpus.commitments.values(), *corpus.claims.values()]:
        match = REF.match(node.note or "")
        assert match, f"{node.id}: note must start with 'quotes.yaml: <ID>.'"
        ident = match.group(1)
        if ident == "none":
            assert re.search(r"Copied from\s+https?://", node.note or ""), node.id
            continue
        entry = ref[ident]
        assert entry["verified"] is True, f"{node.id} uses unverified {ident}"
        assert node.text in str(entry["text"]), f"{node.id}: text differs from {ident}"
        assert node.verified is True, node.id


def test_unverified_reference_entries_are_never_used(corpus: Corpus) -> None:
    ref = _reference()
    unverified = {i for i, e in ref.items() if not e["verified"]}
    used = {
        m.group(1)
        for n in [*corpus.commitments.values(), *corpus.claims.values()]
        if (m := REF.match(n.note or ""))
    }
    assert not used & unverified


def test_breach_of_istanbul_free_choice_by_the_russian_drafts(
    corpus: Corpus, kinds: set[tuple[str, tuple[str, ...]]]
) -> None:
    drafts = {
        c.id
        for c in corpus.claims.values()
        if c.date.isoformat() == "2021-12-17" and corpus.attributed_actor(c) == "russia"
    }
    breached = {
        nodes[0]
        for kind, nodes in kinds
        if kind == "breach" and nodes[1] == "istanbul-1999-p8-free-choice"
    }
    assert drafts & breached, "no Russian draft of 17 Dec 2021 breaches Istanbul para 8"


def test_selective_invocation_of_istanbul_para_8(kinds: set[tuple[str, tuple[str, ...]]]) -> None:
    assert any(
        kind == "selective-invocation"
        and nodes[1] == "istanbul-1999-p8-no-expense"
        and nodes[2] == "istanbul-1999-p8-free-choice"
        for kind, nodes in kinds
    )


def test_reversal_since_putin_2002(corpus: Corpus, kinds: set[tuple[str, tuple[str, ...]]]) -> None:
    later = {
        nodes[1]
        for kind, nodes in kinds
        if kind == "reversal" and nodes[0] == "ru-2002-05-17-putin-matter-for-two-partners"
    }
    assert any(corpus.claims[c].date.year in (2021, 2022) for c in later)


@pytest.mark.parametrize(
    "corpus_dir",
    [ROOT / "data", ROOT / "examples" / "minimal", ROOT / "examples" / "crimea-2014"],
    ids=["data", "minimal", "crimea-2014"],
)
def test_every_implication_and_exclusion_says_why(corpus_dir: Path) -> None:
    """Each implies/excludes is an analyst's judgement: a comment on its line says why."""
    from argmap.load import load_files

    loaded = load_files([corpus_dir])
    missing = []
    checked = 0
    for rec in loaded.records:
        if rec.section != "propositions":
            continue
        lines = Path(rec.located.path).read_text(encoding="utf-8").splitlines()
        for key in ("implies", "excludes"):
            for i, target in enumerate(rec.data.get(key) or []):
                line, _ = rec.located.values[(*rec.where, key, i)]
                checked += 1
                if "#" not in lines[line - 1]:
                    missing.append(f"{rec.located.path}:{line}: {rec.data['id']} {key} {target}")
    assert checked > 0
    assert missing == []
