"""The Bureau of Emigration's list of OEPs: reading the file, licence numbers, name search.

Pure apart from reading the file. ``python -m bot licences import F`` reads CSV or XLSX with a
header row whose names are matched loosely ("Licence No.", "license_number" and "LICENCE NO"
are all ``licence_no``); the chat finds licence numbers typed anywhere ("2814/LHR",
"OEP 3011 RWP", Urdu digits) and matches names with rapidfuzz.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from bot.agency.indicators import plain_digits

STATUSES = ("valid", "cancelled", "suspended", "expired")
MAX_BYTES = 20_000_000
MAX_ROWS = 50_000
MAX_QUERY = 120
NAME_MATCHES = 3
NAME_CUTOFF = 75.0

COLUMNS = {
    "licence_no": (
        "licenceno",
        "licenseno",
        "licence",
        "license",
        "licencenumber",
        "licensenumber",
        "oeplicenceno",
        "oeplicenseno",
        "licno",
    ),
    "title": ("title", "name", "oepname", "oep", "company", "companyname"),
    "proprietor": ("proprietor", "owner", "proprietorname"),
    "status": ("status", "licencestatus", "licensestatus"),
    "expiry": ("expiry", "expirydate", "expires", "validuntil", "validupto"),
    "address": ("address", "officeaddress"),
    "phones": ("phones", "phone", "phoneno", "telephone", "contact", "contactno"),
}
_STATUS_WORDS = {"canceled": "cancelled", "suspend": "suspended", "active": "valid"}

_EXPLICIT = re.compile(
    r"(?<![\w/])(?:(?P<oep>OEP|licen[cs]e|lic)\.?\s*(?:no\.?|number|#)?\s*:?\s*)?"
    r"(?P<no>\d{3,5})\s*(?P<sep>[/\\-]|\s)\s*(?P<city>[A-Za-z]{2,4})(?![\w/])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Licence:
    """One OEP of the list; ``licence_no`` normalised (``2814/LHR``), ``expiry`` ISO or None."""

    licence_no: str
    title: str
    proprietor: str = ""
    status: str = "valid"
    expiry: str | None = None
    address: str = ""
    phones: str = ""


class LicenceFileError(ValueError):
    """The file cannot be imported; ``problems`` are lines such as ``row 4: status ...``."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems[:3]))
        self.problems = list(problems)


def normal_licence(number: str, city: str) -> str:
    """``2814/LHR`` from its digits and city code in any spelling."""
    return f"{int(plain_digits(number))}/{city.upper()}"


def licence_candidates(text: str) -> list[tuple[str, bool]]:
    """What may be licence numbers in ``text``, each with whether it is written as one (with
    ``/`` or ``-``, or after "OEP"/"licence"); "1500 USD" is a candidate, not explicit."""
    found: dict[str, bool] = {}
    for match in _EXPLICIT.finditer(plain_digits(text[:4000])):
        number = normal_licence(match.group("no"), match.group("city"))
        explicit = bool(match.group("oep")) or match.group("sep") in "/\\-"
        found[number] = found.get(number, False) or explicit
    return list(found.items())


def licence_numbers(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    """Licence numbers in ``text``: the explicit candidates, and the others on the list."""
    return [n for n, explicit in licence_candidates(text) if explicit or n in known]


def closest_names(query: str, licences: Sequence[Licence]) -> list[Licence]:
    """Up to three entries whose OEP name is closest to ``query`` (rapidfuzz WRatio ≥ 75)."""
    names = [entry.title for entry in licences]
    hits = process.extract(
        query[:MAX_QUERY],
        names,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=NAME_MATCHES,
        score_cutoff=NAME_CUTOFF,
    )
    return [licences[index] for _name, _score, index in hits]


def _key(header: object) -> str:
    return re.sub(r"[^a-z]", "", str(header or "").lower())


def _columns(header: Sequence[object]) -> dict[str, int]:
    """Which column holds which field; ``licence_no``, ``title`` and ``status`` are required."""
    where: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _key(name)
        for field, aliases in COLUMNS.items():
            if field not in where and key in aliases:
                where[field] = index
    missing = [f for f in ("licence_no", "title", "status") if f not in where]
    if missing:
        raise LicenceFileError([f"header row: no column for {', '.join(missing)}"])
    return where


def _cell(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def parse_rows(rows: Iterable[Sequence[object]]) -> list[Licence]:
    """Licences from a header row and data rows; every problem at once, with its row number."""
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        raise LicenceFileError(["the file is empty"])
    where = _columns(header)
    licences: dict[str, Licence] = {}
    problems: list[str] = []
    for line, row in enumerate(iterator, start=2):
        if line > MAX_ROWS + 1:
            raise LicenceFileError([f"more than {MAX_ROWS} rows"])
        cells = {f: _cell(row[i]) if i < len(row) else "" for f, i in where.items()}
        if not any(cells.values()):
            continue
        numbers = licence_numbers(cells["licence_no"] + " ") or licence_numbers(
            "OEP " + cells["licence_no"]
        )
        status = cells["status"].lower()
        status = _STATUS_WORDS.get(status, status)
        expiry = cells.get("expiry") or None
        if not numbers:
            problems.append(f"row {line}: licence_no {cells['licence_no']!r} is not like 2814/LHR")
        elif status not in STATUSES:
            problems.append(f"row {line}: status {cells['status']!r} is not one of {STATUSES}")
        elif expiry is not None and not _iso(expiry):
            problems.append(f"row {line}: expiry {expiry!r} is not an ISO date (2027-06-30)")
        else:
            licences[numbers[0]] = Licence(
                numbers[0],
                cells["title"],
                cells.get("proprietor", ""),
                status,
                expiry[:10] if expiry else None,
                cells.get("address", ""),
                cells.get("phones", ""),
            )
    if problems:
        raise LicenceFileError(problems)
    return list(licences.values())


def _iso(text: str) -> bool:
    try:
        date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True


def read_licence_file(path: Path) -> list[Licence]:
    """Read a CSV (UTF-8, with or without BOM) or XLSX file of the OEP list."""
    if path.stat().st_size > MAX_BYTES:
        raise LicenceFileError([f"the file is larger than {MAX_BYTES // 1_000_000} MB"])
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise LicenceFileError([f"not a readable XLSX file ({type(exc).__name__})"]) from None
        try:
            sheet = book.worksheets[0]
            return parse_rows(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2))
        finally:
            book.close()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise LicenceFileError(
            ["the file is not UTF-8 text (save it as CSV UTF-8 or XLSX)"]
        ) from None
    return parse_rows(csv.reader(io.StringIO(text)))
