"""Label and top-concept checks read straight from an RDF graph (``check --rdf FILE``).

Importing SKOS into a glossary keeps one name per term, so what makes a SKOS file inconsistent
(two preferred labels in one language, S14; one label as two label types, S13) or odd (explicit
top concepts with a broader concept) must be seen in the RDF itself, before the import flattens it.
"""
from __future__ import annotations

from collections import defaultdict

from .errors import ERROR, WARNING, Problem
from .textkeys import slugify


def _skos():
    from rdflib import RDF
    from rdflib.namespace import SKOS
    return RDF, SKOS


def _concepts(graph) -> list:
    RDF, SKOS = _skos()
    return sorted(set(graph.subjects(RDF.type, SKOS.Concept)), key=str)


def _term_id(graph, concept) -> str:
    _, SKOS = _skos()
    labels = sorted(str(label) for label in graph.objects(concept, SKOS.prefLabel))
    return slugify(labels[0]) if labels else str(concept)


def _where(concept) -> str:
    return f"<{concept}>"


def _lang(literal) -> str:
    return getattr(literal, "language", None) or ""


def rdf_inconsistent_pref_labels(graph, config) -> list[Problem]:
    """S14: a concept with two or more ``skos:prefLabel`` in the same language."""
    _, SKOS = _skos()
    out = []
    for concept in _concepts(graph):
        by_lang: dict[str, list[str]] = defaultdict(list)
        for label in graph.objects(concept, SKOS.prefLabel):
            by_lang[_lang(label)].append(str(label))
        for lang, values in sorted(by_lang.items()):
            if len(values) > 1:
                out.append(Problem(
                    ERROR, "ipl", f"{len(values)} preferred labels in language {lang or '(none)'}: "
                    + ", ".join(repr(v) for v in sorted(values)), file=config.rdf_file, path=_where(concept),
                    terms=(_term_id(graph, concept),),
                    hint="keep one skos:prefLabel per language; make the others skos:altLabel"))
    return out


def rdf_disjoint_labels(graph, config) -> list[Problem]:
    """S13: the same literal as two of prefLabel, altLabel and hiddenLabel of one concept."""
    _, SKOS = _skos()
    kinds = (("prefLabel", SKOS.prefLabel), ("altLabel", SKOS.altLabel), ("hiddenLabel", SKOS.hiddenLabel))
    out = []
    for concept in _concepts(graph):
        seen: dict[tuple[str, str], list[str]] = defaultdict(list)
        for name, prop in kinds:
            for label in set(graph.objects(concept, prop)):
                seen[(str(label), _lang(label))].append(name)
        for (text, lang), names in sorted(seen.items()):
            if len(names) > 1:
                out.append(Problem(
                    ERROR, "dlv", f"label {text!r}" + (f"@{lang}" if lang else "") + " is both "
                    + " and ".join(names), file=config.rdf_file, path=_where(concept),
                    terms=(_term_id(graph, concept),), hint="keep the label under one label type only"))
    return out


def rdf_missing_labels(graph, config) -> list[Problem]:
    """A concept without any ``skos:prefLabel``."""
    _, SKOS = _skos()
    return [Problem(WARNING, "ml", "concept has no skos:prefLabel", file=config.rdf_file, path=_where(c),
                    terms=(str(c),), hint="add a skos:prefLabel with a language tag")
            for c in _concepts(graph) if graph.value(c, SKOS.prefLabel) is None]


def rdf_empty_labels(graph, config) -> list[Problem]:
    """Labels that are empty or only white space."""
    _, SKOS = _skos()
    out = []
    for concept in _concepts(graph):
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for label in graph.objects(concept, prop):
                if not str(label).strip():
                    out.append(Problem(WARNING, "el", f"empty skos:{prop.split('#')[-1]}", file=config.rdf_file,
                                       path=_where(concept), terms=(_term_id(graph, concept),),
                                       hint="remove the empty label"))
    return out


def rdf_top_concepts_with_broader(graph, config) -> list[Problem]:
    """A concept declared top concept of a scheme that also has a broader concept."""
    _, SKOS = _skos()
    tops = set(graph.subjects(SKOS.topConceptOf, None)) | set(graph.objects(None, SKOS.hasTopConcept))
    out = []
    for concept in sorted(tops, key=str):
        broader = set(graph.objects(concept, SKOS.broader)) | set(graph.subjects(SKOS.narrower, concept))
        if broader:
            out.append(Problem(
                WARNING, "tchbc", "top concept with broader concept(s) "
                + ", ".join(f"<{b}>" for b in sorted(broader, key=str)), file=config.rdf_file,
                path=_where(concept), terms=(_term_id(graph, concept),),
                hint="drop skos:topConceptOf, or the broader link"))
    return out


#: check code -> variant over an rdflib graph
RDF_VARIANTS = {
    "ipl": rdf_inconsistent_pref_labels,
    "dlv": rdf_disjoint_labels,
    "ml": rdf_missing_labels,
    "el": rdf_empty_labels,
    "tchbc": rdf_top_concepts_with_broader,
}


def load_for_checks(path: str, format: str | None = None):
    """``(glossary, rdf_graph, iri_of)`` for ``check --rdf``: the imported glossary, the RDF it
    came from (for the label checks) and the concept IRI of each term id (to name findings)."""
    from .skos_import import compile_skos, read_rdf, records_from_graph

    import logging

    glossary = compile_skos(path, format)
    graph = read_rdf(path, format)
    importer = logging.getLogger("graph.skos_import")
    level = importer.level
    importer.setLevel(logging.WARNING)  # the import above already reported what it read
    try:
        records, _, iris = records_from_graph(graph, str(path))
    finally:
        importer.setLevel(level)
    iri_of = {slugify(r.data["term"]): iri for r, iri in zip(records, iris)
              if isinstance(r.data.get("term"), str)}
    return glossary, graph, iri_of


def place_findings(problems, file: str, iri_of: dict[str, str]) -> None:
    """Name the concept IRI (and the line where the file first writes it) in findings about a
    SKOS file, where the YAML field path alone would point nowhere."""
    lines = _IriLines(file)
    for problem in problems:
        if problem.file != file or problem.line is not None:
            continue
        if not problem.path.startswith("<") and problem.terms:
            iri = iri_of.get(problem.terms[0])
            if iri is None:
                continue
            problem.path = f"<{iri}>" + (f" {problem.path}" if problem.path else "")
        iri = problem.path[1:problem.path.find(">")] if problem.path.startswith("<") else None
        if iri:
            problem.line = lines.get(iri)


class _IriLines:
    """First line where a Turtle, RDF/XML or JSON-LD file writes an IRI (in full, quoted, or as
    a prefixed name ending in its local part)."""

    def __init__(self, file: str):
        try:
            with open(file, encoding="utf-8-sig", errors="replace") as handle:
                self.text = handle.read()
        except OSError:
            self.text = ""
        self.cache: dict[str, int | None] = {}

    def get(self, iri: str) -> int | None:
        if iri not in self.cache:
            self.cache[iri] = self._find(iri)
        return self.cache[iri]

    def _find(self, iri: str) -> int | None:
        import re

        for needle in (f"<{iri}>", f'"{iri}"'):
            at = self.text.find(needle)
            if at >= 0:
                return self.text.count("\n", 0, at) + 1
        local = re.split(r"[/#:]", iri)[-1]
        if local:
            match = re.search(r"(?<![\w<\"/#.-])[A-Za-z][\w.-]*:" + re.escape(local) + r"(?![\w%-])", self.text)
            if match:
                return self.text.count("\n", 0, match.start()) + 1
        return None
