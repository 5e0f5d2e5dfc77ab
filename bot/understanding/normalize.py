"""Text normalisation shared by language detection, FAQ matching and scrubbing.

Everything here is pure and cheap. ``normalize(text, language)`` is the one entry point a
matcher needs: it folds away the differences that do not change meaning (letter variants of
Arabic-script keyboards, diacritics, digit systems, invisible characters, case, Roman Urdu
spelling habits) so that two spellings of the same question compare equal.

Folding is lossy on purpose (for example ``ھ`` and ``ہ`` become one letter, ``hain`` and
``hai`` one word): apply it to both sides of a comparison, never to text shown to a user.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from bot.understanding.memo import PerCharacter, remember

# Zero-width characters, bidi controls, the Arabic letter mark, soft hyphen, BOM, tatweel.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u0640\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)

# Arabic harakat (zer, zabar, pesh, tanween, tashdeed, sukun, ...), superscript alef and
# Quranic annotation marks.
_ARABIC_MARKS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]"
)

# Letter variants that Arabic, Persian and Urdu keyboards produce for the same letter.
# Urdu and Pashto share the folding, so a matcher needs one table, not two.
_ARABIC_FOLD = str.maketrans(
    {
        "ي": "ی",  # Arabic yeh
        "ى": "ی",  # alef maksura
        "ې": "ی",  # Pashto e (often typed as plain yeh)
        "ۍ": "ی",  # Pashto feminine yeh
        "ئ": "ی",
        "ك": "ک",  # Arabic kaf
        "ګ": "گ",  # Pashto gaf with ring
        "ه": "ہ",  # Arabic heh
        "ة": "ہ",  # teh marbuta
        "ۃ": "ہ",
        "ۂ": "ہ",
        "ھ": "ہ",  # do-chashmi heh, typed as heh on Arabic and Persian keyboards
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ۓ": "ے",
        "،": ",",
        "؛": ";",
        "؟": "?",
        "۔": ".",
        "٪": "%",
    }
)

_LATIN_MARKS = re.compile("[\u0300-\u036f]")
# A letter or digit of any script, or a vowel sign or other mark of the scripts of South
# Asia (Devanagari U+0900 to Sinhala U+0DFF, their dandas aside): Python's \w leaves out
# combining marks, so "नौकरी" would fall apart into "न", "कर" without them.
LETTER = r"(?:[^\W_]|[\u0900-\u0963\u0966-\u0dff])"
WORD_PATTERN = LETTER + r"+(?:'" + LETTER + r"+)?"
_WORD = re.compile(WORD_PATTERN)

# Roman Urdu spelling habits, applied in this order to one lower-case word.
_ROMAN_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"'"), ""),
    (re.compile(r"ee"), "i"),  # teen/tin, leekin/lekin
    (re.compile(r"oo"), "u"),  # hoon/hun, zaroor/zarur
    (re.compile(r"(.)\1+"), r"\1"),  # aap/ap, accha/acha, nahiii/nahi
    (re.compile(r"q"), "k"),  # qanoon/kanoon
    (re.compile(r"v"), "w"),  # vapis/wapis
    (re.compile(r"[ae]y$"), "e"),  # kesay/kese, karey/kare
    (re.compile(r"(?<=[aeiou])h$"), ""),  # yeh/ye, woh/wo
    (re.compile(r"(?<=[aeiou][aeiou])n$|(?<=i)n$"), ""),  # nahin/nahi, mein/mei, hain/hai
    (re.compile(r"(?<=[aeiou])y(?=[aeiou])"), ""),  # chahiye/chahie
)


def remove_invisible(text: str) -> str:
    """Drop zero-width, bidi-control and other characters that render as nothing."""
    return _INVISIBLE.sub("", text)


def _ascii_digit(char: str) -> str:
    value = unicodedata.decimal(char, None)
    return str(value) if value is not None else char


_ASCII_DIGITS = PerCharacter(lambda c: _ascii_digit(c) if c.isdecimal() and not c.isascii() else c)


def to_ascii_digits(text: str) -> str:
    """Write every decimal digit (Urdu ۰-۹, Arabic ٠-٩, Thai, Khmer, Myanmar, ...) as 0-9.

    Each digit stays one character, so positions in the result match positions in ``text``.
    """
    if text.isascii():
        return text
    return text.translate(_ASCII_DIGITS)


def strip_diacritics(text: str) -> str:
    """Remove Arabic-script vowel marks and tashdeed, and accents on Latin letters."""
    text = _ARABIC_MARKS.sub("", text)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _LATIN_MARKS.sub("", decomposed))


def fold_arabic(text: str) -> str:
    """Map Arabic-script letter variants (ي/ی, ك/ک, ه/ہ/ھ, ة, أ/إ/آ, ...) to one form each."""
    return text.translate(_ARABIC_FOLD)


_ROMAN_FOLDS: dict[str, str] = {}


def fold_roman_word(word: str) -> str:
    """Fold one lower-case Roman Urdu word to a spelling skeleton (aap→ap, nahin→nahi)."""
    folded = _ROMAN_FOLDS.get(word)
    if folded is None:
        folded = word
        for pattern, replacement in _ROMAN_RULES:
            folded = pattern.sub(replacement, folded)
        remember(_ROMAN_FOLDS, word, folded)
    return folded


class SpellingVariants:
    """Maps Roman Urdu spelling variants to one canonical word (he, hy, hae → hai).

    Built from lines of ``canonical variant variant ...``; every form is folded first, so a
    table lists only the variants that the generic rules of ``fold_roman_word`` miss.
    """

    def __init__(self, groups: Iterable[Iterable[str]] = ()) -> None:
        self._canonical: dict[str, str] = {}
        for group in groups:
            words = [fold_roman_word(w.lower()) for w in group]
            if not words:
                continue
            for word in words:
                self._canonical.setdefault(word, words[0])

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> SpellingVariants:
        """Parse ``canonical variant ...`` lines; ``#`` starts a comment."""
        groups = []
        for line in lines:
            words = line.split("#", 1)[0].split()
            if words:
                groups.append(words)
        return cls(groups)

    def canonical(self, word: str) -> str:
        """The canonical folded form of a lower-case word."""
        folded = fold_roman_word(word)
        return self._canonical.get(folded, folded)

    def as_mapping(self) -> Mapping[str, str]:
        """Folded variant → canonical form."""
        return dict(self._canonical)


