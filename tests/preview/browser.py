"""A real headless Chromium, driven over the Chrome DevTools Protocol with aiohttp's websocket.

No Selenium, no Playwright download: Debian's ``chromium`` package and the aiohttp the bot
already depends on. Only what the tests need: open a page, read what is on screen, click a
button by its label (a real mouse click at its position), type, and take a screenshot. Every
JavaScript error on the page is collected, so a test can insist there were none.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import shutil
from pathlib import Path
from typing import IO, Any

import aiohttp

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
)


def find_chromium() -> str | None:
    """Debian's chromium, or the one named by CHROMIUM."""
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _open_log(profile: Path) -> IO[bytes]:
    profile.mkdir(parents=True, exist_ok=True)
    return (profile / "chromium.log").open("wb")


class BrowserError(AssertionError):
    """The browser did not do what the test expected."""


class Page:
    """One tab, over its own DevTools websocket."""

    def __init__(self, http: aiohttp.ClientSession, socket: aiohttp.ClientWebSocketResponse):
        self._http = http
        self._socket = socket
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._loaded = asyncio.Event()
        self.errors: list[str] = []
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self._socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            data = json.loads(message.data)
            if "id" in data:
                future = self._waiting.pop(data["id"], None)
                if future is not None and not future.done():
                    future.set_result(data)
            elif data.get("method") == "Page.loadEventFired":
                self._loaded.set()
            elif data.get("method") == "Runtime.exceptionThrown":
                details = data["params"]["exceptionDetails"]
                self.errors.append(json.dumps(details.get("exception", details))[:500])
            elif data.get("method") == "Runtime.consoleAPICalled":
                params = data["params"]
                if params["type"] in {"error", "assert"}:
                    self.errors.append(json.dumps(params["args"])[:500])
        for future in self._waiting.values():
            if not future.done():
                future.set_exception(BrowserError("the browser closed the connection"))

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Call a DevTools method and return its result."""
        number = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        await self._socket.send_str(json.dumps({"id": number, "method": method, "params": params}))
        reply = await asyncio.wait_for(future, 30)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    async def goto(self, url: str) -> None:
        """Open ``url`` and wait until it has loaded."""
        self._loaded.clear()
        await self.send("Page.navigate", url=url)
        await asyncio.wait_for(self._loaded.wait(), 30)

    async def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression on the page (promises are awaited)."""
        result = await self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def wait_for(self, expression: str, what: str, seconds: float = 15.0) -> Any:
        """Poll until ``expression`` is truthy; fail with ``what`` and the page's text."""
        deadline = asyncio.get_running_loop().time() + seconds
        while True:
            value = await self.evaluate(expression)
            if value:
                return value
            if asyncio.get_running_loop().time() > deadline:
                shown = await self.evaluate("document.body.innerText")
                raise BrowserError(f"waited {seconds}s for {what}; the page shows:\n{shown}")
            await asyncio.sleep(0.1)

    async def wait_for_text(self, text: str, selector: str = "body", seconds: float = 15.0) -> None:
        """Wait until ``text`` is visible inside ``selector`` (whitespace-insensitive)."""
        probe = (
            f"(() => {{ const n = s => s.replace(/\\s+/g, ' ').trim();"
            f" return [...document.querySelectorAll({json.dumps(selector)})]"
            f".some(e => n(e.innerText).includes(n({json.dumps(text)}))); }})()"
        )
        await self.wait_for(probe, f"{text!r} in {selector}", seconds)

    async def idle(self) -> None:
        """Wait until the page has no request to the bot in flight."""
        await self.wait_for("document.body.dataset.busy === '0'", "the bot to answer")

    async def click(self, label: str, within: str = "body") -> None:
        """Click, with the mouse, the last visible button labelled ``label``."""
        locate = f"""(() => {{
            const buttons = [...document.querySelectorAll({json.dumps(within)} + " button")]
              .filter(b => b.innerText.trim() === {json.dumps(label)} && b.offsetParent !== null);
            const button = buttons[buttons.length - 1];
            if (!button) return null;
            button.scrollIntoView({{block: "center"}});
            const box = button.getBoundingClientRect();
            return [box.left + box.width / 2, box.top + box.height / 2];
        }})()"""
        point = await self.wait_for(locate, f"a button {label!r}")
        x, y = point
        await self.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        for kind in ("mousePressed", "mouseReleased"):
            await self.send(
                "Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1
            )

    async def type_text(self, selector: str, text: str) -> None:
        """Focus a field and type into it, as a keyboard would."""
        await self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        await self.send("Input.insertText", text=text)

    async def set_viewport(self, width: int, height: int) -> None:
        """Make the visible area ``width`` × ``height`` CSS pixels."""
        await self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    async def scroll_into_view(self, selector: str) -> None:
        """Scroll so the top of ``selector`` is at the top of its scrolling area."""
        await self.evaluate(
            f"document.querySelector({json.dumps(selector)}).scrollIntoView({{block: 'start'}})"
        )

    async def screenshot(self, path: Path) -> Path:
        """Save what the page shows as a PNG."""
        shot = await self.send("Page.captureScreenshot", format="png")
        await asyncio.to_thread(_write, path, base64.b64decode(shot["data"]))
        return path

    async def close(self) -> None:
        """Close the websocket."""
        await self._socket.close()
        with contextlib.suppress(asyncio.CancelledError):
            await self._reader


class Chromium:
    """A headless Chromium process with its own profile folder."""

    def __init__(self, process: asyncio.subprocess.Process, port: int, log: IO[bytes]) -> None:
        self._process = process
        self._port = port
        self._log = log
        self._http = aiohttp.ClientSession()
        self._pages: list[Page] = []

    @classmethod
    async def launch(
        cls, executable: str, profile: Path, size: tuple[int, int], extra: tuple[str, ...] = ()
    ) -> Chromium:
        """Start Chromium (with ``extra`` flags) and wait until its DevTools endpoint answers."""
        log = await asyncio.to_thread(_open_log, profile)
        process = await asyncio.create_subprocess_exec(
            executable,
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={size[0]},{size[1]}",
            "--lang=en-US",
            *extra,
            "about:blank",
            stdout=log,
            stderr=log,
        )
        active = profile / "DevToolsActivePort"
        for _ in range(300):
            if active.exists() and active.read_text().strip():
                return cls(process, int(active.read_text().split()[0]), log)
            if process.returncode is not None:
                break
            await asyncio.sleep(0.1)
        process.kill()
        await process.wait()
        log.close()
        raise BrowserError(f"chromium did not start; see {profile / 'chromium.log'}")

    async def new_page(self) -> Page:
        """The first tab, ready to be driven."""
        async with self._http.get(f"http://127.0.0.1:{self._port}/json/list") as response:
            targets = await response.json()
        target = next(t for t in targets if t["type"] == "page")
        socket = await self._http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0)
        page = Page(self._http, socket)
        for domain in ("Page.enable", "Runtime.enable"):
            await page.send(domain)
        self._pages.append(page)
        return page

    async def close(self) -> None:
        """Close the tabs, end the browser (by its own process id) and release everything."""
        for page in self._pages:
            await page.close()
        await self._http.close()
        if self._process.returncode is None:
            self._process.terminate()
            try:
                await asyncio.wait_for(self._process.wait(), 10)
            except TimeoutError:
                self._process.kill()
                await self._process.wait()
        self._log.close()
