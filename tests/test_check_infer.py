"""``check`` inference from cue phrases, honest verdicts, ``--explain``, and the safe cache."""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from argmap.check import CUE_SCORE, Checker, corpus_key, load_checker
from argmap.logic import literals_of
from tests.conftest import ROOT, SEED, replant_cache

Run = Callable[..., Result]
DATA = ROOT / "data"


pytestmark = pytest.mark.usefixtures("private_cache")


def _lits(checker: Checker, text: str) -> set[str]:
    """The literals inferred for `text`, with everything they imply."""
    inf = checker.infer_text(text)
    lits = literals_of(inf.asserts, inf.denies)
    return {("+" if pos else "-") + p for p, pos in checker.base.logic.closure_of(lits)}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NATO must stop expanding.", "+ban-nato-enlargement"),
        (
            "Russia demands legally binding guarantees that NATO will not admit Ukraine.",
            "+ban-nato-enlargement",
        ),
        ("NATO is not a threat to Russia.", "-nato-enlargement-threatens-russia"),
        ("Russia has no veto over NATO enlargement.", "-indivisible-security-as-veto"),
        ("Russia does not have a veto.", "-indivisible-security-as-veto"),
        ("We will never accept any sphere of influence.", "+no-spheres-of-influence"),
        ("Расширение НАТО угрожает безопасности России.", "+nato-enlargement-threatens-russia"),
        ("Украина никогда не станет членом НАТО.", "+ban-nato-enlargement"),
        # a pseudo-negation: "not object" does not negate what follows
        ("Russia does not object to Ukraine joining NATO.", "+ukraine-free-to-choose-alliances"),
    ],
)
def test_cues_read_negation_and_russian(checker: Checker, text: str, expected: str) -> None:
    assert expected in _lits(checker, text)


def test_a_statement_on_something_else_infers_nothing(checker: Checker) -> None:
    assert _lits(checker, "The weather in Geneva was pleasant during the talks.") == set()
    assert _lits(checker, "Мы будем повторять вновь и вновь, что это не имеет смысла.") == set()


