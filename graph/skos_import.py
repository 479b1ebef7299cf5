"""Any SKOS vocabulary into the glossary model, and from there into one YAML file per concept.

The inverse of :mod:`graph.skos`: every property that export writes is read back into its field,
so YAML -> SKOS -> YAML -> SKOS gives the same graph. Vocabularies made elsewhere lack fields
the term format requires (roles, audiences, examples...); those get a stand-in value and their
names go into the term's ``placeholders`` list, which validation reports as a warning and the
export leaves out: nothing is invented silently.
"""
from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import re
import shutil
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import unquote, urljoin

import yaml

from .atomic import write_text
from .build import build_graph
from .errors import INFO, WARNING, GlossaryError, Problem
from .glossary import Glossary
from .loading import Record
from .resolve import resolve
from .skos import DC, DCT, FORMATS, GG, OWL, RDF, RDFS, SKOS, SUFFIXES
from .textkeys import match_key, slugify
from .validation import is_uri, term_schema, validate_records

log = logging.getLogger(__name__)

#: --format value -> rdflib parser name and a name for messages
PARSERS = {"ttl": ("turtle", "Turtle"), "nt": ("nt", "N-Triples"),
           "jsonld": ("json-ld", "JSON-LD"), "rdfxml": ("xml", "RDF/XML")}

#: Marks a stand-in text; the field's name is also listed in the term's ``placeholders``.
PLACEHOLDER = "TODO: the source vocabulary has no {what} for this concept"
PLACEHOLDER_DATE = "1970-01-01"

#: Field order of a written term file (the schema's order).
FIELD_ORDER = ["term", "aliases", "categories", "roles", "part_of_speech", "short_def", "long_def",
               "audiences", "examples", "governance", "relationships", "citations", "license",
               "status", "last_reviewed", "replaced_by", "placeholders"]

_ROLES = term_schema()["properties"]["roles"]["items"]["enum"]
_POS = term_schema()["properties"]["part_of_speech"]["enum"]
_STATUS = term_schema()["properties"]["status"]["enum"]
SHORT_DEF_MAX = term_schema()["properties"]["short_def"]["maxLength"]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")

# Properties the importer understands; anything else is counted and reported once.
_READ = {RDF + "type", SKOS + "prefLabel", SKOS + "altLabel", SKOS + "hiddenLabel", RDFS + "label",
         SKOS + "definition", SKOS + "scopeNote", SKOS + "note", GG + "execSummary",
         GG + "engineerNote", SKOS + "example", GG + "counterExample", GG + "role",
         GG + "partOfSpeech", GG + "nistRmfTag", GG + "riskNote", DCT + "source", DC + "rights",
         DCT + "rights", DCT + "license", GG + "status", GG + "lastReviewed", OWL + "deprecated",
         DCT + "isReplacedBy", DCT + "replaces", SKOS + "inScheme", SKOS + "topConceptOf",
         SKOS + "broader", SKOS + "narrower", SKOS + "related", DCT + "modified", DCT + "created"}


# ------------------------------------------------------------------ reading RDF

def guess_format(path: str | os.PathLike, data: bytes) -> str:
    """The --format for a file: from its suffix, else from its first characters."""
    by_suffix = SUFFIXES.get(Path(path).suffix.lower())
    if by_suffix:
        return by_suffix
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"<?xml", b"<rdf:RDF", b"<RDF")):
        return "rdfxml"
    if head.startswith((b"{", b"[")):
        return "jsonld"
    return "ttl"


