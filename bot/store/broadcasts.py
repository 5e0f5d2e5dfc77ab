"""What the store keeps for agency warnings: subscriptions, broadcasts, the outbox, the audit log.

The records here are plain values; :class:`BroadcastStore` is the part of the
:class:`~bot.store.base.Store` the broadcast package needs, so the delivery worker depends on
no more than it uses.

Privacy: a subscription is found by ``chat_key`` (``IdentityKeys.chat_key``, a keyed hash
that is domain-separated from the ``user_key`` of conversation state) and delivered to with
``sealed_chat`` (``IdentityKeys.seal_chat``, authenticated encryption). No column is shared
with the question log or with conversation state, so no join can link them.

An outbox row (one per recipient of a broadcast) moves through::

    pending --claim--> sending --API answered--> sent | blocked | gone | failed
       ^                  |
       +-- retry/release -+          pending --cancel--> cancelled

A claim gives a row a lease. A row still ``sending`` when its lease has run out was in
flight when a worker died: it is claimed again (the only way a recipient can get a
broadcast twice is to have been in flight at a crash).

Fencing (several replicas share one outbox): every claim writes a fresh ``claim_token``
into its rows, and only that claim can complete a row or put it back
(:meth:`BroadcastStore.finish_delivery` and :meth:`~BroadcastStore.retry_delivery` take
the :class:`Delivery` and do nothing once another claim holds the row). A worker keeps the
leases of the rows it holds alive (:meth:`~BroadcastStore.renew_claims`), also while every
send waits out a 429, so no other replica re-claims a row that is only waiting. The admin's
progress message and the final report are sent by the one replica that holds the
broadcast's follower lease (:meth:`~BroadcastStore.follow_broadcasts`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

SUBSCRIPTION_STATUSES = ("active", "blocked", "gone")
BROADCAST_STATUSES = ("queued", "sending", "done", "cancelled")
DELIVERY_STATES = ("pending", "sending", "sent", "blocked", "gone", "failed", "cancelled")
FINAL_STATES = frozenset({"sent", "blocked", "gone", "failed", "cancelled"})
FAILURES = ("unreachable", "refused", "unreadable")
"""Why a row ended ``failed``: Telegram could not be reached until the deadline; Telegram
refused the message; the stored chat id or the text could not be read."""


@dataclass(frozen=True)
class Subscriber:
    """An active subscription as a broadcast plan sees it (no chat id, not even sealed)."""

    chat_key: str
    language: str
    country: str | None = None


@dataclass(frozen=True)
class SubscriberCount:
    """How many subscriptions have this language, country, status and home country."""

    language: str
    country: str | None
    status: str
    count: int
    home_country: str | None = None


@dataclass(frozen=True)
class SubscriberDay:
    """Subscriptions started and ended on one UTC day (totals only, nobody in them)."""

    day: date
    joined: int
    ended: int


@dataclass(frozen=True)
class Audience:
    """Who gets a broadcast: everyone (all None), one language, where they are, or one home
    country (``home_country``, ISO alpha-2; ``country`` is where they are now)."""

    language: str | None = None
    country: str | None = None
    home_country: str | None = None

    def to_json(self) -> dict[str, str]:
        """Only the filters that are set."""
        pairs = (
            ("language", self.language),
            ("country", self.country),
            ("home_country", self.home_country),
        )
        return {k: v for k, v in pairs if v}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Audience:
        """Rebuild an audience saved by :meth:`to_json`."""
        data = data or {}
        return cls(
            language=data.get("language"),
            country=data.get("country"),
            home_country=data.get("home_country"),
        )


@dataclass(frozen=True)
class NewBroadcast:
    """A broadcast to create.

    ``texts`` maps a language code to the exact HTML recipients of that language get.
    ``start_at`` is a Unix time; ``report_chat`` is the sealed chat id of the admin who
    follows its progress (None for the command line), ``report_language`` their language.
    """

    texts: Mapping[str, str]
    audience: Audience
    actor: str
    start_at: float
    spread_seconds: float = 0.0
    quiet_hours: bool = False
    report_chat: str | None = None
    report_language: str = "en"


@dataclass(frozen=True)
class PlannedDelivery:
    """One recipient of a new broadcast: which text (``language``) and not before when."""

    chat_key: str
    language: str
    due_at: float


Planner = Callable[[Sequence[Subscriber]], Sequence[PlannedDelivery]]
"""Turns the matching subscribers into outbox rows (run inside the creating transaction)."""


@dataclass(frozen=True)
class BroadcastInfo:
    """A broadcast with its delivery counts by state."""

    id: int
    status: str
    created_at: str
    actor: str
    texts: Mapping[str, str]
    audience: Audience
    start_at: float
    spread_seconds: float
    quiet_hours: bool
    report_chat: str | None
    report_language: str
    progress_message_id: int | None
    started_at: float | None
    finished_at: float | None
    reported: bool
    counts: Mapping[str, int] = field(default_factory=dict)
    last_due: float | None = None
    failures: Mapping[str, int] = field(default_factory=dict)

    @property
    def created_ts(self) -> float:
        """``created_at`` as a Unix time."""
        return datetime.fromisoformat(self.created_at).timestamp()

    @property
    def total(self) -> int:
        """Recipients planned."""
        return sum(self.counts.values())

    def count(self, state: str) -> int:
        """Rows in ``state``."""
        return int(self.counts.get(state, 0))

    @property
    def remaining(self) -> int:
        """Rows still to send (waiting or in flight)."""
        return self.count("pending") + self.count("sending")

    @property
    def processed(self) -> int:
        """Rows that reached a final state."""
        return self.total - self.remaining


@dataclass(frozen=True)
class Delivery:
    """A claimed outbox row: send ``language``'s text of broadcast ``broadcast_id``.

    ``claim`` is the token of the claim holding it (see "Fencing" above); ``quiet_hours``
    and ``country`` let the worker check quiet hours at send time; ``failing_since`` is when
    Telegram first could not be reached for this row (None: no outage so far).
    """

    broadcast_id: int
    chat_key: str
    sealed_chat: str
    language: str
    attempts: int
    lease_until: float
    claim: str = ""
    quiet_hours: bool = False
    country: str | None = None
    failing_since: float | None = None

    @property
    def row(self) -> tuple[int, str]:
        """The outbox row's primary key."""
        return (self.broadcast_id, self.chat_key)


