"""Volunteers' recordings in content/audio/: coverage, outdated stamps, files Telegram can't play."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.content.audio import audio_dir, run_stamp_audio, stamp_recording
from bot.content.check_report import build_report, run_check
from bot.content.loader import inspect_content
from bot.content.ogg_opus import NotOggOpus, read_opus
from tests.audio.sound import opus

KEY = "checklist.recruiter.question"
GENERAL_KEY = "checklist.destination.question"  # the same in every country


def record(content_dir: Path, code: str, key: str, data: bytes | None = None) -> Path:
    folder = audio_dir(content_dir, code)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.ogg"
    path.write_bytes(opus() if data is None else data)
    return path


def test_the_real_content_ships_no_recording_and_reports_every_line_missing() -> None:
    from tests.conftest import CONTENT_DIR, LOCALES_DIR

    report = build_report(CONTENT_DIR, LOCALES_DIR)
    assert report.inspection.audio, "coverage is listed for every language"
    for item in report.inspection.audio:
        assert item.recorded == 0 and len(item.missing) == item.total
        assert KEY in item.missing and "levels.danger.summary" in item.missing
        assert "checklist.recruiter.answers.licensed_checked" in item.missing


def test_a_stamped_recording_is_offered_and_missing_ones_are_coverage_not_warnings(
    content_copy: tuple[Path, Path],
) -> None:
    content_dir, locales_dir = content_copy
    before = inspect_content(content_dir, locales_dir)
    record(content_dir, "ur", KEY)
    stamp_recording(content_dir, before.content, "ur", KEY)  # type: ignore[arg-type]
    out = io.StringIO()
    assert run_check(content_dir, locales_dir, out, strict=True) == 0, out.getvalue()
    after = inspect_content(content_dir, locales_dir)
    found = after.content.recordings.get("ur", KEY)  # type: ignore[union-attr]
    assert found is not None and found.file == f"audio/ur/{KEY}.ogg" and found.duration == 2
    assert after.content.recordings.get("en", KEY) is None  # type: ignore[union-attr]
    ur = next(a for a in after.audio if a.code == "ur")
    assert ur.recorded == 1 and KEY not in ur.missing
    assert "ur: 1/" in out.getvalue() and "missing: checklist.recruiter.answers" in out.getvalue()


def test_a_recording_whose_text_changed_is_outdated_and_no_longer_offered(
    content_copy: tuple[Path, Path],
) -> None:
    content_dir, locales_dir = content_copy
    content = inspect_content(content_dir, locales_dir).content
    record(content_dir, "ur", GENERAL_KEY)
    stamp_recording(content_dir, content, "ur", GENERAL_KEY)  # type: ignore[arg-type]
    texts = content_dir / "texts" / "ur.yaml"
    question = content.languages["ur"].texts["checklist"]["destination"]["question"]  # type: ignore[union-attr]
    source = texts.read_text(encoding="utf-8")
    assert question in source
    texts.write_text(source.replace(question, question + " ؟", 1), encoding="utf-8")
    inspection = inspect_content(content_dir, locales_dir)
    assert inspection.content is not None
    assert inspection.content.recordings.get("ur", GENERAL_KEY) is None
    outdated = [p for p in inspection.problems if "outdated recording" in p.message]
    assert [p.file for p in outdated] == [f"content/audio/ur/{GENERAL_KEY}.ogg"]
    assert outdated[0].severity == "warning"
    assert next(a for a in inspection.audio if a.code == "ur").outdated == (GENERAL_KEY,)
    assert run_check(content_dir, locales_dir, io.StringIO(), strict=True) == 1


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"ID3\x04\x00\x00\x00\x00\x00\x00mp3 frames", "not an OGG file"),
        (opus("webm"), "not an OGG file"),
        (opus()[:-40], "cut short"),
        (b"", "empty"),
    ],
    ids=["mp3", "webm", "truncated", "empty"],
)
def test_a_file_telegram_cannot_play_as_a_voice_note_is_an_error_with_its_path(
    content_copy: tuple[Path, Path], data: bytes, why: str
) -> None:
    content_dir, locales_dir = content_copy
    record(content_dir, "ps", GENERAL_KEY, data)
    inspection = inspect_content(content_dir, locales_dir)
    errors = [p for p in inspection.problems if p.severity == "error"]
    assert [p.file for p in errors] == [f"content/audio/ps/{GENERAL_KEY}.ogg"]
    assert why in errors[0].message
    assert inspection.content is None, "the bot refuses content with errors"


def test_an_unstamped_or_unknown_recording_is_a_warning(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    record(content_dir, "en", KEY)
    record(content_dir, "en", "checklist.no_such_question.question")
    inspection = inspect_content(content_dir, locales_dir)
    warned = {p.file: p.message for p in inspection.problems if "/audio/" in p.file}
    assert "stamp-audio en checklist.recruiter.question" in warned[f"content/audio/en/{KEY}.ogg"]
    assert "never played" in warned["content/audio/en/checklist.no_such_question.question.ogg"]
    assert inspection.content is not None and inspection.content.recordings.get("en", KEY) is None


def test_stamp_audio_marks_what_was_recorded(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    content = inspect_content(content_dir, locales_dir).content
    assert content is not None
    out = io.StringIO()
    assert run_stamp_audio(content_dir, content, "ur", [], out) == 2  # nothing recorded yet
    record(content_dir, "ur", "levels.danger.summary")
    assert run_stamp_audio(content_dir, content, "ur", [], out) == 0
    after = inspect_content(content_dir, locales_dir)
    assert after.content is not None
    assert after.content.recordings.get("ur", "levels.danger.summary") is not None


def test_the_reader_accepts_real_opus_and_names_the_problem_otherwise() -> None:
    assert read_opus(opus(seconds=3.2)).duration == 4
    damaged = bytearray(opus())
    damaged[300] ^= 0xFF
    with pytest.raises(NotOggOpus, match="checksum"):
        read_opus(bytes(damaged))


def test_the_page_checksum_is_the_one_rfc_3533_defines() -> None:
    """The fast checksum (zlib on bit-reversed bytes) against the definition, bit by bit."""
    from bot.content.ogg_opus import ogg_crc

    def by_definition(data: bytes) -> int:
        crc = 0
        for byte in data:
            crc ^= byte << 24
            for _ in range(8):
                crc = ((crc << 1) ^ 0x04C11DB7 if crc & 0x80000000 else crc << 1) & 0xFFFFFFFF
        return crc

    for data in (b"", b"\x00", b"OggS", bytes(range(256)), opus()[:5000]):
        assert ogg_crc(data) == by_definition(data)


def test_a_recording_of_a_countrys_text_is_played_only_to_that_country(
    content_copy: tuple[Path, Path],
) -> None:
    content_dir, locales_dir = content_copy
    content = inspect_content(content_dir, locales_dir).content
    assert content is not None
    general = content.for_country(None).language("ur").text(*KEY.split("."))
    pakistani = content.for_country("PK").language("ur").text(*KEY.split("."))
    assert general != pakistani, "the licence question names Pakistan's licence for PK"
    record(content_dir, "ur", KEY)
    out = io.StringIO()
    assert run_stamp_audio(content_dir, content, "ur", [KEY], out, country="PK") == 0
    assert "PK's text" in out.getvalue()
    inspection = inspect_content(content_dir, locales_dir)
    assert inspection.content is not None
    assert not [p for p in inspection.problems if "/audio/" in p.file], "not outdated"
    assert inspection.content.for_country("PK").recordings.get("ur", KEY) is not None
    assert inspection.content.for_country(None).recordings.get("ur", KEY) is None
    assert inspection.content.for_country("BD").recordings.get("ur", KEY) is None
    assert run_check(content_dir, locales_dir, io.StringIO(), strict=True) == 0


def test_a_recording_of_the_general_text_is_not_played_where_a_country_shows_its_own(
    content_copy: tuple[Path, Path],
) -> None:
    content_dir, locales_dir = content_copy
    content = inspect_content(content_dir, locales_dir).content
    assert content is not None
    for key in (KEY, GENERAL_KEY):
        record(content_dir, "ur", key)
        stamp_recording(content_dir, content, "ur", key)
    after = inspect_content(content_dir, locales_dir).content
    assert after is not None
    general, pakistan = after.for_country(None), after.for_country("PK")
    assert general.recordings.get("ur", KEY) is not None
    assert pakistan.recordings.get("ur", KEY) is None, "PK reads another text"
    assert pakistan.recordings.get("ur", GENERAL_KEY) is not None, "the same text everywhere"


def test_a_countrys_recording_is_outdated_when_the_packs_text_changes(
    content_copy: tuple[Path, Path],
) -> None:
    content_dir, locales_dir = content_copy
    content = inspect_content(content_dir, locales_dir).content
    assert content is not None
    record(content_dir, "ur", KEY)
    stamp_recording(content_dir, content, "ur", KEY, "PK")
    pack = content_dir / "countries" / "PK.yaml"
    question = str(content.for_country("PK").language("ur").text(*KEY.split(".")))
    source = pack.read_text(encoding="utf-8")
    assert source.count(question) == 1
    pack.write_text(source.replace(question, question.rstrip("؟") + " ؟"), encoding="utf-8")
    inspection = inspect_content(content_dir, locales_dir)
    assert inspection.content is not None
    outdated = [p for p in inspection.problems if "outdated recording" in p.message]
    assert [p.file for p in outdated] == [f"content/audio/ur/{KEY}.ogg"]
    assert inspection.content.for_country("PK").recordings.get("ur", KEY) is None
    assert next(a for a in inspection.audio if a.code == "ur").outdated == (KEY,)


def test_stamp_audio_refuses_a_country_without_a_pack(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    content = inspect_content(content_dir, locales_dir).content
    assert content is not None
    record(content_dir, "ur", KEY)
    out = io.StringIO()
    assert run_stamp_audio(content_dir, content, "ur", [KEY], out, country="XX") == 2
    assert "No country pack XX" in out.getvalue()
    assert not (audio_dir(content_dir, "ur") / "recorded_from.yaml").exists()