def read_rdf(path: str | os.PathLike, format: str | None = None):
    """Parse ``path`` into an ``rdflib.Graph``; relative IRIs resolve against the file's location.

    Raises GlossaryError with the file (and line, where the parser gives one) when the file
    cannot be read or is not RDF in that format. Never fetches anything over the network.
    """
    import rdflib

    name = str(path)
    if format is not None and format not in PARSERS:
        raise GlossaryError(f"unknown RDF format {format!r}", hint="use one of: " + ", ".join(FORMATS))
    file = Path(path)
    if not file.exists():
        raise GlossaryError("no such file", file=name, hint="check the path")
    if file.is_dir():
        raise GlossaryError("is a folder, not an RDF file", file=name)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read file: {exc.strerror}", file=name) from None
    if not data.strip():
        raise GlossaryError("the file is empty", file=name, hint="point at a SKOS vocabulary")
    fmt = format or guess_format(file, data)
    if fmt == "jsonld":
        _check_jsonld(data, name)
    graph = rdflib.Graph()
    try:
        graph.parse(data=data, format=PARSERS[fmt][0], publicID=file.resolve().as_uri())
    except Exception as exc:  # rdflib's parsers raise many unrelated types
        line, reason = _parse_error(exc)
        hint = _other_format_hint(data, fmt, file)
        raise GlossaryError(f"not valid {PARSERS[fmt][1]}: {reason}", file=name, line=line,
                            hint=hint or "if it is another RDF format, say which: --format " + "|".join(FORMATS)) from None
    return graph


def _parse_error(exc: Exception) -> tuple[int | None, str]:
    line = None
    if hasattr(exc, "getLineNumber"):  # xml.sax
        line = exc.getLineNumber()
        reason = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
    elif hasattr(exc, "lines") and hasattr(exc, "_why"):  # rdflib's notation3 BadSyntax
        line = exc.lines + 1
        reason = exc._why
    elif isinstance(exc, json.JSONDecodeError):
        line, reason = exc.lineno, exc.msg
    else:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) if found else None
    reason = " ".join(str(reason).split())
    return line, reason[:200]


def _other_format_hint(data: bytes, tried: str, file: Path) -> str:
    """'it parses as Turtle: pass --format ttl' when another parser accepts the file."""
    import rdflib

    if len(data) > 5_000_000:
        return ""
    for fmt in ("ttl", "rdfxml", "jsonld", "nt"):
        if fmt == tried:
            continue
        try:
            if fmt == "jsonld":
                _check_jsonld(data, str(file))
            probe = rdflib.Graph().parse(data=data, format=PARSERS[fmt][0], publicID=file.resolve().as_uri())
        except Exception:  # noqa: BLE001 - only probing
            continue
        if len(probe):
            return f"it reads as {PARSERS[fmt][1]}: pass --format {fmt}"
    return ""


