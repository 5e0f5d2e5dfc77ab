"""The verdict rules: weights, thresholds and decisive combinations from checklist.yaml."""

from __future__ import annotations

import pytest

from bot.content.model import Content
from bot.core.scoring import assess_answers

SAFEST = {
    "recruiter": "licensed_checked",
    "sub_agent": "oep_office_directly",
    "channel": "office_or_newspaper",
    "destination": "gulf",
    "transit": "not_via_bangkok",
    "city": "big_city",
    "route": "direct_flight",
    "job": "trade_or_labour",
    "hiring_test": "proper_interview",
    "employer": "verified",
    "salary": "normal",
    "visa": "work_visa",
    "airport_story": "no_story",
    "protector": "will_register",
    "payment": "legal_fee_receipt",
    "free_travel": "i_pay_or_contract_says",
    "contract": "written_registered",
    "exit_penalty": "no_penalty",
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


def test_call_centre_job_in_thailand_is_high_on_any_visa(content: Content) -> None:
    for visa in ("work_visa", "visit_visa", "azad_visa", "not_sure"):
        answers = with_answers(destination="thailand", job="call_centre_typing", visa=visa)
        level = assess_answers(content.checklist, answers).level
        assert level in {"high", "danger"}, visa


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


ALL_NOT_SURE = {
    "recruiter": "not_sure",
    "sub_agent": "not_sure",
    "channel": "friend_or_relative",
    "destination": "elsewhere",
    "transit": "not_sure",
    "route": "not_told",
    "job": "other_job",
    "hiring_test": "proper_interview",
    "employer": "name_only",
    "salary": "not_sure",
    "visa": "not_sure",
    "airport_story": "no_story",
    "protector": "not_sure",
    "payment": "nothing",
    "free_travel": "not_sure",
    "contract": "written_not_registered",
    "exit_penalty": "not_sure",
    "passport": "kept_by_me",
    "pressure": "no_pressure",
}


def test_not_sure_to_everything_is_caution_find_these_out_first(content: Content) -> None:
    result = assess_answers(content.checklist, ALL_NOT_SURE)
    assert result.flags == ()
    assert result.score >= content.checklist.thresholds["danger"]  # would be danger uncapped
    assert result.level == "caution"
    assert result.by_doubts


def test_doubts_do_not_lift_a_confirmed_level_above_what_facts_give(content: Content) -> None:
    answers = {**ALL_NOT_SURE, "passport": "asked_for_it"}
    result = assess_answers(content.checklist, answers)
    assert result.level == "high"
    assert not result.by_doubts


HUB_CALL_CENTRE = {"destination": "thailand", "job": "call_centre_typing", "visa": "work_visa"}


@pytest.mark.parametrize(
    ("name", "changes", "level", "rule"),
    [
        (
            "call_centre_job_in_thailand_on_work_visa_found_on_facebook_all_free_high_salary",
            {
                **HUB_CALL_CENTRE,
                "channel": "social_media",
                "free_travel": "all_free",
                "salary": "too_good",
            },
            "danger",
            "bait_job_in_hub_plus_sign",
        ),
        (
            "call_centre_job_in_thailand_on_work_visa_found_on_facebook",
            {**HUB_CALL_CENTRE, "channel": "social_media"},
            "danger",
            "bait_job_in_hub_plus_sign",
        ),
        (
            "call_centre_job_in_thailand_on_work_visa_with_free_ticket",
            {**HUB_CALL_CENTRE, "free_travel": "all_free"},
            "danger",
            "bait_job_in_hub_plus_sign",
        ),
        (
            "typing_job_in_cambodia_with_unrealistic_salary",
            {**HUB_CALL_CENTRE, "destination": "cambodia", "salary": "too_good"},
            "danger",
            "bait_job_in_hub_plus_sign",
        ),
        (
            "online_sales_job_in_laos_hired_after_only_a_typing_test",
            {
                **HUB_CALL_CENTRE,
                "destination": "laos_vietnam",
                "job": "crypto_online_marketing",
                "hiring_test": "typing_or_online",
            },
            "danger",
            "bait_job_in_hub_plus_sign",
        ),
        (
            "call_centre_job_in_myanmar_reached_by_car_after_landing",
            {**HUB_CALL_CENTRE, "destination": "myanmar", "route": "overland_after_arrival"},
            "danger",
            "overland_into_hub",
        ),
        (
            "call_centre_job_in_thailand_on_work_visa_without_second_sign",
            HUB_CALL_CENTRE,
            "high",
            "bait_job_in_hub",
        ),
        (
            "call_centre_job_in_thailand_with_only_doubts_about_salary_and_ticket",
            {**HUB_CALL_CENTRE, "salary": "not_sure", "free_travel": "not_sure"},
            "high",
            "bait_job_in_hub",
        ),
        (
            "labour_job_in_a_thai_border_town",
            {"destination": "thailand", "city": "border_town"},
            "high",
            "border_town_job",
        ),
        (
            "unlicensed_agent_who_says_no_protector_needed",
            {"recruiter": "not_licensed", "protector": "agent_says_no_need"},
            "high",
            "no_protector_no_licence",
        ),
        (
            "sub_agent_who_says_no_protector_needed",
            {"sub_agent": "middleman", "protector": "agent_says_no_need"},
            "high",
            "no_protector_no_licence",
        ),
        (
            "work_visa_but_told_to_say_tourist_at_the_airport",
            {"airport_story": "say_tourist"},
            "high",
            "visit_visa_for_work",
        ),
        (
            "gulf_job_with_flight_through_bangkok",
            {"transit": "via_bangkok"},
            "caution",
            "hub_needs_checking",
        ),
        (
            "penalty_for_leaving_early",
            {"exit_penalty": "penalty"},
            "caution",
            "exit_penalty",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and " " not in value else None,
)
def test_checklist_verdict_table(
    content: Content, name: str, changes: dict[str, str], level: str, rule: str
) -> None:
    result = assess_answers(content.checklist, with_answers(**changes))
    assert result.level == level, name
    assert rule in result.rules, name


def test_unlicensed_agent_alone_stays_below_high(content: Content) -> None:
    result = assess_answers(content.checklist, with_answers(recruiter="not_licensed"))
    assert result.level == "caution"


def test_answers_to_questions_made_moot_are_not_counted(content: Content) -> None:
    """A user answered "border town" for Thailand, then changed the country to the Gulf."""
    answers = with_answers(destination="gulf", city="border_town")
    result = assess_answers(content.checklist, answers)
    assert result.level == "low"
    assert "border_town_job" not in result.rules


def test_danger_for_a_gulf_offer_does_not_speak_of_scam_camps(content: Content) -> None:
    from bot.core.screens import verdict

    answers = with_answers(
        recruiter="not_licensed",
        payment="cash_no_receipt",
        contract="later_or_none",
        pressure="hurry",
    )
    result = assess_answers(content.checklist, answers)
    assert result.level == "danger"
    for code in ("en", "ur-Latn"):
        text = verdict(content, content.language(code), result, replace=False).text.lower()
        assert "scam camp" not in text
    hub = assess_answers(content.checklist, with_answers(**HUB_CALL_CENTRE, salary="too_good"))
    hub_text = verdict(content, content.language("en"), hub, replace=False).text.lower()
    assert "scam camp" in hub_text


def test_verdict_of_doubts_alone_asks_to_find_things_out(content: Content) -> None:
    from bot.core.screens import verdict

    result = assess_answers(content.checklist, ALL_NOT_SURE)
    text = verdict(content, content.language("en"), result, replace=False).text
    assert "Find these out before you decide" in text
    assert "Some of your answers are warning signs" not in text
