"""The deployment of docker-compose.yml, as real processes: a load balancer, two replicas,
PostgreSQL and Redis.

``python -m bot run`` is started twice in webhook mode, each replica on its own port, both
with one ``DATABASE_URL`` (a fresh schema of the local PostgreSQL) and one ``REDIS_URL``
(keys under a prefix derived from that database, deleted afterwards). Telegram (the
emulator) posts to one URL: :class:`LoadBalancer`, which hands each POST to the replicas in
turn and, like Caddy's ``lb_try_duration``, to the other one when a replica does not
answer. It remembers which updates were in flight at each replica, so a test can tell what
a ``kill -9`` interrupted.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import socket
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import asyncpg
import pytest
from aiohttp import web
from redis.asyncio import Redis

from bot.replicas.redis_link import namespace
from tests.conftest import ROOT
from tests.telegram_emulator import TelegramEmulator

DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
DATA_KEY = "replica-test-data-key-0123456789abcdef"
SECRET = "replica-test-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _unavailable(reason: str) -> None:
    """Skip with the reason, or fail under CI=true, where PostgreSQL and Redis must run."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} — CI=true, so the replica tests must run", pytrace=False)
    pytest.skip(reason)


@dataclass
class Shared:
    """What the replicas share: one database schema and one Redis key namespace."""

    database_url: str
    redis_url: str
    prefix: str


@asynccontextmanager
async def shared_services(token: str) -> AsyncIterator[Shared]:
    """A fresh PostgreSQL schema and Redis namespace; removed afterwards."""
    base = os.environ.get("TEST_DATABASE_URL", DEFAULT_DATABASE)
    redis_url = os.environ.get("TEST_REDIS_URL", DEFAULT_REDIS)
    try:
        admin = await asyncpg.connect(base, timeout=5)
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        _unavailable(f"PostgreSQL is not reachable at {base}: {type(exc).__name__}")
    redis = Redis.from_url(redis_url, socket_connect_timeout=5)
    try:
        await redis.ping()
    except (OSError, Exception) as exc:
        await admin.close()
        await redis.aclose()
        _unavailable(f"Redis is not reachable at {redis_url}: {type(exc).__name__}")
    schema = f"replicas_{uuid.uuid4().hex[:12]}"
    await admin.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in base else "?"
    database_url = f"{base}{separator}search_path={schema}"
    prefix = namespace(token.partition(":")[0], database_url)
    try:
        yield Shared(database_url, redis_url, prefix)
    finally:
        await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.close()
        async for key in redis.scan_iter(match=f"{prefix}*"):
            await redis.delete(key)
        await redis.aclose()


@dataclass
class Replica:
    """One ``python -m bot run`` process in webhook mode."""

    name: str
    port: int
    process: asyncio.subprocess.Process
    log: Path

    def kill(self) -> None:
        """``kill -9``: no shutdown, nothing finished, nothing put back."""
        self.process.send_signal(signal.SIGKILL)

    async def stop(self) -> int:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 30)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        return int(self.process.returncode or 0)

    def errors(self) -> list[str]:
        text = self.log.read_text(errors="replace")
        return [line for line in text.splitlines() if " ERROR " in line or "Traceback" in line]


@dataclass
class LoadBalancer:
    """Round robin over the replicas, trying the next one when a replica does not answer."""

    backends: dict[str, int]
    port: int = field(default_factory=free_port)
    in_flight: dict[str, set[int]] = field(default_factory=dict)
    handled_by: dict[int, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._turn = itertools.cycle(sorted(self.backends))
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.in_flight = {name: set() for name in self.backends}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram"

    async def start(self) -> None:
        self._session = aiohttp.ClientSession()
        app = web.Application()
        app.router.add_post("/telegram", self._forward)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        body = await request.read()
        update_id = int(json.loads(body).get("update_id", 0))
        first = next(self._turn)
        order = [first] + [name for name in sorted(self.backends) if name != first]
        for name in order:
            self.in_flight[name].add(update_id)
            try:
                async with self._session.post(
                    f"http://127.0.0.1:{self.backends[name]}/telegram",
                    data=body,
                    headers={k: v for k, v in request.headers.items() if k.startswith("X-")},
                ) as answer:
                    text = await answer.read()
                    self.handled_by.setdefault(update_id, []).append(name)
                    return web.Response(status=answer.status, body=text)
            except aiohttp.ClientConnectorError:
                continue  # not listening: try the other replica at once
            except (aiohttp.ClientError, OSError):
                return web.Response(status=502, text="the replica went away")
            finally:
                self.in_flight[name].discard(update_id)
        return web.Response(status=502, text="no replica answers")


def replica_env(
    emu: TelegramEmulator, shared: Shared, balancer: LoadBalancer, port: int, **extra: str
) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BOT_", "DATABASE_", "REDIS_", "WEBHOOK_", "ADMIN_", "BROADCAST_"))
    }
    env.update(
        BOT_TOKEN=emu.token,
        TELEGRAM_API_BASE=emu.base_url,
        DATABASE_URL=shared.database_url,
        REDIS_URL=shared.redis_url,
        DATA_KEY=DATA_KEY,
        WEBHOOK_URL=balancer.url,
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_LISTEN=f"127.0.0.1:{port}",
        FLOOD_BURST="100000",
        PTB_TIMEDELTA="true",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


async def start_replica(name: str, port: int, env: dict[str, str], log_dir: Path) -> Replica:
    """Start one replica and wait until its /healthz answers 200."""
    log = log_dir / f"{name}.log"
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=ROOT, env=env, stdout=out, stderr=out
        )
    replica = Replica(name, port, process, log)
    async with aiohttp.ClientSession() as http:
        for _ in range(600):
            if process.returncode is not None:
                raise AssertionError(f"{name} exited: {log.read_text(errors='replace')[-2000:]}")
            try:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as answer:
                    if answer.status == 200:
                        return replica
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)  # polling a starting process, not hiding a race
    raise AssertionError(f"{name} did not become healthy: {log.read_text(errors='replace')}")
