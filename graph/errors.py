"""Problems found in a glossary, and the one exception type the library raises.

The library never prints and never exits: it returns :class:`Problem` records (many per run, so
a user sees everything at once) and raises :class:`GlossaryError` only when it cannot go on at
all. The CLI is the one place that turns both into messages and exit codes.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Callable, Iterable

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITY_RANK = {INFO: 0, WARNING: 1, ERROR: 2}


@dataclass(eq=False)
class Problem:
    """One finding, located as precisely as the input allows.

    ``hint`` may be a callable so that costly suggestions ("did you mean ...?") are only
    computed when somebody reads the message.
    """

    severity: str
    code: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str = ""
    hint: str | Callable[[], str] | None = None
    terms: tuple[str, ...] = field(default_factory=tuple)

    @property
    def hint_text(self) -> str:
        if callable(self.hint):
            self.hint = self.hint()
        return self.hint or ""

    @property
    def location(self) -> str:
        if not self.file:
            return ""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        """``file:line:column: field.path: severity: message (hint)`` on one line."""
        head = [p for p in (self.location, self.path) if p]
        text = f"{self.severity}: {self.message}"
        hint = self.hint_text
        if hint:
            text = f"{text}; {hint}"
        return ": ".join(head + [text])

    def as_dict(self) -> dict:
        return {
            "severity": self.severity,
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
            "hint": self.hint_text,
            "terms": list(self.terms),
        }

    def __str__(self) -> str:
        return self.format()


class GlossaryError(Exception):
    """Input the library cannot work with at all (no folder, no such term, unreadable config)."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = self.file or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        text = f"{where}: {self.message}" if where else self.message
        return f"{text}; {self.hint}" if self.hint else text


def did_you_mean(word: str, candidates: Iterable[str], n: int = 3, cutoff: float = 0.6) -> str:
    """``did you mean 'x'?`` for the closest candidates, or an empty string."""
    matches = difflib.get_close_matches(word, list(candidates), n=n, cutoff=cutoff)
    if not matches:
        return ""
    return "did you mean " + " or ".join(repr(m) for m in matches) + "?"


def count_by_severity(problems: Iterable[Problem]) -> dict[str, int]:
    counts = {ERROR: 0, WARNING: 0, INFO: 0}
    for p in problems:
        counts[p.severity] = counts.get(p.severity, 0) + 1
    return counts
