"""The conversation: one pure step from (state, event, content) to (replies, new state).

Every adapter calls :func:`advance`; a feature is written here once. No I/O happens here:
the caller loads the state before and stores the returned state after.
"""

from __future__ import annotations

from dataclasses import replace as copy

from bot.agency.indicators import find_indicators
from bot.content.model import Content, Language
from bot.core import (
    answers,
    callbacks,
    detours,
    helpdesk_flow,
    home_country,
    listening,
    screens,
    sharing,
    subscriptions,
    typed,
)
from bot.core.checklist_fit import fit_state
from bot.core.checklist_path import asked, next_position, previous_position, relevant_answers
from bot.core.events import Command, Event, Incoming, Picture, Press, Text, Unsupported
from bot.core.replies import Button, LogRecord, Outcome, Reply
from bot.core.scoring import assess_answers
from bot.core.state import ChecklistRun, UserState

USER_COMMANDS = (
    "start",
    "check",
    "language",
    "country",
    "subscribe",
    "unsubscribe",
    "help",
    "privacy",
    "forget_me",
)


def guess_language(content: Content, hint: str | None) -> str:
    """A first guess from Telegram's ``language_code`` (``ur``, ``ps``, ``en-GB``, ``tl``...):
    our code itself, else what ``languages.yaml`` says its primary subtag means."""
    if hint is not None and hint in content.languages:
        return hint
    base = (hint or "").replace("_", "-").split("-")[0].lower()
    if base in content.language_hints:
        return content.language_hints[base]
    return base if base in content.languages else content.default_language


def advance(state: UserState | None, incoming: Incoming, content: Content) -> Outcome:
    """Handle one event of a private chat and return what to answer and what to remember."""
    if state is None:
        language = guess_language(content, incoming.language_hint)
        country = home_country.guess_country(content, incoming.language_hint, language)
        state = UserState(language=language, country=country)
    if state.language not in content.languages:
        state = copy(state, language=content.default_language)
    # The home country's view: its pack's facts, help places and texts (the general without).
    content = content.for_country(state.country)
    state = fit_state(state, content.checklist)  # questions may have changed since
    lang = content.language(state.language)
    event = incoming.event
    if "ad_raw" in state.extra and not _keeps_ad(event):
        # The ad as written waits only for the presses on its own verdict.
        state = copy(state, extra={k: v for k, v in state.extra.items() if k != "ad_raw"})
    if isinstance(event, Command) and event.name.lower() == "reload" and "editor" in incoming.roles:
        # Reading files is I/O: the service reloads and answers the editor with the result.
        return Outcome(replies=(), state=state, effects=(("reload",),))
    relayed = helpdesk_flow.in_conversation(state, event, lang)
    if relayed is not None:
        return relayed
    if isinstance(event, Press) and callbacks.parse(event.data).kind == "share_picture":
        card = sharing.picture(state, content, lang, incoming.bot_username)
        return _outcome(state, card)
    if isinstance(event, Press) and callbacks.parse(event.data).kind == "bpic":
        bot = incoming.bot_username
        return _outcome(state, sharing.broadcast_picture(state, event.shared, content, lang, bot))
    outcome = helpdesk_flow.leaving(state, event, _dispatch(state, event, lang, content))
    return outcome if incoming.helpdesk else _without_talk(outcome)


def _without_talk(outcome: Outcome) -> Outcome:
    """No helpdesk configured: no *Talk to a person* button anywhere."""
    talk = callbacks.encode("talk")
    replies = tuple(
        copy(r, buttons=tuple(row for row in r.buttons if all(b.data != talk for b in row)))
        for r in outcome.replies
    )
    return copy(outcome, replies=replies)


def _dispatch(state: UserState, event: Event, lang: Language, content: Content) -> Outcome:
    if isinstance(event, Command):
        return _command(state, event, lang, content)
    if isinstance(event, Press):
        return _press(state, callbacks.parse(event.data), lang, content)
    if isinstance(event, Text):
        return typed.text(state, event, lang, content)
    if isinstance(event, Picture):
        return typed.picture(state, event, lang, content)
    return _unsupported(state, event, lang, content)


