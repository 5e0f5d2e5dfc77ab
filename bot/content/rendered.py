"""Every screen the bot can show, rendered in every language and checked as Telegram sees it.

Each text is checked on its own when it loads; this checks what the conversation core builds
from them (headings, progress, UI strings, facts), so "length after formatting" is the
length of the real message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from bot.content.catalogs import UI_TAGS
from bot.content.markup import markup_problems, visible_length
from bot.content.model import Checklist, Content, Language
from bot.core import screens
from bot.core.replies import Reply
from bot.core.scoring import assess_answers
from bot.core.state import ChecklistRun
from bot.errors import Problem

TELEGRAM_MESSAGE_LIMIT = 4096
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#\d+);")


def verdict_cases(checklist: Checklist) -> Iterator[tuple[str, Mapping[str, str]]]:
    """Answer sets giving the shortest and the longest verdicts."""
    yield "first answers", {q.id: q.answers[0].id for q in checklist.questions}

    def weight(flags: tuple[str, ...]) -> float:
        return sum(checklist.flag_weights.get(f, 0) for f in flags)

    yield (
        "most red flags",
        {q.id: max(q.answers, key=lambda a: weight(a.flags)).id for q in checklist.questions},
    )
    yield (
        "most doubts",
        {q.id: max(q.answers, key=lambda a: weight(a.unsure)).id for q in checklist.questions},
    )


def all_screens(content: Content, lang: Language) -> Iterator[tuple[str, Reply]]:
    """(name, reply) for every screen of the conversation in ``lang``."""
    yield "main menu", screens.menu(lang)
    yield "language choice", screens.language_picker(content, lang, lang.text("pages", "welcome"))
    for page in ("help", "privacy", "forget_confirm", "forgotten", "checklist_intro"):
        yield f"page {page}", screens.reply(lang, lang.text("pages", page))
    questions = content.checklist.questions
    for index, question in enumerate(questions):
        # A two-digit run number and a ticked answer: the longest this question gets.
        run = ChecklistRun(run=99, position=index, answers={question.id: question.answers[0].id})
        yield f"question {question.id}", screens.question(content, lang, run, replace=False)
        yield (
            f"question {question.id} with its why",
            screens.question(content, lang, run, replace=False, with_why=True),
        )
    for name, answers in verdict_cases(content.checklist):
        assessment = assess_answers(content.checklist, answers)
        yield (
            f"verdict ({name}, {assessment.level})",
            screens.verdict(content, lang, assessment, replace=False),
        )
    yield "I need help now", screens.help_places(content, lang, replace=False)
    for place in content.help_places:
        yield f"help in {place}", screens.help_place(content, lang, place, replace=False)


def _reply_problems(file: str, where: str, reply: Reply) -> Iterator[Problem]:
    length = visible_length(reply.text)
    if length > TELEGRAM_MESSAGE_LIMIT:
        parts = -(-length // TELEGRAM_MESSAGE_LIMIT)
        yield Problem(
            file,
            None,
            f"{where} is {length} characters after formatting; Telegram allows "
            f"{TELEGRAM_MESSAGE_LIMIT}, so it is sent in {parts} or more messages: shorten its texts",
            "warning",
        )
    for issue in markup_problems(reply.text, UI_TAGS):
        yield Problem(file, None, f"Telegram would refuse {where}: {issue}")
    for row in reply.buttons:
        for button in row:
            if not button.label.strip():
                yield Problem(file, None, f"{where} has a button without a label")
            elif _ENTITY.search(button.label) or "<" in button.label:
                yield Problem(
                    file,
                    None,
                    f"button {button.label!r} of {where} would show HTML literally "
                    "(buttons are plain text): write it without tags, &, < or >",
                    "warning",
                )


def rendered_problems(content: Content, texts_folder: str = "content/texts") -> list[Problem]:
    """Problems of the messages the bot would really send, in every language."""
    problems: list[Problem] = []
    for code, lang in content.languages.items():
        file = f"{texts_folder}/{code}.yaml"
        try:
            for name, reply in all_screens(content, lang):
                problems.extend(_reply_problems(file, f"the {name} screen ({code})", reply))
        except (KeyError, ValueError, IndexError) as exc:
            problems.append(Problem(file, None, f"a screen cannot be shown in {code}: {exc!r}"))
    return problems
