"""The conversation: one pure step from (state, event, content) to (replies, new state).

Every adapter calls :func:`advance`; a feature is written here once. No I/O happens here:
the caller loads the state before and stores the returned state after.
"""

from __future__ import annotations

from dataclasses import replace as copy

from bot.content.model import Content, Language
from bot.core import answers, callbacks, screens, subscriptions
from bot.core.checklist_fit import fit_state
from bot.core.events import Command, Incoming, Press, Text, Unsupported
from bot.core.replies import Button, LogRecord, Outcome, Reply
from bot.core.scoring import assess_answers, assess_flags
from bot.core.state import ChecklistRun, UserState
from bot.understanding.pipeline import Analysis

USER_COMMANDS = (
    "start",
    "check",
    "language",
    "subscribe",
    "unsubscribe",
    "help",
    "privacy",
    "forget_me",
)


def guess_language(content: Content, hint: str | None) -> str:
    """A first guess from Telegram's ``language_code`` (``ur``, ``ps``, ``en-GB``...)."""
    if hint in content.languages:
        return hint
    base = (hint or "").split("-")[0].lower()
    return base if base in content.languages else content.default_language


def advance(state: UserState | None, incoming: Incoming, content: Content) -> Outcome:
    """Handle one event of a private chat and return what to answer and what to remember."""
    if state is None:
        state = UserState(language=guess_language(content, incoming.language_hint))
    if state.language not in content.languages:
        state = copy(state, language=content.default_language)
    state = fit_state(state, content.checklist)  # questions may have changed since
    lang = content.language(state.language)
    event = incoming.event
    if isinstance(event, Command) and event.name.lower() == "reload" and "editor" in incoming.roles:
        # Reading files is I/O: the service reloads and answers the editor with the result.
        return Outcome(replies=(), state=state, effects=(("reload",),))
    if isinstance(event, Command):
        return _command(state, event, lang, content)
    if isinstance(event, Press):
        return _press(state, callbacks.parse(event.data), lang, content)
    if isinstance(event, Text):
        return _text(state, event, lang, content)
    return _unsupported(state, event, lang, content)


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
        return _outcome(copy(state, screen="menu"), screens.menu(lang))
    if name == "check":
        return _start_or_resume(state, lang, content, replace=False)
    if name == "language":
        return _outcome(
            copy(state, screen="language"),
            screens.language_picker(content, lang, t("Choose your language:")),
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
        )
        text = t(
            "You have a checklist in progress ({done} of {total} answered).",
            done=len(run.answers),
            total=len(content.checklist.questions),
        )
        return _outcome(state, screens.reply(lang, text, buttons, replace=replace))
    return _new_run(state, lang, content, replace=replace)


def _new_run(state: UserState, lang: Language, content: Content, *, replace: bool) -> Outcome:
    run = ChecklistRun(run=state.runs + 1)
    new_state = copy(state, screen="checklist", runs=run.run, checklist=run)
    intro = screens.reply(lang, lang.text("pages", "checklist_intro"), replace=replace)
    return _outcome(new_state, intro, screens.question(content, lang, run, replace=False))


