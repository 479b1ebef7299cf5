"""SKOS import: round trips, messy vocabularies, placeholders that validation reports, bad input."""
from __future__ import annotations

import subprocess
import sys

import pytest
import yaml
from rdflib.compare import isomorphic

from graph import compile_glossary
from graph.cli import main
from graph.config import SchemeConfig
from graph.skos import FORMATS, serialize, to_rdflib
from graph.skos_import import PLACEHOLDER, compile_skos, write_terms

from conftest import DATA, ROOT, SCENARIOS

CONFIG = SchemeConfig(base_iri="https://example.org/test/", title="Test glossary")
FOREIGN = SCENARIOS / "skos-foreign" / "vocab.ttl"
BAD = SCENARIOS / "skos-bad-input"


def round_trip(glossary, fmt, tmp_path):
    """YAML -> SKOS -> YAML -> SKOS; returns the first and the last SKOS graph."""
    first = to_rdflib(glossary, CONFIG)
    source = tmp_path / f"vocab.{fmt}"
    source.write_bytes(serialize(glossary, fmt, CONFIG))
    imported = compile_skos(source)
    assert not imported.errors, [p.format() for p in imported.errors]
    assert not [p for p in imported.problems if p.code == "placeholder"]  # nothing was missing
    out = tmp_path / f"terms-{fmt}"
    write_terms(imported, out)
    again = compile_glossary(out)
    assert not again.errors
    return first, to_rdflib(again, CONFIG), imported


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_of_the_scenario_in_every_format(tmp_path, fmt):
    first, last, _ = round_trip(compile_glossary(SCENARIOS / "skos-edge-cases"), fmt, tmp_path)
    assert isomorphic(first, last)


def test_round_trip_of_our_glossary(tmp_path):
    if not DATA.is_dir():
        pytest.skip("data/terms not present")
    glossary = compile_glossary(DATA)
    first, last, imported = round_trip(glossary, "ttl", tmp_path)
    assert isomorphic(first, last)
    # the records come back field for field (lists as sets: RDF has no order)
    original = {r.data["term"]: r.data for r in glossary.records}
    for record in imported.records:
        data = original[record.data["term"]]
        for field in ("short_def", "long_def", "audiences", "license", "status", "last_reviewed", "part_of_speech"):
            assert record.data[field] == data[field], field
        assert sorted(record.data["aliases"]) == sorted(data["aliases"])
        assert sorted(map(str, record.data["citations"])) == sorted(map(str, data["citations"]))


@pytest.mark.parametrize("fmt", ["ttl", "rdfxml", "jsonld", "nt"])
def test_round_trip_of_the_corpus(tmp_path, corpus, fmt):
    first, last, _ = round_trip(compile_glossary(corpus), fmt, tmp_path)
    assert isomorphic(first, last)


def test_compile_skos_gives_the_same_model_as_yaml(tmp_path):
    glossary = compile_glossary(SCENARIOS / "skos-edge-cases")
    source = tmp_path / "v.ttl"
    source.write_bytes(serialize(glossary, "ttl", CONFIG))
    imported = compile_skos(source)
    assert set(imported.graph.nodes) - {"spaceship"} == set(glossary.graph.nodes) - {"spaceship"}
    real = lambda g: {(a, b, k) for a, b, k in g.edges(keys=True) if "spaceship" not in (a, b)}  # noqa: E731
    assert real(imported.graph) == real(glossary.graph)
    assert imported.lookup("automobile") == "car"
    assert imported.graph.nodes["horseless-carriage"]["replaced_by_id"] == "car"


# ------------------------------------------------------------------ a vocabulary made elsewhere

@pytest.fixture(scope="module")
def foreign():
    return compile_skos(FOREIGN)


def test_foreign_vocabulary_imports_every_concept(foreign):
    names = sorted(r.data["term"] for r in foreign.records)
    # fish is untyped but used as a concept; c0042 has no label; whale has a relative IRI
    assert names == ["animal", "c0042", "fish", "mammal", "tree", "whale"]
    assert not foreign.errors
    by_name = {r.data["term"]: r.data for r in foreign.records}
    assert by_name["animal"]["short_def"] == "A living organism that feeds on organic matter."
    assert by_name["mammal"]["aliases"] == ["mammalian"]
    assert by_name["mammal"]["relationships"] == {"broader": ["animal"]}
    assert by_name["whale"]["status"] == "deprecated"
    assert by_name["whale"]["relationships"] == {"broader": ["mammal"], "related": ["fish"]}
    assert by_name["tree"]["long_def"] == "Woody perennial plants."
    assert by_name["mammal"]["categories"] == ["Pets"]  # from an ordered collection (memberList)
    assert by_name["c0042"]["categories"] == ["Animals"]  # stand-in: its scheme's name
    assert by_name["animal"]["license"] == "https://creativecommons.org/licenses/by/4.0/"  # the scheme's


