"""The ``export`` and ``import`` commands: the glossary as SKOS/RDF, and SKOS back into term files."""
from __future__ import annotations

import sys

from . import cli
from .errors import GlossaryError, count_by_severity


def _settings(args):
    from .config import load_config

    return load_config(args.config, base_iri=args.base_iri, title=args.title,
                       description=args.description, language=args.language,
                       creator=args.creator, license=args.license)


def cmd_export(args) -> int:
    """Write the glossary as a SKOS vocabulary: Turtle, RDF/XML, JSON-LD or N-Triples.

    Output goes to stdout unless -o FILE (written atomically; the format follows the file's
    suffix unless --format says otherwise). Scheme settings (base IRI, title, language, ...) come
    from glossary.yaml or [tool.glossary-graph] in pyproject.toml, overridden by the options.
    Links that did not resolve are left out and reported; related links that clash with the
    hierarchy (SKOS S27) are reported, and left out with --repair.

    Examples:
      glossary-graph export -o exports/glossary.ttl
      glossary-graph export --format rdfxml --profile owl -o glossary.owl    # for Protégé
      glossary-graph export ../shared/corpora/ai-glossary/terms --format jsonld --repair
      glossary-graph export --base-iri https://example.org/ai/ --title "AI glossary" > ai.ttl
    """
    from .atomic import write_bytes
    from .skos import build_vocabulary, format_for_path
    from .locate_fast import locate_problems

    fmt = args.format or (format_for_path(args.output) if args.output else None) or "ttl"
    config = _settings(args)
    glossary = cli.load(args)
    if glossary.errors:
        cli.print_problems(glossary.locate_problems(), sys.stderr)
        print(f"not exported: {cli.summary_line(glossary.problems)}; fix the errors above", file=sys.stderr)
        return cli.EXIT_FINDINGS
    vocab = build_vocabulary(glossary, config, profile=args.profile, repair=args.repair)
    data = vocab.serialize(fmt)
    if not args.quiet:
        locate_problems(vocab.problems)
        cli.print_problems(sorted(vocab.problems, key=lambda p: (p.file or "", p.line or 0, p.path, p.message)),
                           sys.stderr)
    if args.output:
        try:
            write_bytes(args.output, data)
        except OSError as exc:
            raise GlossaryError(f"cannot write: {exc.strerror}", file=args.output) from None
        if not args.quiet:
            print(f"wrote {args.output}: {vocab.concepts} concepts, {len(vocab)} triples ({fmt})",
                  file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return cli.EXIT_OK


def cmd_import(args) -> int:
    """Read a SKOS vocabulary and write one term YAML file per concept into -o DIR.

    Reads Turtle, RDF/XML, JSON-LD or N-Triples (from the suffix, else --format). Fields the
    vocabulary lacks get stand-in values listed under 'placeholders' in each file; validation
    warns about them until a person writes the real text. Nothing is written when the file is
    not RDF or has no concepts; DIR must be new or empty unless --force.

    Examples:
      glossary-graph import vocabulary.ttl -o data/terms
      glossary-graph import thesaurus.rdf --format rdfxml --language de -o terms-de
      glossary-graph import big.ttl --scheme http://example.org/scheme/a -o terms-a
    """
    from .skos_import import import_skos

    glossary, written = import_skos(args.file, args.output, args.format, language=args.language,
                                    scheme=args.scheme, force=args.force)
    problems = glossary.locate_problems()
    if args.verbose:
        cli.print_problems(problems, sys.stderr)
    elif not args.quiet:
        cli.print_problems([p for p in problems if p.code != "placeholder"], sys.stderr)
    if not args.quiet:
        counts = count_by_severity(problems)
        stand_ins = sum(p.code == "placeholder" for p in problems)
        note = (f"; {stand_ins} term(s) have placeholder fields (-v lists them; "
                f"glossary-graph validate {args.output})") if stand_ins else ""
        print(f"imported {len(written)} concepts into {args.output}: {counts['warning']} warning(s){note}",
              file=sys.stderr)
    return cli.EXIT_OK


def register(subparsers, common) -> None:
    from .skos import FORMATS, PROFILES

    p = cli.command(subparsers, "export", cmd_export, cmd_export.__doc__, [common.source, common.output])
    common.paths(p)
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="RDF format (default: from the -o suffix, else ttl)")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.add_argument("--profile", choices=PROFILES, default="skos",
                   help="owl adds an owl:Ontology header and declares every property (for Protégé)")
    p.add_argument("--repair", action="store_true",
                   help="leave out related links that clash with the hierarchy (SKOS S27)")
    group = p.add_argument_group("scheme settings (override glossary.yaml / pyproject.toml)")
    group.add_argument("--config", metavar="FILE", help="a glossary.yaml or pyproject.toml to read them from")
    group.add_argument("--base-iri", metavar="IRI", help="namespace of the concepts, e.g. https://example.org/glossary/")
    group.add_argument("--title", metavar="TEXT")
    group.add_argument("--description", metavar="TEXT")
    group.add_argument("--language", metavar="TAG", help="language tag of labels and notes (default en)")
    group.add_argument("--creator", metavar="NAME_OR_IRI")
    group.add_argument("--license", metavar="NAME_OR_IRI")

    p = cli.command(subparsers, "import", cmd_import, cmd_import.__doc__, [common.output])
    p.add_argument("file", metavar="FILE", help="the SKOS vocabulary")
    p.add_argument("--format", choices=FORMATS, default=None, help="RDF format (default: from the suffix)")
    p.add_argument("-o", "--output", metavar="DIR", required=True, help="folder for the term files")
    p.add_argument("--language", metavar="TAG",
                   help="language of the labels and notes to import (default: the most common)")
    p.add_argument("--scheme", metavar="IRI", help="import only this concept scheme's concepts")
    p.add_argument("--force", action="store_true", help="write into a folder that already holds term files")