@dataclass(frozen=True)
class AuditEntry:
    """One admin action: when (UTC, ISO seconds), who (an actor key or ``cli``), what."""

    at: str
    actor: str
    action: str
    detail: Mapping[str, Any] = field(default_factory=dict)


class BroadcastStore(Protocol):
    """Subscriptions, broadcasts, their outbox and the audit log; see the module docstring."""

    async def subscribe(
        self,
        chat_key: str,
        sealed_chat: str,
        language: str,
        country: str | None = None,
        *,
        today: date | None = None,
    ) -> bool:
        """Make the chat an active subscriber in ``language`` (a blocked one too: they asked
        again). ``country`` None keeps a known one. True when it was not active before."""
        ...

    async def set_subscription_country(self, chat_key: str, country: str | None) -> bool:
        """Set the country of an existing subscription; False when there is none."""
        ...

    async def set_subscription_home_country(self, chat_key: str, home: str | None) -> bool:
        """Set the home country (ISO alpha-2) of an existing subscription; False when none."""
        ...

    async def set_subscription_language(self, chat_key: str, language: str) -> bool:
        """Set the language of an existing subscription; False when there is none."""
        ...

    async def subscription_status(self, chat_key: str) -> str | None:
        """``active``, ``blocked``, ``gone``, or None when the chat never subscribed."""
        ...

    async def unsubscribe(self, chat_key: str, *, today: date | None = None) -> bool:
        """Delete the subscription and cancel its pending deliveries; True if one existed."""
        ...

    async def mark_unreachable(
        self, chat_key: str, status: str, *, today: date | None = None
    ) -> bool:
        """Mark a subscriber ``blocked`` or ``gone`` and cancel their pending deliveries.

        They are skipped from then on, until they subscribe again. True if it was active.
        """
        ...

    async def forget_chat(self, chat_key: str, *, today: date | None = None) -> None:
        """Delete the subscription and every outbox row of the chat (``/forget_me``)."""
        ...

    async def subscriber_counts(self) -> list[SubscriberCount]:
        """Subscriptions grouped by language, country, home country and status."""
        ...

    async def subscriber_history(self) -> list[SubscriberDay]:
        """Daily totals of subscriptions started and ended, oldest first."""
        ...

    async def create_broadcast(self, new: NewBroadcast, plan: Planner) -> int:
        """Create a broadcast and one pending outbox row per planned recipient, atomically.

        ``plan`` receives the active subscribers matching ``new.audience``, ordered by
        ``chat_key``, inside the transaction. Returns the broadcast's id.
        """
        ...

    async def broadcast(self, broadcast_id: int) -> BroadcastInfo | None:
        """One broadcast with its counts, or None."""
        ...

    async def broadcasts(
        self, statuses: Sequence[str], *, unreported: bool = False
    ) -> list[BroadcastInfo]:
        """Broadcasts in any of ``statuses``, oldest first, with counts; ``unreported``: only
        those with an admin to report to whose final report is not delivered yet."""
        ...

    async def cancel_broadcast(self, broadcast_id: int, *, now: float) -> BroadcastInfo | None:
        """Stop a queued or sending broadcast: its pending rows become ``cancelled``.

        Rows already in flight finish normally. Returns the broadcast afterwards (None if
        unknown); a finished broadcast is returned unchanged.
        """
        ...

    async def set_progress_message(self, broadcast_id: int, message_id: int) -> None:
        """Remember the admin's progress message, so a restarted worker edits the same one."""
        ...

    async def complete_broadcasts(self, *, now: float) -> list[int]:
        """Mark ``done`` every queued or sending broadcast with nothing left to send."""
        ...

    async def mark_reported(self, broadcast_id: int, follower: str | None = None) -> bool:
        """The final report of a finished broadcast was delivered (by ``follower``, who must
        still hold the broadcast when given). True if this call marked it."""
        ...

    async def follow_broadcasts(self, follower: str, *, now: float, lease: float) -> list[int]:
        """Take or keep the follower lease of every broadcast still to follow (queued,
        sending, or finished with its report not yet delivered) that nobody else holds;
        returns the ids ``follower`` holds until ``now + lease``."""
        ...

    async def claim_deliveries(self, *, now: float, limit: int, lease: float) -> list[Delivery]:
        """Claim up to ``limit`` rows that are due, in due order: pending rows and rows whose
        lease ran out. Each becomes ``sending`` with a lease until ``now + lease``; their
        broadcasts become ``sending``."""
        ...

    async def finish_delivery(
        self, delivery: Delivery, state: str, *, failure: str | None = None
    ) -> bool:
        """Record the API's answer for a claimed row (a final state; ``failure`` says why a
        ``failed`` one failed) and forget its chat id. False, changing nothing, when the
        claim no longer holds the row."""
        ...

    async def retry_delivery(
        self,
        delivery: Delivery,
        *,
        due_at: float,
        count_attempt: bool = True,
        failing_since: float | None = None,
    ) -> bool:
        """Put a claimed row back to ``pending`` until ``due_at`` (one more attempt counted;
        ``failing_since`` recorded for an outage). False when the claim no longer holds it."""
        ...

    async def renew_claims(
        self, deliveries: Sequence[Delivery], until: float
    ) -> set[tuple[int, str]]:
        """Extend the leases of rows these claims still hold to ``until``; returns their
        rows (:attr:`Delivery.row`). A row missing from the answer was lost to another claim."""
        ...

    async def next_due(self) -> float | None:
        """When the next row becomes claimable (pending due time or lease end), or None."""
        ...

    async def audit(self, entry: AuditEntry) -> None:
        """Append an admin action to the audit log."""
        ...

    async def read_audit(self, limit: int = 100) -> list[AuditEntry]:
        """The latest audit entries, newest first."""
        ...