@pytest.mark.parametrize(
    "text",
    [
        SEED,
        "Расширение НАТО на восток угрожает безопасности России и нарушает принцип "
        "неделимой безопасности",
    ],
    ids=["english", "russian"],
)
def test_seed_sentence_is_a_breach_of_istanbul_para_8(cli: Run, text: str) -> None:
    result = cli("check", text, DATA, "--speaker", "lavrov", "--date", "2022-02-01", "-f", "json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["verdict"].startswith("BREACH: ")
    assert out["verdict"].endswith(
        "[inferred from the text; give --asserts or --denies to confirm]"
    )
    assert "indivisible-security-as-veto" in out["inferred"]["asserts"]
    # One breach per proposition at stake, listing the commitments it contradicts; the
    # derivation says the veto reading is what denies the free choice Istanbul para. 8 states.
    (breach,) = [f for f in out["findings"] if f["kind"] == "breach"]
    assert breach["proposition"] == "free-choice-of-alliances"
    assert "istanbul-1999" in breach["documents"]
    assert {"istanbul-1999-p8-free-choice", "istanbul-1999-p8-respect-rights"} <= set(
        breach["commitments"]
    )
    assert "asserts 'indivisible-security-as-veto'" in breach["derivation"][0]


def test_weak_inference_is_never_consistent(cli: Run) -> None:
    # A one-word cue is weak evidence (README): the verdict names what is likely instead.
    result = cli(
        "check", "Peoples have a right to self-determination.", DATA, "--speaker", "zelensky"
    )
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("LIKELY: asserts self-determination")
    assert first.endswith("give --asserts or --denies to confirm")
    assert (
        "Propositions (inferred from cue phrases, the reader and the closest records, weak):"
        in (result.stdout)
    )


def test_explain_says_why_per_proposition(cli: Run) -> None:
    result = cli("check", SEED, DATA, "--speaker", "lavrov", "--explain")
    assert result.exit_code == 0, result.stderr
    why = result.stdout.split("Why, per proposition:\n", 1)[1]
    score = f"score {CUE_SCORE[2]:.2f}"  # the calibrated score of a cue of two words
    assert f'  indivisible-security: asserted: cue "indivisible security", {score}' in why
    assert "  nato-open-door: not inferred: no cue of it found" in why
    as_json = cli("check", SEED, DATA, "--speaker", "lavrov", "--explain", "-f", "json")
    reasons = json.loads(as_json.stdout)["inferred"]["why"]
    assert reasons["indivisible-security-as-veto"].startswith("asserted: rule: ")


def test_explicit_flags_are_not_marked_inferred(cli: Run) -> None:
    result = cli(
        "check", SEED, DATA, "--speaker", "lavrov", "--asserts", "indivisible-security-as-veto"
    )
    first = result.stdout.splitlines()[0]
    assert first.startswith("BREACH: ") and "[inferred" not in first


# --- the cache (issue 17, item 2) -------------------------------------------------------------


def _target(tmp_path: Path) -> Path:
    return tmp_path / "cache" / f"check-{corpus_key([DATA])}.cache"


class _Planted:
    """Unpickling this would write a file: the cache must never unpickle."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    import argmap.check as check

    calls: list[int] = []
    real = check.build_index

    def counting(corpus: object) -> object:
        calls.append(1)
        return real(corpus)  # type: ignore[arg-type]

    monkeypatch.setattr(check, "build_index", counting)
    return calls


def test_planted_pickle_never_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "pwned"
    target = _target(tmp_path)
    target.parent.mkdir(parents=True)
    payload = pickle.dumps(_Planted(marker))
    target.write_bytes(payload)
    legacy = target.with_suffix(".pickle")
    legacy.write_bytes(payload)
    calls = _count_builds(monkeypatch)
    checker = load_checker([DATA])
    assert not marker.exists()
    assert calls == [1]  # rebuilt, not loaded
    assert checker.infer_text(SEED).asserts
    assert not legacy.exists()  # old-format files are removed, never read
    assert target.read_bytes() != payload


def test_a_link_to_a_device_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _target(tmp_path)
    target.parent.mkdir(parents=True)
    target.symlink_to("/dev/zero")
    calls = _count_builds(monkeypatch)
    assert load_checker([DATA]).infer_text(SEED).asserts
    assert calls == [1]


@pytest.mark.parametrize("damage", ["flip-bit", "zero-block", "truncate", "garbage-header"])
def test_damaged_cache_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    first = load_checker([DATA])
    target = _target(tmp_path)
    good = target.read_bytes()
    raw = bytearray(good)
    if damage == "flip-bit":
        raw[len(raw) // 2] ^= 0x10
    elif damage == "zero-block":
        start = len(raw) // 3
        raw[start : start + 4096] = bytes(4096)
    elif damage == "truncate":
        raw = raw[: len(raw) // 2]
    else:
        raw[20:40] = b"{" * 20
    target.write_bytes(bytes(raw))
    calls = _count_builds(monkeypatch)
    second = load_checker([DATA])
    assert calls == [1]
    assert second.infer_text(SEED) == first.infer_text(SEED)
    assert target.read_bytes() == good  # rewritten whole: the next check loads it
    calls.clear()
    load_checker([DATA])
    assert calls == []


def test_cache_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import argmap.check as check

    folder = tmp_path / "cache"
    folder.mkdir()
    for n in range(12):
        old = folder / f"check-{n:032d}.cache"
        old.write_bytes(b"x" * 100)
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    load_checker([DATA])
    left = sorted(p.name for p in folder.glob("check-*.cache"))
    assert len(left) == check.CACHE_MAX_FILES
    assert _target(tmp_path).name in left
    assert f"check-{11:032d}.cache" in left  # the most recently used stay
    assert f"check-{0:032d}.cache" not in left


def _columns_as_floats(arrays: dict[str, Any], meta: dict[str, Any]) -> None:
    arrays["words.columns"] = arrays["words.columns"].astype("<f8")


def _idf_as_bytes(arrays: dict[str, Any], meta: dict[str, Any]) -> None:
    arrays["words.idf"] = arrays["words.idf"].astype("S8")


def _terms_reversed(arrays: dict[str, Any], meta: dict[str, Any]) -> None:
    arrays["words.terms"] = arrays["words.terms"][::-1].copy()
    arrays["words.columns"] = arrays["words.columns"][::-1].copy()


def _indices_out_of_range(arrays: dict[str, Any], meta: dict[str, Any]) -> None:
    arrays["chars.indices"] = arrays["chars.indices"] + 10**6


@pytest.mark.parametrize(
    "change", [_columns_as_floats, _idf_as_bytes, _terms_reversed, _indices_out_of_range]
)
def test_a_planted_cache_of_the_wrong_shape_is_rebuilt(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[dict[str, Any], dict[str, Any]], None],
) -> None:
    """Arrays of the wrong type, order or range, behind a valid checksum, mean a rebuild and
    the same reading, never an internal error in the middle of a check."""
    first = load_checker([DATA])
    target = _target(tmp_path)
    replant_cache(target, change)
    calls = _count_builds(monkeypatch)
    second = load_checker([DATA])
    assert calls == [1]
    assert second.infer_text(SEED) == first.infer_text(SEED)
    assert [m.id for m in second.matches(SEED)] == [m.id for m in first.matches(SEED)]


def test_one_long_unspaced_text_keeps_the_cache_small(tmp_path: Path) -> None:
    """The vocabulary array is as wide as its longest term: a long unspaced text (a claim in
    Chinese, say) must not make every term that wide."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("claims.yaml", "commitments.yaml"):
        (data / name).write_bytes((DATA / name).read_bytes())
    (data / "long.yaml").write_text(
        "claims:\n"
        "  - id: long-unspaced\n"
        "    actor: russia\n"
        "    date: 2022-01-01\n"
        f"    text: {'北约东扩威胁俄罗斯安全' * 700}\n"
        "    source: {title: test}\n",
        encoding="utf-8",
    )
    load_checker([data])
    (cache,) = (tmp_path / "cache").glob("check-*.cache")
    assert cache.stat().st_size < 5 * 2**20
