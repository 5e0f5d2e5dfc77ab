"""A user's conversation state: small, JSON-serialisable, kept in the store between updates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ChecklistRun:
    """Progress through one run of the verification checklist.

    ``run`` numbers the user's runs so a button from an older run can be recognised;
    ``position`` is the index of the question on screen; ``answers`` maps question id to
    answer id; ``finished`` is set once the verdict was shown.
    """

    run: int
    position: int = 0
    answers: dict[str, str] = field(default_factory=dict)
    finished: bool = False


@dataclass
class UserState:
    """Everything the bot remembers about one chat, and nothing that names the user.

    ``language`` is the language the bot speaks to the user; ``language_chosen`` records
    whether the user picked it explicitly (an explicit choice beats any detection).
    ``screen`` is where the user is: ``new``, ``menu``, ``checklist``, ``verdict``,
    ``confirm_forget``, ...
    ``country`` is the home country (ISO alpha-2, or ``other``), apart from the language;
    ``country_chosen`` records whether the user confirmed it (else it is a guess).
    """

    language: str | None = None
    language_chosen: bool = False
    country: str | None = None
    country_chosen: bool = False
    screen: str = "new"
    runs: int = 0
    checklist: ChecklistRun | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return a dict of JSON types only, so every backend can store it as text.

        Written out rather than ``dataclasses.asdict``, which deep-copies ``extra`` (it holds
        the last answered message's reading): that copy was a quarter of the conversation's
        CPU per update under load. Nested values are shared with the state, which is never
        changed in place (every step makes a new one): encode the dict, do not edit it.
        """
        run = self.checklist
        return {
            "language": self.language,
            "language_chosen": self.language_chosen,
            "country": self.country,
            "country_chosen": self.country_chosen,
            "screen": self.screen,
            "runs": self.runs,
            "checklist": None
            if run is None
            else {
                "run": run.run,
                "position": run.position,
                "answers": dict(run.answers),
                "finished": run.finished,
            },
            "extra": dict(self.extra),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> UserState:
        """Rebuild a state saved by :meth:`to_json`; unknown keys from newer versions are ignored."""
        checklist = data.get("checklist")
        return cls(
            language=data.get("language"),
            language_chosen=bool(data.get("language_chosen", False)),
            country=data.get("country"),
            country_chosen=bool(data.get("country_chosen", False)),
            screen=str(data.get("screen", "new")),
            runs=int(data.get("runs", 0)),
            checklist=ChecklistRun(**checklist) if checklist else None,
            extra=dict(data.get("extra") or {}),
        )
