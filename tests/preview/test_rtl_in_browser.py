"""In a real Chromium, dates and links inside Urdu text are laid out left to right, in order."""

from __future__ import annotations

import json

from bot.adapters.preview import RunningPreview
from bot.content.model import Content
from tests.preview.browser import Page
from tests.preview.conftest import ARTIFACTS
from tests.preview.test_preview_in_browser import LAST_BOT, direction_of, shown

AD = (
    "URGENT call centre job in Bangkok, salary $1500 per month, visit visa, free ticket, "
    "contact on WhatsApp only"
)


async def left_edges(page: Page, selector: str, after: str, needle: str, pieces: list) -> list:
    """The on-screen left edge (CSS px) of each ``pieces`` span of ``needle``, found right
    after the words ``after`` in the text of ``selector``; with the top of each."""
    script = f"""(() => {{
        const root = document.querySelector({json.dumps(selector)} + " .text");
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        const after = {json.dumps(after)}, needle = {json.dumps(needle)};
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
            const at = node.data.indexOf(after);
            if (at < 0) continue;
            const start = node.data.indexOf(needle, at + after.length);
            if (start < 0) continue;
            return {json.dumps(pieces)}.map(([from, to]) => {{
                const range = document.createRange();
                range.setStart(node, start + from);
                range.setEnd(node, start + to);
                const box = range.getBoundingClientRect();
                return [box.left, box.top];
            }});
        }}
        return null;
    }})()"""
    return await page.wait_for(script, f"{needle!r} after {after!r} on screen")


async def test_a_date_and_a_link_in_urdu_keep_their_left_to_right_order(
    page: Page, preview: RunningPreview, content: Content
) -> None:
    urdu = content.language("ur")
    await page.goto(preview.url)
    await page.click("اردو")
    await page.wait_for_text(shown(content, "ur", "pages", "menu"), LAST_BOT)
    await page.type_text("#text", AD)
    await page.click("Send")
    await page.wait_for_text(urdu.translate("What to do now"), LAST_BOT)
    assert await direction_of(page, LAST_BOT) == "rtl"

    # The link of the licensed-agents list, in the verdict: its two halves in order.
    oep_list = content.facts["beoe_oep_list"].value  # www.beoe.gov.pk/list-of-oeps
    slash = oep_list.index("/")
    label = shown(content, "ur", "facts", "beoe_oep_list", "label")
    (host, path) = await left_edges(
        page, LAST_BOT, ": ", oep_list, [[0, slash], [slash + 1, len(oep_list)]]
    )
    assert host[1] == path[1], f"{oep_list} (after {label}) is on one line"
    assert host[0] < path[0], f"{oep_list} reads left to right, not split at its slash"

    await page.click(urdu.translate("Sources"), LAST_BOT)
    await page.wait_for_text(urdu.translate("Where these facts come from"), LAST_BOT)
    pk = content.for_country("PK")  # an Urdu reader's home country is guessed as Pakistan
    first = pk.facts[pk.help_places["home"][0]]
    date = first.checked.isoformat()  # 2026-11-22: year, month, day
    # The word right before the date in "ماخذ: {source}، ماخذ {date} کو پڑھا گیا" (no person
    # has confirmed these facts yet, so none of them says "checked").
    assert not first.person_confirmed
    line = urdu.translate("Source: {source}, source read on {date}", source="", date="\0")
    after = line.split("\0")[0].rsplit("،", 1)[-1].strip()
    year, month, day = await left_edges(page, LAST_BOT, after, date, [[0, 4], [5, 7], [8, 10]])
    assert year[1] == month[1] == day[1], f"{date} is on one line"
    assert year[0] < month[0] < day[0], f"{date} shows as year-month-day from the left"
    await page.scroll_into_view(LAST_BOT)
    await page.screenshot(ARTIFACTS / "preview-urdu-sources.png")