def _check_jsonld(data: bytes, name: str) -> None:
    """Refuse remote contexts up front: rdflib would download them."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise GlossaryError("not valid JSON-LD: not UTF-8 text", file=name) from None
    except json.JSONDecodeError as exc:
        raise GlossaryError(f"not valid JSON-LD: {exc.msg}", file=name, line=exc.lineno,
                            hint=_other_format_hint(data, "jsonld", Path(name)) or None) from None
    stack = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in ("@context", "@import"):
                    for ctx in (value if isinstance(value, list) else [value]):
                        if isinstance(ctx, str):
                            raise GlossaryError(
                                f"not imported: the JSON-LD refers to a remote context {ctx!r}",
                                file=name, hint="glossary-graph never downloads; put the context inline "
                                "or convert the file to Turtle first")
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)


# ------------------------------------------------------------------ concepts to records

class _Reader:
    """Values of one graph in the chosen language, with a tally of what was left behind."""

    def __init__(self, graph, language: str):
        from rdflib import Literal, URIRef

        self.graph = graph
        self.language = language
        self.Literal, self.URIRef = Literal, URIRef
        self.other_languages: Counter = Counter()

    def objects(self, subject, predicate: str):
        return self.graph.objects(subject, self.URIRef(predicate))

    def texts(self, subject, predicate: str) -> list[str]:
        """Literals in the chosen language (or untagged), sorted; others are tallied."""
        mine, untagged = [], []
        for obj in self.objects(subject, predicate):
            if not isinstance(obj, self.Literal):
                continue
            lang = obj.language
            if lang is None:
                untagged.append(str(obj))
            elif lang.lower() == self.language.lower():
                mine.append(str(obj))
            else:
                self.other_languages[lang.lower()] += 1
        values = mine or untagged
        return sorted({v for v in values if v.strip()})  # kept exactly: round trips are byte-true

    def all_labels(self, subject, predicate: str) -> list[tuple[str, str]]:
        return sorted((obj.language or "", str(obj)) for obj in self.objects(subject, predicate)
                      if isinstance(obj, self.Literal) and str(obj).strip())

    def codes(self, subject, predicate: str) -> list[str]:
        return sorted({str(o) for o in self.objects(subject, predicate)
                       if isinstance(o, self.Literal) and str(o).strip()})


def local_name(iri: str) -> str:
    """The readable tail of an IRI: after the last '#' or '/', percent-decoded."""
    tail = re.split(r"[#/:]", iri.rstrip("/#"))[-1]
    return unquote(tail).replace("_", " ").strip() or iri


def compile_skos(path: str | os.PathLike, format: str | None = None, *, language: str | None = None,
                 scheme: str | None = None) -> Glossary:
    """An RDF vocabulary as a :class:`~graph.glossary.Glossary`: one record per concept, then
    validated, resolved and built exactly like term files.

    ``language`` picks the labels and notes to import (default: the most common prefLabel
    language); ``scheme`` (an IRI) imports only that scheme's concepts. Raises GlossaryError
    when the file is not RDF or holds no concepts.
    """
    graph = read_rdf(path, format)
    records, problems, iris = records_from_graph(graph, str(path), language=language, scheme=scheme)
    problems.extend(validate_records(records))
    resolution = resolve(records)
    problems.extend(resolution.problems)
    _place(problems, str(path), {slugify(r.data["term"]): iri for r, iri in zip(records, iris)},
           Path(path).resolve().as_uri())
    glossary_graph = build_graph(resolution)
    return Glossary([str(path)], records, resolution, glossary_graph, problems)


def records_from_graph(graph, file: str, *, language: str | None = None,
                       scheme: str | None = None) -> tuple[list[Record], list[Problem], list[str]]:
    """One term record per SKOS concept of ``graph`` (sorted by IRI), the import's findings,
    and each record's concept IRI."""
    from rdflib import BNode, Literal, URIRef

    problems: list[Problem] = []
    concept_class = URIRef(SKOS + "Concept")
    rdf_type = URIRef(RDF + "type")
    classes = {concept_class}
    todo = [concept_class]
    while todo:  # subclasses of skos:Concept count as concepts
        cls = todo.pop()
        for sub in graph.subjects(URIRef(RDFS + "subClassOf"), cls):
            if sub not in classes:
                classes.add(sub)
                todo.append(sub)
    concepts = {s for cls in classes for s in graph.subjects(rdf_type, cls)}
    not_concepts = {s for cls in ("ConceptScheme", "Collection", "OrderedCollection")
                    for s in graph.subjects(rdf_type, URIRef(SKOS + cls))}
    untyped = set()
    for prop in ("prefLabel", "inScheme", "topConceptOf", "broader", "narrower", "related", "definition"):
        for s, o in graph.subject_objects(URIRef(SKOS + prop)):
            untyped.add(s)
            if prop in ("broader", "narrower", "related"):
                untyped.add(o)
    untyped -= concepts | not_concepts
    untyped = {s for s in untyped if not isinstance(s, Literal)}
    if untyped:
        sample = ", ".join(f"<{s}>" for s in sorted(untyped, key=str)[:3])
        problems.append(Problem(WARNING, "import-untyped-concept",
                                f"{len(untyped)} resource(s) used as concepts without rdf:type skos:Concept "
                                f"were imported as concepts (e.g. {sample})", file=file,
                                hint="type them skos:Concept in the source"))
        concepts |= untyped
    if scheme is not None:
        wanted = URIRef(scheme)
        members = set(graph.subjects(URIRef(SKOS + "inScheme"), wanted))
        members |= set(graph.subjects(URIRef(SKOS + "topConceptOf"), wanted))
        members |= set(graph.objects(wanted, URIRef(SKOS + "hasTopConcept")))
        if not members:
            schemes = sorted(str(s) for s in graph.subjects(rdf_type, URIRef(SKOS + "ConceptScheme")))
            raise GlossaryError(f"no concepts in scheme <{scheme}>", file=file,
                                hint=("schemes in the file: " + ", ".join(f"<{s}>" for s in schemes))
                                if schemes else "the file declares no skos:ConceptScheme")
        concepts &= members
    blank = {c for c in concepts if isinstance(c, BNode)}
    if blank:
        problems.append(Problem(WARNING, "import-blank-concept",
                                f"{len(blank)} concept(s) without an IRI (blank nodes) were skipped",
                                file=file, hint="give every concept an IRI"))
        concepts -= blank
    if not concepts:
        raise GlossaryError("no SKOS concepts in this file (nothing typed skos:Concept)", file=file,
                            hint="is it a SKOS vocabulary? concepts need rdf:type skos:Concept")

    if language is None:
        counts = Counter((o.language or "").lower() for c in concepts
                         for o in graph.objects(c, URIRef(SKOS + "prefLabel")) if isinstance(o, Literal))
        language = sorted(counts, key=lambda lang: (-counts[lang], lang))[0] if counts else ""
    reader = _Reader(graph, language)
    schemes = sorted(graph.subjects(rdf_type, URIRef(SKOS + "ConceptScheme")), key=str)
    scheme_title = ""
    scheme_license = ""
    scheme_dates = []
    for s in ([URIRef(scheme)] if scheme else []) + schemes:
        scheme_title = scheme_title or next(iter(reader.texts(s, SKOS + "prefLabel") + reader.texts(s, DCT + "title")), "")
        scheme_license = scheme_license or _license(reader, s)
        scheme_dates += [d for p in (DCT + "modified", DCT + "created") for d in _dates(reader, s, p)]
    if len(schemes) > 1 and scheme is None:
        problems.append(Problem(INFO, "import-several-schemes",
                                f"{len(schemes)} concept schemes; their concepts are imported together",
                                file=file, hint="pass --scheme IRI to import one of them"))
    collections = _collections(graph, reader)
    ordered = sorted(concepts, key=str)

    # names first: links are written as the target's name, which must be unique
    names: dict = {}
    taken: dict[str, str] = {}
    label_notes: dict = {}
    for concept in ordered:
        name, note = _name(reader, concept)
        if note:
            label_notes[concept] = note
        if match_key(name) in taken:
            base_name, n = f"{name} ({local_name(str(concept))})", 1
            candidate = base_name
            while match_key(candidate) in taken:
                n += 1
                candidate = f"{base_name} {n}"
            problems.append(Problem(WARNING, "import-duplicate-label",
                                    f"<{concept}> has the same label as <{taken[match_key(name)]}> "
                                    f"({name!r}); imported as {candidate!r}", file=file,
                                    terms=(slugify(candidate),), hint="give the concepts distinct preferred labels"))
            name = candidate
        taken[match_key(name)] = str(concept)
        names[concept] = name
    for concept, note in label_notes.items():
        problems.append(Problem(WARNING, "import-label", note, file=file, terms=(slugify(names[concept]),)))

    problems.append(_iri_note(names, file))
    ignored: Counter = Counter()
    for concept in ordered:
        for predicate in set(graph.predicates(concept)):
            if str(predicate) not in _READ:
                ignored[graph.namespace_manager.normalizeUri(predicate)] += 1
    records = []
    for concept in ordered:
        data, notes = _record(reader, concept, names, collections, scheme_title or Path(file).stem,
                              scheme_license, scheme_dates)
        for note in notes:
            problems.append(Problem(WARNING, "import-value", note, file=file, terms=(slugify(names[concept]),)))
        records.append(Record(data=data, file=file, line=1))
    if ignored:
        listed = ", ".join(f"{p} ({n})" for p, n in sorted(ignored.items(), key=lambda x: (-x[1], x[0]))[:8])
        problems.append(Problem(INFO, "import-ignored-properties",
                                f"properties the term format has no field for were not imported: {listed}",
                                file=file))
    if reader.other_languages:
        langs = ", ".join(sorted(reader.other_languages))
        problems.append(Problem(WARNING, "import-other-languages",
                                f"{sum(reader.other_languages.values())} label(s)/note(s) in other languages "
                                f"({langs}) were not imported; imported language: {language or 'untagged'}",
                                file=file, hint="pass --language TAG to import another language"))
    log.debug("read %d concepts from %s", len(records), file)
    return records, problems, [str(c) for c in ordered]


