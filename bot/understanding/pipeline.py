"""The whole reading of one message: language, FAQ topic, red flags, scrubbed text.

One pipeline serves the bot, ``python -m bot analyze`` and the evaluation, so what a volunteer
sees from ``analyze`` is exactly what the bot does. Built once from ``content/understanding/``;
:meth:`Understanding.analyze` is pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content.model import TopicExamples
from bot.understanding.ad_scan import AdScan
from bot.understanding.language import Detection, LanguageDetector, choose_language
from bot.understanding.redflags import AdScanner
from bot.understanding.scrub import Scrubber
from bot.understanding.tokens import TokenizedText
from bot.understanding.topics import TopicMatch, TopicMatcher

# A question says what it is about in its first words; the topic matcher reads at most these
# (its work grows faster than the text), the red-flag scan and the scrubber read everything.
TOPIC_WORDS = 150
TOPIC_CHARACTERS = 1200
# Readings remembered (see Understanding.analyze); a few hundred KiB at most.
ANALYSES_KEPT = 2_000
# Longer texts (forwarded ads) are read each time: they rarely come twice letter for letter.
REMEMBERED_LENGTH = 500


def _opening(tokens: TokenizedText) -> TokenizedText:
    """The first ``TOPIC_WORDS`` words of a tokenized text (the text itself when shorter)."""
    if len(tokens.tokens) <= TOPIC_WORDS:
        return tokens
    return TokenizedText(tokens.original, tokens.folded, tokens.origin, tokens.tokens[:TOPIC_WORDS])


@dataclass(frozen=True)
class Analysis:
    """What the bot makes of one text.

    ``language`` is the language the text is in (a confident detection, else the hint);
    ``topic`` is the FAQ match (None when nothing fits); ``scan`` the red-flag scan;
    ``scrubbed`` the text exactly as the question log would keep it.
    """

    language: str
    detection: Detection
    topic: TopicMatch | None
    scan: AdScan
    scrubbed: str

    @property
    def is_ad(self) -> bool:
        """The text reads like a job ad (offer, pay, contact) rather than a question."""
        return self.scan.looks_like_ad

    def contract(self) -> dict[str, Any]:
        """The ``python -m bot analyze`` output line (DESIGN.md)."""
        return {
            "language": self.language,
            "topic": self.topic.topic if self.topic else None,
            "red_flags": list(self.scan.flag_ids),
            "scrubbed": self.scrubbed,
        }


class Understanding:
    """Language detector, topic matcher, ad scanner and scrubber, loaded once."""

    def __init__(
        self,
        detector: LanguageDetector,
        topics: TopicMatcher,
        scanner: AdScanner,
        scrubber: Scrubber,
    ) -> None:
        self.detector = detector
        self.topics = topics
        self.scanner = scanner
        self.scrubber = scrubber
        # text, hint -> its reading, for the examples in ``_analysed_with``
        self._analyses: dict[tuple[str, str | None], Analysis] = {}
        self._analysed_with: TopicExamples | None = None

    @classmethod
    def load(cls, content_dir: Path) -> Understanding:
        """Read the vocabularies under ``content_dir/understanding/``."""
        detector = LanguageDetector.load(content_dir)
        return cls(
            detector,
            TopicMatcher.load(content_dir, detector.variants),
            AdScanner.load(content_dir, detector.variants),
            Scrubber.load(content_dir),
        )

    def analyze(
        self, text: str, hint: str | None = None, examples: TopicExamples | None = None
    ) -> Analysis:
        """Read ``text``; ``hint`` is Telegram's language_code, used when the text is unclear.

        ``examples`` are the FAQ example questions of the content being served, so that an
        example a volunteer just saved is used at once (default: those loaded with this).

        Reading is pure and costs about a millisecond, the largest share of an update's work,
        while people send the same short texts again and again ("hello", "is this real?",
        one forwarded warning); so the last ``ANALYSES_KEPT`` short readings are remembered
        (emptied when full, and when other examples are served) and shared, being frozen.
        """
        if len(text) > REMEMBERED_LENGTH:
            return self.read_afresh(text, hint, examples)
        if examples is not self._analysed_with:
            self._analyses.clear()
            self._analysed_with = examples
        key = (text, hint)
        found = self._analyses.get(key)
        if found is None:
            found = self.read_afresh(text, hint, examples)
            if len(self._analyses) >= ANALYSES_KEPT:
                self._analyses.clear()
            self._analyses[key] = found
        return found

    def read_afresh(
        self, text: str, hint: str | None = None, examples: TopicExamples | None = None
    ) -> Analysis:
        """:meth:`analyze` without the memory: what a text never seen before costs (the
        speed benchmark times this, since repeating its texts would only time the memory)."""
        detection = self.detector.detect(text)
        language = choose_language(detection, hint=hint, languages=self.detector.languages)
        tokenizer = self.scanner.tokenizer
        if self.topics.tokenizer.variants is tokenizer.variants:  # one folding serves both
            tokens = tokenizer.tokenize(text)
            topic = self.topics.match_tokens(_opening(tokens), language, examples)
            scan = self.scanner.scan_tokens(tokens)
        else:
            topic = self.topics.match(text[:TOPIC_CHARACTERS], language, examples)
            scan = self.scanner.scan(text)
        return Analysis(
            language=language,
            detection=detection,
            topic=topic,
            scan=scan,
            scrubbed=self.scrubber.scrub(text),
        )
