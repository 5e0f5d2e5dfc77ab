"""Answering what people type or send as a picture: questions, ads, cries for help.

The analysis pipeline has already read the text (language, topic, red flags); here it is
answered as what it is, wherever the user is: in the middle of the checklist too, with the
way back to the question (:mod:`bot.core.detours`). Pure, like the rest of the core.
"""

from __future__ import annotations

from dataclasses import replace as copy

from bot.agency import screens as agency_screens
from bot.agency.indicators import find_indicators
from bot.agency.lookup import Lookups
from bot.content.model import Content, Language
from bot.core import answers, detours, home_country, screens, sharing
from bot.core.events import Picture, Text
from bot.core.replies import Button, LogRecord, Outcome, Reply
from bot.core.scoring import assess_flags
from bot.core.state import ChecklistRun, UserState
from bot.understanding.pipeline import Analysis


def _outcome(state: UserState, *replies: Reply) -> Outcome:
    return Outcome(replies=tuple(replies), state=state)


def text(state: UserState, event: Text, lang: Language, content: Content) -> Outcome:
    t = lang.translate
    run = state.checklist
    in_checklist = state.screen == "checklist" and run is not None and not run.finished
    analysis = event.analysis
    if analysis is None:
        if in_checklist and run is not None:
            return _answer_with_buttons(state, run, lang, content)
        return _outcome(state, screens.menu(lang, prefix=t("Please use the buttons.")))
    state, lang, switch = _follow_language(
        state, analysis.language, analysis.detection.confident, content
    )
    content = content.for_country(state.country)  # the home country may have been guessed
    # In the middle of the checklist an ad, a question or a cry for help is answered as
    # such, with the way back to the question; anything else is an answer typed by mistake.
    back = (detours.back_to_question(lang, run),) if in_checklist and run is not None else ()
    memo: dict[str, object] = {
        "in_checklist": in_checklist,
        "destinations": list(event.destinations),
    }
    wants_scan = (
        (state.screen == "await_ad" and not in_checklist)
        or analysis.is_ad
        or (event.forwarded and bool(analysis.scan.flags))
    )
    lookups = event.lookups or Lookups()
    if wants_scan or lookups.known:
        return _scan_ad(
            state,
            event.text,
            analysis,
            lookups,
            lang,
            content,
            (*switch, *back),
            memo,
            keep_screen=in_checklist,
        )
    if lookups.asks_licence:
        record = LogRecord("question", lang.code, topic="verify_recruiter", text=analysis.scrubbed)
        text = agency_screens.licence_lines(
            _register(content, lang), lookups.licences, lookups.unlisted, lookups.listed
        )
        answer = agency_screens.licence_reply(lang, text, in_checklist=False)
        screen = state.screen if in_checklist else "menu"
        return Outcome(replies=(answer,), state=copy(state, screen=screen), log=(record,))
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
        answer = detours.topic_answer(
            content, lang, topic, event.destinations, replace=False, extra=(*switch, *back)
        )
        memo.update(kind="faq", topic=topic)
        screen = state.screen if in_checklist else "faq"
        replies = (answer,) if warning is None else (answer, warning)
        return Outcome(replies=replies, state=_remember(state, memo, screen=screen), log=(record,))
    if in_checklist and run is not None:
        return _answer_with_buttons(state, run, lang, content)
    guesses = [g for g in (match.topic, match.runner_up) if g] if match is not None else []
    record = LogRecord("unanswered", lang.code, text=analysis.scrubbed)
    reply = answers.not_understood(content, lang, guesses, extra=switch)
    memo.update(kind="unsure", guesses=guesses)
    return Outcome(replies=(reply,), state=_remember(state, memo, screen="menu"), log=(record,))


def _answer_with_buttons(
    state: UserState, run: ChecklistRun, lang: Language, content: Content
) -> Outcome:
    notice = screens.reply(
        lang, lang.translate("Please answer with the buttons under the question.")
    )
    return _outcome(state, notice, screens.question(content, lang, run, replace=False))


def _remember(state: UserState, memo: dict[str, object], *, screen: str) -> UserState:
    """The state after answering a typed message, with what *Switch to* needs to answer again."""
    return copy(state, screen=screen, extra={**state.extra, detours.ANSWERED: memo})


