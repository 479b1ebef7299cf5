"""The offline explorer site: static pages that work from ``file://`` and on any static host.

Layout (other outputs, such as the quality report, link into it)::

    DIR/index.html            search over names and aliases, filters by category, role, status
    DIR/terms/<slug>.html     one page per concept: every field and its neighbourhood map
    DIR/missing/<slug>.html   one page per missing term: who links to it
    DIR/overview.html         the whole glossary as one map
    DIR/assets/               one shared copy of vis-network, the CSS and the JavaScript

File names are slugs (no separators, no dot segments) and every path is checked to stay inside
DIR. Pages from an earlier build whose term is gone are removed, so the site matches the
glossary; files the site never writes are left alone.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import quote, urlsplit

import networkx as nx

from . import visualize as vz
from .atomic import write_bytes
from .errors import GlossaryError
from .resolve import RELATIONS

log = logging.getLogger(__name__)

DEFAULT_SITE_DIR = Path("exports") / "site"
ASSET_FILES = ("vis-network.min.js", "explorer.js", "site.js", "site.css")
_SAFE_NAME = re.compile(r"^[^\W_][\w-]*$", re.UNICODE)
ROLE_LABELS = {"data_science": "data science"}
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "base-uri 'none'; form-action 'none'")


@dataclass
class SiteResult:
    """What a build wrote: the folder and the number of pages of each kind."""

    root: Path
    terms: int = 0
    missing: int = 0
    removed: list[Path] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return self.terms + self.missing + 2


@lru_cache(maxsize=65536)
def page_name(node_id: str) -> str:
    """The file name of a node's page: its slug, or a hash when the id is not a safe name."""
    if _SAFE_NAME.match(node_id) and len(node_id.encode("utf-8")) <= 200:
        return node_id + ".html"
    return "term-" + hashlib.sha1(node_id.encode("utf-8")).hexdigest()[:16] + ".html"


def _inside(root: Path, *parts: str) -> Path:
    path = root.joinpath(*parts)
    if os.path.commonpath([os.path.abspath(root), os.path.abspath(path)]) != os.path.abspath(root):
        raise GlossaryError(f"refusing to write outside the site folder: {path}")
    return path


def _href(prefix: str) -> Callable[[str, bool], str]:
    """Link maker for pages ``prefix`` away from the site root ('' or '../')."""
    def href(node_id: str, missing: bool) -> str:
        return prefix + ("missing/" if missing else "terms/") + quote(page_name(node_id))
    return href


