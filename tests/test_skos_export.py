"""The SKOS export: every format is the same graph, independent parsers agree, and the graph
meets what Skosmos, VocBench and Protégé need (checked with SPARQL, not by reading text)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from graph import compile_glossary
from graph.cli import main
from graph.config import SchemeConfig
from graph.skos import FORMATS, GG, build_vocabulary, serialize, to_rdflib

from conftest import DATA, ROOT, SCENARIOS, require

RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
RAPPER_FORMAT = {"ttl": "turtle", "nt": "ntriples", "rdfxml": "rdfxml"}
MEDIA_TYPE = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json",
              "rdfxml": "application/rdf+xml"}
CONFIG = SchemeConfig(base_iri="https://example.org/test/", title="Test glossary", language="en")
EDGE = SCENARIOS / "skos-edge-cases"

PREFIXES = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def glossaries(corpus_dir=None):
    yield "scenario", compile_glossary(EDGE)
    if DATA.is_dir():
        yield "ours", compile_glossary(DATA)
    if corpus_dir is not None:
        yield "corpus", compile_glossary(corpus_dir)


@pytest.fixture(scope="module")
def edge():
    return compile_glossary(EDGE)


def ask(graph: rdflib.Graph, query: str) -> list:
    return list(graph.query(PREFIXES + query))


# ------------------------------------------------------------------ formats agree

@pytest.mark.parametrize("profile", ["skos", "owl"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_parses_back_to_the_same_graph(edge, fmt, profile):
    expected = to_rdflib(edge, CONFIG, profile=profile)
    data = serialize(edge, fmt, CONFIG, profile=profile)
    parsed = rdflib.Graph().parse(data=data, format=RDFLIB_FORMAT[fmt])
    assert len(parsed) == len(expected) > 150
    assert isomorphic(parsed, expected)


def test_our_glossary_and_the_corpus_in_every_format(corpus):
    for name, glossary in glossaries(corpus):
        expected = to_rdflib(glossary, CONFIG)
        for fmt in FORMATS:
            parsed = rdflib.Graph().parse(data=serialize(glossary, fmt, CONFIG), format=RDFLIB_FORMAT[fmt])
            assert isomorphic(parsed, expected), f"{name} {fmt}"


def _pyoxigraph():
    try:
        import pyoxigraph
    except ImportError:
        pyoxigraph = None
    require(pyoxigraph is not None, "pyoxigraph (pip install -e '.[test]') for the independent-parser test")
    return pyoxigraph


@pytest.mark.parametrize("profile", ["skos", "owl"])
def test_pyoxigraph_reads_every_format_with_the_same_triple_count(edge, corpus, profile):
    ox = _pyoxigraph()
    for name, glossary in glossaries(corpus):
        vocab = build_vocabulary(glossary, CONFIG, profile=profile)
        for fmt in FORMATS:
            triples = list(ox.parse(vocab.serialize(fmt), format=ox.RdfFormat.from_media_type(MEDIA_TYPE[fmt])))
            assert len(triples) == len(vocab), f"{name} {fmt}"


@pytest.mark.parametrize("profile", ["skos", "owl"])
def test_rapper_reads_turtle_ntriples_and_rdfxml_with_the_same_triple_count(tmp_path, corpus, profile):
    rapper = shutil.which("rapper")
    require(rapper is not None, "rapper (Debian package raptor2-utils) for the independent-parser test")
    for name, glossary in glossaries(corpus):
        vocab = build_vocabulary(glossary, CONFIG, profile=profile)
        for fmt, syntax in RAPPER_FORMAT.items():
            path = tmp_path / f"{name}.{fmt}"
            path.write_bytes(vocab.serialize(fmt))
            run = subprocess.run([rapper, "-i", syntax, "-c", str(path)], capture_output=True, text=True)
            assert run.returncode == 0, run.stderr
            assert "error" not in run.stderr.lower() and "warning" not in run.stderr.lower(), run.stderr
            count = int(re.search(r"returned (\d+) triples", run.stderr).group(1))
            assert count == len(vocab), f"{name} {fmt}"


# ------------------------------------------------------------------ determinism

def test_output_is_byte_identical_across_processes_and_hash_seeds(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        run = subprocess.run([sys.executable, "-m", "graph", "export", str(EDGE), "-q", "--format", "nt"],
                             capture_output=True, env=env, cwd=ROOT)
        assert run.returncode == 0, run.stderr
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1] and outputs[0]


def test_writers_need_no_sort_beyond_the_documented_order(edge, corpus):
    """Concept descriptions are emitted pre-sorted for speed; check the order is the sorted one."""
    from graph.skos import _pair_key
    for _, glossary in glossaries(corpus):
        for profile in ("skos", "owl"):
            for subject, pairs in build_vocabulary(glossary, CONFIG, profile=profile).descriptions:
                assert pairs == sorted(pairs, key=_pair_key), subject


def test_no_wall_clock_dates_only_review_dates(edge):
    graph = to_rdflib(edge, CONFIG)
    (modified, created), = ask(graph, "SELECT ?m ?c { ?s a skos:ConceptScheme ; dct:modified ?m ; dct:created ?c }")
    reviewed = sorted(r["last_reviewed"] for r in (t.data for t in edge.records))
    assert str(modified) == reviewed[-1] and str(created) == reviewed[0]
    assert modified.datatype == rdflib.XSD.date and created.datatype == rdflib.XSD.date
    explicit = SchemeConfig(base_iri=CONFIG.base_iri, created="2020-02-02")
    (created,), = ask(to_rdflib(edge, explicit), "SELECT ?c { ?s dct:created ?c }")
    assert str(created) == "2020-02-02"


# ------------------------------------------------------------------ what importers need (SPARQL)

def check_importer_requirements(glossary, graph: rdflib.Graph, config: SchemeConfig) -> None:
    terms = len(glossary.resolution.terms)
    schemes = ask(graph, "SELECT ?s { ?s a skos:ConceptScheme }")
    assert [str(s) for s, in schemes] == [config.scheme_iri]
    (count,), = ask(graph, "SELECT (COUNT(DISTINCT ?c) AS ?n) { ?c a skos:Concept }")
    assert int(count) == terms
    assert not ask(graph, "SELECT ?c { ?c a skos:Concept FILTER NOT EXISTS { ?c skos:inScheme ?s . ?s a skos:ConceptScheme } }")
    # scheme: language-tagged label and title, typed dates
    assert ask(graph, f"ASK {{ <{config.scheme_iri}> skos:prefLabel ?l ; dct:title ?t . "
                      f"FILTER(lang(?l) = '{config.language}' && lang(?t) = '{config.language}') }}")[0]
    # top concepts both ways, and never with a broader concept
    assert ask(graph, "SELECT ?c { ?c skos:topConceptOf ?s }")
    assert not ask(graph, "SELECT ?c { { ?c skos:topConceptOf ?s FILTER NOT EXISTS { ?s skos:hasTopConcept ?c } }"
                          " UNION { ?s skos:hasTopConcept ?c FILTER NOT EXISTS { ?c skos:topConceptOf ?s } } }")
    assert not ask(graph, "SELECT ?c { ?c skos:topConceptOf ?s ; skos:broader ?b }")
    # inverses present
    assert not ask(graph, "SELECT ?a { ?a skos:broader ?b FILTER NOT EXISTS { ?b skos:narrower ?a } }")
    assert not ask(graph, "SELECT ?a { ?a skos:narrower ?b FILTER NOT EXISTS { ?b skos:broader ?a } }")
    assert not ask(graph, "SELECT ?a { ?a skos:related ?b FILTER NOT EXISTS { ?b skos:related ?a } }")
    assert not ask(graph, "SELECT ?a { ?a dct:isReplacedBy ?b FILTER NOT EXISTS { ?b dct:replaces ?a } }")
    # S13: pref/alt/hidden labels pairwise disjoint; S14: one prefLabel per language
    assert not ask(graph, "SELECT ?c { ?c skos:prefLabel ?l . { ?c skos:altLabel ?l } UNION { ?c skos:hiddenLabel ?l } }")
    assert not ask(graph, "SELECT ?c { ?c skos:altLabel ?l ; skos:hiddenLabel ?l }")
    assert not ask(graph, "SELECT ?c { ?c skos:prefLabel ?a, ?b FILTER(?a != ?b && lang(?a) = lang(?b)) }")
    # language tags on every label and note (sub-properties of skos:note included)
    assert not ask(graph, """SELECT ?c ?p { ?c ?p ?v .
        FILTER(?p IN (skos:prefLabel, skos:altLabel, skos:hiddenLabel, skos:definition, skos:scopeNote,
                      skos:example, skos:note)
               || EXISTS { ?p <http://www.w3.org/2000/01/rdf-schema#subPropertyOf> skos:note })
        FILTER(lang(?v) = '') }""")
    # explicit types on every subject
    assert not ask(graph, "SELECT ?s { ?s ?p ?o FILTER(isIRI(?s)) FILTER NOT EXISTS { ?s a ?t } }")
    # no dangling object IRIs: everything in our namespace that is pointed at is described
    dangling = ask(graph, f"""SELECT DISTINCT ?o {{ ?s ?p ?o FILTER(isIRI(?o))
        FILTER(STRSTARTS(STR(?o), "{config.base_iri}")) FILTER NOT EXISTS {{ ?o a ?t }} }}""")
    assert not dangling
    # semantic relations only between concepts; collections only through skos:member
    assert not ask(graph, """SELECT ?a { ?a ?p ?b FILTER(?p IN (skos:broader, skos:narrower, skos:related))
        FILTER NOT EXISTS { ?a a skos:Concept . ?b a skos:Concept } }""")
    assert not ask(graph, "SELECT ?m { ?c a skos:Collection ; skos:member ?m FILTER NOT EXISTS { ?m a skos:Concept } }")
    # typed dates
    assert not ask(graph, """SELECT ?v { ?s ?p ?v FILTER(?p IN (dct:created, dct:modified,
        <https://glossary-graph.example.org/ns#lastReviewed>)) FILTER(datatype(?v) != xsd:date) }""")


def test_importer_requirements_hold_for_the_scenario(edge):
    check_importer_requirements(edge, to_rdflib(edge, CONFIG), CONFIG)


def test_importer_requirements_hold_for_our_glossary():
    if not DATA.is_dir():
        pytest.skip("data/terms not present")
    glossary = compile_glossary(DATA)
    check_importer_requirements(glossary, to_rdflib(glossary, CONFIG), CONFIG)


def test_importer_requirements_hold_for_the_corpus(corpus):
    glossary = compile_glossary(corpus)
    for repair in (False, True):
        check_importer_requirements(glossary, to_rdflib(glossary, CONFIG, repair=repair), CONFIG)


def test_related_clashes_s27_reported_and_repaired(corpus):
    from graph.hierarchy import related_clashes
    glossary = compile_glossary(corpus)
    clashes = related_clashes(glossary.graph)
    assert clashes
    clash_query = """SELECT ?a ?b { ?a skos:related ?b . ?a skos:broader+ ?b }"""
    kept = build_vocabulary(glossary, CONFIG)
    assert {p.terms for p in kept.problems if p.code == "related-clash"} == set(clashes)
    assert ask(to_rdflib(glossary, CONFIG), clash_query)
    assert not ask(to_rdflib(glossary, CONFIG, repair=True), clash_query)


def test_unresolved_links_alias_repeats_and_category_spellings_are_reported(edge):
    vocab = build_vocabulary(edge, CONFIG)
    codes = {(p.code, p.file and Path(p.file).name) for p in vocab.problems}
    assert ("export-unresolved-link", "car.yml") in codes
    assert ("export-alias-is-label", "car.yml") in codes
    assert ("export-category-variants", "car.yml") in codes
    graph = to_rdflib(edge, CONFIG)
    assert not ask(graph, "SELECT ?o { ?s skos:related ?o FILTER(CONTAINS(STR(?o), 'spaceship')) }")
    # the clash between car and vehicle (related + broader) is reported, repaired on request
    assert ("related-clash", "car.yml") in codes
    car, vehicle = rdflib.URIRef(CONFIG.base_iri + "car"), rdflib.URIRef(CONFIG.base_iri + "vehicle")
    related = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#related")
    assert (car, related, vehicle) in graph
    repaired = to_rdflib(edge, CONFIG, repair=True)
    assert (car, related, vehicle) not in repaired and (vehicle, related, car) not in repaired


def test_deprecated_terms_and_replacements(edge):
    graph = to_rdflib(edge, CONFIG)
    rows = ask(graph, "SELECT ?old ?new { ?old owl:deprecated true ; dct:isReplacedBy ?new . ?new dct:replaces ?old }")
    assert [(str(a), str(b)) for a, b in rows] == [(CONFIG.base_iri + "horseless-carriage", CONFIG.base_iri + "car")]


def test_iris_are_valid_stable_and_encoded(edge):
    vocab = build_vocabulary(edge, CONFIG)
    subjects = [s for s, _ in vocab.descriptions]
    for subject, _, obj in vocab.triples():
        for node in (subject, obj):
            if node[0] == "i":
                assert not re.search(r'[\s<>"{}|^`\\]', node[1]), node[1]
    assert CONFIG.base_iri + "%E6%97%A5%E6%9C%AC%E8%AA%9E%E3%81%AE%E7%94%A8%E8%AA%9E" in subjects
    assert CONFIG.base_iri + "cafe-au-lait-test" in subjects
    text = serialize(edge, "ttl", CONFIG).decode()
    assert "<https://example.org/search?q=%7Bx%7D%7Cy%5Ez%60w>" in text


def test_literals_survive_escaping_in_every_format(edge):
    wanted = 'Says "hi"\tand \\ backslash, <script>alert(1)</script> 🚗 שלום'
    long_def = "Line one.\nLine two with a trailing space \nand\r\nCRLF."
    for fmt in FORMATS:
        graph = rdflib.Graph().parse(data=serialize(edge, fmt, CONFIG), format=RDFLIB_FORMAT[fmt])
        values = {str(o) for o in graph.objects()}
        assert wanted in values and long_def in values, fmt


def test_own_vocabulary_is_declared_with_labels_and_comments(edge):
    graph = to_rdflib(edge, CONFIG)
    used = {str(p) for p in graph.predicates() if str(p).startswith(GG)}
    assert used
    for prop in used:
        ref = rdflib.URIRef(prop)
        assert (ref, rdflib.RDF.type, rdflib.RDF.Property) in graph
        assert any(o.language == "en" for o in graph.objects(ref, rdflib.RDFS.label))
        assert any(o.language == "en" for o in graph.objects(ref, rdflib.RDFS.comment))


def test_owl_profile_declares_every_property_and_class_it_uses(edge):
    graph = to_rdflib(edge, CONFIG, profile="owl")
    assert ask(graph, f"ASK {{ <{CONFIG.scheme_iri}> a owl:Ontology, skos:ConceptScheme }}")[0]
    builtin = (str(rdflib.RDF), str(rdflib.RDFS), str(rdflib.OWL))
    declared_kinds = {rdflib.OWL.ObjectProperty, rdflib.OWL.AnnotationProperty, rdflib.OWL.DatatypeProperty}
    for prop in set(graph.predicates()):
        if str(prop).startswith(builtin):
            continue
        assert set(graph.objects(prop, rdflib.RDF.type)) & declared_kinds, prop
    for cls in set(graph.objects(None, rdflib.RDF.type)):
        if not str(cls).startswith(builtin):
            assert (cls, rdflib.RDF.type, rdflib.OWL.Class) in graph, cls
    assert not ask(graph, "SELECT ?c { ?c a skos:Concept FILTER NOT EXISTS { ?c a owl:NamedIndividual } }")
    relations = ["broader", "narrower", "related", "inScheme"]
    for name in relations:
        assert (rdflib.URIRef("http://www.w3.org/2004/02/skos/core#" + name), rdflib.RDF.type,
                rdflib.OWL.ObjectProperty) in graph


def test_placeholder_fields_are_not_exported(tmp_path):
    source = (SCENARIOS / "skos-placeholders" / "stub.yml")
    glossary = compile_glossary(source)
    assert [p.code for p in glossary.warnings] == ["placeholder"]
    graph = to_rdflib(glossary, CONFIG)
    values = " ".join(str(o) for o in graph.objects())
    assert "TODO" not in values
    assert ask(graph, "ASK { ?c skos:definition ?d }")[0]  # the real field is kept
    assert not ask(graph, "ASK { ?c <https://glossary-graph.example.org/ns#role> ?r }")[0]


# ------------------------------------------------------------------ the command

def test_export_command_to_stdout_and_to_a_file(tmp_path, capsys):
    assert main(["export", str(EDGE), "--format", "nt", "-q", "--base-iri", "https://example.org/cli/"]) == 0
    out = capsys.readouterr().out
    graph = rdflib.Graph().parse(data=out, format="nt")
    assert (rdflib.URIRef("https://example.org/cli/car"), rdflib.RDF.type,
            rdflib.URIRef("http://www.w3.org/2004/02/skos/core#Concept")) in graph
    target = tmp_path / "out" / "vocab.rdf"  # format from the suffix
    assert main(["export", str(EDGE), "-o", str(target), "--title", "Cars", "--language", "en-GB"]) == 0
    err = capsys.readouterr().err
    assert "car.yml:" in err and "S27" in err and "spaceship" in err  # reported on stderr
    graph = rdflib.Graph().parse(target, format="xml")
    assert ask(graph, "ASK { ?s a skos:ConceptScheme ; skos:prefLabel 'Cars'@en-gb }")[0]


def test_export_refuses_a_glossary_with_errors_and_writes_nothing(tmp_path, capsys):
    target = tmp_path / "vocab.ttl"
    assert main(["export", str(SCENARIOS / "schema-errors"), "-o", str(target)]) == 1
    assert not target.exists()
    assert "not exported" in capsys.readouterr().err


def test_export_bad_settings_exit_1_with_a_message(tmp_path, capsys):
    target = tmp_path / "vocab.ttl"
    assert main(["export", str(EDGE), "-o", str(target), "--base-iri", "not an iri"]) == 1
    assert "base_iri" in capsys.readouterr().err and not target.exists()
    assert main(["export", str(EDGE), "-o", str(target), "--language", "english language"]) == 1
    assert "language" in capsys.readouterr().err and not target.exists()
    bad = tmp_path / "glossary.yaml"
    bad.write_text("title: [unclosed\n")
    assert main(["export", str(EDGE), "-o", str(target), "--config", str(bad)]) == 1
    assert str(bad) in capsys.readouterr().err and not target.exists()


def test_settings_from_pyproject_glossary_yaml_and_options(tmp_path, monkeypatch):
    from graph.config import load_config
    monkeypatch.chdir(tmp_path)
    assert load_config().base_iri == SchemeConfig().base_iri  # defaults
    (tmp_path / "pyproject.toml").write_text('[tool.glossary-graph]\nbase_iri = "https://a.example/x"\n'
                                            'title = "From pyproject"\n')
    config = load_config()
    assert (config.base_iri, config.title) == ("https://a.example/x/", "From pyproject")
    (tmp_path / "glossary.yaml").write_text("title: From yaml\nlanguage: de\n")
    config = load_config(title="From the command line")
    assert (config.title, config.language) == ("From the command line", "de")
    graph = to_rdflib(compile_glossary(EDGE), config)
    assert ask(graph, "ASK { ?c skos:prefLabel 'car'@de }")[0]


def test_build_writes_turtle_and_jsonld(tmp_path):
    assert main(["build", str(EDGE), "--out", str(tmp_path), "-q"]) == 0
    glossary = compile_glossary(EDGE)
    for name, fmt in (("glossary.ttl", "turtle"), ("glossary.jsonld", "json-ld")):
        parsed = rdflib.Graph().parse(tmp_path / name, format=fmt)
        assert len(parsed) > 150
        with_config = to_rdflib(glossary)  # build reads the settings of the current folder
        assert isomorphic(parsed, with_config)


def test_committed_exports_are_current(tmp_path, monkeypatch):
    """exports/ holds the build of data/terms; rebuilding must not change a byte."""
    committed = ROOT / "exports"
    if not DATA.is_dir() or not (committed / "glossary.ttl").exists():
        pytest.skip("no committed exports in this checkout")
    monkeypatch.chdir(ROOT)
    assert main(["build", "data/terms", "--out", str(tmp_path), "-q"]) == 0
    required = {"glossary.ttl", "glossary.jsonld", "glossary.graph.json", "glossary.graphml"}
    rebuilt = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert required <= rebuilt
    for name in sorted(rebuilt):
        if name in required or (committed / name).exists():
            assert (committed / name).exists(), f"exports/{name} is not committed; run glossary-graph build"
            assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), (
                f"exports/{name} is stale: run 'glossary-graph build' from the repository root and commit it")


def test_readme_documents_the_mapping_of_every_field():
    from graph.skos import FIELD_MAP
    from graph.validation import term_schema
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme.split("<!-- skos-mapping -->", 1)[1].split("\n\n", 1)[0]
    rows = {line.split("|")[1].strip().strip("`") for line in table.splitlines()[2:]}
    assert {field for field, *_ in FIELD_MAP} <= rows
    top = set(term_schema()["properties"])
    assert top <= {row.split(".")[0] for row in rows}
    for field, predicate, *_ in FIELD_MAP:
        local = predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        row = next(line for line in table.splitlines() if line.startswith(f"| `{field}` |"))
        assert local in row, (field, local)
