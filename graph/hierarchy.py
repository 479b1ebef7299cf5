"""Structural facts about the broader/narrower hierarchy, shared by the SKOS export and the checks.

SKOS integrity condition S27 says ``skos:related`` is disjoint from the transitive closure of
``skos:broader``: a term may not be "related" to one of its own ancestors or descendants. The
export reports (and with ``--repair`` drops) such links; the quality report lists them (qSKOS
"rc"). Both use :func:`related_clashes` so they always agree.
"""
from __future__ import annotations

import networkx as nx

__all__ = ["broader_graph", "related_clashes"]


def broader_graph(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """The hierarchy among real terms as a ``DiGraph`` with an edge child -> parent.

    Written ``narrower`` links count too (the glossary graph holds their inferred ``broader``
    inverse). Missing link targets are left out: they are not concepts.
    """
    missing = graph.nodes(data="missing")
    hierarchy = nx.DiGraph()
    hierarchy.add_nodes_from(n for n, is_missing in missing if not is_missing)
    for source, target, key in graph.edges(keys=True):
        if key == "broader" and not missing[source] and not missing[target] and source != target:
            hierarchy.add_edge(source, target)
    return hierarchy


def related_clashes(graph: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """Related pairs where one term is a transitive broader (or narrower) term of the other.

    Returns each clashing pair once, as ``(a, b)`` with ``a < b``, sorted. Pairs involving a
    missing term are ignored. Cycles in the hierarchy are handled (every term on a cycle is an
    ancestor of the others).

    >>> g = nx.MultiDiGraph()
    >>> for n in "abc":
    ...     g.add_node(n, missing=False)
    >>> _ = g.add_edge("c", "b", key="broader"); _ = g.add_edge("b", "a", key="broader")
    >>> _ = g.add_edge("c", "a", key="related")
    >>> related_clashes(g)
    [('a', 'c')]
    """
    missing = graph.nodes(data="missing")
    pairs = set()
    for source, target, key in graph.edges(keys=True):
        if key == "related" and source != target and not missing[source] and not missing[target]:
            pairs.add((source, target) if source < target else (target, source))
    if not pairs:
        return []
    hierarchy = broader_graph(graph)
    ancestors: dict[str, set[str]] = {}

    def above(node: str) -> set[str]:
        found = ancestors.get(node)
        if found is None:
            found = ancestors[node] = nx.descendants(hierarchy, node) if node in hierarchy else set()
        return found

    return sorted((a, b) for a, b in pairs if b in above(a) or a in above(b))
