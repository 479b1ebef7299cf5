"""Vocabulary quality checks: what is broken or weak in a glossary, one finding per problem.

Every check is a plain function ``check_x(glossary, config=None) -> list[Problem]`` registered
in :data:`CHECKS` under its code: the qSKOS id where qSKOS names the issue (``oc``, ``dcc``,
``chr``, ``rc``, ``urc``, ``ol``, ``dlv``, ``ipl``, ``tchbc``, ``hr``, ``var``, ``ml``, ``el``,
``ud``), a descriptive id for the glossary-specific ones. :func:`run_checks` runs them all and
adds what the compiler already found (schema and YAML errors), so one call says everything.

Severity follows the W3C SKOS Reference: a violation of one of its integrity conditions (S13
disjoint label types, S14 one preferred label per language, S27 ``related`` disjoint from the
transitive hierarchy) makes the vocabulary inconsistent and is an *error*; everything qSKOS and
editorial practice only advise against (cycles and one-way links are legal SKOS) is a *warning*,
or *info* where it is a matter of taste.

The checks work on the compiled glossary (resolution and graph), not on YAML, so they also run on
a glossary imported from SKOS; the few that need what only RDF can express (several preferred
labels, language tags, explicit top concepts) have an RDF variant in :mod:`graph.quality_rdf`.
"""
from __future__ import annotations

import datetime as _dt
import logging
import re
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable

from .errors import ERROR, INFO, SEVERITY_RANK, WARNING, Problem
from .gcpause import gc_paused
from .resolve import INVERSE

log = logging.getLogger(__name__)

#: Definition fields compared by the text checks, in the order findings name them.
FIELDS_WITH_TEXT = ("short_def", "long_def")

# Categories, in the order reports list them.
CATEGORIES = ("format", "labels", "hierarchy", "relations", "structure", "documentation")


@dataclass
class QualityConfig:
    """Knobs of the checks; the defaults suit a hand-written glossary.

    ``today`` pins the date the staleness check compares with (None: the real date), so a report
    can be reproduced; ``only``/``skip`` select checks by code.
    """

    stale_after_days: int = 365
    today: _dt.date | None = None
    similar_definitions: float = 0.7
    min_mention_chars: int = 4
    only: frozenset[str] | None = None
    skip: frozenset[str] = frozenset()
    #: scan definitions for mentions in a second process from this many terms (None: default)
    parallel_from: int | None = None
    #: an rdflib Graph when the glossary was imported from SKOS: label checks then read the RDF
    rdf: object | None = None
    rdf_file: str | None = None
    #: term id -> concept IRI of a glossary imported from SKOS (names the concept in findings)
    rdf_iris: dict[str, str] | None = None

    def wants(self, code: str) -> bool:
        return code not in self.skip and (self.only is None or code in self.only)


DEFAULT_CONFIG = QualityConfig()


@dataclass(frozen=True)
class CheckInfo:
    """A registered check: its code, what it is called, where it belongs, how bad it is."""

    code: str
    title: str
    category: str
    severity: str
    func: Callable
    description: str
    qskos: bool = False
    #: codes of compiler problems this check reports itself (so they are not listed twice)
    covers: tuple[str, ...] = ()
    #: variant reading an rdflib graph, used instead of ``func`` for glossaries imported from RDF
    rdf_func: Callable | None = None


CHECKS: dict[str, CheckInfo] = {}

#: Compiler problems not covered by a check are listed under this code's category.
FORMAT_CATEGORY = "format"


def register(code: str, title: str, category: str, severity: str, *, qskos: bool = False,
             covers: Iterable[str] = ()):
    """Decorator adding ``check_x`` to :data:`CHECKS`; its docstring's first line describes it."""
    def decorate(func):
        doc = (func.__doc__ or "").strip().splitlines()
        CHECKS[code] = CheckInfo(code, title, category, severity, func,
                                 doc[0].replace("``", "") if doc else title,
                                 qskos, tuple(covers))
        return func
    return decorate


