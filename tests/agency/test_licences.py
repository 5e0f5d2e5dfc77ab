"""The OEP list from CSV or XLSX with loose headers, and licence numbers found in chat."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.agency.licences import (
    Licence,
    LicenceFileError,
    closest_names,
    licence_numbers,
    read_licence_file,
)
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "data" / "agency" / "oep_list_fictitious.csv"


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("agent ka licence 2814/LHR hai", ["2814/LHR"]),
        ("OEP 3011 RWP", ["3011/RWP"]),
        ("licence no. 1207-khi", ["1207/KHI"]),
        ("لائسنس نمبر ۲۸۱۴/LHR", ["2814/LHR"]),
        ("salary 1500 USD and 30 days", []),
    ],
)
def test_licence_numbers_are_found_in_any_writing(text: str, numbers: list[str]) -> None:
    assert licence_numbers(text) == numbers


def test_a_bare_number_and_city_counts_only_when_it_is_on_the_list() -> None:
    assert licence_numbers("mera agent 3011 RWP wala hai", frozenset({"3011/RWP"})) == ["3011/RWP"]


def test_the_fixture_csv_with_loose_headers_and_extra_columns_is_read() -> None:
    licences = {entry.licence_no: entry for entry in read_licence_file(FIXTURE)}
    assert sorted(licences) == ["1207/KHI", "2814/LHR", "3011/RWP", "999/PSH"]
    assert licences["2814/LHR"].status == "valid" and licences["2814/LHR"].expiry == "2027-06-30"
    assert licences["1207/KHI"].status == "suspended"


def test_an_xlsx_file_is_read_like_a_csv(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["LICENSE NUMBER", "OEP Name", "Status", "Valid Until"])
    sheet.append(["2814/LHR", "Fictitious Falcon Overseas", "Active", None])
    sheet.append(["OEP 3011 RWP", "Imaginary Indus Manpower", "Canceled", None])
    path = tmp_path / "list.xlsx"
    book.save(path)
    entries = read_licence_file(path)
    assert [(e.licence_no, e.status) for e in entries] == [
        ("2814/LHR", "valid"),
        ("3011/RWP", "cancelled"),
    ]


def test_a_file_with_bad_rows_is_refused_whole_with_each_row_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "licence_no,title,status\n2814/LHR,Fine,valid\nabc,Broken,valid\n3011/RWP,X,maybe\n",
        encoding="utf-8",
    )
    with pytest.raises(LicenceFileError) as caught:
        read_licence_file(path)
    assert [p.split(":")[0] for p in caught.value.problems] == ["row 3", "row 4"]


def test_a_file_without_the_needed_columns_says_which(tmp_path: Path) -> None:
    path = tmp_path / "cols.csv"
    path.write_text("number,name\n2814/LHR,Fine\n", encoding="utf-8")
    with pytest.raises(LicenceFileError, match="licence_no, status"):
        read_licence_file(path)


def test_a_name_finds_the_closest_entries_and_nonsense_finds_none() -> None:
    entries = [
        Licence("2814/LHR", "Fictitious Falcon Overseas Employment Promoters"),
        Licence("3011/RWP", "Imaginary Indus Manpower Services"),
    ]
    assert [e.licence_no for e in closest_names("falcon overseas", entries)] == ["2814/LHR"]
    assert closest_names("zzqx", entries) == []
