"""The glossary as a SKOS vocabulary: the triples, and fast deterministic writers for them.

The triples are made straight from the glossary model as plain tuples (no RDF library on this
path) and written by our own serializers for Turtle, N-Triples, JSON-LD and RDF/XML: sorted,
so the same glossary always gives the same bytes, and fast (rdflib's Turtle writer alone takes
longer than reading the YAML). :func:`to_rdflib` gives an ``rdflib.Graph`` for Python users.

Every field of a term has a home (see :data:`FIELD_MAP`): SKOS and DCMI terms where they fit,
otherwise a small vocabulary of our own (:data:`GG`), declared in the export itself.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Iterator
from urllib.parse import quote

from .config import SchemeConfig, is_iri as _is_iri, load_config
from .errors import WARNING, GlossaryError, Problem
from .gcpause import gc_paused
from .glossary import Glossary
from .hierarchy import related_clashes
from .resolve import RELATIONS
from .textkeys import slugify

log = logging.getLogger(__name__)

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
DC = "http://purl.org/dc/elements/1.1/"
#: Our own small vocabulary for the fields SKOS and DCMI have no term for. Stable: never rename.
GG = "https://glossary-graph.example.org/ns#"

FORMATS = ("ttl", "nt", "jsonld", "rdfxml")
PROFILES = ("skos", "owl")
MEDIA_TYPES = {"ttl": "text/turtle", "nt": "application/n-triples",
               "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}
SUFFIXES = {".ttl": "ttl", ".turtle": "ttl", ".nt": "nt", ".jsonld": "jsonld", ".json": "jsonld",
            ".rdf": "rdfxml", ".owl": "rdfxml", ".xml": "rdfxml"}

TYPE = RDF + "type"
XSD_DATE = XSD + "date"
XSD_BOOLEAN = XSD + "boolean"

# ------------------------------------------------------------------ the mapping

#: (term field, RDF property, kind, note) — the documented mapping, in export order.
#: kinds: text (language-tagged), code (plain literal), date (xsd:date), link, special.
FIELD_MAP: list[tuple[str, str, str, str]] = [
    ("term", SKOS + "prefLabel", "text", "one per concept, in the scheme's language"),
    ("aliases", SKOS + "altLabel", "text", "an alias equal to the term is left out (S13)"),
    ("short_def", SKOS + "definition", "text", ""),
    ("long_def", SKOS + "scopeNote", "text", ""),
    ("audiences.exec", GG + "execSummary", "text", "sub-property of skos:note"),
    ("audiences.engineer", GG + "engineerNote", "text", "sub-property of skos:note"),
    ("examples.do", SKOS + "example", "text", ""),
    ("examples.dont", GG + "counterExample", "text", "sub-property of skos:note"),
    ("categories", SKOS + "member", "special",
     "each category is a skos:Collection <base>category/<slug> with skos:member the concept"),
    ("roles", GG + "role", "code", ""),
    ("part_of_speech", GG + "partOfSpeech", "code", ""),
    ("governance.nist_rmf_tags", GG + "nistRmfTag", "code", ""),
    ("governance.risk_notes", GG + "riskNote", "text", "sub-property of skos:note"),
    ("citations", DCT + "source", "special",
     "a dct:BibliographicResource node with dct:title (source) and rdfs:seeAlso (url)"),
    ("license", DC + "rights", "code", "dct:license <IRI> when the licence is written as an IRI"),
    ("status", GG + "status", "code", "deprecated also gives owl:deprecated true"),
    ("last_reviewed", GG + "lastReviewed", "date", "sub-property of dct:date; the latest is the scheme's dct:modified"),
    ("relationships.broader", SKOS + "broader", "link", "with skos:narrower on the other concept"),
    ("relationships.narrower", SKOS + "narrower", "link", "with skos:broader on the other concept"),
    ("relationships.related", SKOS + "related", "link", "written both ways"),
    ("replaced_by", DCT + "isReplacedBy", "link", "with dct:replaces on the successor"),
]

#: Our own properties: (local name, label, comment, super-property, range).
OWN_PROPERTIES = [
    ("execSummary", "summary for executives",
     "What the concept means for decision makers, in a sentence or two.", SKOS + "note", None),
    ("engineerNote", "note for engineers", "What an engineer should do about the concept.",
     SKOS + "note", None),
    ("counterExample", "counter-example", "A way of using the concept that should be avoided.",
     SKOS + "note", None),
    ("role", "role", "A role that needs the concept (product, engineering, data_science, policy, "
     "legal, security, communications).", None, None),
    ("partOfSpeech", "part of speech", "Grammatical kind of the term (noun, noun_phrase, verb, "
     "adjective, process, concept).", None, None),
    ("nistRmfTag", "NIST AI RMF tag", "A trustworthiness characteristic of the NIST AI Risk "
     "Management Framework the concept bears on.", None, None),
    ("riskNote", "risk note", "Governance risks connected with the concept.", SKOS + "note", None),
    ("status", "editorial status", "Editorial status of the entry: draft, reviewed, approved or "
     "deprecated.", None, None),
    ("lastReviewed", "last reviewed", "Date on which the entry was last reviewed.", DCT + "date",
     XSD_DATE),
]

PREFIXES = [("rdf", RDF), ("rdfs", RDFS), ("xsd", XSD), ("owl", OWL), ("skos", SKOS),
            ("dct", DCT), ("dc", DC), ("gg", GG)]

#: Order of predicates inside a subject (readability); others follow alphabetically.
_ORDER = [TYPE, SKOS + "prefLabel", RDFS + "label", RDFS + "comment", DCT + "title", SKOS + "altLabel", SKOS + "hiddenLabel",
          DCT + "description", SKOS + "definition", SKOS + "scopeNote", GG + "execSummary",
          GG + "engineerNote", SKOS + "example", GG + "counterExample", GG + "role",
          GG + "partOfSpeech", GG + "nistRmfTag", GG + "riskNote", DCT + "source", DC + "rights", DCT + "license",
          GG + "status", GG + "lastReviewed", DCT + "creator", DC + "creator",
          DCT + "created", DCT + "modified", OWL + "deprecated", DCT + "isReplacedBy",
          DCT + "replaces", SKOS + "inScheme", SKOS + "topConceptOf", SKOS + "broader",
          SKOS + "narrower", SKOS + "related", SKOS + "member", SKOS + "hasTopConcept"]
_RANK = {p: i for i, p in enumerate(_ORDER)}
_LAST = len(_ORDER)

_OBJECT_PROPERTIES = {DCT + "license", DCT + "source"} | {SKOS + n for n in ("broader", "narrower", "related", "inScheme", "topConceptOf",
                                         "hasTopConcept", "member")} | {DCT + "isReplacedBy", DCT + "replaces"}

# ------------------------------------------------------------------ the triples

# An object is a tuple: ("i", iri) | ("l", text, lang) | ("s", text) | ("t", text, datatype)
# | ("b", ((predicate, object), ...)) for a blank node described in place.
Obj = tuple


@dataclass
class Vocabulary:
    """The export as sorted subject descriptions, plus what could not be exported as written."""

    config: SchemeConfig
    descriptions: list[tuple[str, list[tuple[str, Obj]]]]
    problems: list[Problem] = field(default_factory=list)
    profile: str = "skos"
    concepts: int = 0

    def triples(self) -> Iterator[tuple[str, str, Obj]]:
        """Flat (subject, predicate, object) triples; blank nodes as ("b", label)."""
        counter = [0]

        def walk(subject, pairs):
            for predicate, obj in pairs:
                if obj[0] == "b":
                    counter[0] += 1
                    label = f"b{counter[0]}"
                    yield subject, predicate, ("bn", label)
                    yield from walk(("bn", label), obj[1])
                else:
                    yield subject, predicate, obj

        for subject, pairs in self.descriptions:
            yield from walk(("i", subject), pairs)

    def __len__(self) -> int:
        return sum(_count(pairs) for _, pairs in self.descriptions)

    def serialize(self, format: str = "ttl") -> bytes:
        """The vocabulary as bytes in one of :data:`FORMATS`."""
        writer = {"ttl": write_turtle, "nt": write_ntriples, "jsonld": write_jsonld,
                  "rdfxml": write_rdfxml}.get(format)
        if writer is None:
            raise GlossaryError(f"unknown RDF format {format!r}", hint="use one of: " + ", ".join(FORMATS))
        with gc_paused():
            return writer(self).encode("utf-8")


def _count(pairs) -> int:
    return sum(1 + (_count(o[1]) if o[0] == "b" else 0) for _, o in pairs)


def concept_iri(config: SchemeConfig, term_id: str) -> str:
    """The stable IRI of a term: the base IRI plus its slug (percent-encoded beyond ASCII)."""
    return config.base_iri + quote(term_id, safe="-")


def collection_iri(config: SchemeConfig, category: str) -> str:
    return config.base_iri + "category/" + quote(slugify(category), safe="-")


def build_vocabulary(glossary: Glossary, config: SchemeConfig | None = None, *,
                     profile: str = "skos", repair: bool = False) -> Vocabulary:
    """The SKOS triples of ``glossary``. Links that did not resolve are left out and reported;
    related links that clash with the hierarchy (S27) are reported, and dropped when ``repair``.
    """
    with gc_paused():
        return _build_vocabulary(glossary, config, profile, repair)


def _build_vocabulary(glossary: Glossary, config: SchemeConfig | None, profile: str,
                      repair: bool) -> Vocabulary:
    if profile not in PROFILES:
        raise GlossaryError(f"unknown profile {profile!r}", hint="use one of: " + ", ".join(PROFILES))
    config = config or load_config()
    lang = config.language
    scheme = config.scheme_iri
    graph = glossary.graph
    terms = glossary.resolution.terms
    problems: list[Problem] = []
    owl = profile == "owl"

    iri = {term_id: concept_iri(config, term_id) for term_id in terms}
    ref = {term_id: ("i", value) for term_id, value in iri.items()}  # shared object tuples
    for link in glossary.resolution.links:
        if link.target is None:
            record = terms[link.source]
            problems.append(Problem(
                WARNING, "export-unresolved-link",
                f"{link.relation} link to {link.text!r} left out of the export: no such term",
                file=record.file, path=f"relationships.{link.relation}[{link.position}]",
                terms=(link.source,), hint="write the missing term, or fix the link"))

    clashes = set(related_clashes(graph))
    for a, b in sorted(clashes):
        record = terms[a]
        action = "left out of the export" if repair else "exported; --repair leaves it out"
        problems.append(Problem(
            WARNING, "related-clash",
            f"related link between {record.data['term']!r} and {terms[b].data['term']!r} clashes "
            f"with the hierarchy (SKOS S27: one is a broader term of the other); {action}",
            file=record.file, path="relationships.related", terms=(a, b),
            hint="keep the broader/narrower link and remove the related one"))

    # relations among real terms, both directions (the graph holds the inferred inverses)
    links: dict[str, dict[str, list[str]]] = {t: {} for t in terms}
    missing = {n for n, is_missing in graph.nodes(data="missing") if is_missing}
    for source, neighbours in graph._adj.items():  # raw dicts: the views cost ~10x per edge
        if source in missing:
            continue
        mine = links[source]
        for target, keys in neighbours.items():
            if target in missing or target == source:
                continue
            for key in keys:
                if key == "related" and repair and ((source, target) in clashes or (target, source) in clashes):
                    continue
                mine.setdefault(key, []).append(ref[target])
    for old, new in glossary.resolution.replaced_by.items():
        links[old].setdefault("isReplacedBy", []).append(ref[new])
        links[new].setdefault("replaces", []).append(ref[old])

    categories: dict[str, dict[str, list[str]]] = {}  # collection iri -> {label: [term ids]}
    collection_of: dict[str, str] = {}
    descriptions = []
    reviewed = []
    concept_types = [(TYPE, ("i", SKOS + "Concept"))]
    if owl:
        concept_types.append((TYPE, ("i", OWL + "NamedIndividual")))
    concept_types.sort()
    in_scheme = (SKOS + "inScheme", ("i", scheme))
    top_of = (SKOS + "topConceptOf", ("i", scheme))
    tops = []
    no_skip: frozenset = frozenset()
    licences: dict[str, tuple] = {}
    bibliographic = (TYPE, ("i", BIBLIOGRAPHIC))
    for term_id in sorted(terms):
        # Predicates are emitted in the documented order (_ORDER), values sorted, so no
        # general sort is needed: this loop is the hot path of a 10k-term export.
        record = terms[term_id]
        data = record.data
        placeholders = data.get("placeholders")
        skip = set(placeholders) if placeholders else no_skip
        name = data["term"]
        pairs = list(concept_types)
        pairs.append((PREF_LABEL, ("l", name, lang)))
        if "aliases" not in skip:
            for alias in sorted(data.get("aliases") or ()):
                if alias == name:
                    problems.append(Problem(
                        WARNING, "export-alias-is-label", f"alias {alias!r} repeats the term; not "
                        "exported as skos:altLabel (SKOS S13: labels of a concept are disjoint)",
                        file=record.file, path="aliases", terms=(term_id,), hint="remove the alias"))
                else:
                    pairs.append((ALT_LABEL, ("l", alias, lang)))
        for field_name, predicate in _TOP_TEXT:
            if field_name not in skip:
                value = data.get(field_name)
                if value:
                    pairs.append((predicate, ("l", value, lang)))
        audiences = data.get("audiences")
        if audiences:
            if audiences.get("exec") and "audiences.exec" not in skip:
                pairs.append((EXEC_SUMMARY, ("l", audiences["exec"], lang)))
            if audiences.get("engineer") and "audiences.engineer" not in skip:
                pairs.append((ENGINEER_NOTE, ("l", audiences["engineer"], lang)))
        examples = data.get("examples")
        if examples:
            if "examples.do" not in skip:
                pairs += [(EXAMPLE, ("l", v, lang)) for v in sorted(examples.get("do") or ())]
            if "examples.dont" not in skip:
                pairs += [(COUNTER_EXAMPLE, ("l", v, lang)) for v in sorted(examples.get("dont") or ())]
        if "roles" not in skip:
            pairs += [(ROLE, ("s", v)) for v in sorted(data.get("roles") or ())]
        if "part_of_speech" not in skip and data.get("part_of_speech"):
            pairs.append((PART_OF_SPEECH, ("s", data["part_of_speech"])))
        governance = data.get("governance")
        if governance:
            pairs += [(NIST_TAG, ("s", v)) for v in sorted(governance.get("nist_rmf_tags") or ())]
            if governance.get("risk_notes"):
                pairs.append((RISK_NOTE, ("l", governance["risk_notes"], lang)))
        if "citations" not in skip and data.get("citations"):
            pairs += sorted([(SOURCE, ("b", (
                bibliographic,
                (DCT_TITLE, ("s", c["source"])),
                (SEE_ALSO, ("i", encode_iri(c["url"]))))))
                for c in data["citations"]])
        if "license" not in skip and data.get("license"):
            text = data["license"]
            pair = licences.get(text)
            if pair is None:  # few distinct licences: decide each once
                pair = licences[text] = (LICENSE, ("i", encode_iri(text))) if _is_iri(text) else (RIGHTS, ("s", text))
            pairs.append(pair)
        status = data.get("status") if "status" not in skip else None
        if status:
            pairs.append((STATUS, ("s", status)))
        if "last_reviewed" not in skip and data.get("last_reviewed"):
            pairs.append((LAST_REVIEWED, ("t", data["last_reviewed"], XSD_DATE)))
            reviewed.append(data["last_reviewed"])
        if status == "deprecated":
            pairs.append((DEPRECATED, ("t", "true", XSD_BOOLEAN)))
        mine = links[term_id]
        for key in ("isReplacedBy", "replaces"):
            if key in mine:
                predicate = DCT + key
                pairs += [(predicate, target) for target in sorted(mine[key])]
        pairs.append(in_scheme)
        if "broader" not in mine:
            pairs.append(top_of)
            tops.append((HAS_TOP_CONCEPT, ref[term_id]))
        for key, predicate in _RELATION_PREDICATES:
            if key in mine:
                pairs += [(predicate, target) for target in sorted(mine[key])]
        if "categories" not in skip:
            for category in data.get("categories") or ():
                coll = collection_of.get(category)
                if coll is None:
                    coll = collection_of[category] = collection_iri(config, category)
                categories.setdefault(coll, {}).setdefault(category, []).append(term_id)
        descriptions.append((iri[term_id], pairs))
    concepts_sorted = len(descriptions)

    for coll_iri in sorted(categories):
        labels = categories[coll_iri]
        label = sorted(labels, key=lambda text: (-len(labels[text]), text))[0]
        if len(labels) > 1:
            others = ", ".join(repr(t) for t in sorted(labels) if t != label)
            first = terms[labels[sorted(t for t in labels if t != label)[0]][0]]
            problems.append(Problem(
                WARNING, "export-category-variants",
                f"categories {others} and {label!r} are one collection; exported as {label!r}",
                file=first.file, path="categories", hint=f"spell the category {label!r} everywhere"))
        pairs = [(TYPE, ("i", SKOS + "Collection"))]
        if owl:
            pairs.append((TYPE, ("i", OWL + "NamedIndividual")))
        pairs.append((SKOS + "prefLabel", ("l", label, lang)))
        pairs.extend((SKOS + "member", ref[t]) for ids in labels.values() for t in ids)
        descriptions.append((coll_iri, pairs))

    descriptions.append((scheme, _scheme(config, reviewed, tops, owl)))
    used = {p for _, pairs in descriptions for p, _ in pairs}
    descriptions.extend(_declarations(used, owl))
    for _, pairs in descriptions[concepts_sorted:]:
        pairs.sort(key=_pair_key)
    descriptions.sort(key=lambda d: _subject_key(d[0], scheme))
    return Vocabulary(config, descriptions, problems, profile, len(terms))


PREF_LABEL, ALT_LABEL = SKOS + "prefLabel", SKOS + "altLabel"
_TOP_TEXT = [("short_def", SKOS + "definition"), ("long_def", SKOS + "scopeNote")]
EXEC_SUMMARY, ENGINEER_NOTE = GG + "execSummary", GG + "engineerNote"
EXAMPLE, COUNTER_EXAMPLE = SKOS + "example", GG + "counterExample"
ROLE, PART_OF_SPEECH, NIST_TAG, RISK_NOTE = GG + "role", GG + "partOfSpeech", GG + "nistRmfTag", GG + "riskNote"
SOURCE, BIBLIOGRAPHIC, DCT_TITLE, SEE_ALSO = DCT + "source", DCT + "BibliographicResource", DCT + "title", RDFS + "seeAlso"
RIGHTS, STATUS, LAST_REVIEWED, DEPRECATED = DC + "rights", GG + "status", GG + "lastReviewed", OWL + "deprecated"
HAS_TOP_CONCEPT = SKOS + "hasTopConcept"
LICENSE = DCT + "license"
_RELATION_PREDICATES = [(key, SKOS + key) for key in RELATIONS]


def _pair_key(pair):
    predicate, obj = pair
    return (_RANK.get(predicate, _LAST), predicate, obj)


def _subject_key(subject: str, scheme: str):
    if subject == scheme:
        return (0, subject)
    if subject.startswith(GG):
        return (3, subject)
    if subject.startswith(scheme):
        return (1, subject)
    return (2, subject)


def _scheme(config: SchemeConfig, reviewed: list[str], tops: list, owl: bool) -> list:
    lang = config.language
    pairs = [(TYPE, ("i", SKOS + "ConceptScheme")),
             (SKOS + "prefLabel", ("l", config.title, lang)),
             (DCT + "title", ("l", config.title, lang))]
    if owl:
        pairs.append((TYPE, ("i", OWL + "Ontology")))
        pairs.append((TYPE, ("i", OWL + "NamedIndividual")))
    if config.description:
        pairs.append((DCT + "description", ("l", config.description, lang)))
    if config.creator:
        pairs.append((DCT + "creator", ("i", encode_iri(config.creator))) if _is_iri(config.creator)
                     else (DC + "creator", ("s", config.creator)))
    if config.license:
        pairs.append((DCT + "license", ("i", encode_iri(config.license))) if _is_iri(config.license)
                     else (DC + "rights", ("s", config.license)))
    created = config.created or (min(reviewed) if reviewed else "")
    if created:
        pairs.append((DCT + "created", ("t", created, XSD_DATE)))
    if reviewed:
        pairs.append((DCT + "modified", ("t", max(reviewed), XSD_DATE)))
    pairs.extend(tops)
    return pairs


def _declarations(used: set[str], owl: bool) -> list:
    """Our own properties with labels and comments; in the OWL profile also every SKOS/DCMI
    property and class used, typed so Protégé does not take them for unknown annotations."""
    out = []
    for local, label, comment, parent, range_ in OWN_PROPERTIES:
        prop = GG + local
        if prop not in used:
            continue
        pairs = [(TYPE, ("i", OWL + "AnnotationProperty" if owl else RDF + "Property")),
                 (RDFS + "label", ("l", label, "en")), (RDFS + "comment", ("l", comment, "en")),
                 (RDFS + "isDefinedBy", ("i", GG))]
        if parent:
            pairs.append((RDFS + "subPropertyOf", ("i", parent)))
        if range_:
            pairs.append((RDFS + "range", ("i", range_)))
        out.append((prop, pairs))
    if owl:
        classes = {SKOS + "Concept", SKOS + "ConceptScheme", SKOS + "Collection", DCT + "BibliographicResource"}
        for cls in sorted(classes):
            out.append((cls, [(TYPE, ("i", OWL + "Class"))]))
        for prop in sorted(used):
            if prop.startswith((RDF, RDFS, OWL, GG)):
                continue
            kind = "ObjectProperty" if prop in _OBJECT_PROPERTIES else "AnnotationProperty"
            out.append((prop, [(TYPE, ("i", OWL + kind))]))
        if SKOS + "note" not in used:
            out.append((SKOS + "note", [(TYPE, ("i", OWL + "AnnotationProperty"))]))
        if DCT + "date" not in used and GG + "lastReviewed" in used:
            out.append((DCT + "date", [(TYPE, ("i", OWL + "AnnotationProperty"))]))
    return out


# ------------------------------------------------------------------ IRIs and literals

_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')


def encode_iri(text: str) -> str:
    """Percent-encode the few characters an IRI may not contain (space, quotes, braces...)."""
    if _IRI_UNSAFE.search(text) is None:
        return text
    return _IRI_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), text)


_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _escape(text: str) -> str:
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


def _literal_nt(obj: Obj) -> str:
    kind = obj[0]
    if kind == "l":
        return f'"{_escape(obj[1])}"@{obj[2]}'
    if kind == "s":
        return f'"{_escape(obj[1])}"'
    return f'"{_escape(obj[1])}"^^<{obj[2]}>'


# ------------------------------------------------------------------ N-Triples

def write_ntriples(vocab: Vocabulary) -> str:
    """One triple per line, in the vocabulary's sorted order."""
    out = []
    append = out.append
    for subject, predicate, obj in vocab.triples():
        s = f"<{subject[1]}>" if subject[0] == "i" else f"_:{subject[1]}"
        kind = obj[0]
        if kind == "i":
            o = f"<{obj[1]}>"
        elif kind == "bn":
            o = f"_:{obj[1]}"
        else:
            o = _literal_nt(obj)
        append(f"{s} <{predicate}> {o} .\n")
    return "".join(out)


