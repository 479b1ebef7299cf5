"""k-hop neighbourhoods: the shared core of ``show``, the HTML views and the notebook API."""
from __future__ import annotations

from typing import Iterable

import networkx as nx

from .resolve import RELATIONS


class LinkTable(dict):
    """node -> ((other, relation, inferred), ...), read from the graph once per node.

    A site build asks for the links of the same hub terms thousands of times; plain tuples are
    several times faster to walk than networkx's edge views.
    """

    def __init__(self, graph: nx.MultiDiGraph):
        super().__init__()
        self.graph = graph

    def __missing__(self, node: str) -> tuple:
        value = tuple((other, attrs.get("relation", key), bool(attrs.get("inferred")))
                      for other, keyed in self.graph.succ[node].items() for key, attrs in keyed.items())
        self[node] = value
        return value


def hops(graph: nx.MultiDiGraph, center: str, depth: int = 1,
         relations: Iterable[str] = RELATIONS, links: LinkTable | None = None) -> dict[str, int]:
    """Distance in hops from ``center`` to every node reachable over ``relations``.

    Each relation is followed in its own direction: ``broader`` only climbs, ``narrower`` only
    descends. Inverse edges are materialised when the graph is built, so choosing both
    reaches every linked term whichever side wrote the link. Pass a :class:`LinkTable` when
    asking about many centres of one graph.
    """
    links = links if links is not None else LinkTable(graph)
    wanted = set(relations)
    seen = {center: 0}
    frontier = [center]
    for distance in range(1, depth + 1):
        nxt = []
        for node in frontier:
            for other, rel, _ in links[node]:
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
