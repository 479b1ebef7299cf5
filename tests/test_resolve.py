"""Link resolution: names, aliases and slugs match loosely; gaps and clashes are reported."""
from __future__ import annotations

import pytest

from graph.errors import GlossaryError
from graph.glossary import compile_glossary
from graph.textkeys import match_key, slugify

from conftest import SCENARIOS


@pytest.mark.parametrize("a, b", [
    ("bias-variance tradeoff", "Bias variance trade-off"),
    ("Café", "cafe"),
    ("k-means", "K Means"),
])
def test_match_key_ignores_case_spacing_punctuation_and_accents(a, b):
    assert match_key(a) == match_key(b)


def test_slugs_are_safe_file_names_and_never_empty():
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("Ünïcode Tërm") == "unicode-term"
    assert slugify("???").startswith("term-")
    assert slugify("???") != slugify("!!!")


def by_code(glossary, code):
    return [p for p in glossary.problems if p.code == code]


def test_links_resolve_by_name_alias_and_slug_case_insensitively():
    glossary = compile_glossary(SCENARIOS / "valid")
    graph = glossary.graph
    assert graph.has_edge("mammal", "animal", key="broader")  # "Animal"
    assert graph.has_edge("cat", "mammal", key="broader")  # "MAMMAL"
    assert graph.has_edge("dog", "cat", key="related")  # "Cat"
    assert glossary.lookup("HOUND") == "dog"
    assert glossary.lookup("Canine") == "dog"


def test_unresolved_link_becomes_a_flagged_missing_node_with_suggestions():
    glossary = compile_glossary(SCENARIOS / "valid")
    (purr,) = [p for p in by_code(glossary, "unresolved-link") if "Purring" in p.message]
    assert purr.file.endswith("cat.yml") and purr.path == "relationships.related[1]"
    node = glossary.graph.nodes["purring-thing"]
    assert node["missing"] is True and node["referenced_by"] == ["cat"]
    (mammals,) = [p for p in by_code(glossary, "unresolved-link") if "mammals" in p.message]
    assert mammals.hint_text == "did you mean 'mammal'?"
    assert glossary.resolution.missing["mammals"].referenced_by == [("bird", "related")]


def test_shared_alias_is_ambiguous_and_links_through_it_do_not_resolve():
    glossary = compile_glossary(SCENARIOS / "links")
    shared = by_code(glossary, "shared-alias")
    assert {p.file.rsplit("/", 1)[1] for p in shared} == {"alpha.yml", "beta.yml"}
    (ambiguous,) = by_code(glossary, "ambiguous-link")
    assert "'shared name' is an alias of 'alpha' and 'beta'" in ambiguous.message
    with pytest.raises(GlossaryError, match="alias of several terms"):
        glossary.lookup("Shared Name")


def test_alias_equal_to_another_terms_name_is_reported_and_the_name_wins():
    glossary = compile_glossary(SCENARIOS / "links")
    (clash,) = by_code(glossary, "alias-is-term")
    assert "alias 'beta' is also the name of term 'beta'" in clash.message
    assert glossary.lookup("beta") == "beta"
    assert glossary.graph.has_edge("beta", "alpha", key="related")  # via alias "first letter"


def test_self_link_is_reported_and_not_drawn():
    glossary = compile_glossary(SCENARIOS / "links")
    assert len(by_code(glossary, "self-link")) == 1
    assert not glossary.graph.has_edge("alpha", "alpha")


def test_unknown_lookup_suggests_close_terms():
    glossary = compile_glossary(SCENARIOS / "valid")
    with pytest.raises(GlossaryError) as info:
        glossary.lookup("mamal")
    assert "did you mean 'mammal'" in str(info.value)