def test_relative_iris_resolve_against_the_file(foreign):
    record = next(r for r in foreign.records if r.data["term"] == "whale")
    url = record.data["citations"][0]["url"]
    assert url == (FOREIGN.parent / "local" / "whale").resolve().as_uri()


def test_missing_fields_are_explicit_placeholders_and_warnings(foreign):
    by_name = {r.data["term"]: r.data for r in foreign.records}
    animal = by_name["animal"]
    assert "short_def" not in animal["placeholders"]
    assert {"roles", "long_def", "audiences.exec", "examples.do", "citations", "status"} <= set(animal["placeholders"])
    assert animal["long_def"] == PLACEHOLDER.format(what="long definition")
    assert animal["audiences"]["exec"].startswith("TODO:")
    warned = {p.terms[0] for p in foreign.problems if p.code == "placeholder"}
    assert len(warned) == 6 and all(p.severity == "warning" for p in foreign.problems if p.code == "placeholder")
    notes = " ".join(p.message for p in foreign.problems)
    assert "named from its IRI" in notes and "other languages (de)" in notes
    assert "without rdf:type skos:Concept" in notes and "skos:exactMatch" in notes
    located = [p for p in foreign.locate_problems() if "c0042" in p.path]
    assert located and all(p.line == 29 for p in located)  # the line of ex:c0042 in vocab.ttl


