"""Which countries a message names, for the contacts shown to someone asking for help.

``places.yaml`` says which country each place is in (KK Park is in Myanmar, Bangkok in
Thailand); the help screens are per country, so the conversation needs the countries.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from bot.understanding.vocabulary import read_yaml


def load_place_countries(content_dir: Path) -> dict[str, str]:
    """``{place id: country id}`` from ``content/understanding/places.yaml``."""
    data = read_yaml(content_dir / "understanding" / "places.yaml")
    return {
        str(place_id): str(entry.get("country", place_id))
        for place_id, entry in data["places"].items()
    }


def countries_named(places: tuple[str, ...], place_countries: Mapping[str, str]) -> tuple[str, ...]:
    """The countries of ``places`` in order of first mention, each once."""
    return tuple(dict.fromkeys(place_countries.get(place, place) for place in places))
