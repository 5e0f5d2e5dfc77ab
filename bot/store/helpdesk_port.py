"""Helpdesk cases: the record and the store port the relay needs (its SQL: helpdesk.py).

A case links a forum topic in the helpdesk group to a user without naming them: the user
is a keyed hash (found again when they write), the chat to answer is sealed (opened only to
relay a counsellor's answer). The helpdesk sees the case number alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Case:
    """An open or closed case: its number, forum topic, sealed chat and language."""

    case_no: int
    topic_id: int | None
    chat_sealed: str
    language: str
    closed: bool


class HelpdeskStore(Protocol):
    """What :mod:`bot.helpdesk` keeps."""

    async def open_case(self, user_key: str, chat_sealed: str, language: str) -> int:
        """Start a case (closing any earlier open one of the user); return its number."""
        ...

    async def set_case_topic(self, case_no: int, topic_id: int) -> None:
        """Record the forum topic the case was given."""
        ...

    async def open_case_of(self, user_key: str) -> Case | None:
        """The user's open case, if any."""
        ...

    async def case_in_topic(self, topic_id: int) -> Case | None:
        """The case of a forum topic, open or closed."""
        ...

    async def close_case(self, case_no: int) -> bool:
        """Close a case; False if it was closed already."""
        ...
