"""Turn link text into term ids: by name, alias or slug, ignoring case and punctuation.

What cannot be resolved is kept (as a *missing* term) rather than dropped, because the gaps
of a glossary are what its maintainers most need to see.
"""
from __future__ import annotations

import difflib
import heapq
import re
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from .errors import ERROR, WARNING, GlossaryError, Problem
from .loading import Record
from .textkeys import match_key, slugify

log = logging.getLogger(__name__)

RELATIONS = ("broader", "narrower", "related")
#: Trigrams per word used to shortlist "did you mean" candidates.
RAREST_GRAMS = 8
#: Candidates compared in full (difflib) per suggestion.
SHORTLIST = 30
INVERSE = {"broader": "narrower", "narrower": "broader", "related": "related"}


@dataclass(slots=True)
class Link:
    """One relationship value as written, and what it resolved to."""

    source: str
    relation: str
    text: str
    position: int
    target: str | None = None


@dataclass
class MissingTerm:
    """A link target that no term defines: a candidate for the next term to write."""

    id: str
    label: str
    referenced_by: list[tuple[str, str]] = field(default_factory=list)  # (term id, relation)


class TermIndex:
    """Lookup of term ids by name, slug or alias; also the source of "did you mean" hints."""

    def __init__(self):
        self.names: dict[str, str] = {}
        self.aliases: dict[str, list[str]] = defaultdict(list)
        self.labels: dict[str, str] = {}  # id -> preferred name
        self.alias_texts: dict[str, list[str]] = {}
        self._grams: dict[str, set[str]] | None = None
        self._choices: dict[str, str] | None = None

    def add(self, term_id: str, name: str, aliases: list[str]) -> None:
        self.labels[term_id] = name
        self.alias_texts[term_id] = list(aliases)
        self.names[match_key(name)] = term_id
        self.names.setdefault(match_key(term_id), term_id)
        own = match_key(name)
        for alias in aliases:
            key = match_key(alias)
            if key and key != own and term_id not in self.aliases[key]:
                self.aliases[key].append(term_id)

    def lookup(self, text: str) -> str | None:
        """The id ``text`` names, or None when it names nothing or is an ambiguous alias."""
        key = match_key(text)
        term_id = self.names.get(key)
        if term_id is not None:
            return term_id
        owners = self.aliases.get(key)
        return owners[0] if owners and len(owners) == 1 else None

    def owners(self, text: str) -> list[str]:
        """Every id whose alias is ``text`` (more than one means ambiguous)."""
        return list(self.aliases.get(match_key(text), ()))

    def get(self, text: str) -> str:
        """Like :meth:`lookup` but raises with suggestions when nothing matches."""
        term_id = self.lookup(text)
        if term_id is None:
            owners = self.owners(text)
            if owners:
                raise GlossaryError(f"{text!r} is an alias of several terms: " + ", ".join(
                    repr(self.labels[o]) for o in owners), hint="use the term's own name")
            raise GlossaryError(f"no term named {text!r}", hint=self.suggest(text) or None)
        return term_id

    def suggest(self, text: str, n: int = 3) -> str:
        """``did you mean 'x' or 'y'?`` using a trigram pre-filter, so it stays fast at 10k terms."""
        if self._grams is None:
            self._build_grams()
        key = _spaced(text)
        scores: dict[str, int] = defaultdict(int)
        # score by the rarest trigrams only: common ones ("ion", " th") are shared by thousands
        # of names and would make each suggestion cost a scan of the whole glossary
        postings = sorted((self._grams.get(gram, ()) for gram in _trigrams(key)), key=len)
        for choices in postings[:RAREST_GRAMS]:
            for choice in choices:
                scores[choice] += 1
        shortlist = heapq.nsmallest(SHORTLIST, scores, key=lambda c: (-scores[c], c))
        ratios = {c: difflib.SequenceMatcher(None, key, c).ratio() for c in shortlist}
        picks = []
        for choice in sorted((c for c in shortlist if ratios[c] >= 0.65), key=lambda c: (-ratios[c], c)):
            label = self._choices[choice]
            if label not in picks:
                picks.append(label)
            if len(picks) == n:
                break
        return ("did you mean " + " or ".join(repr(p) for p in picks) + "?") if picks else ""

    def _build_grams(self) -> None:
        self._choices = {}
        for term_id, label in self.labels.items():
            self._choices.setdefault(_spaced(label), label)
        for term_id, aliases in self.alias_texts.items():
            for alias in aliases:
                if len(self.owners(alias)) == 1:
                    self._choices.setdefault(_spaced(alias), self.labels[term_id])
        self._grams = defaultdict(set)
        for key in self._choices:
            for gram in _trigrams(key):
                self._grams[gram].add(key)


