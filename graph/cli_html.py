"""Commands ``html`` (one concept's neighbourhood as a self-contained page) and ``site``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import cli
from .resolve import RELATIONS

DEFAULT_HTML_DIR = Path("exports") / "html"


def relation_list(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [r for r in chosen if r not in RELATIONS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown relation {', '.join(unknown) or '(none)'}; choose from {','.join(RELATIONS)}")
    return chosen


def _note_errors(glossary) -> None:
    if glossary.errors:
        print(f"note: the glossary has {len(glossary.errors)} error(s); see: glossary-graph validate",
              file=sys.stderr)


def cmd_html(args) -> int:
    """Draw a term's neighbourhood as one self-contained, interactive HTML file.

    The file embeds everything it needs (it opens offline, from file:// or as a mail
    attachment). TERM may be the name, an alias or the slug. --relations picks which links
    are followed and drawn: broader climbs to more general concepts, narrower descends,
    related follows associative links. -o - writes the page to standard output.

    Examples:
      glossary-graph html overfitting                 # -> exports/html/overfitting.html
      glossary-graph html "bias variance trade-off" --depth 2 -o /tmp/bv.html
      glossary-graph html evaluation --relations broader,narrower --layout hierarchical
    """
    from .atomic import write_text
    from .visualize import neighbourhood_data, neighbourhood_document

    glossary = cli.load(args)
    _note_errors(glossary)
    term_id = glossary.lookup(args.term)
    data = neighbourhood_data(glossary, term_id, args.depth, args.relations, args.layout)
    page = neighbourhood_document(glossary, data)
    if args.output == "-":
        sys.stdout.write(page)
        return cli.EXIT_OK
    target = Path(args.output) if args.output else DEFAULT_HTML_DIR / f"{term_id}.html"
    if target.is_dir():
        target = target / f"{term_id}.html"
    write_text(target, page)
    if not args.quiet:
        print(f"wrote {target}: {len(data['nodes'])} concepts, {len(data['edges'])} links",
              file=sys.stderr)
    return cli.EXIT_OK


def cmd_site(args) -> int:
    """Build the offline explorer site: an index with search, a page per concept, the overview.

    Static files only; open DIR/index.html from disk or put DIR on any static host. Nothing is
    written when the glossary has errors (see: glossary-graph validate).

    Examples:
      glossary-graph site                                   # -> exports/site/
      glossary-graph site ../shared/corpora/ai-glossary/terms -o /tmp/ai-site
    """
    from .site import build_site

    glossary = cli.load(args)
    if glossary.errors:
        cli.print_problems(glossary.locate_problems(), sys.stderr)
        print(f"site not built: {cli.summary_line(glossary.problems)}; fix the errors above",
              file=sys.stderr)
        return cli.EXIT_FINDINGS
    result = build_site(glossary, args.output, title=args.title)
    if not args.quiet:
        removed = f"; removed {len(result.removed)} stale page(s)" if result.removed else ""
        print(f"built site in {result.root}: {result.terms} concept pages, {result.missing} missing-term "
              f"pages, overview and index{removed}; open {result.root / 'index.html'}", file=sys.stderr)
    return cli.EXIT_OK


def register(subparsers, common) -> None:
    parents = [common.source, common.output]
    p = cli.command(subparsers, "html", cmd_html, cmd_html.__doc__, parents)
    p.add_argument("term", metavar="TERM", help="name, alias or slug of the term")
    common.paths(p)
    p.add_argument("--depth", type=cli.positive_int, default=1, metavar="N",
                   help="hops from the term (default 1)")
    p.add_argument("--relations", type=relation_list, default=RELATIONS, metavar="LIST",
                   help="comma-separated links to follow (default broader,narrower,related)")
    p.add_argument("--layout", choices=("force", "hierarchical"), default="force",
                   help="initial layout: force (network) or hierarchical (tree); the page can switch")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="output file, a folder, or - for stdout (default exports/html/TERM.html)")

    p = cli.command(subparsers, "site", cmd_site, cmd_site.__doc__, parents)
    common.paths(p)
    p.add_argument("-o", "--output", default=str(Path("exports") / "site"), metavar="DIR",
                   help="output folder (default exports/site)")
    p.add_argument("--title", default="Glossary", help="site title shown on every page (default Glossary)")
