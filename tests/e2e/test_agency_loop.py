"""Agencies close the loop, on both frameworks: report, review, warn everyone, follow up.

A user reports an ad and asks to be warned; a reviewer confirms it in /reports; another
user pastes a different ad with the same number written another way and is told it was
reported (Danger); the first user gets the follow-up, nobody else does; a licence number
typed in the chat gets its status from a list imported with the command line.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_asyncio

from bot.content.model import Content
from tests.conftest import ROOT
from tests.e2e.agency import ADMIN, agency_bot_running, wait_delivered
from tests.e2e.conftest import RunningBot
from tests.e2e.test_admin_cli import cli
from tests.telegram_emulator import TelegramEmulator

REVIEWER = 9002
FIXTURE = ROOT / "tests" / "data" / "agency" / "oep_list_fictitious.csv"
REPORTED_AD = (
    "URGENT: call centre jobs in Bangkok, salary $1500 a month, free ticket, visit visa. "
    "Only 5 seats! WhatsApp 0300-1234567"
)
SAME_NUMBER_AD = "Data entry job Thailand, 2 lakh monthly, no experience. Contact +92 300 1234567"
OTHER_AD = "Packing job in Dubai, salary 1500 AED, contact 0321-7654321 on WhatsApp"


@pytest_asyncio.fixture
async def loop_bot(
    telegram: TelegramEmulator, tmp_path: Path, caplog: pytest.LogCaptureFixture, framework: str
) -> AsyncIterator[RunningBot]:
    async with agency_bot_running(
        telegram, tmp_path, caplog, framework, REVIEWER_IDS=str(REVIEWER)
    ) as bot:
        yield bot


def buttons(message: object) -> list[str]:
    return [label for row in message.buttons for label in row]  # type: ignore[attr-defined]


async def test_a_confirmed_report_warns_everyone_and_follows_up_whoever_asked(
    loop_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    en = content.language("en")
    first, second, bystander, other = (
        tg.user(8301, language_code="en"),
        tg.user(8302, language_code="en"),
        tg.user(8303, language_code="en"),
        tg.user(8304, language_code="en"),
    )
    await first.forward(REPORTED_AD, from_chat_title="Jobs Abroad")
    verdict = await first.expect_message()
    assert "Warn me if this offer is reported" in buttons(verdict)
    await first.press("Warn me if this offer is reported")
    assert "I will warn you" in (await first.expect_message()).text
    await first.press("Report this ad", message=verdict)
    await first.expect_message()

    await bystander.forward(REPORTED_AD, from_chat_title="Jobs Abroad")  # scans, no opt-in
    await bystander.expect_message()
    await other.forward(OTHER_AD, from_chat_title="Jobs Abroad")  # opts in on another ad
    await other.expect_message()
    await other.press("Warn me if this offer is reported")
    await other.expect_message()

    outsider = tg.user(8305, language_code="en")
    await outsider.send("/reports")
    refused = await outsider.expect_message()
    assert "Reported ad" not in refused.text and "Confirm scam" not in buttons(refused)

    reviewer = tg.user(REVIEWER, language_code="en")
    await reviewer.send("/reports")
    item = await reviewer.expect_message()
    assert "Reported ad #1" in item.text and "Reported 1 times" in item.text
    assert "0300-1234567" in item.text, "the recruiter's contacts are kept intact"
    assert "+92 300 1234567 — in 1 reports" in item.text
    assert "8301" not in item.text and "first_name" not in item.text
    assert buttons(item) == ["Confirm scam", "Not a scam", "Skip"]
    await reviewer.press("Confirm scam")
    done = await reviewer.expect_edit()
    assert "Ad #1 confirmed as a scam: 1 contacts put on the list, 1 people" in done.text
    assert "No reported ads are waiting" in (await reviewer.expect_message()).text

    before = dict(tg.stats.per_chat)
    await wait_delivered(tg, [first.id], since=before)
    followup = first.messages[-1]
    today = datetime.now(UTC).date().isoformat()
    assert f"confirmed as a scam by FIA on {today}" in followup.text

    await second.send(SAME_NUMBER_AD)
    warned = await second.expect_message()
    reported_line = en.translate(
        "This number was reported to {agency} as a scam on {date}.", agency="FIA", date=today
    )
    assert warned.text.startswith("⛔ " + reported_line)
    assert en.text("levels", "danger", "title") in warned.text
    assert content.checklist.icons["danger"] in warned.text

    await asyncio.sleep(0)  # let the worker finish any other send it had claimed
    await wait_delivered(tg, [first.id], since=before)
    assert tg.stats.delivered_to(bystander.id) == before.get(bystander.id, 0), "no opt-in"
    assert tg.stats.delivered_to(other.id) == before.get(other.id, 0), "another ad's watcher"

    admin = tg.user(ADMIN, language_code="en")
    await admin.send("/audit")
    audit = await admin.expect_message()
    assert "reviewer" in audit.text and "report_confirmed" in audit.text


async def test_a_licence_number_typed_in_the_chat_gets_its_status_from_the_imported_list(
    loop_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    database = Path(str(loop_bot.settings.DATABASE_URL).removeprefix("sqlite:///"))
    code, out, err = await cli("licences", "import", str(FIXTURE), database=database)
    assert code == 0, err
    assert "4 licences" in out
    today = datetime.now(UTC).date().isoformat()
    user = tg.user(8310, language_code="en")

    await user.send("mera agent kehta hai uska licence OEP ۳۰۱۱ RWP hai")
    answer = await user.expect_message()
    roman = content.language("ur-Latn")  # answered in the language it was asked in
    assert roman.translate("Licence {number}", number="3011/RWP") in answer.text
    assert roman.translate("This licence is CANCELLED. Do not pay this agent.") in answer.text
    assert (
        roman.translate("List of the Bureau of Emigration dated {date}.", date=today) in answer.text
    )

    user = tg.user(8311, language_code="en")
    await user.send("is 2815/LHR a real agency?")
    missing = await user.expect_message()
    assert "2815/LHR is not on the list of licensed agents" in missing.text
    assert "Protector of Emigrants" in missing.text

    await user.send("/start")
    await user.expect_message()
    await user.press("Check a licence")
    await user.expect_edit()
    await user.send("falcon overseas")
    choices = await user.expect_message()
    label = "Fictitious Falcon Overseas… (2814/LHR)"
    assert label in buttons(choices)
    await user.press(label)
    status = await user.expect_edit()
    assert "Valid" in status.text and "2027-06-30" in status.text


async def test_an_imported_list_warns_removing_an_entry_stops_it_and_exports_keep_contacts(
    loop_bot: RunningBot, tg: TelegramEmulator, tmp_path: Path
) -> None:
    database = Path(str(loop_bot.settings.DATABASE_URL).removeprefix("sqlite:///"))
    listing = tmp_path / "agency_list.csv"
    listing.write_text(
        "value,kind,source,date,note\n"
        "Pretend Golden Visa Consultants,company,Test NGO,2026-10-01,x\n"
        "@fake_visa_desk,handle,Test NGO,2026-10-02,x\n",
        encoding="utf-8",
    )
    code, out, err = await cli("indicators", "import", str(listing), database=database)
    assert code == 0, err
    assert "2 new indicators" in out
    user = tg.user(8320, language_code="en")
    await user.send("Is PRETEND golden visa consultants a good company for Dubai?")
    warned = await user.expect_message()
    assert "This company was reported to FIA as a scam on 2026-10-01." in warned.text

    code, out, err = await cli(
        "indicators", "remove", "handle", "t.me/Fake_Visa_Desk", database=database
    )
    assert code == 0, err
    await user.send("/start")
    await user.expect_message()
    await user.press("Check a job ad")
    await user.expect_edit()
    await user.send("Job in Dubai, message @fake_visa_desk for the visa")
    after = await user.expect_message()
    assert "reported to FIA" not in after.text

    await user.press("Report this ad")
    await user.expect_message()
    code, out, err = await cli("reports", "export", "--format", "json", database=database)
    assert code == 0, err
    assert '"handles": [\n   "fake_visa_desk"\n  ]' in out
    assert "message @fake_visa_desk for the visa" in out, "the ad is kept as reported"
    code, out, _ = await cli("audit", database=database)
    assert "indicator_removed" in out and "indicators_imported" in out
