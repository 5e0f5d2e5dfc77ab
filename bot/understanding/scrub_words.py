"""Personal data recognised by the words around it, read from ``personal_data.yaml``.

A name has no shape: "Hamza Javed" is only a name because "my son" stands before it. So are
an address ("House No. 45, Block C, …" after ``house``), an id ("visa no 12345678") and a date
of birth ("DOB 12/03/1995"). The words come from ``content/understanding/personal_data.yaml``,
one list per language, so a volunteer can add the words of another language; this module
turns them into bounded regular expressions (every repetition has a small upper bound, so a
message of any content costs a few linear passes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

LATIN_WORD = r"[A-Z][A-Za-z'\-]{1,30}"
# Arabic-script letters and marks, without the script's punctuation (، ؛ ؟ ۔) and digits.
ARABIC_LETTER = r"[\u0620-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff\u0750-\u077f]"
ARABIC_WORD = ARABIC_LETTER + r"{2,20}"
# Letters and vowel signs of the scripts of South Asia (Devanagari U+0900 to Sinhala U+0DFF,
# the dandas aside): Python's \w leaves out their combining marks, so "রহিম" would end at "র".
BRAHMIC_LETTER = r"[\u0900-\u0963\u0966-\u0dff]"
BRAHMIC_WORD = BRAHMIC_LETTER + r"{2,30}"
_ID_MARK = r"(?:no\.?|nr\.?|number|num|#|نمبر|شمیره|شمېره)"
_DATE = (
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/. ]\d{1,2}[-/. ]\d{2,4}"
    r"|\d{1,2}(?:st|nd|rd|th)?[ -][^\W\d_]{3,10}\.?,?[ -]\d{4}"
    r"|[^\W\d_]{3,10}\.? \d{1,2},? \d{4}|(?:19|20)\d{2}"
)


# Arabic-script letters typed in several forms (Urdu and Pashto keyboards, Arabic ones): a
# listed word matches whichever form the user typed.
# Each string is one letter in its forms, the Urdu form first.
LETTER_FORMS = ("یيېىۍئ", "کكګگ", "ہهھةۀ", "ٹټ", "ڈډ", "ڑړ")
_LETTER_FORMS = {char: f"[{forms}]" for forms in LETTER_FORMS for char in forms}


def _literal(word: str) -> str:
    return "".join(_LETTER_FORMS.get(char) or re.escape(char) for char in word)


def alternation(words: Iterable[str]) -> str:
    """A regex alternative of listed words and phrases (longest first; spaces match 1–3 spaces)."""
    unique = sorted({w.strip() for w in words if w and w.strip()}, key=lambda w: (-len(w), w))
    return "|".join(r"\s{1,3}".join(map(_literal, w.split())) for w in unique) or r"(?!x)x"


def _flatten(by_language: dict | list | None) -> list[str]:
    if by_language is None:
        return []
    if isinstance(by_language, dict):
        return [str(w) for words in by_language.values() for w in words or ()]
    return [str(w) for w in by_language]


def _latin(words: list[str]) -> list[str]:
    return [w for w in words if w.isascii()]


def _arabic(words: list[str]) -> list[str]:
    return [w for w in words if not w.isascii()]


def _brahmic_words(words: list[str]) -> list[str]:
    """Words and phrases written in a South Asian script."""
    return [w for w in words if re.search(BRAHMIC_LETTER, w)]


def _brahmic_phrases(words: list[str]) -> list[str]:
    """Labels of two or more words in a South Asian script ("আমার নাম", "என் பெயர்")."""
    return [w for w in words if " " in w.strip() and re.search(BRAHMIC_LETTER, w)]


@dataclass(frozen=True)
class WordPatterns:
    """The compiled patterns of ``personal_data.yaml``; see each attribute's use in scrub."""

    name_after_latin: re.Pattern[str]  # "my son Hamza Javed": the capitalised words after
    name_after_arabic: re.Pattern[str]  # "میرا بیٹا حمزہ": the next one or two words
    name_labelled: re.Pattern[str]  # "contact: Ali Raza", "naam: sara bibi"
    name_label_capitalised: re.Pattern[str]  # "my name Ahmed Khan" (no colon)
    # "আমার নাম রহিম উদ্দিন", "මගේ නම නිමල්", "என் பெயர் குமார்": no capitals to go by, so
    # only after a label of two or more words, and at most two words
    name_label_brahmic: re.Pattern[str]
    # "আমার ভাই করিম", "අයියා නිමල්", "அண்ணன் குமார்": the next one or two words, up to a
    # known word (a place, a vocabulary word, a common word of not_names.txt)
    name_after_brahmic: re.Pattern[str]
    name_before: re.Pattern[str]  # "Nadia here"
    # "اکرم نامی ایجنٹ", "فضل ربي نومېږي": the one or two words before "named"; the words
    # there that are known (not names) are left by the caller, as before a relation
    name_before_arabic: re.Pattern[str]
    titled_latin: re.Pattern[str]  # "Haji Rafiq", "Malik Shahid": the title is part of it
    titled_arabic: re.Pattern[str]  # "حاجی رفیق", "چوہدری اسلم"
    before_relation: re.Pattern[str]  # "Muhammad Tariq s/o …", "محمد سلیم ولد …"
    after_relation: re.Pattern[str]  # "… زوی د امیر خان"
    signature: re.Pattern[str]  # the line after "Regards," / "والسلام"
    address_part: re.Pattern[str]  # "Plaza", "Boulevard", "بازار": an address goes on
    address: re.Pattern[str]  # "House No. 45", "گلی نمبر 3", "Village Shah Alam"
    address_word: re.Pattern[str]  # any address word, for the parts after the first
    # "گاؤں …، ڈاکخانہ …، تحصیل …", "کلي …، ډاکخانه …": two or more Arabic-script parts that
    # each start with an address word; their place names have no capitals to go by.
    address_chain: re.Pattern[str]
    ids: re.Pattern[str]  # "passport number: AB-1234567", "visa no 12345678"
    birth_date: re.Pattern[str]  # "DOB 12/03/1995", "born in 1995"
    # The patterns that can only match where a word of the text begins with one of their
    # listed words (after their lookbehind, or their space), with those words: the
    # scrubber runs them only on a text that has such a word (``scrub_gate``).
    openings: Mapping[re.Pattern[str], tuple[str, ...]]

    @classmethod
    def build(cls, data: dict) -> WordPatterns:
        """Compile the lists of ``personal_data.yaml`` (already checked by the content check)."""
        names = data.get("names") or {}
        before = _flatten(names.get("before"))
        labels = _flatten(names.get("labels"))
        after = _flatten(names.get("after"))
        titles = _flatten(names.get("titles"))
        relations = _flatten(names.get("relations"))
        sign_offs = _flatten(names.get("sign_offs"))
        parts = _flatten((data.get("addresses") or {}).get("parts"))
        starts = _flatten((data.get("addresses") or {}).get("starts"))
        ids = _flatten((data.get("ids") or {}).get("labels"))
        births = _flatten((data.get("birth_dates") or {}).get("labels"))
        latin_name = LATIN_WORD + r"(?:[ \t]{1,2}" + LATIN_WORD + r"){0,2}"
        arabic_name = ARABIC_WORD + r"(?:[ \t]{1,2}" + ARABIC_WORD + r")?"
        name_char = r"[\w'\-\u0900-\u0963\u0966-\u0dff]"
        any_name = (
            r"[^\W\d_]" + name_char + r"{1,30}(?:[ \t]{1,2}[^\W\d_]" + name_char + r"{1,30}){0,2}"
        )
        compiled = dict(
            name_after_latin=re.compile(
                r"(?<![\w/])(?i:" + alternation(_latin(before)) + r")\.?,?[ \t]{1,3}"
                r"(?P<name>" + latin_name + ")"
            ),
            name_after_arabic=re.compile(
                r"(?<!\w)(?:" + alternation(_arabic(before)) + r")[ \t]{1,3}"
                r"(?P<name>" + arabic_name + ")"
            ),
            name_labelled=re.compile(
                r"(?<!\w)(?i:" + alternation(labels) + r")[ \t]{0,2}[:=|\-–][ \t]{0,2}"
                r"(?P<name>" + any_name + ")"
            ),
            name_label_capitalised=re.compile(
                r"(?<!\w)(?i:" + alternation(_latin(labels)) + r")(?:[ \t]{1,2}(?i:is|hai|he|hy))?"
                r"[ \t]{1,3}(?P<name>" + latin_name + ")"
            ),
            name_label_brahmic=re.compile(
                r"(?<!\w)(?:" + alternation(_brahmic_phrases(labels)) + r")[ \t]{1,3}"
                r"(?P<name>" + BRAHMIC_WORD + r"(?:[ \t]{1,2}" + BRAHMIC_WORD + r")?)"
            ),
            name_after_brahmic=re.compile(
                r"(?<!\w)(?:"
                + alternation(_brahmic_words(before))
                + r")(?!"
                + BRAHMIC_LETTER
                + r")"
                r"[ \t]{1,3}(?P<name>" + BRAHMIC_WORD + r"(?:[ \t]{1,2}" + BRAHMIC_WORD + r")?)"
            ),
            name_before=re.compile(
                r"(?<![\w'])(?P<name>" + LATIN_WORD + r"(?:[ \t]" + LATIN_WORD + r")?)"
                r"[ \t]{1,2}(?i:" + alternation(after) + r")\b"
            ),
            name_before_arabic=re.compile(
                r"(?<!\w)(?P<name>"
                + arabic_name
                + r")[ \t]{1,3}(?:"
                + alternation(_arabic(after))
                + r")(?!\w)"
            ),
            address_chain=re.compile(
                r"(?<!\w)(?:" + alternation(_arabic(starts)) + r")[ \t]{1,2}[^\s،,.۔\n]{1,25}"
                r"(?:[ \t][^\s،,.۔\n]{1,25}){0,2}(?:[ \t]{0,2}[،,][ \t]{0,2}(?:"
                + alternation(_arabic(starts))
                + r")[ \t]{1,2}[^\s،,.۔\n]{1,25}(?:[ \t][^\s،,.۔\n]{1,25}){0,2}){1,4}"
            ),
            address=re.compile(
                r"(?<!\w)(?i:" + alternation(starts) + r")(?!" + BRAHMIC_LETTER + r")"
                r"\.?[ \t]{0,2}(?i:" + _ID_MARK + r")?"
                r"[ \t]{0,2}[:#.\-]?[ \t]{0,2}"
                r"(?P<designator>\d[\w/\-]{0,12}|[A-Z](?:-?\d{1,4})?(?![\w])|"
                + LATIN_WORD
                + r"(?:[ \t]"
                + LATIN_WORD
                + r")?|"
                + ARABIC_WORD
                + "|"
                + BRAHMIC_WORD
                + r")"
            ),
            address_word=re.compile(r"(?<!\w)(?i:" + alternation(starts + parts) + r")(?!\w)"),
            address_part=re.compile(r"(?<!\w)(?i:" + alternation(parts) + r")(?!\w)"),
            titled_latin=re.compile(
                r"(?<![\w/])(?P<name>(?i:"
                + alternation(_latin(titles))
                + r")\.?[ \t]{1,3}"
                + latin_name
                + ")"
            ),
            titled_arabic=re.compile(
                r"(?<!\w)(?P<name>(?:"
                + alternation(_arabic(titles))
                + r")[ \t]{1,3}"
                + arabic_name
                + ")"
            ),
            before_relation=re.compile(
                r"(?P<name>(?:"
                + LATIN_WORD
                + "|"
                + ARABIC_WORD
                + r")(?:[ \t]{1,2}(?:"
                + LATIN_WORD
                + "|"
                + ARABIC_WORD
                + r")){0,2})[ \t]{1,3}(?i:"
                + alternation(relations)
                + r")(?!\w)"
            ),
            after_relation=re.compile(
                r"(?<![\w/])(?i:"
                + alternation(relations)
                + r")\.?[ \t]{1,3}(?P<name>"
                + any_name
                + ")"
            ),
            signature=re.compile(
                r"(?:^|\n)[^\n]{0,40}?(?i:" + alternation(sign_offs) + r")[^\n]{0,30}"
                r"\n[ \t]{0,4}[-—–~]{0,2}[ \t]{0,2}(?P<name>" + any_name + r")[ \t]{0,4}(?=\n|$)"
            ),
            ids=re.compile(
                r"(?<!\w)(?P<label>(?i:" + alternation(ids) + r"))\.?[ \t]{0,2}"
                r"(?P<mark>(?i:" + _ID_MARK + r"))?"
                r"[ \t]{0,2}[:#.\-]?[ \t]{0,2}"
                r"(?P<value>[A-Za-z]{0,3}-?\d[\d \-/]{3,24}\d)(?![\w])"
            ),
            birth_date=re.compile(
                r"(?<!\w)(?i:" + alternation(births) + r")\W{0,3}(?i:on|in)?\W{0,3}"
                r"(?P<value>" + _DATE + r")(?!\d)"
            ),
        )
        opening_words = {
            "name_after_latin": _latin(before),
            "name_after_arabic": _arabic(before),
            "name_labelled": labels,
            "name_label_capitalised": _latin(labels),
            "name_label_brahmic": _brahmic_phrases(labels),
            "name_after_brahmic": _brahmic_words(before),
            "name_before": after,
            "name_before_arabic": _arabic(after),
            "titled_latin": _latin(titles),
            "titled_arabic": _arabic(titles),
            "before_relation": relations,
            "after_relation": relations,
            "address_chain": _arabic(starts),
            "address": starts,
            "ids": ids,
            "birth_date": births,
        }
        openings = {compiled[name]: tuple(words) for name, words in opening_words.items()}
        return cls(**compiled, openings=openings)
