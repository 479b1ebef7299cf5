"""The NetworkX graph: one node per term (every field kept), typed and inferred edges."""
from __future__ import annotations

import networkx as nx

from .resolve import INVERSE, Resolution
from .textkeys import slugify


def build_graph(resolution: Resolution) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` whose node ids are slugs and whose edge keys are relation names.

    Node attributes are the term's fields plus ``label``, ``file``, ``line`` and ``missing``;
    unresolved link targets are nodes with ``missing=True`` so gaps stay visible. Every edge
    carries ``relation`` and ``inferred``: an asserted ``A broader B`` also yields an inferred
    ``B narrower A``, and ``related`` is made symmetric.
    """
    graph = nx.MultiDiGraph()
    for term_id in sorted(resolution.terms):
        record = resolution.terms[term_id]
        attrs = dict(record.data)
        attrs.update(label=record.data["term"], file=record.file, line=record.line, missing=False)
        if term_id in resolution.replaced_by:
            attrs["replaced_by_id"] = resolution.replaced_by[term_id]
        graph.add_node(term_id, **attrs)
    for miss_id in sorted(resolution.missing):
        miss = resolution.missing[miss_id]
        graph.add_node(miss_id, label=miss.label, missing=True,
                       referenced_by=sorted({source for source, _ in miss.referenced_by}))

    asserted = {(link.source, link.target if link.target is not None else slugify(link.text), link.relation)
                for link in resolution.links}
    inferred = {(t, s, INVERSE[r]) for s, t, r in asserted} - asserted
    for edges, was_inferred in ((asserted, False), (inferred, True)):
        for s, t, r in sorted(edges):  # add_edge: ~3x faster than add_edges_from with keys
            graph.add_edge(s, t, key=r, relation=r, inferred=was_inferred)
    return graph

