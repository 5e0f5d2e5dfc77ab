"""The file_id of each uploaded recording, on both backends: reused for the same bytes only."""

from __future__ import annotations

from pathlib import Path

from bot.content.audio import file_digest
from bot.content.model import Recording
from bot.store.base import Store
from bot.voice_notes import VoiceNotes
from tests.audio.sound import opus

NAME = "audio/ur/checklist.recruiter.question.ogg"


async def test_a_file_id_is_found_again_only_for_the_bytes_it_was_made_from(store: Store) -> None:
    assert await store.voice_file_id(NAME, "aaaa") is None
    await store.save_voice_file_id(NAME, "aaaa", "FILE-1")
    assert await store.voice_file_id(NAME, "aaaa") == "FILE-1"
    assert await store.voice_file_id(NAME, "bbbb") is None, "a re-recorded file uploads anew"
    await store.save_voice_file_id(NAME, "bbbb", "FILE-2")
    assert await store.voice_file_id(NAME, "bbbb") == "FILE-2"
    assert await store.voice_file_id(NAME, "aaaa") is None


async def test_voice_notes_read_what_is_on_disk_and_remember_its_upload(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / NAME
    path.parent.mkdir(parents=True)
    path.write_bytes(opus(frequency=500))
    recording = Recording(
        "ur", "checklist.recruiter.question", NAME, file_digest(path.read_bytes()), 2
    )
    notes = VoiceNotes(store, tmp_path)
    assert await notes.file_id(recording) is None
    data, digest = await notes.read(recording)
    assert data == path.read_bytes() and digest == recording.digest
    await notes.uploaded(recording, digest, "FILE-9")
    assert await notes.file_id(recording) == "FILE-9"
    path.write_bytes(opus(frequency=700))  # re-recorded; the reload gives it a new digest
    changed = Recording("ur", recording.key, NAME, file_digest(path.read_bytes()), 2)
    assert await notes.file_id(changed) is None
