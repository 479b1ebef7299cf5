"""The quality report as data, and its three renderings: grouped text, JSON and an HTML page.

:func:`build_report` turns findings into one plain dict; the renderers only format that dict, so
text, JSON and HTML always say the same thing. The JSON is the stable interface for CI and other
tools; its shape (``format: glossary-graph-check``, ``version: 1``) is described in
``graph/schema/check-report.schema.json`` and only grows compatible fields within a version:

- ``source``: ``paths``, ``rdf``, ``files``, ``terms``
- ``settings``: ``fail_on``, ``stale_after_days``, ``as_of``
- ``summary``: ``findings``, ``error``, ``warning``, ``info``, ``failed`` (the exit status)
- ``checks``: one entry per check run: ``code``, ``title``, ``category``, ``severity``,
  ``qskos``, ``description``, ``count``
- ``categories``: findings per category
- ``findings``: ``check``, ``severity``, ``category``, ``message``, ``hint``, ``file``,
  ``line``, ``column``, ``path``, ``terms`` (term ids, i.e. slugs)
- ``write_next``: missing terms, most referenced first: ``term``, ``label``, ``count``,
  ``referenced_by`` (ids), ``referenced_by_labels``
"""
from __future__ import annotations

import html
import json
import os
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from .errors import ERROR, INFO, SEVERITY_RANK, WARNING, Problem
from .quality import CATEGORIES, CHECKS, FORMAT_CATEGORY, category_of, write_next

REPORT_FORMAT = "glossary-graph-check"
REPORT_VERSION = 1
SEVERITIES = (ERROR, WARNING, INFO)


def build_report(glossary, problems: list[Problem], *, config=None, fail_on: str = ERROR,
                 paths: list[str] | None = None, rdf: str | None = None) -> dict:
    """Everything a report shows, as JSON-ready data in a stable order (no timestamps)."""
    counts = Counter(p.severity for p in problems)
    by_check = Counter(p.code for p in problems)
    selected = [info for code, info in CHECKS.items() if config is None or config.wants(code)]
    checks = [{"code": info.code, "title": info.title, "category": info.category,
               "severity": info.severity, "qskos": info.qskos, "description": info.description,
               "count": by_check.get(info.code, 0)} for info in selected]
    known = {info.code for info in selected}
    for code in sorted(c for c in by_check if c not in known):  # compiler problems (schema, YAML)
        worst = max((p.severity for p in problems if p.code == code), key=lambda s: SEVERITY_RANK[s])
        checks.append({"code": code, "title": code.replace("-", " "), "category": FORMAT_CATEGORY,
                       "severity": worst, "qskos": False, "description": "found while compiling the glossary",
                       "count": by_check[code]})
    categories = Counter(category_of(p.code) for p in problems)
    failed = fail_on != "never" and any(
        SEVERITY_RANK.get(p.severity, 0) >= SEVERITY_RANK[fail_on] for p in problems)
    as_of = getattr(config, "today", None)
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "source": {"paths": list(paths or []), "rdf": rdf, "files": len(glossary.files),
                   "terms": len(glossary.resolution.terms)},
        "settings": {"fail_on": fail_on,
                     "stale_after_days": getattr(config, "stale_after_days", None),
                     "as_of": as_of.isoformat() if as_of else None},
        "summary": {"findings": len(problems), **{s: counts.get(s, 0) for s in SEVERITIES}, "failed": failed},
        "checks": checks,
        "categories": {c: categories.get(c, 0) for c in CATEGORIES},
        "findings": [_finding(p) for p in problems],
        "write_next": write_next(glossary),
    }


def _finding(problem: Problem) -> dict:
    return {"check": problem.code, "severity": problem.severity, "category": category_of(problem.code),
            "message": problem.message, "hint": problem.hint_text, "file": problem.file,
            "line": problem.line, "column": problem.column, "path": problem.path,
            "terms": list(problem.terms)}


# ----------------------------------------------------------------- text

