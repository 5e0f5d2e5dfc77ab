"""Reading pictures: bounded in size and time, off the event loop, honest about unclear words."""

from __future__ import annotations

import asyncio
import io
import logging

import pytest
from PIL import Image

from bot.ocr import MAX_BYTES, UNREADABLE, PictureReader, models_for, read_picture
from tests.pictures.ads import ad_picture, noise_picture, require_ocr

AD = "Customer support job in Bangkok, salary 1500 USD, travel on visit visa, contact WhatsApp"


@pytest.fixture(autouse=True)
def ocr() -> None:
    require_ocr()


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("1", (width, height), 1).save(out, "PNG")
    return out.getvalue()


def test_a_clear_poster_is_read_in_reading_order() -> None:
    found = read_picture(ad_picture(AD, "en"), "en", timeout=30)
    assert found.readable
    assert "visit visa" in " ".join(found.text.split())


def test_an_urdu_poster_is_read_for_a_user_who_chose_english() -> None:
    text = "تھائی لینڈ میں کال سینٹر کی نوکری، وزٹ ویزا پر جانا ہے"
    found = read_picture(ad_picture(text, "ur"), "en", timeout=30)
    assert found.readable and "وزٹ ویزا" in found.text


@pytest.mark.parametrize(
    "data",
    [b"not a picture", png(8000, 6000), noise_picture()],
    ids=["not an image", "decompression bomb", "no words"],
)
def test_what_cannot_be_read_is_unreadable_not_an_error(data: bytes) -> None:
    assert read_picture(data, "ur", timeout=30) == UNREADABLE


def test_a_read_that_takes_too_long_is_given_up(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    assert read_picture(ad_picture(AD * 8, "en"), "en", timeout=0.01) == UNREADABLE
    assert "could not read a picture" in caplog.text
    assert "Bangkok" not in caplog.text, "nothing the picture says goes to the log"


async def test_a_file_over_the_limit_is_not_read() -> None:
    assert await PictureReader().read(b"\x89PNG" + b"\0" * MAX_BYTES, "en") == UNREADABLE


async def test_reading_runs_off_the_event_loop() -> None:
    reader = PictureReader(timeout=30)
    reading = asyncio.create_task(reader.read(ad_picture(AD, "en"), "en"))
    other = asyncio.create_task(asyncio.sleep(0))
    await other
    assert not reading.done(), "another user's update is handled while a picture is read"
    assert (await reading).readable


def test_the_users_script_is_tried_first_then_the_other() -> None:
    assert models_for("ur") == ("urd", "eng")
    assert models_for("ps") == ("pus", "eng")
    assert models_for("ur-Latn") == ("eng", "urd")
