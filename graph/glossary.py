"""One call from a folder of term files to a checked, resolved NetworkX graph."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import networkx as nx

from .build import build_graph
from .errors import ERROR, WARNING, Problem
from .loading import DEFAULT_MAX_FILE_SIZE, Record, load_terms
from .resolve import Resolution, resolve
from .validation import locate, validate_records

log = logging.getLogger(__name__)

DEFAULT_TERMS_DIR = Path("data") / "terms"


@dataclass
class Glossary:
    """A compiled glossary: the records, the graph, and every problem found on the way."""

    files: list[str]
    records: list[Record]
    resolution: Resolution
    graph: nx.MultiDiGraph
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def lookup(self, text: str) -> str:
        """The id of the term named by ``text`` (name, alias or slug); raises with suggestions."""
        return self.resolution.index.get(text)

    def locate_problems(self) -> list[Problem]:
        """The problems, each with file:line:column filled in, in a stable order."""
        locate(self.problems)
        return sorted(self.problems, key=lambda p: (p.file or "", p.line or 0, p.column or 0, p.code))


def compile_glossary(paths: Iterable[str | os.PathLike] | str | os.PathLike | None = None, *,
                     max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> Glossary:
    """Load, validate, resolve and build. Problems are collected, never raised.

    Raises :class:`~graph.errors.GlossaryError` only when there is nothing to compile (no such
    folder, no term files).

    >>> g = compile_glossary("data/terms")  # doctest: +SKIP
    >>> g.graph.nodes["overfitting"]["short_def"]  # doctest: +SKIP
    """
    if paths is None:
        paths = [DEFAULT_TERMS_DIR]
    elif isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    loaded = load_terms(paths, max_file_size=max_file_size)
    problems = list(loaded.problems)
    problems.extend(validate_records(loaded.records))
    resolution = resolve(loaded.records)
    problems.extend(resolution.problems)
    graph = build_graph(resolution)
    log.debug("graph: %d nodes, %d edges", graph.number_of_nodes(), graph.number_of_edges())
    return Glossary(loaded.files, loaded.records, resolution, graph, problems)
