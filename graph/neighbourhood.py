"""k-hop neighbourhoods: the shared core of ``show``, the HTML views and the notebook API."""
from __future__ import annotations

from typing import Iterable

import networkx as nx

from .resolve import RELATIONS


def hops(graph: nx.MultiDiGraph, center: str, depth: int = 1,
         relations: Iterable[str] = RELATIONS) -> dict[str, int]:
    """Distance in hops from ``center`` to every node reachable over ``relations``.

    Each relation is followed in its own direction: ``broader`` only climbs, ``narrower`` only
    descends. Inverse edges are materialised when the graph is built, so choosing both
    reaches every linked term whichever side wrote the link.
    """
    wanted = set(relations)
    seen = {center: 0}
    frontier = [center]
    for distance in range(1, depth + 1):
        nxt = []
        for node in frontier:
            for _, other, rel in graph.out_edges(node, data="relation"):
                if rel in wanted and other not in seen:
                    seen[other] = distance
                    nxt.append(other)
        frontier = sorted(nxt)
    return seen


def neighbourhood(graph: nx.MultiDiGraph, center: str, depth: int = 1,
                  relations: Iterable[str] = RELATIONS) -> nx.MultiDiGraph:
    """The subgraph within ``depth`` hops, keeping only edges of the chosen relations.

    Nodes carry an extra ``hops`` attribute; the caller's graph is not modified.
    """
    relations = tuple(relations)
    distance = hops(graph, center, depth, relations)
    sub = nx.MultiDiGraph()
    for node in sorted(distance):
        sub.add_node(node, **graph.nodes[node], hops=distance[node])
    for source, target, key, attrs in graph.edges(sorted(distance), keys=True, data=True):
        if target in distance and attrs.get("relation") in relations:
            sub.add_edge(source, target, key=key, **attrs)
    return sub
