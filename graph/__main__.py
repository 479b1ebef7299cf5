"""``python -m graph`` is the same CLI as ``glossary-graph``."""
import sys

from .cli import main

sys.exit(main())
