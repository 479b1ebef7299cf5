"""The standalone pages in a real headless chromium: drawn, clickable, offline, inert text."""
from __future__ import annotations

import pytest

from conftest import SCENARIOS
from graph import compile_glossary
from graph.atomic import write_text
from graph.visualize import neighbourhood_data, neighbourhood_html, overview_html

VIEW = "window.glossaryGraph.views[0]"


def wait_ready(page, timeout=30_000):
    page.wait_for_selector("[data-gg-ready]", state="attached", timeout=timeout)


def counts(page):
    return page.evaluate(f"() => [{VIEW}.network.body.data.nodes.length, {VIEW}.network.body.data.edges.length]")


def centre_on(page, node_id):
    """Move the view so the node sits in the middle of the canvas; return that point on screen."""
    return page.evaluate("""id => {
        const v = window.glossaryGraph.views[0];
        v.network.moveTo({position: v.network.getPositions([id])[id], scale: 1.2, animation: false});
        const r = v.canvas.getBoundingClientRect();
        return [r.left + r.width / 2, r.top + r.height / 2];
    }""", node_id)


@pytest.fixture(scope="module")
def animals():
    return compile_glossary(SCENARIOS / "html-animals")


@pytest.fixture(scope="module")
def pages(animals, tmp_path_factory):
    root = tmp_path_factory.mktemp("html")
    write_text(root / "mammal-2.html", neighbourhood_html(animals, "mammal", depth=2))
    write_text(root / "overview.html", overview_html(animals))
    unsafe = compile_glossary(SCENARIOS / "html-unsafe")
    write_text(root / "unsafe.html", neighbourhood_html(unsafe, "payload <b>bold</b>", depth=1))
    return root


def test_neighbourhood_page_draws_the_expected_network_offline(open_page, pages, animals):
    page = open_page(pages / "mammal-2.html")
    wait_ready(page)
    expected = neighbourhood_data(animals, "mammal", depth=2)
    assert counts(page) == [len(expected["nodes"]), len(expected["edges"])] == [6, 6]
    # physics ran (capped), then was switched off so the page idles
    assert page.evaluate(f"() => {VIEW}.network.physics.options.enabled") is False
    legend = page.inner_text("[data-gg-legend]")
    assert "Biology" in legend and "Pets" in legend and "missing term" in legend
    assert page.problems == [] and page.outside == []


def test_clicking_a_node_selects_it_and_shows_its_details(open_page, pages):
    page = open_page(pages / "mammal-2.html")
    wait_ready(page)
    x, y = centre_on(page, "dog")
    page.mouse.click(x, y)
    assert page.evaluate(f"() => {VIEW}.network.getSelectedNodes()") == ["dog"]
    details = page.locator("[data-gg-details]")
    assert details.is_visible()
    text = details.inner_text()
    assert "dog" in text and "A domesticated carnivorous mammal." in text and "canis familiaris" in text
    # the neighbour list selects another node
    details.get_by_role("button", name="mammal").click()
    assert page.evaluate(f"() => {VIEW}.network.getSelectedNodes()") == ["mammal"]
    assert page.problems == []


def test_tree_layout_puts_broader_terms_above(open_page, pages):
    page = open_page(pages / "mammal-2.html")
    wait_ready(page)
    page.get_by_role("button", name="Tree").click()
    wait_ready(page)
    y = page.evaluate(f"() => {{ const p = {VIEW}.network.getPositions(); return [p.animal.y, p.mammal.y, p.dog.y, p.cat.y]; }}")
    assert y[0] < y[1] < y[2] and y[2] == y[3]
    assert page.get_by_role("button", name="Tree").get_attribute("aria-pressed") == "true"
    assert page.problems == []


def test_overview_draws_every_node_with_physics_off(open_page, pages, animals):
    page = open_page(pages / "overview.html")
    wait_ready(page)
    assert counts(page)[0] == animals.graph.number_of_nodes()
    assert page.evaluate(f"() => {VIEW}.network.physics.options.enabled") is False
    assert page.evaluate("() => window.glossaryGraph.firstFrame") > 0
    page.fill("[data-gg-find]", "hound")
    assert "Enter: dog" in page.inner_text("[data-gg-find-status]")
    page.press("[data-gg-find]", "Enter")
    assert page.evaluate(f"() => {VIEW}.network.getSelectedNodes()") == ["dog"]
    assert page.problems == [] and page.outside == []


def test_markup_in_definitions_and_names_does_not_execute(open_page, pages):
    page = open_page(pages / "unsafe.html")
    wait_ready(page)
    x, y = centre_on(page, "payload-b-bold-b")
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    tip = page.inner_text("div.vis-tooltip")
    assert "<script>window.__pwned" in tip and "payload <b>bold</b>" in tip
    page.mouse.click(x, y)
    details = page.inner_text("[data-gg-details]")
    assert "<img src=x onerror=" in details  # alias shown as text
    assert page.evaluate("() => window.__pwned") is None
    assert page.evaluate("() => document.querySelectorAll('img, b, i').length") == 0
    assert page.title().startswith("payload <b>bold</b>")
    assert page.problems == [] and page.outside == []
