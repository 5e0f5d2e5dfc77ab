"""Reading just enough of an OGG file to tell whether Telegram can play it as a voice note.

Telegram plays a voice message only from Opus audio in an OGG container (RFC 3533, RFC 7845).
A volunteer's recording that is anything else (an MP3 renamed, a WebM straight from a browser,
a file cut short by a failed upload) would reach users as a broken attachment, so
``content check`` reads every page: capture pattern, checksum, the ``OpusHead`` and
``OpusTags`` headers, and at least one packet of audio. Pure Python, no codec needed.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

OPUS_RATE = 48_000  # Opus granule positions always count 48 kHz samples (RFC 7845 §4)
_HEADER = struct.Struct("<4sBBqIIIB")  # capture, version, type, granule, serial, seq, crc, nsegs
_BOS, _EOS = 0x02, 0x04


class NotOggOpus(ValueError):
    """The bytes are not a playable OGG/Opus file; the message says what is wrong."""


@dataclass(frozen=True)
class OpusInfo:
    """What Telegram's ``sendVoice`` wants to know: the length, rounded up to whole seconds."""

    duration: int
    channels: int


# The OGG checksum is CRC-32 with polynomial 0x04C11DB7, not reflected, initial value 0 and
# no final XOR. zlib computes the reflected form (in C): fed bit-reversed bytes and started
# and finished so that its initial and final XOR cancel, it gives the same checksum reversed.
_REVERSED = bytes(int(f"{byte:08b}"[::-1], 2) for byte in range(256))


def ogg_crc(data: bytes) -> int:
    """The OGG page checksum (RFC 3533), about a thousand times faster than a Python loop."""
    reflected = zlib.crc32(data.translate(_REVERSED), 0xFFFFFFFF) ^ 0xFFFFFFFF
    return int(f"{reflected:032b}"[::-1], 2)


def _pages(data: bytes) -> list[tuple[int, int, int, list[bytes], bool]]:
    """(type flags, granule, serial, segments as packet pieces, last piece ends a packet)."""
    pages = []
    offset = 0
    while offset < len(data):
        if data[offset : offset + 4] != b"OggS"[: len(data) - offset]:
            what = "it is not an OGG file" if offset == 0 else "garbage between pages"
            raise NotOggOpus(f"{what} (no 'OggS' at byte {offset})")
        if len(data) - offset < _HEADER.size:
            raise NotOggOpus(f"cut short at byte {offset}: an OGG page header is incomplete")
        _capture, version, flags, granule, serial, _seq, crc, count = _HEADER.unpack_from(
            data, offset
        )
        if version != 0:
            raise NotOggOpus(f"unknown OGG version {version} at byte {offset}")
        table_end = offset + _HEADER.size + count
        sizes = data[offset + _HEADER.size : table_end]
        end = table_end + sum(sizes)
        if len(sizes) < count or end > len(data):
            raise NotOggOpus(f"cut short: the page at byte {offset} is incomplete")
        page = bytearray(data[offset:end])
        page[22:26] = b"\0\0\0\0"
        if ogg_crc(bytes(page)) != crc:
            raise NotOggOpus(f"damaged: the checksum of the page at byte {offset} is wrong")
        pieces, position, closed = [], table_end, True
        for size in sizes:
            pieces.append(data[position : position + size])
            position += size
        closed = not sizes or sizes[-1] < 255
        pages.append((flags, granule, serial, pieces, closed))
        offset = end
    return pages


def _packets(pages: list[tuple[int, int, int, list[bytes], bool]], serial: int) -> list[bytes]:
    """The packets of one logical stream, pieces joined across segments and pages."""
    packets: list[bytes] = []
    pending = b""
    for _flags, _granule, page_serial, pieces, _closed in pages:
        if page_serial != serial:
            continue
        for piece in pieces:
            pending += piece
            if len(piece) < 255:
                packets.append(pending)
                pending = b""
    return packets


def read_opus(data: bytes) -> OpusInfo:
    """Check that ``data`` is OGG/Opus audio; raise :class:`NotOggOpus` saying why not."""
    if not data:
        raise NotOggOpus("the file is empty")
    pages = _pages(data)
    flags, _granule, serial, _pieces, _closed = pages[0]
    if not flags & _BOS:
        raise NotOggOpus("the first page does not begin a stream")
    packets = _packets(pages, serial)
    if not packets or not packets[0].startswith(b"OpusHead") or len(packets[0]) < 19:
        raise NotOggOpus("it is OGG but not Opus (no OpusHead): export it as Opus, not Vorbis")
    head = packets[0]
    channels, pre_skip = head[9], struct.unpack_from("<H", head, 10)[0]
    if head[8] >> 4 != 0 or channels == 0:
        raise NotOggOpus("the OpusHead header is not one this player knows")
    if len(packets) < 2 or not packets[1].startswith(b"OpusTags"):
        raise NotOggOpus("the OpusTags header is missing")
    if len(packets) < 3:
        raise NotOggOpus("it holds no audio")
    last = max(granule for _f, granule, page_serial, _p, _c in pages if page_serial == serial)
    samples = max(last - pre_skip, 0)
    return OpusInfo(duration=max(1, -(-samples // OPUS_RATE)), channels=channels)