def _keeps_ad(event: object) -> bool:
    """*Report this ad* and *Warn me* need the ad as written; nothing else does."""
    return isinstance(event, Press) and callbacks.parse(event.data).kind in {
        "report_ad",
        "follow",
        "sources",  # reading the sources first must not lose the ad
    }


def _outcome(state: UserState, *replies: Reply, toast: str | None = None) -> Outcome:
    return Outcome(replies=tuple(replies), state=state, toast=toast)


def _command(state: UserState, event: Command, lang: Language, content: Content) -> Outcome:
    t = lang.translate
    name = event.name.lower()
    if name == "start":
        if state.screen == "new":
            welcome = lang.text("pages", "welcome")
            return _outcome(
                copy(state, screen="language"), screens.language_picker(content, lang, welcome)
            )
        if state.country == home_country.OTHER:  # no pack: say so, give the general guidance
            prefix = home_country.no_pack_notice(lang)
            return _outcome(copy(state, screen="menu"), screens.menu(lang, prefix=prefix))
        return _outcome(copy(state, screen="menu"), screens.menu(lang))
    if name == "check":
        return _start_or_resume(state, lang, content, replace=False)
    if name == "language":
        return _outcome(copy(state, screen="language"), _language_picker(content, lang))
    if name == "country":
        return _outcome(
            copy(state, screen="country"), home_country.picker(content, lang, replace=False)
        )
    if name == "help":
        return _outcome(
            copy(state, screen="menu"),
            screens.reply(lang, lang.text("pages", "help"), screens.menu_buttons(lang)),
        )
    if name == "privacy":
        return _outcome(
            state, screens.reply(lang, lang.text("pages", "privacy"), (screens.menu_row(lang),))
        )
    if name == "forget_me":
        return _forget_prompt(state, lang, replace=False)
    if name in subscriptions.COMMANDS:
        return subscriptions.command(state, name, lang, content)
    unknown = t("I don't know that command. Here is what I can do:")
    return _outcome(state, screens.menu(lang, prefix=unknown))


def _language_picker(content: Content, lang: Language, *, replace: bool = False) -> Reply:
    """The language choice, with the way to the home country (a separate choice)."""
    shown = screens.language_picker(
        content, lang, lang.translate("Choose your language:"), replace=replace
    )
    row = (Button(lang.translate("Home country"), callbacks.encode("country")),)
    return copy(shown, buttons=(*shown.buttons, row))


def _forget_prompt(state: UserState, lang: Language, *, replace: bool) -> Outcome:
    t = lang.translate
    buttons = (
        (Button(t("Yes, delete everything"), callbacks.encode("forget_yes")),),
        (Button(t("No, keep it"), callbacks.encode("forget_no")),),
    )
    text = lang.text("pages", "forget_confirm")
    return _outcome(
        copy(state, screen="confirm_forget"), screens.reply(lang, text, buttons, replace=replace)
    )


def _start_or_resume(
    state: UserState, lang: Language, content: Content, *, replace: bool
) -> Outcome:
    run = state.checklist
    if run is not None and not run.finished and run.answers:
        t = lang.translate
        buttons = (
            (Button(t("Continue where I was"), callbacks.encode("resume")),),
            (Button(t("Start again"), callbacks.encode("restart")),),
            screens.menu_row(lang),
        )
        text = t(
            "You have a checklist in progress ({done} of {total} answered).",
            done=len(relevant_answers(content.checklist, run.answers)),
            total=len(asked(content.checklist, run.answers)),
        )
        return _outcome(state, screens.reply(lang, text, buttons, replace=replace))
    return _new_run(state, lang, content, replace=replace)


def _new_run(state: UserState, lang: Language, content: Content, *, replace: bool) -> Outcome:
    run = ChecklistRun(run=state.runs + 1)
    new_state = copy(state, screen="checklist", runs=run.run, checklist=run)
    intro = screens.reply(lang, lang.text("pages", "checklist_intro"), replace=replace)
    return _outcome(new_state, intro, screens.question(content, lang, run, replace=False))


def _first_unanswered(content: Content, answers: dict[str, str]) -> int | None:
    """Index of the first question this run asks that has no answer yet, or None."""
    questions = content.checklist.questions
    unanswered = (q.id for q in asked(content.checklist, answers) if q.id not in answers)
    first = next(unanswered, None)
    return None if first is None else [q.id for q in questions].index(first)


