"""Command line: ``python -m bot run | chat | content check`` (more commands as they land)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from bot.config import Settings, load_settings
from bot.errors import ConfigError, ContentError

log = logging.getLogger("bot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Safe job abroad: a Telegram bot against trafficking through fake job offers.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the Telegram bot (long polling)")
    run.add_argument("--framework", choices=["aiogram", "ptb"], help="overrides BOT_FRAMEWORK")
    chat = commands.add_parser(
        "chat", help="the same conversation in this terminal; no token needed"
    )
    chat.add_argument("--lang", default=None, help="language to start in, e.g. en or ur")
    content = commands.add_parser("content", help="work with content/ and locales/")
    content.add_argument("action", choices=["check"])
    return parser


async def _run(settings: Settings) -> int:
    from bot.services import build_services

    if settings.BOT_TOKEN is None:
        print(
            "BOT_TOKEN is not set: get one from @BotFather, or try the bot without one: python -m bot chat",
            file=sys.stderr,
        )
        return 2
    services = await build_services(settings)
    try:
        if settings.BOT_FRAMEWORK == "ptb":
            print(
                "BOT_FRAMEWORK=ptb is not available yet; use aiogram (the default)", file=sys.stderr
            )
            return 2
        from bot.adapters.aiogram_runtime import AiogramBot

        await AiogramBot(services.chat, settings, services.content.current).run()
    finally:
        await services.close()
    return 0


async def _chat(settings: Settings, lang: str | None) -> int:
    from bot.adapters.console import run_console
    from bot.services import build_services

    services = await build_services(settings, local_only=True)
    try:
        await run_console(services.chat, lang)
    finally:
        await services.close()
    return 0


def _content_check(settings: Settings) -> int:
    from bot.content.loader import load_content

    try:
        content, warnings = load_content(settings.CONTENT_DIR, settings.LOCALES_DIR)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s); content is NOT usable", file=sys.stderr)
        return 1
    for warning in warnings:
        print(warning)
    print(
        f"content OK: {len(content.languages)} language(s), {len(content.checklist.questions)} questions, {len(warnings)} warning(s)"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, load settings, run the chosen command; configuration errors are one line."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        overrides = {"BOT_FRAMEWORK": args.framework} if getattr(args, "framework", None) else {}
        settings = load_settings(**overrides)
        if args.command == "run":
            return asyncio.run(_run(settings))
        if args.command == "chat":
            return asyncio.run(_chat(settings, args.lang))
        return _content_check(settings)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ContentError as exc:
        print(
            "error: the content has problems; run `python -m bot content check`:", file=sys.stderr
        )
        for problem in exc.problems[:10]:
            print(f"  {problem}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
