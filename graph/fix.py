"""Safe, repeatable repairs of the links in YAML term files (``glossary-graph fix``).

What is repaired (each only where the meaning of the glossary is kept):

- a missing inverse link is added (``A broader B`` gets ``B narrower A``; ``related`` both ways),
  which only writes down what the graph already infers;
- a link written with an alias, a slug or another spelling is rewritten to the term's own name;
- a repeated link and a link of a term to itself are dropped;
- on request (``drop_clashes``) a ``related`` link between terms that the broader hierarchy
  already connects is dropped (SKOS S27).

How the files are changed: ruamel.yaml's round-trip parser gives the exact position of every
relationship list and item; the edits are made to those spans of the original text, so comments,
key order, quoting and the wrapping of every untouched line stay byte for byte as they were (a
full re-dump would re-wrap long lines and re-indent lists). Each edited text is parsed again and
must equal the intended data, or the file is left alone. Files that do not parse are never
touched; writes are atomic; a second run finds nothing to do.
"""
from __future__ import annotations

import difflib
import functools
import io
import json
import logging
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .atomic import write_bytes
from .errors import WARNING, Problem
from .loading import SafeLoader
from .resolve import INVERSE, RELATIONS
from .textkeys import match_key

log = logging.getLogger(__name__)

ADDED, RENAMED, DUPLICATE, SELF, CLASH = ("inverse link(s) added", "link(s) renamed to the term's name",
                                          "duplicate link(s) dropped", "self-link(s) dropped",
                                          "clashing related link(s) dropped")


@dataclass
class FileChange:
    """The planned new text of one file and what changed in it."""

    file: str
    old: bytes
    new: bytes
    actions: Counter = field(default_factory=Counter)

    def diff(self) -> str:
        old = self.old.decode("utf-8-sig").splitlines(keepends=True)
        new = self.new.decode("utf-8-sig").splitlines(keepends=True)
        a, b = (self.file, self.file) if os.path.isabs(self.file) else (f"a/{self.file}", f"b/{self.file}")
        lines = list(difflib.unified_diff(old, new, fromfile=a, tofile=b))
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                       for line in lines)


@dataclass
class FixPlan:
    """Every file change ``fix`` would make, and the files it had to leave alone (and why)."""

    changes: list[FileChange] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)

    def diff(self) -> str:
        return "".join(change.diff() for change in self.changes)

    def counts(self) -> dict[str, int]:
        total = Counter()
        for change in self.changes:
            total.update(change.actions)
        return {what: total.get(what, 0) for what in (ADDED, RENAMED, DUPLICATE, SELF, CLASH)}


# ----------------------------------------------------------------- planning (on the glossary)

#: marks an item of an aligned list that is dropped
DROP = object()


@dataclass
class ListEdit:
    """New content of one relationship list: per original item its new text (or DROP), then additions."""

    aligned: list
    added: list[str] = field(default_factory=list)

    def result(self) -> list:
        return [v for v in self.aligned if v is not DROP] + self.added


def desired_links(glossary, drop_clashes: bool = False) -> tuple[dict, dict]:
    """The relationship list edits every term needs, and what was done to get there.

    Returns ``(edits, actions)``: ``edits[term_id][relation]`` is a :class:`ListEdit` (only for
    lists that change) and ``actions[term_id]`` a Counter of repairs.
    """
    res = glossary.resolution
    labels = res.index.labels
    clashes: set[frozenset[str]] = set()
    if drop_clashes:
        from .hierarchy import related_clashes
        clashes = {frozenset(pair) for pair in related_clashes(glossary.graph)}

    kept_targets: dict[tuple[str, str], set[str]] = defaultdict(set)
    edits: dict[str, dict[str, ListEdit]] = defaultdict(dict)
    actions: dict[str, Counter] = defaultdict(Counter)
    editable: dict[str, dict[str, list]] = {}
    for term_id, record in res.terms.items():
        rels = record.data.get("relationships", {})
        if not isinstance(rels, dict):
            editable[term_id] = {}
            continue
        editable[term_id] = {r: list(rels.get(r) or []) for r in RELATIONS
                             if isinstance(rels.get(r, []), list)}
        for relation, values in editable[term_id].items():
            aligned, seen, changed = [], set(), False
            for text in values:
                if not isinstance(text, str) or not text.strip():
                    aligned.append(text)
                    continue
                target = res.index.lookup(text)
                if target == term_id:
                    actions[term_id][SELF] += 1
                    changed = True
                    aligned.append(DROP)
                    continue
                key = target if target is not None else ("missing", match_key(text))
                if key in seen:
                    actions[term_id][DUPLICATE] += 1
                    changed = True
                    aligned.append(DROP)
                    continue
                seen.add(key)
                if target is None:
                    aligned.append(text)
                    continue
                if relation == "related" and frozenset((term_id, target)) in clashes:
                    actions[term_id][CLASH] += 1
                    changed = True
                    aligned.append(DROP)
                    continue
                kept_targets[(term_id, relation)].add(target)
                if text != labels[target]:
                    actions[term_id][RENAMED] += 1
                    changed = True
                aligned.append(labels[target])
            if changed:
                edits[term_id][relation] = ListEdit(aligned)

    additions: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (source, relation), targets in kept_targets.items():
        inverse = INVERSE[relation]
        for target in targets:
            if target in res.terms and source not in kept_targets.get((target, inverse), ()) \
                    and inverse in editable.get(target, {}):
                additions[(target, inverse)].add(source)
    for (term_id, relation), sources in sorted(additions.items()):
        edit = edits[term_id].get(relation) or ListEdit(list(editable[term_id][relation]))
        edit.added = sorted((labels[s] for s in sources), key=lambda s: (s.casefold(), s))
        edits[term_id][relation] = edit
        actions[term_id][ADDED] += len(edit.added)
    return {t: v for t, v in edits.items() if v}, actions


