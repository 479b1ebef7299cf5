"""Synthetic glossaries for benchmarks: N term files of realistic size and link density.

Each term has aliases, two to three categories, definitions of corpus-like length, examples,
governance notes, one broader link (a tree several levels deep), a few related links and a small
share of links to terms that do not exist, like real glossaries.

    python benchmarks/generate.py OUT_DIR --terms 10000 [--seed 0] [--dangling 0.03]
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

# Term names and running text come from different syllables, as in a real glossary, where
# most words of a definition are not term names; each long definition then names a few other
# terms on purpose (about 2 per term, the ai-glossary corpus has 1.7).
NAME_SYLLABLES = ("ka", "lo", "mi", "ne", "tra", "ver", "sol", "quin", "dar", "pel", "bro", "ta", "zen")
PROSE_SYLLABLES = ("fi", "gor", "hal", "ix", "jun", "mor", "pra", "sel", "tun", "vex", "wol", "yar", "du")
CATEGORIES = ("Foundations", "Optimization", "Model Evaluation", "Neural Networks", "Data",
              "Governance & Risk", "Knowledge Organization", "Semantic Web", "Operations")
ROLES = ("product", "engineering", "data_science", "policy", "legal", "security", "communications")
STATUS = ("draft", "reviewed", "approved", "deprecated")
STATUS_WEIGHTS = (10, 20, 67, 3)


def _word(rng: random.Random, syllables=PROSE_SYLLABLES) -> str:
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(_word(rng) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(10, 18)) for _ in range(sentences))


def make_names(n: int, rng: random.Random) -> list[str]:
    names, seen = [], set()
    while len(names) < n:
        name = " ".join(_word(rng, NAME_SYLLABLES) for _ in range(rng.randint(1, 3)))
        key = name.replace(" ", "")  # names that differ only in spacing are one term
        if key not in seen:
            seen.add(key)
            names.append(name)
    return names


def _block_list(items: list[str], indent: str = "") -> str:
    return "".join(f"{indent}- {item}\n" for item in items)


#: Share of links that the other term also declares (the ai-glossary corpus: about a third;
#: 350 of its 522 link values go one way).
RECIPROCAL = 0.2


def plan_links(names: list[str], rng: random.Random, dangling: float) -> list[dict[str, set[str]]]:
    """Broader/narrower/related values per term: a tree (each term under an earlier one), one
    to five related links, a share of them declared on both sides, a few naming no term."""
    links = [{"broader": set(), "narrower": set(), "related": set()} for _ in names]
    for i in range(1, len(names)):
        if rng.random() < 0.95:
            parent = rng.randrange(i)
            links[i]["broader"].add(names[parent])
            if rng.random() < RECIPROCAL:
                links[parent]["narrower"].add(names[i])
    for i in range(len(names)):
        for _ in range(rng.randint(1, 5)):
            if rng.random() < dangling:
                links[i]["related"].add("missing " + _word(rng, NAME_SYLLABLES))
                continue
            other = rng.randrange(len(names))
            if other == i or names[other] in links[i]["broader"]:
                continue
            links[i]["related"].add(names[other])
            if rng.random() < RECIPROCAL:
                links[other]["related"].add(names[i])
    for entry in links:
        entry["narrower"] -= entry["related"]
    return links


def term_yaml(i: int, names: list[str], links: dict[str, set[str]], rng: random.Random) -> str:
    name = names[i]
    rels = "relationships:\n"
    for key in ("broader", "narrower", "related"):
        values = sorted(links[key])
        rels += f"  {key}:\n" + _block_list(values, "  ") if values else f"  {key}: []\n"
    return (
        f"term: {name}\n"
        f"aliases:\n{_block_list([name + ' ' + _word(rng, NAME_SYLLABLES), _word(rng, NAME_SYLLABLES) + ' ' + name])}"
        f"categories:\n{_block_list(sorted(rng.sample(CATEGORIES, rng.randint(1, 3))))}"
        f"roles:\n{_block_list(sorted(rng.sample(ROLES, rng.randint(1, 4))))}"
        f"part_of_speech: noun\n"
        f"short_def: {_sentence(rng, rng.randint(10, 20))}\n"
        f"long_def: {_paragraph(rng, rng.randint(6, 10))} It is often discussed with "
        f"{names[rng.randrange(len(names))]} and {names[rng.randrange(len(names))]}.\n"
        f"audiences:\n  exec: {_sentence(rng, 16)}\n  engineer: {_sentence(rng, 18)}\n"
        f"examples:\n  do:\n  - {_sentence(rng, 14)}\n  dont:\n  - {_sentence(rng, 14)}\n"
        f"governance:\n  nist_rmf_tags:\n  - validity\n  - transparency\n"
        f"  risk_notes: {_sentence(rng, 16)}\n"
        f"{rels}"
        f"citations:\n- source: {_sentence(rng, 3)}\n  url: https://example.org/{i}\n"
        f"- source: {_sentence(rng, 3)}\n  url: https://example.org/ref/{i}\n"
        f"license: CC BY-SA 4.0\n"
        f"status: {rng.choices(STATUS, STATUS_WEIGHTS)[0]}\n"
        f"last_reviewed: '2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}'\n"
    )


def generate_glossary(out_dir: str | Path, n: int, seed: int = 0, dangling: float = 0.03) -> Path:
    """Write ``n`` term files into ``out_dir`` (created) and return it; same seed, same files."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    names = make_names(n, rng)
    links = plan_links(names, rng, dangling)
    for i in range(n):
        slug = "-".join(names[i].split())
        (out / f"{slug}.yml").write_text(term_yaml(i, names, links[i], rng), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dangling", type=float, default=0.03)
    args = parser.parse_args()
    generate_glossary(args.out, args.terms, args.seed, args.dangling)


if __name__ == "__main__":
    main()
