"""A user's state survives the store: everything it holds comes back after a restart."""

from __future__ import annotations

import json
from dataclasses import fields

from bot.core.state import ChecklistRun, UserState


def _full_state() -> UserState:
    return UserState(
        language="ur",
        language_chosen=True,
        country="PK",
        country_chosen=True,
        screen="checklist",
        runs=3,
        checklist=ChecklistRun(run=3, position=4, answers={"visa": "visit"}, finished=False),
        extra={"answered": {"text": "agent 5 lakh mang raha hai", "flags": ["upfront_fee"]}},
    )


def test_every_field_of_a_state_is_saved_and_read_back() -> None:
    state = _full_state()
    saved = json.loads(json.dumps(state.to_json()))
    assert set(saved) == {f.name for f in fields(UserState)}
    assert set(saved["checklist"]) == {f.name for f in fields(ChecklistRun)}
    assert UserState.from_json(saved) == state


def test_a_saved_state_does_not_change_when_the_next_step_changes_its_answers() -> None:
    state = _full_state()
    saved = state.to_json()
    assert state.checklist is not None
    state.checklist.answers["salary"] = "very_high"
    state.extra["language_hint"] = "en"
    assert saved["checklist"]["answers"] == {"visa": "visit"}
    assert "language_hint" not in saved["extra"]
