"""How exploration results look in a notebook (HTML) and a terminal (text).

Everything from the glossary is data: every value goes through :func:`html.escape`, nothing is
turned into a link, and styles are inline so the output cannot restyle the notebook. The
interactive picture is a complete page shown through a sandboxed ``<iframe srcdoc>``: unlike an
iframe pointing at a file, it shows in JupyterLab, classic Notebook, VS Code and Colab, needs no
server and no network, and its scripts and styles stay inside the frame.
"""
from __future__ import annotations

import html
import os
import textwrap
from typing import TYPE_CHECKING

from .atomic import write_text

if TYPE_CHECKING:  # pragma: no cover
    from .explore import ConceptPath, Explorer, Neighbourhood, Table, Term

#: Rows shown before a table is cut short in a notebook (the data itself is never cut).
MAX_HTML_ROWS = 60
MAX_TEXT_ROWS = 30
#: Fields a term card shows in its own places; the others go under "more".
_CARD_FIELDS = {"term", "label", "aliases", "categories", "status", "short_def", "long_def",
                "relationships", "missing", "file", "line", "referenced_by", "replaced_by_id"}

_BOX = ("font-family:inherit;line-height:1.45;max-width:60em;padding:.6em .9em;margin:.2em 0;"
        "border:1px solid rgba(128,128,128,.35);border-radius:6px")
_MUTED = "opacity:.7"
_CELL = "text-align:left;vertical-align:top;padding:.2em .6em;border-bottom:1px solid rgba(128,128,128,.2)"


def esc(value) -> str:
    """Any value as escaped text (quotes included, so it is safe inside attributes too)."""
    return html.escape(plain(value), quote=True)