def run_checks(glossary, config: QualityConfig | None = None) -> list[Problem]:
    """Every finding of every selected check plus the compiler's own problems, located and sorted.

    >>> from graph import compile_glossary  # doctest: +SKIP
    >>> [p.code for p in run_checks(compile_glossary("data/terms"))]  # doctest: +SKIP
    """
    config = config or DEFAULT_CONFIG
    with gc_paused():  # 3-4x faster at 10k terms, see graph.gcpause
        return _run_checks(glossary, config)


def _run_checks(glossary, config: QualityConfig) -> list[Problem]:

    covered = {code for info in CHECKS.values() for code in info.covers}
    # compiler problems (schema, YAML) unless the run is limited to named checks
    found = [p for p in glossary.problems if p.code not in covered] if config.only is None else []
    scan = None
    if config.wants("unlinked-mention") and "_quality_mentions" not in glossary.__dict__:
        from .mentions import PARALLEL_FROM, MentionScan
        scan = MentionScan(glossary, config.min_mention_chars,
                           PARALLEL_FROM if config.parallel_from is None else config.parallel_from)
        glossary.__dict__["_quality_mentions"] = scan
    files: dict = {}  # what the line finder read, kept for its second round
    try:
        # the mention scan may be running in a second process: every other check, and the
        # line numbers of their findings, come first; its result is collected last
        _run_each(glossary, config, found, [c for c in CHECKS if c != "unlinked-mention"])
        _locate(found, config, files)
        _run_each(glossary, config, found, ["unlinked-mention"])
    finally:
        glossary.__dict__.pop("_quality_mentions", None)
        if scan is not None:
            scan._close()
    _locate(found, config, files)
    found.sort(key=_order)
    return found


def _locate(found: list[Problem], config: QualityConfig, files: dict) -> None:
    from .locate_fast import locate_problems

    started = time.perf_counter()
    if config.rdf_file is not None:
        from .quality_rdf import place_findings
        place_findings(found, config.rdf_file, config.rdf_iris or {})
    locate_problems(found, files)
    log.debug("located %d finding(s) in %.3f s", len(found), time.perf_counter() - started)


def _run_each(glossary, config: QualityConfig, found: list[Problem], codes: list[str]) -> None:
    for code in codes:
        info = CHECKS[code]
        if not config.wants(code):
            continue
        started = time.perf_counter()
        if config.rdf is not None and info.rdf_func is not None:
            result = info.rdf_func(config.rdf, config)
        else:
            result = info.func(glossary, config)
        found.extend(result)
        log.debug("check %s: %d finding(s) in %.3f s", code, len(result), time.perf_counter() - started)


def _order(problem: Problem):
    return (-SEVERITY_RANK.get(problem.severity, 0), problem.code, problem.file or "",
            problem.line or 0, problem.column or 0, problem.terms, problem.message)


def category_of(code: str) -> str:
    info = CHECKS.get(code)
    return info.category if info else FORMAT_CATEGORY


# ----------------------------------------------------------------- shared facts