def render_json(report: dict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _location(finding: dict) -> str:
    parts = [str(x) for x in (finding["file"], finding["line"], finding["column"]) if x is not None]
    head = ":".join(parts)
    return ": ".join(x for x in (head, finding["path"]) if x)


def _ordered_checks(report: dict) -> list[dict]:
    return sorted((c for c in report["checks"] if c["count"]),
                  key=lambda c: (-SEVERITY_RANK[c["severity"]], CATEGORIES.index(c["category"])
                                 if c["category"] in CATEGORIES else 99, c["code"]))


def render_text(report: dict, *, write_next_limit: int = 20) -> str:
    """Findings grouped by check (errors first), then what to write next, then the totals."""
    source = report["source"]
    lines = [f"Checked {source['terms']} term(s) in {source['files']} file(s)"
             + (f" from {source['rdf']}" if source["rdf"] else "") + "."]
    findings_by_check: dict[str, list[dict]] = {}
    for finding in report["findings"]:
        findings_by_check.setdefault(finding["check"], []).append(finding)
    for check in _ordered_checks(report):
        lines.append("")
        lines.append(f"[{check['code']}] {check['title']}: {check['count']} {check['severity']}"
                     + ("s" if check["count"] != 1 and check["severity"] != INFO else ""))
        for finding in findings_by_check.get(check["code"], []):
            text = finding["message"] + (f"; {finding['hint']}" if finding["hint"] else "")
            where = _location(finding)
            lines.append(f"  {where}: {text}" if where else f"  {text}")
    todo = report["write_next"]
    if todo:
        lines.append("")
        lines.append(f"What to write next ({len(todo)} missing term(s), most linked first):")
        for entry in todo[:write_next_limit]:
            lines.append(f"  {entry['count']:3d}  {entry['label']}  <- " + ", ".join(entry["referenced_by_labels"]))
        if len(todo) > write_next_limit:
            lines.append(f"  ... and {len(todo) - write_next_limit} more (--format json lists all)")
    summary = report["summary"]
    lines.append("")
    cats = ", ".join(f"{c} {n}" for c, n in report["categories"].items() if n)
    lines.append(f"{summary['error']} error(s), {summary['warning']} warning(s), {summary['info']} info"
                 + (f" ({cats})" if cats else "") + ".")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------- HTML

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d232b;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:1.6em;margin:0 0 4px}h2{margin-top:2em;font-size:1.25em}
.muted{color:#5b6572}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:10px 16px;min-width:120px}
.card b{display:block;font-size:1.6em}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dde1e6}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #eceef1;vertical-align:top}
th{background:#eef1f4;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.sev{display:inline-block;border-radius:4px;padding:0 6px;font-size:.85em;font-weight:600}
.sev-error{background:#fde2e1;color:#9b1c15}.sev-warning{background:#fff1cc;color:#7a5300}
.sev-info{background:#e3eefc;color:#1f4e8c}
details{background:#fff;border:1px solid #dde1e6;border-radius:8px;margin:10px 0;padding:0 12px}
summary{cursor:pointer;padding:10px 0;font-weight:600}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em}
.hint{color:#5b6572}
a{color:#1f5fbf}
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def term_href(term_id: str, site_url: str | None, site_dir: str | None = None) -> str | None:
    """Link to the explorer's page for a term, when a site is known (and, for a folder, has it)."""
    if not site_url:
        return None
    if site_dir is not None and not (Path(site_dir) / "terms" / f"{term_id}.html").is_file():
        return None
    return site_url.rstrip("/") + "/terms/" + quote(term_id) + ".html"


def site_link_base(site_dir: str | os.PathLike | None, out_file: str | os.PathLike | None) -> str | None:
    """A relative URL from the report file to an existing explorer site folder, else None."""
    if site_dir is None or out_file is None or not (Path(site_dir) / "terms").is_dir():
        return None
    start = Path(os.path.abspath(out_file)).parent
    rel = os.path.relpath(os.path.abspath(site_dir), start)
    return Path(rel).as_posix()


def render_html(report: dict, glossary=None, *, site_url: str | None = None, site_dir: str | None = None,
                title: str = "Glossary quality report") -> str:
    """A self-contained page (inline CSS, no scripts, no outside resources); all text escaped."""
    labels = glossary.resolution.index.labels if glossary is not None else {}
    terms = set(glossary.resolution.terms) if glossary is not None else set()

    def term_link(term_id: str) -> str:
        label = labels.get(term_id, term_id)
        href = term_href(term_id, site_url, site_dir) if term_id in terms else None
        if href:
            return f'<a href="{_e(href)}">{_e(label)}</a>'
        return _e(label)

    summary, source = report["summary"], report["source"]
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(title)}</title><style>{_CSS}</style></head><body><main>",
           f"<h1>{_e(title)}</h1>",
           f'<p class="muted">{source["terms"]} term(s) in {source["files"]} file(s)'
           + (f" from {_e(source['rdf'])}" if source["rdf"] else "") + "</p>",
           '<div class="cards">']
    for key, label in (("error", "errors"), ("warning", "warnings"), ("info", "info"),
                       ("findings", "findings")):
        out.append(f'<div class="card" id="count-{key}"><b>{summary[key]}</b>{label}</div>')
    out.append(f'<div class="card"><b>{len(report["write_next"])}</b>missing terms</div></div>')

    out.append("<h2>By category</h2><table><thead><tr><th>category</th><th>findings</th></tr></thead><tbody>")
    for category, count in report["categories"].items():
        out.append(f'<tr><td>{_e(category)}</td><td class="n">{count}</td></tr>')
    out.append("</tbody></table>")

    out.append('<h2>By check</h2><table id="by-check"><thead><tr><th>check</th><th>what</th><th>category</th>'
               "<th>severity</th><th>findings</th></tr></thead><tbody>")
    for check in sorted(report["checks"], key=lambda c: (c["count"] == 0, -SEVERITY_RANK[c["severity"]], c["code"])):
        name = (f'<a href="#check-{_e(check["code"])}">{_e(check["code"])}</a>' if check["count"]
                else _e(check["code"]))
        out.append(f"<tr><td><code>{name}</code></td><td>{_e(check['title'])}<br>"
                   f'<span class="muted">{_e(check["description"])}</span></td><td>{_e(check["category"])}</td>'
                   f'<td><span class="sev sev-{_e(check["severity"])}">{_e(check["severity"])}</span></td>'
                   f'<td class="n">{check["count"]}</td></tr>')
    out.append("</tbody></table>")

    if report["write_next"]:
        out.append("<h2>What to write next</h2><p class=\"muted\">Missing terms, most linked first.</p>"
                   '<table id="write-next"><thead><tr><th>missing term</th><th>links</th>'
                   "<th>linked from</th></tr></thead><tbody>")
        for entry in report["write_next"]:
            sources = ", ".join(term_link(t) for t in entry["referenced_by"])
            out.append(f'<tr><td>{_e(entry["label"])}</td><td class="n">{entry["count"]}</td><td>{sources}</td></tr>')
        out.append("</tbody></table>")

    out.append("<h2>Findings</h2>")
    grouped: dict[str, list[dict]] = {}
    for finding in report["findings"]:
        grouped.setdefault(finding["check"], []).append(finding)
    for check in _ordered_checks(report):
        items = grouped.get(check["code"], [])
        opened = " open" if check["severity"] == ERROR else ""
        out.append(f'<details id="check-{_e(check["code"])}"{opened}><summary>'
                   f'<span class="sev sev-{_e(check["severity"])}">{_e(check["severity"])}</span> '
                   f'<code>{_e(check["code"])}</code> {_e(check["title"])} ({len(items)})</summary>'
                   "<table><thead><tr><th>where</th><th>terms</th><th>finding</th></tr></thead><tbody>")
        for finding in items:
            where = _location({**finding, "path": ""})
            out.append(f'<tr class="finding"><td><code>{_e(where)}</code><br><span class="muted">{_e(finding["path"])}'
                       f'</span></td><td>{", ".join(term_link(t) for t in finding["terms"])}</td>'
                       f'<td>{_e(finding["message"])}<br><span class="hint">{_e(finding["hint"])}</span></td></tr>')
        out.append("</tbody></table></details>")
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"