def test_written_files_validate_with_warnings_only_and_export_leaves_placeholders_out(tmp_path, capsys):
    out = tmp_path / "terms"
    assert main(["import", str(FOREIGN), "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "animal.yml", "c0042.yml", "fish.yml", "mammal.yml", "tree.yml", "whale.yml"]
    capsys.readouterr()
    assert main(["validate", str(out)]) == 0
    report = capsys.readouterr()
    assert "placeholder values" in report.out and "0 error(s), 6 warning(s)" in report.err
    assert main(["validate", str(out), "--strict"]) == 1
    graph = to_rdflib(compile_glossary(out), CONFIG)
    assert "TODO" not in " ".join(str(o) for o in graph.objects())
    first = to_rdflib(compile_glossary(out), CONFIG)
    assert isomorphic(graph, first)


def test_language_and_scheme_options(tmp_path):
    german = compile_skos(FOREIGN, language="de")
    names = sorted(r.data["term"] for r in german.records)
    assert "Tier" in names and "Säugetier" in names and "tree" in names
    tier = next(r.data for r in german.records if r.data["term"] == "Tier")
    assert tier["short_def"] == "Ein Lebewesen."
    plants = compile_skos(FOREIGN, scheme="http://example.org/animals/plants")
    assert [r.data["term"] for r in plants.records] == ["tree"]
    out = tmp_path / "de"
    assert main(["import", str(FOREIGN), "-o", str(out), "--language", "de", "-q"]) == 0
    assert (out / "saugetier.yml").exists()
    assert yaml.safe_load((out / "saugetier.yml").read_text("utf-8"))["term"] == "Säugetier"


def test_unknown_scheme_is_an_error_listing_the_schemes(capsys, tmp_path):
    assert main(["import", str(FOREIGN), "-o", str(tmp_path / "x"), "--scheme", "http://nope.example/"]) == 1
    err = capsys.readouterr().err
    assert "no concepts in scheme" in err and "http://example.org/animals/plants" in err
    assert not (tmp_path / "x").exists()


def test_duplicate_labels_get_distinct_names(tmp_path):
    source = tmp_path / "dupes.ttl"
    source.write_text("""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/a/bank> a skos:Concept ; skos:prefLabel "bank"@en .
<http://example.org/b/bank> a skos:Concept ; skos:prefLabel "Bank"@en ; skos:related <http://example.org/a/bank> .
""")
    glossary = compile_skos(source)
    # concepts are taken in IRI order: the first keeps the label, the second is qualified
    assert sorted(r.data["term"] for r in glossary.records) == ["Bank (bank)", "bank"]
    assert any(p.code == "import-duplicate-label" for p in glossary.problems)
    assert not glossary.errors
    bank = next(r.data for r in glossary.records if r.data["term"] == "Bank (bank)")
    assert bank["relationships"]["related"] == ["bank"]
    assert glossary.graph.has_edge("bank", "bank-bank", key="related")


def test_jsonld_and_rdfxml_sources(tmp_path):
    glossary = compile_skos(FOREIGN)
    for fmt, suffix in (("jsonld", ".jsonld"), ("rdfxml", ".rdf"), ("nt", ".nt")):
        path = tmp_path / f"v{suffix}"
        path.write_bytes(serialize(glossary, fmt, CONFIG))
        again = compile_skos(path)
        assert sorted(r.data["term"] for r in again.records) == sorted(r.data["term"] for r in glossary.records)


# ------------------------------------------------------------------ bad input

@pytest.mark.parametrize("name, args, message", [
    ("not-rdf.txt", [], "not-rdf.txt:1: not valid Turtle"),
    ("broken.ttl", [], "broken.ttl:3: not valid Turtle"),
    ("concept.ttl", ["--format", "rdfxml"], "it reads as Turtle: pass --format ttl"),
    ("concept.ttl", ["--format", "jsonld"], "not valid JSON-LD"),
    ("no-concepts.ttl", [], "no SKOS concepts"),
    ("empty.ttl", [], "the file is empty"),
    ("remote-context.jsonld", [], "remote context"),
    ("does-not-exist.ttl", [], "no such file"),
])
def test_bad_input_message_exit_1_and_no_output(tmp_path, name, args, message):
    out = tmp_path / "terms"
    run = subprocess.run([sys.executable, "-m", "graph", "import", str(BAD / name), "-o", str(out), *args],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert message in run.stderr and str(BAD / name) in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert not out.exists() and list(tmp_path.iterdir()) == []  # no partial or temporary files


def test_unknown_format_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["import", str(BAD / "concept.ttl"), "--format", "turtle2", "-o", str(tmp_path / "x")])
    assert info.value.code == 2
    assert not (tmp_path / "x").exists()


def test_existing_term_folder_is_refused_unless_forced(tmp_path, capsys):
    out = tmp_path / "terms"
    out.mkdir()
    (out / "animal.yml").write_text("keep me\n")
    assert main(["import", str(FOREIGN), "-o", str(out), "-q"]) == 1
    assert "--force" in capsys.readouterr().err
    assert (out / "animal.yml").read_text() == "keep me\n" and len(list(out.iterdir())) == 1
    assert main(["import", str(FOREIGN), "-o", str(out), "-q", "--force"]) == 0
    assert yaml.safe_load((out / "animal.yml").read_text())["term"] == "animal"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["import", str(FOREIGN), "-o", str(empty), "-q"]) == 0
    assert len(list(empty.iterdir())) == 6


def test_rdfxml_external_entities_are_not_read():
    """An XML entity naming a local file must not pull that file into the glossary."""
    glossary = compile_skos(BAD / "external-entity.rdf")
    assert [r.data["term"] for r in glossary.records] == ["a  b"]  # the entity expanded to nothing


def test_a_definition_too_long_for_short_def_goes_to_long_def(tmp_path):
    text = "A definition that goes on. " * 20
    source = tmp_path / "long.ttl"
    source.write_text('@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                      f'<http://example.org/x> a skos:Concept ; skos:prefLabel "x"@en ; skos:definition "{text}"@en .\n')
    glossary = compile_skos(source)
    assert not glossary.errors
    data = glossary.records[0].data
    assert data["long_def"] == text and "short_def" in data["placeholders"]
    assert any("longer than 320" in p.message for p in glossary.problems)


def test_unwritable_output_is_a_message_not_a_traceback(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    for command in (["import", str(FOREIGN), "-o", str(blocker / "terms")],
                    ["export", str(SCENARIOS / "skos-edge-cases"), "-o", str(blocker / "v.ttl")]):
        run = subprocess.run([sys.executable, "-m", "graph", *command], capture_output=True, text=True, cwd=ROOT)
        assert run.returncode == 1 and "Traceback" not in run.stderr
        assert "cannot write" in run.stderr and str(blocker) in run.stderr


def test_import_says_whether_concept_iris_survive_an_export(tmp_path, foreign):
    notes = [p.message for p in foreign.problems if p.code == "import-iris"]
    assert notes == ["of 6 concept IRIs 5 are <http://example.org/animals/> + slug (export with base_iri = "
                     "'http://example.org/animals/' to keep those); 1 will change on export, which mints "
                     "base_iri + slug of the name"]
    source = tmp_path / "ours.ttl"
    source.write_bytes(serialize(compile_glossary(SCENARIOS / "skos-edge-cases"), "ttl", CONFIG))
    notes = [p.message for p in compile_skos(source).problems if p.code == "import-iris"]
    assert notes == [f"concept IRIs are <{CONFIG.base_iri}> + slug: export with base_iri = "
                     f"'{CONFIG.base_iri}' to keep them"]
