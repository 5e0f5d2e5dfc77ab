"""Countries a subscriber may name: for warnings meant for one country, and for quiet hours.

Only countries this bot's users live or work in. None of them has daylight saving time, so a
fixed UTC offset gives the local time; a subscriber without a country counts as in Pakistan.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.catalogs import N_


@dataclass(frozen=True)
class Country:
    """A country's id (stored), name (a msgid) and UTC offset in minutes."""

    id: str
    name: str
    utc_offset: int


COUNTRIES: tuple[Country, ...] = (
    Country("pakistan", N_("Pakistan"), 300),
    Country("uae", N_("United Arab Emirates"), 240),
    Country("saudi_arabia", N_("Saudi Arabia"), 180),
    Country("qatar", N_("Qatar"), 180),
    Country("oman", N_("Oman"), 240),
    Country("malaysia", N_("Malaysia"), 480),
    Country("thailand", N_("Thailand"), 420),
    Country("cambodia", N_("Cambodia"), 420),
    Country("myanmar", N_("Myanmar"), 390),
    Country("laos", N_("Laos"), 420),
    Country("afghanistan", N_("Afghanistan"), 270),
)
DEFAULT_COUNTRY = "pakistan"


def country(country_id: str | None) -> Country | None:
    """The country with this id, or None."""
    return next((c for c in COUNTRIES if c.id == country_id), None)


def utc_offset_minutes(country_id: str | None) -> int:
    """Minutes ahead of UTC where the subscriber is (Pakistan when unknown)."""
    found = country(country_id) or country(DEFAULT_COUNTRY)
    assert found is not None
    return found.utc_offset
