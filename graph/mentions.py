"""Find where one term's definition names another term: the raw material of candidate links.

Comparing every definition with every name (a regex per pair) is quadratic and takes minutes at
10,000 terms. Instead, names and unambiguous aliases become word sequences: one-word names sit in
a dict from word (and its plural forms) to terms, so a set intersection with a definition's words
finds them at C speed; longer names are indexed by their first word and compared only where that
word occurs. A one-word name inside a longer one ("retrieval" in "retrieval-augmented
generation") is not counted as a mention of its own.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from itertools import chain
from typing import Callable

from .quality import definition_words

FIELDS = ("short_def", "long_def")
_VOWELS = set("aeiou")


@lru_cache(maxsize=None)
def _variants(word: str) -> frozenset[str]:
    forms = {word, word + "s"}
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(word + "es")
    if len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS:
        forms.add(word[:-1] + "ies")
    return frozenset(forms)


class PhraseIndex:
    """Names and aliases as word sequences, built once per glossary.

    One-word names: word form -> term ids. Longer names: (first word, second word form) -> the
    remaining words (middle words, forms of the last) and the term id, so a definition's word
    pairs, intersected with the keys as a set, give the only places worth a closer look.
    """

    def __init__(self, glossary, min_chars: int = 4):
        index = glossary.resolution.index
        single: dict[str, set[str]] = defaultdict(set)
        multi: dict[tuple[str, str], set[tuple[tuple[str, ...], frozenset[str] | None, str]]] = defaultdict(set)
        for term_id, name in index.labels.items():
            texts = [name]
            for alias in index.alias_texts.get(term_id, ()):
                # an alias shared by several terms, or that is another term's name, names nobody
                if index.lookup(alias) == term_id:
                    texts.append(alias)
            for text in texts:
                words = tuple(definition_words(text))
                if not words or sum(map(len, words)) < min_chars:
                    continue
                if len(words) == 1:
                    for form in _variants(words[0]):
                        single[form].add(term_id)
                elif len(words) == 2:
                    for form in _variants(words[1]):
                        multi[(words[0], form)].add(((), None, term_id))
                else:
                    multi[(words[0], words[1])].add((words[2:-1], _variants(words[-1]), term_id))
        self.single = {w: sorted(ids) for w, ids in single.items()}
        self.multi = {k: sorted(v, key=lambda e: (len(e[0]), e[2])) for k, v in multi.items()}
        self.single_keys = frozenset(self.single)
        self.multi_keys = frozenset(self.multi)

    def find(self, words: list[str]) -> set[str]:
        """Ids of the terms named in ``words`` (longer names win over the words inside them)."""
        found: set[str] = set()
        covered: set[int] = set()
        pairs = self.multi_keys.intersection(zip(words, words[1:]))
        if pairs:
            n = len(words)
            for i in range(n - 1):
                pair = (words[i], words[i + 1])
                if pair not in pairs:
                    continue
                for middle, last, term_id in self.multi[pair]:
                    if last is None:
                        end = i + 2
                    else:
                        end = i + 2 + len(middle)
                        if end >= n or words[end] not in last or tuple(words[i + 2:end]) != middle:
                            continue
                        end += 1
                    found.add(term_id)
                    covered.update(range(i, end))
        hits = self.single_keys.intersection(words)
        if covered:
            hits = [word for word in hits
                    if not all(j in covered for j, w in enumerate(words) if w == word)]  # inside a longer name
        found.update(chain.from_iterable(map(self.single.__getitem__, hits)))
        return found


def find_mentions(glossary, min_chars: int = 4,
                  words: Callable[[str, str], list[str]] | None = None) -> dict[str, dict[str, set[str]]]:
    """``{source: {field: {target, ...}}}``: the terms each term's definition fields name.

    A term never mentions itself; ``words(term_id, field)`` may supply already tokenised texts.
    """
    phrases = PhraseIndex(glossary, min_chars)
    terms = glossary.resolution.terms
    if words is None:
        def words(term_id: str, field_name: str) -> list[str]:
            text = terms[term_id].data.get(field_name)
            return definition_words(text) if isinstance(text, str) else []
    found: dict[str, dict[str, set[str]]] = {}
    for source in terms:
        for field_name in FIELDS:
            targets = phrases.find(words(source, field_name))
            targets.discard(source)
            if targets:
                found.setdefault(source, {})[field_name] = targets
    return found


# ----------------------------------------------------------------- in a second process

#: Glossaries with at least this many terms scan their definitions in a forked process while
#: the other checks run (the scan is the costliest check: every word of every definition).
PARALLEL_FROM = 3000

_FORKED: tuple | None = None  # (glossary, min_chars), set just before the fork


def _scan_in_child() -> tuple[list[str], dict[int, dict[str, list[int]]]]:
    glossary, min_chars = _FORKED
    found = find_mentions(glossary, min_chars)
    ids = sorted(glossary.resolution.terms)
    number = {term_id: n for n, term_id in enumerate(ids)}
    # term ids as numbers: a tenth of the bytes to send back
    return ids, {number[source]: {f: sorted(number[t] for t in targets) for f, targets in fields.items()}
                 for source, fields in found.items()}


class MentionScan:
    """:func:`find_mentions` started early in a forked process (when worth it and safe), so the
    parent can run other checks meanwhile; ``result()`` falls back to scanning in-process."""

    def __init__(self, glossary, min_chars: int = 4, parallel_from: int = PARALLEL_FROM):
        self.glossary, self.min_chars = glossary, min_chars
        self.pool = self.future = None
        if len(glossary.resolution.terms) >= parallel_from and _can_fork():
            global _FORKED
            try:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                _FORKED = (glossary, min_chars)
                self.pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
                self.future = self.pool.submit(_scan_in_child)
            except (OSError, ValueError):  # no processes available here: scan in-process
                self._close()

    def result(self) -> dict[str, dict[str, set[str]]]:
        if self.future is not None:
            try:
                ids, found = self.future.result()
                return {ids[s]: {f: {ids[t] for t in targets} for f, targets in fields.items()}
                        for s, fields in found.items()}
            except Exception:  # a broken worker must not lose the check: do it here instead
                pass
            finally:
                self._close()
        return find_mentions(self.glossary, self.min_chars)

    def _close(self) -> None:
        global _FORKED
        _FORKED = None
        if self.pool is not None:
            self.pool.shutdown(wait=True)
        self.pool = self.future = None


def _can_fork() -> bool:
    import multiprocessing
    import os
    import threading

    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return False  # forking a threaded process (a Jupyter kernel, a server) is unsafe
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cpus > 1
