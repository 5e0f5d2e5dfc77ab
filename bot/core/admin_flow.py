"""The agency's side of the conversation: ``/broadcast``, ``/broadcast_cancel``, ``/stats``.

Pure, like :func:`bot.core.conversation.advance`: the conversation service hands an admin's
event here (``claims`` decides which), together with an :class:`AdminView` read from the
store, and performs the returned effects:

* ``("broadcast_create", <draft JSON>)`` — queue the broadcast, answer with its number;
* ``("broadcast_cancel", <id>)`` — stop it, answer with what was and was not sent;
* ``("stats",)`` — answer with the statistics picture.

For anyone not in ``ADMIN_IDS`` nothing here runs: their ``/broadcast`` is an unknown
command like any other, and an admin button pressed by them is stale.
"""

from __future__ import annotations

import json
from dataclasses import replace as copy

from bot.content.model import Content, Language
from bot.core import admin_screens as view_of
from bot.core.admin_draft import (
    DRAFT_KEY,
    SPREAD_CHOICES,
    START_CHOICES,
    AdminView,
    Draft,
    next_choice,
)
from bot.core.broadcast_text import alert_bodies, body_from_typed_text, body_problems
from bot.core.callbacks import small_number
from bot.core.countries import country
from bot.core.events import Command, Incoming, Press, Text
from bot.core.replies import Outcome, Reply
from bot.core.state import UserState

COMMANDS = frozenset({"broadcast", "broadcast_cancel", "stats"})
PREFIX = view_of.PREFIX
WRITING = "admin_write"
AUDIENCE_SCREENS = {
    "lang": view_of.pick_language,
    "cty": view_of.pick_country,
    "home": view_of.pick_home,
}
"""The audience buttons that open a second screen of choices."""


def claims(incoming: Incoming, state: UserState | None) -> bool:
    """Whether this event belongs to the admin flow (never for non-admins)."""
    if "admin" not in incoming.roles:
        return False
    event = incoming.event
    if isinstance(event, Command):
        return event.name.lower() in COMMANDS
    if isinstance(event, Press):
        return event.data.startswith(PREFIX + ":")
    if isinstance(event, Text):
        return state is not None and state.screen == WRITING
    return False


def step(
    state: UserState, incoming: Incoming, lang: Language, content: Content, view: AdminView
) -> Outcome:
    """One admin step; call only when :func:`claims` said yes."""
    event = incoming.event
    if isinstance(event, Command):
        return _command(state, event, lang, content, view)
    if isinstance(event, Text):
        return _typed(state, event.text, lang, content, view)
    assert isinstance(event, Press)
    verb, *args = event.data.split(":")[1:] or [""]
    if verb == "stop" and args and small_number(args[0]) is not None:
        return _done(state, (), effects=(("broadcast_cancel", args[0]),))
    draft = Draft.from_json(state.extra.get(DRAFT_KEY))
    if draft is None:
        return _done(state, (view_of.no_draft(lang),))
    return _press(state, draft, verb, args, lang, content, view)


def _command(
    state: UserState, event: Command, lang: Language, content: Content, view: AdminView
) -> Outcome:
    name = event.name.lower()
    if name == "stats":
        return _done(state, (), effects=(("stats",),))
    if name == "broadcast_cancel":
        target = event.args.strip().lstrip("#")
        if small_number(target) is not None:
            return _done(state, (), effects=(("broadcast_cancel", target),))
        return _done(state, (view_of.running(lang, view),))
    return _save(state, Draft(), "admin_pick", view_of.pick(lang, content, view))


def _typed(
    state: UserState, text: str, lang: Language, content: Content, view: AdminView
) -> Outcome:
    draft = Draft.from_json(state.extra.get(DRAFT_KEY))
    if draft is None or draft.writing is None or draft.writing not in content.languages:
        return _done(copy(state, screen="menu"), (view_of.no_draft(lang),))
    body = body_from_typed_text(text)
    problems = body_problems(body)
    if problems:
        return _done(state, (view_of.text_refused(lang, problems),))
    written = draft.writing
    draft.bodies[written] = body
    draft.writing = None
    return _save(state, draft, "admin_written", view_of.written(lang, content, written))


