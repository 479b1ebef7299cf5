"""How term names become slugs (file names, node ids, IRIs) and matching keys (link lookup)."""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_NON_ALNUM_ASCII = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=1 << 17)  # link texts repeat: each term is linked to many times
def match_key(text: str) -> str:
    """Key under which links match: case, accents, spaces, hyphens and punctuation ignored.

    >>> match_key("Bias-variance trade-off") == match_key("bias variance tradeoff")
    True
    """
    if text.isascii():  # the common case, ~10x faster than Unicode folding
        return _NON_ALNUM_ASCII.sub("", text.lower())
    folded = unicodedata.normalize("NFKD", text).casefold()
    return _NON_WORD.sub("", "".join(c for c in folded if not unicodedata.combining(c)))


def slugify(text: str) -> str:
    """A stable, file-name and IRI safe id: lowercase words joined by hyphens.

    Never empty and never contains a path separator or dot segment, so a term named
    ``../../etc/passwd`` cannot escape an output folder.

    >>> slugify("Bias-Variance Tradeoff")
    'bias-variance-tradeoff'
    >>> slugify("../../etc/passwd")
    'etc-passwd'
    >>> slugify("Café au lait")
    'cafe-au-lait'
    """
    if text.isascii():
        slug = _NON_ALNUM_ASCII.sub("-", text.lower()).strip("-")
    else:
        folded = unicodedata.normalize("NFKD", text).casefold()
        folded = "".join(c for c in folded if not unicodedata.combining(c))
        slug = _NON_WORD.sub("-", folded).strip("-")
    if not slug:
        slug = "term-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return slug