def _iri_note(names: dict, file: str) -> Problem:
    """Whether the export will mint the same concept IRIs (base_iri + slug) as the source has."""
    from urllib.parse import quote

    bases = Counter()
    for concept, name in names.items():
        tail = quote(slugify(name), safe="-")
        if str(concept).endswith(tail):
            bases[str(concept)[: -len(tail)]] += 1
    base, count = max(bases.items(), key=lambda item: (item[1], item[0]), default=("", 0))
    if count == len(names):
        return Problem(INFO, "import-iris", f"concept IRIs are <{base}> + slug: export with "
                       f"base_iri = {base!r} to keep them", file=file,
                       hint="put base_iri in glossary.yaml or [tool.glossary-graph]")
    kept = f"{count} are <{base}> + slug (export with base_iri = {base!r} to keep those); " if count > 1 else ""
    return Problem(INFO, "import-iris",
                   f"of {len(names)} concept IRIs {kept}{len(names) - (count if kept else 0)} will change on "
                   "export, which mints base_iri + slug of the name", file=file,
                   hint="keep the source file if other vocabularies link to the old IRIs")


def _name(reader: _Reader, concept) -> tuple[str, str]:
    """The term name and, when it did not come from a prefLabel in the language, why."""
    labels = reader.texts(concept, SKOS + "prefLabel")
    if labels:
        return labels[0], ""
    others = reader.all_labels(concept, SKOS + "prefLabel")
    if others:
        lang, text = others[0]
        return text, f"no preferred label in the imported language; used the @{lang} one"
    fallback = reader.texts(concept, RDFS + "label") or reader.texts(concept, SKOS + "altLabel")
    if fallback:
        return fallback[0], "no skos:prefLabel; named from its rdfs:label/altLabel"
    return local_name(str(concept)), "no label; named from its IRI"


