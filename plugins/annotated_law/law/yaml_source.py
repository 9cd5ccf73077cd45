"""Read YAML while remembering the line of every key and list entry.

The validator reports problems as ``file:line``, so the loader keeps a map from each
value's path (keys and list indexes) to the line it starts on. Timestamps stay strings:
dates in site_data are ISO strings checked by the schema, not ``datetime`` objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError, DataProblem

type YamlPath = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader without the implicit timestamp type."""


# libyaml's parser where PyYAML has it: parsing was most of loading site_data (0.6 of 1.1 s)
_C_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastLoader(_C_SAFE_LOADER):
    """_Loader on libyaml's parser."""


_Loader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _parse(text: str, loader_class: type) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _compose(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree and data of ``text``; a file libyaml refuses is parsed again in Python, whose
    messages are the ones reported."""
    try:
        return _parse(text, _FastLoader)
    except yaml.YAMLError:
        return _parse(text, _Loader)


def safe_load(text: str) -> Any:
    """yaml.safe_load, on libyaml's parser where it can."""
    try:
        return yaml.load(text, _C_SAFE_LOADER)
    except yaml.YAMLError:
        return yaml.safe_load(text)


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file and where each of its values starts."""

    file: Path
    data: Any
    lines: dict[YamlPath, int]

    def line(self, path: YamlPath) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)

    def problem(self, path: YamlPath, message: str) -> DataProblem:
        return DataProblem(self.file, self.line(path), message)


def read_yaml(file: Path, display: Path | None = None) -> YamlDocument:
    """Parse ``file``; syntax errors and duplicate keys raise DataError with the line."""
    shown = display or file
    try:
        node, data = _compose(file.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise DataError([DataProblem(shown, line, f"YAML syntax error: {exc.problem}")]) from None
    lines: dict[YamlPath, int] = {}
    problems: list[DataProblem] = []
    if node is not None:
        _walk(node, (), lines, problems, shown)
    if problems:
        raise DataError(problems)
    return YamlDocument(shown, data, lines)


def _walk(
    node: yaml.Node,
    path: YamlPath,
    lines: dict[YamlPath, int],
    problems: list[DataProblem],
    file: Path,
) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                problems.append(
                    DataProblem(file, key_node.start_mark.line + 1, f"key {key!r} appears twice")
                )
            seen.add(key)
            _walk(value_node, (*path, key), lines, problems, file)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _walk(child, (*path, index), lines, problems, file)
