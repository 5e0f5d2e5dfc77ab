"""Command line: ``python -m bot run | chat | analyze | content check|stamp|unanswered |
broadcast | report`` and the agency tools ``licences | indicators | reports | audit``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import Any

from bot.config import Settings, load_settings
from bot.errors import ConfigError, ContentError

log = logging.getLogger("bot")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Safe job abroad: a Telegram bot against trafficking through fake job offers.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "run", help="run the Telegram bot (long polling; webhook mode when WEBHOOK_URL is set)"
    )
    run.add_argument("--framework", choices=["aiogram", "ptb"], help="overrides BOT_FRAMEWORK")
    chat = commands.add_parser(
        "chat", help="the same conversation in this terminal; no token needed"
    )
    chat.add_argument("--lang", default=None, help="language to start in, e.g. en or ur")
    commands.add_parser(
        "analyze",
        help="read JSON lines {text, language_code} on stdin; write what the bot makes of each",
    )
    content = commands.add_parser("content", help="work with content/ and locales/")
    actions = content.add_subparsers(dest="action", required=True)
    check = actions.add_parser(
        "check", help="validate content/ and locales/; non-zero exit on errors"
    )
    check.add_argument("--strict", action="store_true", help="warnings fail the check too (CI)")
    unanswered = actions.add_parser(
        "unanswered",
        help="list the scrubbed questions the bot could not answer, to add as examples",
    )
    unanswered.add_argument("--since", default="30d", help="how many days back, e.g. 30d")
    stamp = actions.add_parser(
        "stamp", help="record that a language's texts match the current English"
    )
    stamp.add_argument("language")
    stamp.add_argument(
        "paths", nargs="*", help="only texts under these paths, e.g. checklist.recruiter"
    )
    stamp_audio = actions.add_parser(
        "stamp-audio",
        help="record that a language's recordings (content/audio/<lang>/) speak today's texts",
    )
    stamp_audio.add_argument("language")
    stamp_audio.add_argument(
        "--country",
        help="the recordings speak this home country's texts (content/countries/CC.yaml)",
    )
    stamp_audio.add_argument(
        "keys", nargs="*", help="only these recordings, e.g. checklist.recruiter.question"
    )
    preview = commands.add_parser(
        "preview", help="the same conversation on a local web page (127.0.0.1)"
    )
    preview.add_argument("--port", type=int, default=8080)
    broadcast = commands.add_parser(
        "broadcast", help="queue a warning for subscribers; the running bot delivers it"
    )
    broadcast.add_argument(
        "action", nargs="?", choices=["list", "cancel"], help="list broadcasts, or cancel one"
    )
    broadcast.add_argument("id", nargs="?", type=int, help="the broadcast to cancel")
    broadcast.add_argument(
        "--text-file", type=Path, help="the warning: plain UTF-8 text, sent exactly as written"
    )
    broadcast.add_argument(
        "--html", action="store_true", help="the file is Telegram HTML (checked before queueing)"
    )
    broadcast.add_argument("--language", help="only subscribers of this language, e.g. ur")
    broadcast.add_argument("--country", help="only subscribers in this country, e.g. TH")
    broadcast.add_argument("--wait", action="store_true", help="wait for delivery, then summarise")
    broadcast.add_argument(
        "--again", action="store_true", help="send a warning sent less than an hour ago again"
    )
    keys = commands.add_parser("keys", help="DATA_KEY: rotate the key protecting ids at rest")
    keys.add_subparsers(dest="action", required=True).add_parser(
        "rotate",
        help="re-key every stored id from DATA_KEY_OLD (or BOT_TOKEN_OLD) to DATA_KEY, at once",
    )
    report = commands.add_parser("report", help="statistics for analysts (small groups hidden)")
    report.add_argument("--since", default="30d", help="how many days back, e.g. 30d")
    report.add_argument("--format", choices=["csv", "html"], default="csv")
    report.add_argument("--output", default="-", help="file to write (default: standard output)")
    _agency_commands(commands)
    report.add_argument("--force", action="store_true", help="replace --output if it exists")
    return parser


def _agency_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``licences``, ``indicators``, ``reports`` and ``audit`` (bot/agency/cli.py)."""
    licences = commands.add_parser("licences", help="the Bureau of Emigration's list of OEPs")
    licence_actions = licences.add_subparsers(dest="action", required=True)
    licence_import = licence_actions.add_parser("import", help="replace the list (CSV or XLSX)")
    licence_import.add_argument("file", type=Path)
    indicators = commands.add_parser("indicators", help="the list of known scam contacts")
    indicator_actions = indicators.add_subparsers(dest="action", required=True)
    indicator_import = indicator_actions.add_parser(
        "import", help="add a CSV: value, kind, source, date"
    )
    indicator_import.add_argument("file", type=Path)
    indicator_remove = indicator_actions.add_parser("remove", help="take one entry off the list")
    indicator_remove.add_argument("kind", choices=["phone", "handle", "link", "company"])
    indicator_remove.add_argument("value")
    reports = commands.add_parser("reports", help="the ads people reported")
    report_actions = reports.add_subparsers(dest="action", required=True)
    export = report_actions.add_parser("export", help="write them for the agency's own systems")
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.add_argument("--since", default="30d", help="how many days back, e.g. 30d")
    export.add_argument("--output", default="-", help="file to write (default: standard output)")
    audit = commands.add_parser("audit", help="the latest agency actions")
    audit.add_argument("--limit", type=int, default=50)


