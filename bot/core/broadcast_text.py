"""What recipients of a broadcast read: pure, so the preview is exactly what is sent.

A broadcast has a body per language (an alert template's text, or what an admin wrote); each
subscriber gets the body in their language, else the default language's, else the first one
written, followed by a short line in their own language on how to stop the warnings.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from bot.content.markup import escape_bare_ampersands
from bot.content.model import Alert, Content, Language
from bot.telegram_html import html_problem, parse_html

MAX_BODY = 3500
"""Visible characters of a body; with the footer a message stays under Telegram's 4096."""


def alert_bodies(content: Content, alert: Alert) -> dict[str, str]:
    """An alert template's body per language: its title in bold, the date it was issued
    (a reader can tell an old warning from a new one), then its text."""
    default = content.default_language
    bodies = {}
    for code, lang in content.languages.items():
        head = f"⚠️ <b>{alert.title(code, default)}</b>"
        if alert.issued is not None:
            issued = lang.translate("Issued: {date}", date=alert.issued.isoformat())
            head += f"\n<i>{issued}</i>"
        bodies[code] = f"{head}\n\n{alert.text(code, default)}"
    return bodies


def body_from_typed_text(text: str) -> str:
    """Plain text (typed in the chat, or a plain ``--text-file``) as HTML: escaped, so it
    is shown exactly as written ("5 < 6 & more" stays that)."""
    return escape(text.strip(), quote=False)


def body_from_html(text: str) -> tuple[str, list[str]]:
    """A body written as Telegram HTML (``--html``): the body and why Telegram would refuse it."""
    body = escape_bare_ampersands(text.strip())  # read alike by Telegram, cleaner to send
    return body, body_problems(body)


def body_problems(body: str) -> list[str]:
    """Why a body cannot be sent: what Telegram's parser refuses (with line and column),
    empty, or too long. Exactly Telegram's rules: any tag Telegram accepts is accepted."""
    problem = html_problem(body)
    if problem is not None:
        return [problem]
    problems = []
    length = parse_html(body).length
    if length == 0:
        problems.append("the text is empty")
    elif length > MAX_BODY:
        problems.append(f"the text is {length} characters; keep it under {MAX_BODY}")
    return problems


def pick_body(bodies: Mapping[str, str], code: str, default: str) -> str:
    """The body for readers of ``code``."""
    if code in bodies:
        return bodies[code]
    if default in bodies:
        return bodies[default]
    return bodies[next(iter(bodies))]


def compose_texts(content: Content, bodies: Mapping[str, str]) -> dict[str, str]:
    """The exact message for readers of each language: the body, then how to stop."""
    texts = {}
    for code, lang in content.languages.items():
        texts[code] = f"{pick_body(bodies, code, content.default_language)}{_stop_line(lang)}"
    return texts


def shared_body(text: str, lang: Language) -> str:
    """A copy as it may be shared: without the line on how to stop the warnings, which
    says that the person sharing it subscribed (a shared card holds nothing about them)."""
    return text.removesuffix(_stop_line(lang))


def _stop_line(lang: Language) -> str:
    footer = lang.translate(
        "You get this warning because you subscribed. To stop them, send /unsubscribe."
    )
    return f"\n\n<i>{footer}</i>"