def plain(value) -> str:
    """A value as one line of plain text: lists joined with commas, numbers kept short."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(plain(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{plain(k)}: {plain(v)}" for k, v in value.items())
    return str(value)


# ------------------------------------------------------------------ inline pages

def iframe(page: str, height: int = 520, title: str = "glossary view") -> str:
    """A sandboxed iframe that shows ``page`` (a complete HTML document) inline.

    The page travels escaped in ``srcdoc``; ``sandbox="allow-scripts"`` lets its script draw
    but gives it a unique origin, so it cannot reach the notebook, its cookies or the kernel.

    Examples
    --------
    >>> frame = iframe("<p>a & b</p>", height=100)
    >>> frame.startswith('<iframe sandbox="allow-scripts" srcdoc="&lt;p&gt;a &amp; b&lt;/p&gt;"')
    True
    """
    height = max(120, int(height))
    return (f'<iframe sandbox="allow-scripts" srcdoc="{html.escape(page, quote=True)}" '
            f'title="{esc(title)}" style="width:100%;height:{height}px;border:1px solid '
            f'rgba(128,128,128,.35);border-radius:6px"></iframe>')


class InlinePage:
    """A complete HTML page that a notebook shows inline; :meth:`save` writes it to a file."""

    def __init__(self, page: str, height: int = 520, title: str = "glossary view"):
        self.page = page
        self.height = height
        self.title = title

    def save(self, path: str | os.PathLike):
        """Write the page (UTF-8, atomically); it opens offline in any browser."""
        return write_text(path, self.page)

    def __repr__(self) -> str:
        return f"<InlinePage {self.title!r}: {len(self.page)} characters>"

    def _repr_html_(self) -> str:
        return iframe(self.page, self.height, self.title)


# ------------------------------------------------------------------ tables

def table_html(table: "Table", max_rows: int = MAX_HTML_ROWS) -> str:
    """An HTML table of the rows (the first ``max_rows``; a line says how many more there are)."""
    head = "".join(f'<th style="{_CELL}">{esc(c)}</th>' for c in table.columns)
    body = []
    for row in table.rows[:max_rows]:
        cells = "".join(f'<td style="{_CELL}">{esc(row.get(c))}</td>' for c in table.columns)
        body.append(f"<tr>{cells}</tr>")
    caption = f'<caption style="text-align:left;font-weight:600">{esc(table.title)}</caption>' if table.title else ""
    more = ""
    if len(table) > max_rows:
        more = (f'<div style="{_MUTED}">… {len(table) - max_rows} more row(s); '
                f'all rows: <code>.rows</code> or <code>.to_dataframe()</code></div>')
    if not table.rows:
        body.append(f'<tr><td style="{_CELL};{_MUTED}" colspan="{max(1, len(table.columns))}">no rows</td></tr>')
    return (f'<div><table style="border-collapse:collapse;font-size:.92em">{caption}'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>{more}</div>')


def table_text(table: "Table", max_rows: int = MAX_TEXT_ROWS, max_width: int = 40) -> str:
    """The rows as aligned plain text, long cells shortened with an ellipsis."""
    def cell(value, last: bool) -> str:
        text = plain(value).replace("\n", " ")
        limit = 2 * max_width if last else max_width  # the last column may run on
        return text if len(text) <= limit else text[:limit - 1] + "…"

    last = len(table.columns) - 1
    rows = [[cell(row.get(c), i == last) for i, c in enumerate(table.columns)] for row in table.rows[:max_rows]]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(table.columns)]
    lines = [table.title] if table.title else []
    lines.append("  ".join(c.ljust(w) for c, w in zip(table.columns, widths)).rstrip())
    lines.extend("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in rows)
    if len(table) > max_rows:
        lines.append(f"… {len(table) - max_rows} more row(s)")
    if not table.rows:
        lines.append("(no rows)")
    return "\n".join(lines)


# ------------------------------------------------------------------ terms

def term_html(term: "Term") -> str:
    """A card: name, id, status, aliases, categories, definitions, links and the other fields."""
    attrs = term.attrs
    parts = [f'<div style="{_BOX}">',
             f'<div style="font-size:1.15em;font-weight:600">{esc(term.label)} '
             f'<code style="font-weight:400;{_MUTED}">{esc(term.id)}</code>']
    if term.missing:
        parts.append(' <span style="color:#b45309">missing term</span></div>')
        parts.append(f'<div>No file defines it; referenced by {esc(attrs.get("referenced_by", []))}.</div>')
        parts.append(_links_html(term))
        parts.append("</div>")
        return "".join(parts)
    if attrs.get("status") is not None:
        parts.append(f' <span style="{_MUTED}">[{esc(attrs.get("status"))}]</span>')
    parts.append("</div>")
    for key in ("aliases", "categories"):
        if term.get(key):
            parts.append(f'<div><span style="{_MUTED}">{key}:</span> {esc(term.get(key))}</div>')
    if attrs.get("replaced_by_id"):
        parts.append(f'<div><span style="{_MUTED}">replaced by:</span> {esc(attrs["replaced_by_id"])}</div>')
    if isinstance(attrs.get("short_def"), str):
        parts.append(f'<p style="margin:.4em 0">{esc(attrs["short_def"])}</p>')
    if isinstance(attrs.get("long_def"), str):
        parts.append(f'<details><summary>long definition</summary><p style="margin:.4em 0">'
                     f'{esc(attrs["long_def"])}</p></details>')
    parts.append(_links_html(term))
    rest = [(k, v) for k, v in attrs.items() if k not in _CARD_FIELDS and v not in (None, "", [], {})]
    if rest:
        parts.append(f'<details><summary>more</summary>{_value_html(dict(rest))}</details>')
    if attrs.get("file"):
        where = f'{attrs["file"]}:{attrs["line"]}' if attrs.get("line") else attrs["file"]
        parts.append(f'<div style="{_MUTED};font-size:.85em">{esc(where)}</div>')
    parts.append("</div>")
    return "".join(parts)


def _links_html(term: "Term") -> str:
    if not term.links:
        return f'<div style="{_MUTED}">no links</div>'
    rows = []
    for relation, others in term.links.items():
        names = []
        for other, label, inferred, missing in others:
            text = esc(label) + (" <em>(missing)</em>" if missing else "")
            if inferred:
                text = f'<span style="{_MUTED}" title="inferred from the other term">{text}*</span>'
            names.append(text)
        rows.append(f'<tr><th style="{_CELL}">{esc(relation)}</th><td style="{_CELL}">{", ".join(names)}</td></tr>')
    return f'<table style="border-collapse:collapse;margin:.3em 0">{"".join(rows)}</table>'


def _value_html(value) -> str:
    """Nested fields as definition lists and bullet lists, every leaf escaped."""
    if isinstance(value, dict):
        items = "".join(f'<dt style="font-weight:600">{esc(k)}</dt><dd style="margin-left:1.2em">'
                        f"{_value_html(v)}</dd>" for k, v in value.items())
        return f'<dl style="margin:.2em 0">{items}</dl>'
    if isinstance(value, list):
        return '<ul style="margin:.2em 0">' + "".join(f"<li>{_value_html(v)}</li>" for v in value) + "</ul>"
    return esc(value)


def term_text(term: "Term", width: int = 88) -> str:
    """The card as plain text (what ``print(term)`` shows)."""
    lines = [f"{term.label}  [{term.id}]" + ("  (missing term)" if term.missing else "")]
    for key in ("aliases", "categories", "status"):
        if term.get(key):
            lines.append(f"  {key}: {plain(term.get(key))}")
    if term.missing:
        lines.append(f"  referenced by: {plain(term.get('referenced_by', []))}")
    if term.definition:
        lines.extend(textwrap.wrap(term.definition, width=width, initial_indent="  ", subsequent_indent="  "))
    for relation, others in term.links.items():
        names = [label + (" (missing)" if missing else "") + ("*" if inferred else "")
                 for _, label, inferred, missing in others]
        lines.append(f"  {relation}: " + ", ".join(names))
    return "\n".join(lines)


# ------------------------------------------------------------------ paths, neighbourhoods, summary

def path_html(path: "ConceptPath") -> str:
    """The chain of terms with each step's relation between them."""
    parts = [f"<strong>{esc(path.labels[path.source])}</strong>"]
    for step in path.steps:
        note = ' title="inferred from the other term"' if step.inferred else ""
        parts.append(f' <span style="{_MUTED}"{note}>—{esc(step.relation)}→</span> '
                     f"<strong>{esc(path.labels[step.target])}</strong>")
    return f'<div style="{_BOX}">{"".join(parts)}<div style="{_MUTED};font-size:.85em">{len(path)} step(s)</div></div>'