# ------------------------------------------------------------------ Turtle

_PN_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*\Z")


class _Names:
    """IRI -> prefixed name where the local part is plainly safe, else <iri>; cached."""

    def __init__(self, prefixes: list[tuple[str, str]]):
        self.prefixes = sorted(prefixes, key=lambda p: -len(p[1]))
        self.cache: dict[str, str] = {RDF + "type": "a"}
        self.heads: dict[str, dict[str, str]] = {}  # indent -> predicate -> "\n    name "

    def __call__(self, iri: str) -> str:
        name = self.cache.get(iri)
        if name is None:
            name = f"<{iri}>"
            for prefix, ns in self.prefixes:
                if iri.startswith(ns) and _PN_LOCAL.match(iri[len(ns):]):
                    name = f"{prefix}:{iri[len(ns):]}"
                    break
            self.cache[iri] = name
        return name


def _prefixes(vocab: Vocabulary) -> list[tuple[str, str]]:
    base = vocab.config.base_iri
    return PREFIXES + [("", base), ("category", base + "category/")]


def write_turtle(vocab: Vocabulary) -> str:
    """Turtle grouped by subject, predicates in a fixed order, objects sorted; blank nodes
    (citations) written in place as ``[ ... ]``."""
    prefixes = _prefixes(vocab)
    names = _Names(prefixes)
    out = [f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes]
    out.append("\n")
    append = out.append
    for subject, pairs in vocab.descriptions:
        append(names(subject))
        append(_turtle_pairs(pairs, names, "    "))
        append(" .\n\n")
    return "".join(out)


