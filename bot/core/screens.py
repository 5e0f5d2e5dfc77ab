"""Rendering screens (menu, question, verdict, help) into Replies. Pure: content in, view out."""

from __future__ import annotations

from html import escape

from bot.content.model import Content, Fact, Language, Question
from bot.core import callbacks, checklist_path
from bot.core.replies import Button, Reply
from bot.core.scoring import Assessment
from bot.core.state import ChecklistRun

Rows = tuple[tuple[Button, ...], ...]
LICENCE_QUESTION = "recruiter"  # the checklist question that asks about the agent's licence
LICENCE_DATA = "ag:lic"
HOME_PLACE = "home"  # a country pack's help place at home: the verdict lists its contacts  # handled by bot.agency (the lookup needs the store)


def licence_button(lang: Language) -> Button:
    """*Check a licence*: in the menu and under the checklist's licence question."""
    return Button(lang.translate("Check a licence"), LICENCE_DATA)


def reply(lang: Language, text: str, buttons: Rows = (), *, replace: bool = False) -> Reply:
    """A Reply in ``lang``'s direction."""
    return Reply(text=text, buttons=buttons, replace=replace, direction=lang.direction)


def menu_buttons(lang: Language) -> Rows:
    """The main menu: only what works."""
    t = lang.translate
    return (
        (Button(t("Check a job offer"), callbacks.encode("check")),),
        (
            Button(t("Check a job ad"), callbacks.encode("ad")),
            Button(t("Ask a question"), callbacks.encode("ask")),
        ),
        (
            licence_button(lang),
            Button(t("I need help now"), callbacks.encode("help")),
        ),
        (
            Button(t("Language"), callbacks.encode("language")),
            Button(t("Privacy"), callbacks.encode("privacy")),
        ),
        (Button(t("Warnings about new scams"), callbacks.encode("alerts")),),
    )


def menu(lang: Language, *, replace: bool = False, prefix: str = "") -> Reply:
    """The main menu, optionally after a short line (a notice, a confirmation)."""
    text = f"{prefix}\n\n{lang.text('pages', 'menu')}" if prefix else lang.text("pages", "menu")
    return reply(lang, text, menu_buttons(lang), replace=replace)


def menu_row(lang: Language) -> tuple[Button, ...]:
    """A single "Main menu" button, for the end of screens."""
    return (Button(lang.translate("Main menu"), callbacks.encode("menu")),)


def language_picker(content: Content, lang: Language, text: str, *, replace: bool = False) -> Reply:
    """One button per language, each labelled in its own language."""
    buttons = tuple(
        (Button(other.name, callbacks.encode("lang", code)),)
        for code, other in content.languages.items()
    )
    return reply(lang, text, buttons, replace=replace)


def question(
    content: Content, lang: Language, run: ChecklistRun, *, replace: bool, with_why: bool = False
) -> Reply:
    """The question at ``run.position`` with its answers, Why, Back and progress."""
    t = lang.translate
    questions = content.checklist.questions
    q: Question = questions[run.position]
    chosen = run.answers.get(q.id)
    current, total = checklist_path.progress(content.checklist, run.answers, run.position)
    progress = t("Question {current} of {total}", current=current, total=total)
    parts = [f"<i>{progress}</i>", f"<b>{lang.text('checklist', q.id, 'question')}</b>"]
    if with_why:
        parts.append(lang.text("checklist", q.id, "why"))
    rows: list[tuple[Button, ...]] = []
    for answer in q.answers:
        label = lang.text("checklist", q.id, "answers", answer.id)
        if answer.id == chosen:
            label = t("✓ {answer}", answer=label)
        rows.append((Button(label, callbacks.encode("a", run.run, q.id, answer.id)),))
    tools: list[Button] = []
    if run.position > 0:
        tools.append(Button(t("Back"), callbacks.encode("back", run.run)))
    if not with_why:
        tools.append(Button(t("Why does this matter?"), callbacks.encode("why", run.run, q.id)))
    if tools:
        rows.append(tuple(tools))
    if q.id == LICENCE_QUESTION:
        rows.append((licence_button(lang),))
    rows.append(menu_row(lang))  # no dead end: the menu is one press away from every question
    return reply(lang, "\n\n".join(parts), tuple(rows), replace=replace)


