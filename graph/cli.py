"""The ``glossary-graph`` command: argument parsing and messages over the library.

Each command parses its arguments, makes one library call and prints the result. This is the
only module that prints or picks exit codes: 0 ok, 1 errors or findings, 2 usage.
"""
from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from typing import Sequence

from . import __version__
from .errors import GlossaryError, Problem, count_by_severity
from .glossary import DEFAULT_TERMS_DIR, Glossary, compile_glossary
from .loading import DEFAULT_MAX_FILE_SIZE

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

#: Modules that add further commands; each has ``register(subparsers, common)``.
COMMAND_MODULES: list[str] = ["graph.cli_quality", "graph.cli_html", "graph.cli_skos"]


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


class Common:
    """Parent parsers shared by commands, so options mean the same everywhere."""

    def __init__(self):
        self.output = argparse.ArgumentParser(add_help=False)
        group = self.output.add_argument_group("output")
        group.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
        group.add_argument("-v", "--verbose", action="store_true", help="more progress messages")
        self.source = argparse.ArgumentParser(add_help=False)
        self.source.add_argument(
            "--max-file-size", type=positive_int, default=DEFAULT_MAX_FILE_SIZE, metavar="BYTES",
            help=f"refuse term files larger than this (default {DEFAULT_MAX_FILE_SIZE})")

    def paths(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("paths", nargs="*", metavar="PATH",
                            help=f"term folder(s) or files (default: {DEFAULT_TERMS_DIR})")


def command(subparsers, name: str, func, doc: str, parents: list) -> argparse.ArgumentParser:
    """Add a sub-command whose --help is ``doc`` (first line: summary; the rest: examples)."""
    summary = doc.strip().splitlines()[0]
    parser = subparsers.add_parser(name, help=summary, description=doc.strip(), parents=parents,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(func=func)
    return parser


def load(args) -> Glossary:
    return compile_glossary(args.paths or None, max_file_size=args.max_file_size)


def print_problems(problems: list[Problem], stream=None) -> None:
    stream = stream or sys.stdout
    for problem in problems:
        print(problem.format(), file=stream)


def summary_line(problems: list[Problem]) -> str:
    counts = count_by_severity(problems)
    return f"{counts['error']} error(s), {counts['warning']} warning(s)"


# ---------------------------------------------------------------- commands

def cmd_validate(args) -> int:
    """Check every term file: schema, YAML, duplicates and links; list every problem.

    Each problem is one line: file:line:column: field.path: severity: message.
    Exit 1 when there are errors (or warnings, with --strict).

    Examples:
      glossary-graph validate
      glossary-graph validate ../shared/corpora/ai-glossary/terms --format json
    """
    glossary = load(args)
    problems = glossary.locate_problems()
    if args.format == "json":
        payload = {"files": len(glossary.files), "terms": len(glossary.resolution.terms),
                   "counts": count_by_severity(problems), "problems": [p.as_dict() for p in problems]}
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print_problems(problems)
        print(f"{len(glossary.files)} file(s), {len(glossary.resolution.terms)} term(s): "
              f"{summary_line(problems)}", file=sys.stderr)
    failing = glossary.errors or (args.strict and glossary.warnings)
    return EXIT_FINDINGS if failing else EXIT_OK


def cmd_build(args) -> int:
    """Compile the glossary and write the exports (graph JSON, GraphML, ...) into --out.

    Nothing is written when the glossary has errors; existing exports stay as they were.

    Examples:
      glossary-graph build                      # data/terms -> exports/
      glossary-graph build ../shared/corpora/ai-glossary/terms --out /tmp/ai-exports
    """
    from .exports import write_exports

    glossary = load(args)
    if glossary.errors:
        print_problems(glossary.locate_problems(), sys.stderr)
        print(f"not built: {summary_line(glossary.problems)}; fix the errors above", file=sys.stderr)
        return EXIT_FINDINGS
    written = write_exports(glossary, args.out)
    if not args.quiet:
        warnings = len(glossary.warnings)
        note = f"; {warnings} warning(s), see: glossary-graph validate" if warnings else ""
        print(f"built {len(glossary.resolution.terms)} terms into {args.out}: "
              + ", ".join(p.name for p in written) + note, file=sys.stderr)
    return EXIT_OK


def cmd_show(args) -> int:
    """Print a term's definition and its neighbours in the terminal.

    TERM may be the name, an alias or the slug, in any case.

    Examples:
      glossary-graph show overfitting
      glossary-graph show "bias variance trade-off" --depth 2
    """
    from .textviews import render_term

    glossary = load(args)
    print(render_term(glossary, glossary.lookup(args.term), depth=args.depth), end="")
    return EXIT_OK


def cmd_stats(args) -> int:
    """Count terms, links, gaps, categories and problems.

    Examples:
      glossary-graph stats
      glossary-graph stats ../shared/corpora/ai-glossary/terms --format json
    """
    from .stats import glossary_stats
    from .textviews import render_stats

    stats = glossary_stats(load(args))
    if args.format == "json":
        print(json.dumps(stats, indent=2, ensure_ascii=False))
    else:
        print(render_stats(stats), end="")
    return EXIT_OK


# ---------------------------------------------------------------- wiring

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="glossary-graph",
        description="Compile a folder of YAML glossary terms into a knowledge graph and explore it.",
        epilog="Run 'glossary-graph COMMAND --help' for a command's options and examples.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = Common()
    parents = [common.source, common.output]

    p = command(subparsers, "validate", cmd_validate, cmd_validate.__doc__, parents)
    common.paths(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")

    p = command(subparsers, "build", cmd_build, cmd_build.__doc__, parents)
    common.paths(p)
    p.add_argument("--out", default="exports", metavar="DIR", help="output folder (default: exports)")

    p = command(subparsers, "show", cmd_show, cmd_show.__doc__, parents)
    p.add_argument("term", metavar="TERM", help="name, alias or slug of the term")
    common.paths(p)
    p.add_argument("--depth", type=positive_int, default=1, metavar="N", help="hops to list (default 1)")

    p = command(subparsers, "stats", cmd_stats, cmd_stats.__doc__, parents)
    common.paths(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers, common)
    return parser


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is now (tests and notebooks swap it)."""

    def __init__(self):
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def configure_logging(args) -> None:
    level = logging.WARNING if getattr(args, "quiet", False) else (
        logging.DEBUG if getattr(args, "verbose", False) else logging.INFO)
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger("graph")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args)
    try:
        return args.func(args)
    except GlossaryError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    except KeyboardInterrupt:
        print("Interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