def _turtle_pairs(pairs, names, indent: str) -> str:
    cache = names.cache
    heads = names.heads.setdefault(indent, {})
    search = _NEEDS_ESCAPE.search
    parts = []
    append = parts.append
    last = None
    for predicate, obj in pairs:
        kind = obj[0]
        if kind == "l":
            text = obj[1]
            o = '"' + (_escape(text) if search(text) else text) + '"@' + obj[2]
        elif kind == "i":
            o = cache.get(obj[1]) or names(obj[1])
            if o == "a":
                o = "rdf:type"
        elif kind == "s":
            text = obj[1]
            o = '"' + (_escape(text) if search(text) else text) + '"'
        elif kind == "t":
            dt = obj[2]
            if dt == XSD_BOOLEAN and obj[1] in ("true", "false"):
                o = obj[1]
            else:
                o = f'"{_escape(obj[1])}"^^{names(dt)}'
        else:
            o = "[\n" + indent + "    " + _turtle_pairs(obj[1], names, indent + "    ").lstrip() \
                + "\n" + indent + "]"
        if predicate == last:
            append(", ")
        else:
            head = heads.get(predicate)
            if head is None:
                head = heads[predicate] = f"\n{indent}{cache.get(predicate) or names(predicate)} "
            append(head if last is None else " ;" + head)
            last = predicate
        append(o)
    return "".join(parts)