def _bullets(items: list[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def source_line(lang: Language, fact: Fact) -> str:
    """Where a fact comes from, shown next to it: only a person's check is called "checked"."""
    if fact.person_confirmed:
        return lang.translate(
            "Source: {source}, checked {checked}",
            source=escape(fact.source),
            checked=fact.checked.isoformat(),
        )
    return lang.translate(
        "Source: {source}, source read on {date}",
        source=escape(fact.source),
        date=fact.checked.isoformat(),
    )


def heading(text: str) -> str:
    """A bold section heading."""
    return f"<b>{text}</b>"


def contacts(content: Content, lang: Language, place: str) -> str:
    """The contacts for one place, each with its source; unconfirmed ones say so."""
    t = lang.translate
    lines = []
    for fid in content.help_places.get(place, ()):
        fact = content.facts[fid]
        value = lang.text("facts", fid, "label")
        number = (
            escape(fact.value)
            if fact.confirmed
            else t("{value} (not confirmed)", value=escape(fact.value))
        )
        lines.append(
            f"• <b>{value}</b>: {number}\n  {lang.text('facts', fid, 'use')}\n  "
            f"<i>{source_line(lang, fact)}</i>"
        )
    return "\n".join(lines)


def _doubts_summary(content: Content, assessment: Assessment) -> bool:
    """A level reached through "not sure" answers says "find these out", not "warning signs"."""
    return assessment.by_doubts and assessment.level == content.checklist.doubts_cap


def verdict_head(content: Content, lang: Language, assessment: Assessment) -> list[str]:
    """The top of any verdict: level with its icon, summary, and the rules that decided it."""
    level = assessment.level
    icon = content.checklist.icons.get(level, "")
    parts = [
        f"{icon} {heading(lang.text('levels', level, 'title'))}".strip(),
        lang.text("levels", level, "doubts" if _doubts_summary(content, assessment) else "summary"),
    ]
    if assessment.rules:
        parts.append(_bullets([lang.text("rules", rule) for rule in assessment.rules]))
    return parts


def verdict_advice(content: Content, lang: Language, assessment: Assessment) -> list[str]:
    """The end of any verdict: cautions, next steps, and sourced contacts when risk is high."""
    t = lang.translate
    level = assessment.level
    parts = [f"<i>{lang.text('notes', note)}</i>" for note in assessment.notes]
    steps = lang.text("next_steps", level)
    parts.append(
        heading(t("What to do now")) + "\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
    )
    rank = content.checklist.levels.index(level)
    if rank >= len(content.checklist.levels) - 2 and HOME_PLACE in content.help_places:
        parts.append(heading(t("Who can help")) + "\n" + contacts(content, lang, HOME_PLACE))
    return parts


def verdict(content: Content, lang: Language, assessment: Assessment, *, replace: bool) -> Reply:
    """The checklist's verdict: each red flag in one sentence and what is still unknown."""
    t = lang.translate
    parts = verdict_head(content, lang, assessment)
    if assessment.flags:
        parts.append(
            heading(t("Red flags found"))
            + "\n"
            + _bullets([lang.text("flags", f, "found") for f in assessment.flags])
        )
    if assessment.unsure:
        parts.append(
            heading(t("Find out before you go"))
            + "\n"
            + _bullets([lang.text("flags", f, "unsure") for f in assessment.unsure])
        )
    parts.extend(verdict_advice(content, lang, assessment))
    buttons = (
        (Button(t("Check another offer"), callbacks.encode("restart")),),
        (Button(t("I need help now"), callbacks.encode("help")),),
        (Button(t("Get warnings about new scams"), callbacks.encode("sub")),),
        menu_row(lang),
    )
    return reply(lang, "\n\n".join(parts), buttons, replace=replace)


def help_places(content: Content, lang: Language, *, replace: bool) -> Reply:
    """ "I need help now": pick where you (or the person in trouble) are."""
    buttons = tuple(
        (Button(lang.text("help", "places", place), callbacks.encode("place", place)),)
        for place in content.help_places
    )
    return reply(lang, lang.text("help", "intro"), (*buttons, menu_row(lang)), replace=replace)


def help_place(content: Content, lang: Language, place: str, *, replace: bool) -> Reply:
    """Contacts for one place, with the way back."""
    text = f"<b>{lang.text('help', 'places', place)}</b>\n{lang.text('help', place)}\n\n{contacts(content, lang, place)}"
    buttons = ((Button(lang.translate("Other places"), callbacks.encode("help")),), menu_row(lang))
    return reply(lang, text, buttons, replace=replace)