_NO_VARIANTS = SpellingVariants()


def words(text: str) -> list[str]:
    """Split text into words (letters and digits of any script), keeping inner apostrophes."""
    return _WORD.findall(text)


def clean(text: str) -> str:
    """Script-independent cleaning: NFC, invisible characters out, ASCII digits, no marks."""
    text = unicodedata.normalize("NFC", text)
    return strip_diacritics(to_ascii_digits(remove_invisible(text)))


def normalize(
    text: str, language: str | None = None, *, variants: SpellingVariants | None = None
) -> str:
    """Fold ``text`` for comparison: cleaned, lower-case, one space between words.

    Arabic-script letters are always folded. With ``language='ur-Latn'`` each Latin word is
    also folded to its Roman Urdu spelling skeleton and, when ``variants`` is given (see
    ``LanguageDetector.variants``), to its canonical spelling. Punctuation is dropped.
    """
    text = fold_arabic(clean(text)).casefold()
    tokens = words(text)
    if language == "ur-Latn":
        table = variants or _NO_VARIANTS
        tokens = [
            table.canonical(token) if token.isascii() and token.isalpha() else token
            for token in tokens
        ]
    return " ".join(tokens)


def _is_arabic_letter(char: str) -> bool:
    return (
        "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f" or "\ufb50" <= char <= "\ufeff"
    )


# The scripts of South Asia that our languages are written in (ISO 15924 code, first and
# last code point, and the one-letter class ``_script_class`` writes for them). Vowel signs
# count as letters: "ने" is one letter and one sign, and both say Devanagari.
_INDIC_SCRIPTS = (
    ("Deva", "\u0900", "\u097f", "d"),
    ("Beng", "\u0980", "\u09ff", "b"),
    ("Taml", "\u0b80", "\u0bff", "t"),
    ("Sinh", "\u0d80", "\u0dff", "s"),
)
_CLASS_SCRIPTS = {"a": "Arab", "l": "Latn"} | {cls: code for code, _, _, cls in _INDIC_SCRIPTS}


def _script_class(char: str) -> str:
    if char.isalpha():
        if char <= "\u024f":
            return "l"
        if _is_arabic_letter(char):
            return "a"
    if "\u0900" <= char <= "\u0dff" and not char.isdecimal() and char not in "\u0964\u0965":
        for _, first, last, cls in _INDIC_SCRIPTS:
            if first <= char <= last:
                return cls
    return ""


_SCRIPT_CLASSES = PerCharacter(_script_class)


def count_scripts(text: str) -> tuple[int, int]:
    """Number of (Arabic-script letters, Latin letters) in ``text``."""
    classes = text.translate(_SCRIPT_CLASSES)  # one "a" or "l" per letter of those scripts
    return classes.count("a"), classes.count("l")


def script_letters(text: str) -> dict[str, int]:
    """Letters (and vowel signs) per script our languages use: ``{"Deva": 12, "Latn": 3}``.

    Scripts absent from ``text`` are absent from the result; letters of other scripts (Thai,
    Cyrillic, ...) are not counted at all.
    """
    classes = text.translate(_SCRIPT_CLASSES)
    return {script: n for cls, script in _CLASS_SCRIPTS.items() if (n := classes.count(cls))}
