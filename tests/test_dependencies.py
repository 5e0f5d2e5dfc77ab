"""Every dependency is bounded above, so a new release cannot turn a fresh install red."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = [*project["dependencies"]]
    for extra in project.get("optional-dependencies", {}).values():
        listed.extend(extra)
    return [Requirement(line) for line in listed]


def test_every_dependency_has_an_upper_bound() -> None:
    unbounded = [
        str(requirement)
        for requirement in _requirements()
        if not any(spec.operator in {"<", "<=", "==", "~="} for spec in requirement.specifier)
    ]
    assert not unbounded, f"bound these above to the releases the suite passed with: {unbounded}"


def test_the_installed_releases_are_inside_the_bounds() -> None:
    """The suite runs against what pip installed; that must be what pyproject.toml allows."""
    from importlib.metadata import PackageNotFoundError, version

    outside = []
    for requirement in _requirements():
        try:
            installed = version(requirement.name)
        except PackageNotFoundError:
            outside.append(f"{requirement.name} is not installed")
            continue
        if not requirement.specifier.contains(installed, prereleases=True):
            outside.append(f"{requirement.name} {installed} not in {requirement.specifier}")
    assert not outside, outside


def test_the_http_client_of_ptb_does_not_retry_a_failed_import_per_request() -> None:
    """httpcore asks for sniffio each time it makes a lock (several per request); when it is
    missing, Python's import machinery searches the whole path again every time, which made
    the PTB bot answer at a fraction of its speed under load (encode/httpcore#1103)."""
    import asyncio
    import importlib.abc
    import sys

    from httpcore._synchronization import current_async_library

    asked: list[str] = []

    class Watcher(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname: str, path: object, target: object = None) -> None:
            asked.append(fullname)

    async def requests() -> list[str]:
        return [current_async_library() for _ in range(3)]

    asyncio.run(requests())  # the first import is allowed
    sys.meta_path.insert(0, Watcher())
    try:
        libraries = asyncio.run(requests())
    finally:
        sys.meta_path.pop(0)
    assert libraries == ["asyncio"] * 3
    assert "sniffio" not in asked
