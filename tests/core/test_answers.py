"""What people type, through the pure core: FAQ answers, ad scans, honest "not sure"."""

from __future__ import annotations

from bot.content.model import Content
from bot.core.conversation import advance
from bot.core.events import Command, Incoming, Press, Text
from bot.core.replies import Outcome
from bot.core.state import UserState
from bot.understanding.pipeline import Understanding


class Reader:
    """A user whose typed texts are read by the real pipeline, as the service does."""

    def __init__(
        self, content: Content, understanding: Understanding, hint: str | None = "en"
    ) -> None:
        self.content, self.understanding, self.hint = content, understanding, hint
        self.state: UserState | None = None
        self.last: Outcome | None = None

    def _do(self, event: Command | Text | Press) -> Outcome:
        if isinstance(event, Text):
            event = Text(
                event.text, event.forwarded, self.understanding.analyze(event.text, self.hint)
            )
        self.last = advance(self.state, Incoming(event, self.hint), self.content)
        self.state = self.last.state
        return self.last

    def write(self, text: str, *, forwarded: bool = False) -> Outcome:
        return self._do(Text(text, forwarded))

    def press(self, label: str) -> Outcome:
        assert self.last is not None
        for reply in self.last.replies:
            for row in reply.buttons:
                for button in row:
                    if button.label == label:
                        return self._do(Press(button.data))
        raise AssertionError(f"no button {label!r}")

    def labels(self) -> list[str]:
        assert self.last is not None
        return [b.label for r in self.last.replies for row in r.buttons for b in row]

    @property
    def text(self) -> str:
        assert self.last is not None
        return "\n".join(r.text for r in self.last.replies)


def test_a_roman_urdu_question_is_answered_in_roman_urdu_and_logged_scrubbed(
    content: Content, understanding: Understanding
) -> None:
    user = Reader(content, understanding, hint="en")
    user.write(
        "agent kehta hai visit visa pe jao wahan work visa ban jaye ga, mera number 0300-1234567"
    )
    faq_title = content.language("ur-Latn").text("faq", "work_visa", "title")
    assert faq_title in user.text
    assert user.last is not None
    (record,) = user.last.log
    assert (
        record.kind == "question" and record.topic == "work_visa" and record.language == "ur-Latn"
    )
    assert "0300" not in record.text and "[phone]" in record.text


def test_an_explicit_language_choice_is_kept_and_a_switch_is_offered(
    content: Content, understanding: Understanding
) -> None:
    user = Reader(content, understanding, hint="en")
    user._do(Command("start"))
    user.press("English")
    user.write("ایجنٹ کا لائسنس کیسے چیک کروں")
    assert content.language("en").text("faq", "verify_recruiter", "title") in user.text
    assert "اردو پر جائیں" in user.labels()
    user.press("اردو پر جائیں")
    assert user.state is not None and user.state.language == "ur" and user.state.language_chosen


def test_a_forwarded_scam_ad_is_scanned_with_the_words_quoted(
    content: Content, understanding: Understanding
) -> None:
    user = Reader(content, understanding)
    ad = "URGENT HIRING Customer Service in Bangkok. Salary $1500. Free ticket & visa. Visit visa. Only 3 seats! WhatsApp +66 81 234 5678"
    user.write(ad, forwarded=True)
    assert user.text.startswith("🔴") or user.text.startswith("🟠")
    assert "“Free ticket”" in user.text, "the words that raised the flag are quoted"
    assert "&" not in user.text.replace("&amp;", ""), "text is escaped for Telegram HTML"
    assert user.last is not None and user.last.log[0].kind == "scan"
    assert "+66" not in user.last.log[0].text
    user.press("Report this ad")
    assert user.last.log[0].kind == "report" and "visit_visa" in user.last.log[0].flags


def test_a_greeting_gets_an_honest_not_sure_and_the_way_on(
    content: Content, understanding: Understanding
) -> None:
    user = Reader(content, understanding)
    user.write("hello")
    assert "not sure I understood" in user.text
    assert "Check a job offer" in user.labels() and "All topics" in user.labels()


def test_helpful_feedback_is_counted_once_and_the_buttons_go_away(
    content: Content, understanding: Understanding
) -> None:
    user = Reader(content, understanding)
    user.write("how can i check if the agent has a licence")
    user.press("👍 Yes")
    assert user.last is not None
    assert user.last.log[0].kind == "feedback" and user.last.log[0].helpful is True
    assert "👍 Yes" not in user.labels()


def test_check_an_ad_button_scans_even_a_short_paste(
    content: Content, understanding: Understanding
) -> None:
    user = Reader(content, understanding)
    user._do(Command("start"))
    user.press("English")
    user.press("Check a job ad")
    user.write("Thailand data entry 2 lakh mahana, visit visa")
    assert user.last is not None and user.last.log[0].kind == "scan"
    assert "Red flags in this ad" in user.text
