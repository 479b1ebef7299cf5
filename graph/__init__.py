"""glossary-graph: compile a folder of YAML glossary terms into a NetworkX graph, SKOS and HTML.

>>> from graph import compile_glossary
>>> glossary = compile_glossary("data/terms")  # doctest: +SKIP
"""
from .errors import ERROR, INFO, WARNING, GlossaryError, Problem
from .glossary import Glossary, compile_glossary
from .neighbourhood import neighbourhood
from .explore import Explorer, load

__version__ = "0.1.0"

__all__ = [
    "ERROR", "INFO", "WARNING", "Glossary", "GlossaryError", "Problem", "compile_glossary",
    "neighbourhood", "__version__",
    "Explorer", "load",
]
