"""Which language a message is written in: one of ``languages.yaml`` (en, ur, ur-Latn, ps,
hi, ne, bn, si, ta, id, fil).

Cheap signals decide almost every message. First the script: Bengali, Sinhala and Tamil are
told by it alone. Within Devanagari, Nepali and Hindi words and endings decide
(``language_markers.yaml``); within Arabic script, Pashto's and Urdu's own letters and words.
In Latin script, Indonesian and Filipino words are counted beside the English and Roman Urdu
vocabularies; langdetect (which knows no Roman Urdu) is asked only when English and Roman
Urdu disagree, and its answer is read as "English or not". Romanised Hindi is Roman
Hindustani and reads as ur-Latn (see ``language_markers.yaml``). Texts with no evidence
("ok", "?", a phone number) get ``language=None`` so the caller falls back to the user's
choice or Telegram's hint.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from bot.understanding.languages import LanguageTable
from bot.understanding.memo import remember
from bot.understanding.normalize import (
    SpellingVariants,
    clean,
    fold_roman_word,
    script_letters,
    words,
)
from bot.understanding.spelling import SpellingModel
from bot.understanding.vocabulary import load_yaml_text

CONFIDENT = 0.6
"""A detection at least this confident outranks the platform's language hint."""

# Latin-script languages that Roman Urdu is mistaken for; langdetect chooses between these
# and English, and anything but English counts as "not English".
_LANGDETECT_PROFILES = (
    "en",
    "id",
    "tl",
    "sw",
    "so",
    "tr",
    "ro",
    "it",
    "nl",
    "no",
    "et",
    "fi",
    "hr",
    "sq",
    "af",
    "cy",
    "de",
    "fr",
    "es",
    "pt",
    "vi",
    "pl",
)
_ARABIC_KEYBOARD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
# What a Latin-script word says about the language (remembered per word, bounded).
_NOTHING, _ENGLISH, _ROMAN, _UNKNOWN = range(4)


@dataclass(frozen=True, slots=True)
class Detection:
    """A guess: ``language`` is None when the text carries no evidence.

    ``script`` is the script of ``languages.yaml`` it was typed in (``Arab``, ``Latn``,
    ``Deva``, ``Beng``, ``Sinh``, ``Taml``), ``other`` (a script none of our languages uses) or
    ``none`` (no letters: digits, emoji, punctuation).
    """

    language: str | None
    confidence: float
    script: str

    @property
    def confident(self) -> bool:
        """Whether the guess should outrank a platform language hint."""
        return self.language is not None and self.confidence >= CONFIDENT


def _certainty(winner: float, loser: float, scale: float) -> float:
    """Confidence in (0, 1): grows with the margin, shrinks when evidence is mixed."""
    margin = winner - loser
    purity = winner / (winner + loser)
    return round(purity * (1 - 0.5 ** (margin / scale + 0.5)), 3)


@dataclass(frozen=True, slots=True)
class Markers:
    """Words (two points) and word endings (one point) of one language within its script."""

    words: frozenset[str]
    endings: tuple[str, ...] = ()

    def score(self, tokens: list[str]) -> int:
        """Points of ``tokens`` for this language."""
        points = 0
        for token in tokens:
            if token in self.words:
                points += 2
            elif len(token) > 2 and token.endswith(self.endings):
                points += 1
        return points


def _read_markers(path: Path) -> dict[str, dict[str, Markers]]:
    """``language_markers.yaml``: script -> language -> markers (file order kept)."""
    raw = load_yaml_text(path.read_text(encoding="utf-8")) if path.exists() else {}
    data: dict[str, dict[str, dict[str, list[str]]]] = raw if isinstance(raw, dict) else {}
    return {
        script: {
            language: Markers(
                frozenset(clean(str(w)).lower() for w in entry.get("words") or ()),
                tuple(str(e) for e in entry.get("endings") or ()),
            )
            for language, entry in (languages or {}).items()
        }
        for script, languages in data.items()
    }