def _collections(graph, reader: _Reader) -> dict:
    """concept -> sorted category names, from skos:member and skos:memberList."""
    from rdflib import URIRef
    from rdflib.collection import Collection

    member_of: dict = defaultdict(set)
    for kind in ("Collection", "OrderedCollection"):
        for coll in graph.subjects(URIRef(RDF + "type"), URIRef(SKOS + kind)):
            labels = reader.texts(coll, SKOS + "prefLabel") or reader.texts(coll, RDFS + "label")
            label = labels[0] if labels else local_name(str(coll))
            for member in graph.objects(coll, URIRef(SKOS + "member")):
                member_of[member].add(label)
            for head in graph.objects(coll, URIRef(SKOS + "memberList")):
                for member in Collection(graph, head):
                    member_of[member].add(label)
    return {k: sorted(v) for k, v in member_of.items()}


def _dates(reader: _Reader, subject, predicate: str) -> list[str]:
    out = []
    for value in reader.codes(subject, predicate):
        if _DATE.match(value):
            try:
                _dt.date.fromisoformat(value[:10])
            except ValueError:
                continue
            out.append(value[:10])
    return out


def _license(reader: _Reader, subject) -> str:
    for predicate in (DC + "rights", DCT + "rights", DCT + "license"):
        for value in sorted(str(o) for o in reader.objects(subject, predicate)):
            if value.strip():
                return value
    return ""


