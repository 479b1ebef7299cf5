"""The ``check`` and ``fix`` commands: thin shells over graph.quality, graph.report and graph.fix."""
from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

from . import cli
from .errors import GlossaryError

DEFAULT_SITE = Path("exports") / "site"
FAIL_LEVELS = ("error", "warning", "info", "never")


def _date(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date written YYYY-MM-DD, got {text!r}") from None


def _codes(text: str) -> frozenset[str]:
    from .quality import CHECKS

    codes = frozenset(c.strip() for c in text.split(",") if c.strip())
    unknown = sorted(codes - set(CHECKS))
    if unknown:
        from .errors import did_you_mean

        hint = did_you_mean(unknown[0], CHECKS) or "see: glossary-graph check --list-checks"
        raise argparse.ArgumentTypeError(f"unknown check {unknown[0]!r}; {hint}")
    return codes


def cmd_check(args) -> int:
    """Run the vocabulary quality checks (qSKOS and glossary-specific) and report the findings.

    Findings are grouped by check, each with its severity, term(s), file:line and a hint,
    followed by the missing terms most worth writing. Exit 1 when a finding is at or above
    --fail-on (default: error), else 0.

    Examples:
      glossary-graph check
      glossary-graph check ../shared/corpora/ai-glossary/terms --format json > report.json
      glossary-graph check --format html --out exports/quality.html
      glossary-graph check --rdf exports/glossary.ttl --fail-on warning
      glossary-graph check --list-checks
    """
    from .quality import CHECKS, QualityConfig, run_checks
    from .report import build_report, render_html, render_json, render_text, site_link_base

    if args.list_checks:
        for code, info in CHECKS.items():
            print(f"{code:20} {info.severity:8} {info.category:14} {info.title}")
        return cli.EXIT_OK
    config = QualityConfig(stale_after_days=args.stale_after, today=args.as_of or _dt.date.today(),
                           only=args.only, skip=args.skip or frozenset())
    if args.rdf:
        if args.paths:
            raise GlossaryError("give either PATH (YAML terms) or --rdf FILE, not both")
        glossary, rdf_graph, iri_of = _load_rdf(args.rdf)
        config.rdf, config.rdf_file, config.rdf_iris = rdf_graph, args.rdf, iri_of
    else:
        glossary = cli.load(args)
    problems = run_checks(glossary, config)
    report = build_report(glossary, problems, config=config, fail_on=args.fail_on,
                          paths=[str(p) for p in args.paths] if not args.rdf else [], rdf=args.rdf)
    if args.format == "json":
        text = render_json(report)
    elif args.format == "html":
        site_url = args.site_url or site_link_base(args.site, args.out)
        site_dir = args.site if (not args.site_url and site_url) else None
        text = render_html(report, glossary, site_url=site_url, site_dir=site_dir)
    else:
        text = render_text(report)
    if args.out:
        from .atomic import write_text

        write_text(args.out, text)
        if not args.quiet:
            s = report["summary"]
            print(f"wrote {args.out}: {s['error']} error(s), {s['warning']} warning(s), {s['info']} info",
                  file=sys.stderr)
    else:
        sys.stdout.write(text)
    return cli.EXIT_FINDINGS if report["summary"]["failed"] else cli.EXIT_OK


def _load_rdf(path: str):
    """The glossary imported from a SKOS file, the RDF graph and the IRI of each term."""
    try:
        from .quality_rdf import load_for_checks
        return load_for_checks(path)
    except ImportError as exc:
        raise GlossaryError(f"checking SKOS files needs rdflib and the SKOS importer ({exc})") from None


def cmd_fix(args) -> int:
    """Repair links in the YAML term files: inverse links, canonical names, duplicates.

    Adds the missing inverse of each broader/narrower/related link, rewrites links written
    with an alias or another spelling to the term's own name, drops duplicate and self links,
    and with --drop-clashes drops related links that clash with the hierarchy (SKOS S27).
    Comments, key order and every untouched line stay as they were; files that cannot be
    parsed are left alone. --dry-run prints the changes as a unified diff instead.

    Examples:
      glossary-graph fix --dry-run
      glossary-graph fix
      glossary-graph fix ../my-glossary/terms --drop-clashes
    """
    from .fix import apply_plan, plan_fixes

    glossary = cli.load(args)
    plan = plan_fixes(glossary, drop_clashes=args.drop_clashes)
    for skipped in plan.skipped:
        print(skipped.format(), file=sys.stderr)
    parsed = {record.file for record in glossary.records}
    unreadable = [p for p in glossary.locate_problems() if p.file and p.file not in parsed]
    for problem in unreadable:  # files that did not load are never touched: say so
        print(f"not fixed: {problem.format()}", file=sys.stderr)
    if args.dry_run:
        sys.stdout.write(plan.diff())
    else:
        apply_plan(plan)
    if not args.quiet:
        verb = "would change" if args.dry_run else "changed"
        counts = ", ".join(f"{n} {what}" for what, n in plan.counts().items() if n) or "nothing to fix"
        print(f"{verb} {len(plan.changes)} file(s): {counts}", file=sys.stderr)
    return cli.EXIT_FINDINGS if plan.skipped or unreadable else cli.EXIT_OK


def register(subparsers, common) -> None:
    parents = [common.source, common.output]

    p = cli.command(subparsers, "check", cmd_check, cmd_check.__doc__, parents)
    common.paths(p)
    p.add_argument("--rdf", metavar="FILE", help="check a SKOS file (Turtle, RDF/XML, JSON-LD) instead of YAML terms")
    p.add_argument("--format", choices=("text", "json", "html"), default="text", help="report format (default text)")
    p.add_argument("--fail-on", choices=FAIL_LEVELS, default="error",
                   help="exit 1 when a finding is at or above this severity (default error; never: always 0)")
    p.add_argument("--out", metavar="FILE", help="write the report to FILE instead of standard output")
    p.add_argument("--stale-after", type=cli.positive_int, default=365, metavar="DAYS",
                   help="report terms last reviewed more than DAYS ago (default 365)")
    p.add_argument("--as-of", type=_date, metavar="DATE", help="compare review dates with DATE instead of today")
    p.add_argument("--only", type=_codes, metavar="CODES", help="run only these checks (comma-separated codes)")
    p.add_argument("--skip", type=_codes, metavar="CODES", help="skip these checks (comma-separated codes)")
    p.add_argument("--site", default=str(DEFAULT_SITE), metavar="DIR",
                   help="explorer site to link term names to in the HTML report, when it exists "
                        f"(default {DEFAULT_SITE}; links are relative to --out)")
    p.add_argument("--site-url", metavar="URL", help="base URL of the explorer site (terms/<slug>.html below it)")
    p.add_argument("--list-checks", action="store_true", help="list the checks and exit")

    p = cli.command(subparsers, "fix", cmd_fix, cmd_fix.__doc__, parents)
    common.paths(p)
    p.add_argument("--dry-run", action="store_true", help="print a unified diff; write nothing")
    p.add_argument("--drop-clashes", action="store_true",
                   help="also drop related links between terms the hierarchy connects (SKOS S27)")
