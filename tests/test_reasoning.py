"""The logic of DESIGN.md, one small corpus per rule and its negative."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.corpus import load_corpus
from argmap.findings import Finding, find_all, finding_dict
from argmap.graph import CONTRADICTS, build_graph

HEAD = """\
actors:
  - {id: russia, name: Russian Federation, kind: state, successor_of: ussr}
  - {id: ussr, name: USSR, kind: state}
  - {id: ukraine, name: Ukraine, kind: state}
  - {id: usa, name: United States, kind: state}
  - {id: lavrov, name: Sergey Lavrov, kind: person, represents: russia}
  - id: nato
    name: NATO
    kind: organization
    members: [{actor: usa, since: 1949-08-24}]
documents:
  - {id: doc, title: Charter, date: 1999-11-19, binding: political, parties: %(parties)s}
  - {id: other, title: Other Act, date: 1975-08-01, binding: legal, parties: [ussr]}
propositions:
%(props)s
commitments:
%(commitments)s
claims:
%(claims)s
"""


def props(*lines: str) -> str:
    return "\n".join(f"  - {line}" for line in lines)


def commitment(ident: str, *, asserts: str = "[]", denies: str = "[]", doc: str = "doc") -> str:
    return (
        f"  - {{id: {ident}, document: {doc}, locator: para. 1, text: Text of {ident}., "
        f"asserts: {asserts}, denies: {denies}}}"
    )


def claim(
    ident: str,
    *,
    actor: str = "russia",
    date: str = "2021-12-17",
    asserts: str = "[]",
    denies: str = "[]",
    invokes: str = "[]",
    who: str = "actor",
) -> str:
    return (
        f"  - {{id: {ident}, {who}: {actor}, date: {date}, text: Words of {ident}., "
        f"source: {{title: S}}, asserts: {asserts}, denies: {denies}, invokes: {invokes}}}"
    )


def findings(
    tmp_path: Path,
    *,
    proposition_lines: tuple[str, ...] = ("{id: p, text: P.}", "{id: q, text: Q.}"),
    commitments: tuple[str, ...] = (),
    claims: tuple[str, ...] = (),
    parties: str = "[russia, ukraine]",
) -> set[tuple[str, tuple[str, ...]]]:
    """Write a corpus, reason over it, and return {(kind, nodes)}."""
    text = HEAD % {
        "parties": parties,
        "props": props(*proposition_lines),
        "commitments": "\n".join(commitments) or "  []",
        "claims": "\n".join(claims) or "  []",
    }
    path = tmp_path / "c.yaml"
    path.write_text(
        text.replace("commitments:\n  []", "commitments: []").replace(
            "claims:\n  []", "claims: []"
        ),
        encoding="utf-8",
    )
    ag = build_graph(load_corpus([path]))
    return {(f.kind, f.nodes) for f in find_all(ag)}


def test_direct_contradiction_is_a_breach_when_bound(tmp_path: Path) -> None:
    got = findings(
        tmp_path, commitments=(commitment("k", asserts="[p]"),), claims=(claim("c", denies="[p]"),)
    )
    assert got == {("breach", ("c", "k"))}


def test_contradiction_when_not_bound(tmp_path: Path) -> None:
    got = findings(
        tmp_path,
        commitments=(commitment("k", asserts="[p]"),),
        claims=(claim("c", actor="usa", denies="[p]"),),
    )
    assert got == {("contradiction", ("c", "k"))}


@pytest.mark.parametrize(
    "claim_lits, commitment_lits",
    [
        ({"asserts": "[p]"}, {"denies": "[q]"}),  # P+ implies Q+ against Q-
        ({"denies": "[q]"}, {"asserts": "[p]"}),  # contrapositive: Q- gives P- against P+
        ({"asserts": "[q]"}, {"denies": "[q]"}),  # direct, for contrast
    ],
    ids=["forward", "contrapositive", "direct"],
)
def test_contradiction_through_implies(
    tmp_path: Path, claim_lits: dict[str, str], commitment_lits: dict[str, str]
) -> None:
    got = findings(
        tmp_path,
        proposition_lines=("{id: p, text: P., implies: [q]}", "{id: q, text: Q.}"),
        commitments=(commitment("k", **commitment_lits),),
        claims=(claim("c", **claim_lits),),
    )
    assert got == {("breach", ("c", "k"))}


@pytest.mark.parametrize("declared_on", ["p", "q"])
def test_contradiction_through_excludes_either_side(tmp_path: Path, declared_on: str) -> None:
    lines = {
        "p": ("{id: p, text: P., excludes: [q]}", "{id: q, text: Q.}"),
        "q": ("{id: p, text: P.}", "{id: q, text: Q., excludes: [p]}"),
    }[declared_on]
    got = findings(
        tmp_path,
        proposition_lines=lines,
        commitments=(commitment("k", asserts="[p]"),),
        claims=(claim("c", asserts="[q]"),),
    )
    assert got == {("breach", ("c", "k"))}


def test_nothing_follows_from_denying_the_antecedent(tmp_path: Path) -> None:
    # P implies Q; denying P says nothing about Q.
    got = findings(
        tmp_path,
        proposition_lines=("{id: p, text: P., implies: [q]}", "{id: q, text: Q.}"),
        commitments=(commitment("k", asserts="[q]"),),
        claims=(claim("c", denies="[p]"),),
    )
    assert got == set()


def test_unrelated_propositions_neither_contradict_nor_support(tmp_path: Path) -> None:
    got = findings(
        tmp_path, commitments=(commitment("k", asserts="[p]"),), claims=(claim("c", asserts="[q]"),)
    )
    assert got == set()


@pytest.mark.parametrize(
    "party, date, kind",
    [
        ("{actor: russia, since: 2000-01-01}", "1999-12-31", "contradiction"),
        ("{actor: russia, since: 2000-01-01}", "2000-01-01", "breach"),
        ("{actor: russia, until: 2019-03-31}", "2019-03-31", "breach"),
        ("{actor: russia, until: 2019-03-31}", "2019-04-01", "contradiction"),
        ("russia", "1999-11-18", "contradiction"),  # since defaults to the document's date
    ],
    ids=["before-since", "on-since", "on-until", "after-until", "before-document"],
)
def test_party_periods(tmp_path: Path, party: str, date: str, kind: str) -> None:
    got = findings(
        tmp_path,
        parties=f"[{party}]",
        commitments=(commitment("k", asserts="[p]"),),
        claims=(claim("c", date=date, denies="[p]"),),
    )
    assert got == {(kind, ("c", "k"))}


def test_successor_is_bound_by_predecessors_documents(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    found = findings(
        tmp_path,
        commitments=(commitment("k", asserts="[p]", doc="other"),),
        claims=(claim("c", denies="[p]"),),
    )
    assert found == {("breach", ("c", "k"))}
    ag = build_graph(load_corpus([path]))
    (f,) = find_all(ag)
    d = finding_dict(ag, f)
    assert d["bound_through"] == "ussr" and d["bound_since"] == "1975-08-01"
    assert "through successor of ussr" in d["explanation"]


def test_member_of_an_organization_party_is_bound(tmp_path: Path) -> None:
    got = findings(
        tmp_path,
        parties="[nato]",
        commitments=(commitment("k", asserts="[p]"),),
        claims=(
            claim("c", actor="usa", denies="[p]"),
            claim("d", actor="usa", date="1949-01-01", asserts="[q]"),
        ),
    )
    assert ("breach", ("c", "k")) in got


def test_speaker_is_attributed_to_the_state_it_represents(tmp_path: Path) -> None:
    got = findings(
        tmp_path,
        commitments=(commitment("k", asserts="[p]"),),
        claims=(claim("c", actor="lavrov", who="speaker", denies="[p]"),),
    )
    assert got == {("breach", ("c", "k"))}


def test_cycle_of_implications_terminates(tmp_path: Path) -> None:
    got = findings(
        tmp_path,
        proposition_lines=(
            "{id: p, text: P., implies: [q]}",
            "{id: q, text: Q., implies: [r]}",
            "{id: r, text: R., implies: [p]}",
        ),
        commitments=(commitment("k", asserts="[q]"),),
        claims=(claim("c", denies="[p]"),),
    )
    assert got == {("breach", ("c", "k"))}


def test_selective_invocation(tmp_path: Path) -> None:
    got = findings(
        tmp_path,
        commitments=(commitment("k-choice", asserts="[p]"), commitment("k-expense", asserts="[q]")),
        claims=(claim("c", denies="[p]", asserts="[q]", invokes="[k-expense]"),),
    )
    assert got == {
        ("breach", ("c", "k-choice")),
        ("selective-invocation", ("c", "k-expense", "k-choice")),
        ("support", ("c", "k-expense")),
    }


def test_invoking_another_documents_commitment_is_not_selective(tmp_path: Path) -> None:
    got = findings(
        tmp_path,
        commitments=(
            commitment("k-choice", asserts="[p]"),
            commitment("k-other", asserts="[q]", doc="other"),
        ),
        claims=(claim("c", denies="[p]", invokes="[k-other]"),),
    )
    assert not any(kind == "selective-invocation" for kind, _ in got)


def test_reversal_is_ordered_earlier_to_later(tmp_path: Path) -> None:
    got = findings(
        tmp_path,
        claims=(
            claim("late", date="2022-01-01", denies="[p]"),
            claim("early", date="2002-05-17", asserts="[p]"),
        ),
    )
    assert got == {("reversal", ("early", "late"))}


def test_repetition_is_support_not_reversal(tmp_path: Path) -> None:
    got = findings(
        tmp_path,
        claims=(
            claim("a", date="2002-05-17", asserts="[p]"),
            claim("b", date="2022-01-01", asserts="[p]"),
        ),
    )
    assert got == {("support", ("a", "b"))}


def test_disagreement_between_actors(tmp_path: Path) -> None:
    got = findings(
        tmp_path, claims=(claim("ru", denies="[p]"), claim("us", actor="usa", asserts="[p]"))
    )
    assert got == {("disagreement", ("ru", "us"))}


def test_tension_between_commitments(tmp_path: Path) -> None:
    got = findings(
        tmp_path, commitments=(commitment("k2", denies="[p]"), commitment("k1", asserts="[p]"))
    )
    assert got == {("tension", ("k1", "k2"))}


def test_graph_edges_and_determinism(tmp_path: Path) -> None:
    findings(
        tmp_path,
        commitments=(commitment("k", asserts="[p]"),),
        claims=(claim("c", denies="[p]", invokes="[k]"),),
    )
    corpus = load_corpus([tmp_path / "c.yaml"])
    G = build_graph(corpus).to_networkx()
    assert sorted(G.edges(keys=True)) == [("c", "k", CONTRADICTS), ("c", "k", "invokes")]
    assert G.edges["c", "k", CONTRADICTS]["propositions"] == ("p",)
    again = build_graph(load_corpus([tmp_path / "c.yaml"])).to_networkx()
    assert list(G.edges(keys=True, data=True)) == list(again.edges(keys=True, data=True))


def test_findings_explain_themselves(tmp_path: Path) -> None:
    findings(
        tmp_path,
        proposition_lines=("{id: ban, text: Ban., excludes: [choice]}", "{id: choice, text: C.}"),
        commitments=(commitment("k", asserts="[choice]"),),
        claims=(claim("c", asserts="[ban]"),),
    )
    ag = build_graph(load_corpus([tmp_path / "c.yaml"]))
    (f,) = find_all(ag)
    assert isinstance(f, Finding)
    d = finding_dict(ag, f)
    assert d["kind"] == "breach" and d["claim"] == "c" and d["commitment"] == "k"
    assert d["actor"] == "russia" and d["propositions"] == ["ban", "choice"]
    assert d["explanation"] == (
        "Russian Federation (c, 2021-12-17) denies 'choice' (it asserts 'ban', from which this "
        "follows), which Charter para. 1 (k) asserts 'choice'; Russian Federation has been bound "
        "by Charter since 1999-11-19."
    )
    assert d["derivation"] == [
        "c asserts 'ban'; 'ban' excludes 'choice'; so it denies 'choice'",
        "k asserts 'choice' as written",
    ]
