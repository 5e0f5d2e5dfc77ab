"""Building the bot's services in one place from Settings; nothing is built at import time."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.adapters.senders import sender_id
from bot.agency.desk import AgencyDesk
from bot.broadcast.desk import AdminDesk
from bot.broadcast.job import BroadcastJob
from bot.broadcast.subscriptions import Subscriptions
from bot.cards import card_renderer
from bot.chat_service import ChatService
from bot.config import Settings
from bot.content.holder import ContentHolder
from bot.content.loader import load_content
from bot.content.reload import ContentReloader
from bot.content.watch_job import ContentWatchJob
from bot.errors import ConfigError
from bot.flood import FloodGuard
from bot.heartbeat import HeartbeatJob
from bot.helpdesk import Helpdesk
from bot.keys.check import check_data_key
from bot.log_retention import LogRetentionJob
from bot.ocr import OcrModels, PictureReader, missing_models, tesseract_available
from bot.ports import BackgroundJob, ChatApi
from bot.privacy import IdentityKeys
from bot.replicas.gate import LocalGate, RedisGate, UpdateGate
from bot.startup_checks import store_unreachable
from bot.store import open_store
from bot.store.base import Store
from bot.understanding.destinations import load_place_countries
from bot.understanding.pipeline import Understanding
from bot.voice_notes import VoiceNotes

if TYPE_CHECKING:
    from bot.replicas.redis_link import RedisLink

__all__ = ["ContentHolder", "Services", "build_services", "identity_keys"]

log = logging.getLogger(__name__)

# Used only by `chat` and `preview`, which keep their own throwaway store: their one local
# user needs a key too, there is no Telegram id to protect, and the real DATA_KEY stays out.
LOCAL_ONLY_SECRET = "local-terminal-and-preview-only"


@dataclass
class Services:
    """Everything a runtime needs, wired once by :func:`build_services`."""

    settings: Settings
    store: Store
    content: ContentHolder
    keys: IdentityKeys
    chat: ChatService
    jobs: tuple[BackgroundJob, ...] = ()
    gate: UpdateGate = field(default_factory=LocalGate)
    redis: RedisLink | None = None
    # Also among ``jobs``; here for what shares its send budget (``outbound``) and for tests.
    broadcasts: BroadcastJob | None = None

    def chat_of(self, update: dict[str, Any]) -> str | None:
        """The keyed hash of an update's sender: the gate's lock name, never the raw id."""
        sender = sender_id(update)
        return None if sender is None else self.keys.user_key(sender)

    def outbound(self, api: ChatApi) -> ChatApi:
        """:data:`bot.ports.Outbound`: replies use up the broadcasts' send budget and wait out
        every 429 pause with them (a 429 anywhere pauses everything)."""
        return api if self.broadcasts is None else self.broadcasts.paced(api)

    def runtime_kwargs(self) -> dict[str, Any]:
        """What a Telegram runtime (AiogramBot, PtbBot) takes besides chat and settings."""
        return {
            "jobs": self.jobs,
            "gate": self.gate,
            "health": self.healthy,
            "chat_of": self.chat_of,
            "outbound": self.outbound,
        }

    async def healthy(self) -> bool:
        """``/healthz``: the store answers, and Redis too when configured."""
        if not await self.store.ping():
            return False
        return self.redis is None or await self.redis.ping()

    async def close(self) -> None:
        """Release the store and the Redis connection."""
        await self.store.close()
        if self.redis is not None:
            await self.redis.close()


def identity_keys(settings: Settings, *, local_only: bool = False) -> IdentityKeys:
    """Keys for ids at rest; a ConfigError naming DATA_KEY if they cannot be made."""
    return _keys_and_source(settings, local_only=local_only)[0]


def _keys_and_source(settings: Settings, *, local_only: bool) -> tuple[IdentityKeys, str]:
    """The keys, and which setting they come from (``DATA_KEY`` or ``BOT_TOKEN``)."""
    if local_only:  # a throwaway store of one local user: the real key is not needed there
        return IdentityKeys(LOCAL_ONLY_SECRET), "DATA_KEY"
    data_key = settings.DATA_KEY.get_secret_value() if settings.DATA_KEY else None
    token = settings.BOT_TOKEN.get_secret_value() if settings.BOT_TOKEN else None
    try:
        keys, warning = IdentityKeys.from_settings(data_key, token)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    if warning:
        log.warning(warning)
    return keys, "BOT_TOKEN" if warning else "DATA_KEY"


async def open_checked_store(settings: Settings, keys: IdentityKeys, source: str) -> Store:
    """Open the store and refuse (one line naming DATA_KEY) one written with another key."""
    try:
        store = await open_store(settings.DATABASE_URL)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    except Exception as exc:
        line = store_unreachable(exc, settings.DATABASE_URL)
        if line is None:
            raise
        raise line from None
    try:
        await check_data_key(store, keys, source)
    except BaseException:
        await store.close()
        raise
    return store


def _picture_reader(content_dir: Path) -> PictureReader | None:
    """Pictures are read when Tesseract is installed; otherwise the bot asks for the text.

    The models come from ``languages.yaml`` when the bot starts (a language added while it
    runs is read with English data until the next start)."""
    if not tesseract_available():
        log.warning("tesseract is not installed: job ads sent as pictures will not be read")
        return None
    models = OcrModels.load(content_dir)
    missing = missing_models(models)
    if missing:
        log.warning(
            "tesseract has no data for %s: pictures in those languages are read poorly "
            "(apt-get install %s)",
            ", ".join(missing),
            " ".join(f"tesseract-ocr-{m}" for m in missing),
        )
    return PictureReader(models)


async def build_services(settings: Settings, *, local_only: bool = False) -> Services:
    """Load content (failing on errors), open the store, and wire the chat service."""
    content, warnings = load_content(settings.CONTENT_DIR, settings.LOCALES_DIR)
    for warning in warnings:
        log.warning("%s", warning)
    keys, source = _keys_and_source(settings, local_only=local_only)
    # Redis first: when it cannot be reached, the start stops before the database changes.
    redis = None
    if settings.REDIS_URL and settings.BOT_TOKEN is not None and not local_only:
        # Imported here: a bot without REDIS_URL never loads the redis client (6 MiB).
        from bot.replicas.redis_link import connect_redis, namespace

        bot_id = settings.BOT_TOKEN.get_secret_value().partition(":")[0]
        try:
            redis = await connect_redis(
                settings.REDIS_URL, namespace(bot_id, settings.DATABASE_URL)
            )
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
    try:
        store = await open_checked_store(settings, keys, source)
    except BaseException:
        if redis is not None:
            await redis.close()
        raise
    holder = ContentHolder(content, Understanding.load(settings.CONTENT_DIR))
    reloader = ContentReloader(holder, settings.CONTENT_DIR, settings.LOCALES_DIR)
    budget = None
    if redis is not None:
        from bot.replicas.budget import RedisBudget

        budget = RedisBudget(redis, settings.broadcast_rate)
    broadcasts = BroadcastJob(
        store,
        keys,
        holder.current,
        rate=settings.broadcast_rate,
        paid=settings.BROADCAST_PAID,
        budget=budget,
    )
    chat = ChatService(
        store,
        holder.current,
        keys,
        FloodGuard(burst=settings.FLOOD_BURST, rate=settings.FLOOD_RATE),
        holder.understanding,
        admin=AdminDesk(store, keys, queued=broadcasts.wake),
        subscriptions=Subscriptions(store, keys),
        reloader=reloader,
        agency=AgencyDesk(store, keys, queued=broadcasts.wake),
        place_countries=load_place_countries(settings.CONTENT_DIR),
        pictures=_picture_reader(settings.CONTENT_DIR),
        cards=card_renderer(),
        voice_notes=VoiceNotes(store, settings.CONTENT_DIR),
        helpdesk=(
            Helpdesk(
                store,
                keys,
                holder.current,
                settings.HELPDESK_CHAT_ID,
            )
            if settings.HELPDESK_CHAT_ID is not None
            else None
        ),
    )
    # The runtime starts these in order once updates flow and stops them the other way
    # round: the broadcast worker starts before the others and stops after them.
    jobs = (
        broadcasts,
        ContentWatchJob(reloader, settings.EDITOR_IDS),
        LogRetentionJob(chat, settings.LOG_RETENTION_DAYS),
        HeartbeatJob(store),
    )
    gate: UpdateGate = LocalGate() if redis is None else RedisGate(redis)
    return Services(settings, store, holder, keys, chat, jobs, gate, redis, broadcasts)
