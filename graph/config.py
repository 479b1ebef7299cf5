"""Scheme metadata for the SKOS export: base IRI, title, description, language, creator, licence.

Read from ``glossary.yaml`` or the ``[tool.glossary-graph]`` table of ``pyproject.toml`` in the
current folder (or an explicit file), then overridden by command-line options, else defaults.
Kept apart from the exporter so every command and notebook resolves the same settings.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .errors import GlossaryError, did_you_mean
from .loading import SafeLoader

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

log = logging.getLogger(__name__)

DEFAULT_BASE_IRI = "https://glossary-graph.example.org/glossary/"
CONFIG_FILE = "glossary.yaml"
PYPROJECT_TABLE = "glossary-graph"

_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*\Z")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


@dataclass(frozen=True)
class SchemeConfig:
    """Who publishes the vocabulary and under which IRIs."""

    base_iri: str = DEFAULT_BASE_IRI
    title: str = "Glossary"
    description: str = ""
    language: str = "en"
    creator: str = ""
    license: str = ""
    created: str = ""
    #: where the settings came from (for messages), not part of the export
    source: str = "defaults"

    @property
    def scheme_iri(self) -> str:
        """The concept scheme is the base IRI itself; concepts hang below it."""
        return self.base_iri


KEYS = [f.name for f in dataclasses.fields(SchemeConfig) if f.name != "source"]


def load_config(path: str | os.PathLike | None = None, *, folder: str | os.PathLike = ".",
                **overrides) -> SchemeConfig:
    """Settings from ``path`` (a glossary.yaml or pyproject.toml), else from ``folder``, then
    ``overrides`` (None values ignored), then defaults. Raises GlossaryError on a bad file/value.
    """
    values: dict = {}
    source = "defaults"
    if path is not None:
        values, source = _read(Path(path), required=True)
    else:
        for candidate in (Path(folder) / CONFIG_FILE, Path(folder) / "pyproject.toml"):
            if candidate.is_file():
                values, source = _read(candidate, required=False)
                if values:
                    break
    given = {k: v for k, v in overrides.items() if v is not None}
    unknown = set(given) - set(KEYS)
    if unknown:
        raise TypeError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    if given:
        source = f"{source} + command line" if source != "defaults" else "command line"
    values.update(given)
    config = SchemeConfig(**_checked(values, source), source=source)
    if config.base_iri == DEFAULT_BASE_IRI:
        log.debug("no base_iri configured; concepts get IRIs under %s", DEFAULT_BASE_IRI)
    return config


def _read(path: Path, required: bool) -> tuple[dict, str]:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read settings: {exc.strerror}", file=name) from None
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise GlossaryError(f"malformed TOML: {exc}", file=name) from None
        table = data.get("tool", {}).get(PYPROJECT_TABLE)
        if table is None:
            if required:
                raise GlossaryError(f"no [tool.{PYPROJECT_TABLE}] table", file=name,
                                    hint="add the table, or pass a glossary.yaml")
            return {}, name
        where = f"{name} [tool.{PYPROJECT_TABLE}]"
    else:
        try:
            table = yaml.load(raw.decode("utf-8-sig"), Loader=SafeLoader)  # noqa: S506 - safe loader
        except (UnicodeDecodeError, yaml.YAMLError) as exc:
            raise GlossaryError(f"malformed settings file: {exc}".splitlines()[0], file=name) from None
        table = {} if table is None else table
        where = name
    if not isinstance(table, dict):
        raise GlossaryError("settings must be a mapping of key: value", file=name)
    values = {}
    for key, value in table.items():
        if key in KEYS:
            values[key] = value
        else:  # other tools may share the table; only flag what looks like a typo
            hint = did_you_mean(str(key), KEYS, cutoff=0.75)
            if hint:
                log.warning("%s: unknown setting %r, %s", where, key, hint)
    return values, where


def _checked(values: dict, source: str) -> dict:
    out = {}
    for key, value in values.items():
        if isinstance(value, (_dt.date, _dt.datetime)):
            value = value.isoformat()[:10]
        if not isinstance(value, str):
            raise GlossaryError(f"setting {key!r} must be text, got {type(value).__name__}", file=source)
        out[key] = value.strip()
    base = out.get("base_iri")
    if base is not None:
        parts = urlsplit(base)
        if not parts.scheme or not (parts.netloc or parts.scheme == "urn") or _IRI_FORBIDDEN.search(base):
            raise GlossaryError(f"base_iri {base!r} is not an absolute IRI", file=source,
                                hint="use e.g. https://example.org/glossary/ (no spaces)")
        if not base.endswith(("/", "#")):
            out["base_iri"] = base + "/"
    lang = out.get("language")
    if lang is not None and not _LANGUAGE.match(lang):
        raise GlossaryError(f"language {lang!r} is not a language tag", file=source,
                            hint="use a BCP 47 tag such as en, de or en-GB")
    created = out.get("created")
    if created:
        try:
            _dt.date.fromisoformat(created)
        except ValueError:
            raise GlossaryError(f"created {created!r} is not a date", file=source,
                                hint="write it as YYYY-MM-DD") from None
    if out.get("title") == "":
        raise GlossaryError("title must not be empty", file=source)
    return out


def is_iri(text: str) -> bool:
    """True for an absolute http(s)/urn IRI without characters that IRIs forbid."""
    parts = urlsplit(text)
    return bool(parts.scheme) and bool(parts.netloc or parts.scheme == "urn") and not _IRI_FORBIDDEN.search(text)
