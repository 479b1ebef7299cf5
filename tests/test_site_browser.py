"""The explorer site in a real headless chromium, opened from file:// like a user would."""
from __future__ import annotations

import pytest

from conftest import SCENARIOS
from graph import compile_glossary
from graph.site import build_site
from graph.visualize import neighbourhood_data
from test_html_browser import VIEW, centre_on, counts, wait_ready


@pytest.fixture(scope="module")
def animals():
    return compile_glossary(SCENARIOS / "html-animals")


@pytest.fixture(scope="module")
def site(animals, tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    build_site(animals, root)
    return root


def visible_titles(page):
    return page.eval_on_selector_all(".gg-card:not([hidden]) .gg-card-title", "els => els.map(e => e.textContent)")


def test_search_finds_a_term_by_alias_and_filters_narrow_the_list(open_page, site):
    page = open_page(site / "index.html")
    assert len(visible_titles(page)) == 5
    page.fill("#gg-q", "Canis familiaris")
    assert visible_titles(page) == ["dog"]
    assert page.inner_text(".gg-card:not([hidden]) [data-gg-match]") == "matches alias \u201ccanis familiaris\u201d"
    assert page.inner_text("[data-gg-count]") == "1 of 5 terms"
    page.fill("#gg-q", "")
    page.select_option("[data-gg-filter=s]", "draft")
    assert visible_titles(page) == ["cat"]
    page.select_option("[data-gg-filter=s]", "")
    page.select_option("[data-gg-filter=c]", "Pets")
    page.select_option("[data-gg-filter=r]", "engineering")
    assert visible_titles(page) == ["dog"]
    page.fill("#gg-q", "zebra")
    assert visible_titles(page) == [] and page.is_visible("[data-gg-empty]")
    assert page.problems == [] and page.outside == []


def test_search_is_restored_from_the_address(open_page, site):
    page = open_page(site / "index.html")
    page.goto((site / "index.html").as_uri() + "#q=pisces")
    page.reload()
    assert visible_titles(page) == ["fish"]
    assert page.problems == []


def test_concept_page_map_and_links_lead_to_other_pages(open_page, site, animals):
    page = open_page(site / "terms" / "dog.html")
    wait_ready(page)
    expected = neighbourhood_data(animals, "dog", depth=1)
    assert counts(page) == [len(expected["nodes"]), len(expected["edges"])]
    x, y = centre_on(page, "mammal")
    page.mouse.click(x, y)
    assert page.evaluate(f"() => {VIEW}.network.getSelectedNodes()") == ["mammal"]
    page.click("[data-gg-details] a.gg-open")
    page.wait_for_url("**/terms/mammal.html")
    wait_ready(page)
    assert page.inner_text("h1") == "mammal"
    x, y = centre_on(page, "animal")
    page.mouse.dblclick(x, y)
    page.wait_for_url("**/terms/animal.html")
    wait_ready(page)
    assert page.problems == [] and page.outside == []


def test_missing_and_overview_pages_draw(open_page, site, animals):
    page = open_page(site / "missing" / "wolf.html")
    wait_ready(page)
    assert counts(page) == [2, 1]
    page.click("text=dog")
    page.wait_for_url("**/terms/dog.html")
    overview = open_page(site / "overview.html")
    wait_ready(overview)
    assert counts(overview)[0] == animals.graph.number_of_nodes()
    for p in (page, overview):
        assert p.problems == [] and p.outside == []


def test_unsafe_text_stays_text_across_the_site(open_page, tmp_path):
    root = tmp_path / "site"
    build_site(compile_glossary(SCENARIOS / "html-unsafe"), root)
    index = open_page(root / "index.html")
    index.fill("#gg-q", "onerror")
    assert index.inner_text(".gg-card:not([hidden]) [data-gg-match]").startswith("matches alias \u201c<img src=x")
    term = open_page(root / "terms" / "payload-b-bold-b.html")
    wait_ready(term)
    assert "<script>window.__pwned" in term.inner_text(".gg-short")
    term.click("text=evil link")  # a citation with a javascript: URL is plain text
    for page in (index, term, open_page(root / "terms" / "etc-passwd.html"), open_page(root / "overview.html")):
        assert page.evaluate("() => window.__pwned") is None
        assert page.evaluate("() => document.querySelectorAll('main img, main b, main i').length") == 0
        assert page.problems == [] and page.outside == []
