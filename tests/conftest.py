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