def _agency(settings: Settings, args: argparse.Namespace) -> int:
    from bot.agency import cli

    if args.command == "licences":
        return asyncio.run(cli.import_licences(settings, args.file))
    if args.command == "indicators" and args.action == "import":
        return asyncio.run(cli.import_indicators(settings, args.file))
    if args.command == "indicators":
        return asyncio.run(cli.remove_indicator(settings, args.kind, args.value))
    if args.command == "reports":
        return asyncio.run(cli.export_reports(settings, args.format, args.since, args.output))
    return asyncio.run(cli.show_audit(settings, args.limit))


async def _run(settings: Settings) -> int:
    from bot.services import build_services

    if settings.BOT_TOKEN is None:
        print(
            "BOT_TOKEN is not set: get one from @BotFather, or try the bot without one: python -m bot chat",
            file=sys.stderr,
        )
        return 2
    from bot.startup_checks import check_redis, check_telegram
    from bot.store import parse_database_url

    try:
        parse_database_url(settings.DATABASE_URL)  # a malformed setting before any network
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    await check_telegram(settings)
    await check_redis(settings.REDIS_URL)
    services = await build_services(settings)
    try:
        if settings.BOT_FRAMEWORK == "ptb":
            import os

            from bot.adapters.ptb_runtime import PtbBot

            # PTB 22 warns on every 429 unless opted in to v23's timedelta retry_after,
            # which the adapter reads either way.
            os.environ.setdefault("PTB_TIMEDELTA", "true")
            await PtbBot(
                services.chat, settings, services.content.current, **services.runtime_kwargs()
            ).run()
        else:
            from bot.adapters.aiogram_runtime import AiogramBot

            await AiogramBot(
                services.chat, settings, services.content.current, **services.runtime_kwargs()
            ).run()
    finally:
        await services.close()
    return 0


async def _chat(settings: Settings, lang: str | None) -> int:
    from bot.adapters.console import run_console
    from bot.services import build_services

    # Its own throwaway store, never DATABASE_URL: what is typed here must not end up in
    # the real question log (and the agencies' reports) nor under the real key.
    with tempfile.TemporaryDirectory(prefix="bot-chat-") as scratch:
        local = settings.model_copy(
            update={"DATABASE_URL": f"sqlite:///{Path(scratch) / 'chat.db'}"}
        )
        services = await build_services(local, local_only=True)
        try:
            await run_console(services.chat, lang)
        finally:
            await services.close()
    return 0


def _content(settings: Settings, args: argparse.Namespace) -> int:
    if args.action == "check":
        from bot.content.check_report import run_check

        return run_check(settings.CONTENT_DIR, settings.LOCALES_DIR, sys.stdout, strict=args.strict)
    if args.action == "stamp-audio":
        from bot.content.audio import run_stamp_audio
        from bot.content.loader import load_content

        content, _warnings = load_content(settings.CONTENT_DIR, settings.LOCALES_DIR)
        return run_stamp_audio(
            settings.CONTENT_DIR, content, args.language, args.keys, sys.stdout, args.country
        )
    from bot.content.translations import run_stamp

    return run_stamp(
        settings.CONTENT_DIR, getattr(args, "language", None) or "", sys.stdout, args.paths
    )


def _broadcast(settings: Settings, args: argparse.Namespace) -> int:
    from bot.broadcast.cli import run_broadcast, run_cancel, run_list

    if args.action == "list":
        return asyncio.run(run_list(settings))
    if args.action == "cancel":
        if args.id is None:
            raise ConfigError("broadcast cancel needs the broadcast's number, e.g. cancel 3")
        return asyncio.run(run_cancel(settings, args.id))
    if args.text_file is None:
        raise ConfigError("broadcast needs --text-file F (or: broadcast list, broadcast cancel ID)")
    return asyncio.run(
        run_broadcast(
            settings,
            args.text_file,
            args.language,
            args.wait,
            html=args.html,
            country=args.country,
            again=args.again,
        )
    )


def serve(main_task: Coroutine[Any, Any, int]) -> int:
    """Run the serving bot on uvloop where it is installed (not on Windows), else asyncio.

    uvloop is asyncio's event loop written over libuv: every update is a few sockets, tasks
    and a thread hop to SQLite, and on ``bench/throughput.py`` the loop's own overhead was a
    quarter of the bot's CPU. Nothing in the bot depends on which loop runs it.
    """
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main_task)
    return uvloop.run(main_task)


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
            return serve(_run(settings))
        if args.command == "chat":
            return asyncio.run(_chat(settings, args.lang))
        if args.command == "analyze":
            from bot.understanding.analyze_command import run_analyze
            from bot.understanding.pipeline import Understanding

            return run_analyze(Understanding.load(settings.CONTENT_DIR), sys.stdin, sys.stdout)
        if args.command == "broadcast":
            return _broadcast(settings, args)
        if args.command == "keys":
            from bot.keys.rotation import run_rotate

            old = settings.DATA_KEY_OLD.get_secret_value() if settings.DATA_KEY_OLD else None
            token = settings.BOT_TOKEN_OLD.get_secret_value() if settings.BOT_TOKEN_OLD else None
            return asyncio.run(run_rotate(settings, old, token))
        if args.command == "report":
            from bot.reports.cli import run_report

            return asyncio.run(
                run_report(settings, args.since, args.format, args.output, force=args.force)
            )
        if args.command in {"licences", "indicators", "reports", "audit"}:
            return _agency(settings, args)
        if args.command == "preview":
            from bot.adapters.preview import run_preview

            asyncio.run(run_preview(settings, args.port))
            return 0
        if args.command == "content" and args.action == "unanswered":
            from bot.reports.unanswered import run_unanswered

            return asyncio.run(run_unanswered(settings, args.since))
        return _content(settings, args)
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
