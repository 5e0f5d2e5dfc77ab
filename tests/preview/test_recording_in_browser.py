"""A volunteer records a line on the preview's Record page, in a real headless Chromium whose
microphone plays a tone; the line lands in content/audio/ as OGG/Opus, stamped, and is offered."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import av
import numpy as np
import pytest_asyncio

from bot.adapters.preview import RunningPreview
from bot.content.audio import audio_dir, manifest_data, text_stamp
from bot.content.loader import inspect_content
from bot.content.ogg_opus import read_opus
from tests.audio.sound import write_wav
from tests.preview.browser import Chromium, Page
from tests.preview.conftest import ARTIFACTS

KEY = "checklist.recruiter.question"
TONE = 330.0


@pytest_asyncio.fixture
async def microphone_page(chromium: str, tmp_path: Path) -> AsyncIterator[Page]:
    """A tab of a Chromium whose microphone is a WAV of a 330 Hz tone, allowed without asking."""
    wav = write_wav(tmp_path / "tone.wav", seconds=4.0, frequency=TONE)
    flags = (
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}",
        "--autoplay-policy=no-user-gesture-required",
    )
    browser = await Chromium.launch(chromium, tmp_path / "chromium-profile", (1280, 900), flags)
    try:
        tab = await browser.new_page()
        await tab.set_viewport(1280, 1000)
        yield tab
        assert not tab.errors, f"JavaScript errors on the page: {tab.errors}"
    finally:
        await browser.close()


def loudest_frequency(ogg: bytes) -> float:
    """The strongest frequency in the recording, to tell the microphone's tone from noise."""
    with av.open(io.BytesIO(ogg)) as source:
        samples = np.concatenate(
            [frame.to_ndarray().reshape(-1) for frame in source.decode(audio=0)]
        )
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / 48_000)[int(np.argmax(spectrum))])


async def test_a_line_recorded_in_the_browser_is_saved_as_ogg_opus_with_its_stamp(
    microphone_page: Page, preview: RunningPreview, content_copy: tuple[Path, Path]
) -> None:
    page = microphone_page
    content_dir, locales_dir = content_copy
    # An Urdu reader's home country is guessed as Pakistan, whose pack words this question
    # its own way: the volunteer records the line as Pakistan's readers see it.
    await page.goto(f"{preview.url}record?language=ur&country=PK")
    row = f'tr[data-key="{KEY}"]'
    await page.wait_for(
        f"document.querySelector('{row}')?.dataset.status === 'missing'", "the lines"
    )
    mime = await page.evaluate("recordingType()")
    assert mime.endswith("codecs=opus")
    await page.click("Record", within=row)
    await page.wait_for_text("Recording", "#status")
    # The length of the recording itself: a line of speech takes a moment to say.
    await page.evaluate("new Promise(done => setTimeout(done, 1500))")
    await page.click("Stop", within=row)
    # Saving reloads the content, which reads every file again: slow on a busy machine.
    await page.wait_for_text(
        f"Saved content/audio/ur/{KEY}.ogg; the bot offers it now", "#status", seconds=120
    )
    await page.wait_for(f"document.querySelector('{row}').dataset.status === 'recorded'", "the row")
    await page.wait_for(f"document.querySelector('{row} audio') !== null", "a player")
    await page.screenshot(ARTIFACTS / "preview-record.png")

    saved = (audio_dir(content_dir, "ur") / f"{KEY}.ogg").read_bytes()
    # 1.5 s were recorded; a busy machine may start the fake microphone a little late.
    assert saved.startswith(b"OggS") and read_opus(saved).duration >= 0.5
    assert abs(loudest_frequency(saved) - TONE) < 15, "the microphone's sound, not silence"
    inspection = inspect_content(content_dir, locales_dir)
    assert inspection.content is not None
    path = ("checklist", "recruiter", "question")
    stamp = manifest_data(audio_dir(content_dir, "ur"))["recorded_from"][KEY]
    assert stamp == text_stamp(inspection.content.for_country("PK").languages["ur"], path)
    assert inspection.content.for_country("PK").recordings.get("ur", KEY) is not None
    assert not [p for p in inspection.problems if "/audio/" in p.file]
    offered = await page.evaluate(
        "fetch('/api/recordings?language=ur&country=PK').then(r => r.json())"
        f".then(d => d.lines.find(l => l.key === '{KEY}').offered)"
    )
    assert offered, "the running preview's bot offers it at once"
    # In the chat, the question now has *🔊 Listen*, and pressing it plays the recording.
    await page.goto(preview.url)
    await page.click("اردو")
    await page.idle()
    await page.click("/check")
    await page.idle()
    await page.click("🔊 سنیں")
    await page.idle()
    voice = "document.querySelector('#messages audio.voice')"
    await page.wait_for(
        f"{voice} && {voice}.src.endsWith('/api/recordings/ur/{KEY}.ogg')", "a voice"
    )
    duration = await page.wait_for(
        f"{voice}.readyState >= 1 && {voice}.duration", "the browser to read the recording"
    )
    # The player has the file that was saved, not an empty or another recording
    # (read_opus gives whole seconds, rounded up, as Telegram's voice notes do).
    assert read_opus(saved).duration - 1 < duration <= read_opus(saved).duration, duration
    await page.wait_for_text("ur: 1 of 92 lines recorded", "#recordings")
    await page.screenshot(ARTIFACTS / "preview-listen.png")