class Facts:
    """What several checks need, computed once per glossary: links, hierarchy, neighbours."""

    def __init__(self, glossary):
        res = glossary.resolution
        self.terms = res.terms
        self.labels = res.index.labels
        #: (source, relation, target) for every resolved link, as written
        self.asserted: set[tuple[str, str, str]] = set()
        self.first_link: dict[tuple[str, str, str], object] = {}
        self.parents: dict[str, set[str]] = defaultdict(set)
        self.related: dict[str, set[str]] = defaultdict(set)
        self.neighbours: dict[str, set[str]] = defaultdict(set)
        self.dangling: dict[str, int] = defaultdict(int)  # links to missing terms, by source
        for link in res.links:
            target = link.target
            if target is None or target not in self.terms:
                self.dangling[link.source] += 1
                continue
            key = (link.source, link.relation, target)
            self.asserted.add(key)
            self.first_link.setdefault(key, link)
            self.neighbours[link.source].add(target)
            self.neighbours[target].add(link.source)
            if link.relation == "broader":
                self.parents[link.source].add(target)
            elif link.relation == "narrower":
                self.parents[target].add(link.source)
            else:
                self.related[link.source].add(target)
                self.related[target].add(link.source)
        self._ancestors: dict[str, frozenset[str]] | None = None
        self._cycles: list[list[str]] | None = None
        self._words: dict[tuple[str, str], list[str]] = {}

    def link_path(self, source: str, relation: str, target: str) -> tuple[str, str] | None:
        """(file, field path) of the link ``source relation target`` as written, if it is."""
        link = self.first_link.get((source, relation, target))
        if link is None:
            return None
        return self.terms[source].file, f"relationships.{relation}[{link.position}]"

    def hierarchy_path(self, child: str, parent: str) -> tuple[str, str]:
        """Where ``child broader parent`` is written: in the child, or as narrower in the parent."""
        return (self.link_path(child, "broader", parent) or self.link_path(parent, "narrower", child)
                or (self.terms[child].file, "relationships"))

    def words(self, term_id: str, field_name: str) -> list[str]:
        """The words of a text field, computed once for all checks that compare texts."""
        key = (term_id, field_name)
        found = self._words.get(key)
        if found is None:
            record = self.terms[term_id]
            text = "" if _placeholder(record, field_name) else _text(record.data.get(field_name))
            found = self._words[key] = definition_words(text)
        return found

    @property
    def cycles(self) -> list[list[str]]:
        """Groups of terms that are broader than each other (strongly connected, 2+ terms)."""
        if self._cycles is None:
            self._compute_hierarchy()
        return self._cycles

    @property
    def ancestors(self) -> dict[str, frozenset[str]]:
        """Transitive broader terms of every term (a term is not its own, even on a cycle)."""
        if self._ancestors is None:
            self._compute_hierarchy()
        return self._ancestors

    def _compute_hierarchy(self) -> None:
        components = _strong_components(self.terms, self.parents)  # parents before children
        self._cycles = sorted(sorted(c) for c in components if len(c) > 1)
        above: dict[str, frozenset[str]] = {}
        empty: frozenset[str] = frozenset()
        for component in components:
            acc: set[str] = set()
            for node in component:
                for parent in self.parents.get(node, ()):
                    if parent not in component:
                        acc.update(above[parent])
                        acc.add(parent)
            if len(component) > 1:
                acc.update(component)
            shared = frozenset(acc) if acc else empty
            for node in component:
                above[node] = shared - {node} if node in shared else shared
        self._ancestors = above


def _strong_components(nodes, parents: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm (iterative) on child -> parent edges; components come parents first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    empty: tuple = ()
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(parents.get(root, empty)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(parents.get(nxt, empty))))
                    advanced = True
                    break
                if nxt in on_stack and index[nxt] < low[node]:
                    low[node] = index[nxt]
            if advanced:
                continue
            work.pop()
            if work and low[node] < low[work[-1][0]]:
                low[work[-1][0]] = low[node]
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                out.append(component)
    return out


def facts(glossary) -> Facts:
    cached = glossary.__dict__.get("_quality_facts")
    if cached is None:
        cached = glossary.__dict__["_quality_facts"] = Facts(glossary)
    return cached


def _name(glossary, term_id: str) -> str:
    return glossary.resolution.index.labels.get(term_id, term_id)


def _recode(problems: Iterable[Problem], code: str, severity: str) -> list[Problem]:
    return [Problem(severity, code, p.message, p.file, p.line, p.column, p.path, p.hint, p.terms)
            for p in problems]


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _placeholder(record, field_name: str) -> bool:
    """Whether the field holds a stand-in value (a term imported from SKOS that lacked it)."""
    names = record.data.get("placeholders")
    return isinstance(names, list) and field_name in names


# ----------------------------------------------------------------- labels

@register("ml", "missing labels", "labels", WARNING, qskos=True)
def check_missing_labels(glossary, config=None) -> list[Problem]:
    """A term without a usable name cannot be linked to, exported or found."""
    out = []
    for record in glossary.records:
        name = record.data.get("term")
        if not isinstance(name, str) or not name.strip():
            out.append(Problem(WARNING, "ml", "term has no name" if name is None else "term name is empty",
                               file=record.file, line=None if "term" in record.data else record.line,
                               path="term" if "term" in record.data else "",
                               hint="write the preferred name under 'term:'"))
    return out