def rings_html(hood: "Neighbourhood") -> str:
    """The neighbourhood's terms grouped by distance from the centre."""
    g = hood.graph
    rows = []
    for distance in range(0, hood.depth + 1):
        ring = [n for n in hood.nodes if g.nodes[n]["hops"] == distance]
        if ring:
            names = ", ".join(esc(g.nodes[n].get("label", n)) + (" <em>(missing)</em>" if g.nodes[n].get("missing")
                                                                  else "") for n in ring)
            rows.append(f'<tr><th style="{_CELL}">{distance} hop(s)</th><td style="{_CELL}">{names}</td></tr>')
    return f'<table style="border-collapse:collapse">{"".join(rows)}</table>'


def neighbourhood_html(hood: "Neighbourhood", height: int = 520) -> str:
    """The interactive picture in a sandboxed iframe (when available) over the terms by distance."""
    header = (f'<div style="font-weight:600">Neighbourhood of {esc(hood.label)}: {len(hood)} term(s) '
              f'within {hood.depth} hop(s) over {esc(", ".join(hood.relations))}</div>')
    page = hood.html()
    if page is None:
        return f'<div>{header}{rings_html(hood)}</div>'
    return (f'<div>{header}{iframe(page, height, "Neighbourhood of " + hood.label)}'
            f'<details><summary>terms by distance</summary>{rings_html(hood)}</details></div>')


def explorer_html(explorer: "Explorer") -> str:
    """The glossary at a glance: where it came from and its counts."""
    summary = explorer.summary()
    rows = "".join(f'<tr><th style="{_CELL}">{esc(k.replace("_", " "))}</th><td style="{_CELL}">{esc(v)}</td></tr>'
                   for k, v in summary.items())
    source = f' <code>{esc(explorer.source)}</code>' if explorer.source else ""
    return (f'<div style="{_BOX}"><div style="font-weight:600">Glossary{source}</div>'
            f'<table style="border-collapse:collapse">{rows}</table></div>')
