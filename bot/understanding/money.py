"""Reading amounts of money in job ads: salaries and the fees asked of the worker.

Ads write money every way at once: ``$1,200``, ``1200$``, ``USD 1,200/month``, ``2 lakh``,
``1 lakh 80 hazar``, ``دو لاکھ پچاس ہزار روپے``, ``35 ہزار بھات``, ``درې لکه``, ``38k baht``,
``1,500–1,800 SAR``. ``MoneyReader`` turns each into a ``Money`` (range, currency, period,
and whether the words around it make it the salary or a fee), and converts a salary to US
dollars a month with the fixed, approximate rates of ``content/understanding/money.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from pathlib import Path

from bot.understanding.memo import remember
from bot.understanding.phrases import Hit, Lexicon
from bot.understanding.tokens import TokenizedText, Tokenizer
from bot.understanding.vocabulary import phrases_from, read_yaml

# A number as written: 1200, 1,200, 2,00,000, 1.5 (not part of a longer number or a decimal).
_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{2,3})+|\d+)(?:\.(\d+))?(?![\d])")
_MAX_DIGITS = 8  # longer runs are phone, CNIC or account numbers
_RANGE_GAP = re.compile(r"^\s*[-–—~]+\s*$")
_BARE_MAXIMUM = 10_000_000  # a bare number this big is an id ("visa no 12345678"), not rupees
_MAX_GLUED = 8  # letters of a currency written onto a number ("usd", "rupees")
_CONTEXT_BEFORE = 4
_CONTEXT_AFTER = 3


@dataclass(frozen=True)
class Money:
    """An amount read from a text. ``amount`` is the top of a range (what lures people)."""

    amount: float
    low: float
    currency: str | None
    period: str | None
    purpose: str | None  # "salary", "fee" or None when the words around it do not say
    text: str
    span: tuple[int, int]


@dataclass
class _Item:
    value: float
    first: int  # token indices
    last: int
    start: int  # original character span
    end: int
    multiplier: float | None = None
    currency: str | None = None
    period: str | None = None
    low: float | None = None


class MoneyReader:
    """Built once from ``money.yaml``; ``read`` is pure."""

    def __init__(self, data: dict, tokenizer: Tokenizer) -> None:
        self._tokenizer = tokenizer
        self.rates: dict[str, float] = {k: float(v) for k, v in data["rates"].items()}
        self.months_per: dict[str, float] = {k: float(v) for k, v in data["months_per"].items()}
        self.bare_minimum = float(data["bare_minimum"])
        self._default_currency = {float(k): v for k, v in data["default_currency"].items()}
        self._symbols: dict[str, str] = {}
        words = []  # typos forgiven: "salry", "dolar"
        for code, entry in data["currencies"].items():
            words += phrases_from(tokenizer, f"currency:{code}", entry.get("words"))
            for symbol in entry.get("symbols", ()):
                self._symbols[symbol] = code
        for period, entries in data["periods"].items():
            words += phrases_from(tokenizer, f"period:{period}", entries)
        for purpose, entries in data["purposes"].items():
            words += phrases_from(tokenizer, f"purpose:{purpose}", entries)
        numbers = []  # exact only: "qatar" must not become "sattar" (70)
        for factor, entries in data["multipliers"].items():
            numbers += phrases_from(tokenizer, f"times:{factor}", entries)
        for value, entries in data["numbers"].items():
            numbers += phrases_from(tokenizer, f"number:{value}", entries)
        for side in ("before", "after"):
            numbers += phrases_from(tokenizer, f"half:{side}", data["halves"][side])
        numbers += phrases_from(tokenizer, "range", data["range_words"])
        self._lexicons = (Lexicon(words, fuzzy=True), Lexicon(numbers, fuzzy=False))
        self._symbol_list = tuple(self._symbols)
        self._glued: dict[str, str | None] = {}  # letters glued to a number -> currency
        # currency read -> {destination country: the currency that name means there}
        self._same_name: dict[str, dict[str, str]] = {
            code: {str(country): str(local) for country, local in (by_country or {}).items()}
            for code, by_country in (data.get("same_name") or {}).items()
        }

    @classmethod
    def load(cls, content_dir: Path, tokenizer: Tokenizer) -> MoneyReader:
        """Read ``content/understanding/money.yaml``."""
        return cls(read_yaml(content_dir / "understanding" / "money.yaml"), tokenizer)

    # -- reading -------------------------------------------------------------------------

    def read(
        self, text: TokenizedText, protected: frozenset[str] = frozenset()
    ) -> tuple[Money, ...]:
        """Every amount that carries a currency, a multiplier, or a salary/fee word."""
        if not text.tokens:
            return ()
        currency_words, number_words = self._lexicons
        numbers = number_words.find(text, protected)
        numerals = self._numerals(text)
        if not numerals and not (
            numbers and self._number_words(text, self._words_by_start(numbers))
        ):
            return ()  # no amount: the currency, period and purpose words do not matter
        words = self._words_by_start(currency_words.find(text, protected) + numbers)
        items = numerals + self._number_words(text, words)
        items.sort(key=lambda item: item.first)
        claimed: set[int] = set()
        for item in items:
            self._attach(item, text, words, claimed)
        items = self._compounds_and_ranges(items, text, words)
        out = []
        for item in items:
            purpose = self._purpose(item, text, words)
            money = self._finish(item, purpose, text)
            if money is not None:
                out.append(money)
        return tuple(out)

    @staticmethod
    def _words_by_start(hits: list[Hit]) -> dict[int, list[Hit]]:
        by_start: dict[int, list[Hit]] = {}
        for hit in sorted(hits, key=lambda h: -(h.last - h.first)):
            by_start.setdefault(hit.first, []).append(hit)
        return by_start

    @staticmethod
    def _word(words: dict[int, list[Hit]], index: int, kind: str) -> Hit | None:
        for hit in words.get(index, ()):
            if hit.phrase.label.startswith(kind + ":") or hit.phrase.label == kind:
                return hit
        return None

    def _numerals(self, text: TokenizedText) -> list[_Item]:
        items: list[_Item] = []
        matches = list(_NUMBER.finditer(text.folded))
        if not matches:
            return items
        # Digits are word characters, so every digit lies in a token: the last one starting
        # at or before it.
        starts = [token.fstart for token in text.tokens]
        for match in matches:
            digits = match.group(1).replace(",", "")
            if len(digits) > _MAX_DIGITS or (digits.startswith("0") and len(digits) > 1):
                continue
            value = float(digits + ("." + match.group(2) if match.group(2) else ""))
            first = bisect_right(starts, match.start()) - 1
            last = bisect_right(starts, match.end() - 1) - 1
            token = text.tokens[last]
            prefix = text.folded[text.tokens[first].fstart : match.start()]
            start = text.tokens[first].start if prefix else text.origin[match.start()]
            item = _Item(value, first, last, start, token.end)
            suffix = text.folded[match.end() : token.fend]
            if suffix == "k":
                item.multiplier = 1000.0
            for glued in (prefix, suffix):
                code = self._glued_currency(glued)
                if code:
                    item.currency = code
            lookback = max(0, text.tokens[first].fstart - 3)
            before = text.folded[lookback : match.start()].rstrip()
            after = text.folded[match.end() : match.end() + 3].lstrip()
            if not (before.endswith(self._symbol_list) or after.startswith(self._symbol_list)):
                items.append(item)
                continue
            for symbol, code in self._symbols.items():
                if before.endswith(symbol):
                    item.currency = item.currency or code
                    item.start = min(item.start, text.origin[lookback + len(before) - len(symbol)])
                elif after.startswith(symbol):
                    item.currency = item.currency or code
                    at = text.folded.index(symbol, match.end())
                    item.end = max(item.end, text.origin[at + len(symbol) - 1] + 1)
            items.append(item)
        return items

    def _glued_currency(self, letters: str) -> str | None:
        """The currency of letters written onto a number ("rs500", "500usd"), if any.

        Only short letters are read: a currency glued to a number is a few letters, and
        reading a 4,000-letter "word" once per number in it would cost seconds.
        """
        if not letters or len(letters) > _MAX_GLUED:
            return None
        if letters in self._glued:
            return self._glued[letters]
        return remember(self._glued, letters, self._read_glued_currency(letters))

    def _read_glued_currency(self, letters: str) -> str | None:
        for hit in self._lexicons[0].find(self._tokenizer.tokenize(letters)):
            if hit.phrase.label.startswith("currency:"):
                return hit.phrase.label.split(":", 1)[1]
        return self._symbols.get(letters)

    def _number_words(self, text: TokenizedText, words: dict[int, list[Hit]]) -> list[_Item]:
        """``do lakh``, ``ڈیڑھ ہزار``, ``ساڑھے تین لاکھ``, ``دوه نیم لکه``: words before a multiplier."""
        items = []
        for index in sorted(words):  # an amount in words starts with a known word
            half_before = self._word(words, index, "half:before")
            at = index + 1 if half_before else index
            number = self._word(words, at, "number")
            if number is None:
                continue
            value = float(number.phrase.label.split(":", 1)[1]) + (0.5 if half_before else 0.0)
            last = number.last
            if self._word(words, last + 1, "half:after"):
                value += 0.5
                last += 1
            if self._word(words, last + 1, "times") is None:
                continue
            start, end = text.span(index, last)
            items.append(_Item(value, index, last, start, end))
        return items

    def _attach(
        self, item: _Item, text: TokenizedText, words: dict[int, list[Hit]], claimed: set[int]
    ) -> None:
        """Multiplier, currency and period written around the number (each word used once)."""
        if item.multiplier is None:
            times = self._word(words, item.last + 1, "times")
            if times:
                item.multiplier = float(times.phrase.label.split(":", 1)[1])
                self._grow(item, text, times.last)
        after = self._word(words, item.last + 1, "currency")
        if after and item.currency is None:
            item.currency = after.phrase.label.split(":", 1)[1]
            self._grow(item, text, after.last)
        before = next(
            (
                h
                for start in range(item.first - 3, item.first)
                for h in words.get(start, ())
                if h.phrase.label.startswith("currency:")
                and h.last == item.first - 1
                and h.first not in claimed
            ),
            None,
        )
        if item.currency is None and before:
            item.currency = before.phrase.label.split(":", 1)[1]
            item.start = min(item.start, text.tokens[before.first].start)
            claimed.update(range(before.first, before.last + 1))
        sentence = text.tokens[item.first].sentence
        for index in [
            *range(item.last + 1, item.last + 4),
            *range(item.first - 1, item.first - 4, -1),
        ]:
            if 0 <= index < len(text.tokens) and text.tokens[index].sentence == sentence:
                hit = self._word(words, index, "period")
                if hit:
                    item.period = hit.phrase.label.split(":", 1)[1]
                    if index > item.last:
                        self._grow(item, text, hit.last)
                    break
        claimed.update(range(item.first, item.last + 1))

    @staticmethod
    def _grow(item: _Item, text: TokenizedText, last: int) -> None:
        item.last = max(item.last, last)
        item.end = max(item.end, text.tokens[item.last].end)

    def _compounds_and_ranges(
        self, items: list[_Item], text: TokenizedText, words: dict[int, list[Hit]]
    ) -> list[_Item]:
        """Join ``1 lakh 80 hazar`` into one amount and ``1,500–1,800`` into a range."""
        out: list[_Item] = []
        for item in items:
            if out and item.first <= out[-1].last:
                continue  # a number word already read as part of the previous amount
            previous = out[-1] if out else None
            if previous and self._is_compound(previous, item):
                previous.currency = (
                    previous.currency
                    or item.currency
                    or self._default_currency.get(previous.multiplier or 0)
                )
                previous.value = previous.value * (previous.multiplier or 1) + item.value * (
                    item.multiplier or 1
                )
                previous.multiplier = 1.0
                previous.period = previous.period or item.period
                self._grow(previous, text, item.last)
                continue
            if previous and self._is_range(previous, item, text, words):
                previous.low = previous.value * (previous.multiplier or item.multiplier or 1)
                previous.value, previous.multiplier = item.value, item.multiplier
                previous.currency = previous.currency or item.currency
                previous.period = previous.period or item.period
                self._grow(previous, text, item.last)
                continue
            out.append(item)
        return out

    @staticmethod
    def _is_compound(previous: _Item, item: _Item) -> bool:
        return (
            item.first == previous.last + 1
            and (previous.multiplier or 0) > (item.multiplier or 0) >= 1000
            and previous.currency is None
        )

    def _is_range(
        self, previous: _Item, item: _Item, text: TokenizedText, words: dict[int, list[Hit]]
    ) -> bool:
        between = range(previous.last + 1, item.first)
        if len(between) == 0:
            gap = text.folded[text.tokens[previous.last].fend : text.tokens[item.first].fstart]
            return bool(_RANGE_GAP.match(gap))
        return len(between) == 1 and self._word(words, between[0], "range") is not None

    def _purpose(self, item: _Item, text: TokenizedText, words: dict[int, list[Hit]]) -> str | None:
        """Salary or fee, from the nearest telling word in the same sentence."""
        if item.period:
            return "salary"
        sentence = text.tokens[item.first].sentence
        for distance in range(1, _CONTEXT_BEFORE + 1):
            found: set[str] = set()
            for index, side in ((item.first - distance, "before"), (item.last + distance, "after")):
                if not 0 <= index < len(text.tokens) or text.tokens[index].sentence != sentence:
                    continue
                if side == "after" and (
                    distance > _CONTEXT_AFTER
                    or text.tokens[index].clause != text.tokens[item.last].clause
                ):
                    continue  # "1600 رنگٹ، ورک پرمٹ پہلے": the next clause is about something else
                other_clause = text.tokens[index].clause != text.tokens[item.first].clause
                for hit in words.get(index, ()):
                    if other_clause and distance > 1 and hit.phrase.label == "purpose:fee_before":
                        # "tourist visa pe aao, 1800 RM": the visa of another clause does
                        # not price the pay ("Visa: 3 lakh", right before it, still does)
                        continue
                    purpose = self._purpose_word(hit.phrase.label, side, distance)
                    if purpose:
                        found.add(purpose)
            if found:
                return "salary" if "salary" in found else "fee"
        return None

    @staticmethod
    def _purpose_word(label: str, side: str, distance: int) -> str | None:
        """What one word beside an amount says it is for ("mein" only right after it)."""
        if label in ("purpose:salary", "purpose:fee"):
            return label.split(":", 1)[1]
        if label == "purpose:fee_before" and side == "before":
            return "fee"
        if label == "purpose:fee_after" and side == "after" and distance == 1:
            return "fee"
        return None

    def _finish(self, item: _Item, purpose: str | None, text: TokenizedText) -> Money | None:
        multiplier = item.multiplier or 1.0
        currency = item.currency
        if currency is None and item.multiplier:
            currency = self._default_currency.get(item.multiplier)
        if currency is None and item.multiplier is None:
            if purpose is None or not self.bare_minimum <= item.value < _BARE_MAXIMUM:
                return None  # a bare number: an age, a date, a count, a licence or visa number
            currency = "PKR"
        amount = item.value * multiplier
        low = item.low if item.low is not None else amount
        return Money(
            amount,
            low,
            currency,
            item.period,
            purpose,
            text.original[item.start : item.end],
            (item.start, item.end),
        )

    # -- judging -------------------------------------------------------------------------

    def usd_per_month(self, money: Money) -> float | None:
        """The amount in US dollars a month (approximate), or None for an unknown currency."""
        if money.currency is None or money.currency not in self.rates:
            return None
        months = self.months_per.get(money.period or "month", 1.0)
        return money.amount * months / self.rates[money.currency]

    def at_destination(self, money: Money, countries: tuple[str, ...]) -> Money:
        """``money`` in the currency its name means at the first destination the ad names.

        "Riyal" is read as the Saudi riyal, but an ad for Oman that says "850 rial" pays
        Omani rials, worth ten times as much: a driver's pay there would look poor instead of
        too good (money.yaml ``same_name``). Without such a destination nothing changes.
        """
        local = self._same_name.get(money.currency or "")
        if local:
            for country in countries:
                if country in local:
                    return replace(money, currency=local[country])
        return money

    def salary(self, amounts: tuple[Money, ...]) -> Money | None:
        """The promised pay: a sum called salary, else a foreign-currency sum nobody asks for,
        else a rupee sum paid by the month or day. A bare rupee lump sum ("Japan ka kaam, visit
        visa, 8 lakh") is what the agent charges far more often than the pay abroad."""
        for wanted in (
            lambda m: m.purpose == "salary",
            lambda m: m.purpose is None and m.currency not in (None, "PKR"),
            lambda m: m.purpose is None and m.currency == "PKR" and m.period is not None,
        ):
            for money in amounts:
                if wanted(money):
                    return money if money.purpose else replace(money, purpose="salary")
        return None