def _web_link(url: Any) -> str | None:
    """``url`` if it is an http(s) address (never ``javascript:`` or the like), else None."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _paragraphs(text: Any) -> list[str]:
    if not isinstance(text, str):
        return []
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


class Site:
    """Everything the templates need, computed once per build."""

    def __init__(self, glossary, title: str = "Glossary"):
        self.glossary = glossary
        self.graph: nx.MultiDiGraph = glossary.graph
        self.title = title
        self.colours = vz.category_colours(self.graph)
        self.links = vz.LinkTable(self.graph)
        self.cat_class = {name: f"gg-cat-{i}" for i, name in enumerate(self.colours)}
        self.terms = [n for n, missing in self.graph.nodes(data="missing") if not missing]
        self.terms.sort(key=lambda n: (self.label(n).casefold(), n))
        self.missing = sorted((n for n, missing in self.graph.nodes(data="missing") if missing),
                              key=lambda n: (self.label(n).casefold(), n))
        self.env = vz.templates()

    # -------------------------------------------------------- helpers used by templates
    def label(self, node_id: str) -> str:
        return str(self.graph.nodes[node_id].get("label") or node_id)

    def link(self, node_id: str, prefix: str = "../") -> str:
        return _href(prefix)(node_id, bool(self.graph.nodes[node_id].get("missing")))

    def is_missing(self, node_id: str) -> bool:
        return bool(self.graph.nodes[node_id].get("missing"))

    def role_label(self, role: str) -> str:
        return ROLE_LABELS.get(role, role.replace("_", " "))

    def relations(self, node_id: str) -> list[tuple[str, list[dict]]]:
        """Links of a term per relation, each with who stated it (a link may be inferred)."""
        groups: dict[str, dict[str, dict]] = {rel: {} for rel in RELATIONS}
        for _, other, key, attrs in self.graph.out_edges(node_id, keys=True, data=True):
            rel = attrs.get("relation", key)
            if rel in groups and other != node_id:
                groups[rel][other] = {"id": other, "label": self.label(other), "missing": self.is_missing(other),
                                      "inferred": bool(attrs.get("inferred")), "href": self.link(other)}
        return [(rel, sorted(groups[rel].values(), key=lambda d: (d["label"].casefold(), d["id"])))
                for rel in RELATIONS if groups[rel]]

    def referrers(self, node_id: str) -> list[dict]:
        miss = self.glossary.resolution.missing.get(node_id)
        pairs = sorted(set(miss.referenced_by)) if miss else [
            (src, attrs.get("relation")) for src, _, attrs in self.graph.in_edges(node_id, data=True)
            if not attrs.get("inferred")]
        rows = [{"id": src, "label": self.label(src), "relation": rel} for src, rel in pairs
                if src in self.graph]
        return sorted(rows, key=lambda r: (r["label"].casefold(), r["relation"] or ""))

    # -------------------------------------------------------- pages
    def render(self, template: str, depth: int, **values) -> str:
        prefix = "../" * depth
        return self.env.get_template(template).render(prefix=prefix, policy=POLICY, site=self, **values)

    def index_page(self) -> str:
        entries, cards = [], []
        for node in self.terms:
            attrs = self.graph.nodes[node]
            entry = {"l": self.label(node), "a": vz._strings(attrs.get("aliases")),
                     "c": vz._strings(attrs.get("categories")), "r": vz._strings(attrs.get("roles")),
                     "s": vz._text(attrs.get("status"))}
            entries.append(entry)
            cards.append({"href": self.link(node, ""), "label": entry["l"], "status": entry["s"],
                          "short": vz._text(attrs.get("short_def")), "cats": entry["c"], "aliases": entry["a"]})
        facets = {
            "categories": sorted({c for e in entries for c in e["c"]}, key=str.casefold),
            "roles": sorted({r for e in entries for r in e["r"]}),
            "statuses": [s for s in ("draft", "reviewed", "approved", "deprecated")
                         if any(e["s"] == s for e in entries)]
                        + sorted({e["s"] for e in entries} - {"draft", "reviewed", "approved", "deprecated", ""}),
        }
        return self.render("site_index.html", 0, entries=entries, cards=cards, facets=facets, terms=self.terms,
                           missing=self.missing)

    def term_page(self, node: str) -> str:
        attrs = self.graph.nodes[node]
        data = vz.neighbourhood_data(self.glossary, node, 1, RELATIONS, "force", href=_href("../"),
                                     colours=self.colours, links=self.links)
        return self.render("site_term.html", 1, node=node, t=self.term_fields(node, attrs), data=data)

    def term_fields(self, node: str, attrs: dict) -> dict:
        """The fields of a term, cleaned for display (a broken file must not break its page)."""
        strings, text = vz._strings, vz._text

        def part(name: str) -> dict:
            value = attrs.get(name)
            return value if isinstance(value, dict) else {}

        audiences, examples, governance = part("audiences"), part("examples"), part("governance")
        citations = []
        for item in attrs.get("citations") or []:
            if isinstance(item, dict):
                url = str(item.get("url") or "")
                citations.append({"source": str(item.get("source") or url), "url": url,
                                  "href": _web_link(url)})
        replaced = attrs.get("replaced_by_id")
        reviewed = attrs.get("last_reviewed")
        return {
            "label": self.label(node), "status": text(attrs.get("status")),
            "categories": strings(attrs.get("categories")), "aliases": strings(attrs.get("aliases")),
            "roles": [self.role_label(r) for r in strings(attrs.get("roles"))],
            "pos": text(attrs.get("part_of_speech")).replace("_", " "),
            "short": text(attrs.get("short_def")), "long": _paragraphs(attrs.get("long_def")),
            "exec": text(audiences.get("exec")), "engineer": text(audiences.get("engineer")),
            "do": strings(examples.get("do")), "dont": strings(examples.get("dont")),
            "tags": strings(governance.get("nist_rmf_tags")), "risk": text(governance.get("risk_notes")),
            "citations": citations, "license": text(attrs.get("license")),
            "reviewed": str(reviewed) if reviewed not in (None, "") else "",
            "replaced": replaced if replaced in self.graph else None,
            "replaced_text": text(attrs.get("replaced_by")),
            "source": os.path.basename(str(attrs.get("file") or "")),
            "relations": self.relations(node),
        }

    def missing_page(self, node: str) -> str:
        data = vz.neighbourhood_data(self.glossary, node, 1, RELATIONS, "force", href=_href("../"),
                                     colours=self.colours, links=self.links)
        return self.render("site_missing.html", 1, node=node, label=self.label(node), data=data,
                           referrers=self.referrers(node), file_name=node + ".yml")

    def overview_page(self) -> str:
        data = vz.overview_data(self.glossary, href=_href(""))
        return self.render("site_overview.html", 0, data=data)

    def stylesheet(self) -> str:
        rules = "".join(f".{cls}{{background:{self.colours[name]}}}\n" for name, cls in self.cat_class.items())
        return vz.asset_text("explorer.css") + "\n" + vz.asset_text("site.css") + \
            "\n/* category colours of this glossary */\n" + rules


def _write(path: Path, content: str | bytes) -> None:
    """Write atomically, unless the file already holds exactly this content: a rebuild touches
    only the pages that changed (faster, and modification times keep their meaning)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:
        pass
    write_bytes(path, data)


