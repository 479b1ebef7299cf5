"""Check term records against the packaged JSON Schema and point at the offending line.

Two validators, one schema: a compiled one (fastjsonschema) answers "is this document valid?"
in microseconds, and only the documents it rejects are walked again by jsonschema, which
collects every error. Line numbers cost a second parse, so they are looked up only for
documents that have errors.
"""
from __future__ import annotations

import datetime as _dt
import functools
import json
import re
from importlib import resources
from typing import Iterable, Iterator

import fastjsonschema
import jsonschema
import yaml

from .errors import ERROR, WARNING, Problem, did_you_mean
from .loading import Record, SafeLoader

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+\Z")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")


def is_uri(value: object) -> bool:
    """An absolute URI without whitespace (``https://...``, ``urn:...``)."""
    return not isinstance(value, str) or bool(_URI.match(value))


def is_date(value: object) -> bool:
    """A real calendar date written as YYYY-MM-DD."""
    if not isinstance(value, str):
        return True
    if not _DATE.match(value):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


_FORMATS = {"uri": is_uri, "date": is_date}


@functools.lru_cache(maxsize=1)
def term_schema() -> dict:
    """The term format as JSON Schema (also usable by editors: graph/schema/term.schema.json)."""
    text = resources.files("graph").joinpath("schema/term.schema.json").read_text("utf-8")
    return json.loads(text)


@functools.lru_cache(maxsize=1)
def fast_validator():
    return fastjsonschema.compile(term_schema(), formats=_FORMATS)


@functools.lru_cache(maxsize=1)
def _full_validator() -> jsonschema.Draft202012Validator:
    checker = jsonschema.FormatChecker(formats=())
    for name, func in _FORMATS.items():
        checker.checks(name)(func)
    return jsonschema.Draft202012Validator(term_schema(), format_checker=checker)


def validate_records(records: Iterable[Record]) -> list[Problem]:
    """Every schema problem of every record, errors with file:line:column."""
    fast = fast_validator()
    problems: list[Problem] = []
    for record in records:
        try:
            fast(record.data)
        except fastjsonschema.JsonSchemaException:
            problems.extend(explain_record(record))
        if "placeholders" in record.data:
            problems.extend(placeholder_warning(record))
    return problems


def placeholder_warning(record: Record) -> list[Problem]:
    """One warning per term whose fields still hold stand-ins written by ``glossary-graph import``."""
    names = record.data.get("placeholders")
    if not isinstance(names, list) or not names:
        return []
    listed = ", ".join(str(n) for n in names)
    return [Problem(WARNING, "placeholder", f"placeholder values (the imported vocabulary had none): {listed}",
                    file=record.file, path="placeholders", terms=(record.term,) if record.term else (),
                    hint="write the real values and remove their names from 'placeholders'")]


def explain_record(record: Record) -> list[Problem]:
    """All schema errors of one (invalid) record, located in its file."""
    locator = _Locator(record.file)
    found, seen = [], set()
    for error in _full_validator().iter_errors(record.data):
        for path, key_error, message, hint in _describe(error):
            if (format_path(path), message) in seen:
                continue
            seen.add((format_path(path), message))
            # a missing field has no line of its own: point at the mapping that lacks it
            where = path[:-1] if error.validator == "required" else path
            line, column = locator.find(where, at_key=key_error)
            found.append(Problem(ERROR, f"schema-{error.validator}", message, file=record.file,
                                 line=line, column=column, path=format_path(path), hint=hint or None,
                                 terms=(record.term,) if record.term else ()))
    found.sort(key=lambda p: (p.line or 0, p.column or 0, p.path))
    return found