@register("el", "empty labels", "labels", WARNING, qskos=True)
def check_empty_labels(glossary, config=None) -> list[Problem]:
    """Aliases that are blank or wrapped in spaces: they match nothing and show as gaps."""
    out = []
    for term_id, record in glossary.resolution.terms.items():
        aliases = record.data.get("aliases")
        for i, alias in enumerate(aliases if isinstance(aliases, list) else []):
            if isinstance(alias, str) and (not alias.strip() or alias != alias.strip()):
                what = "is empty" if not alias.strip() else "has spaces around it"
                out.append(Problem(WARNING, "el", f"alias {alias!r} {what}", file=record.file,
                                   path=f"aliases[{i}]", terms=(term_id,),
                                   hint="remove the entry" if not alias.strip() else "trim the spaces"))
        name = record.data.get("term")
        if isinstance(name, str) and name != name.strip():
            out.append(Problem(WARNING, "el", f"term name {name!r} has spaces around it", file=record.file,
                               path="term", terms=(term_id,), hint="trim the spaces"))
    return out


@register("dlv", "disjoint labels violation (SKOS S13)", "labels", ERROR, qskos=True)
def check_disjoint_labels(glossary, config=None) -> list[Problem]:
    """An alias identical to the term's own name: the same label as prefLabel and altLabel (S13)."""
    out = []
    for term_id, record in glossary.resolution.terms.items():
        name = record.term.strip()
        aliases = record.data.get("aliases")
        for i, alias in enumerate(aliases if isinstance(aliases, list) else []):
            if isinstance(alias, str) and alias.strip() == name:
                out.append(Problem(ERROR, "dlv", f"alias {alias!r} is the term's own name",
                                   file=record.file, path=f"aliases[{i}]", terms=(term_id,),
                                   hint="remove the alias: SKOS forbids one label as both prefLabel and altLabel"))
    return out


@register("ipl", "inconsistent preferred labels (SKOS S14)", "labels", ERROR, qskos=True)
def check_inconsistent_pref_labels(glossary, config=None) -> list[Problem]:
    """More than one preferred label per language (S14).

    A YAML term has exactly one ``term`` by construction, so this fires on SKOS input (see
    :func:`graph.quality_rdf.rdf_inconsistent_pref_labels`) and on records whose name is a list.
    """
    out = []
    for record in glossary.records:
        name = record.data.get("term")
        if isinstance(name, list) and len([n for n in name if isinstance(n, str)]) > 1:
            out.append(Problem(ERROR, "ipl", f"term has {len(name)} preferred names: "
                               + ", ".join(repr(n) for n in name), file=record.file, path="term",
                               hint="keep one name under 'term:' and move the others to 'aliases:'"))
    return out


@register("ol", "overlapping labels", "labels", WARNING, qskos=True, covers=("alias-is-term",))
def check_overlapping_labels(glossary, config=None) -> list[Problem]:
    """An alias of one term is the name of another: links with that text cannot mean both."""
    return _recode((p for p in glossary.problems if p.code == "alias-is-term"), "ol", WARNING)


@register("shared-alias", "alias shared by several terms", "labels", WARNING, covers=("shared-alias",))
def check_shared_aliases(glossary, config=None) -> list[Problem]:
    """One alias on two or more terms: links through it resolve to neither."""
    return _recode((p for p in glossary.problems if p.code == "shared-alias"), "shared-alias", WARNING)


# ----------------------------------------------------------------- hierarchy

@register("chr", "cyclic hierarchical relations", "hierarchy", WARNING, qskos=True)
def check_hierarchy_cycles(glossary, config=None) -> list[Problem]:
    """Broader chains that lead back to where they started (legal in SKOS, never meant)."""
    f = facts(glossary)
    out = []
    for component in f.cycles:
        members = set(component)
        chain = _cycle_through(min(component), members, f.parents)
        file, path = f.hierarchy_path(chain[0], chain[1])
        out.append(Problem(
            WARNING, "chr", "broader cycle: " + " -> ".join(repr(_name(glossary, t)) for t in chain),
            file=file, path=path, terms=tuple(component),
            hint="remove the broader (or narrower) link that points back up"))
    return out


def _cycle_through(start: str, members: set[str], parents) -> list[str]:
    """A shortest broader path from ``start`` back to itself inside one cycle group."""
    previous = {start: None}
    queue = [start]
    for node in queue:
        for parent in sorted(parents.get(node, ())):
            if parent == start:
                chain = [node]
                while previous[chain[-1]] is not None:
                    chain.append(previous[chain[-1]])
                return list(reversed(chain)) + [start]
            if parent in members and parent not in previous:
                previous[parent] = node
                queue.append(parent)
    return [start, start]