def _show_verdict(
    state: UserState, run: ChecklistRun, lang: Language, content: Content, *, replace: bool
) -> Outcome:
    assessment = assess_answers(content.checklist, run.answers)
    last = asked(content.checklist, run.answers)[-1].id
    finished = copy(run, finished=True, position=content.checklist.index_of(last) or 0)
    shown = screens.verdict(content, lang, assessment, replace=replace)
    extra = {**state.extra, sharing.LAST_VERDICT: sharing.remember(assessment)}
    rows = (sharing.share_row(lang), *shown.buttons)
    if listen := listening.verdict_row(content, lang, assessment):
        rows = (listen, *rows)  # first, for whoever cannot read the rest
    return _outcome(
        copy(state, screen="verdict", checklist=finished, extra=extra), copy(shown, buttons=rows)
    )


def _press(state: UserState, action: callbacks.Action, lang: Language, content: Content) -> Outcome:
    t = lang.translate
    kind = action.kind
    if kind == "menu":
        return _outcome(copy(state, screen="menu"), screens.menu(lang, replace=True))
    if kind == "lang":
        code = action.args[0]
        if code not in content.languages:
            return _stale(state, lang)
        chosen = content.language(code)
        picked = copy(state, language=code, language_chosen=True, screen="menu")
        shown = screens.menu(chosen, replace=True)
        if not state.country_chosen:  # the first visit: confirm the guessed home country
            if state.country is None:
                picked = copy(picked, country=home_country.guess_country(content, code))
            shown = home_country.confirm_menu(content, picked, chosen)
        return Outcome(
            replies=(shown,),
            state=picked,
            toast=chosen.name,
            effects=(("language", code),),  # a subscription follows the chosen language
        )
    if kind == "relang":
        if action.args[0] not in content.languages:
            return _stale(state, lang)
        return typed.switch_language(state, action.args[0], content)
    if kind == "language":
        return _outcome(
            copy(state, screen="language"), _language_picker(content, lang, replace=True)
        )
    if kind == "country":
        return _outcome(
            copy(state, screen="country"), home_country.picker(content, lang, replace=True)
        )
    if kind == "ctry":
        outcome = home_country.choose(state, action.args[0], content)
        return outcome if outcome.replies else _stale(state, lang)
    if kind in {"check", "resume"}:
        run = state.checklist
        if kind == "resume" and run is not None and not run.finished:
            return _outcome(
                copy(state, screen="checklist"), screens.question(content, lang, run, replace=True)
            )
        return _start_or_resume(state, lang, content, replace=True)
    if kind == "restart":
        return _new_run(state, lang, content, replace=True)
    if kind == "help":
        places = screens.help_places(content, lang, replace=True)
        with_talk = copy(places, buttons=(helpdesk_flow.talk_row(lang), *places.buttons))
        return _outcome(copy(state, screen="help"), with_talk)
    if kind == "share":  # only where inline mode does not exist: Telegram opens the chat picker
        return _outcome(state, sharing.shared_here(state, content, lang))
    if kind in helpdesk_flow.PRESSES:
        return helpdesk_flow.press(state, kind, lang, content)
    if kind == "place":
        if action.args[0] not in content.help_places:
            return _stale(state, lang)
        return _outcome(state, screens.help_place(content, lang, action.args[0], replace=True))
    if kind == "guide":
        guide = content.guide(action.args[0])
        if guide is None:
            return _stale(state, lang)
        return _outcome(state, screens.guide_page(content, lang, guide, replace=True))
    if kind == "sources":  # a new message under the verdict, from the content as it is now
        if action.args[0] not in content.help_places:
            return _stale(state, lang)
        return _outcome(state, screens.sources(content, lang, action.args[0]))
    if kind == "privacy":
        return _outcome(
            state,
            screens.reply(
                lang, lang.text("pages", "privacy"), (screens.menu_row(lang),), replace=True
            ),
        )
    if kind == "forget":
        return _forget_prompt(state, lang, replace=True)
    if kind == "forget_yes":
        if state.screen != "confirm_forget":
            return _stale(state, lang)
        done = screens.reply(
            lang, lang.text("pages", "forgotten"), (screens.menu_row(lang),), replace=True
        )
        return Outcome(replies=(done,), state=None, effects=(("forget",),))
    if kind == "forget_no":
        return _outcome(
            copy(state, screen="menu"),
            screens.menu(lang, replace=True, prefix=t("Nothing was deleted.")),
        )
    if kind in listening.PRESSES:
        heard = listening.press(state, action, lang, content)
        return heard if heard is not None else _stale(state, lang)
    if kind in {"a", "why", "back"}:
        return _checklist_press(state, action, lang, content)
    if kind in {"ask", "ad", "topics", "faq", "helpful", "report_ad", "follow"}:
        return _answers_press(state, action, lang, content)
    if kind in subscriptions.PRESSES:
        return subscriptions.press(state, action, lang, content)
    return _stale(state, lang)


