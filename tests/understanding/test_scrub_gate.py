"""The scrubber's gates skip only patterns that cannot match (``bot.understanding.scrub_gate``).

The gates rest on two facts about every character, checked here for all of Unicode: ``fold``
keeps one character for one and keeps word characters and spaces what they are; and two
characters that ``re.IGNORECASE`` (or a letter-form class) lets match each other fold alike,
for every character a gate may be built of (ASCII and caseless characters). Then scrubbing
with the gates must give exactly what scrubbing without them gives.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from bot.understanding.scrub import Scrubber
from bot.understanding.scrub_gate import (
    GATE_LENGTH,
    PatternGates,
    WordStarts,
    fold,
    gate_keys,
)
from bot.understanding.scrub_names import NameFinder
from bot.understanding.scrub_sources import helplines
from bot.understanding.scrub_words import LETTER_FORMS

ROOT = Path(__file__).resolve().parents[2]
EVERY_CHARACTER = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


@pytest.fixture(scope="module")
def gated() -> Scrubber:
    return Scrubber.load(ROOT / "content")


@pytest.fixture(scope="module")
def ungated(gated: Scrubber) -> Scrubber:
    """The same scrubber with every pattern run on every text."""
    names = gated._names
    finder = NameFinder(names.not_names, names.words, names.lexicon)
    finder.gates = PatternGates({})
    return Scrubber(finder, public_numbers=helplines(ROOT / "content"))


def test_fold_keeps_characters_one_for_one_and_of_their_kind() -> None:
    folded = "".join(fold(char) for char in EVERY_CHARACTER)
    assert len(folded) == len(EVERY_CHARACTER)
    for kind in (r"\w", r"\s"):
        assert [m.start() for m in re.finditer(kind, folded)] == [
            m.start() for m in re.finditer(kind, EVERY_CHARACTER)
        ]
    assert fold("Hello  WORLD") == "hello  world"  # ASCII only changes case


def _gate_characters(scrubber: Scrubber) -> set[str]:
    words = scrubber._names.words
    assert words is not None
    characters = {
        char
        for listed in words.openings.values()
        for word in listed
        for char in " ".join(word.split())[:GATE_LENGTH]
    }
    return characters | {char for forms in LETTER_FORMS for char in forms}


def test_characters_that_match_under_ignorecase_fold_alike(gated: Scrubber) -> None:
    """For ASCII (where the dotless i, the long s and the Kelvin sign match letters) and for
    every caseless character the listed words begin with, and the Arabic letter forms."""
    characters = {chr(c) for c in range(128)} | {
        char for char in _gate_characters(gated) if not char.isascii()
    }
    assert all(char.isascii() or char.lower() == char == char.upper() for char in characters)
    any_of = re.compile("(?i)[" + "".join(map(re.escape, sorted(characters))) + "]")
    candidates = set(any_of.findall(EVERY_CHARACTER))
    assert {"K", "ſ", "İ", "ı"} <= candidates  # the ones lower() alone would miss
    for listed in characters:
        alike = re.compile("(?i)" + re.escape(listed))
        for char in candidates:
            if alike.fullmatch(char):
                assert fold(char) == fold(listed), (char, listed)
    for forms in LETTER_FORMS:  # a letter-form class matches its forms, folded as one
        for char in forms:
            assert fold(char) == forms[0]
            assert re.match(r"\w", char)


def test_word_starts_admit_only_words_beginning_as_listed() -> None:
    keys = gate_keys(["my son", "s/o", "Passport No"])
    assert keys == {"my s", "s/o", "pass"}
    assert WordStarts("Hi, MY \t SON is here").admit(keys)
    assert WordStarts("see s/o Tariq").admit(keys)
    assert WordStarts("PASSPORTS").admit(keys)
    assert not WordStarts("myson, so, impassport").admit(keys)
    assert WordStarts("anything").admit(None)  # no gate
    assert gate_keys(["(at) gmail"]) is None  # begins with no word character
    assert gate_keys(["Ñandu"]) is None  # a cased letter fold is not checked for
    assert gate_keys([]) == frozenset()  # nothing listed: nothing can match


def _texts() -> list[str]:
    texts = []
    for name in ("pii", "ads", "messages", "flags"):
        path = ROOT / "tests" / "data" / f"{name}.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


TRICKY = [
    "My  Son   Hamza Javed called",
    "my\tson\nHamza Javed",
    "MY SON HAMZA JAVED",
    "call 03001234567my son Ali Raza",  # a blanked number before the word
    "House No. 45, Block C, Gulshan-e-Iqbal, Karachi",
    "house45 block c",
    "ſon of Tariq, Kelvin Khan, İmran Ali s/o Rafiq",
    "passport number: AB-1234567 and visa no 12345678",
    "DOB 12/03/1995, born in 1995",
    "Regards,\nAli Raza",
    "میرا بیٹا حمزہ لاہور میں ہے",
    "ميرا بيٹا حمزہ",
    "مکان نمبر 45، گلی نمبر 3، لاہور",
    "मेरा नाम राकेश शर्मा है",
    "আমার নাম রহিম উদ্দিন",
]


def test_gates_change_no_scrubbed_text(gated: Scrubber, ungated: Scrubber) -> None:
    texts = _texts() + TRICKY
    for text in texts + [text.upper() for text in texts] + [text.lower() for text in texts]:
        assert gated.scrub(text) == ungated.scrub(text), text