# ------------------------------------------------------------------ JSON-LD

def write_jsonld(vocab: Vocabulary) -> str:
    """Compact JSON-LD a web developer can read: an inline ``@context`` (nothing to fetch) that
    names each property by its local name and says what its values are, so labels are language
    maps (``"prefLabel": {"en": "overfitting"}``), links plain IRIs and dates plain strings.
    A property whose values are of mixed kinds keeps the explicit ``{"@value": ...}`` form."""
    prefixes = [(p, ns) for p, ns in PREFIXES]

    def compact(iri: str) -> str:
        for prefix, ns in prefixes:
            if iri.startswith(ns) and _PN_LOCAL.match(iri[len(ns):]):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    shapes: dict[str, set] = {}

    def survey(pairs) -> None:
        for predicate, value in pairs:
            if predicate != TYPE:
                shape = (value[0], value[2]) if value[0] == "t" else (value[0],)
                shapes.setdefault(predicate, set()).add(shape)
                if value[0] == "b":
                    survey(value[1])

    for _, pairs in vocab.descriptions:
        survey(pairs)
    context: dict = {p: ns for p, ns in prefixes}
    names: dict[str, str] = {}
    shape_of: dict[str, tuple | None] = {}
    for predicate in sorted(shapes):
        short = compact(predicate)
        local = short.split(":", 1)[1] if ":" in short and short != predicate else None
        if local is None:
            names[predicate], shape_of[predicate] = predicate, None
            continue
        name = local if local not in context else short.replace(":", "_")
        kinds = shapes[predicate]
        shape = next(iter(kinds)) if len(kinds) == 1 else None
        definition: dict = {"@id": short}
        if shape == ("l",):
            definition["@container"] = "@language"
        elif shape == ("i",):
            definition["@type"] = "@id"
        elif shape is not None and shape[0] == "t" and shape[1] != XSD_BOOLEAN:
            definition["@type"] = compact(shape[1])
        elif shape not in (("s",), ("b",)):
            shape = None  # mixed kinds (or booleans): explicit value objects
        context[name] = definition
        names[predicate], shape_of[predicate] = name, shape

    def node(pairs, subject=None) -> dict:
        obj: dict = {} if subject is None else {"@id": subject}
        for predicate, value in pairs:
            if predicate == TYPE:
                obj.setdefault("@type", []).append(compact(value[1]))
                continue
            name, shape, kind = names[predicate], shape_of[predicate], value[0]
            if shape == ("l",):
                obj.setdefault(name, {}).setdefault(value[2], []).append(value[1])
                continue
            if shape is not None and kind in ("i", "s", "t"):
                item = value[1]
            elif kind == "i":
                item = {"@id": value[1]}
            elif kind == "l":
                item = {"@value": value[1], "@language": value[2]}
            elif kind == "s":
                item = {"@value": value[1]}
            elif kind == "t":
                item = ({"@value": value[1] == "true"} if value[2] == XSD_BOOLEAN and value[1] in ("true", "false")
                        else {"@value": value[1], "@type": compact(value[2])})
            else:
                item = node(value[1])
            obj.setdefault(name, []).append(item)
        for name, value in obj.items():  # one value: no list around it
            if isinstance(value, list):
                if len(value) == 1:
                    obj[name] = value[0]
            elif name in language_maps:
                for lang, texts in value.items():
                    if len(texts) == 1:
                        value[lang] = texts[0]
        return obj

    language_maps = {names[p] for p, shape in shape_of.items() if shape == ("l",)}

    document = {"@context": context, "@graph": [node(pairs, s) for s, pairs in vocab.descriptions]}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