def _answers_press(
    state: UserState, action: callbacks.Action, lang: Language, content: Content
) -> Outcome:
    t = lang.translate
    kind = action.kind
    if kind == "ask":
        text = t("Type your question in your own words, in any language. Or choose a topic:")
        return _outcome(
            copy(state, screen="ask"), answers.topics_list(content, lang, text, replace=True)
        )
    if kind == "ad":
        prompt = t("Paste the job ad here, or forward it to me. I will look for the warning signs.")
        return _outcome(
            copy(state, screen="await_ad"),
            screens.reply(lang, prompt, (screens.menu_row(lang),), replace=True),
        )
    if kind == "topics":
        return _outcome(
            state, answers.topics_list(content, lang, t("Choose a topic:"), replace=True)
        )
    if kind == "faq":
        if content.faq_topic(action.args[0]) is None:
            return _stale(state, lang)
        return _outcome(
            copy(state, screen="faq"),
            detours.topic_answer(content, lang, action.args[0], (), replace=True),
        )
    if kind == "helpful":
        topic, vote = action.args
        if content.faq_topic(topic) is None or vote not in {"0", "1"}:
            return _stale(state, lang)
        record = LogRecord("feedback", lang.code, topic=topic, helpful=vote == "1")
        memo = state.extra.get(detours.ANSWERED)
        named = memo.get("destinations", ()) if isinstance(memo, dict) else ()
        same = isinstance(memo, dict) and memo.get("topic") == topic
        places = tuple(str(p) for p in named) if same else ()
        answer = detours.topic_answer(
            content, lang, topic, places, replace=True, with_feedback=False
        )
        return Outcome(replies=(answer,), state=state, toast=t("Thank you!"), log=(record,))
    ad_text = state.extra.get("ad_text")
    raw = state.extra.get("ad_raw")
    if kind == "follow":
        if not isinstance(raw, str) or not find_indicators(raw):
            return _stale(state, lang)
        done = t(
            "I will warn you if a number or link from this ad is confirmed as a scam, for the next 90 days. /forget_me deletes this."
        )
        return Outcome(
            replies=(screens.reply(lang, done, (screens.menu_row(lang),)),),
            state=state,
            toast=t("I will warn you"),
            effects=(("follow", raw, lang.code),),
        )
    if not isinstance(ad_text, str):
        return _stale(state, lang)
    flags = tuple(str(f) for f in state.extra.get("ad_flags", []))
    record = LogRecord("report", lang.code, flags=flags, text=ad_text)
    kept = {k: v for k, v in state.extra.items() if k not in {"ad_text", "ad_flags", "ad_raw"}}
    thanks = t(
        "Thank you. The ad was saved without your name or number, for the agencies' reports."
    )
    # The ad as written goes to the agencies' queue, apart from the log and from the reporter.
    effects = (("report_ad", raw, lang.code, ",".join(flags)),) if isinstance(raw, str) else ()
    return Outcome(
        replies=(screens.menu(lang, prefix=thanks),),
        state=copy(state, screen="menu", extra=kept),
        toast=t("Reported"),
        log=(record,),
        effects=effects,
    )


def _stale(state: UserState, lang: Language) -> Outcome:
    t = lang.translate
    return _outcome(
        state,
        screens.menu(lang, prefix=t("That button is from an older message.")),
        toast=t("That button is no longer active."),
    )


