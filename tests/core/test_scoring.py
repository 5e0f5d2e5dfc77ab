"""The verdict rules: weights, thresholds and decisive combinations from checklist.yaml."""

from __future__ import annotations

import pytest

from bot.content.model import Content
from bot.core.scoring import assess_answers

SAFEST = {
    "recruiter": "licensed_checked",
    "channel": "office_or_newspaper",
    "destination": "gulf",
    "route": "direct_flight",
    "job": "trade_or_labour",
    "employer": "verified",
    "salary": "normal",
    "visa": "work_visa",
    "protector": "will_register",
    "payment": "legal_fee_receipt",
    "free_travel": "i_pay_or_contract_says",
    "contract": "written_registered",
    "passport": "kept_by_me",
    "pressure": "no_pressure",
}


def with_answers(**changes: str) -> dict[str, str]:
    return {**SAFEST, **changes}


def test_safest_answers_are_low_but_carry_the_work_visa_caution(content: Content) -> None:
    result = assess_answers(content.checklist, SAFEST)
    assert result.level == "low"
    assert result.flags == ()
    assert "work_visa_not_proof" in result.notes
    assert "low_is_not_a_guarantee" in result.notes


def test_visit_visa_to_bangkok_for_call_centre_job_is_danger(content: Content) -> None:
    answers = with_answers(destination="thailand", visa="visit_visa", job="call_centre_typing")
    result = assess_answers(content.checklist, answers)
    assert result.level == "danger"
    assert "visit_visa_scam_route" in result.rules
    assert {"visit_visa", "risky_destination"} <= set(result.flags)


def test_whatsapp_visit_visa_bangkok_call_centre_cash_fee_is_danger(content: Content) -> None:
    """The case the issue asks about: found on WhatsApp, fee paid in cash."""
    answers = with_answers(
        channel="chat_app",
        destination="thailand",
        visa="visit_visa",
        job="call_centre_typing",
        payment="cash_no_receipt",
    )
    result = assess_answers(content.checklist, answers)
    assert result.level == "danger"
    assert set(result.flags) == {
        "visit_visa",
        "risky_destination",
        "chat_app_recruitment",
        "upfront_fee",
    }


def test_genuine_work_visa_does_not_make_a_mekong_call_centre_job_safe(content: Content) -> None:
    answers = with_answers(destination="thailand", job="call_centre_typing", visa="work_visa")
    result = assess_answers(content.checklist, answers)
    assert result.level == "high"
    assert "work_visa_not_proof" in result.notes


def test_being_driven_across_the_border_is_danger_whatever_else(content: Content) -> None:
    answers = with_answers(destination="myanmar", route="overland_after_arrival")
    assert assess_answers(content.checklist, answers).level == "danger"


def test_passport_retention_alone_is_high(content: Content) -> None:
    assert assess_answers(content.checklist, with_answers(passport="asked_for_it")).level == "high"


def test_any_mekong_destination_is_at_least_caution(content: Content) -> None:
    result = assess_answers(content.checklist, with_answers(destination="cambodia"))
    assert result.level == "caution"


@pytest.mark.parametrize(
    ("changes", "level"),
    [
        ({"channel": "social_media"}, "low"),
        ({"payment": "large_or_advance"}, "caution"),
        ({"payment": "large_or_advance", "contract": "later_or_none"}, "high"),
        (
            {
                "recruiter": "not_licensed",
                "payment": "cash_no_receipt",
                "contract": "later_or_none",
                "pressure": "hurry",
            },
            "danger",
        ),
    ],
)
def test_scores_add_up_to_levels(content: Content, changes: dict[str, str], level: str) -> None:
    assert assess_answers(content.checklist, with_answers(**changes)).level == level


def test_not_sure_counts_half_and_never_fires_a_decisive_rule(content: Content) -> None:
    sure = assess_answers(content.checklist, with_answers(visa="visit_visa"))
    unsure = assess_answers(content.checklist, with_answers(visa="not_sure"))
    assert unsure.score == sure.score / 2
    assert unsure.unsure == ("visit_visa",)
    assert "visit_visa_for_work" not in unsure.rules
    assert unsure.level == "low"


def test_unknown_answer_ids_from_old_content_are_ignored(content: Content) -> None:
    result = assess_answers(content.checklist, with_answers(visa="no_longer_exists", gone="x"))
    assert result.level == "low"