def format_path(path: Iterable) -> str:
    """``['relationships', 'broader', 0]`` -> ``relationships.broader[0]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_TYPE_NAMES = {"array": "a list", "object": "a mapping", "string": "text", "integer": "a whole number",
               "number": "a number", "boolean": "true or false", "null": "nothing"}


def _kind_of(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    return {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number",
            type(None): "nothing"}.get(type(value), type(value).__name__)


def _describe(error: jsonschema.ValidationError) -> Iterator[tuple[list, bool, str, str]]:
    """(path, points-at-key, message, hint) for one jsonschema error, in words people use."""
    path = list(error.absolute_path)
    kind, value, schema = error.validator, error.instance, error.schema
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for key in sorted(set(value) - set(allowed), key=str):
            hint = did_you_mean(str(key), allowed) or "allowed fields: " + ", ".join(allowed)
            yield path + [key], True, f"unknown field {key!r}", hint
    elif kind == "required":
        for key in schema["required"]:
            if key not in value:
                yield path + [key], False, f"missing required field {key!r}", f"add '{key}:' to this mapping"
    elif kind == "enum":
        options = [str(o) for o in error.validator_value]
        hint = did_you_mean(str(value), options) or "use one of: " + ", ".join(options)
        yield path, False, f"{value!r} is not an allowed value", hint
    elif kind == "type":
        wanted = error.validator_value
        wanted = " or ".join(_TYPE_NAMES.get(w, w) for w in ([wanted] if isinstance(wanted, str) else wanted))
        hint = "quote dates and numbers: '2026-01-31'" if wanted == "text" else ""
        yield path, False, f"expected {wanted}, got {_kind_of(value)}", hint
    elif kind == "minItems":
        yield path, False, f"needs at least {error.validator_value} item(s)", "add an entry"
    elif kind == "minLength":
        yield path, False, "must not be empty", "write the text, or remove the entry"
    elif kind == "maxLength":
        yield path, False, f"is {len(value)} characters, over the limit of {error.validator_value}", \
            "shorten it; put the detail in long_def"
    elif kind == "uniqueItems":
        seen, dupes = set(), []
        for item in value:
            marker = json.dumps(item, sort_keys=True, default=str)
            if marker in seen:
                dupes.append(item)
            seen.add(marker)
        yield path, False, "has duplicate entries: " + ", ".join(repr(d) for d in dupes), "remove the repeats"
    elif kind == "format":
        expected = {"date": "a date written YYYY-MM-DD", "uri": "an absolute URL such as https://..."}
        yield path, False, f"{value!r} is not {expected.get(error.validator_value, error.validator_value)}", ""
    else:
        yield path, False, error.message, ""


class _Locator:
    """Maps a field path to a line and column by composing the file's YAML node tree once."""

    def __init__(self, file: str):
        self.file = file
        self._root = None
        self._loaded = False

    def _load(self):
        if not self._loaded:
            self._loaded = True
            try:
                with open(self.file, encoding="utf-8-sig") as handle:
                    self._root = yaml.compose(handle.read(), Loader=SafeLoader)
            except (OSError, yaml.YAMLError, UnicodeDecodeError):
                self._root = None
        return self._root

    def find(self, path: list, at_key: bool = False) -> tuple[int, int]:
        node = self._load()
        if node is None:
            return 1, 1
        mark = node.start_mark
        for depth, part in enumerate(path):
            last = depth == len(path) - 1
            child = None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if key_node.value == str(part):
                        if last and at_key:
                            return key_node.start_mark.line + 1, key_node.start_mark.column + 1
                        child = value_node
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                child = node.value[part]
            if child is None:
                break
            node = child
            mark = node.start_mark
        return mark.line + 1, mark.column + 1


def locate(problems: Iterable[Problem]) -> None:
    """Fill in line and column of problems that know their field path but not yet their line.

    Kept out of the build's hot path: it re-reads each affected file once, and only reports
    need it.
    """
    locators: dict[str, _Locator] = {}
    for problem in problems:
        if problem.file and problem.line is None and problem.path:
            locator = locators.setdefault(problem.file, _Locator(problem.file))
            problem.line, problem.column = locator.find(_parse_path(problem.path))


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _parse_path(path: str) -> list:
    return [int(index) if index else name for name, index in _PATH_PART.findall(path)]
