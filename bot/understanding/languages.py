"""The languages the understanding reads, from ``content/understanding/languages.yaml``.

Which languages exist, the script each is written in and the Telegram hints that name it
are content, so adding Hindi or Bengali starts with one entry there, not with code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.understanding.vocabulary import read_yaml


@dataclass(frozen=True)
class LanguageTable:
    """Language codes in file order, their scripts, the hints that name them, the default."""

    codes: tuple[str, ...]
    scripts: Mapping[str, str]
    hints: Mapping[str, str]  # primary subtag of a Telegram language_code -> our code
    default: str

    @classmethod
    def load(cls, content_dir: Path) -> LanguageTable:
        """Read ``languages.yaml`` (checked by ``content check``)."""
        data = read_yaml(content_dir / "understanding" / "languages.yaml")
        entries = data["languages"]
        return cls(
            codes=tuple(entries),
            scripts={code: str(entry["script"]) for code, entry in entries.items()},
            hints={
                str(hint).lower(): code
                for code, entry in entries.items()
                for hint in entry.get("hints") or ()
            },
            default=str(data["default"]),
        )

    def from_hint(self, hint: str | None) -> str | None:
        """Our language for a platform language code: a listed hint, else the default; None stays."""
        if not hint:
            return None
        primary = hint.replace("_", "-").split("-", 1)[0].lower()
        return self.hints.get(primary, self.default)
