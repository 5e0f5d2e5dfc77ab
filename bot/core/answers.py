"""Screens that answer what people write: FAQ answers, ad scans, and "not sure" replies."""

from __future__ import annotations

from html import escape

from bot.content.model import Content, Language
from bot.core import callbacks
from bot.core.replies import Button, Reply
from bot.core.scoring import Assessment
from bot.core.screens import (
    guide_rows,
    heading,
    menu_row,
    reply,
    sources_row,
    verdict_contacts,
    verdict_head,
    verdict_steps,
)
from bot.understanding.ad_scan import AdScan

Rows = tuple[tuple[Button, ...], ...]
EVIDENCE_LIMIT = 80


def topic_title(lang: Language, topic: str) -> str:
    """The short title of an FAQ topic, used on its button."""
    return lang.text("faq", topic, "title")


def topic_buttons(content: Content, lang: Language, topics: list[str]) -> Rows:
    """One button per topic, titled in the user's language."""
    return tuple(
        (Button(topic_title(lang, topic), callbacks.encode("faq", topic)),)
        for topic in topics
        if content.faq_topic(topic)
    )


def faq_answer(
    content: Content,
    lang: Language,
    topic: str,
    *,
    replace: bool,
    with_feedback: bool = True,
    extra: Rows = (),
) -> Reply:
    """An FAQ answer with "Was this helpful?", related topics and the way on."""
    t = lang.translate
    text = f"{heading(topic_title(lang, topic))}\n{lang.text('faq', topic, 'answer')}"
    rows: list[tuple[Button, ...]] = list(extra)
    if with_feedback:
        question = t("Was this helpful?")
        text = f"{text}\n\n<i>{question}</i>"
        rows.append(
            (
                Button(t("👍 Yes"), callbacks.encode("helpful", topic, 1)),
                Button(t("👎 No"), callbacks.encode("helpful", topic, 0)),
            )
        )
    faq_topic = content.faq_topic(topic)
    related = list(faq_topic.related) if faq_topic else []
    rows.extend(topic_buttons(content, lang, related))
    rows.extend(guide_rows(lang, (g for g in content.guides if topic in g.faq)))
    rows.append((Button(t("Check a job offer"), callbacks.encode("check")),))
    rows.append(menu_row(lang))
    return reply(lang, text, tuple(rows), replace=replace)


def topics_list(content: Content, lang: Language, text: str, *, replace: bool) -> Reply:
    """Every FAQ topic as a button, under ``text``."""
    rows = topic_buttons(content, lang, [topic.id for topic in content.faq])
    return reply(lang, text, (*rows, menu_row(lang)), replace=replace)


def not_understood(content: Content, lang: Language, guesses: list[str], extra: Rows = ()) -> Reply:
    """Say so rather than guess; offer the closest topics, the topic list and the checklist."""
    t = lang.translate
    if guesses:
        text = t("I am not sure I understood your question. Did you mean one of these?")
    else:
        text = t(
            "I am not sure I understood your question. Choose a topic, or check a job offer step by step."
        )
    rows = (
        *extra,
        *topic_buttons(content, lang, guesses),
        (Button(t("All topics"), callbacks.encode("topics")),),
        (Button(t("Check a job offer"), callbacks.encode("check")),),
        menu_row(lang),
    )
    return reply(lang, text, rows)


def question_warning(
    content: Content, lang: Language, scan: AdScan, assessment: Assessment
) -> Reply | None:
    """Under the answer to a question that tells of an offer ("the agent is asking 3 lakh for
    the visa"): the verdict line and each red flag with the words that raised it.

    Only flags raised by words about this offer count (``FlagHit.reported``): "what fee is
    legal?" names a subject and gets the answer alone. None when nothing is to be warned of.
    """
    hits = [hit for hit in scan.flags if hit.reported]
    if not hits:
        return None
    t = lang.translate
    icon = content.checklist.icons.get(assessment.level, "")
    lines = [f"• {lang.text('flags', hit.flag_id, 'found')}{_quote(hit.evidence)}" for hit in hits]
    text = "\n\n".join(
        [
            f"{icon} {heading(lang.text('levels', assessment.level, 'title'))}".strip(),
            heading(t("Warning signs in what you wrote")) + "\n" + "\n".join(lines),
        ]
    )
    rows = (
        (Button(t("Run the full checklist"), callbacks.encode("check")),),
        menu_row(lang),
    )
    return reply(lang, text, rows)


def warned_topic(scan: AdScan) -> str | None:
    """The FAQ topic of the first flag a question may be warned of (its answer explains it)."""
    return next((hit.topic for hit in scan.flags if hit.reported and hit.topic), None)


def _quote(evidence: str | None) -> str:
    if not evidence:
        return ""
    clipped = evidence if len(evidence) <= EVIDENCE_LIMIT else evidence[: EVIDENCE_LIMIT - 1] + "…"
    return f" — “{escape(clipped, quote=False)}”"


def ad_verdict(
    content: Content,
    lang: Language,
    scan: AdScan,
    assessment: Assessment,
    extra: Rows = (),
    *,
    follow: bool = False,
    warning: str = "",
) -> Reply:
    """The scan of an ad: a verdict like the checklist's, each flag with the words that raised it.

    ``warning`` (the ad holds a number already reported as a scam) comes first; ``follow``
    offers *Warn me if this offer is reported* (only an ad with a contact can be matched).
    """
    t = lang.translate
    parts = ([warning] if warning else []) + verdict_head(content, lang, assessment)
    parts.extend(verdict_steps(content, lang, assessment))  # the next step before the evidence
    if scan.flags:
        lines = [
            f"• {lang.text('flags', hit.flag_id, 'found')}{_quote(hit.evidence)}"
            for hit in scan.flags
        ]
        parts.append(heading(t("Red flags in this ad")) + "\n" + "\n".join(lines))
    else:
        parts.append(
            t(
                "I found no red flags in the text of this ad. That does not prove the job is real: check the agent and the employer with the checklist."
            )
        )
    parts.extend(verdict_contacts(content, lang, assessment))
    rows = (
        *extra,
        *sources_row(content, lang, assessment),
        (Button(t("Run the full checklist"), callbacks.encode("check")),),
        (Button(t("Report this ad"), callbacks.encode("report_ad")),),
        *(
            ((Button(t("Warn me if this offer is reported"), callbacks.encode("follow")),),)
            if follow
            else ()
        ),
        menu_row(lang),
    )
    return reply(lang, "\n\n".join(parts), rows)