def _record(reader: _Reader, concept, names: dict, collections: dict, scheme_title: str,
            scheme_license: str, scheme_dates: list[str]) -> tuple[dict, list[str]]:
    from rdflib import BNode, Literal, URIRef

    iri = str(concept)
    name = names[concept]
    placeholders: list[str] = []
    notes: list[str] = []

    def stand_in(field_name: str, value, what: str | None = None):
        placeholders.append(field_name)
        return PLACEHOLDER.format(what=what) if what else value

    pref = reader.texts(concept, SKOS + "prefLabel")
    aliases = set(pref[1:]) | set(reader.texts(concept, SKOS + "altLabel")) | \
        set(reader.texts(concept, SKOS + "hiddenLabel"))
    if len(pref) > 1:
        notes.append(f"{len(pref)} preferred labels in one language (SKOS S14); the others became aliases")
    aliases.discard(name)
    definitions = reader.texts(concept, SKOS + "definition")
    long_parts = reader.texts(concept, SKOS + "scopeNote") + reader.texts(concept, SKOS + "note")
    short_def = definitions[0] if definitions else None
    if len(definitions) > 1:
        notes.append(f"{len(definitions)} definitions; the first is short_def, the others open long_def")
        long_parts = definitions[1:] + long_parts
    if short_def is not None and len(short_def) > SHORT_DEF_MAX:
        notes.append(f"the definition is longer than {SHORT_DEF_MAX} characters; it is in long_def")
        long_parts = [short_def] + long_parts
        short_def = None

    data: dict = {"term": name}
    data["aliases"] = sorted(aliases) or stand_in("aliases", [slugify(name)])
    own_schemes = sorted(set(reader.objects(concept, SKOS + "inScheme")) |
                         set(reader.objects(concept, SKOS + "topConceptOf")), key=str)
    for own in own_schemes:  # the concept's own scheme names it better than the file's first
        titles = reader.texts(own, SKOS + "prefLabel") + reader.texts(own, DCT + "title")
        if titles:
            scheme_title = titles[0]
            break
    data["categories"] = collections.get(concept) or stand_in("categories", [scheme_title])
    roles = reader.codes(concept, GG + "role")
    unknown = [r for r in roles if r not in _ROLES]
    if unknown:
        notes.append("roles outside the term format were left out: " + ", ".join(unknown))
    data["roles"] = [r for r in roles if r in _ROLES] or stand_in("roles", [_ROLES[0]])
    pos = [p for p in reader.codes(concept, GG + "partOfSpeech") if p in _POS]
    data["part_of_speech"] = pos[0] if pos else stand_in("part_of_speech", "concept")
    data["short_def"] = short_def or stand_in("short_def", None, "definition")
    data["long_def"] = "\n\n".join(long_parts) if long_parts else stand_in("long_def", None, "long definition")
    exec_ = reader.texts(concept, GG + "execSummary")
    engineer = reader.texts(concept, GG + "engineerNote")
    data["audiences"] = {
        "exec": "\n\n".join(exec_) if exec_ else stand_in("audiences.exec", None, "summary for executives"),
        "engineer": "\n\n".join(engineer) if engineer else stand_in("audiences.engineer", None, "note for engineers")}
    do = reader.texts(concept, SKOS + "example")
    dont = reader.texts(concept, GG + "counterExample")
    data["examples"] = {"do": do or [stand_in("examples.do", None, "example")],
                        "dont": dont or [stand_in("examples.dont", None, "counter-example")]}
    governance: dict = {}
    tags = reader.codes(concept, GG + "nistRmfTag")
    if tags:
        governance["nist_rmf_tags"] = tags
    risks = reader.texts(concept, GG + "riskNote")
    if risks:
        governance["risk_notes"] = "\n\n".join(risks)
    data["governance"] = governance
    relationships: dict = {}
    for relation in ("broader", "narrower", "related"):
        targets = set()
        for target in reader.objects(concept, SKOS + relation):
            if isinstance(target, Literal) or target == concept:
                continue
            if target in names:
                targets.add(names[target])
            elif isinstance(target, URIRef):
                labels = reader.texts(target, SKOS + "prefLabel")
                targets.add(labels[0] if labels else local_name(str(target)))
                notes.append(f"{relation} <{target}> is not a concept of this import; kept as a link "
                             "to a missing term")
        if targets:
            relationships[relation] = sorted(targets)
    data["relationships"] = relationships
    citations = []
    for source in reader.objects(concept, DCT + "source"):
        if isinstance(source, (BNode, URIRef)):
            titles = reader.codes(source, DCT + "title") or reader.codes(source, DC + "title") or \
                reader.codes(source, RDFS + "label")
            urls = [str(u) for u in reader.objects(source, RDFS + "seeAlso") if isinstance(u, URIRef)]
            if isinstance(source, URIRef):
                urls = urls or [str(source)]
            urls = [u for u in urls if is_uri(u)]
            if urls:
                citations.append({"source": titles[0] if titles else urls[0], "url": sorted(urls)[0]})
            else:
                notes.append("a dct:source without a URL was left out")
        elif is_uri(str(source)) and str(source).startswith(("http://", "https://")):
            citations.append({"source": str(source), "url": str(source)})
        else:
            notes.append(f"the citation {str(source)!r} has no URL and was left out")
    citations.sort(key=lambda c: (c["source"], c["url"]))
    data["citations"] = citations or stand_in("citations", [{"source": scheme_title, "url": iri}])
    data["license"] = _license(reader, concept) or scheme_license or stand_in("license", None, "licence")
    statuses = [s for s in reader.codes(concept, GG + "status") if s in _STATUS]
    deprecated = any(str(o).strip().lower() in ("true", "1") for o in reader.objects(concept, OWL + "deprecated"))
    if statuses:
        data["status"] = statuses[0]
    elif deprecated:
        data["status"] = "deprecated"
    else:
        data["status"] = stand_in("status", "draft")
    reviewed = _dates(reader, concept, GG + "lastReviewed")
    if reviewed:
        data["last_reviewed"] = max(reviewed)
    else:
        known = _dates(reader, concept, DCT + "modified") + _dates(reader, concept, DCT + "created") + scheme_dates
        data["last_reviewed"] = stand_in("last_reviewed", max(known) if known else PLACEHOLDER_DATE)
    successors = sorted(names[t] for t in reader.objects(concept, DCT + "isReplacedBy") if t in names and t != concept)
    if successors:
        data["replaced_by"] = successors[0]
    if placeholders:
        data["placeholders"] = placeholders
    return data, notes


