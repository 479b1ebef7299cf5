"""What notebooks show: escaped glossary text, no outside references, a picture that draws.

The scenario ``explore-unsafe-text`` has a term named ``<script>alert(1)</script>`` whose
alias, category and definitions carry ``<script>``, ``<img src=x onerror=...>``, ``<a href>``
and ``<iframe src>`` markup: all of it must come out as text.
"""
from __future__ import annotations

import html
import html.parser
import importlib.util
import re

import pytest

import graph
from graph import notebook
from graph.explore import Table


HAS_VIEW = importlib.util.find_spec("graph.visualize") is not None
#: Tags the notebook's own markup may use (the interactive page lives inside srcdoc).
OWN_TAGS = {"div", "span", "strong", "em", "code", "p", "details", "summary", "table", "caption",
            "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "ul", "li", "iframe"}
#: Attributes that would fetch or link something, or run script.
URL_ATTRS = {"src", "href", "action", "formaction", "poster", "data", "srcset", "background", "xlink:href"}


class Markup(html.parser.HTMLParser):
    """Tags, attributes, text and srcdoc pages of an HTML fragment, as a browser would parse it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []
        self.pages: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs.append((tag, name, value))
            if tag == "iframe" and name == "srcdoc":
                self.pages.append(value)

    def handle_data(self, data):
        self.text.append(data)


def parse(fragment: str) -> Markup:
    markup = Markup()
    markup.feed(fragment)
    markup.close()
    return markup


def assert_safe_fragment(fragment: str) -> Markup:
    """Own markup only, no event handlers, no URL attributes, no CSS fetches; iframes sandboxed."""
    markup = parse(fragment)
    assert set(markup.tags) <= OWN_TAGS, set(markup.tags) - OWN_TAGS
    for tag, name, value in markup.attrs:
        assert not name.startswith("on"), (tag, name, value)
        assert name not in URL_ATTRS, (tag, name, value)
        if name == "style":
            assert "url(" not in value and "@import" not in value, value
        if tag == "iframe" and name == "sandbox":
            assert value == "allow-scripts", value
    frames = markup.tags.count("iframe")
    assert frames == len(markup.pages) == sum(1 for t, n, _ in markup.attrs if t == "iframe" and n == "sandbox")
    for page in markup.pages:
        assert_offline_page(page)
    return markup


def assert_offline_fragment(fragment: str) -> None:
    """Any cell output (pandas tables included): no URL attributes or handlers; pages offline."""
    markup = parse(fragment)
    for tag, name, value in markup.attrs:
        assert not name.startswith("on") and name not in URL_ATTRS, (tag, name, value)
    assert not {"script", "link", "img", "object", "embed"} & set(markup.tags)
    assert not re.search(r"@import|url\(", "".join(markup.text), re.I)
    for page in markup.pages:
        assert_offline_page(page)


class _PageRefs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in URL_ATTRS and value and not value.startswith(("#", "data:")):
                self.refs.append(f"<{tag} {name}={value}>")
        if tag == "meta" and dict(attrs).get("http-equiv", "").lower() == "refresh":
            self.refs.append("meta refresh")


def assert_offline_page(page: str) -> None:
    """A complete page that references nothing outside itself (script bodies are not markup)."""
    assert page.lstrip().lower().startswith("<!doctype html"), page[:80]
    finder = _PageRefs()
    finder.feed(page)
    assert not finder.refs, finder.refs
    for css in re.findall(r"<style[^>]*>(.*?)</style>", page, re.S | re.I):
        assert "@import" not in css
        assert not re.search(r"url\(\s*['\"]?(?!data:|#)", css), css[:200]


# ------------------------------------------------------------------ fixtures

@pytest.fixture
def unsafe(scenario):
    return graph.load(scenario("explore-unsafe-text"))


SCRIPT_TERM = "<script>alert(1)</script>"
IMG_ALIAS = '<img src=x onerror="document.body.dataset.pwned=1">'


# ------------------------------------------------------------------ escaping

def test_term_card_shows_markup_as_text(unsafe):
    term = unsafe.term(SCRIPT_TERM)
    markup = assert_safe_fragment(term._repr_html_())
    text = "".join(markup.text)
    assert SCRIPT_TERM in text and IMG_ALIAS in text
    assert "<b>bold</b> & co" in text  # the category, as written
    assert "<a href='https://example.com/x'>link</a>" in text  # the long definition, as written
    assert "<b>missing</b> (missing)" in text  # a link to a missing term with a markup name


def test_missing_term_card(unsafe):
    card = unsafe.term("<b>missing</b>")
    assert card.missing
    markup = assert_safe_fragment(card._repr_html_())
    assert "missing term" in "".join(markup.text)


@pytest.mark.parametrize("make", [
    lambda ex: ex.table(include_missing=True),
    lambda ex: ex.search("img"),
    lambda ex: ex.missing(),
    lambda ex: ex.central("pagerank"),
    lambda ex: ex.communities(min_size=1),
    lambda ex: ex.path("plain term", SCRIPT_TERM),
    lambda ex: ex,
], ids=["table", "search", "missing", "central", "communities", "path", "summary"])
def test_every_display_escapes_glossary_text(unsafe, make):
    shown = make(unsafe)
    markup = assert_safe_fragment(shown._repr_html_())
    assert all(t != "script" and t != "img" for t in markup.tags)


def test_a_compiled_glossary_shows_a_summary_not_every_record(scenario):
    compiled = graph.compile_glossary(scenario("explore-unsafe-text"))
    assert repr(compiled) == "<Glossary: 2 terms from 2 file(s), {} error(s), {} warning(s)>".format(
        len(compiled.errors), len(compiled.warnings))
    markup = assert_safe_fragment(compiled._repr_html_())
    assert "terms2" in "".join(markup.text).replace(" ", "")


def test_search_hit_shows_the_markup_as_text(unsafe):
    fragment = unsafe.search("onerror")._repr_html_()
    assert html.escape(IMG_ALIAS, quote=True) in fragment
    assert SCRIPT_TERM in "".join(parse(fragment).text)


def test_neighbourhood_without_the_view_lists_terms_by_distance(unsafe, monkeypatch):
    hood = unsafe.neighbourhood(SCRIPT_TERM)
    monkeypatch.setattr(type(unsafe), "neighbourhood_page", lambda self, *a, **k: None)
    markup = assert_safe_fragment(hood._repr_html_())
    assert "iframe" not in markup.tags
    text = "".join(markup.text)
    assert "0 hop(s)" in text and "1 hop(s)" in text and SCRIPT_TERM in text
    with pytest.raises(graph.GlossaryError):
        hood.picture()


# ------------------------------------------------------------------ inline pages

def test_iframe_carries_the_page_exactly_and_sandboxed():
    page = '<!DOCTYPE html><p title="a &amp; b">x < y & "q" \'s\'</p><script>let s = "</p>";</script>'
    markup = parse(notebook.iframe(page, height=300, title='a "title" <b>'))
    assert markup.pages == [page]  # what the browser un-escapes is the page, byte for byte
    attrs = {name: value for _, name, value in markup.attrs}
    assert attrs["sandbox"] == "allow-scripts"  # scripts run, but never with the notebook's origin
    assert attrs["title"] == 'a "title" <b>'
    assert "height:300px" in attrs["style"]
    assert markup.tags == ["iframe"]


def test_inline_page_saves_utf8(tmp_path):
    page = notebook.InlinePage("<!DOCTYPE html><p>café</p>")
    page.save(tmp_path / "view.html")
    assert (tmp_path / "view.html").read_text(encoding="utf-8") == page.page
    assert page._repr_html_().startswith('<iframe sandbox="allow-scripts"')


def test_long_tables_are_cut_in_display_only():
    table = Table([{"n": i} for i in range(100)], title="numbers")
    fragment = table._repr_html_()
    assert fragment.count("<tr>") == notebook.MAX_HTML_ROWS + 1  # header row + shown rows
    assert "40 more row(s)" in fragment and len(table) == 100
    assert "70 more row(s)" in repr(table)
    assert "no rows" in Table([], ["a"])._repr_html_()


@pytest.mark.skipif(not HAS_VIEW, reason="the interactive view (graph.visualize) is not in this tree yet")
def test_neighbourhood_shows_the_interactive_view_inline(unsafe):
    hood = unsafe.neighbourhood(SCRIPT_TERM, depth=1)
    markup = assert_safe_fragment(hood._repr_html_())
    assert markup.tags.count("iframe") == 1
    (page,) = markup.pages
    assert page == hood.html()
    # the glossary text inside the page is data too: never a live tag in the document
    assert "<script>alert(1)</script>" not in page
    assert '<img src=x onerror' not in page
    assert_safe_fragment(hood.picture(height=400)._repr_html_())
    assert_safe_fragment(unsafe.overview()._repr_html_())


@pytest.mark.skipif(not HAS_VIEW, reason="the interactive view (graph.visualize) is not in this tree yet")
def test_pictures_of_missing_terms_and_of_graphs_loaded_from_json(unsafe, scenario, tmp_path):
    from graph.graph_io import write_node_link
    assert_offline_page(unsafe.neighbourhood("<b>missing</b>").html())
    write_node_link(graph.compile_glossary(scenario("explore-hierarchy")).graph, tmp_path / "g.json")
    from_json = graph.load(tmp_path / "g.json")
    assert_safe_fragment(from_json.neighbourhood("car", depth=2)._repr_html_())


# ------------------------------------------------------------------ in a real browser

@pytest.mark.skipif(not HAS_VIEW, reason="the interactive view (graph.visualize) is not in this tree yet")
def test_notebook_output_draws_offline_in_chromium_and_runs_no_glossary_text(unsafe, browser):
    outputs = [unsafe.neighbourhood(SCRIPT_TERM)._repr_html_(), unsafe.term(SCRIPT_TERM)._repr_html_(),
               unsafe.search("img")._repr_html_()]
    host = "<!DOCTYPE html><html><body>" + "".join(f"<section>{o}</section>" for o in outputs) + "</body></html>"
    outside, errors, dialogs = [], [], []
    page = browser.new_page()
    try:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

        def record(route):
            url = route.request.url
            if not url.startswith(("about:", "data:", "blob:")):
                outside.append(url)
            route.abort()

        page.route("**/*", record)
        page.set_content(host, wait_until="load")
        frame = next(f for f in page.frames if f is not page.main_frame)
        frame.wait_for_selector("canvas", timeout=15000)
        page.wait_for_timeout(500)
        drawn = frame.evaluate("() => { const c = document.querySelector('canvas');"
                               " return c.width > 0 && c.height > 0; }")
        pwned = [f.evaluate("() => document.body.dataset.pwned || null") for f in page.frames]
        page_text = page.inner_text("body")
    finally:
        page.close()
    assert drawn
    assert outside == [] and dialogs == [] and pwned == [None, None]
    assert errors == []
    assert SCRIPT_TERM in page_text and IMG_ALIAS in page_text

