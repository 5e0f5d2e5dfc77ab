"""Agency screens, pure: licence answers, "this number was reported", the review queue, audit.

Every string is a gettext msgid translated through the reader's catalog; sourced guidance
(how to check with the Protector of Emigrants) comes from ``content/texts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.agency.indicators import shown_phone
from bot.agency.licences import Licence
from bot.agency.records import KnownIndicator, LicenceList, ReportedAd
from bot.content.model import Language
from bot.core.replies import Button, Reply
from bot.core.screens import heading, licence_button, menu_row, reply

PREFIX = "ag"
AD_PREVIEW = 2500  # characters of an ad shown to a reviewer (a message holds 4096)
MAX_CONTACTS = 12  # contact lines shown with it (all of them are listed on Confirm)
Rows = tuple[tuple[Button, ...], ...]

# Whose register `licences import` loads (OEP numbers like 2814/LHR): what the bot says
# about a licence is that country's pack, whatever the asker's home country.
LICENCE_LIST_COUNTRY = "PK"


def data(*parts: str | int) -> str:
    """Callback data of an agency button (``ag:...``), at most 64 bytes."""
    return ":".join((PREFIX, *map(str, parts)))


def reported_lines(lang: Language, known: Sequence[KnownIndicator]) -> str:
    """The first lines of an answer about a text holding listed indicators."""
    t = lang.translate
    agency = lang.text("agency", "name")
    lines = []
    for item in known:
        what = {
            "phone": t(
                "This number was reported to {agency} as a scam on {date}.",
                agency=agency,
                date=item.listed_on,
            ),
            "handle": t(
                "This account was reported to {agency} as a scam on {date}.",
                agency=agency,
                date=item.listed_on,
            ),
            "link": t(
                "This link was reported to {agency} as a scam on {date}.",
                agency=agency,
                date=item.listed_on,
            ),
            "company": t(
                "This company was reported to {agency} as a scam on {date}.",
                agency=agency,
                date=item.listed_on,
            ),
        }[item.kind]
        lines.append(f"⛔ <b>{what}</b> {escape(item.shown)}")
    return "\n".join(lines)


def _status(lang: Language, entry: Licence) -> str:
    t = lang.translate
    if entry.status == "valid":
        line = "✅ " + t("Valid: this licence is on the list as valid.")
        if entry.expiry:
            line += " " + t("Valid until {date}.", date=entry.expiry)
        return (
            line
            + " "
            + t("Still check that the agent in front of you really works for this office.")
        )
    return {
        "cancelled": "❌ " + t("This licence is CANCELLED. Do not pay this agent."),
        "suspended": "⛔ " + t("This licence is SUSPENDED. Do not pay this agent."),
        "expired": "⌛ " + t("This licence has EXPIRED. Do not pay this agent."),
    }[entry.status]


def licence_lines(
    lang: Language,
    found: Sequence[Licence],
    unlisted: Sequence[str],
    listed: LicenceList | None,
) -> str:
    """What the OEP list says about licence numbers, always with the list's date."""
    t = lang.translate
    if listed is None:
        return (
            t("I don't have the list of licensed agents yet.")
            + "\n"
            + lang.text("agency", "not_listed")
        )
    parts = []
    for entry in found:
        title = heading(t("Licence {number}", number=escape(entry.licence_no)))
        lines = [f"{title}: {escape(entry.title)}", _status(lang, entry)]
        office = ", ".join(escape(x) for x in (entry.address, entry.phones) if x)
        if office:
            lines.append(t("Office on the list: {office}", office=office))
        parts.append("\n".join(lines))
    for number in unlisted:
        parts.append(
            "⚠️ "
            + heading(t("{number} is not on the list of licensed agents.", number=escape(number)))
            + "\n"
            + lang.text("agency", "not_listed")
        )
    parts.append(
        "<i>"
        + t("List of the Bureau of Emigration dated {date}.", date=listed.imported_on)
        + "</i>"
    )
    return "\n\n".join(parts)


def licence_prompt(lang: Language, *, replace: bool) -> Reply:
    """Ask for a licence number or a name."""
    t = lang.translate
    text = t("Type the agent's licence number (for example 2814/LHR) or the name of the agency.")
    return reply(lang, text, (menu_row(lang),), replace=replace)


