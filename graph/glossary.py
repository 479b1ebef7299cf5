"""One call from a folder of term files to a checked, resolved NetworkX graph."""
from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import networkx as nx

from .build import build_graph
from .errors import ERROR, WARNING, Problem
from .gcpause import gc_paused
from .loading import DEFAULT_MAX_FILE_SIZE, Record, find_term_files, load_files
from .resolve import Resolution, resolve
from .locate_fast import locate_problems
from .validation import fast_validator, validate_records

log = logging.getLogger(__name__)

DEFAULT_TERMS_DIR = Path("data") / "terms"
#: Glossaries with at least this many files are parsed by several processes.
PARALLEL_FROM = 1000
#: Runs over this many files report progress (a small glossary builds silently).
PROGRESS_FROM = 2000


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
        locate_problems(self.problems)  # a text scan; the YAML parser only where unsure
        return sorted(self.problems, key=lambda p: (p.file or "", p.line or 0, p.column or 0, p.code))

    def __repr__(self) -> str:  # the generated one prints every record: megabytes in a notebook
        terms = sum(1 for _, missing in self.graph.nodes(data="missing") if not missing)
        return (f"<Glossary: {terms} terms from {len(self.files)} file(s), "
                f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)>")

    def _repr_html_(self) -> str:
        """A summary card in notebooks (see :mod:`graph.explore` for the questions to ask it)."""
        from .explore import Explorer
        return Explorer.from_glossary(self)._repr_html_()


def compile_glossary(paths: Iterable[str | os.PathLike] | str | os.PathLike | None = None, *,
                     max_file_size: int = DEFAULT_MAX_FILE_SIZE, workers: int | None = None) -> Glossary:
    """Load, validate, resolve and build. Problems are collected, never raised.

    Raises :class:`~graph.errors.GlossaryError` only when there is nothing to compile (no such
    folder, no term files). ``workers`` caps the processes used to parse large glossaries
    (1 = sequential).

    >>> g = compile_glossary("data/terms")  # doctest: +SKIP
    >>> g.graph.nodes["overfitting"]["short_def"]  # doctest: +SKIP
    """
    if paths is None:
        paths = [DEFAULT_TERMS_DIR]
    elif isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files = find_term_files(paths)
    if len(files) >= PROGRESS_FROM:
        log.info("reading %d term files", len(files))
    with gc_paused():
        records, problems = load_and_validate(files, max_file_size=max_file_size, workers=workers)
        resolution = resolve(records)
        problems.extend(resolution.problems)
        graph = build_graph(resolution)
    log.debug("graph: %d nodes, %d edges", graph.number_of_nodes(), graph.number_of_edges())
    return Glossary([str(f) for f in files], records, resolution, graph, problems)


def _load_chunk(files: list[Path], max_file_size: int) -> tuple[list[Record], list[Problem]]:
    loaded = load_files(files, max_file_size=max_file_size)
    return loaded.records, loaded.problems + validate_records(loaded.records)


def load_and_validate(files: list[Path], *, max_file_size: int = DEFAULT_MAX_FILE_SIZE,
                      workers: int | None = None) -> tuple[list[Record], list[Problem]]:
    """Parse and schema-check ``files``, in parallel processes for large glossaries.

    Parsing dominates a build, so above :data:`PARALLEL_FROM` files the work is split into
    contiguous chunks over ``workers`` processes (default: the CPUs available). Results are
    identical to a sequential run, in the same order.
    """
    workers = _worker_count(workers, len(files))
    if workers <= 1:
        return _load_chunk(files, max_file_size)
    fast_validator()  # compile once, before forking, so workers inherit it
    size = -(-len(files) // (workers * 4))
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    records: list[Record] = []
    problems: list[Problem] = []
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for chunk_records, chunk_problems in pool.map(_load_chunk, chunks, [max_file_size] * len(chunks)):
            records.extend(chunk_records)
            problems.extend(chunk_problems)
    return records, problems


def _worker_count(workers: int | None, n_files: int) -> int:
    if n_files < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if workers is None:
        if threading.active_count() > 1:  # forking a threaded process (e.g. a Jupyter kernel) is unsafe
            return 1
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(workers, 8))
