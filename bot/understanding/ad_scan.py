"""What the red-flag scan of one text found: the flags with the words that raised them.

Plain results, shared by the scanner (``redflags.AdScanner``), the core (answers, detours)
and the ``analyze`` contract, so none of them needs the scanner to read a result.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.understanding.money import Money


@dataclass(frozen=True)
class FlagHit:
    """A red flag and the words of the ad that raised it.

    ``evidence`` is an exact substring of the ad (``span`` is where), or None when the flag
    is raised by what the ad lacks (no employer named anywhere).
    """

    flag_id: str
    evidence: str | None
    span: tuple[int, int] | None
    topic: str | None = None  # the FAQ topic that explains this flag (redflags.yaml ``faq``)

    @property
    def reported(self) -> bool:
        """Raised by words that tell of this offer (an amount, or words like "contract after
        arrival"), not by one word naming a subject ("fees?"): what a question may be warned of."""
        return bool(
            self.evidence
            and (len(self.evidence.split()) > 1 or any(map(str.isdigit, self.evidence)))
        )


@dataclass(frozen=True)
class AdScan:
    """What the scan found; ``flags`` follow the order of redflags.yaml (the checklist's)."""

    flags: tuple[FlagHit, ...]
    signals: frozenset[str]
    salary: Money | None
    salary_usd_per_month: float | None
    places: tuple[str, ...]
    job_kind: str | None
    looks_like_ad: bool

    @property
    def flag_ids(self) -> tuple[str, ...]:
        """The ids of the flags found, for ``assess_flags``."""
        return tuple(hit.flag_id for hit in self.flags)

    def evidence(self, flag_id: str) -> str | None:
        """The words that raised ``flag_id`` (None when absent or raised by an absence)."""
        return next((h.evidence for h in self.flags if h.flag_id == flag_id), None)
