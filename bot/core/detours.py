"""No dead ends: what someone types in the middle of a flow, and answering again in another language.

A person in the middle of the checklist who pastes an ad, asks a question or writes that a
relative is trapped must get that answered, not "please use the buttons"; a *Back to
question n* button returns them to where they were. *Switch to <language>* answers the same
message again in that language, from what was remembered about the answer (the topic, the
flags and the quoted words that survived scrubbing), never from the text itself.
"""

from __future__ import annotations

from dataclasses import replace as copy
from typing import Any

from bot.content.model import Content, Language
from bot.core import answers, callbacks, screens, sharing
from bot.core.replies import Button, Reply
from bot.core.scoring import assess_flags
from bot.core.state import ChecklistRun, UserState
from bot.understanding.ad_scan import AdScan, FlagHit
from bot.understanding.pipeline import Analysis

Rows = tuple[tuple[Button, ...], ...]
HELP_ABROAD = "help_abroad"
ANSWERED = "answered"  # key in UserState.extra: how the last typed message was answered


def back_to_question(lang: Language, run: ChecklistRun) -> tuple[Button, ...]:
    """The button that returns to the checklist question on screen before the detour."""
    label = lang.translate("Back to question {number}", number=run.position + 1)
    return (Button(label, callbacks.encode("resume")),)


def help_now_row(lang: Language) -> tuple[Button, ...]:
    """*I need help now*, under anything about someone in danger."""
    return (Button(lang.translate("I need help now"), callbacks.encode("help")),)


def switch_row(target: Language) -> tuple[Button, ...]:
    """*Switch to <language>*, labelled in that language; answers the same message again."""
    label = target.translate("Switch to {language}", language=target.name)
    return (Button(label, callbacks.encode("relang", target.code)),)


def help_abroad_answer(
    content: Content,
    lang: Language,
    destinations: tuple[str, ...],
    *,
    replace: bool,
    extra: Rows = (),
    with_feedback: bool = True,
) -> Reply:
    """ "Help for someone trapped": the FAQ answer, the destination's sourced contacts, help now.

    ``destinations`` are the countries the message named; each one with contacts in
    ``content/facts.yaml`` (the help places) gets its block, as on the *I need help now* screen.
    """
    base = answers.faq_answer(
        content, lang, HELP_ABROAD, replace=replace, extra=extra, with_feedback=with_feedback
    )
    blocks = [
        f"{screens.heading(lang.text('help', 'places', place))}\n"
        f"{screens.place_help(content, lang, place)}"
        for place in destinations
        if place in content.help_places
    ]
    text = "\n\n".join((base.text, *blocks))
    talk = (Button(lang.translate("Talk to a person"), callbacks.encode("talk")),)
    return copy(base, text=text, buttons=(help_now_row(lang), talk, *base.buttons))


def topic_answer(
    content: Content,
    lang: Language,
    topic: str,
    destinations: tuple[str, ...],
    *,
    replace: bool,
    extra: Rows = (),
    with_feedback: bool = True,
) -> Reply:
    """An FAQ answer; the one about someone trapped also carries the destination's contacts."""
    if topic == HELP_ABROAD:
        return help_abroad_answer(
            content, lang, destinations, replace=replace, extra=extra, with_feedback=with_feedback
        )
    return answers.faq_answer(
        content, lang, topic, replace=replace, extra=extra, with_feedback=with_feedback
    )


def remembered_scan(analysis: Analysis) -> dict[str, Any]:
    """What re-rendering an ad's verdict needs; a quote is kept only if scrubbing left it intact."""
    scan = analysis.scan
    hits = [
        [hit.flag_id, hit.evidence if hit.evidence and hit.evidence in analysis.scrubbed else None]
        for hit in scan.flags
    ]
    return {"kind": "scan", "hits": hits, "signals": sorted(scan.signals)}


def scan_reply(content: Content, lang: Language, memo: dict[str, Any], extra: Rows = ()) -> Reply:
    """An ad's verdict rebuilt from :func:`remembered_scan`."""
    hits = tuple(
        FlagHit(str(f), ev if isinstance(ev, str) else None, None) for f, ev in memo["hits"]
    )
    scan = AdScan(
        flags=hits,
        signals=frozenset(str(s) for s in memo.get("signals", ())),
        salary=None,
        salary_usd_per_month=None,
        places=(),
        job_kind=None,
        looks_like_ad=True,
    )
    assessment = assess_flags(content.checklist, scan.flag_ids, signals=scan.signals)
    return answers.ad_verdict(
        content, lang, scan, assessment, extra=(*extra, sharing.share_row(lang))
    )


def answer_again(state: UserState, content: Content, lang: Language) -> Reply | None:
    """The last typed message's answer, rendered in ``lang``; None when nothing is remembered."""
    memo = state.extra.get(ANSWERED)
    if not isinstance(memo, dict):
        return None
    extra: Rows = ()
    run = state.checklist
    if memo.get("in_checklist") and run is not None and not run.finished:
        extra = (back_to_question(lang, run),)
    kind = memo.get("kind")
    destinations = tuple(str(d) for d in memo.get("destinations", ()))
    if kind == "faq" and content.faq_topic(str(memo.get("topic"))):
        return topic_answer(
            content, lang, str(memo["topic"]), destinations, replace=True, extra=extra
        )
    if kind == "scan" and isinstance(memo.get("hits"), list):
        return copy(scan_reply(content, lang, memo, extra), replace=True)
    if kind == "unsure":
        guesses = [str(g) for g in memo.get("guesses", ()) if content.faq_topic(str(g))]
        return copy(answers.not_understood(content, lang, guesses, extra=extra), replace=True)
    return None