def plan_fixes(glossary, drop_clashes: bool = False) -> FixPlan:
    """Work out every repair and the new text of each affected file; nothing is written."""
    lists, actions = desired_links(glossary, drop_clashes)
    plan = FixPlan()
    res = glossary.resolution
    for term_id in sorted(lists, key=lambda t: res.terms[t].file):
        record = res.terms[term_id]
        try:
            change = edit_file(record.file, lists[term_id])
        except FixError as exc:
            plan.skipped.append(Problem(WARNING, "fix-skipped", f"left unchanged: {exc}", file=record.file,
                                        terms=(term_id,), hint="fix its links by hand"))
            continue
        if change is not None:
            change.actions = actions[term_id]
            plan.changes.append(change)
    return plan


def apply_plan(plan: FixPlan) -> list[str]:
    """Write each changed file atomically (keeping its permissions); return the files written.

    A file that changed on disk since the plan was made is skipped and added to ``plan.skipped``.
    """
    written = []
    for change in plan.changes:
        path = Path(change.file)
        try:
            if path.read_bytes() != change.old:
                plan.skipped.append(Problem(WARNING, "fix-skipped", "left unchanged: the file changed while fixing",
                                            file=change.file, hint="run glossary-graph fix again"))
                continue
            mode = path.stat().st_mode & 0o7777
        except OSError as exc:
            plan.skipped.append(Problem(WARNING, "fix-skipped", f"left unchanged: {exc.strerror}", file=change.file))
            continue
        write_bytes(path, change.new)
        if mode != 0o644:
            os.chmod(path, mode)
        log.debug("fixed %s", path)
        written.append(change.file)
    return written


def fix_glossary(paths=None, *, drop_clashes: bool = False, dry_run: bool = False) -> FixPlan:
    """Compile, plan and (unless ``dry_run``) write the repairs: the library entry point."""
    from .glossary import compile_glossary

    plan = plan_fixes(compile_glossary(paths), drop_clashes=drop_clashes)
    if not dry_run:
        apply_plan(plan)
    return plan


# ----------------------------------------------------------------- editing (on the text)

class FixError(Exception):
    """A file this module will not edit (unparseable, unusual layout, verification failed)."""


def _ruamel():
    from ruamel.yaml import YAML

    return YAML(typ="rt")


@functools.lru_cache(maxsize=None)
def _dumper():
    dumper = _ruamel()
    dumper.width = 1 << 16
    return dumper


@functools.lru_cache(maxsize=4096)
def scalar(text: str, flow: bool = False) -> str:
    """``text`` as a YAML scalar: plain when ruamel would write it plain, else double-quoted."""
    stream = io.StringIO()
    _dumper().dump([text], stream)
    out = stream.getvalue()
    plain = out[2:].rstrip("\n") if out.startswith("- ") else None
    if plain == text and (not flow or not any(c in text for c in ",[]{}#")):
        return text
    return json.dumps(text, ensure_ascii=False)


def _newline_style(text: str) -> str:
    crlf = text.count("\r\n")
    if crlf and crlf != text.count("\n"):
        raise FixError("mixed line endings")
    return "\r\n" if crlf else "\n"


