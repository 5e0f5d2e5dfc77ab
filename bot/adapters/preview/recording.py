"""The preview's *Record* page: a volunteer records a line in the browser and it is saved in
``content/audio/<lang>/<key>.ogg`` with the stamp of the text it speaks.

Browsers record Opus, but Chromium wraps it in WebM (``audio/webm;codecs=opus``), which
Telegram does not play as a voice note; the Opus packets are moved into an OGG container as
they are (PyAV, no re-encoding, so nothing of the voice is lost). Whatever arrives is checked
with the same reader ``content check`` uses before anything is written.
"""

from __future__ import annotations

import asyncio
import io
from html import unescape
from pathlib import Path
from typing import Any

import av
from aiohttp import web

from bot.adapters.console import render_plain
from bot.content.audio import (
    MAX_BYTES,
    SUFFIX,
    audio_dir,
    key_of,
    read_stamps,
    recordable,
    spoken_text,
    stamp_recording,
    text_stamp,
)
from bot.content.model import Content
from bot.content.ogg_opus import NotOggOpus, read_opus
from bot.content.reload import ContentReloader

MAX_UPLOAD = 4 * MAX_BYTES  # a WebM of a line is larger than its OGG; refuse what is absurd


def as_ogg_opus(data: bytes) -> bytes:
    """``data`` (OGG/Opus, or WebM/Opus as Chromium records) as OGG/Opus; NotOggOpus if neither."""
    if data.startswith(b"OggS"):
        read_opus(data)
        return data
    if not data.startswith(b"\x1a\x45\xdf\xa3"):  # the EBML magic of WebM/Matroska
        raise NotOggOpus("the browser sent neither OGG nor WebM audio")
    out = io.BytesIO()
    try:
        with av.open(io.BytesIO(data), mode="r", format="webm") as source:
            streams = [s for s in source.streams if s.type == "audio"]
            if not streams or streams[0].codec_context.name != "opus":
                raise NotOggOpus("the recording is not Opus audio")
            with av.open(out, mode="w", format="ogg") as target:
                stream = target.add_stream_from_template(streams[0])
                for packet in source.demux(streams[0]):
                    if packet.dts is None:  # the demuxer's final empty packet
                        continue
                    packet.stream = stream
                    target.mux(packet)
    except av.FFmpegError as exc:
        raise NotOggOpus(f"the recording could not be read: {exc}") from exc
    converted = out.getvalue()
    read_opus(converted)
    return converted


def lines(
    content: Content, content_dir: Path, code: str, country: str | None = None
) -> list[dict[str, Any]]:
    """Every recordable line of ``code`` as ``country``'s view shows it (the general view
    without one): its key, the words to say, and where it stands."""
    content = content.for_country(country)
    lang = content.languages[code]
    stamps = read_stamps(audio_dir(content_dir, code), "recorded_from.yaml", [])
    found = []
    for path in recordable(content):
        key = key_of(path)
        file = audio_dir(content_dir, code) / f"{key}{SUFFIX}"
        status = "missing"
        if file.exists():
            status = "recorded" if stamps.get(key) == text_stamp(lang, path) else "outdated"
        found.append(
            {
                "key": key,
                "text": unescape(render_plain(spoken_text(lang, path) or "")),
                "status": status,
                # Whether the bot serves it now (the watcher reloads a moment after a save).
                "offered": content.recordings.get(code, key) is not None,
                "url": f"/api/recordings/{code}/{key}{SUFFIX}" if file.exists() else None,
            }
        )
    return found


class Recorder:
    """The handlers of the *Record* page, over the content folder and the current content."""

    def __init__(self, reloader: ContentReloader) -> None:
        self._reloader = reloader
        self._content_dir = reloader.content_dir
        self._current = reloader.holder.current  # the content the bot serves now

    def _language(self, request: web.Request) -> str:
        code = request.match_info.get("language") or request.query.get("language", "")
        if code not in self._current().languages:
            raise web.HTTPNotFound(text=f"no language {code!r}")
        return code

    def _country(self, request: web.Request) -> str | None:
        code = request.query.get("country", "")
        if code and code not in self._current().countries:
            raise web.HTTPNotFound(text=f"no country pack {code!r}")
        return code or None

    def _key(self, request: web.Request) -> str:
        key = request.match_info["key"]
        if key not in {key_of(p) for p in recordable(self._current())}:
            raise web.HTTPNotFound(text=f"no recordable text {key!r}")
        return key

    async def list(self, request: web.Request) -> web.Response:
        """``GET /api/recordings?language=ur[&country=PK]``: the lines and their state."""
        content = self._current()
        code, country = self._language(request), self._country(request)
        languages = [{"code": c, "name": lang.name} for c, lang in content.languages.items()]
        countries = [
            {"code": c, "name": pack.name(code)} for c, pack in sorted(content.countries.items())
        ]
        body = {
            "languages": languages,
            "language": code,
            "countries": countries,
            "country": country or "",
            "lines": lines(content, self._content_dir, code, country),
        }
        return web.json_response(body)

    async def play(self, request: web.Request) -> web.FileResponse:
        """``GET /api/recordings/<lang>/<key>.ogg``: the saved recording, to listen to."""
        path = (
            audio_dir(self._content_dir, self._language(request)) / f"{self._key(request)}{SUFFIX}"
        )
        if not path.exists():
            raise web.HTTPNotFound()
        return web.FileResponse(path, headers={"Content-Type": "audio/ogg"})

    async def save(self, request: web.Request) -> web.Response:
        """``POST /api/recordings/<lang>/<key>.ogg[?country=PK]`` with the recorded audio as
        the body; stamped with the text as that country's view (or the general one) shows it."""
        code, key, country = self._language(request), self._key(request), self._country(request)
        data = await request.content.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise web.HTTPRequestEntityTooLarge(MAX_UPLOAD, len(data))
        try:
            ogg = await asyncio.to_thread(as_ogg_opus, data)
        except NotOggOpus as exc:
            return web.json_response({"error": f"Not saved: {exc}"}, status=400)
        if len(ogg) > MAX_BYTES:
            return web.json_response({"error": "Not saved: longer than 1 MB"}, status=400)
        folder = audio_dir(self._content_dir, code)
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{key}{SUFFIX}.part"
        temporary.write_bytes(ogg)
        temporary.replace(folder / f"{key}{SUFFIX}")  # the watcher never sees half a file
        stamp_recording(self._content_dir, self._current(), code, key, country)
        saved = f"{self._content_dir.name}/audio/{code}/{key}{SUFFIX}"
        # Reloaded here rather than left to the watcher, so the answer can say whether the
        # bot offers the line now (the watcher's own reload after it changes nothing).
        await asyncio.to_thread(self._reloader.reload, [saved])
        offered = self._current().for_country(country).recordings.get(code, key) is not None
        return web.json_response({"saved": saved, "bytes": len(ogg), "offered": offered})


def add_routes(app: web.Application, recorder: Recorder) -> None:
    """The *Record* page's API."""
    app.router.add_get("/api/recordings", recorder.list)
    app.router.add_get("/api/recordings/{language}/{key}.ogg", recorder.play)
    app.router.add_post("/api/recordings/{language}/{key}.ogg", recorder.save)
