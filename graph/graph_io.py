"""Graph files for other tools: node-link JSON (lossless) and GraphML (flat, for Gephi/Cytoscape)."""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import networkx as nx

from .atomic import write_bytes, write_text

LIST_SEPARATOR = "; "


def node_link_data(graph: nx.MultiDiGraph) -> dict:
    """Lossless, JSON-ready data with nodes and edges in a stable order."""
    data = nx.node_link_data(graph, edges="edges")
    data["nodes"].sort(key=lambda n: n["id"])
    data["edges"].sort(key=lambda e: (e["source"], e["target"], e["key"]))
    return data


def node_link_graph(data: dict) -> nx.MultiDiGraph:
    """Inverse of :func:`node_link_data`."""
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")


def dumps_node_link(graph: nx.MultiDiGraph) -> str:
    return json.dumps(node_link_data(graph), ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def write_node_link(graph: nx.MultiDiGraph, path: str | os.PathLike) -> Path:
    return write_text(path, dumps_node_link(graph))


def flatten_attributes(attrs: dict) -> dict:
    """GraphML holds scalars only: nested mappings become dotted keys, lists joined text."""
    flat: dict = {}

    def put(key: str, value) -> None:
        if value is None:
            return
        if isinstance(value, dict):
            for sub, inner in value.items():
                put(f"{key}.{sub}", inner)
        elif isinstance(value, list):
            if value and all(isinstance(v, dict) for v in value):
                fields = sorted({k for v in value for k in v})
                for name in fields:
                    put(f"{key}.{name}", [v.get(name, "") for v in value])
            else:
                flat[key] = LIST_SEPARATOR.join(str(v) for v in value)
        elif isinstance(value, (bool, int, float, str)):
            flat[key] = value
        else:
            flat[key] = str(value)

    for key in sorted(attrs):
        put(key, attrs[key])
    return flat


def to_flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    flat = nx.MultiDiGraph()
    for node in sorted(graph.nodes):
        flat.add_node(node, **flatten_attributes(graph.nodes[node]))
    for source, target, key, attrs in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3]):
        flat.add_edge(source, target, key=key, **flatten_attributes(attrs))
    return flat


def dumps_graphml(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(to_flat_graph(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def write_graphml(graph: nx.MultiDiGraph, path: str | os.PathLike) -> Path:
    return write_bytes(path, dumps_graphml(graph))
