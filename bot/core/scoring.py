"""Turning checklist answers (or flags found in an ad) into a verdict. Pure and documented.

The score is the sum of the weights of the red flags found, plus half the weight of those
the user was unsure about. Thresholds turn the score into a level. Decisive rules then raise
the level whatever the score: a visit visa to a Mekong hub for a call-centre job is danger
even if everything else looks fine. Rules only look at what the user confirmed (flags and
signals), never at doubts, so "not sure" cannot make an offer look as bad as a known fact.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.content.model import Checklist

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
    score = sum(weights[f] for f in flag_set) + UNSURE_FACTOR * sum(weights[f] for f in unsure_set)
    rank = {level: i for i, level in enumerate(checklist.levels)}
    level = level_for_score(checklist, score)
    present = flag_set | signal_set
    fired = [rule for rule in checklist.rules if rule.when <= present]
    for rule in fired:
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
    )


def assess_answers(checklist: Checklist, answers: Mapping[str, str]) -> Assessment:
    """Assess the answers of a checklist run; unknown or stale answer ids are ignored."""
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
