"""Line numbers for many findings at once, without composing every YAML file again.

A quality report on a large glossary points into most of its files; composing each with a YAML
parser (what :func:`graph.validation.locate` does) costs about as much as the build itself. Term
files are block YAML with top-level keys at the left margin, so the block of one top-level key
is found with a text search, and the few lines inside it are indexed by following indentation.
Anything this scanner is not sure about (flow collections, tabs, keys it cannot find) is handed
to the exact locator.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

from .errors import Problem
from .validation import locate



def locate_problems(problems: Iterable[Problem], files: dict | None = None) -> None:
    """Fill line and column of problems that have a file and a field path but no line yet.

    ``files`` (file -> index) may be passed to keep what was read for a later call.
    """
    files = {} if files is None else files
    pending: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        if problem.file and problem.line is None and problem.path and not problem.path.startswith("<"):
            pending[problem.file].append(problem)
    unsure = []
    for file, items in pending.items():
        if file not in files:
            files[file] = _file_index(file)
        index = files[file]
        for problem in items:
            where = index.find(problem.path) if index is not None else None
            if where is None:
                unsure.append(problem)
            else:
                problem.line, problem.column = where
    if unsure:
        locate(unsure)  # the exact (parsing) locator for whatever the scanner was unsure of


def _file_index(file: str) -> "FileIndex | None":
    try:
        with open(file, encoding="utf-8-sig") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        return None
    return FileIndex(text) if "\t" not in text and "\r" not in text else None


class FileIndex:
    """Positions of the fields of one block-YAML file, indexed one top-level key at a time."""

    def __init__(self, text: str):
        self.text = text
        self.paths: dict[str, dict[str, tuple[int, int]] | None] = {}

    def find(self, path: str) -> tuple[int, int] | None:
        top = path.split(".", 1)[0].split("[", 1)[0]
        if top not in self.paths:
            self.paths[top] = self._index(top)
        found = self.paths[top]
        return found.get(path) if found is not None else None

    def _key_start(self, key: str, start: int = 0) -> int:
        """Offset of the line ``key:`` at the left margin, from ``start``; -1 when absent."""
        text, head = self.text, key + ":"
        at = 0 if start == 0 and text.startswith(head) else text.find("\n" + head, max(start - 1, 0)) + 1
        while at > 0 or (at == 0 and text.startswith(head)):
            after = text[at + len(head):at + len(head) + 1]
            if after in ("", " ", "\n", "\t"):
                return at
            at = text.find("\n" + head, at) + 1
        return -1

    def _index(self, key: str) -> dict[str, tuple[int, int]] | None:
        start = self._key_start(key)
        if start < 0:
            return None
        match = _NEXT_TOP.search(self.text, start + len(key))
        end = match.start() + 1 if match else len(self.text)
        if self._key_start(key, end) >= 0:
            return None  # the key is repeated: let the parser decide which one counts
        line = self.text.count("\n", 0, start) + 1
        return _index_block(self.text[start:end].split("\n"), line)


#: the start of the next line that begins at the left margin with a key (not a comment or item)
_NEXT_TOP = re.compile(r"\n(?=[^\s#\-])")


def _is_item(stripped: str) -> bool:
    return stripped == "-" or stripped.startswith("- ")


def _key_of(stripped: str) -> str | None:
    """The key of a ``key: value`` line (plain or quoted key), else None."""
    if stripped[:1] in ("'", '"'):
        close = stripped.find(stripped[0], 1)
        if close > 0 and stripped[close + 1:close + 2] == ":" and stripped[close + 2:close + 3] in ("", " "):
            return stripped[1:close]
        return None
    colon = stripped.find(":")
    while colon > 0:
        if colon + 1 == len(stripped) or stripped[colon + 1] == " ":
            return stripped[:colon].rstrip()
        colon = stripped.find(":", colon + 1)
    return None


def _index_block(lines: list[str], first_line: int) -> dict[str, tuple[int, int]]:
    """Field path -> (line, column) for one top-level key's lines (1-based, value positions).

    Containers are tracked on a stack of (indent, kind, path, item count). A key without an
    inline value opens a pending container whose kind and indent its first child line decides;
    deeper lines that open nothing are continuation text and skipped.
    """
    out: dict[str, tuple[int, int]] = {}
    stack: list[list] = [[0, "map", "", -1]]
    pending: str | None = None
    pending_indent = 0
    for offset, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        indent = len(line) - len(stripped)
        item = _is_item(stripped)
        number = first_line + offset
        if pending is not None:
            if indent > pending_indent or (indent == pending_indent and item):
                out[pending] = (number, indent + 1)
                stack.append([indent, "seq" if item else "map", pending, -1])
            pending = None
        while len(stack) > 1:
            top_indent, kind = stack[-1][0], stack[-1][1]
            if indent > top_indent or (indent == top_indent and (kind == "seq") == item):
                break
            stack.pop()
        container = stack[-1]
        if indent > container[0]:
            continue  # continuation of a value, or the inside of an item
        if container[1] == "seq":
            container[3] += 1
            path = f"{container[2]}[{container[3]}]"
            value = stripped[1:].lstrip(" ")
            if not value or value[0] in "#[{|>&*!" or _key_of(value) is not None:
                continue  # nested or unusual item: the exact locator answers for it
            out[path] = (number, indent + len(stripped) - len(value) + 1)
            continue
        key = _key_of(stripped)
        if key is None:
            return out  # not block YAML as expected: stop here, the rest goes to the parser
        path = f"{container[2]}.{key}" if container[2] else key
        colon = len(key) + 2 if stripped[:1] in "'\"" else stripped.find(":", len(key))
        rest = stripped[colon + 1:]
        value = rest.strip()
        if value and value[0] != "#":
            if value[0] not in "[{":
                out[path] = (number, indent + colon + 1 + len(rest) - len(rest.lstrip(" ")) + 1)
            continue
        pending, pending_indent = path, indent
    return out
