"""Keys and records for the tests of `perfcode edit`, `show` and `rekey` (tests/edit,
tests/show, tests/rekey): real keys made by `age-keygen` and `ssh-keygen`, given to people
of a copy of the example, and records whose words the test writes itself (plain), so that
the tests hold whatever the example's own words are sealed to."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from example_org import copy_example
from perfcode.io import roundtrip
from perfcode.io import yaml as yamlio
from perfcode.seal.document import Record
from perfcode.seal.readers import values

AGE = "/usr/bin/age"
AGE_KEYGEN = "/usr/bin/age-keygen"
#: a review of fengxue by her manager heli: read by chenzong, fengxue, heli, zhaomin
REVIEW = "cycles/2026-H2/reviews/fengxue/manager-heli.yaml"
#: fengxue's check-ins: read by fengxue, her manager (heli), the policy owners
CHECKINS = "cycles/2026-H2/checkins/fengxue.yaml"
#: the day the example's records are judged on
TODAY = "2027-01-20"


@dataclass(frozen=True, slots=True)
class Key:
    secret: Path  # the identity file (age) or private key (SSH)
    public: str  # as people/<id>.yaml lists it


def age_key(folder: Path, name: str) -> Key:
    secret = folder / f"{name}.agekey"
    subprocess.run([AGE_KEYGEN, "-o", str(secret)], check=True, capture_output=True)
    public = subprocess.run(
        [AGE_KEYGEN, "-y", str(secret)], check=True, capture_output=True, text=True
    ).stdout.strip()
    return Key(secret, public)


def ssh_key(folder: Path, name: str, kind: str, passphrase: str = "") -> Key:
    secret = folder / f"{name}_{kind}"
    extra = ["-b", "2048"] if kind == "rsa" else []
    subprocess.run(
        ["ssh-keygen", "-q", "-t", kind, *extra, "-N", passphrase, "-C", name, "-f", str(secret)],
        check=True,
        capture_output=True,
    )
    return Key(secret, Path(f"{secret}.pub").read_text().strip())


def give_keys(root: Path, keys: dict[str, list[Key]]) -> None:
    """Each person's `keys:` replaced by KEYS' public halves."""
    for pid, theirs in keys.items():
        path = root / "people" / f"{pid}.yaml"
        text = roundtrip.set_fields(
            path.read_text(encoding="utf-8"), {"keys": [k.public for k in theirs]}, ["keys"]
        )
        path.write_text(text, encoding="utf-8")


def set_field(root: Path, person: str, field: str, value: str) -> None:
    path = root / "people" / f"{person}.yaml"
    path.write_text(
        roundtrip.set_fields(path.read_text(encoding="utf-8"), {field: value}, [field]),
        encoding="utf-8",
    )


def plain_words(root: Path, path: str, words: str = "plain words") -> None:
    """Every confidential value of the record at PATH written as plain text: WORDS and the
    value's field, so each is told apart (`summary: plain words (summary)`)."""
    full = root / path
    text = full.read_text(encoding="utf-8")
    record = Record.parse(path, text)
    assert record is not None
    replacements = {
        v.pointer: f"{words} ({v.path})" for v in values(record.kind, record.data, record.person)
    }
    full.write_text(roundtrip.replace_values(text, replacements), encoding="utf-8")


def organisation(tmp: Path) -> tuple[Path, dict[str, Key]]:
    """A copy of the example whose review REVIEW and check-ins CHECKINS hold plain words,
    and whose readers of them (and huangwei, a manager-to-be) have age keys of their own."""
    keys = tmp / "keys"
    keys.mkdir()
    cast = {
        pid: age_key(keys, pid) for pid in ("chenzong", "fengxue", "heli", "zhaomin", "huangwei")
    }
    root = copy_example(tmp / "org")
    give_keys(root, {pid: [key] for pid, key in cast.items()})
    for path in (REVIEW, CHECKINS):
        plain_words(root, path)
    return root, cast


def value_at(text: str, pointer: tuple[str | int, ...]) -> object:
    node: object = yamlio.parse(text)
    for part in pointer:
        node = node[part]  # type: ignore[index]
    return node


def armor_at(root: Path, path: str, pointer: tuple[str | int, ...]) -> str:
    value = value_at((root / path).read_text(encoding="utf-8"), pointer)
    assert isinstance(value, dict), value
    return str(value["age"])


def age_decrypt(armor: str, identity: Path) -> subprocess.CompletedProcess[str]:
    """`age -d -i IDENTITY` on ARMOR: the real CLI."""
    return subprocess.run(
        [AGE, "-d", "-i", str(identity)], input=armor, capture_output=True, text=True
    )


def perfcode(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """`perfcode ARGS` as a process (no terminal: standard input is a pipe)."""
    environment = {k: v for k, v in os.environ.items() if k != "PERFCODE_IDENTITY"}
    environment.update({"HOME": "/nonexistent", **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "perfcode", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
    )
