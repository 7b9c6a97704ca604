"""The tests' own organisation, and the one helper to copy or load it.

The tests' organisation is the bundled example (tooling/perfcode/scaffold/example/, package
data: people/, cycles/ with their results.yaml and signatures.yaml, the hand-written site
pages, mkdocs.yml), its one home: `perfcode init --example` writes it (without its evidence)
and this repository's own records started as a copy of it. The tests read it, never the
records at the repository's root: a company that replaces people/ and cycles/ with its own
keeps a green suite, and the checks of whatever organisation the repository holds
(tests/foundation/test_repository.py) stay generic. When the example's records change,
regenerate its results and evidence there:

    .venv/bin/perfcode score --write --root tooling/perfcode/scaffold/example
    .venv/bin/python tests/signatures/make_example_evidence.py
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

from perfcode import model as m
from perfcode.load import repository as load
from perfcode.site.build import GENERATED

#: this repository: its tooling, schemas/, README.md, workflows (and whatever records it holds)
REPOSITORY = Path(__file__).resolve().parents[1]
#: the tests' organisation: the bundled example (package data, its one home)
EXAMPLE = REPOSITORY / "tooling" / "perfcode" / "scaffold" / "example"
#: an organisation's records
RECORDS = ("people", "cycles")


def copy_organisation(
    source: Path, target: Path, *, site: bool = False, mkdocs: bool | None = None
) -> Path:
    """SOURCE's records copied into TARGET, with this repository's schemas/ (which the
    records' modelines name); with SITE also SOURCE's hand-written site pages (not the pages
    `perfcode site` generates) and, unless MKDOCS is False, its mkdocs.yml (MKDOCS defaults
    to SITE). Either is copied only when SOURCE has it. Returns TARGET."""
    target.mkdir(parents=True, exist_ok=True)
    for part in RECORDS:
        shutil.copytree(source / part, target / part)
    shutil.copytree(REPOSITORY / "schemas", target / "schemas")
    if (site if mkdocs is None else mkdocs) and (source / "mkdocs.yml").is_file():
        shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    docs = source / "site"
    if site and docs.is_dir():
        shutil.copytree(
            docs,
            target / "site",
            ignore=lambda folder, names: [
                n for n in names if (Path(folder) / n).relative_to(docs).as_posix() in GENERATED
            ],
        )
    return target


def copy_example(target: Path, *, site: bool = False, mkdocs: bool | None = None) -> Path:
    """The tests' organisation copied into TARGET (see copy_organisation)."""
    return copy_organisation(EXAMPLE, target, site=site, mkdocs=mkdocs)


@functools.cache
def load_example() -> m.Repository:
    """The tests' organisation, loaded once (the model is read-only: share it)."""
    repository, problems = load.load_repository(EXAMPLE)
    assert problems == [], problems
    return repository
