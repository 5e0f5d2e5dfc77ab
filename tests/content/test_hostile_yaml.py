"""Hostile YAML: a 300-byte alias bomb and a huge file are refused at once, with file:line,
by the real `python -m bot content check` (its memory stays small)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from tests.conftest import ROOT

BOMB = """\
a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
"""


def content_check(content_dir: Path, locales_dir: Path) -> tuple[int, str, int]:
    """Run the real command; returns exit code, output, and its peak memory in MB.

    The peak is the command's own (``wait4`` on its pid): ``RUSAGE_CHILDREN`` would be the
    largest of every child this test process ever reaped, a bot or a browser of another test.
    """
    env = {"CONTENT_DIR": str(content_dir), "LOCALES_DIR": str(locales_dir), "PATH": "/usr/bin"}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "content", "check"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        killer = threading.Timer(120, process.kill)  # a check that hangs fails the test
        killer.start()
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    return process.returncode, output, usage.ru_maxrss // 1024


def test_an_alias_bomb_is_refused_with_its_line(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    assert len(BOMB.encode()) < 400
    (content_dir / "alerts" / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    code, output, peak_mb = content_check(content_dir, locales_dir)
    assert code != 0
    assert "alerts/bomb.yaml:1:" in output and "aliases" in output, output[-2000:]
    assert "Traceback" not in output
    assert peak_mb < 1000, f"content check used {peak_mb} MB"


def test_a_huge_file_is_refused_before_it_is_read(content_copy: tuple[Path, Path]) -> None:
    content_dir, locales_dir = content_copy
    huge = content_dir / "alerts" / "huge.yaml"
    huge.write_text("title: " + "x" * 2_000_000 + "\n", encoding="utf-8")
    code, output, _peak = content_check(content_dir, locales_dir)
    assert code != 0 and "huge.yaml" in output and "more than 1000000" in output
    assert "Traceback" not in output
