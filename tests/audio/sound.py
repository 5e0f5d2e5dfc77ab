"""Audio the tests make themselves: tones encoded as Opus by PyAV, never a person's voice."""

from __future__ import annotations

import io
import math
import wave
from pathlib import Path

import av
import numpy as np

RATE = 48_000


def _tone(seconds: float, frequency: float) -> np.ndarray:
    times = np.arange(int(RATE * seconds)) / RATE
    return (0.3 * np.sin(2 * math.pi * frequency * times) * 32767).astype(np.int16)


def opus(container: str = "ogg", seconds: float = 1.5, frequency: float = 440.0) -> bytes:
    """A tone as Opus in ``container`` (``ogg`` as Telegram wants, ``webm`` as Chromium records)."""
    samples = _tone(seconds, frequency).reshape(1, -1)
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container) as out:
        stream = out.add_stream("libopus", rate=RATE, layout="mono")
        for start in range(0, samples.shape[1], 960):
            frame = av.AudioFrame.from_ndarray(
                samples[:, start : start + 960], format="s16", layout="mono"
            )
            frame.sample_rate, frame.pts = RATE, start
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buffer.getvalue()


def write_wav(path: Path, seconds: float = 3.0, frequency: float = 330.0) -> Path:
    """A 16-bit mono WAV tone, for Chromium's fake microphone."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(_tone(seconds, frequency).tobytes())
    return path
