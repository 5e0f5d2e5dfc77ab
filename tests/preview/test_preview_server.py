"""The preview server over HTTP: sessions, the real conversation, refusals, start and stop."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from bot.adapters.preview import RunningPreview, run_preview, start_preview
from bot.config import load_settings
from bot.errors import ConfigError, ContentError
from tests.preview.conftest import preview_of


class Browser:
    """An HTTP client with its own cookies, like one browser profile."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))

    async def post(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        async with self.http.post(self.base + path, json=body) as response:
            return response.status, await response.json()

    async def get(self, path: str) -> dict[str, Any]:
        async with self.http.get(self.base + path) as response:
            assert response.status == 200
            return await response.json()

    async def send(self, text: str) -> list[dict[str, Any]]:
        status, data = await self.post("api/send", {"text": text})
        assert status == 200, data
        return data["ops"]

    async def press(self, data: str, message_id: int | None) -> list[dict[str, Any]]:
        status, result = await self.post("api/press", {"data": data, "message_id": message_id})
        assert status == 200, result
        return result["ops"]


@pytest_asyncio.fixture
async def browsers(preview: RunningPreview) -> AsyncIterator[tuple[Browser, Browser]]:
    pair = (Browser(preview.url), Browser(preview.url))
    yield pair
    for browser in pair:
        await browser.http.close()


def labels(message: dict[str, Any]) -> list[str]:
    return [button["label"] for row in message["buttons"] for button in row]


async def test_each_browser_is_its_own_user_in_the_real_conversation(
    browsers: tuple[Browser, Browser],
) -> None:
    first, second = browsers
    ops = await first.send("/start")
    assert [op["message"]["from"] for op in ops] == ["user", "bot"]
    welcome = ops[1]["message"]
    assert "اردو" in labels(welcome) and welcome["direction"] == "ltr"

    ops = await first.press("lang:ur", welcome["id"])
    assert [op["op"] for op in ops] == ["edit"]
    assert ops[0]["message"]["id"] == welcome["id"]
    assert ops[0]["message"]["direction"] == "rtl"

    ops = await second.send("/start")  # a new user: the language picker again, in English
    assert "اردو" in labels(ops[1]["message"])
    assert ops[1]["message"]["direction"] == "ltr"

    history = await first.get("api/history")
    assert [m["direction"] for m in history["messages"]] == ["auto", "rtl"]
    assert {lang["code"] for lang in history["languages"]} == {
        "en",
        "ur",
        "ur-Latn",
        "ps",
        "hi",
        "ne",
        "bn",
        "si",
        "ta",
        "id",
        "fil",
    }


async def test_pressing_a_button_twice_is_harmless(browsers: tuple[Browser, Browser]) -> None:
    first, _ = browsers
    welcome = (await first.send("/start"))[1]["message"]
    await first.press("lang:en", welcome["id"])
    ops = await first.press("lang:en", welcome["id"])  # Telegram: "message is not modified"
    assert ops == []


async def test_new_user_starts_from_scratch(browsers: tuple[Browser, Browser]) -> None:
    first, _ = browsers
    welcome = (await first.send("/start"))[1]["message"]
    await first.press("lang:ur", welcome["id"])
    status, _ = await first.post("api/new-user", {})
    assert status == 200
    assert (await first.get("api/history"))["messages"] == []
    ops = await first.send("/start")
    assert "اردو" in labels(ops[1]["message"])  # the welcome, not an Urdu menu


async def test_the_page_refuses_other_hosts_and_other_sites(preview: RunningPreview) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(preview.url, headers={"Host": "attacker.example"}) as response:
            assert response.status == 403
        async with http.post(
            preview.url + "api/send",
            json={"text": "/start"},
            headers={"Origin": "http://attacker.example"},
        ) as response:
            assert response.status == 403
        async with http.get(preview.url) as response:
            assert response.status == 200
            assert "Safe job abroad" in await response.text()
    assert preview.runner.addresses[0][0] == "127.0.0.1"


async def test_broken_content_stops_the_start_with_every_problem(
    content_copy: tuple[Path, Path], tmp_path: Path
) -> None:
    content_dir, locales_dir = content_copy
    facts = content_dir / "facts.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace("facts:\n", "facts:\n\tbroken\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        await preview_of(content_dir, locales_dir, tmp_path)
    assert any(str(p).startswith("content/facts.yaml:") for p in caught.value.problems)


async def test_a_broken_save_is_reported_while_the_last_good_content_answers(
    preview: RunningPreview, browsers: tuple[Browser, Browser], content_copy: tuple[Path, Path]
) -> None:
    first, _ = browsers
    facts = content_copy[0] / "facts.yaml"
    good = facts.read_text(encoding="utf-8")
    facts.write_text(
        good.replace("    checked: 2026-11-22\n", "    checked: soon\n", 1), encoding="utf-8"
    )
    result = preview.reloader.reload()
    assert not result.ok
    report = await first.get("api/report")
    assert not report["ok"] and report["errors"] >= 1
    assert any(p["file"] == "content/facts.yaml" and p["line"] for p in report["problems"])
    ops = await first.send("/start")
    assert "English" in labels(ops[-1]["message"])  # still the last good content

    facts.write_text(good, encoding="utf-8")
    assert preview.reloader.reload().ok
    assert (await first.get("api/report"))["ok"]


async def test_a_busy_port_is_one_clear_error(content_copy: tuple[Path, Path]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        settings = load_settings(CONTENT_DIR=content_copy[0], LOCALES_DIR=content_copy[1])
        with pytest.raises(ConfigError, match=f"cannot listen on 127.0.0.1:{port}.*--port"):
            await start_preview(settings, port, watch=False)


async def test_run_preview_serves_until_cancelled(
    content_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = load_settings(CONTENT_DIR=content_copy[0], LOCALES_DIR=content_copy[1])
    serving = asyncio.create_task(run_preview(settings, port, handle_signals=False))
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(100):
                with contextlib.suppress(aiohttp.ClientConnectionError):
                    async with http.get(f"http://127.0.0.1:{port}/review") as response:
                        assert response.status == 200
                        break
                await asyncio.sleep(0.05)
            else:
                raise AssertionError("the preview never answered")
    finally:
        serving.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await serving
    assert f"http://127.0.0.1:{port}/" in capsys.readouterr().err


async def test_what_the_user_types_is_shown_as_plain_text(
    browsers: tuple[Browser, Browser],
) -> None:
    first, _ = browsers
    ops = await first.send("  <b>Rs 50,000</b> & visa?  ")
    assert ops[0]["message"] == {
        "id": 1,
        "from": "user",
        "text": "&lt;b&gt;Rs 50,000&lt;/b&gt; &amp; visa?",
        "direction": "auto",
        "buttons": [],
    }
    assert [op["message"]["from"] for op in ops[1:]] and all(
        op["message"]["from"] == "bot" for op in ops[1:]
    )


async def test_the_unanswered_page_lists_what_got_no_answer_scrubbed(
    preview: RunningPreview, browsers: tuple[Browser, Browser]
) -> None:
    first, _ = browsers
    await first.send("/start")
    await first.send("call me on 0300-1234567 about zxq flurb gronk")
    await first.send("what do you store about me")  # answered: the privacy topic
    data = await first.get("api/unanswered")
    texts = [row["text"] for row in data["questions"]]
    assert len(texts) == 1 and "zxq flurb gronk" in texts[0], texts
    assert "1234567" not in texts[0]
    async with first.http.get(preview.url + "unanswered") as response:
        assert response.status == 200
        assert "Questions the bot could not answer" in await response.text()