def switch_language(state: UserState, code: str, content: Content) -> Outcome:
    """*Switch to <language>*: keep that language and answer the same message again in it."""
    chosen = content.language(code)
    new_state = copy(state, language=code, language_chosen=True)
    again = detours.answer_again(new_state, content, chosen)
    if again is None:
        new_state = copy(new_state, screen="menu")
        again = screens.menu(chosen, replace=True)
    return Outcome(
        replies=(again,), state=new_state, toast=chosen.name, effects=(("language", code),)
    )


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
        if state.country is None and not state.country_chosen:
            # No home country yet (no hint to guess it from): the written language gives the
            # first guess, so an Urdu question about fees gets Pakistan's answer, not none.
            state = copy(state, country=home_country.guess_country(content, written))
            content = content.for_country(state.country)
        return state, content.language(written), ()
    return state, content.language(state.language), (detours.switch_row(content.language(written)),)


def _scan_ad(
    state: UserState,
    raw: str,
    analysis: Analysis,
    lookups: Lookups,
    lang: Language,
    content: Content,
    extra: tuple[tuple[Button, ...], ...],
    memo: dict[str, object],
    *,
    keep_screen: bool,
) -> Outcome:
    """The ad's verdict; Danger, headed by the reports, when it holds a listed indicator.

    The ad as written (``ad_raw``) waits in the state for *Report this ad* or *Warn me*: a
    report keeps the recruiter's contacts for the agencies, the log only the scrubbed text.
    """
    scan = analysis.scan
    assessment = assess_flags(content.checklist, scan.flag_ids, signals=scan.signals)
    if lookups.known:
        assessment = copy(assessment, level=content.checklist.levels[-1])
    record = LogRecord("scan", lang.code, flags=scan.flag_ids, text=analysis.scrubbed)
    kept = {
        "ad_text": analysis.scrubbed,
        "ad_flags": list(scan.flag_ids),
        "ad_raw": raw,
        detours.ANSWERED: {**memo, **detours.remembered_scan(analysis)},
        sharing.LAST_VERDICT: sharing.remember(assessment),
    }
    screen = state.screen if keep_screen else "ad_verdict"
    new_state = copy(state, screen=screen, extra={**state.extra, **kept})
    reply = answers.ad_verdict(
        content,
        lang,
        scan,
        assessment,
        extra=(*extra, sharing.share_row(lang)),
        follow=bool(find_indicators(raw)),
        warning=agency_screens.reported_lines(lang, lookups.known),
    )
    replies = [reply]
    if lookups.asks_licence:
        text = agency_screens.licence_lines(
            _register(content, lang), lookups.licences, lookups.unlisted, lookups.listed
        )
        replies.append(agency_screens.licence_reply(lang, text, in_checklist=False))
    return Outcome(replies=tuple(replies), state=new_state, log=(record,))


def picture(state: UserState, event: Picture, lang: Language, content: Content) -> Outcome:
    """A picture is scanned like a pasted ad; when its words cannot be read, ask for them."""
    t = lang.translate
    run = state.checklist
    in_checklist = state.screen == "checklist" and run is not None and not run.finished
    back = (detours.back_to_question(lang, run),) if in_checklist and run is not None else ()
    analysis = event.analysis
    if not event.text or analysis is None:
        text = t(
            "I could not read the words in this picture clearly. Please type or paste the text of the ad, and I will check it."
        )
        screen = state.screen if in_checklist else "await_ad"
        return _outcome(
            copy(state, screen=screen), screens.reply(lang, text, (*back, screens.menu_row(lang)))
        )
    memo: dict[str, object] = {
        "in_checklist": in_checklist,
        "destinations": list(event.destinations),
    }
    lookups = event.lookups or Lookups()
    outcome = _scan_ad(
        state, event.text, analysis, lookups, lang, content, back, memo, keep_screen=in_checklist
    )
    verdict, *more = outcome.replies
    intro = t("I read the words in your picture. This is what I found:")
    shown = copy(verdict, text=f"<i>{intro}</i>\n\n{verdict.text}")
    return copy(outcome, replies=(shown, *more))


def _register(content: Content, lang: Language) -> Language:
    """``lang`` as the licence register's country says it (its advice on unlisted agents)."""
    return content.for_country(agency_screens.LICENCE_LIST_COUNTRY).language(lang.code)
