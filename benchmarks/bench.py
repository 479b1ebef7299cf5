"""Time every stage of glossary-graph against the YAML-parse floor, measured in the same run.

The floor is the least any build must do: read every term file and parse it with libyaml's
``CSafeLoader``. Each stage is reported as seconds and as a ratio to that floor, so figures
from different machines compare. Every measurement is the best of ``--repeat`` runs, which
filters out noise from other processes.

    python benchmarks/bench.py --terms 10000 [--repeat 3] [--only STAGE ...] [--json FILE]

Other modules add stages with ``@stage(name, target=ratio)``; a stage receives a
:class:`Context` and returns nothing (or a dict of extra figures to report).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_glossary  # noqa: E402

from graph.glossary import compile_glossary  # noqa: E402


@dataclass
class Context:
    terms_dir: Path
    tmp: Path
    n_terms: int
    _glossary: object = None
    extra: dict = field(default_factory=dict)

    @property
    def glossary(self):
        """The compiled glossary (compiled once, outside any timing)."""
        if self._glossary is None:
            self._glossary = compile_glossary(self.terms_dir)
        return self._glossary


@dataclass
class Stage:
    name: str
    func: Callable[[Context], dict | None]
    target: float | None  # maximum ratio to the floor, where the issue sets one
    repeatable: bool = True


STAGES: list[Stage] = []


def stage(name: str, target: float | None = None, repeatable: bool = True):
    """Register a timed stage; ``target`` is the ratio to the floor it must stay under."""
    def register(func):
        STAGES.append(Stage(name, func, target, repeatable))
        return func
    return register


def parse_floor(ctx: Context) -> None:
    """Read every file and parse it with CSafeLoader: the floor."""
    for path in sorted(ctx.terms_dir.glob("*.yml")):
        with open(path, "rb") as handle:
            yaml.load(handle.read().decode("utf-8"), Loader=yaml.CSafeLoader)


# ---------------------------------------------------------------- core stages (issue 2)

@stage("load (read + parse, sequential)")
def _load(ctx):
    from graph.loading import load_terms
    ctx.extra["loaded"] = load_terms([ctx.terms_dir])


@stage("validate (schema)")
def _validate(ctx):
    from graph.loading import load_terms
    from graph.validation import validate_records
    loaded = ctx.extra.get("loaded") or load_terms([ctx.terms_dir])
    ctx.extra["loaded"] = loaded
    start = time.perf_counter()
    validate_records(loaded.records)
    return {"seconds": time.perf_counter() - start}


@stage("resolve links")
def _resolve(ctx):
    from graph.resolve import resolve
    loaded = ctx.extra["loaded"]
    start = time.perf_counter()
    ctx.extra["resolution"] = resolve(loaded.records)
    return {"seconds": time.perf_counter() - start}


@stage("build graph")
def _build(ctx):
    from graph.build import build_graph
    resolution = ctx.extra["resolution"]
    start = time.perf_counter()
    build_graph(resolution)
    return {"seconds": time.perf_counter() - start}


def in_fresh_process(code: str, *args: str) -> dict:
    """Run ``code`` in a new interpreter and return the figures it prints as JSON.

    Commands run in a fresh process; timing them inside this one would also charge them for
    the heap that earlier stages left behind (garbage collection, forking a large process).
    Interpreter start and imports are not counted: ``code`` times itself.
    """
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return json.loads(proc.stdout.strip().splitlines()[-1])


_COLD = """
import json, sys, time
from graph.glossary import compile_glossary
start = time.perf_counter()
compile_glossary(sys.argv[1], workers=int(sys.argv[2]) or None)
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def _cold_build(ctx, workers: int) -> dict:
    return in_fresh_process(_COLD, str(ctx.terms_dir), str(workers))


@stage("cold build, one process (load+validate+resolve+graph)")
def _cold_sequential(ctx):
    ctx.extra.clear()  # the stage-by-stage data above is not needed any more
    return _cold_build(ctx, workers=1)


