"""Tests for argmap.semantics.bipolar: supported, secondary and closed derived attacks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.errors import UnknownId
from argmap.semantics.bipolar import (
    associated_framework,
    derived_attacks,
    secondary_attacks,
    supported_attacks,
)
from argmap.semantics.dung import grounded_extension

Pairs = list[tuple[str, str]]

CASES: list[tuple[str, Pairs, Pairs, Pairs, Pairs]] = [
    # name, attacks, supports, supported attacks, secondary attacks
    ("no-supports", [("a", "b")], [], [], []),
    ("supported", [("b", "c")], [("a", "b")], [("a", "c")], []),
    ("supported-chain", [("c", "d")], [("a", "b"), ("b", "c")], [("a", "d"), ("b", "d")], []),
    ("secondary", [("a", "b")], [("b", "c")], [], [("a", "c")]),
    ("secondary-chain", [("a", "b")], [("b", "c"), ("c", "d")], [], [("a", "c"), ("a", "d")]),
    ("both-sides", [("b", "c")], [("a", "b"), ("c", "d")], [("a", "c")], [("b", "d")]),
    (
        "support-cycle",
        [("b", "x")],
        [("a", "b"), ("b", "a")],
        [("a", "x"), ("b", "x")],
        [],
    ),
    ("support-not-attack", [], [("a", "b")], [], []),
]


@pytest.mark.parametrize(
    ("attacks", "supports", "supported", "secondary"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_known_derived_attacks(
    attacks: Pairs, supports: Pairs, supported: Pairs, secondary: Pairs
) -> None:
    assert supported_attacks(attacks, supports) == supported
    assert secondary_attacks(attacks, supports) == secondary
    assert derived_attacks(attacks, supports) == sorted({*attacks, *supported, *secondary})


def test_closure_adds_attacks_with_supports_on_both_sides() -> None:
    attacks, supports = [("b", "c")], [("a", "b"), ("c", "d")]
    assert ("a", "d") not in derived_attacks(attacks, supports)
    assert derived_attacks(attacks, supports, closure=True) == [
        ("a", "c"),
        ("a", "d"),
        ("b", "c"),
        ("b", "d"),
    ]


def test_inputs_may_be_iterators_and_order_does_not_matter() -> None:
    attacks = [("b", "c"), ("e", "f")]
    supports = [("a", "b"), ("f", "g")]
    one = derived_attacks(iter(attacks), iter(supports))
    two = derived_attacks(reversed(attacks), reversed(supports))
    assert one == two == sorted(one)


def test_associated_framework() -> None:
    af = associated_framework("abc", [("c", "a")], [("a", "b")])
    assert sorted(af.attacks) == [("c", "a"), ("c", "b")]
    assert grounded_extension(af) == frozenset({"c"})
    with pytest.raises(UnknownId, match="'z'"):
        associated_framework("ab", [], [("a", "z")])
    with pytest.raises(UnknownId, match="'z'"):
        associated_framework("ab", [("z", "a")], [])


NAMES = st.sampled_from("abcdefg")
PAIRS = st.lists(st.tuples(NAMES, NAMES), max_size=12)


def _naive_fixed_point(attacks: Pairs, supports: Pairs) -> set[tuple[str, str]]:
    """Add supported and secondary attacks over and over until nothing changes."""
    current = set(attacks)
    while True:
        grown = (
            current
            | set(supported_attacks(current, supports))
            | set(secondary_attacks(current, supports))
        )
        if grown == current:
            return current
        current = grown


def _paths(attacks: Pairs, supports: Pairs, max_len: int = 9) -> set[tuple[str, str]]:
    """Brute force over edge sequences: supports*, one attack, supports*."""
    sup: dict[str, set[str]] = {}
    for a, b in supports:
        sup.setdefault(a, set()).add(b)

    def star(x: str) -> set[str]:
        seen, todo = {x}, [x]
        while todo:
            y = todo.pop()
            for z in sup.get(y, ()):
                if z not in seen:
                    seen.add(z)
                    todo.append(z)
        return seen

    rev: dict[str, set[str]] = {}
    for a, b in supports:
        rev.setdefault(b, set()).add(a)

    def back(x: str) -> set[str]:
        seen, todo = {x}, [x]
        while todo:
            y = todo.pop()
            for z in rev.get(y, ()):
                if z not in seen:
                    seen.add(z)
                    todo.append(z)
        return seen

    return {(a, d) for b, c in attacks for a in back(b) for d in star(c)}


@settings(max_examples=200, deadline=None)
@given(PAIRS, PAIRS)
def test_closure_is_the_fixed_point(attacks: Pairs, supports: Pairs) -> None:
    closed = derived_attacks(attacks, supports, closure=True)
    assert set(closed) == _naive_fixed_point(attacks, supports) == _paths(attacks, supports)
    assert closed == sorted(set(closed))


@settings(max_examples=200, deadline=None)
@given(PAIRS, PAIRS)
def test_derived_contains_direct_and_is_within_closure(attacks: Pairs, supports: Pairs) -> None:
    derived = set(derived_attacks(attacks, supports))
    assert set(attacks) <= derived <= set(derived_attacks(attacks, supports, closure=True))
    if not supports:
        assert derived == set(attacks)
