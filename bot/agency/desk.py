"""The agency desk: the I/O around the agency screens, for the conversation service.

* before the core sees a typed text, :meth:`AgencyDesk.lookups` reads what the lists say
  about it (listed scam indicators, licence numbers);
* :meth:`AgencyDesk.claims` / :meth:`handle` run the agency's own steps: ``/reports`` and its
  buttons (reviewers and admins), ``/audit`` (admins), and the licence lookup (everyone);
* :meth:`perform` carries out the core's effects: keep a reported ad, start a follow-up
  watch, and delete watches on ``/forget_me``.

Every reviewer decision is audited with the reviewer's role and an actor key, never an id.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import replace as copy
from datetime import UTC, date, datetime
from typing import Any

from bot.agency import screens
from bot.agency.audit import audit_lines, role_name
from bot.agency.db import database_of
from bot.agency.followup_store import FollowupStore
from bot.agency.indicators import DEFAULT_REGION, Indicator, find_indicators, shown_phone
from bot.agency.licence_store import LicenceStore
from bot.agency.licences import closest_names, licence_candidates
from bot.agency.lookup import Lookups
from bot.agency.records import KnownIndicator
from bot.agency.store import AgencyStore
from bot.agency.warnings import warn_watchers
from bot.content.model import Content, Language
from bot.core.conversation import guess_language
from bot.core.events import Command, Incoming, Press, Text
from bot.core.replies import Outcome, Reply
from bot.core.screens import menu
from bot.core.state import UserState
from bot.privacy import IdentityKeys
from bot.store.base import Store
from bot.store.broadcasts import AuditEntry

LICENCE_SCREEN = "await_licence"
AUDIT_LINES = 20


class AgencyDesk:
    """Review queue, scam lists, licence lookup and follow-ups, over :class:`AgencyStore`."""

    def __init__(
        self,
        store: Store,
        keys: IdentityKeys,
        *,
        queued: Callable[[], None] = lambda: None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._keys = keys
        db = database_of(store)
        self.shelf = AgencyStore(db)
        self.oeps = LicenceStore(db)
        self.watches = FollowupStore(db, keys)
        self._queued = queued
        self._clock = clock

    def _today(self) -> date:
        return datetime.fromtimestamp(self._clock(), UTC).date()

    async def lookups(self, text: str, region: str = DEFAULT_REGION) -> Lookups:
        """What the lists say about ``text`` (nothing is written)."""
        known = await self.shelf.known(find_indicators(text, region), text)
        candidates = licence_candidates(text)
        if not candidates:
            return Lookups(known=tuple(known))
        found = await self.oeps.licences([n for n, _ in candidates])
        on_list = {entry.licence_no for entry in found}
        unlisted = tuple(n for n, explicit in candidates if explicit and n not in on_list)
        listed = await self.oeps.licence_list() if found or unlisted else None
        return Lookups(tuple(known), tuple(found), unlisted, listed)

    def claims(self, incoming: Incoming, state: UserState | None) -> bool:
        """Whether this event is an agency step (review steps only for reviewers)."""
        event, roles = incoming.event, incoming.roles
        if isinstance(event, Command):
            name = event.name.lower()
            return (name == "reports" and "reviewer" in roles) or (
                name == "audit" and "admin" in roles
            )
        if isinstance(event, Press):
            return event.data.startswith(screens.PREFIX + ":")
        if isinstance(event, Text):
            return state is not None and state.screen == LICENCE_SCREEN
        return False

    async def handle(
        self, user_id: int, state: UserState | None, incoming: Incoming, content: Content
    ) -> Outcome:
        """One agency step; call only when :meth:`claims` said yes."""
        if state is None or state.language not in content.languages:
            language = guess_language(content, incoming.language_hint)
            state = (
                UserState(language=language) if state is None else copy(state, language=language)
            )
        # The licence list is the Bureau of Emigration's (OEP numbers like 2814/LHR): its
        # advice on an unlisted licence is the Pakistan pack's, whatever the asker's home.
        lang = content.for_country(screens.LICENCE_LIST_COUNTRY).language(state.language)
        event = incoming.event
        if isinstance(event, Command):
            if event.name.lower() == "audit":
                await self._audit(user_id, incoming.roles, "/audit", {})
                return Outcome(replies=(await self._audit_view(lang),), state=state)
            await self._audit(user_id, incoming.roles, "/reports", {})
            return Outcome(replies=(await self._next(lang, content, 0),), state=state)
        if isinstance(event, Text):
            return await self._licence_text(state, event.text, lang)
        assert isinstance(event, Press)
        parts = event.data.split(":")[1:]
        if parts[:1] == ["lic"]:
            return await self._licence_press(state, parts[1:], lang)
        if parts[:1] == ["rv"] and "reviewer" in incoming.roles and len(parts) == 3:
            verb, ad_id = parts[1], parts[2]
            if verb in {"c", "n", "s"} and ad_id.isdigit():
                return await self._review(
                    user_id, incoming.roles, state, lang, content, verb, int(ad_id)
                )
        t = lang.translate
        return Outcome(
            replies=(menu(lang, prefix=t("That button is from an older message.")),),
            state=state,
            toast=t("That button is no longer active."),
        )

    # -- licences -------------------------------------------------------------------------

    def _in_checklist(self, state: UserState) -> bool:
        run = state.checklist
        return (
            run is not None and not run.finished and bool(state.extra.get("licence_from_checklist"))
        )

    async def _licence_press(self, state: UserState, args: list[str], lang: Language) -> Outcome:
        if not args:
            from_checklist = state.screen == "checklist"
            extra = {**state.extra, "licence_from_checklist": from_checklist}
            new_state = copy(state, screen=LICENCE_SCREEN, extra=extra)
            return Outcome(replies=(screens.licence_prompt(lang, replace=True),), state=new_state)
        found = await self.oeps.licences([args[0]])
        listed = await self.oeps.licence_list()
        unlisted = () if found else (args[0],)
        text = screens.licence_lines(lang, found, unlisted, listed)
        answer = screens.licence_reply(
            lang, text, in_checklist=self._in_checklist(state), replace=True
        )
        return Outcome(replies=(answer,), state=state)

    async def _licence_text(self, state: UserState, text: str, lang: Language) -> Outcome:
        in_checklist = self._in_checklist(state)
        after = copy(state, screen="checklist" if in_checklist else "menu")
        numbers = [n for n, _ in licence_candidates(text)]
        listed = await self.oeps.licence_list()
        if numbers:
            found = await self.oeps.licences(numbers)
            on_list = {entry.licence_no for entry in found}
            body = screens.licence_lines(
                lang, found, [n for n in numbers if n not in on_list], listed
            )
            return Outcome(
                replies=(screens.licence_reply(lang, body, in_checklist=in_checklist),), state=after
            )
        matches = closest_names(text, await self.oeps.all_licences()) if listed else []
        return Outcome(
            replies=(screens.name_matches(lang, matches, listed, in_checklist=in_checklist),),
            state=after,
        )

    # -- the review queue -----------------------------------------------------------------

    async def _next(self, lang: Language, content: Content, after: int) -> Reply:
        ad = await self.shelf.next_pending(after)
        if ad is None:
            return screens.queue_empty(lang)
        flags = [
            lang.text("flags", f, "found") for f in ad.flags if f in content.checklist.flag_weights
        ]
        return screens.review_item(lang, ad, await self.shelf.pending_count(), flags)

    async def _review(
        self,
        user_id: int,
        roles: frozenset[str],
        state: UserState,
        lang: Language,
        content: Content,
        verb: str,
        ad_id: int,
    ) -> Outcome:
        t = lang.translate
        if verb == "s":
            nxt = await self._next(lang, content, ad_id)
            return Outcome(replies=(copy(nxt, replace=True),), state=state, toast=t("Skipped"))
        status = "confirmed" if verb == "c" else "rejected"
        ad = await self.shelf.decide(ad_id, status, self._today())
        if ad is None:
            done = screens.decided(lang, ad_id, "already", 0, 0)
            return Outcome(replies=(done, await self._next(lang, content, ad_id)), state=state)
        listed = warned = 0
        if status == "confirmed":
            listed, warned = await self._confirm(ad.indicators, content)
        await self._audit(
            user_id, roles, f"report_{status}", {"ad": ad_id, "listed": listed, "warned": warned}
        )
        done = screens.decided(lang, ad_id, status, listed, warned)
        toast = t("Confirmed") if status == "confirmed" else t("Marked as not a scam")
        return Outcome(
            replies=(done, await self._next(lang, content, ad_id)), state=state, toast=toast
        )

    async def _confirm(self, indicators: Iterable[Indicator], content: Content) -> tuple[int, int]:
        """List a confirmed ad's contacts and queue the follow-ups; (listed, warned)."""
        items = list(indicators)
        today = self._today()
        agency = content.language(content.default_language).text("agency", "name")
        entries = [
            KnownIndicator(
                i.kind,
                i.value,
                shown_phone(i.value) if i.kind == "phone" else i.value,
                agency,
                today.isoformat(),
            )
            for i in items
        ]
        listed = await self.shelf.list_indicators(entries)
        queued, warned = await warn_watchers(self.watches, content, items, self._clock())
        if queued is not None:
            self._queued()
        return listed, warned

    # -- audit ----------------------------------------------------------------------------

    async def _audit(
        self, user_id: int, roles: frozenset[str], action: str, detail: dict[str, Any]
    ) -> None:
        at = datetime.now(UTC).isoformat(timespec="seconds")
        entry = AuditEntry(
            at, self._keys.actor_key(user_id), action, {"role": role_name(roles), **detail}
        )
        await self._store.audit(entry)

    async def _audit_view(self, lang: Language) -> Reply:
        return screens.audit_list(lang, audit_lines(await self._store.read_audit(AUDIT_LINES)))

    # -- effects of the core --------------------------------------------------------------

    async def perform(self, chat_id: int, effects: Iterable[tuple[str, ...]]) -> None:
        """Keep a reported ad, start a watch, or forget the watches of ``chat_id``."""
        for effect in effects:
            name = effect[0]
            if name == "report_ad":
                _, text, language, flags = effect
                found = find_indicators(text)
                await self.shelf.report_ad(
                    text, language, flags.split(",") if flags else [], found, self._today()
                )
            elif name == "follow":
                _, text, language = effect
                await self.watches.watch(chat_id, language, find_indicators(text), self._today())
            elif name == "forget":
                await self.watches.forget_watches(chat_id)
