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
