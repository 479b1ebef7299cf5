"""Find term files and parse them safely into records that remember where they came from.

Only safe YAML loaders are used (libyaml's C loader when present). Every per-file failure
becomes a :class:`~graph.errors.Problem` so one run reports all broken files; only a missing
or empty glossary folder raises.
"""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

from .errors import ERROR, GlossaryError, Problem


try:  # libyaml is ~10x faster; the pure-Python loader is the same safe subset
    SafeLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    SafeLoader = yaml.SafeLoader

#: Files larger than this are refused (override with ``max_file_size`` / ``--max-file-size``).
DEFAULT_MAX_FILE_SIZE = 1024 * 1024
#: A document that expands (through YAML aliases) to more values than this is refused.
MAX_EXPANDED_VALUES = 100_000
SUFFIXES = (".yml", ".yaml")


@dataclass(slots=True)
class Record:
    """One term file's parsed fields plus its origin."""

    data: dict
    file: str
    line: int = 1

    @property
    def term(self) -> str | None:
        value = self.data.get("term")
        return value if isinstance(value, str) else None


@dataclass
class LoadResult:
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def find_term_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Expand folders (recursively) and explicit files into a sorted, de-duplicated list."""
    found: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            before = len(found)
            for folder, dirs, names in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found.update(os.path.join(folder, n) for n in names
                             if n.endswith(SUFFIXES) and not n.startswith("."))
            if len(found) == before:
                raise GlossaryError(
                    "no term files (*.yml, *.yaml) in this folder",
                    file=str(path), hint="point at the folder that holds one YAML file per term")
        elif path.is_file():
            found.add(str(path))
        elif not path.exists():
            raise GlossaryError("no such file or folder", file=str(path),
                                hint="check the path, or run from the project root where data/terms lives")
        else:
            raise GlossaryError("not a regular file or folder", file=str(path))
    return [Path(f) for f in sorted(found)]


def load_terms(paths: Iterable[str | os.PathLike], *,
               max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> LoadResult:
    """Parse every term file under ``paths``; problems are collected, not raised."""
    return load_files(find_term_files(paths), max_file_size=max_file_size)


def load_files(files: list[Path], *, max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> LoadResult:
    """Parse the given files in order; one record or one problem per file."""
    result = LoadResult(files=[str(f) for f in files])
    for path in files:
        record, problem = load_file(path, max_file_size=max_file_size)
        if problem is not None:
            result.problems.append(problem)
        if record is not None:
            result.records.append(record)
    return result


def load_file(path: Path, *, max_file_size: int = DEFAULT_MAX_FILE_SIZE
              ) -> tuple[Record | None, Problem | None]:
    """Read and parse one file: a record, or the problem that stopped it."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_file_size:
                return None, Problem(
                    ERROR, "file-too-large", f"file is {size:,} bytes, over the limit of {max_file_size:,}",
                    file=name, line=1, hint="split it, or raise the limit with --max-file-size BYTES")
            raw = handle.read()
    except OSError as exc:
        return None, Problem(ERROR, "unreadable", f"cannot read file: {exc.strerror}", file=name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Problem(ERROR, "not-utf8", f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                             file=name, line=line, column=column,
                             hint="save the file as UTF-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        data = yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(x for x in (exc.context, exc.problem) if x) or "malformed YAML"
        return None, Problem(ERROR, "yaml-syntax", f"malformed YAML: {what}", file=name,
                             line=mark.line + 1 if mark else None,
                             column=mark.column + 1 if mark else None,
                             hint="fix the YAML syntax (indentation, quotes, colons)")
    except yaml.YAMLError as exc:
        return None, Problem(ERROR, "yaml-syntax", f"malformed YAML: {exc}", file=name,
                             hint="fix the YAML syntax")
    if data is None:
        return None, Problem(ERROR, "empty-file", "file holds no term", file=name, line=1,
                             hint="write the term's fields, or delete the file")
    if not isinstance(data, dict):
        return None, Problem(ERROR, "not-a-mapping",
                             f"expected a mapping of fields (term: ..., aliases: ...), got a {_kind(data)}",
                             file=name, line=1, hint="a term file is one YAML mapping, keys at the left margin")
    if ("*" in text or "<<" in text) and _too_big(data):
        return None, Problem(ERROR, "alias-bomb",
                             f"YAML aliases expand this file to more than {MAX_EXPANDED_VALUES:,} values",
                             file=name, line=1, hint="write values out instead of repeating aliases (*name)")
    reviewed = data.get("last_reviewed")
    if isinstance(reviewed, (_dt.date, _dt.datetime)):  # unquoted dates are natural to write
        data["last_reviewed"] = reviewed.isoformat()[:10]
    return Record(data=data, file=name, line=1), None


def _kind(value: object) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__)


def _too_big(data: object) -> bool:
    """Count values as if aliases were expanded, stopping early: an alias bomb is shared
    structure that only explodes when walked, so it must be caught before anything walks it."""
    budget = MAX_EXPANDED_VALUES
    stack = [data]
    while stack:
        item = stack.pop()
        budget -= 1
        if budget < 0:
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
            stack.extend(item.keys())
        elif isinstance(item, list):
            stack.extend(item)
    return False
