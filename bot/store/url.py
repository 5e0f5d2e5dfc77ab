"""Reading ``DATABASE_URL``: which backend, and where."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

ACCEPTED_FORMS = (
    "sqlite:///relative/path.db, sqlite:////absolute/path.db "
    "or postgresql://user:password@host:5432/dbname"
)

_SQLITE_PREFIX = "sqlite:///"
_POSTGRES_SCHEMES = ("postgresql", "postgres")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True)
class DatabaseTarget:
    """A parsed ``DATABASE_URL``: ``location`` is a file path (SQLite) or a DSN (PostgreSQL)."""

    backend: Literal["sqlite", "postgres"]
    location: str


def invalid(reason: str) -> ValueError:
    """Build the error for a bad ``DATABASE_URL``.

    The message names the setting and the accepted forms but never repeats the URL, which may
    hold a password.
    """
    return ValueError(f"DATABASE_URL is not valid ({reason}): use {ACCEPTED_FORMS}")


def parse_database_url(url: str) -> DatabaseTarget:
    """Parse ``url``; raise ``ValueError`` naming ``DATABASE_URL`` when it is not usable.

    SQLite follows the SQLAlchemy convention: three slashes then a path relative to the
    working directory, four for an absolute path; ``sqlite:///:memory:`` is a throw-away
    database. Query parameters of a PostgreSQL URL pass through to asyncpg.
    """
    if not isinstance(url, str) or not url.strip():
        raise invalid("it is empty")
    url = url.strip()
    scheme_match = _SCHEME.match(url)
    scheme = scheme_match.group(1).lower() if scheme_match else ""
    if scheme == "sqlite":
        return DatabaseTarget("sqlite", _sqlite_path(url))
    if scheme in _POSTGRES_SCHEMES:
        _check_postgres(url)
        return DatabaseTarget("postgres", url)
    if scheme.startswith(("postgres", "sqlite")):
        raise invalid(f"write {scheme.split('+')[0]}:// without a driver name")
    if scheme:
        raise invalid(f"unsupported scheme {scheme!r}")
    raise invalid("no scheme")


def _sqlite_path(url: str) -> str:
    if not url.startswith(_SQLITE_PREFIX):
        raise invalid("a SQLite URL starts with sqlite:/// followed by the file's path")
    path = url[len(_SQLITE_PREFIX) :]
    if not path or path == "/":
        raise invalid("the SQLite file's path is missing")
    if "?" in path or "#" in path:
        raise invalid("SQLite URLs take no query parameters")
    if path.endswith("/"):
        raise invalid("the SQLite path names a directory, not a file")
    return path


def _check_postgres(url: str) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (reading it validates it)
    except ValueError:
        raise invalid("the PostgreSQL port is not a number") from None
    if not parts.netloc and not parts.path.strip("/") and not parts.query:
        raise invalid("the PostgreSQL URL has no host or database")