@stage("cold build (load+validate+resolve+graph)", target=1.3)
def _cold(ctx):
    return _cold_build(ctx, workers=0)


# ---------------------------------------------------------------- exploration (issue 5)

@stage("explore: index + degree + pagerank + path + search + gaps")
def _explore_quick(ctx):
    from graph.explore import Explorer
    explorer = Explorer.from_glossary(ctx.glossary)
    explorer.central("degree")
    explorer.central("pagerank")
    terms = explorer.terms
    explorer.path(terms[0], terms[len(terms) // 2], include_missing=True)
    explorer.search("data model")
    explorer.missing(), explorer.orphans(), explorer.table()


@stage("explore: betweenness (sampled above a budget)", repeatable=False)
def _explore_betweenness(ctx):
    from graph.explore import centrality
    centrality(ctx.glossary.graph, "betweenness")


@stage("explore: communities (Louvain)", repeatable=False)
def _explore_communities(ctx):
    from graph.explore import communities
    return {"communities": len(communities(ctx.glossary.graph))}


# ---------------------------------------------------------------- SKOS export (issue 3)

@stage("export-turtle (SKOS triples + Turtle + write)", target=0.5)
def _export_turtle(ctx):
    from graph.atomic import write_bytes
    from graph.config import SchemeConfig
    from graph.skos import serialize
    glossary = ctx.glossary  # compiled outside the timing
    start = time.perf_counter()
    data = serialize(glossary, "ttl", SchemeConfig())
    write_bytes(ctx.tmp / "glossary.ttl", data)
    return {"seconds": time.perf_counter() - start, "MB": round(len(data) / 1e6, 1)}


@stage("export-other (N-Triples, JSON-LD, RDF/XML)", repeatable=False)
def _export_other(ctx):
    import time as _time
    from graph.config import SchemeConfig
    from graph.skos import build_vocabulary
    vocab = build_vocabulary(ctx.glossary, SchemeConfig())
    start = _time.perf_counter()
    for fmt in ("nt", "jsonld", "rdfxml"):
        vocab.serialize(fmt)
    return {"seconds": _time.perf_counter() - start}


# ---------------------------------------------------------------- quality checks (issue 6)

_CHECK = """
import datetime, json, sys, time
from graph.glossary import compile_glossary
from graph.quality import QualityConfig, run_checks
glossary = compile_glossary(sys.argv[1])
start = time.perf_counter()
found = run_checks(glossary, QualityConfig(today=datetime.date(2026, 12, 3)))
print(json.dumps({"seconds": time.perf_counter() - start, "findings": len(found)}))
"""


@stage("check (every quality check + file:line of each finding)", target=0.5)
def _check(ctx):
    """As ``glossary-graph check`` runs it: a fresh process, the compile not counted."""
    return in_fresh_process(_CHECK, str(ctx.terms_dir))


@stage("check: report (JSON + text rendering)")
def _check_report(ctx):
    from graph.quality import run_checks
    from graph.report import build_report, render_json, render_text
    found = run_checks(ctx.glossary)
    start = time.perf_counter()
    report = build_report(ctx.glossary, found)
    render_json(report), render_text(report)
    return {"seconds": time.perf_counter() - start}


# ---------------------------------------------------------------- HTML and site (issue 4)

@stage("html-overview (layout in Python + HTML, all terms)")
def _html_overview(ctx):
    from graph.visualize import overview_html
    glossary = ctx.glossary  # compiled outside the timing
    start = time.perf_counter()
    page = overview_html(glossary)
    return {"seconds": time.perf_counter() - start, "MB": round(len(page.encode("utf-8")) / 1e6, 1)}


@stage("html-overview-first-frame (2,000 terms, headless chromium)", repeatable=False)
def _html_overview_first_frame(ctx):
    """Seconds from navigation start to vis-network's first drawn frame (best of 3 loads)."""
    import shutil
    from graph.atomic import write_text
    from graph.visualize import overview_html
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        chromium = None
    if not chromium:
        return {"seconds": float("nan"), "skipped": "needs Debian's chromium and playwright"}
    glossary = compile_glossary(generate_glossary(ctx.tmp / "terms-2000", 2000))
    start = time.perf_counter()
    path = write_text(ctx.tmp / "overview-2000.html", overview_html(glossary))
    python_seconds = time.perf_counter() - start
    frames = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        for _ in range(3):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(path.resolve().as_uri())
            page.wait_for_function("() => window.glossaryGraph && window.glossaryGraph.firstFrame !== null",
                                   timeout=120_000)
            frames.append(page.evaluate("() => window.glossaryGraph.firstFrame") / 1000)
            page.close()
        browser.close()
    return {"seconds": min(frames), "nodes": glossary.graph.number_of_nodes(),
            "python_s": round(python_seconds, 2), "MB": round(path.stat().st_size / 1e6, 1)}


@stage("site (every page written, all terms)", repeatable=False)
def _site(ctx):
    from graph.site import build_site
    glossary = ctx.glossary  # compiled outside the timing
    start = time.perf_counter()
    result = build_site(glossary, ctx.tmp / "site")
    return {"seconds": time.perf_counter() - start, "pages": result.pages}


# ---------------------------------------------------------------- runner

def measure(func: Callable, ctx: Context, repeat: int) -> tuple[float, dict]:
    best, info = float("inf"), {}
    for _ in range(repeat):
        start = time.perf_counter()
        result = func(ctx) or {}
        elapsed = result.pop("seconds", None) if isinstance(result, dict) else None
        elapsed = elapsed if elapsed is not None else time.perf_counter() - start
        if elapsed < best:
            best, info = elapsed, result
    return best, info


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--terms", type=int, default=10_000, help="size of the generated glossary")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs per stage")
    parser.add_argument("--only", nargs="*", default=None, help="stage names (substrings) to run")
    parser.add_argument("--cache", default=str(Path(__file__).resolve().parent / "out"),
                        help="where generated glossaries are kept between runs")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)

    terms_dir = Path(args.cache) / f"terms-{args.terms}"
    if not terms_dir.is_dir() or len(list(terms_dir.glob("*.yml"))) != args.terms:
        print(f"generating {args.terms} terms into {terms_dir} ...", file=sys.stderr)
        generate_glossary(terms_dir, args.terms)
    size = sum(p.stat().st_size for p in terms_dir.glob("*.yml"))
    with tempfile.TemporaryDirectory() as tmp:
        ctx = Context(terms_dir, Path(tmp), args.terms)
        floor, _ = measure(parse_floor, ctx, args.repeat)
        rows = []
        print(f"{args.terms} terms, {size / 1e6:.1f} MB; floor (read + CSafeLoader parse): {floor:.3f} s")
        print(f"{'stage':58} {'seconds':>8} {'x floor':>8} {'target':>7}")
        failed = False
        for st in STAGES:
            if args.only and not any(o in st.name for o in args.only):
                continue
            seconds, info = measure(st.func, ctx, args.repeat if st.repeatable else 1)
            ratio = seconds / floor
            ok = st.target is None or ratio <= st.target
            failed |= not ok
            target = f"<={st.target}" if st.target is not None else ""
            print(f"{st.name:58} {seconds:8.3f} {ratio:8.2f} {target:>7}{'' if ok else '  MISSED'}"
                  + (f"  {info}" if info else ""))
            rows.append({"stage": st.name, "seconds": seconds, "ratio": ratio, "target": st.target,
                         "met": ok, **info})
    if args.json:
        Path(args.json).write_text(json.dumps({"terms": args.terms, "bytes": size, "floor": floor,
                                               "stages": rows}, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
