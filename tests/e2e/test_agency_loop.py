"""Agencies close the loop, on both frameworks: report, review, warn everyone, follow up.

A user reports an ad and asks to be warned; a reviewer confirms it in /reports; another
user pastes a different ad with the same number written another way and is told it was
reported (Danger); the first user gets the follow-up, nobody else does; a licence number
typed in the chat gets its status from a list imported with the command line.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_asyncio

from bot.content.model import Content
from tests.conftest import ROOT
from tests.e2e.agency import ADMIN, agency_bot_running, store_of, wait_delivered
from tests.e2e.conftest import RunningBot
from tests.e2e.databases import database_url  # noqa: F401
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
    telegram: TelegramEmulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    framework: str,
    database_url: str,  # noqa: F811
) -> AsyncIterator[RunningBot]:
    async with agency_bot_running(
        telegram,
        tmp_path,
        caplog,
        framework,
        REVIEWER_IDS=str(REVIEWER),
        DATABASE_URL=database_url,
    ) as bot:
        yield bot


async def cli(*args: str, url: str, data_key: str | None = None) -> tuple[int, str, str]:
    """``python -m bot ...`` as an agency's script runs it, on the bot's database."""
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "DATA_KEY", "ADMIN_IDS"}}
    env["DATABASE_URL"] = url
    if data_key is not None:
        env["DATA_KEY"] = data_key
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


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
    store, keys = store_of(loop_bot)
    kept = await store.load_state(keys.user_key(first.id))
    assert "1234567" not in str(kept), "the user's state keeps no copy of the reported ad"

    await bystander.forward(REPORTED_AD, from_chat_title="Jobs Abroad")  # scans, no opt-in
    await bystander.expect_message()
    await other.forward(OTHER_AD, from_chat_title="Jobs Abroad")  # opts in on another ad
    await other.expect_message()
    await other.press("Warn me if this offer is reported")
    await other.expect_message()

    forgetter = tg.user(8306, language_code="en")  # opts in, then deletes everything
    await forgetter.forward(REPORTED_AD, from_chat_title="Jobs Abroad")
    await forgetter.expect_message()
    await forgetter.press("Warn me if this offer is reported")
    await forgetter.expect_message()
    await forgetter.send("/forget_me")
    await forgetter.expect_message()
    await forgetter.press("Yes, delete everything")
    await forgetter.expect_edit()

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
    before = dict(tg.stats.per_chat)
    await reviewer.press("Confirm scam")
    done = await reviewer.expect_edit()
    assert "Ad #1 confirmed as a scam: 1 contacts put on the list, 1 people" in done.text
    assert "No reported ads are waiting" in (await reviewer.expect_message()).text

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

    [sent] = await store.broadcasts(["queued", "sending", "done"])
    assert sent.total == 1, "one follow-up was queued, for the one chat that asked"
    assert tg.stats.delivered_to(bystander.id) == before.get(bystander.id, 0), "no opt-in"
    assert tg.stats.delivered_to(other.id) == before.get(other.id, 0), "another ad's watcher"
    assert tg.stats.delivered_to(forgetter.id) == before.get(forgetter.id, 0), "/forget_me"

    await reviewer.send("/audit")  # reviewers review; the audit log is for admins
    assert "Latest agency actions" not in (await reviewer.expect_message()).text
    admin = tg.user(ADMIN, language_code="en")
    await admin.send("/audit")
    audit = await admin.expect_message()
    assert "reviewer" in audit.text and "report_confirmed" in audit.text


async def test_a_licence_number_typed_in_the_chat_gets_its_status_from_the_imported_list(
    loop_bot: RunningBot, tg: TelegramEmulator, content: Content, tmp_path: Path
) -> None:
    database = loop_bot.settings.DATABASE_URL
    code, out, err = await cli("licences", "import", str(FIXTURE), url=database)
    assert code == 0, err
    assert "4 licences" in out
    broken = tmp_path / "broken.csv"
    broken.write_text("licence_no,title,status\n2814/LHR,X,valid\nnonsense,Y,valid\n", "utf-8")
    code, out, err = await cli("licences", "import", str(broken), url=database)
    assert code == 2 and "row 3" in err and "nothing was imported" in err
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
    database = loop_bot.settings.DATABASE_URL
    listing = tmp_path / "agency_list.csv"
    listing.write_text(
        "value,kind,source,date,note\n"
        "Pretend Golden Visa Consultants,company,Test NGO,2026-10-01,x\n"
        "@fake_visa_desk,handle,Test NGO,2026-10-02,x\n",
        encoding="utf-8",
    )
    watcher = tg.user(8321, language_code="en")
    await watcher.send("/start")
    await watcher.expect_message()
    await watcher.press("English")
    await watcher.expect_edit()
    await watcher.press("Check a job ad")
    await watcher.expect_edit()
    await watcher.send("Visa for Dubai in 3 days, message @fake_visa_desk")
    await watcher.expect_message()
    await watcher.press("Warn me if this offer is reported")
    await watcher.expect_message()
    before = dict(tg.stats.per_chat)
    assert loop_bot.settings.DATA_KEY is not None
    code, out, err = await cli(
        "indicators",
        "import",
        str(listing),
        url=database,
        data_key=loop_bot.settings.DATA_KEY.get_secret_value(),
    )
    assert code == 0, err
    assert "2 new indicators" in out and "1 people who asked to be warned" in out
    await wait_delivered(tg, [watcher.id], since=before)
    assert "confirmed as a scam by FIA" in watcher.messages[-1].text
    user = tg.user(8320, language_code="en")
    await user.send("Is PRETEND golden visa consultants a good company for Dubai?")
    warned = await user.expect_message()
    assert "This company was reported to FIA as a scam on 2026-10-01." in warned.text

    code, out, err = await cli(
        "indicators", "remove", "handle", "t.me/Fake_Visa_Desk", url=database
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
    code, out, err = await cli("reports", "export", "--format", "json", url=database)
    assert code == 0, err
    assert '"handles": [\n   "fake_visa_desk"\n  ]' in out
    assert "message @fake_visa_desk for the visa" in out, "the ad is kept as reported"
    code, out, _ = await cli("audit", url=database)
    assert "indicator_removed" in out and "indicators_imported" in out


async def test_skip_shows_the_next_ad_and_not_a_scam_lists_nothing(
    loop_bot: RunningBot, tg: TelegramEmulator
) -> None:
    for user_id, ad in ((8330, REPORTED_AD), (8331, OTHER_AD)):
        user = tg.user(user_id, language_code="en")
        await user.forward(ad, from_chat_title="Jobs Abroad")
        await user.expect_message()
        await user.press("Report this ad")
        await user.expect_message()
    reviewer = tg.user(REVIEWER, language_code="en")
    await reviewer.send("/reports")
    first = await reviewer.expect_message()
    assert "Reported ad #1" in first.text and "(2 waiting)" in first.text
    await reviewer.press("Skip")
    second = await reviewer.expect_edit()
    assert "Reported ad #2" in second.text and "0321-7654321" in second.text
    await reviewer.press("Not a scam")
    assert "Ad #2 marked as not a scam." in (await reviewer.expect_edit()).text
    assert "Reported ad #1" in (await reviewer.expect_message()).text, "back to the one skipped"

    asker = tg.user(8332, language_code="en")
    await asker.send("Is this number safe? 0321 7654321 offers a Dubai job")
    assert "reported to FIA" not in (await asker.expect_message()).text