BROADCAST_COLUMNS = (
    "id, status, created_at, actor, texts, audience, start_at, spread_seconds, quiet_hours, "
    "report_chat, report_language, progress_message_id, started_at, finished_at, reported"
)
"""The columns :func:`broadcast_from_row` reads, in its order; shared by both backends."""


def broadcast_from_row(
    row: Sequence[Any],
    counts: Mapping[str, int],
    last_due: float | None,
    decode: Callable[[Any], Any],
    failures: Mapping[str, int] | None = None,
) -> BroadcastInfo:
    """A row of :data:`BROADCAST_COLUMNS` as a BroadcastInfo; ``decode`` reads a JSON column."""
    (
        broadcast_id,
        status,
        created_at,
        actor,
        texts,
        audience,
        start_at,
        spread_seconds,
        quiet_hours,
        report_chat,
        report_language,
        progress_message_id,
        started_at,
        finished_at,
        reported,
    ) = row
    return BroadcastInfo(
        id=int(broadcast_id),
        status=str(status),
        created_at=str(created_at),
        actor=str(actor),
        texts=dict(decode(texts)),
        audience=Audience.from_json(decode(audience)),
        start_at=float(start_at),
        spread_seconds=float(spread_seconds),
        quiet_hours=bool(quiet_hours),
        report_chat=report_chat,
        report_language=str(report_language),
        progress_message_id=None if progress_message_id is None else int(progress_message_id),
        started_at=None if started_at is None else float(started_at),
        finished_at=None if finished_at is None else float(finished_at),
        reported=bool(reported),
        counts=dict(counts),
        last_due=last_due,
        failures=dict(failures or {}),
    )


