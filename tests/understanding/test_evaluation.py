"""The evaluation of the whole pipeline, as a test: a regression below the targets fails CI.

Thresholds sit slightly under the issue's targets (language ≥ 97%, Roman Urdu ≥ 95%, topic
≥ 90%, red-flag micro-F1 ≥ 0.95 and recall ≥ 0.85 for every flag, ≤ 10% legit ads high risk, ≥ 98% scam ads flagged, zero
personal data surviving, ≥ 95% kept). Speed is a benchmark (``--speed``), not a test.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.content.model import Content
from bot.understanding.analyze_command import run_analyze
from bot.understanding.evaluation import ALL, Report, evaluate
from bot.understanding.pipeline import Understanding

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def report(understanding: Understanding, content: Content) -> Report:
    return evaluate(understanding, content.checklist, DATA)


def test_language_is_right_for_almost_every_message(report: Report) -> None:
    assert report.language[ALL].total >= 400
    assert report.language[ALL].value >= 0.96
    assert report.language["ur-Latn"].value >= 0.94


@pytest.mark.parametrize("language", ["en", "ur", "ur-Latn", "ps"])
def test_every_language_is_well_represented_in_the_labelled_set(
    report: Report, language: str
) -> None:
    assert report.language[language].total >= 100


def test_topics_are_matched_and_chit_chat_gets_none(report: Report) -> None:
    assert report.topic[ALL].value >= 0.88


def test_red_flags_of_ads_are_found(report: Report) -> None:
    assert report.scam_flagged[ALL].total + report.legit_high[ALL].total >= 100
    assert report.flags[ALL].f1 >= 0.94  # goal 0.95
    assert report.scam_flagged[ALL].value >= 0.97
    assert report.legit_high[ALL].value <= 0.12


@pytest.mark.parametrize(
    "flag",
    [
        "upfront_fee",
        "visit_visa",
        "unrealistic_salary",
        "risky_destination",
        "overland_transfer",
        "chat_app_recruitment",
        "unlicensed_agent",
        "vague_employer",
        "passport_retention",
        "urgency_secrecy",
        "free_travel",
        "no_contract",
    ],
)
def test_every_red_flag_is_found_in_most_texts_that_show_it(report: Report, flag: str) -> None:
    counts = report.per_flag[flag]
    assert counts.tp + counts.fn >= 10, "each flag has labelled examples"
    assert counts.recall >= 0.83  # goal 0.85


def test_no_personal_data_survives_and_what_agencies_need_stays(report: Report) -> None:
    assert report.pii_leaks == []
    assert report.kept.value >= 0.94


def test_analyze_command_writes_one_contract_line_per_input(understanding: Understanding) -> None:
    lines = [
        json.dumps({"text": "agent kehta hai visit visa pe jao", "language_code": "en"}),
        "not json",
        json.dumps({"text": "mera number 0300-1234567 hai", "language_code": None}),
    ]
    out = io.StringIO()
    assert run_analyze(understanding, lines, out) == 1
    first, bad, third = (json.loads(line) for line in out.getvalue().splitlines())
    assert first == {
        "language": "ur-Latn",
        "topic": "work_visa",
        "red_flags": ["visit_visa"],
        "scrubbed": "agent kehta hai visit visa pe jao",
    }
    assert "error" in bad
    assert "0300" not in third["scrubbed"] and third["language"] == "ur-Latn"
