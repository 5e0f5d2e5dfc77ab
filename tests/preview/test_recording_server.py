"""The Record page's API: what a browser sends is stored as OGG/Opus, or refused untouched."""

from __future__ import annotations

from pathlib import Path

import aiohttp

from bot.adapters.preview import RunningPreview
from bot.content.audio import audio_dir
from bot.content.ogg_opus import read_opus
from tests.audio.sound import opus

KEY = "levels.danger.summary"


async def post(preview: RunningPreview, path: str, data: bytes) -> tuple[int, dict[str, object]]:
    async with aiohttp.ClientSession() as http, http.post(f"{preview.url}{path}", data=data) as r:
        return r.status, await r.json() if r.content_type == "application/json" else {}


async def test_webm_from_chromium_is_stored_as_ogg_opus_without_reencoding(
    preview: RunningPreview, content_copy: tuple[Path, Path]
) -> None:
    status, body = await post(preview, f"api/recordings/ps/{KEY}.ogg", opus("webm", seconds=2.5))
    assert status == 200, body
    saved = (audio_dir(content_copy[0], "ps") / f"{KEY}.ogg").read_bytes()
    assert read_opus(saved).duration == 3


async def test_what_is_not_opus_is_refused_and_nothing_is_written(
    preview: RunningPreview, content_copy: tuple[Path, Path]
) -> None:
    status, body = await post(preview, f"api/recordings/ps/{KEY}.ogg", b"RIFF....WAVEfmt ")
    assert status == 400 and "Not saved" in str(body["error"])
    assert not audio_dir(content_copy[0], "ps").exists()
    status, _ = await post(preview, "api/recordings/ps/checklist.nothing.question.ogg", opus())
    assert status == 404


async def test_a_line_recorded_for_a_country_is_offered_in_that_countrys_view_only(
    preview: RunningPreview, content_copy: tuple[Path, Path]
) -> None:
    key = "checklist.recruiter.question"  # Pakistan's pack names its OEP licence here
    status, body = await post(preview, f"api/recordings/ps/{key}.ogg?country=PK", opus())
    assert status == 200 and body["offered"] is True, body
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{preview.url}api/recordings?language=ps&country=PK") as r:
            pakistan = {line["key"]: line for line in (await r.json())["lines"]}
        async with http.get(f"{preview.url}api/recordings?language=ps") as r:
            general = {line["key"]: line for line in (await r.json())["lines"]}
    assert pakistan[key]["status"] == "recorded" and pakistan[key]["offered"]
    assert general[key]["status"] == "outdated" and not general[key]["offered"]
    assert pakistan[key]["text"] != general[key]["text"]
    status, _ = await post(preview, f"api/recordings/ps/{key}.ogg?country=XX", opus())
    assert status == 404