def check_chat_key(chat_key: str) -> str:
    """Refuse what is plainly a raw chat id instead of ``IdentityKeys.chat_key``."""
    if not isinstance(chat_key, str) or not chat_key:
        raise TypeError("chat_key must be a non-empty str from IdentityKeys.chat_key")
    if chat_key.removeprefix("-").isdigit():
        raise ValueError("chat_key looks like a raw chat id: use IdentityKeys.chat_key")
    return chat_key


def claimed_delivery(row: Sequence[Any], lease_until: float, claim: str) -> Delivery:
    """A claimed row (broadcast_id, chat_key, sealed_chat, language, attempts, failing_since,
    quiet_hours, country) as a Delivery; shared by both backends."""
    broadcast_id, chat_key, sealed, language, attempts, failing_since, quiet, country = row[:8]
    return Delivery(
        int(broadcast_id),
        str(chat_key),
        str(sealed),
        str(language),
        int(attempts),
        lease_until,
        claim=claim,
        quiet_hours=bool(quiet),
        country=country,
        failing_since=None if failing_since is None else float(failing_since),
    )


def count_states(
    rows: Sequence[Sequence[Any]],
) -> tuple[dict[str, int], dict[str, int]]:
    """(state, failure, count) rows as counts by state and counts of failed rows by failure."""
    counts: dict[str, int] = {}
    failures: dict[str, int] = {}
    for state, failure, number in rows:
        counts[str(state)] = counts.get(str(state), 0) + int(number)
        if state == "failed" and failure:
            failures[str(failure)] = failures.get(str(failure), 0) + int(number)
    return counts, failures