@register("rc", "related vs hierarchy clash (SKOS S27)", "hierarchy", ERROR, qskos=True)
def check_relation_clashes(glossary, config=None) -> list[Problem]:
    """``related`` between terms that the broader hierarchy already connects (S27)."""
    from .hierarchy import related_clashes

    f = facts(glossary)
    out = []
    for a, b in related_clashes(glossary.graph):
        if a not in f.terms or b not in f.terms:
            continue
        upper, lower = (a, b) if a in f.ancestors.get(b, ()) else (b, a)
        if f.link_path(a, "related", b) is None and f.link_path(b, "related", a) is not None:
            a, b = b, a  # name first the term whose file holds the link
        where = f.link_path(a, "related", b) or (f.terms[a].file, "relationships")
        out.append(Problem(
            ERROR, "rc", f"{_name(glossary, a)!r} and {_name(glossary, b)!r} are related, but "
            f"{_name(glossary, upper)!r} is also broader than {_name(glossary, lower)!r}",
            file=where[0], path=where[1], terms=(a, b),
            hint="drop the related link (glossary-graph fix --drop-clashes)"))
    return out


@register("tchbc", "top concept having a broader concept", "hierarchy", WARNING, qskos=True)
def check_top_concepts_with_broader(glossary, config=None) -> list[Problem]:
    """A term written as a top concept (no broader of its own) that another term lists as narrower."""
    f = facts(glossary)
    out = []
    for term_id, record in f.terms.items():
        rels = record.data.get("relationships")
        own = rels.get("broader") if isinstance(rels, dict) else None
        if own:
            continue
        claimed = sorted(p for p in f.parents.get(term_id, ()) if (p, "narrower", term_id) in f.asserted)
        if claimed:
            names = ", ".join(repr(_name(glossary, p)) for p in claimed)
            out.append(Problem(
                WARNING, "tchbc", f"top concept (no broader term) but {names} list(s) it as narrower",
                file=record.file, path="relationships" if isinstance(rels, dict) else "",
                terms=(term_id, *claimed),
                hint="add the broader link here (glossary-graph fix), or drop the narrower link there"))
    return out


@register("hr", "hierarchical redundancy", "hierarchy", INFO, qskos=True)
def check_hierarchical_redundancy(glossary, config=None) -> list[Problem]:
    """A direct broader link that is implied anyway by a longer broader chain."""
    f = facts(glossary)
    ancestors = f.ancestors
    out = []
    for child, ps in f.parents.items():
        if len(ps) < 2:
            continue
        for parent in sorted(ps):
            via = sorted(p for p in ps if p != parent and parent in ancestors.get(p, ()))
            if via and child not in ancestors.get(parent, ()):
                file, path = f.hierarchy_path(child, parent)
                terms = (child, parent) if f.link_path(child, "broader", parent) else (parent, child)
                out.append(Problem(
                    INFO, "hr", f"{_name(glossary, parent)!r} is a broader term of {_name(glossary, child)!r} "
                    f"both directly and through {_name(glossary, via[0])!r}",
                    file=file, path=path, terms=(*terms, via[0]),
                    hint="drop the direct link; the chain already says it"))
    return out


# ----------------------------------------------------------------- relations

@register("urc", "one-way links", "relations", WARNING, qskos=True)
def check_one_way_links(glossary, config=None) -> list[Problem]:
    """A broader, narrower or related link that the other term does not return."""
    f = facts(glossary)
    labels = glossary.resolution.index.labels
    hint = "add the inverse link in the other term's file (glossary-graph fix does it)"
    out = []
    for link in glossary.resolution.links:
        target = link.target
        if target is None or target not in f.terms or target == link.source:
            continue
        inverse = INVERSE[link.relation]
        if (target, inverse, link.source) in f.asserted:
            continue
        target_name = labels[target]
        out.append(Problem(
            WARNING, "urc", f"{link.relation} link to {target_name!r} is not returned as {inverse}",
            file=f.terms[link.source].file, path=f"relationships.{link.relation}[{link.position}]",
            terms=(link.source, target), hint=hint))
    return out


