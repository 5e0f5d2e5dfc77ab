"""The content as the core sees it: validated, immutable, no file or framework types.

Structure (ids, order, weights, rules) is defined once; each language only supplies text
keyed by those ids, so a translation can never change the scoring.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from bot.content.helpdesk_hours import OpeningHours


@dataclass(frozen=True)
class Answer:
    """One answer button and what choosing it says about the offer."""

    id: str
    flags: tuple[str, ...] = ()
    unsure: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """A checklist question; ``answers`` are shown in this order.

    ``skip_if`` lists conditions, each a mapping from an earlier question's id to answer ids:
    the question is not asked when, for any one condition, every named question was given
    one of its answers (a Gulf job makes "which Thai city?" moot).
    """

    id: str
    answers: tuple[Answer, ...]
    skip_if: tuple[Mapping[str, frozenset[str]], ...] = ()

    def answer(self, answer_id: str) -> Answer | None:
        """The answer with this id, or None (for a stale or forged button)."""
        return next((a for a in self.answers if a.id == answer_id), None)


@dataclass(frozen=True)
class Rule:
    """A decisive combination: when every item of ``when`` is present, at least ``level``.

    With ``any_of``, at least one of those must be present too (a bait job in a hub plus
    any second sign).
    """

    id: str
    when: frozenset[str]
    level: str
    any_of: frozenset[str] = frozenset()

    def fires(self, present: frozenset[str] | set[str]) -> bool:
        """Whether the flags and signals in ``present`` make this rule decide."""
        return self.when <= present and (not self.any_of or not self.any_of.isdisjoint(present))


@dataclass(frozen=True)
class Note:
    """A caution shown with a verdict when its signal is present, or at a given level."""

    id: str
    when: str | None = None
    level: str | None = None


@dataclass(frozen=True)
class Checklist:
    """The verification checklist's structure and scoring."""

    levels: tuple[str, ...]
    thresholds: Mapping[str, float]
    flag_weights: Mapping[str, float]
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...]
    notes: tuple[Note, ...]
    icons: Mapping[str, str] = field(default_factory=dict)
    doubts_cap: str | None = None

    def question(self, question_id: str) -> Question | None:
        """The question with this id, or None."""
        return next((q for q in self.questions if q.id == question_id), None)

    def index_of(self, question_id: str) -> int | None:
        """Position of a question, or None."""
        return next((i for i, q in enumerate(self.questions) if q.id == question_id), None)


@dataclass(frozen=True)
class Fact:
    """A number, address or fee people act on, with where it comes from."""

    id: str
    value: str
    kind: str
    source: str
    confidence: str
    checked: date
    person_confirmed: bool = False

    @property
    def confirmed(self) -> bool:
        """Low-confidence facts are always shown marked as not confirmed."""
        return self.confidence != "L"


@dataclass(frozen=True)
class FaqTopic:
    """An FAQ topic (``content/faq.yaml``): the facts its answer inserts, related topics, sources.

    Its words (``title`` = button label, ``answer``) are per language, in each
    :class:`Language`'s texts under ``faq.<topic id>``.
    """

    id: str
    facts: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    sources: str = ""


@dataclass(frozen=True)
class Alert:
    """A warning volunteers prepared (``content/alerts/<id>.yaml``) for agencies to send.

    ``titles`` and ``texts`` map a language code to its words, HTML-safe with facts filled
    in; a language that lacks them gets the default language's. ``issued`` is the date the
    warning was written (subscribers see it: a scam warning ages); ``review_by`` the date by
    which someone checks it is still true (``content check`` warns after it).
    """

    id: str
    titles: Mapping[str, str]
    texts: Mapping[str, str]
    issued: date | None = None
    review_by: date | None = None

    def title(self, code: str, default: str) -> str:
        """The title in ``code``, else in ``default``."""
        return self.titles.get(code) or self.titles[default]

    def text(self, code: str, default: str) -> str:
        """The text in ``code``, else in ``default``."""
        return self.texts.get(code) or self.texts[default]


class Translator(Protocol):
    """UI strings of one language (gettext); ``{named}`` placeholders filled from kwargs."""

    def __call__(self, message: str, /, **values: Any) -> str: ...


@dataclass(frozen=True)
class Language:
    """One language: its code, its own name, direction, content texts and UI strings."""

    code: str
    name: str
    direction: str
    texts: Mapping[str, Any]
    translate: Translator

    def text(self, *path: str | int) -> Any:
        """The text at ``path`` (already HTML-safe, facts filled in); KeyError if missing."""
        node: Any = self.texts
        for part in path:
            node = node[part]
        return node


@dataclass(frozen=True)
class Recording:
    """One playable, up-to-date recording: where it is and what identifies its bytes.

    ``file`` is relative to the content folder; ``digest`` changes with the bytes, so a
    Telegram ``file_id`` uploaded for an older version is never reused. ``stamp`` is the hash
    of the text it speaks (``recorded_from.yaml``): a country's view offers it only where that
    view shows the same text (bot.content.audio.playable).
    """

    language: str
    key: str
    file: str
    digest: str
    duration: int
    stamp: str = ""


@dataclass(frozen=True)
class Recordings:
    """The recordings the bot may offer, by language and text key."""

    by_language: Mapping[str, Mapping[str, Recording]] = field(default_factory=dict)

    def get(self, language: str, key: str) -> Recording | None:
        """The recording of ``key`` in ``language``, or None."""
        return self.by_language.get(language, {}).get(key)


