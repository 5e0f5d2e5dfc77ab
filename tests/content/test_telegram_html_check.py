"""One definition of what Telegram accepts: the content check, broadcasts and the emulator
refuse exactly the same texts, each refusal with its line and column."""

from __future__ import annotations

import pytest

import tests.telegram_emulator.validation as emulator_validation
from bot.content.markup import markup_problems
from bot.core.broadcast_text import body_problems
from bot.telegram_html import HtmlParseError, parse_html, where

# (html, what Telegram answers) — the emulator's own cases plus the three the bot used to pass.
REFUSED = [
    ("<a href=https://example.org>site</a>", "Unexpected end of name token at byte offset 8"),
    ("<b foo>x</b>", 'Expected equal sign in declaration of an attribute of the tag "b"'),
    ("&#xD800; x", "check for unmatched surrogate code units"),
    ("<p>x</p>", 'Unsupported start tag "p" at byte offset 0'),
    ("salary < 500", 'Unsupported start tag "" at byte offset 7'),
    ("<b>bold <i>both</b></i>", 'Unmatched end tag at byte offset 15, expected "</i>"'),
    ("<b>never closed", 'Can\'t find end tag corresponding to start tag "b"'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ('<a href="x"', "Unclosed start tag at byte offset 0"),
]
ACCEPTED = [
    "Tom &amp; Jerry &nbsp; 5 &lt; 6 &#x41;",
    '<b>a</b> <a href="https://example.org">site</a> > 5',
    "BE&OE & more",
]


def test_the_emulator_answers_with_the_bots_own_parser() -> None:
    assert emulator_validation.parse_html is parse_html


@pytest.mark.parametrize(("html", "reason"), REFUSED)
def test_a_broadcast_telegram_would_refuse_is_refused_with_line_and_column(
    html: str, reason: str
) -> None:
    with pytest.raises(HtmlParseError) as telegram:
        parse_html(html)
    assert reason in str(telegram.value)
    [problem] = body_problems(html)
    assert problem.startswith("line 1, column ") and reason in problem


@pytest.mark.parametrize("html", ACCEPTED)
def test_what_telegram_accepts_is_accepted(html: str) -> None:
    parse_html(html)
    assert body_problems(html) == []
    assert markup_problems(html) == []


@pytest.mark.parametrize(
    "html", ["<a href=https://example.org>site</a>", "<b foo>x</b>", "x &#xD800;"]
)
def test_content_refuses_what_the_old_check_let_through(html: str) -> None:
    [problem] = markup_problems(html)
    assert "Telegram would refuse" in problem


def test_the_position_is_the_line_and_column_a_person_sees() -> None:
    text = "Warning:\nنوکری <b foo>x</b>"
    with pytest.raises(HtmlParseError) as error:
        parse_html(text)
    assert where(text, error.value) == (2, 7)
    [problem] = body_problems(text)
    assert problem.startswith("line 2, column 7:")