@register("var", "related siblings", "relations", INFO, qskos=True)
def check_related_siblings(glossary, config=None) -> list[Problem]:
    """``related`` between two terms with the same broader term: the hierarchy already groups them."""
    f = facts(glossary)
    out = []
    for a in sorted(f.related):
        for b in sorted(f.related[a]):
            if a >= b:
                continue
            shared = f.parents.get(a, set()) & f.parents.get(b, set())
            if shared:
                first, second = (a, b) if f.link_path(a, "related", b) else (b, a)
                where = f.link_path(first, "related", second)
                out.append(Problem(
                    INFO, "var", f"{_name(glossary, a)!r} and {_name(glossary, b)!r} are related siblings "
                    f"under {_name(glossary, min(shared))!r}", file=where[0], path=where[1],
                    terms=(first, second), hint="keep the related link only if it says more than the shared parent"))
    return out


@register("unresolved-link", "links to missing terms", "relations", WARNING,
          covers=("unresolved-link", "ambiguous-link"))
def check_unresolved_links(glossary, config=None) -> list[Problem]:
    """Links whose text names no term (or an alias several terms share), with suggestions."""
    return _recode((p for p in glossary.problems if p.code in ("unresolved-link", "ambiguous-link")),
                   "unresolved-link", WARNING)


@register("self-link", "links to the term itself", "relations", WARNING, covers=("self-link",))
def check_self_links(glossary, config=None) -> list[Problem]:
    """A term listed in its own broader, narrower or related links."""
    return _recode((p for p in glossary.problems if p.code == "self-link"), "self-link", WARNING)


@register("deprecated-link", "links to deprecated terms", "relations", WARNING)
def check_deprecated_links(glossary, config=None) -> list[Problem]:
    """A current term linking to a deprecated one: readers are sent to an outdated concept."""
    f = facts(glossary)
    res = glossary.resolution
    deprecated = {t for t, r in f.terms.items() if r.data.get("status") == "deprecated"}
    out = []
    if not deprecated:
        return out
    for link in res.links:
        if link.target in deprecated and link.source not in deprecated:
            successor = res.replaced_by.get(link.target)
            hint = (f"link to {_name(glossary, successor)!r}, which replaces it" if successor
                    else "link to the term that replaces it, or drop the link")
            out.append(Problem(
                WARNING, "deprecated-link", f"{link.relation} link to deprecated term "
                f"{_name(glossary, link.target)!r}", file=f.terms[link.source].file,
                path=f"relationships.{link.relation}[{link.position}]", terms=(link.source, link.target),
                hint=hint))
    return out


@register("unlinked-mention", "terms named in a definition but not linked", "relations", INFO)
def check_unlinked_mentions(glossary, config=None) -> list[Problem]:
    """A definition names other terms (by name or alias) that the term does not link: candidate links."""
    from .mentions import find_mentions

    config = config or DEFAULT_CONFIG
    f = facts(glossary)
    grouped: dict[str, set[str]] = {}
    where: dict[str, str] = {}
    scan = glossary.__dict__.get("_quality_mentions")
    mentions = scan.result() if scan is not None else \
        find_mentions(glossary, config.min_mention_chars, words=f.words)
    for source, fields in mentions.items():
        linked = f.neighbours.get(source, set())
        for field_name in FIELDS_WITH_TEXT:
            targets = fields.get(field_name, set()) - linked
            if targets:
                grouped.setdefault(source, set()).update(targets)
                where.setdefault(source, field_name)
    out = []
    for source in sorted(grouped):
        targets = sorted(grouped[source])
        names = ", ".join(repr(_name(glossary, t)) for t in targets[:MENTIONS_LISTED])
        if len(targets) > MENTIONS_LISTED:
            names += f" and {len(targets) - MENTIONS_LISTED} more"
        out.append(Problem(
            INFO, "unlinked-mention", f"the definition names {names} without linking "
            + ("it" if len(targets) == 1 else "them"), file=f.terms[source].file, path=where[source],
            terms=(source, *targets), hint="add the link(s) under related (or broader/narrower) where they help"))
    return out