# ------------------------------------------------------------------ RDF/XML

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    if _XML_INVALID.search(text):
        log.warning("characters XML 1.0 cannot hold were replaced by U+FFFD in the RDF/XML output")
        text = _XML_INVALID.sub("\ufffd", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def _xml_attr(text: str) -> str:
    return _xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def write_rdfxml(vocab: Vocabulary) -> str:
    """Striped RDF/XML: one ``rdf:Description`` per subject, citations as
    ``rdf:parseType="Resource"``; every predicate is in a declared namespace."""
    prefixes = [(p, ns) for p, ns in PREFIXES]

    def qname(iri: str) -> str:
        for prefix, ns in prefixes:
            if iri.startswith(ns) and _PN_LOCAL.match(iri[len(ns):]):
                return f"{prefix}:{iri[len(ns):]}"
        raise GlossaryError(f"cannot write property {iri} in RDF/XML")  # pragma: no cover

    out = ['<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF']
    out.extend(f'\n    xmlns:{p}="{_xml_attr(ns)}"' for p, ns in prefixes)
    out.append(">\n")

    def pairs_xml(pairs, indent: str) -> None:
        for predicate, obj in pairs:
            name = qname(predicate)
            kind = obj[0]
            if kind == "i":
                out.append(f'{indent}<{name} rdf:resource="{_xml_attr(obj[1])}"/>\n')
            elif kind == "l":
                out.append(f'{indent}<{name} xml:lang="{obj[2]}">{_xml_text(obj[1])}</{name}>\n')
            elif kind == "s":
                out.append(f"{indent}<{name}>{_xml_text(obj[1])}</{name}>\n")
            elif kind == "t":
                out.append(f'{indent}<{name} rdf:datatype="{_xml_attr(obj[2])}">{_xml_text(obj[1])}</{name}>\n')
            else:
                out.append(f'{indent}<{name} rdf:parseType="Resource">\n')
                pairs_xml(obj[1], indent + "  ")
                out.append(f"{indent}</{name}>\n")

    for subject, pairs in vocab.descriptions:
        out.append(f'  <rdf:Description rdf:about="{_xml_attr(subject)}">\n')
        pairs_xml(pairs, "    ")
        out.append("  </rdf:Description>\n")
    out.append("</rdf:RDF>\n")
    return "".join(out)


# ------------------------------------------------------------------ public helpers

def serialize(glossary: Glossary, format: str = "ttl", config: SchemeConfig | None = None, *,
              profile: str = "skos", repair: bool = False) -> bytes:
    """The glossary as RDF bytes: ``format`` is one of ttl, nt, jsonld, rdfxml."""
    if format not in FORMATS:
        raise GlossaryError(f"unknown RDF format {format!r}", hint="use one of: " + ", ".join(FORMATS))
    with gc_paused():  # one pause for building, writing and freeing the ~40 tuples per term
        vocab = build_vocabulary(glossary, config, profile=profile, repair=repair)
        data = vocab.serialize(format)
        del vocab
    return data


def to_rdflib(glossary: Glossary, config: SchemeConfig | None = None, *, profile: str = "skos",
              repair: bool = False):
    """The SKOS export as an ``rdflib.Graph`` (same triples as the files), prefixes bound.

    >>> from graph import compile_glossary
    >>> g = to_rdflib(compile_glossary("data/terms"))  # doctest: +SKIP
    >>> len(g)  # doctest: +SKIP
    """
    from rdflib import BNode, Graph, Literal, URIRef

    vocab = build_vocabulary(glossary, config, profile=profile, repair=repair)
    out = Graph()
    for prefix, ns in _prefixes(vocab):
        out.bind(prefix or "", ns, override=True, replace=True)
    bnodes: dict[str, BNode] = {}
    iris: dict[str, URIRef] = {}

    def term(obj):
        kind = obj[0]
        if kind == "i":
            ref = iris.get(obj[1])
            if ref is None:
                ref = iris[obj[1]] = URIRef(obj[1])
            return ref
        if kind == "bn":
            return bnodes.setdefault(obj[1], BNode())
        if kind == "l":
            return Literal(obj[1], lang=obj[2])
        if kind == "s":
            return Literal(obj[1])
        return Literal(obj[1], datatype=URIRef(obj[2]))

    for subject, predicate, obj in vocab.triples():
        out.add((term(subject), term(("i", predicate)), term(obj)))
    return out


def format_for_path(path: str) -> str | None:
    """The RDF format a file name's suffix suggests (``.ttl`` -> ttl), or None."""
    from pathlib import Path
    return SUFFIXES.get(Path(path).suffix.lower())


def export_turtle(glossary: Glossary) -> bytes:
    """``exports/glossary.ttl`` for ``glossary-graph build`` (settings from the current folder)."""
    return serialize(glossary, "ttl", load_config())


def export_jsonld(glossary: Glossary) -> bytes:
    """``exports/glossary.jsonld`` for ``glossary-graph build``."""
    return serialize(glossary, "jsonld", load_config())