def build_site(glossary, out_dir: str | os.PathLike = DEFAULT_SITE_DIR, *, title: str = "Glossary") -> SiteResult:
    """Write the explorer site into ``out_dir``; return what was written.

    Each file is written atomically. Pages of terms that no longer exist are removed from
    ``terms/`` and ``missing/``; nothing else in ``out_dir`` is touched.
    """
    root = Path(out_dir)
    if root.exists() and not root.is_dir():
        raise GlossaryError(f"{root} exists and is not a folder", hint="choose another -o DIR")
    site = Site(glossary, title=title)
    result = SiteResult(root)
    _write(_inside(root, "assets", "vis-network.min.js"), vz.vis_network_path().read_bytes())
    _write(_inside(root, "assets", "explorer.js"), vz.asset_text("explorer.js"))
    _write(_inside(root, "assets", "site.js"), vz.asset_text("site.js"))
    _write(_inside(root, "assets", "site.css"), site.stylesheet())
    wanted: dict[str, set[str]] = {"terms": set(), "missing": set()}
    for folder, nodes, render in (("terms", site.terms, site.term_page),
                                  ("missing", site.missing, site.missing_page)):
        for node in nodes:
            name = page_name(node)
            wanted[folder].add(name)
            _write(_inside(root, folder, name), render(node))
        log.debug("wrote %d pages into %s", len(nodes), root / folder)
    result.terms, result.missing = len(site.terms), len(site.missing)
    _write(_inside(root, "overview.html"), site.overview_page())
    _write(_inside(root, "index.html"), site.index_page())
    for folder, names in wanted.items():
        for stale in sorted((root / folder).glob("*.html")) if (root / folder).is_dir() else []:
            if stale.name not in names:
                stale.unlink()
                result.removed.append(stale)
    log.debug("site: %d term pages, %d missing-term pages in %s", result.terms, result.missing, root)
    return result


def site_files(root: str | os.PathLike) -> Iterable[Path]:
    """Every HTML file of a built site (for checks such as "no outside references")."""
    return sorted(Path(root).rglob("*.html"))