@dataclass(frozen=True)
class GuideSource:
    """Where a claim of a guide page comes from: shown under it with the date it was read.

    Nobody confirmed these first-hand, so a guide never calls them "checked"; an L source is
    refused by ``content check`` (a weak claim is not published)."""

    source: str
    confidence: str
    read: date


@dataclass(frozen=True)
class Guide:
    """A guide page of a country pack (``guides:`` in ``content/countries/<CC>.yaml``).

    Its words are per language in the pack's texts under ``guides.<id>`` (``title`` is the
    button, ``body`` the page). ``facts`` are listed with their sources at its end, ``sources``
    back its other claims. It is offered under the FAQ answers of ``faq``, under verdicts that
    found one of ``flags``, and on *I need help now* when ``help`` is set.
    """

    id: str
    facts: tuple[str, ...] = ()
    sources: tuple[GuideSource, ...] = ()
    faq: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    help: bool = False


@dataclass(frozen=True)
class CountryPack:
    """A home country's pack (``content/countries/<CC>.yaml``), rendered.

    ``texts`` maps every language the bot speaks to the pack's texts in it (a language the
    pack does not list gets the pack's English); ``languages`` are the ones the pack lists.
    """

    code: str
    names: Mapping[str, str]
    languages: tuple[str, ...]
    facts: Mapping[str, Fact]
    help_places: Mapping[str, tuple[str, ...]]
    texts: Mapping[str, Mapping[str, Any]]
    guides: tuple[Guide, ...] = ()

    def name(self, code: str, default: str = "en") -> str:
        """The country's name in ``code``, else in ``default``."""
        return self.names.get(code) or self.names.get(default) or self.code


@dataclass(frozen=True)
class Content:
    """Everything the conversation needs, loaded and checked as one unit.

    Hot reload swaps a whole Content: a conversation never sees half old, half new files.
    """

    checklist: Checklist
    facts: Mapping[str, Fact]
    help_places: Mapping[str, tuple[str, ...]]
    languages: Mapping[str, Language]
    default_language: str = "en"
    extra: Mapping[str, Any] = field(default_factory=dict)
    faq: tuple[FaqTopic, ...] = ()
    alerts: tuple[Alert, ...] = ()
    topic_examples: TopicExamples = field(default_factory=lambda: TopicExamples())
    helpdesk_hours: OpeningHours | None = None  # content/helpdesk.yaml; None: no such file
    # Volunteers' voice recordings of the checklist (content/audio/), up to date only.
    recordings: Recordings = field(default_factory=lambda: Recordings())
    countries: Mapping[str, CountryPack] = field(default_factory=dict, compare=False, repr=False)
    # One view per pack, and the general content under "": views refer to each other.
    country_views: Mapping[str, Content] = field(default_factory=dict, compare=False, repr=False)
    home_country: str | None = None  # set on a country's view (bot.content.country_packs)
    # Telegram's language codes (primary subtag, lower case) that name a language of ours:
    # content/understanding/languages.yaml ``hints`` (``tl`` is Filipino, ``in`` Indonesian).
    language_hints: Mapping[str, str] = field(default_factory=dict)
    guides: tuple[Guide, ...] = ()  # the home country's guide pages (set on a country's view)

    def for_country(self, code: str | None) -> Content:
        """The content as a user from ``code`` sees it; the general content without a pack.

        The general content answers for itself (not through its views), so a copy made with
        ``dataclasses.replace`` is not swapped back for the original it was copied from.
        """
        if code and code in self.country_views:
            return self.country_views[code]
        return self if self.home_country is None else self.country_views.get("", self)

    def language(self, code: str | None) -> Language:
        """The language ``code``, or the default when it is unknown."""
        return self.languages.get(code or "", self.languages[self.default_language])

    def guide(self, guide_id: str | None) -> Guide | None:
        """The home country's guide page with this id, or None (for a stale button)."""
        return next((g for g in self.guides if g.id == guide_id), None)

    def faq_topic(self, topic_id: str | None) -> FaqTopic | None:
        """The FAQ topic with this id, or None (for a stale button)."""
        return next((topic for topic in self.faq if topic.id == topic_id), None)

    def alert(self, alert_id: str) -> Alert | None:
        """The alert template with this id, or None (for a stale button)."""
        return next((a for a in self.alerts if a.id == alert_id), None)


@dataclass(frozen=True)
class TopicExamples:
    """Example questions for the FAQ topic matcher, as volunteers wrote them in content.

    ``items`` holds ``(language, topic, text)``; ``topic`` is None for texts about none of
    the topics (greetings, thanks, other subjects), from which the matcher learns to stay
    quiet. Hashable, so a matcher can keep one trained model per version of the examples;
    the hash is worked out once, since the matcher looks its model up for every text (a
    thousand examples take a third of a millisecond to hash).
    """

    items: tuple[tuple[str, str | None, str], ...] = ()
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash(self.items))

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> tuple[type[TopicExamples], tuple[object, ...]]:
        # Rebuilt from the items: a string's hash differs from one process to the next.
        return (TopicExamples, (self.items,))

    def of_topic(self, topic: str | None) -> tuple[str, ...]:
        """The example texts of one topic (None: the texts about no topic)."""
        return tuple(text for _, of, text in self.items if of == topic)
