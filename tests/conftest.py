"""Shared fixtures and the rule for optional tools: skip on a developer's machine, fail in CI."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "terms"
SCENARIOS = Path(__file__).resolve().parent / "scenarios"
CORPUS = ROOT.parent / "shared" / "corpora" / "ai-glossary" / "terms"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(available: bool, reason: str) -> None:
    """Skip with ``reason`` when a tool is missing, except in CI, where .ci/run installs it."""
    if not available:
        if IN_CI:
            pytest.fail(f"required in CI but missing: {reason}")
        pytest.skip(reason)


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture
def corpus() -> Path:
    """The ai-glossary corpus beside the checkout; skipped where it is absent (a user's clone)."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not present at {CORPUS}")
    return CORPUS


@pytest.fixture
def scenario():
    """Path of a tiny scenario folder under tests/scenarios/."""
    def get(name: str) -> Path:
        path = SCENARIOS / name
        assert path.exists(), f"missing scenario {name}"
        return path
    return get


# ---------------------------------------------------------------- headless browser (issue 4)

CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (never a downloaded browser), one per test module:
    Playwright's sync API allows one running instance, and other modules start their own."""
    chromium = find_chromium()
    require(chromium is not None, "chromium (Debian package) for browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright for Python (pip install -e '.[test]') for browser tests")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def open_page(browser):
    """``open_page(path) -> page`` with ``page.problems`` (console errors, page errors) and
    ``page.outside`` (every request not to a file: or data: URL) recorded from the start."""
    pages = []

    def opener(path, width=1280, height=860):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.problems, page.outside = [], []
        page.on("console", lambda msg: page.problems.append(f"console {msg.type}: {msg.text}")
                if msg.type in ("error", "warning") else None)
        page.on("pageerror", lambda exc: page.problems.append(f"page error: {exc}"))
        page.on("request", lambda req: page.outside.append(req.url)
                if not req.url.startswith(("file:", "data:", "about:")) else None)
        pages.append(page)
        page.goto(Path(path).resolve().as_uri())
        return page

    yield opener
    for page in pages:
        page.close()
