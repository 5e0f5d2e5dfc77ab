"""Issue 13: only a Pakistani user reads about Pakistan's offices.

The general texts used to tell every user to ask "the Pakistani embassy", to check an "OEP" on
BE&OE's list and to register with the Protector of Emigrants, so a Bangladeshi, a Nepali or a
user with no country pack read Pakistan's offices in the checklist, the verdict notes, the help
places and the FAQ. Now the general texts speak for no country and the Pakistan pack keeps the
Pakistani wording. These tests walk every text a user of each view can reach, in every language.

Left out on purpose: ``agency.*`` and ``helpdesk.*`` name the deployment's own agency and the
helpdesk's opening hours (it works on Pakistan time), which are the same for every user.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from bot.content.model import Content

# Not the texts of the home country: the deployment's agency and helpdesk (see above).
DEPLOYMENT = ("agency", "helpdesk")

# Pakistan's offices, documents and money, in Latin letters (used in every language, and the
# way ur-Latn, id and fil write them).
LATIN = (
    r"Pakistan",  # also Pakistani, Pakistanis
    r"\bFIA\b",
    r"\bNCCIA\b",
    r"BE&(?:amp;)?OE",
    r"\bOEPs?\b",
    r"E-Protector",
    r"\bPKR\b",
    r"\bNADRA\b",
    r"\bOPF\b",
    r"Protector",
    r"\bRs\.? ?\d",
)
# The same in each language's own script, as the translations spell them.
SCRIPT: Mapping[str, tuple[str, ...]] = {
    "ur": ("پاکستان", "پروٹیکٹر", "ایف آئی اے"),
    "ps": ("پاکستان", "پروټیکټر", "پروٹیکٹر"),
    "hi": ("पाकिस्तान", "प्रोटेक्टर"),
    "ne": ("पाकिस्तान", "प्रोटेक्टर"),
    "bn": ("পাকিস্তান", "প্রটেক্টর", "প্রোটেক্টর"),
    "si": ("පාකිස්තාන",),
    "ta": ("பாகிஸ்தான்",),
}
# India has a Protector of Emigrants and pays in rupees of its own: its pack may say so.
OWN_WORDS: Mapping[str, tuple[str, ...]] = {
    "IN": ("Protector", r"\bRs\.? ?\d", "प्रोटेक्टर"),
}


def banned(country: str | None, language: str) -> re.Pattern[str]:
    """The words that mark a Pakistani text for a user of ``country`` reading ``language``."""
    allowed = set(OWN_WORDS.get(country or "", ()))
    words = [w for w in (*LATIN, *SCRIPT.get(language, ())) if w not in allowed]
    return re.compile("|".join(words))


def pakistani_facts(content: Content) -> set[str]:
    """Fact ids that belong to Pakistan: the pack's own and the general ones about Pakistan."""
    general = {
        "beoe_oep_list",
        "oep_service_charge_cap",
        "protector_only_fee_cap",
        "fia_tip_hotline",
        "fia_helpline",
        "fia_email",
        "nccia_helpline",
        "nccia_email",
        "e_protector",
        "pak_embassy_bangkok_crisis",
        "pak_embassy_yangon_crisis",
    }
    assert general <= set(content.facts), "the Pakistani facts are still in facts.yaml"
    return set(content.countries["PK"].facts) | general


def reachable(texts: Mapping[str, Any], path: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    """Every text of a language a user can be shown, with its dotted key.

    Fact labels are left out: a label is shown only next to a fact the view lists (checked
    separately), never on its own.
    """
    for key, value in texts.items():
        here = (*path, str(key))
        if not path and key in (*DEPLOYMENT, "facts"):
            continue
        if isinstance(value, Mapping):
            yield from reachable(value, here)
        elif isinstance(value, (list, tuple)):
            for n, item in enumerate(value):
                if isinstance(item, str):
                    yield ".".join((*here, str(n))), item
                elif isinstance(item, Mapping):
                    yield from reachable(item, (*here, str(n)))
        elif isinstance(value, str):
            yield ".".join(here), value


# The general view (None) and every pack but Pakistan's.
VIEWS: tuple[str | None, ...] = (None, "BD", "ID", "IN", "LK", "NP", "PH")


@pytest.mark.parametrize("country", VIEWS)
def test_no_view_but_pakistans_names_pakistans_offices(
    content: Content, country: str | None
) -> None:
    assert country is None or country in content.countries, country
    view = content.for_country(country)
    found = []
    for language in sorted(view.languages):
        words = banned(country, language)
        for key, text in reachable(view.language(language).texts):
            match = words.search(text)
            if match:
                found.append(f"{country or 'general'} {language} {key}: {match.group(0)!r}")
    assert not found, "\n".join(found)


def test_every_view_is_walked(content: Content) -> None:
    assert set(VIEWS) == {None} | (set(content.countries) - {"PK"}), "a new pack is walked too"


@pytest.mark.parametrize("country", VIEWS)
def test_no_view_but_pakistans_shows_a_pakistani_fact(
    content: Content, country: str | None
) -> None:
    pakistani = pakistani_facts(content)
    view = content.for_country(country)
    listed = {fid for fids in view.help_places.values() for fid in fids}
    assert not listed & pakistani, (country, sorted(listed & pakistani))
    values = {fid: str(content.facts[fid].value) for fid in pakistani if fid in content.facts}
    values |= {fid: str(f.value) for fid, f in content.countries["PK"].facts.items()}
    found = []
    for language in sorted(view.languages):
        for key, text in reachable(view.language(language).texts):
            found += [f"{language} {key}: {fid}" for fid, v in values.items() if v in text]
    assert not found, (country, found)


@pytest.mark.parametrize("language", ["en", "ur", "ur-Latn", "ps"])
def test_a_pakistani_user_still_reads_pakistans_offices(content: Content, language: str) -> None:
    pk = content.for_country("PK").language(language)
    assert "FIA" in pk.text("checklist", "destination", "why")
    assert "OEP" in pk.text("checklist", "sub_agent", "why")
    assert content.facts["beoe_oep_list"].value in pk.text("checklist", "sub_agent", "why")
    assert content.facts["fia_tip_hotline"].value in pk.text("faq", "returnees", "answer")
    assert content.facts["nccia_helpline"].value in pk.text("faq", "online_jobs", "answer")
    general = content.for_country(None).language(language)
    assert pk.text("checklist", "employer", "why") != general.text("checklist", "employer", "why")
    assert "pak_embassy_bangkok_crisis" in content.for_country("PK").help_places["thailand"]


def test_the_pakistani_wording_is_what_pakistanis_read_before(content: Content) -> None:
    pk = content.for_country("PK")
    assert "Pakistani ambassador in Bangkok" in pk.language("en").text(
        "checklist", "destination", "why"
    )
    assert "پاکستانی سفارت خانے" in pk.language("ur").text("flags", "vague_employer", "unsure")
    assert "Protector of Emigrants" in pk.language("en").text("checklist", "contract", "why")
