"""Rendering screens (menu, question, verdict, help) into Replies. Pure: content in, view out."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from bot.content.model import Content, Fact, Guide, GuideSource, Language, Question
from bot.core import bidi, callbacks, checklist_path, listening
from bot.core.replies import Button, Reply
from bot.core.scoring import Assessment
from bot.core.state import ChecklistRun

Rows = tuple[tuple[Button, ...], ...]
LICENCE_QUESTION = "recruiter"  # the checklist question that asks about the agent's licence
LICENCE_DATA = "ag:lic"  # handled by bot.agency (the lookup needs the store)
HOME_PLACE = "home"  # a country pack's help place at home: the verdict lists its contacts


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
    if listen := listening.question_row(content, lang, q.id):
        rows.append(listen)
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
            source=bidi.foreign(escape(fact.source), lang.direction),
            checked=fact.checked.isoformat(),
        )
    return lang.translate(
        "Source: {source}, source read on {date}",
        source=bidi.foreign(escape(fact.source), lang.direction),
        date=fact.checked.isoformat(),
    )


def guide_source_line(lang: Language, source: GuideSource) -> str:
    """Where a guide's claim comes from; nobody confirmed it first-hand, so never "checked"."""
    return lang.translate(
        "Source: {source}, source read on {date}",
        source=bidi.foreign(escape(source.source), lang.direction),
        date=source.read.isoformat(),
    )


def guide_rows(lang: Language, guides: Iterable[Guide]) -> Rows:
    """One button per guide page, labelled with its title."""
    return tuple(
        (Button(lang.text("guides", guide.id, "title"), callbacks.encode("guide", guide.id)),)
        for guide in guides
    )


def guide_page(content: Content, lang: Language, guide: Guide, *, replace: bool) -> Reply:
    """A guide page: its words, then each fact and claim with its source; the way back."""
    t = lang.translate
    parts = [heading(lang.text("guides", guide.id, "title")), lang.text("guides", guide.id, "body")]
    lines = [heading(t("Where these facts come from"))]
    for fid in guide.facts:
        fact = content.facts[fid]
        value = (
            escape(fact.value)
            if fact.confirmed
            else t("{value} (not confirmed)", value=escape(fact.value))
        )
        label = lang.text("facts", fid, "label")
        lines.append(f"• {label}: {value}\n  <i>{source_line(lang, fact)}</i>")
    lines += [f"• <i>{guide_source_line(lang, source)}</i>" for source in guide.sources]
    parts.append("\n".join(lines))
    rows: list[tuple[Button, ...]] = []
    if guide.help:
        rows.append((Button(t("I need help now"), callbacks.encode("help")),))
    rows.append(menu_row(lang))
    return reply(lang, "\n\n".join(parts), tuple(rows), replace=replace)


def heading(text: str) -> str:
    """A bold section heading."""
    return f"<b>{text}</b>"


def contacts(content: Content, lang: Language, place: str, *, sourced: bool = True) -> str:
    """The contacts for one place; unconfirmed ones say so.

    ``sourced``: each with its source line. A verdict leaves them out (its *Sources* button
    shows them, :func:`sources`) so that a phone screen shows the decision and the next step.
    """
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
        line = f"• <b>{value}</b>: {number}\n  {lang.text('facts', fid, 'use')}"
        if sourced:
            line += f"\n  <i>{source_line(lang, fact)}</i>"
        lines.append(line)
    return "\n".join(lines)


def sources(content: Content, lang: Language, place: str) -> Reply:
    """*Sources*: where each fact of a verdict's contacts comes from, numbered, in a message
    of its own (the verdict stays on screen above it)."""
    t = lang.translate
    lines = [heading(t("Where these facts come from"))]
    for number, fid in enumerate(content.help_places.get(place, ()), 1):
        fact = content.facts[fid]
        label = lang.text("facts", fid, "label")
        lines.append(
            f"{number}. {label}: {escape(fact.value)}\n   <i>{source_line(lang, fact)}</i>"
        )
    return reply(lang, "\n".join(lines), (menu_row(lang),))


def sources_row(content: Content, lang: Language, assessment: Assessment) -> Rows:
    """The *Sources* button under a verdict that lists contacts; none under one that does not."""
    place = _helping_place(content, assessment)
    if place is None:
        return ()
    return ((Button(lang.translate("Sources"), callbacks.encode("sources", place)),),)


def _helping_place(content: Content, assessment: Assessment) -> str | None:
    """Whose contacts a verdict lists: the home country's, when the risk is among the two
    highest (none for a user whose country has no pack)."""
    rank = content.checklist.levels.index(assessment.level)
    if rank >= len(content.checklist.levels) - 2 and HOME_PLACE in content.help_places:
        return HOME_PLACE
    return None


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


def verdict_steps(content: Content, lang: Language, assessment: Assessment) -> list[str]:
    """Right under the decision: cautions and what to do now."""
    t = lang.translate
    parts = [f"<i>{lang.text('notes', note)}</i>" for note in assessment.notes]
    steps = lang.text("next_steps", assessment.level)
    parts.append(
        heading(t("What to do now")) + "\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
    )
    return parts


def verdict_contacts(content: Content, lang: Language, assessment: Assessment) -> list[str]:
    """The end of a verdict when risk is high: who can help (sources behind *Sources*)."""
    place = _helping_place(content, assessment)
    if place is None:
        return []
    who = heading(lang.translate("Who can help"))
    return [who + "\n" + contacts(content, lang, place, sourced=False)]


def verdict(content: Content, lang: Language, assessment: Assessment, *, replace: bool) -> Reply:
    """The checklist's verdict: each red flag in one sentence and what is still unknown."""
    t = lang.translate
    # The decision and the next step first: on a phone that is all that fits on one screen.
    parts = verdict_head(content, lang, assessment) + verdict_steps(content, lang, assessment)
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
    parts.extend(verdict_contacts(content, lang, assessment))
    found = set(assessment.flags)
    buttons = (
        *sources_row(content, lang, assessment),
        *guide_rows(lang, (g for g in content.guides if found & set(g.flags))),
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
    guides = guide_rows(lang, (g for g in content.guides if g.help))
    rows = (*buttons, *guides, menu_row(lang))
    return reply(lang, lang.text("help", "intro"), rows, replace=replace)


def place_help(content: Content, lang: Language, place: str) -> str:
    """The help text of one place and its contacts; a place with no contacts (Myanmar for a
    user of no known country) ends with its text."""
    listed = contacts(content, lang, place)
    return "\n\n".join(part for part in (lang.text("help", place), listed) if part)


def help_place(content: Content, lang: Language, place: str, *, replace: bool) -> Reply:
    """Contacts for one place, with the way back."""
    text = f"<b>{lang.text('help', 'places', place)}</b>\n{place_help(content, lang, place)}"
    buttons = ((Button(lang.translate("Other places"), callbacks.encode("help")),), menu_row(lang))
    return reply(lang, text, buttons, replace=replace)