def _read_words(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ws for line in lines if (ws := line.split("#", 1)[0].lower().split())]


class LanguageDetector:
    """Built once by ``load``; ``detect`` is pure and safe to share between tasks."""

    def __init__(
        self,
        *,
        roman_urdu: SpellingVariants,
        english: frozenset[str],
        loanwords: frozenset[str],
        pashto_letters: str,
        pashto_words: frozenset[str],
        urdu_letters: str,
        urdu_words: frozenset[str],
        langdetect: DetectorFactory | None,
        languages: LanguageTable,
        markers: dict[str, dict[str, Markers]] | None = None,
    ) -> None:
        self.languages = languages
        self._markers = {
            script: {code: m for code, m in table.items() if code in languages.scripts}
            for script, table in (markers or {}).items()
        }
        self._latin_others = self._markers.get("Latn", {})
        # Every marker word of the Latin-script languages (an ending counts only off these).
        self._latin_listed = frozenset().union(*(m.words for m in self._latin_others.values()))
        # Each script our languages are written in -> its languages, in file order.
        self._by_script: dict[str, tuple[str, ...]] = {}
        for code in languages.codes:
            script = languages.scripts[code]
            self._by_script[script] = (*self._by_script.get(script, ()), code)
        self.variants = roman_urdu
        self._roman_urdu = frozenset(roman_urdu.as_mapping().values())
        self._english = english
        self._loanwords = loanwords
        self._pashto_letters = frozenset(pashto_letters)
        self._pashto_words = pashto_words
        self._urdu_letters = frozenset(urdu_letters)
        self._urdu_words = urdu_words
        self._langdetect = langdetect
        self._spelling = SpellingModel(roman_urdu.as_mapping(), english)
        self._latin_kinds: dict[str, int] = {}  # word -> _ENGLISH, _ROMAN, _UNKNOWN, _NOTHING

    @classmethod
    def load(cls, content_dir: Path, *, use_langdetect: bool = True) -> LanguageDetector:
        """Read the vocabularies under ``content_dir/understanding`` (and langdetect's)."""
        folder = content_dir / "understanding"
        groups = _read_words(folder / "roman_urdu.txt")
        english = frozenset(w for ws in _read_words(folder / "english.txt") for w in ws)
        loanwords = frozenset(w for ws in _read_words(folder / "loanwords.txt") for w in ws)
        raw = load_yaml_text((folder / "arabic_script.yaml").read_text(encoding="utf-8"))
        markers: dict[str, Any] = raw if isinstance(raw, dict) else {}

        def marker_words(language: str) -> frozenset[str]:
            return frozenset(
                clean(w).translate(_ARABIC_KEYBOARD) for w in markers[language]["words"]
            )

        return cls(
            roman_urdu=SpellingVariants(groups),
            english=english,
            loanwords=loanwords,
            pashto_letters=markers["pashto"]["letters"],
            pashto_words=marker_words("pashto"),
            urdu_letters=markers["urdu"]["letters"],
            urdu_words=marker_words("urdu"),
            langdetect=_langdetect_factory() if use_langdetect else None,
            languages=LanguageTable.load(content_dir),
            markers=_read_markers(folder / "language_markers.yaml"),
        )

    def detect(self, text: str) -> Detection:
        """Guess the language of ``text``; see ``Detection``."""
        text = clean(text)
        counts = {
            script: n for script, n in script_letters(text).items() if script in self._by_script
        }
        letters = sum(counts.values())
        if letters < 2:
            other = sum(map(str.isalpha, text)) >= 2
            return Detection(None, 0.0, "other" if other else "none")
        # A message in another script often carries English words ("passport", "agent"):
        # a third of its letters in that script is enough to say it is written in it.
        script = max((s for s in counts if s != "Latn"), key=counts.__getitem__, default=None)
        if script is not None and counts[script] >= 0.3 * letters:
            if script == "Arab":
                return self._detect_arabic(text.translate(_ARABIC_KEYBOARD))
            return self._detect_by_markers(script, text, counts[script])
        if counts.get("Latn", 0) < 0.5 * sum(map(str.isalpha, text)):
            return Detection(None, 0.0, "other")
        return self._detect_latin(text.lower())

    def _detect_by_markers(self, script: str, text: str, letters: int) -> Detection:
        """A script of one language says it; for several (Devanagari), their markers decide."""
        codes = self._by_script[script]
        if len(codes) == 1:
            return Detection(codes[0], _certainty(letters, 0, 2.0), script)
        markers = self._markers.get(script, {})
        tokens = words(text.lower())
        scores = sorted(
            (
                (markers[code].score(tokens) if code in markers else 0, -i, code)
                for i, code in enumerate(codes)
            ),
            reverse=True,
        )
        (best, _, code), (second, _, _) = scores[0], scores[1]
        if best == second:
            # No evidence either way: the first listed language, weakly, so a hint decides.
            return Detection(codes[0], 0.3, script)
        return Detection(code, _certainty(best, second, 2.0), script)

    def _detect_arabic(self, text: str) -> Detection:
        tokens = words(text)
        pashto = sum(map(self._pashto_letters.__contains__, text))
        pashto += 2 * sum(token in self._pashto_words for token in tokens)
        urdu = sum(map(self._urdu_letters.__contains__, text))
        urdu += 2 * sum(token in self._urdu_words for token in tokens)
        if pashto == urdu:
            # No evidence either way: Urdu is far the more common, but say so only weakly.
            return Detection("ur", 0.3, "Arab")
        if pashto > urdu:
            return Detection("ps", _certainty(pashto, urdu, 2.0), "Arab")
        return Detection("ur", _certainty(urdu, pashto, 2.0), "Arab")

    def _detect_latin(self, text: str) -> Detection:
        english = roman = 0.0
        unknown: list[str] = []
        known = self._latin_kinds
        tokens = words(text)
        kinds = [
            self._latin_kind(token) if (kind := known.get(token)) is None else kind
            for token in tokens
        ]
        for token, kind in zip(tokens, kinds, strict=True):
            if kind == _ENGLISH:
                english += 1
            elif kind == _ROMAN:
                roman += 1
            elif kind == _UNKNOWN:
                unknown.append(token)
        other = self._other_latin(tokens, kinds)
        if other is not None:
            return other
        # Urdu grammar words in a message mean its writer writes Roman Urdu, even when an
        # English phrase is mixed in; English writers do not use "hai" or "ka".
        if roman >= 2 * english and roman >= 1:
            return Detection("ur-Latn", _certainty(roman, english, 1.0), "Latn")
        for token in unknown:
            ratio = self._spelling.log_ratio(fold_roman_word(token))
            roman += max(0.0, min(ratio, 1.0)) * 0.5
            english += max(0.0, min(-ratio, 1.0)) * 0.5
        if english + roman < 1:
            return Detection(None, 0.0, "Latn")
        if english >= 2 * roman and english - roman >= 1:
            return Detection("en", _certainty(english, roman, 1.5), "Latn")
        # The cheap signals disagree: only now pay for langdetect.
        not_english = self._not_english(text)
        if not_english is not None:
            # langdetect is unreliable on a few words: trust it in proportion to length.
            weight = 2 * min(1.0, sum(map(str.isalpha, text)) / 40)
            roman += weight * not_english
            english += weight * (1 - not_english)
        if roman == english:
            return Detection(None, 0.0, "Latn")
        if roman > english:
            return Detection("ur-Latn", _certainty(roman, english, 1.5), "Latn")
        return Detection("en", _certainty(english, roman, 1.5), "Latn")

    def _other_latin(self, tokens: list[str], kinds: list[int]) -> Detection | None:
        """Indonesian or Filipino, when their words outnumber English and Roman Urdu ones.

        Filipino is often Taglish ("legit po ba yung agency"): its grammar words mark it even
        among English ones, as Urdu's do in Roman Urdu. A word that two languages share ("ko"
        is Filipino and Roman Urdu) counts half for each. ``tokens`` are the text's words and
        ``kinds`` what each says (``_latin_kind``), as ``_detect_latin`` read them.
        """
        if not self._latin_others:
            return None
        loanwords = self._loanwords
        read = [(w, k) for w, k in zip(tokens, kinds, strict=True) if w not in loanwords]
        listed = self._latin_listed
        results: list[tuple[float, float, str]] = []  # (own points, rival points, language)
        for language, markers in self._latin_others.items():
            own = english = roman = 0.0
            for token, kind in read:
                shared = kind in (_ENGLISH, _ROMAN)
                if token in markers.words:
                    own += 0.5 if shared else 1.0
                elif (
                    not shared
                    and token not in listed
                    and len(token) >= 6
                    and token.endswith(markers.endings or ("\0",))
                ):
                    own += 1.0  # an ending ("visanya", "gagawin") on a word of no list
                if kind == _ENGLISH:
                    english += 0.5 if token in markers.words else 1.0
                elif kind == _ROMAN:
                    roman += 0.5 if token in markers.words else 1.0
            results.append((own, max(roman, english / 2), language))
        results.sort(reverse=True)
        best, rival, code = results[0]
        runner_up = max(rival, results[1][0] if len(results) > 1 else 0.0)
        if best < 1 or best <= runner_up:
            return None
        return Detection(code, _certainty(best, runner_up, 1.0), "Latn")

    def _latin_kind(self, token: str) -> int:
        """What one lower-case Latin-script word says: English, Roman Urdu, unknown, nothing."""
        kind = _NOTHING
        if token.isalpha() and token not in self._loanwords:
            is_english = token in self._english
            is_roman = self.variants.canonical(token) in self._roman_urdu
            if is_english and not is_roman:
                kind = _ENGLISH
            elif is_roman and not is_english:
                kind = _ROMAN
            elif not is_english and len(token) > 2:
                kind = _UNKNOWN
        return remember(self._latin_kinds, token, kind)

    def _not_english(self, text: str) -> float | None:
        """langdetect's probability that ``text`` is not English; None when it cannot say."""
        if self._langdetect is None:
            return None
        detector = self._langdetect.create()
        detector.append(text)
        try:
            probabilities = detector.get_probabilities()
        except LangDetectException:
            return None
        english = next((p.prob for p in probabilities if p.lang == "en"), 0.0)
        return 1.0 - english


