"""The scope rules of cue inference added in issue 14's second round: each reads a sentence
the way an analyst does, and each has a sentence where the opposite reading must hold."""

from __future__ import annotations

import pytest

from argmap.check import Checker
from tests.conftest import inferred

pytestmark = pytest.mark.usefixtures("private_cache")


def test_russian_negative_concord_is_one_negation(checker: Checker) -> None:
    # "никогда не" is one negation: a ban, not a wish that Ukraine join
    lits = inferred(checker, "Украина никогда не станет членом НАТО.")
    assert "+ban-nato-enlargement" in lits
    assert not {"+ukraine-nato-membership-goal", "-ukraine-nato-membership-goal"} & lits
    # "никакого ... не будет" inside the words of a promise is what was promised
    said = "Нам обещали, что никакого расширения НАТО на восток не будет."
    assert "+non-enlargement-promise-given" in inferred(checker, said)


def test_deny_negates_like_not(checker: Checker) -> None:
    assert "-non-enlargement-promise-given" in inferred(
        checker, "The allies deny that they promised not to enlarge NATO."
    )
    assert "+non-enlargement-promise-given" in inferred(
        checker, "The allies promised not to enlarge NATO."
    )


def test_counterfactual_if_is_not_a_hedge(checker: Checker) -> None:
    assert inferred(checker, "If NATO stops expanding, we will talk.") == set()
    assert "+ban-nato-enlargement" in inferred(
        checker, "If NATO had stopped expanding, there would have been no war."
    )


def test_a_reported_promise_is_not_a_demand(checker: Checker) -> None:
    lits = inferred(checker, "Нам говорили: мы вам обещали не расширять НАТО на восток.")
    assert "+non-enlargement-promise-given" in lits
    assert "+ban-nato-enlargement" not in lits


def test_rejecting_red_lines_denies_nothing(checker: Checker) -> None:
    assert inferred(checker, "I don't accept anybody's red lines.") == set()
    assert "+nato-enlargement-threatens-russia" in inferred(
        checker, "Ukraine's accession to NATO is a red line for Russia."
    )


def test_a_demand_attributed_to_another_is_not_the_speakers(checker: Checker) -> None:
    assert inferred(checker, "Moscow's demands to stop NATO expansion are unacceptable.") == set()
    assert inferred(checker, "Вимоги Росії щодо нерозширення НАТО неприйнятні.") == set()
    # the speaker's own demand, and Russia naming its own demand in the third person
    assert "+ban-nato-enlargement" in inferred(checker, "We demand that NATO stop expansion.")
    assert "+ban-nato-enlargement" in inferred(checker, "Russia demands that NATO stop expansion.")


def test_explain_says_why_an_attributed_cue_was_not_used(checker: Checker) -> None:
    inf = checker.infer_text("Moscow's demands to stop NATO expansion are unacceptable.")
    reasons = dict(inf.reasons)
    assert "attributed to another" in reasons["ban-nato-enlargement"]


def test_a_not_before_a_cue_that_holds_its_own_not_negates_it(checker: Checker) -> None:
    # third round: the cue's own "не" is the one in its order, after "обещало"
    lits = inferred(checker, "НАТО никогда не обещало России не принимать новых членов.")
    assert "-non-enlargement-promise-given" in lits
    assert "+non-enlargement-promise-given" in inferred(
        checker, "НАТО обещало России не принимать новых членов."
    )


def test_russian_negated_verb_after_its_object_negates_the_cue(checker: Checker) -> None:
    # genitive of negation, verb last: "creates no threat to Russia"
    said = "Расширение за счет этих стран угрозы для России не создает."
    assert "-nato-enlargement-threatens-russia" in inferred(checker, said)
    # a gerund after a comma, or a relative clause, is another clause: the threat stands
    for said in (
        "Расширение НАТО создает угрозу для России, не создавая ничего.",
        "Это угроза для России, которая не создает ничего нового.",
    ):
        assert "+nato-enlargement-threatens-russia" in inferred(checker, said), said


def test_a_cues_words_far_apart_count_only_in_its_order(checker: Checker) -> None:
    # fourth round: "we ... willing ... NATO" scrambled is not "we will be in NATO"
    said = "NATO guarantees should be extended only where we are willing to go to war."
    assert "+ukraine-nato-membership-goal" not in inferred(checker, said)
    assert "+ukraine-nato-membership-goal" in inferred(checker, "We will be in NATO.")
    # free word order side by side still reads: "security ... equal and indivisible"
    said = "Новая архитектура безопасности должна быть равной и неделимой."
    assert "+indivisible-security" in inferred(checker, said)


def test_a_repeated_not_is_one_negation_of_a_cue_that_holds_its_own(checker: Checker) -> None:
    said = "Россия не имеет и не будет иметь права вето на вступление Украины в НАТО."
    lits = inferred(checker, said)
    assert "+no-third-state-veto-on-accession" in lits
    assert "-ukraine-nato-membership-goal" not in lits