def _is_map(node) -> bool:
    from ruamel.yaml.nodes import MappingNode
    return isinstance(node, MappingNode)


def _is_seq(node) -> bool:
    from ruamel.yaml.nodes import SequenceNode
    return isinstance(node, SequenceNode)


def _mapping_get(node, key: str):
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) == key:
            return key_node, value_node
    return None, None


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Index just after the newline of the line holding ``index`` (or the end of the text)."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def edit_file(file: str, new_lists: dict[str, ListEdit]) -> FileChange | None:
    """The new bytes of ``file`` with its relationship lists edited as ``new_lists`` says."""
    raw = Path(file).read_bytes()
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FixError("not UTF-8") from None
    bom = decoded.startswith("\ufeff")
    text = decoded[1:] if bom else decoded
    newline = _newline_style(text)
    text = text.replace("\r\n", "\n")
    try:
        before = yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise FixError(f"cannot parse the YAML ({type(exc).__name__})") from None
    if not isinstance(before, dict):
        raise FixError("not a mapping of fields")
    # Only the relationships block is edited, so only it goes through ruamel's (pure-Python)
    # round-trip composer: 5-10x faster than composing the whole file. The whole result is
    # parsed again below, so a block cut wrongly can only make the file be left alone.
    start, end = _top_block(text, "relationships")
    part = text[start:end]
    try:
        root = _ruamel().compose(part)
    except Exception as exc:  # ruamel raises its own error families
        raise FixError(f"cannot parse the YAML ({type(exc).__name__})") from None
    if part.strip() and (root is None or not _is_map(root)):
        raise FixError("not a mapping of fields")
    edits: list[tuple[int, int, str]] = []
    _plan_edits(part, root, new_lists, edits, _seq_offset(text))
    new_part = _apply(part, edits)
    if start == len(text) and text and not text.endswith("\n") and new_part:
        new_part = "\n" + new_part  # a file without relationships and without a final newline
    new_text = text[:start] + new_part + text[end:]
    if new_text == text:
        return None
    expected = dict(before)
    rels = dict(expected.get("relationships") or {})
    rels.update({relation: edit.result() for relation, edit in new_lists.items()})
    expected["relationships"] = rels
    try:
        after = yaml.load(new_text, Loader=SafeLoader)  # noqa: S506
    except yaml.YAMLError:
        after = None
    if after != expected:
        raise FixError("the edited text would not read back as intended")
    out = new_text.replace("\n", newline)
    return FileChange(file, raw, (("\ufeff" if bom else "") + out).encode("utf-8"))


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply span edits from the end backwards; inserts at one spot keep their planned order."""
    ordered = sorted(((start, end, n, replacement) for n, (start, end, replacement) in enumerate(edits)),
                     reverse=True)
    for start, end, _, replacement in ordered:
        text = text[:start] + replacement + text[end:]
    return text


_KEY_THEN_ITEM = re.compile(r"^( *)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\n(?:[ \t]*(?:#[^\n]*)?\n)*( *)- ", re.M)


def _seq_offset(text: str) -> int:
    """How far this file indents block list dashes beyond their key (0 or 2, usually)."""
    match = _KEY_THEN_ITEM.search(text)
    return max(0, len(match.group(2)) - len(match.group(1))) if match else 0


def _top_block(text: str, key: str) -> tuple[int, int]:
    """The span of the top-level ``key:`` and its value; an empty span at the end if absent."""
    from .locate_fast import FileIndex, _NEXT_TOP

    start = FileIndex(text)._key_start(key)
    if start < 0:
        return len(text), len(text)
    match = _NEXT_TOP.search(text, start + len(key))
    return start, (match.start() + 1 if match else len(text))


def _items_text(values: list[str], dash_col: int, gap: int = 1) -> str:
    return "".join(f"{' ' * dash_col}-{' ' * gap}{scalar(v)}\n" for v in values)


def _plan_edits(text: str, root, new_lists: dict[str, ListEdit], edits: list, offset: int) -> None:
    """Edits to ``text`` (the relationships block, or empty when the file has none)."""
    rel_key, rel_node = _mapping_get(root, "relationships") if root is not None else (None, None)
    if rel_node is None:
        if text.strip():
            raise FixError("unusual layout around relationships")
        block = "relationships:\n" + "".join(
            f"  {relation}:\n" + _items_text(new_lists[relation].result(), 2 + offset)
            for relation in RELATIONS if relation in new_lists)
        edits.append((0, 0, block))
        return
    if not _is_map(rel_node):
        raise FixError("relationships is not a mapping")
    if rel_node.flow_style:
        if rel_node.value:
            raise FixError("relationships is written in flow style {...}")
        key_col = rel_key.start_mark.column + 2
        block = ":\n" + "".join(f"{' ' * key_col}{relation}:\n" + _items_text(new_lists[relation].result(), key_col + offset)
                                for relation in RELATIONS if relation in new_lists)
        end = _line_end(text, rel_node.end_mark.index)
        edits.append((rel_key.end_mark.index, end, block))
        return
    key_col = rel_node.value[0][0].start_mark.column if rel_node.value else rel_key.start_mark.column + 2
    for relation in RELATIONS:
        if relation not in new_lists:
            continue
        edit = new_lists[relation]
        key_node, seq = _mapping_get(rel_node, relation)
        if seq is None:
            _insert_key(text, rel_node, relation, edit.result(), key_col, offset, edits)
        elif not _is_seq(seq):
            raise FixError(f"relationships.{relation} is not a list")
        elif len(seq.value) != len(edit.aligned):
            raise FixError(f"relationships.{relation} reads differently with two parsers")
        elif seq.flow_style or not seq.value:
            _rewrite_flow(text, key_node, seq, edit, key_col, offset, edits)
        else:
            _edit_block(text, key_node, seq, edit, edits)


def _insert_key(text, rel_node, relation, values, key_col, offset, edits) -> None:
    block = f"{' ' * key_col}{relation}:\n" + _items_text(values, key_col + offset)
    order = RELATIONS.index(relation)
    for key_node, value_node in rel_node.value:
        if key_node.value in RELATIONS and RELATIONS.index(key_node.value) > order:
            start = _line_start(text, key_node.start_mark.index)
            edits.append((start, start, block))
            return
    last = rel_node.value[-1][1] if rel_node.value else rel_node
    end = _line_end(text, max(last.end_mark.index - 1, last.start_mark.index))
    edits.append((end, end, ("" if text[:end].endswith("\n") else "\n") + block))


def _rewrite_flow(text, key_node, seq, edit: ListEdit, key_col, offset, edits) -> None:
    values = edit.result()
    if not values:
        edits.append((seq.start_mark.index, seq.end_mark.index, "[]"))
    elif not seq.value:  # "narrower: []" that gains items becomes a block list like its siblings
        end = _line_end(text, seq.end_mark.index - 1)
        rest = text[seq.end_mark.index:end].strip()
        if rest and not rest.startswith("#"):
            raise FixError(f"unusual layout after relationships.{key_node.value}")
        edits.append((key_node.end_mark.index, end, ":" + (f"  {rest}" if rest else "") + "\n"
                      + _items_text(values, key_col + offset)))
    else:
        parts = []
        for item, new in zip(seq.value, edit.aligned):
            if new is DROP:
                continue
            original = text[item.start_mark.index:item.end_mark.index]
            parts.append(original if new == getattr(item, "value", None) else scalar(new, flow=True))
        parts.extend(scalar(v, flow=True) for v in edit.added)
        edits.append((seq.start_mark.index, seq.end_mark.index, "[" + ", ".join(parts) + "]"))


def _edit_block(text, key_node, seq, edit: ListEdit, edits) -> None:
    """Keep, rename, drop or append items of a block list, one line per item."""
    items = seq.value
    first = items[0]
    line = text[_line_start(text, first.start_mark.index):first.start_mark.index]
    dash_col = line.rstrip().rfind("-")
    if dash_col < 0:
        raise FixError(f"unusual list layout under {key_node.value}")
    gap = first.start_mark.column - dash_col - 1
    last_end = _line_end(text, max(items[-1].end_mark.index - 1, items[-1].start_mark.index))
    if not edit.result():
        edits.append((key_node.end_mark.index, last_end, ": []\n"))
        return
    for item, new in zip(items, edit.aligned):
        if new is DROP:
            start = _line_start(text, item.start_mark.index)
            if text[start:item.start_mark.index].strip() != "-":
                raise FixError(f"unusual list layout under {key_node.value}")
            edits.append((start, _line_end(text, max(item.end_mark.index - 1, item.start_mark.index)), ""))
        elif isinstance(new, str) and new != getattr(item, "value", None):
            edits.append((item.start_mark.index, item.end_mark.index, scalar(new)))
    if edit.added:
        prefix = "" if text[:last_end].endswith("\n") else "\n"
        edits.append((last_end, last_end, prefix + _items_text(edit.added, dash_col, max(gap, 1))))
