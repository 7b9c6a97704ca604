"""The tests' own organisation, and the one helper to copy or load it.

The tests' organisation is the bundled example (tooling/perfcode/scaffold/example/, package
data: people/, cycles/ with their results.yaml and signatures.yaml, the hand-written site
pages, mkdocs.yml), its one home: `perfcode init --example` writes it (without its evidence)
and this repository's own records started as a copy of it. The tests read it, never the
records at the repository's root: a company that replaces people/ and cycles/ with its own
keeps a green suite, and the checks of whatever organisation the repository holds
(tests/foundation/test_repository.py) stay generic. Its confidential words are sealed to
its people's demo keys (DEMO_KEYS, published: never to be used). When the example's records
change, seal their words, regenerate its results and evidence there, and copy it to this
repository's own records (they are equal):

    .venv/bin/python tests/example_org_seal.py tooling/perfcode/scaffold/example
    .venv/bin/perfcode score --write --root tooling/perfcode/scaffold/example
    .venv/bin/python tests/signatures/make_example_evidence.py
    rm -r people cycles && cp -r tooling/perfcode/scaffold/example/{people,cycles} .
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


#: the example's demo keys (published, never to be used): `<id>.agekey` for every person,
#: OpenSSH keys for two (`<id>_ed25519`) and one RSA (`<id>_rsa`); their README says which
DEMO_KEYS = EXAMPLE / "demo-keys"
#: the people with an SSH demo key, by the key's type
DEMO_SSH = {"wanghongjun": "ed25519", "liuyang": "ed25519", "heli": "rsa"}
#: the demo key of the org's HR (zhaomin, a policy owner: she reads every confidential word)
HR = "zhaomin"


def demo_key(person: str, kind: str = "age") -> Path:
    """PERSON's demo private key: the age identity file (KIND "age"), or their OpenSSH key
    (KIND "ed25519" or "rsa", for the people of DEMO_SSH)."""
    path = DEMO_KEYS / (f"{person}.agekey" if kind == "age" else f"{person}_{kind}")
    if not path.is_file():
        raise FileNotFoundError(f"the example has no {kind} demo key for {person}: {path}")
    return path


def open_words(root: Path, key: Path | None = None, only: set[str] | None = None) -> int:
    """Every confidential word under ROOT (a copy of the example; ONLY: in these
    repository-relative files) that KEY (default: HR's demo key, a reader of every word)
    opens, written in the clear in its file, as `perfcode edit` shows it; how many values
    were opened. For tests that edit the words themselves: their records then hold plain
    words, which validate reports (PC110)."""
    from perfcode.io import identity
    from perfcode.seal import document

    secrets = identity.load(key or demo_key(HR)).secrets
    count = 0
    for part in RECORDS:
        for path in sorted((root / part).rglob("*.yaml")):
            relative = path.relative_to(root).as_posix()
            if only is not None and relative not in only:
                continue
            text = path.read_text(encoding="utf-8")
            record = document.Record.parse(relative, text)
            if record is None:
                continue
            opened = document.open_text(text, record, secrets)
            if opened.opened:
                path.write_text(opened.text, encoding="utf-8")
                count += len(opened.opened)
    return count
