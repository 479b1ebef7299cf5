"""What ``glossary-graph build`` writes, as one list so every output is produced the same way."""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable

from .glossary import Glossary
from .graph_io import dumps_graphml, dumps_node_link
from .atomic import write_bytes

log = logging.getLogger(__name__)

#: (file name, function producing its bytes); later entries may be added by other modules.
EXPORTS: list[tuple[str, Callable[[Glossary], bytes]]] = [
    ("glossary.graph.json", lambda g: dumps_node_link(g.graph).encode("utf-8")),
    ("glossary.graphml", lambda g: dumps_graphml(g.graph)),
]

# SKOS/RDF (issue 3): Turtle and JSON-LD, scheme settings from the current folder's config
from .skos import export_jsonld, export_turtle  # noqa: E402

EXPORTS += [("glossary.ttl", export_turtle), ("glossary.jsonld", export_jsonld)]


def write_exports(glossary: Glossary, out_dir: str | os.PathLike) -> list[Path]:
    """Render every export first, then write each atomically: a failure leaves old files intact."""
    rendered = [(name, produce(glossary)) for name, produce in EXPORTS]
    written = []
    for name, data in rendered:
        path = write_bytes(Path(out_dir) / name, data)
        log.debug("wrote %s", path)
        written.append(path)
    return written
