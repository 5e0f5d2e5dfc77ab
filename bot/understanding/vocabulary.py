"""Reading vocabulary files into phrases for ``bot.understanding.phrases.Lexicon``."""

from __future__ import annotations

from pathlib import Path

from bot.content.yaml_lines import load_plain, load_text
from bot.understanding.normalize import SpellingVariants
from bot.understanding.phrases import Phrase
from bot.understanding.tokens import Tokenizer

_COMMON_WORD_FILES = ("english.txt", "loanwords.txt", "roman_urdu.txt")


def load_variants(content_dir: Path) -> SpellingVariants:
    """The Roman Urdu spelling table the language detector uses (``roman_urdu.txt``)."""
    path = content_dir / "understanding" / "roman_urdu.txt"
    if not path.exists():
        return SpellingVariants()
    return SpellingVariants.from_lines(path.read_text(encoding="utf-8").splitlines())


def load_common_words(content_dir: Path, tokenizer: Tokenizer) -> frozenset[str]:
    """Everyday words (the language detector's word lists) that are never read as typos."""
    words: set[str] = set()
    for name in _COMMON_WORD_FILES:
        path = content_dir / "understanding" / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                words.update(tokenizer.words(line.split("#", 1)[0]))
    return frozenset(words)


def load_yaml_text(text: str) -> object:
    """Parse YAML text safely: libyaml's loader when PyYAML has it (the reading rules are
    read again on every hot reload), no aliases, bounded size (bot.content.yaml_lines)."""
    return load_text(text)


def read_yaml(path: Path) -> dict:
    """Read one vocabulary file; a malformed file fails loudly with its name."""
    data = load_plain(path)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


def phrases_from(
    tokenizer: Tokenizer, label: str, by_language: dict | list | None, weight: float = 1.0
) -> list[Phrase]:
    """Build phrases from ``{language: [phrase, ...]}`` or a plain list.

    An entry may be ``"phrase"`` or ``{"phrase text": weight}``.
    """
    if by_language is None:
        return []
    groups = by_language.items() if isinstance(by_language, dict) else [(None, by_language)]
    out = []
    for language, entries in groups:
        for entry in entries or ():
            items = entry.items() if isinstance(entry, dict) else [(entry, weight)]
            for source, w in items:
                if not isinstance(source, str):  # YAML reads a bare no/yes/on as a boolean
                    raise ValueError(f"{label}: phrase {source!r} must be quoted text")
                tokens = tokenizer.pattern_tokens(source)
                if tokens:
                    out.append(Phrase(tokens, label, float(w), language, source))
    return out