def _spaced(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


_WORDS = re.compile(r"[^\W_]+")


def _trigrams(key: str) -> set[str]:
    padded = f"  {key} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


@dataclass
class Resolution:
    """Terms by id, every link with its target, missing terms, and what went wrong."""

    terms: dict[str, Record]
    links: list[Link]
    missing: dict[str, MissingTerm]
    index: TermIndex
    problems: list[Problem]
    replaced_by: dict[str, str] = field(default_factory=dict)


def resolve(records: list[Record]) -> Resolution:
    """Index the terms, then resolve every broader/narrower/related value and ``replaced_by``."""
    index = TermIndex()
    problems: list[Problem] = []
    terms: dict[str, Record] = {}
    by_key: dict[str, str] = {}
    for record in records:
        name = record.term
        if not name or not name.strip():
            continue  # already a schema error
        term_id = slugify(name)
        key = match_key(name)
        first = terms.get(term_id) or terms.get(by_key.get(key, ""))
        if first is not None:
            problems.append(Problem(
                ERROR, "duplicate-term", f"term {name!r} is already defined in {first.file}",
                file=record.file, line=record.line, path="term", terms=(term_id,),
                hint="merge the two files or rename one term"))
            continue
        terms[term_id] = record
        by_key[key] = term_id
        aliases = record.data.get("aliases")
        index.add(term_id, name, [a for a in aliases if isinstance(a, str)] if isinstance(aliases, list) else [])

    problems.extend(_alias_problems(index, terms))
    links: list[Link] = []
    missing: dict[str, MissingTerm] = {}
    replaced_by: dict[str, str] = {}
    for term_id, record in terms.items():
        rels = record.data.get("relationships")
        if isinstance(rels, dict):
            for relation in RELATIONS:
                values = rels.get(relation)
                if not isinstance(values, list):
                    continue
                for position, text in enumerate(values):
                    if not isinstance(text, str) or not text.strip():
                        continue
                    link = Link(term_id, relation, text, position, index.lookup(text))
                    if link.target == term_id:
                        problems.append(Problem(
                            WARNING, "self-link", f"{relation} link points at the term itself",
                            file=record.file, path=f"relationships.{relation}[{position}]",
                            terms=(term_id,), hint="remove it"))
                        continue
                    if link.target is None:
                        problems.append(_unresolved(index, record, term_id, link))
                        miss = missing.setdefault(slugify(text), MissingTerm(slugify(text), text))
                        miss.referenced_by.append((term_id, relation))
                    links.append(link)
        successor = record.data.get("replaced_by")
        if isinstance(successor, str) and successor.strip():
            target = index.lookup(successor)
            if target is None or target == term_id:
                problems.append(Problem(
                    WARNING, "unresolved-replaced-by", f"replaced_by names no other term: {successor!r}",
                    file=record.file, path="replaced_by", terms=(term_id,),
                    hint=lambda s=successor: index.suggest(s)))
            else:
                replaced_by[term_id] = target
    log.debug("resolved %d links, %d unresolved", len(links), sum(l.target is None for l in links))
    return Resolution(terms, links, missing, index, problems, replaced_by)


def _unresolved(index: TermIndex, record: Record, term_id: str, link: Link) -> Problem:
    owners = index.owners(link.text)
    path = f"relationships.{link.relation}[{link.position}]"
    if len(owners) > 1:
        names = " and ".join(repr(index.labels[o]) for o in owners)
        return Problem(WARNING, "ambiguous-link", f"{link.text!r} is an alias of {names}",
                       file=record.file, path=path, terms=(term_id,), hint="link to the term's own name")
    return Problem(WARNING, "unresolved-link", f"{link.relation} link to {link.text!r}: no such term",
                   file=record.file, path=path, terms=(term_id,),
                   hint=lambda: index.suggest(link.text) or "write the missing term, or fix the link")


def _alias_problems(index: TermIndex, terms: dict[str, Record]) -> list[Problem]:
    problems = []
    for key, owners in index.aliases.items():
        if len(owners) > 1:
            names = ", ".join(repr(index.labels[o]) for o in owners)
            for owner in owners:
                record = terms[owner]
                problems.append(Problem(
                    WARNING, "shared-alias", f"alias {_alias_text(record, key)!r} is shared by {names}",
                    file=record.file, path=f"aliases[{_alias_position(record, key)}]",
                    terms=(owner, *(o for o in owners if o != owner)),
                    hint="keep it on one term; links through it cannot be resolved"))
        named = index.names.get(key)
        if named is not None and named not in owners:
            for owner in owners:
                record = terms[owner]
                problems.append(Problem(
                    WARNING, "alias-is-term",
                    f"alias {_alias_text(record, key)!r} is also the name of term {index.labels[named]!r}",
                    file=record.file, path=f"aliases[{_alias_position(record, key)}]", terms=(owner, named),
                    hint="links with this text go to the term of that name; drop or change the alias"))
    return problems


def _alias_position(record: Record, key: str) -> int:
    for i, alias in enumerate(record.data.get("aliases") or []):
        if isinstance(alias, str) and match_key(alias) == key:
            return i
    return 0


def _alias_text(record: Record, key: str) -> str:
    return record.data["aliases"][_alias_position(record, key)]