def _place(problems: list[Problem], file: str, iri_of: dict[str, str], base: str) -> None:
    """Name the concept (its IRI) in problems about imported terms, with the line of the source
    where that IRI first appears when the file spells it out."""
    lines: dict[str, int] | None = None
    for problem in problems:
        if problem.file != file or not problem.terms:
            continue
        iri = iri_of.get(slugify(str(problem.terms[0])))
        if iri is None:
            continue
        if lines is None:
            lines = _iri_lines(file, base)
        problem.path = f"<{iri}>" + (f" {problem.path}" if problem.path else "")
        problem.line = lines.get(iri, 1)
        problem.column = None


def _iri_lines(file: str, base: str) -> dict[str, int]:
    """IRI -> first line where the file writes it (full, quoted, prefixed or rdf:about)."""
    try:
        text = Path(file).read_text("utf-8-sig", errors="replace")
    except OSError:
        return {}
    prefixes = {m.group(1) or "": m.group(2) for m in
                re.finditer(r'@?prefix\s+([\w.-]*):\s*<([^>]*)>', text, re.IGNORECASE)}
    prefixes.update({m.group(1): m.group(2) for m in re.finditer(r'xmlns:([\w.-]+)="([^"]*)"', text)})
    first: dict[str, int] = {}
    line, position = 1, 0
    pattern = re.compile(r'<([^<>\s"]+)>|"([^"\s]+)"|(?<![\w:<"/#.-])([A-Za-z][\w.-]*)?:([\w.%-]+)')
    for match in pattern.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        full, quoted, prefix, local = match.groups()
        value = full or quoted
        if value is None and local is not None and (prefix or "") in prefixes:
            value = prefixes[prefix or ""] + local
        if value is not None and value not in first:
            first[value] = line
            if full is not None and ":" not in full:  # relative: as the parser resolved it
                first.setdefault(urljoin(base, full), line)
    return first