#: Names an unlinked-mention message lists before "and N more" (the finding's terms hold all).
MENTIONS_LISTED = 8


# ----------------------------------------------------------------- structure

@register("oc", "orphan concepts", "structure", WARNING, qskos=True)
def check_orphans(glossary, config=None) -> list[Problem]:
    """A term with no link to or from any other existing term."""
    f = facts(glossary)
    out = []
    for term_id, record in f.terms.items():
        if f.neighbours.get(term_id):
            continue
        dangling = f.dangling.get(term_id, 0)
        message = (f"not connected to any existing term (its {dangling} link(s) point to missing terms)"
                   if dangling else "not connected to any other term")
        out.append(Problem(WARNING, "oc", message, file=record.file, line=record.line, terms=(term_id,),
                           hint="link it to a broader or related term"))
    return out


@register("dcc", "disconnected clusters", "structure", INFO, qskos=True)
def check_disconnected_clusters(glossary, config=None) -> list[Problem]:
    """Groups of linked terms with no link to the rest of the glossary (orphans are ``oc``)."""
    f = facts(glossary)
    seen: set[str] = set()
    clusters = []
    for start in sorted(f.terms):
        if start in seen or not f.neighbours.get(start):
            continue
        stack, members = [start], []
        seen.add(start)
        while stack:
            node = stack.pop()
            members.append(node)
            for other in f.neighbours[node]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        clusters.append(sorted(members))
    if len(clusters) < 2:
        return []
    clusters.sort(key=lambda c: (-len(c), c[0]))
    main = clusters[0]
    out = []
    for cluster in clusters[1:]:
        names = ", ".join(repr(_name(glossary, t)) for t in cluster[:5]) + (", ..." if len(cluster) > 5 else "")
        record = f.terms[cluster[0]]
        out.append(Problem(
            INFO, "dcc", f"{len(cluster)} term(s) not connected to the main group of {len(main)}: {names}",
            file=record.file, line=record.line, terms=tuple(cluster),
            hint="link one of them to a term of the main group"))
    return out


# ----------------------------------------------------------------- documentation

@register("ud", "undocumented concepts", "documentation", WARNING, qskos=True)
def check_undocumented(glossary, config=None) -> list[Problem]:
    """A term without a definition (``short_def``/``long_def`` missing or blank)."""
    out = []
    for term_id, record in glossary.resolution.terms.items():
        missing = [key for key in ("short_def", "long_def")
                   if not _text(record.data.get(key)).strip() or _placeholder(record, key)]
        if missing:
            path = missing[0] if missing[0] in record.data else ""
            out.append(Problem(WARNING, "ud", "no definition: " + " and ".join(missing) + " missing or empty",
                               file=record.file, line=None if path else record.line, terms=(term_id,), path=path,
                               hint="write a one-sentence short_def and a fuller long_def"))
    return out


@register("missing-citation", "terms without citations", "documentation", INFO)
def check_citations(glossary, config=None) -> list[Problem]:
    """A term that cites no source, so readers cannot check the definition."""
    out = []
    for term_id, record in glossary.resolution.terms.items():
        citations = record.data.get("citations")
        if _placeholder(record, "citations"):
            citations = None
        if not isinstance(citations, list) or not any(isinstance(c, dict) and c.get("url") for c in citations):
            path = "citations" if "citations" in record.data else ""
            out.append(Problem(INFO, "missing-citation", "cites no source", file=record.file,
                               line=None if path else record.line, terms=(term_id,), path=path,
                               hint="add a citation with source and url"))
    return out


@register("stale-review", "reviews older than the configured age", "documentation", INFO)
def check_stale_reviews(glossary, config=None) -> list[Problem]:
    """``last_reviewed`` older than ``stale_after_days`` (default a year)."""
    config = config or DEFAULT_CONFIG
    today = config.today or _dt.date.today()
    limit = today - _dt.timedelta(days=config.stale_after_days)
    out = []
    for term_id, record in glossary.resolution.terms.items():
        if record.data.get("status") == "deprecated" or _placeholder(record, "last_reviewed"):
            continue
        reviewed = record.data.get("last_reviewed")
        try:
            when = _dt.date.fromisoformat(reviewed) if isinstance(reviewed, str) else None
        except ValueError:
            when = None  # a schema error already
        if when is not None and when < limit:
            out.append(Problem(INFO, "stale-review", f"last reviewed {reviewed}, {(today - when).days} days ago",
                               file=record.file, path="last_reviewed", terms=(term_id,),
                               hint=f"review it and update last_reviewed (limit: {config.stale_after_days} days)"))
    return out


