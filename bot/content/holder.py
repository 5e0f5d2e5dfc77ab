"""The content currently served: one object every update reads, replaced whole on reload."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.content.model import Content
from bot.errors import ContentError, Problem

if TYPE_CHECKING:
    from bot.understanding.pipeline import Understanding


class ContentHolder:
    """The content currently served; hot reload replaces it whole.

    A conversation step reads :meth:`current` once, so it never sees half old, half new
    files. The reading pipeline built from ``content/understanding/`` is held beside the
    content and replaced with it, so an edited phrase is read from the next message on. ``version`` counts replacements (1 for the first content), so a page or a log can
    tell that new content is being served. A holder may start empty (the web preview starts
    even when the files are broken); :meth:`current` then raises the problems.
    """

    def __init__(
        self, content: Content | None = None, understanding: Understanding | None = None
    ) -> None:
        self._content = content
        self._understanding = understanding
        self._problems: list[Problem] = []
        self.version = 0 if content is None else 1

    @property
    def loaded(self) -> bool:
        """Whether there is any content to serve yet."""
        return self._content is not None

    def current(self) -> Content:
        """The content to use for the next update; ContentError while there is none."""
        if self._content is None:
            raise ContentError(self._problems or [Problem("content", None, "no content loaded")])
        return self._content

    def understanding(self) -> Understanding:
        """The reading pipeline to use for the next message; ContentError while there is none."""
        if self._understanding is None:
            raise ContentError(
                self._problems or [Problem("content/understanding", None, "not loaded")]
            )
        return self._understanding

    def replace(self, content: Content, understanding: Understanding | None = None) -> None:
        """Serve ``content`` (and ``understanding``, when given) from the next update on."""
        self._content = content
        if understanding is not None:
            self._understanding = understanding
        self.version += 1

    def refuse(self, problems: list[Problem]) -> None:
        """Remember why new content was refused (shown while nothing was ever loaded)."""
        self._problems = list(problems)
