"""The tests' organisation with its confidential words sealed to keys made for the test.

`sealed_example(target)` copies the example (example_org.copy_example, with its site pages),
makes an age key for every person (pyrage, written as `keys/<id>.agekey`, as age-keygen
writes one), lists its public half in `people/<id>.yaml` (`keys:`), and seals every
confidential word of every record to exactly its readers (seal.document.seal_text, the
registry of the copy, the organisation's day). If the example already holds sealed words
(its demo keys), they are opened with the demo keys first and sealed again to the new
keys. The policies publish every kind of record with its comments, so that a public page
would show words if it ever printed them.

`Sealed.plain` keeps what each value said: the tests check the pages against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyrage

from example_org import EXAMPLE, copy_example
from perfcode import clock
from perfcode.io import identity as keyfiles
from perfcode.io import roundtrip
from perfcode.load import repository as load
from perfcode.seal import age
from perfcode.seal.document import Record, open_text, seal_text, sealed_of
from perfcode.seal.readers import values

#: every kind of record public, with its words (where a public page would print them)
PUBLISH_ALL = """publication:
  public:
    scores: true
    grades: true
    comments: true
    feedback: aggregated
    plans: true
    interviews: true
    appeals: true
  min_raters: 1
"""
_PUBLICATION = re.compile(r"^publication:\n(?:[ ]+.*\n)*", re.MULTILINE)


@dataclass(frozen=True)
class Value:
    path: str  # the record file
    field: tuple[str | int, ...]
    about: str
    readers: tuple[str, ...]
    text: str  # the words, as they were before sealing
    armor: str


@dataclass(frozen=True)
class SealedOrg:
    root: Path
    keys: Path  # <id>.agekey for every person
    values: tuple[Value, ...] = field(default=())

    def key(self, person: str) -> Path:
        return self.keys / f"{person}.agekey"

    def readable_by(self, person: str) -> list[Value]:
        return [v for v in self.values if person in v.readers]

    def unreadable_by(self, person: str) -> list[Value]:
        return [v for v in self.values if person not in v.readers]


def _demo_identities() -> list[age.Identity]:
    found: list[age.Identity] = []
    for path in sorted((EXAMPLE / "demo-keys").glob("*.agekey")):
        found += keyfiles.load(path, ask=False).secrets
    return found


def give_keys(root: Path, keys: Path) -> None:
    """An age key for every person of ROOT, in KEYS, its public half in their record."""
    keys.mkdir(parents=True, exist_ok=True)
    for record in sorted((root / "people").glob("*.yaml")):
        if record.stem == "org":
            continue
        secret = pyrage.x25519.Identity.generate()
        public = str(secret.to_public())
        (keys / f"{record.stem}.agekey").write_text(
            f"# public key: {public}\n{secret}\n", encoding="utf-8"
        )
        text = record.read_text(encoding="utf-8")
        record.write_text(roundtrip.set_fields(text, {"keys": [public]}, ()), encoding="utf-8")


def seal_all(root: Path) -> tuple[Value, ...]:
    """Every confidential word of ROOT's records sealed to its readers (ROOT's registry);
    what each said, and to whom it is sealed."""
    registry, problems = load.load_repository(root)
    assert not [p for p in problems if p.severity == "error"], problems
    today = clock.today(registry.org, None).iso
    demo = _demo_identities()
    sealed: list[Value] = []
    for path in sorted((root / "cycles").rglob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        record = Record.parse(rel, text)
        if record is None:
            continue
        policy = registry.cycles[rel.split("/")[1]].policy
        assert policy is not None, rel
        opened = open_text(text, record, demo)
        assert not opened.closed, f"{rel}: sealed words the demo keys do not open"
        plain = Record.parse(rel, opened.text)
        assert plain is not None
        words = {v.pointer: str(v.words) for v in values(plain.kind, plain.data, plain.person)}
        done = seal_text(opened.text, plain, policy, registry, today)
        assert not done.unsealable and not done.unreadable, (rel, done)
        path.write_text(done.text, encoding="utf-8")
        after = Record.parse(rel, done.text)
        assert after is not None
        for value in values(after.kind, after.data, after.person):
            box = sealed_of(value.words)
            if box is not None:
                sealed.append(
                    Value(
                        rel,
                        value.pointer,
                        value.about,
                        box.readers,
                        words[value.pointer],
                        box.armor,
                    )
                )
    return tuple(sealed)


def publish_all(root: Path) -> None:
    for path in sorted((root / "cycles").glob("*/cycle.yaml")):
        text = path.read_text(encoding="utf-8")
        new, count = _PUBLICATION.subn(PUBLISH_ALL, text)
        assert count == 1, path
        path.write_text(new, encoding="utf-8")


def sealed_example(target: Path, *, site: bool = True) -> SealedOrg:
    root = copy_example(target / "org", site=site)
    publish_all(root)
    give_keys(root, target / "keys")
    return SealedOrg(root, target / "keys", seal_all(root))
