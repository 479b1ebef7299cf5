"""The NetworkX graph: fields kept, inverse edges inferred, writers lossless and deterministic."""
from __future__ import annotations

import io
import json

import networkx as nx

from graph.glossary import compile_glossary
from graph.graph_io import dumps_graphml, dumps_node_link, node_link_graph
from graph.loading import load_terms
from graph.neighbourhood import neighbourhood

from conftest import SCENARIOS


def test_every_field_is_kept_on_the_node():
    glossary = compile_glossary(SCENARIOS / "valid")
    record = load_terms([SCENARIOS / "valid" / "dog.yml"]).records[0]
    node = glossary.graph.nodes["dog"]
    for key, value in record.data.items():
        assert node[key] == value
    assert node["label"] == "dog" and node["missing"] is False and node["file"].endswith("dog.yml")


def test_inverse_edges_are_inferred_and_marked():
    graph = compile_glossary(SCENARIOS / "valid").graph
    # animal lists mammal as narrower and mammal lists animal as broader: both asserted
    assert graph.edges["animal", "mammal", "narrower"]["inferred"] is False
    assert graph.edges["mammal", "animal", "broader"]["inferred"] is False
    # dog says broader mammal; mammal never says narrower dog: inferred
    assert graph.edges["mammal", "dog", "narrower"]["inferred"] is True
    # related is symmetric
    assert graph.edges["cat", "dog", "related"]["inferred"] is False
    assert graph.edges["mammal", "bird", "related"]["inferred"] is False
    assert graph.edges["bird", "mammal", "related"]["inferred"] is True
    assert isinstance(graph, nx.MultiDiGraph)
    for _, _, key, attrs in graph.edges(keys=True, data=True):
        assert key == attrs["relation"]


def test_node_link_round_trip_is_lossless():
    graph = compile_glossary(SCENARIOS / "valid").graph
    back = node_link_graph(json.loads(dumps_node_link(graph)))
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True)) == sorted(graph.edges(keys=True, data=True))


def test_graphml_is_flat_and_readable():
    graph = compile_glossary(SCENARIOS / "valid").graph
    back = nx.read_graphml(io.BytesIO(dumps_graphml(graph)), force_multigraph=True)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    dog = back.nodes["dog"]
    assert dog["aliases"] == "canine; hound"
    assert dog["audiences.exec"] == "For leaders."
    assert dog["citations.url"] == "https://example.org/dog"
    assert back.nodes["purring-thing"]["missing"] is True


def test_writers_are_deterministic():
    a = compile_glossary(SCENARIOS / "valid").graph
    b = compile_glossary(SCENARIOS / "valid").graph
    assert dumps_node_link(a) == dumps_node_link(b)
    assert dumps_graphml(a) == dumps_graphml(b)


def test_neighbourhood_counts_hops_over_chosen_relations():
    graph = compile_glossary(SCENARIOS / "valid").graph
    one = neighbourhood(graph, "dog", depth=1)
    assert set(one) == {"dog", "mammal", "cat"}
    two = neighbourhood(graph, "dog", depth=2)
    assert set(two) == {"dog", "mammal", "cat", "animal", "bird", "purring-thing"}
    assert two.nodes["animal"]["hops"] == 2
    hierarchy_only = neighbourhood(graph, "dog", depth=2, relations=("broader", "narrower"))
    assert set(hierarchy_only) == {"dog", "mammal", "animal", "cat"}
    assert all(r != "related" for _, _, r in hierarchy_only.edges(data="relation"))
    assert set(neighbourhood(graph, "dog", depth=2, relations=("broader",))) == {"dog", "mammal", "animal"}
    assert set(neighbourhood(graph, "animal", depth=1, relations=("narrower",))) == {"animal", "mammal", "bird"}
    assert "hops" not in graph.nodes["dog"]  # the caller's graph is untouched