def licence_reply(lang: Language, text: str, *, in_checklist: bool, replace: bool = False) -> Reply:
    """A licence answer with the way on (back to the checklist when it came from there)."""
    t = lang.translate
    rows: list[tuple[Button, ...]] = [(licence_button(lang),)]
    if in_checklist:
        rows.append((Button(t("Back to the checklist"), "resume"),))
    rows.append(menu_row(lang))
    return reply(lang, text, tuple(rows), replace=replace)


def name_matches(
    lang: Language, matches: Sequence[Licence], listed: LicenceList | None, *, in_checklist: bool
) -> Reply:
    """The closest OEP names as buttons, or the "not on the list" warning."""
    t = lang.translate
    if listed is None or not matches:
        text = (
            t("I found no licensed agent with a name like that.")
            + "\n"
            + lang.text("agency", "not_listed")
        )
        if listed is not None:
            text += (
                "\n\n<i>"
                + t("List of the Bureau of Emigration dated {date}.", date=listed.imported_on)
                + "</i>"
            )
        return licence_reply(lang, text, in_checklist=in_checklist)
    rows = tuple(
        (Button(f"{_short(m.title)} ({m.licence_no})", data("lic", m.licence_no)),) for m in matches
    )
    text = t("The closest names on the list. Choose one to see its licence:")
    return reply(lang, text, (*rows, menu_row(lang)))


def _short(title: str, limit: int = 36) -> str:
    """A name short enough for a button, cut at a word."""
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0] or title[:limit]
    return cut + "…"


def review_item(lang: Language, ad: ReportedAd, waiting: int, flag_text: Sequence[str]) -> Reply:
    """One reported ad for a reviewer, with *Confirm scam*, *Not a scam*, *Skip*."""
    t = lang.translate
    head = (
        heading(t("Reported ad #{number}", number=ad.id))
        + " "
        + t("({count} waiting)", count=waiting)
    )
    facts = t(
        "Reported {times} times, first on {first}, last on {last}. Language: {language}.",
        times=ad.times,
        first=ad.first_seen,
        last=ad.last_seen,
        language=ad.language,
    )
    parts = [head, f"<i>{facts}</i>"]
    if flag_text:
        parts.append(heading(t("Red flags found")) + "\n" + "\n".join(f"• {f}" for f in flag_text))
    if ad.indicators:
        lines = []
        for item in ad.indicators[:MAX_CONTACTS]:
            shown = shown_phone(item.value) if item.kind == "phone" else item.value
            count = ad.indicator_reports.get(item.key(), ad.times)
            lines.append(
                "• " + t("{indicator} — in {count} reports", indicator=escape(shown), count=count)
            )
        parts.append(heading(t("Contacts in the ad")) + "\n" + "\n".join(lines))
    text = ad.text if len(ad.text) <= AD_PREVIEW else ad.text[: AD_PREVIEW - 1] + "…"
    parts.append(f"<blockquote>{escape(text, quote=False)}</blockquote>")
    buttons = (
        (
            Button(t("Confirm scam"), data("rv", "c", ad.id)),
            Button(t("Not a scam"), data("rv", "n", ad.id)),
        ),
        (Button(t("Skip"), data("rv", "s", ad.id)),),
    )
    return reply(lang, "\n\n".join(parts), buttons)


def queue_empty(lang: Language) -> Reply:
    """Nothing waits for review."""
    return reply(lang, lang.translate("No reported ads are waiting for review."))


def decided(lang: Language, ad_id: int, status: str, listed: int, warned: int) -> Reply:
    """What a review decision did (it replaces the reviewed message)."""
    t = lang.translate
    if status == "confirmed":
        text = t(
            "Ad #{number} confirmed as a scam: {listed} contacts put on the list, {warned} people who asked to be warned will be told.",
            number=ad_id,
            listed=listed,
            warned=warned,
        )
    elif status == "rejected":
        text = t("Ad #{number} marked as not a scam.", number=ad_id)
    else:
        text = t("Ad #{number} was already reviewed.", number=ad_id)
    return reply(lang, text, replace=True)


def audit_list(lang: Language, lines: Sequence[str]) -> Reply:
    """The latest agency actions, newest first."""
    t = lang.translate
    if not lines:
        return reply(lang, t("Nothing in the audit log yet."))
    body = "\n".join(escape(line) for line in lines)
    return reply(lang, heading(t("Latest agency actions")) + f"\n<pre>{body}</pre>")
