"""Our own glossary (data/terms) and the real-world corpus compile as promised."""
from __future__ import annotations

import networkx as nx
import yaml

from graph.glossary import compile_glossary
from graph.stats import glossary_stats

from conftest import DATA


def test_shipped_glossary_is_clean_connected_and_deep():
    glossary = compile_glossary(DATA)
    assert glossary.problems == []
    stats = glossary_stats(glossary)
    assert stats["terms"] >= 40 and stats["missing_terms"] == 0
    assert stats["connected_components"] == 1
    assert stats["hierarchy_depth"] >= 3
    graph = glossary.graph
    for name in ("loss function", "gradient descent", "regularization", "bias-variance tradeoff",
                 "evaluation", "overfitting", "knowledge graph", "ontology", "SKOS", "thesaurus",
                 "controlled vocabulary"):
        assert glossary.lookup(name) in graph


def test_shipped_links_are_declared_both_ways():
    graph = compile_glossary(DATA).graph
    inferred = [(s, t, r) for s, t, r, i in graph.edges(keys=True, data="inferred") if i]
    assert inferred == []


def test_shipped_files_are_named_after_their_slug():
    for path in DATA.glob("*.yml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        from graph.textkeys import slugify
        assert path.stem == slugify(data["term"])


def test_corpus_loads_with_zero_errors_and_known_gaps(corpus):
    glossary = compile_glossary(corpus)
    assert len(glossary.resolution.terms) == 112
    assert glossary.errors == []
    # independent count: link values whose loose key matches no term name or alias
    from graph.textkeys import match_key
    docs = [yaml.safe_load(p.read_text("utf-8")) for p in sorted(corpus.glob("*.yml"))]
    keys = {match_key(d["term"]) for d in docs} | {match_key(a) for d in docs for a in d["aliases"]}
    values = [v for d in docs for r in ("broader", "narrower", "related")
              for v in (d["relationships"].get(r) or [])]
    expected_unresolved = sum(match_key(v) not in keys for v in values)
    unresolved = [p for p in glossary.problems if p.code == "unresolved-link"]
    assert len(unresolved) == expected_unresolved == 56
    assert len(values) == len(glossary.resolution.links) == 522
    shared = {p.message for p in glossary.problems if p.code == "shared-alias"}
    assert shared == {"alias 'supervised fine-tuning' is shared by 'fine-tuning', 'instruction tuning'"}
    missing = [n for n, m in glossary.graph.nodes(data="missing") if m]
    assert "incident-response" in missing
    assert nx.number_weakly_connected_components(glossary.graph) >= 1
