"""YAML loading that remembers where each value came from.

Volunteers edit these files by hand; an error message must point at the line to fix, so
the loader keeps a map from each value's path (``("checklist", "visa", "question")``) to
its line number alongside the plain Python data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.errors import Problem

PathKey = tuple[str | int, ...]


@dataclass
class LocatedYaml:
    """Plain data from one YAML file and the line of every value in it."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line(self, path: PathKey) -> int | None:
        """Line of ``path``, or of its closest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def problem(self, path: PathKey, message: str, severity: str = "error") -> Problem:
        """A Problem located at ``path`` in this file."""
        return Problem(self.file, self.line(path), message, severity)


def _walk(node: yaml.Node, path: PathKey, lines: dict[PathKey, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            lines[(*path, key)] = key_node.start_mark.line + 1
            _walk(value_node, (*path, key), lines)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines)


MAX_YAML_BYTES = 1_000_000
"""Largest content file accepted (the biggest today is about 45 kB): a file far bigger is a
mistake or an attack, and refusing it before parsing keeps the check's memory small."""

# libyaml's loader when PyYAML was built with it: content is read again on every hot reload.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ALIAS_REFUSED = (
    "anchors and aliases (&name, *name) are not allowed in content files: write the value out "
    "in full"
)


def _refuse_aliases(root: yaml.Node, name: str) -> None:
    """Refuse a node reached twice (an alias), before anything walks the expanded tree.

    A 300-byte "billion laughs" file composes into a few shared nodes, but every walk over
    it (line numbers, validation) would visit billions; content written by hand never needs
    aliases. Works the same with the C and the Python loader.
    """
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise YamlSyntaxError(Problem(name, node.start_mark.line + 1, _ALIAS_REFUSED))
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _read_bounded(path: Path, name: str) -> str:
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        raise YamlSyntaxError(
            Problem(name, None, f"the file is {size} bytes, more than {MAX_YAML_BYTES} allowed")
        )
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError(Problem(name, None, f"not UTF-8 text: {exc.reason}")) from None


def _compose(text: str, name: str) -> tuple[yaml.Node | None, Any]:
    if len(text) > MAX_YAML_BYTES:
        raise YamlSyntaxError(Problem(name, None, f"more than {MAX_YAML_BYTES} characters"))
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _refuse_aliases(node, name)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlSyntaxError(Problem(name, line, f"YAML syntax: {exc.problem or exc}")) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(Problem(name, None, f"YAML syntax: {exc}")) from None
    finally:
        loader.dispose()
    return node, data


def load_text(text: str, name: str = "<text>") -> Any:
    """Parse YAML text as safely as :func:`load_located` (no aliases, bounded), data only."""
    return _compose(text, name)[1]


def load_plain(path: Path) -> Any:
    """Parse ``path`` as safely as :func:`load_located` (no aliases, bounded size), data only."""
    return _compose(_read_bounded(path, str(path)), str(path))[1]


def load_located(path: Path, display_name: str | None = None) -> LocatedYaml:
    """Parse ``path``; a syntax error becomes a ContentError-ready Problem with its line.

    Refused with a Problem, before anything is expanded: files over :data:`MAX_YAML_BYTES`,
    anchors and aliases, text that is not UTF-8.
    """
    name = display_name or str(path)
    node, data = _compose(_read_bounded(path, name), name)
    lines: dict[PathKey, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return LocatedYaml(name, data, lines)


class YamlSyntaxError(Exception):
    """A file that is not valid YAML at all."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))