_WORD = re.compile(r"[^\W_]+")
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def definition_words(text: str) -> list[str]:
    """Lower-case words of ``text`` with accents removed (the unit definitions are compared in)."""
    if text.isascii():
        return _ASCII_WORD.findall(text.lower())
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _WORD.findall(text.casefold())


@register("duplicate-definition", "identical definitions", "documentation", WARNING)
def check_duplicate_definitions(glossary, config=None) -> list[Problem]:
    """Two or more terms with the same short definition (ignoring case and punctuation)."""
    groups: dict[str, list[str]] = defaultdict(list)
    f = facts(glossary)
    terms = f.terms
    for term_id in terms:
        words = f.words(term_id, "short_def")
        if words:
            groups[" ".join(words)].append(term_id)
    out = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort()
        for term_id in members:
            others = ", ".join(repr(_name(glossary, o)) for o in members if o != term_id)
            out.append(Problem(WARNING, "duplicate-definition", f"short_def is the same as that of {others}",
                               file=terms[term_id].file, path="short_def",
                               terms=(term_id, *(o for o in members if o != term_id)),
                               hint="say what sets this term apart, or merge the terms"))
    return out


@register("similar-definition", "near-duplicate definitions", "documentation", INFO)
def check_similar_definitions(glossary, config=None) -> list[Problem]:
    """Short definitions that share most of their words (word-set overlap at or above the threshold)."""
    config = config or DEFAULT_CONFIG
    f = facts(glossary)
    words: dict[str, frozenset[str]] = {}
    frequency: Counter = Counter()
    for term_id in f.terms:
        found = f.words(term_id, "short_def")
        if len(found) >= 4:
            words[term_id] = frozenset(found)
            frequency.update(words[term_id])
    # Two definitions that share most words share some of their rarest words: index each by its
    # three rarest words and compare only definitions that meet there (no all-pairs comparison).
    postings: dict[str, list[str]] = defaultdict(list)
    for term_id in sorted(words):
        for word in sorted(words[term_id], key=lambda w: (frequency[w], w))[:3]:
            postings[word].append(term_id)
    cap = max(8, int(len(words) ** 0.5))
    pairs: set[tuple[str, str]] = set()
    for ids in postings.values():
        if 1 < len(ids) <= cap:
            pairs.update((a, b) for i, a in enumerate(ids) for b in ids[i + 1:])
    out = []
    for a, b in sorted(pairs):
        union = len(words[a] | words[b])
        score = len(words[a] & words[b]) / union
        if score >= config.similar_definitions and f.words(a, "short_def") != f.words(b, "short_def"):
            out.append(Problem(
                INFO, "similar-definition", f"short_def shares {score:.0%} of its words with that of "
                f"{_name(glossary, b)!r}", file=f.terms[a].file, path="short_def", terms=(a, b),
                hint="make the difference between the two terms explicit"))
    return out


def write_next(glossary) -> list[dict]:
    """Missing terms ranked by how many terms link to them: what to write next.

    Each entry: ``{"term": slug, "label": text, "count": n, "referenced_by": [ids]}``.
    """
    labels = glossary.resolution.index.labels
    out = []
    for miss in glossary.resolution.missing.values():
        sources = sorted({source for source, _ in miss.referenced_by})
        out.append({"term": miss.id, "label": miss.label, "count": len(sources),
                    "referenced_by": sources,
                    "referenced_by_labels": [labels.get(s, s) for s in sources]})
    out.sort(key=lambda e: (-e["count"], e["term"]))
    return out


def _attach_rdf_variants() -> None:
    from . import quality_rdf

    for code, func in quality_rdf.RDF_VARIANTS.items():
        info = CHECKS[code]
        CHECKS[code] = CheckInfo(info.code, info.title, info.category, info.severity, info.func,
                                 info.description, info.qskos, info.covers, func)


_attach_rdf_variants()
