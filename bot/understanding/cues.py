"""The evidence of one text, and when a phrase of redflags.yaml counts as a cue there.

``Reading`` holds everything the scanner read from a text once (lexicon hits by label,
regex spans, places, amounts); ``Cues`` decides, from the kinds of cue of redflags.yaml
(cues, fixed, pairs, if_hub, cancel, exclude, regex), which hit raises a flag or a signal
and which a nearby negation ("no fee", "fees nahi") or cancel word takes back.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from bot.understanding.money import Money
from bot.understanding.phrases import Hit
from bot.understanding.places import PlaceHit
from bot.understanding.tokens import TokenizedText


@dataclass
class Reading:
    """Everything read from one text, shared by the flag, signal and ad-likeness rules."""

    text: TokenizedText
    hits: dict[str, list[Hit]]
    places: tuple[PlaceHit, ...]
    amounts: tuple[Money, ...]
    salary: Money | None
    regex: dict[str, list[tuple[int, int]]]
    starts: list[int] = field(default_factory=list)  # each token's start, for token_range

    def of(self, label: str) -> list[Hit]:
        """The hits of one lexicon label ("upfront_fee:cues"), none when absent."""
        return self.hits.get(label, [])


def token_range(found: Reading, span: tuple[int, int]) -> tuple[int, int]:
    """Indices (first, end) of the tokens starting inside ``span`` (a binary search: a
    message with hundreds of amounts must not cost hundreds of passes over its words)."""
    starts = found.starts
    first, end = bisect_left(starts, span[0]), bisect_left(starts, span[1])
    return (first, end) if first < end else (0, 0)


class Cues:
    """The negation window and, per flag or signal, the lexicon labels that make its cues."""

    def __init__(
        self, negation_window: tuple[int, int], cue_labels: dict[str, frozenset[str]]
    ) -> None:
        self.negation_window = negation_window
        self.cue_labels = cue_labels

    def negated(self, found: Reading, first: int, last: int) -> bool:
        """A negation close before or after, in the same clause ("no fee", "fees nahi")."""
        tokens = found.text.tokens
        before, after = self.negation_window
        before_only = {h.first for h in found.of("neg:before_only")}
        # "tension na lo", "don't worry": a negation word that reassures, negating nothing
        reassuring = {i for h in found.of("neg:not") for i in range(h.first, h.last + 1)}
        for neg in found.of("neg:word"):
            if neg.first in reassuring:
                continue
            if (neg.last < first and first - neg.last <= before) or (
                neg.first > last and neg.first - last <= after and neg.first not in before_only
            ):
                lo, hi = min(neg.first, first), max(neg.last, last)
                if tokens[lo].clause == tokens[hi].clause:
                    return True
        return any(
            n.last < first and tokens[n.last].clause == tokens[first].clause
            for n in found.of("neg:clause")
        )

    @staticmethod
    def near(hits: list[Hit], first: int, last: int, window: int) -> bool:
        return any(h.first <= last + window and h.last >= first - window for h in hits)

    def cue_spans(self, found: Reading, group: str, spec: dict) -> list[tuple[int, int, bool]]:
        """(first, last, negatable) of every cue and pair of ``group``, in text order."""
        spans = [(h.first, h.last, True) for h in found.of(f"{group}:cues")]
        spans += [(h.first, h.last, False) for h in found.of(f"{group}:fixed")]
        if any(p.place.risky for p in found.places):
            spans += [(h.first, h.last, True) for h in found.of(f"{group}:if_hub")]
        tokens = found.text.tokens
        for n, pair in enumerate(spec.get("pairs", ())):
            for a in found.of(f"{group}:pair{n}a"):
                for b in found.of(f"{group}:pair{n}b"):
                    lo, hi = min(a.first, b.first), max(a.last, b.last)
                    distance = max(a.first, b.first) - min(a.last, b.last)
                    if (
                        0 < distance <= pair["window"]
                        and tokens[lo].sentence == tokens[hi].sentence
                    ):
                        spans.append((lo, hi, pair.get("negatable", True)))
        window = int(spec.get("cancel_window", 0))
        cancels = found.of(f"{group}:cancel")
        excluded = found.of(f"{group}:exclude")  # a cue inside a longer phrase ("فیس بک")
        return sorted(
            (first, last, negatable)
            for first, last, negatable in spans
            if not (cancels and self.near(cancels, first, last, window))
            and not (excluded and self.near(excluded, first, last, 0))
        )

    def first_cue(
        self, found: Reading, group: str, spec: dict
    ) -> tuple[str, tuple[int, int]] | None:
        """The earliest cue of ``group`` that is not negated, else its first regex match."""
        if not self.cue_labels[group].isdisjoint(found.hits):
            for first, last, negatable in self.cue_spans(found, group, spec):
                if not (negatable and self.negated(found, first, last)):
                    return found.text.quote(first, last), found.text.span(first, last)
        spans = found.regex.get(group)
        if spans:
            start, end = min(spans)
            return found.text.original[start:end], (start, end)
        return None
