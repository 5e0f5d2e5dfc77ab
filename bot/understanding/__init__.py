"""Understanding free text: language detection, normalisation and personal-data scrubbing.

Build ``LanguageDetector.load(content_dir)`` and ``Scrubber.load(content_dir)`` once at
start (they read ``content/understanding/``); after that every call is pure.
"""

from bot.understanding.language import (
    CONFIDENT,
    Detection,
    LanguageDetector,
    choose_language,
    language_from_hint,
)
from bot.understanding.normalize import SpellingVariants, normalize
from bot.understanding.scrub import Scrubber

__all__ = [
    "CONFIDENT",
    "Detection",
    "LanguageDetector",
    "Scrubber",
    "SpellingVariants",
    "choose_language",
    "language_from_hint",
    "normalize",
]