def _press(
    state: UserState,
    draft: Draft,
    verb: str,
    args: list[str],
    lang: Language,
    content: Content,
    view: AdminView,
) -> Outcome:
    arg = args[0] if args else ""
    if verb == "quit":
        rest = {k: v for k, v in state.extra.items() if k != DRAFT_KEY}
        return _done(copy(state, screen="menu", extra=rest), (view_of.dropped(lang),))
    if verb == "tpl":
        alert = content.alert(arg)
        if alert is None:
            return _done(state, (view_of.no_draft(lang),))
        draft = Draft(alert=alert.id, bodies=alert_bodies(content, alert))
        return _save(state, draft, "admin_audience", view_of.audience(lang, view))
    if verb == "write":
        return _save(state, draft, "admin_language", view_of.write_language(lang, content))
    if verb == "wl" and arg in content.languages:
        draft.writing = arg
        return _save(state, draft, WRITING, view_of.write_prompt(lang, content, arg))
    if verb == "next" and draft.bodies:
        return _save(state, draft, "admin_audience", view_of.audience(lang, view))
    if verb == "aud" and arg in AUDIENCE_SCREENS:
        screen = AUDIENCE_SCREENS[arg]
        return _save(state, draft, "admin_audience", screen(lang, content, view))
    if verb == "aud" and arg == "all":
        draft.audience = {}
        return _preview(state, draft, lang, content, view)
    if verb == "al" and arg in content.languages:
        draft.audience = {"language": arg}
        return _preview(state, draft, lang, content, view)
    if verb == "ac" and country(arg) is not None:
        draft.audience = {"country": arg}
        return _preview(state, draft, lang, content, view)
    if verb == "ah" and arg in content.countries:
        draft.audience = {"home_country": arg}
        return _preview(state, draft, lang, content, view)
    if draft.audience is None or not draft.bodies:
        return _done(state, (view_of.no_draft(lang),))
    if verb == "when":
        draft.start = next_choice(START_CHOICES, draft.start)
    elif verb == "spread":
        draft.spread = next_choice(SPREAD_CHOICES, draft.spread)
    elif verb == "quiet":
        draft.quiet = not draft.quiet
    elif verb == "send":
        if view.count(draft.audience) == 0:
            return _save(state, draft, "admin_preview", view_of.summary(lang, content, draft, view))
        rest = {k: v for k, v in state.extra.items() if k != DRAFT_KEY}
        effect = ("broadcast_create", json.dumps(draft.to_json(), ensure_ascii=False))
        return _done(copy(state, screen="menu", extra=rest), (), effects=(effect,))
    else:
        return _done(state, (view_of.no_draft(lang),))
    return _save(state, draft, "admin_preview", view_of.summary(lang, content, draft, view))


def _preview(
    state: UserState, draft: Draft, lang: Language, content: Content, view: AdminView
) -> Outcome:
    """The warning exactly as each language's recipients get it, then the summary."""
    audience = draft.audience or {}
    replies = view_of.exact_messages(content, draft, view.by_language(audience))
    summary = copy(view_of.summary(lang, content, draft, view), replace=False)
    intro = view_of.preview_intro(lang, bool(replies))
    return _save(state, draft, "admin_preview", intro, *replies, summary)


def _save(state: UserState, draft: Draft, screen: str, *replies: Reply) -> Outcome:
    extra = {**state.extra, DRAFT_KEY: draft.to_json()}
    return Outcome(replies=tuple(replies), state=copy(state, screen=screen, extra=extra))


def _done(
    state: UserState, replies: tuple[Reply, ...], *, effects: tuple[tuple[str, ...], ...] = ()
) -> Outcome:
    return Outcome(replies=replies, state=state, effects=effects)