def _show_verdict(
    state: UserState, run: ChecklistRun, lang: Language, content: Content, *, replace: bool
) -> Outcome:
    assessment = assess_answers(content.checklist, run.answers)
    finished = copy(run, finished=True, position=len(content.checklist.questions) - 1)
    return _outcome(
        copy(state, screen="verdict", checklist=finished),
        screens.verdict(content, lang, assessment, replace=replace),
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
        return Outcome(
            replies=(screens.menu(chosen, replace=True),),
            state=copy(state, language=code, language_chosen=True, screen="menu"),
            toast=chosen.name,
            effects=(("language", code),),  # a subscription follows the chosen language
        )
    if kind == "language":
        return _outcome(
            copy(state, screen="language"),
            screens.language_picker(content, lang, t("Choose your language:"), replace=True),
        )
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
        return _outcome(
            copy(state, screen="help"), screens.help_places(content, lang, replace=True)
        )
    if kind == "place":
        if action.args[0] not in content.help_places:
            return _stale(state, lang)
        return _outcome(state, screens.help_place(content, lang, action.args[0], replace=True))
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
        done = screens.reply(lang, lang.text("pages", "forgotten"), replace=True)
        return Outcome(replies=(done,), state=None, effects=(("forget",),))
    if kind == "forget_no":
        return _outcome(
            copy(state, screen="menu"),
            screens.menu(lang, replace=True, prefix=t("Nothing was deleted.")),
        )
    if kind in {"a", "why", "back"}:
        return _checklist_press(state, action, lang, content)
    if kind in {"ask", "ad", "topics", "faq", "helpful", "report_ad"}:
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
            answers.faq_answer(content, lang, action.args[0], replace=True),
        )
    if kind == "helpful":
        topic, vote = action.args
        if content.faq_topic(topic) is None or vote not in {"0", "1"}:
            return _stale(state, lang)
        record = LogRecord("feedback", lang.code, topic=topic, helpful=vote == "1")
        answer = answers.faq_answer(content, lang, topic, replace=True, with_feedback=False)
        return Outcome(replies=(answer,), state=state, toast=t("Thank you!"), log=(record,))
    ad_text = state.extra.get("ad_text")
    if not isinstance(ad_text, str):
        return _stale(state, lang)
    flags = tuple(str(f) for f in state.extra.get("ad_flags", []))
    record = LogRecord("report", lang.code, flags=flags, text=ad_text)
    rest = {k: v for k, v in state.extra.items() if k not in {"ad_text", "ad_flags"}}
    thanks = t(
        "Thank you. The ad was saved without your name or number, for the agencies' reports."
    )
    return Outcome(
        replies=(screens.menu(lang, prefix=thanks),),
        state=copy(state, screen="menu", extra=rest),
        toast=t("Reported"),
        log=(record,),
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
        moved = copy(run, position=max(0, run.position - 1))
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
        outcome = _show_verdict(state, updated, lang, content, replace=False)
        return copy(outcome, toast=t("Answer changed"))
    if index != run.position:
        updated = copy(run, answers=answers)
        return _outcome(
            copy(state, checklist=updated, screen="checklist"),
            screens.question(content, lang, updated, replace=False),
            toast=t("Answer changed"),
        )
    next_position = run.position + 1
    if next_position >= len(questions):
        return _show_verdict(state, copy(run, answers=answers), lang, content, replace=True)
    moved = copy(run, answers=answers, position=next_position)
    return _outcome(
        copy(state, screen="checklist", checklist=moved),
        screens.question(content, lang, moved, replace=True),
    )


def _text(state: UserState, event: Text, lang: Language, content: Content) -> Outcome:
    t = lang.translate
    run = state.checklist
    if state.screen == "checklist" and run is not None and not run.finished:
        notice = screens.reply(lang, t("Please answer with the buttons under the question."))
        return _outcome(state, notice, screens.question(content, lang, run, replace=False))
    analysis = event.analysis
    if analysis is None:
        return _outcome(state, screens.menu(lang, prefix=t("Please use the buttons.")))
    state, lang, switch = _follow_language(
        state, analysis.language, analysis.detection.confident, content
    )
    wants_scan = (
        state.screen == "await_ad"
        or analysis.is_ad
        or (event.forwarded and bool(analysis.scan.flags))
    )
    if wants_scan:
        return _scan_ad(state, analysis, lang, content, switch)
    match = analysis.topic
    scan = analysis.scan
    warning = answers.question_warning(
        content, lang, scan, assess_flags(content.checklist, scan.flag_ids, signals=scan.signals)
    )
    topic = match.topic if match is not None and match.confident else None
    if warning is not None and not content.faq_topic(topic):
        topic = answers.warned_topic(scan)  # the red flags say what the question is about
    if topic is not None and content.faq_topic(topic):
        flags = scan.flag_ids if warning is not None else ()
        record = LogRecord("question", lang.code, topic=topic, flags=flags, text=analysis.scrubbed)
        answer = answers.faq_answer(content, lang, topic, replace=False, extra=switch)
        replies = (answer,) if warning is None else (answer, warning)
        return Outcome(replies=replies, state=copy(state, screen="faq"), log=(record,))
    guesses = [g for g in (match.topic, match.runner_up) if g] if match is not None else []
    record = LogRecord("unanswered", lang.code, text=analysis.scrubbed)
    reply = answers.not_understood(content, lang, guesses, extra=switch)
    return Outcome(replies=(reply,), state=copy(state, screen="menu"), log=(record,))


def _follow_language(
    state: UserState, written: str, confident: bool, content: Content
) -> tuple[UserState, Language, tuple[tuple[Button, ...], ...]]:
    """Answer in the language of the text unless the user chose one; then offer a switch.

    An explicit choice always wins and is never changed silently: when someone who chose
    English writes Urdu, the answer stays English with a button to switch.
    """
    if not confident or written not in content.languages or written == state.language:
        return state, content.language(state.language), ()
    if not state.language_chosen:
        state = copy(state, language=written)
        return state, content.language(written), ()
    target = content.language(written)
    label = target.translate("Switch to {language}", language=target.name)
    return (
        state,
        content.language(state.language),
        ((Button(label, callbacks.encode("lang", written)),),),
    )


def _scan_ad(
    state: UserState,
    analysis: Analysis,
    lang: Language,
    content: Content,
    switch: tuple[tuple[Button, ...], ...],
) -> Outcome:
    scan = analysis.scan
    assessment = assess_flags(content.checklist, scan.flag_ids, signals=scan.signals)
    record = LogRecord("scan", lang.code, flags=scan.flag_ids, text=analysis.scrubbed)
    kept = {"ad_text": analysis.scrubbed, "ad_flags": list(scan.flag_ids)}
    new_state = copy(state, screen="ad_verdict", extra={**state.extra, **kept})
    reply = answers.ad_verdict(content, lang, scan, assessment, extra=switch)
    return Outcome(replies=(reply,), state=new_state, log=(record,))


def _unsupported(state: UserState, event: Unsupported, lang: Language, content: Content) -> Outcome:
    t = lang.translate
    if event.kind in {"voice", "audio", "video", "video_note"}:
        notice = t(
            "I can't listen to voice notes or watch videos. Please type your message, or use the buttons."
        )
    else:
        notice = t("I can only read text. Please type your message, or use the buttons.")
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