def _checklist_press(
    state: UserState, action: callbacks.Action, lang: Language, content: Content
) -> Outcome:
    t = lang.translate
    run = state.checklist
    questions = content.checklist.questions
    if run is None or action.run != run.run:
        buttons = (
            (Button(t("Check a job offer"), callbacks.encode("check")),),
            screens.menu_row(lang),
        )
        text = t("That button belongs to a checklist you already finished or restarted.")
        return _outcome(
            state, screens.reply(lang, text, buttons), toast=t("That button is no longer active.")
        )
    if action.kind == "back":
        if run.finished:
            run = copy(run, finished=False)
        back_to = previous_position(content.checklist, run.answers, run.position)
        moved = copy(run, position=back_to)
        return _outcome(
            copy(state, screen="checklist", checklist=moved),
            screens.question(content, lang, moved, replace=True),
        )
    qid = action.args[0]
    index = content.checklist.index_of(qid)
    if index is None:
        return _stale(state, lang)
    if action.kind == "why":
        if index != run.position or run.finished:
            shown = copy(run, position=index)
            return _outcome(
                state, screens.question(content, lang, shown, replace=True, with_why=True)
            )
        return _outcome(state, screens.question(content, lang, run, replace=True, with_why=True))
    answer = questions[index].answer(action.args[1])
    if answer is None:
        return _stale(state, lang)
    answers = {**run.answers, qid: answer.id}
    if run.finished:
        updated = copy(run, answers=answers)
        missing = _first_unanswered(content, answers)
        if missing is not None:  # the change made a question count that was skipped before
            updated = copy(updated, finished=False, position=missing)
            return _outcome(
                copy(state, checklist=updated, screen="checklist"),
                screens.question(content, lang, updated, replace=False),
                toast=t("Answer changed"),
            )
        outcome = _show_verdict(state, updated, lang, content, replace=False)
        return copy(outcome, toast=t("Answer changed"))
    if index != run.position:
        updated = copy(run, answers=answers)
        return _outcome(
            copy(state, checklist=updated, screen="checklist"),
            screens.question(content, lang, updated, replace=False),
            toast=t("Answer changed"),
        )
    following = next_position(content.checklist, answers, run.position)
    if following is None:
        return _show_verdict(state, copy(run, answers=answers), lang, content, replace=True)
    moved = copy(run, answers=answers, position=following)
    return _outcome(
        copy(state, screen="checklist", checklist=moved),
        screens.question(content, lang, moved, replace=True),
    )


def _unsupported(state: UserState, event: Unsupported, lang: Language, content: Content) -> Outcome:
    t = lang.translate
    if event.kind in {"voice", "audio", "video", "video_note"}:
        notice = t(
            "I can't listen to voice notes or watch videos. Please type your message, or use the buttons."
        )
    else:
        notice = t("I can only read text. Please type your message, or use the buttons.")
    run = state.checklist
    if state.screen == "checklist" and run is not None and not run.finished:
        # In the middle of the checklist the place is kept: the question comes back with its
        # buttons (and *🔊 Listen* where it is recorded), so nobody has to start again.
        question = screens.question(content, lang, run, replace=False)
        return _outcome(state, screens.reply(lang, notice), question)
    if event.kind in {"voice", "audio"} and listening.has_questions(content, lang):
        # Who sends a voice note may not read well: the checklist can be listened to.
        hint = t(
            "To hear the questions read aloud, press “{check}”, then “{listen}”.",
            check=t("Check a job offer"),
            listen=t("🔊 Listen"),
        )
        notice = f"{notice}\n\n{hint}"
    return _outcome(state, screens.menu(lang, prefix=notice))


def group_reply(content: Content, incoming: Incoming) -> Outcome | None:
    """In a group, answer only commands, pointing to a private chat; never keep state there."""
    if not isinstance(incoming.event, Command) or incoming.event.name.lower() not in USER_COMMANDS:
        return None
    lang = content.language(guess_language(content, incoming.language_hint))
    text = lang.translate(
        "I work in private chats, so nobody else sees what you ask. Please open a private chat with me and send /start."
    )
    return Outcome(replies=(screens.reply(lang, text),), state=None)
