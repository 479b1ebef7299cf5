"""hierarchy.related_clashes (SKOS S27) and ancestors, shared by the export and the checks."""
from __future__ import annotations

import networkx as nx

from graph.hierarchy import ancestors, related_clashes


def make(nodes, broader=(), related=(), missing=()):
    graph = nx.MultiDiGraph()
    for node in nodes:
        graph.add_node(node, missing=node in missing)
    for child, parent in broader:  # with the inferred inverse, as build_graph makes it
        graph.add_edge(child, parent, key="broader")
        graph.add_edge(parent, child, key="narrower")
    for a, b in related:
        graph.add_edge(a, b, key="related")
        graph.add_edge(b, a, key="related")
    return graph


def test_related_to_an_ancestor_or_descendant_clashes_siblings_do_not():
    graph = make("abcde", broader=[("b", "a"), ("c", "b"), ("d", "a")],
                 related=[("c", "a"), ("b", "c"), ("c", "d"), ("e", "a")])
    assert related_clashes(graph) == [("a", "c"), ("b", "c")]


def test_cycles_are_handled():
    graph = make("abcx", broader=[("a", "b"), ("b", "c"), ("c", "a"), ("x", "a")],
                 related=[("a", "c"), ("x", "b")])
    assert related_clashes(graph) == [("a", "c"), ("b", "x")]
    assert ancestors(graph)["x"] == {"a", "b", "c"}
    assert ancestors(graph)["a"] == {"a", "b", "c"}


def test_missing_terms_are_ignored():
    graph = make("abm", broader=[("b", "m"), ("m", "a")], related=[("a", "b")], missing={"m"})
    assert related_clashes(graph) == []


def test_matches_a_search_per_pair_on_a_random_graph():
    import random
    rng = random.Random(7)
    nodes = [f"n{i}" for i in range(300)]
    broader = [(nodes[i], nodes[rng.randrange(i)]) for i in range(1, 300) for _ in range(rng.randrange(3))]
    related = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(400)]
    related = [(a, b) for a, b in related if a != b]
    graph = make(nodes, broader, related)
    tree = nx.DiGraph(broader)
    expected = sorted({tuple(sorted((a, b))) for a, b in related
                       if (a in tree and b in nx.descendants(tree, a)) or (b in tree and a in nx.descendants(tree, b))})
    assert related_clashes(graph) == expected