# ------------------------------------------------------------------ writing term files

def term_yaml(data: dict) -> str:
    """One term as YAML in the schema's field order (readable block style, UTF-8)."""
    ordered = {key: data[key] for key in FIELD_ORDER if key in data}
    ordered.update((k, v) for k, v in data.items() if k not in ordered)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(ordered, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)


def write_terms(glossary: Glossary, out_dir: str | os.PathLike, *, force: bool = False) -> list[Path]:
    """Write one ``<slug>.yml`` per term into ``out_dir``, all or nothing.

    A new (or empty) folder is filled in a temporary sibling and renamed into place, so a
    failure leaves no partial folder. A folder that already holds term files is refused unless
    ``force`` (then same-named files are replaced one by one, each atomically).
    """
    out = Path(out_dir)
    rendered = [(f"{term_id}.yml", term_yaml(glossary.resolution.terms[term_id].data))
                for term_id in sorted(glossary.resolution.terms)]
    try:
        return _write_all(out, rendered, force)
    except OSError as exc:
        raise GlossaryError(f"cannot write term files: {exc.strerror or exc}", file=str(out)) from None


def _write_all(out: Path, rendered: list[tuple[str, str]], force: bool) -> list[Path]:
    if out.exists() and not out.is_dir():
        raise GlossaryError("exists and is not a folder", file=str(out), hint="choose a folder for -o")
    existing = [p for p in out.iterdir()] if out.is_dir() else []
    if existing:
        if not force and any(p.suffix in (".yml", ".yaml") for p in existing):
            raise GlossaryError("the folder already holds term files", file=str(out),
                                hint="import into a new folder, or pass --force to replace same-named files")
        if not force:
            raise GlossaryError("the folder is not empty", file=str(out),
                                hint="import into a new or empty folder, or pass --force")
        return [write_text(out / name, text) for name, text in rendered]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        for name, text in rendered:
            (tmp / name).write_text(text, encoding="utf-8")
        if out.is_dir():
            out.rmdir()
        os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    os.chmod(out, 0o755)
    return [out / name for name, _ in rendered]


def import_skos(path: str | os.PathLike, out_dir: str | os.PathLike, format: str | None = None, *,
                language: str | None = None, scheme: str | None = None, force: bool = False
                ) -> tuple[Glossary, list[Path]]:
    """Read a vocabulary and write its term files; nothing is written when records have errors."""
    glossary = compile_skos(path, format, language=language, scheme=scheme)
    if glossary.errors:
        first = glossary.errors[0]
        raise GlossaryError(f"the imported terms would not be valid: {first.format()}", file=str(path))
    return glossary, write_terms(glossary, out_dir, force=force)


__all__ = ["PLACEHOLDER", "compile_skos", "guess_format", "import_skos", "local_name", "read_rdf",
           "records_from_graph", "term_yaml", "write_terms"]