def _langdetect_factory() -> DetectorFactory:
    """A langdetect factory holding only the profiles we need, seeded for determinism."""
    profiles = resources.files("langdetect") / "profiles"
    factory = DetectorFactory()
    factory.load_json_profile(
        [(profiles / name).read_text(encoding="utf-8") for name in _LANGDETECT_PROFILES]
    )
    factory.set_seed(0)
    return factory


def language_from_hint(hint: str | None, languages: LanguageTable) -> str | None:
    """Map a platform language code to ours (languages.yaml ``hints``), else the default."""
    return languages.from_hint(hint)


def choose_language(
    detection: Detection,
    *,
    languages: LanguageTable,
    chosen: str | None = None,
    hint: str | None = None,
) -> str:
    """The language to answer in.

    An explicit choice wins; then a confident detection; then the platform hint, when it is
    written in the script the user typed; then a weak detection; then the hint; then English.
    """
    if chosen:
        return chosen
    if detection.confident and detection.language:
        return detection.language
    hinted = languages.from_hint(hint)
    typed = detection.script
    scripts = set(languages.scripts.values())
    if hinted and (typed not in scripts or languages.scripts.get(hinted) == typed):
        return hinted
    if detection.language:
        return detection.language
    return hinted or languages.default


__all__ = [
    "CONFIDENT",
    "Detection",
    "LanguageDetector",
    "Markers",
    "choose_language",
    "language_from_hint",
]
