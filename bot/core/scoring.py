"""Turning checklist answers (or flags found in an ad) into a verdict. Pure and documented.

The score is the sum of the weights of the red flags found, plus half the weight of those
the user was unsure about. Thresholds turn the score into a level. Doubts alone can raise
the level to ``doubts_cap`` at most (Caution: "find these out before you decide"); above it
only confirmed facts count, so "not sure" to everything never looks as bad as a known fact.
Decisive rules then raise the level whatever the score: a call-centre job in a Mekong hub is
High on any visa, and Danger with any second sign. Rules too only look at what the user
confirmed (flags and signals), never at doubts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.content.model import Checklist
from bot.core.checklist_path import relevant_answers

UNSURE_FACTOR = 0.5


@dataclass(frozen=True)
class Assessment:
    """A verdict and its reasons, in the content's order so every reader sees the same list."""

    level: str
    score: float
    flags: tuple[str, ...]
    unsure: tuple[str, ...]
    signals: frozenset[str]
    rules: tuple[str, ...]
    notes: tuple[str, ...]
    by_doubts: bool = False
    """The level is above what the confirmed flags alone give: reached through doubts."""


def level_for_score(checklist: Checklist, score: float) -> str:
    """The highest level whose threshold the score reaches (the first level below all)."""
    level = checklist.levels[0]
    for candidate in checklist.levels[1:]:
        threshold = checklist.thresholds.get(candidate)
        if threshold is not None and score >= threshold:
            level = candidate
    return level


def assess_flags(
    checklist: Checklist,
    flags: Iterable[str],
    unsure: Iterable[str] = (),
    signals: Iterable[str] = (),
) -> Assessment:
    """Assess a set of red flags, doubts and signals (from the checklist or an ad scan)."""
    flag_set = set(flags)
    unsure_set = set(unsure) - flag_set
    signal_set = frozenset(signals)
    weights = checklist.flag_weights
    confirmed = sum(weights[f] for f in flag_set)
    score = confirmed + UNSURE_FACTOR * sum(weights[f] for f in unsure_set)
    rank = {level: i for i, level in enumerate(checklist.levels)}
    level = level_for_score(checklist, confirmed)
    with_doubts = level_for_score(checklist, score)
    cap = checklist.doubts_cap or checklist.levels[-1]
    if rank[with_doubts] > rank[level]:
        level = checklist.levels[max(rank[level], min(rank[with_doubts], rank[cap]))]
    by_doubts = level_for_score(checklist, confirmed) != level
    present = flag_set | signal_set
    fired = [rule for rule in checklist.rules if rule.fires(present)]
    for rule in fired:
        if rank[rule.level] >= rank[level]:
            by_doubts = False
        if rank[rule.level] > rank[level]:
            level = rule.level
    notes = tuple(
        note.id
        for note in checklist.notes
        if (note.when is not None and note.when in present)
        or (note.level is not None and note.level == level)
    )
    order = list(weights)
    return Assessment(
        level=level,
        score=score,
        flags=tuple(sorted(flag_set, key=order.index)),
        unsure=tuple(sorted(unsure_set, key=order.index)),
        signals=signal_set,
        rules=tuple(rule.id for rule in fired if rank[rule.level] >= rank[level]),
        notes=notes,
        by_doubts=by_doubts,
    )


def assess_answers(checklist: Checklist, answers: Mapping[str, str]) -> Assessment:
    """Assess the answers of a checklist run; unknown or stale answer ids are ignored.

    So are answers to questions that the other answers make moot (``skip_if``): the user
    may have answered "which city?" and then gone back to change the country.
    """
    answers = relevant_answers(checklist, answers)
    flags: list[str] = []
    unsure: list[str] = []
    signals: list[str] = []
    for question in checklist.questions:
        answer = question.answer(answers.get(question.id, ""))
        if answer is None:
            continue
        flags.extend(answer.flags)
        unsure.extend(answer.unsure)
        signals.extend(answer.signals)
    return assess_flags(checklist, flags, unsure, signals)
