"""age (age-encryption.org/v1) through pyrage, the kept implementation: seal a text to
public keys, open it with identities, and read what the armour shows of its recipients.

Keys a person lists (`keys:` in people/<id>.yaml) are age X25519 recipients (`age1…`) or
the SSH keys they already have (`ssh-ed25519 …`, `ssh-rsa …`), as age itself accepts them.

What a ciphertext shows without a key: one stanza per recipient. An SSH stanza names the
key it was made for by a tag (the first four bytes of SHA-256 of the key, base64); an
X25519 stanza names nobody, so only how many there are can be checked. Grease stanzas
(`…-grease`, random padding that rage adds) are not recipients.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pyrage

BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----"
END = "-----END AGE ENCRYPTED FILE-----"
_MAGIC = b"age-encryption.org/v1\n"
_SSH_TYPES = ("ssh-ed25519", "ssh-rsa")
_COLUMNS = 64

#: pyrage's recipient and identity objects (X25519 or SSH); pyrage ships no type hints
Recipient = Any
Identity = Any


class NotAKey(ValueError):
    """A key that is not an age recipient (the message says why)."""


@dataclass(frozen=True, slots=True)
class Key:
    """One public key of a person: its kind (`X25519`, `ssh-ed25519`, `ssh-rsa`), the
    text as written, and for SSH keys the tag their stanzas carry."""

    kind: str
    text: str
    tag: str | None

    @property
    def stanza(self) -> tuple[str, str | None]:
        """What this key's stanza shows: its type and (SSH) tag."""
        return (self.kind, self.tag)


def parse_key(text: str) -> Key:
    """TEXT as a public key, or `NotAKey` saying why it is none."""
    text = text.strip()
    if text.startswith("age1"):
        try:
            pyrage.x25519.Recipient.from_str(text)
        except Exception as error:  # pyrage raises its own RecipientError, or ValueError
            raise NotAKey("it is not a valid age1… public key") from error
        return Key("X25519", text, None)
    parts = text.split()
    if len(parts) >= 2 and parts[0] in _SSH_TYPES:
        try:
            blob = base64.b64decode(parts[1], validate=True)
            pyrage.ssh.Recipient.from_str(" ".join(parts[:2]))
        except Exception as error:
            raise NotAKey(f"it is not a valid {parts[0]} public key") from error
        return Key(parts[0], " ".join(parts[:2]), ssh_tag(blob))
    raise NotAKey(
        "age encrypts only to age1… keys and ssh-ed25519 or ssh-rsa keys; this is neither"
    )


def ssh_tag(blob: bytes) -> str:
    """The tag an SSH stanza carries for the key whose wire form is BLOB."""
    return base64.b64encode(hashlib.sha256(blob).digest()[:4]).decode().rstrip("=")


def _recipient(key: Key) -> Recipient:
    if key.kind == "X25519":
        return pyrage.x25519.Recipient.from_str(key.text)
    return pyrage.ssh.Recipient.from_str(key.text)


def seal(text: str, keys: Sequence[Key]) -> str:
    """TEXT encrypted to every key in KEYS, ASCII-armoured (what `age -a` writes)."""
    if not keys:
        raise ValueError("a value is sealed to at least one key")
    armored: bytes = pyrage.encrypt(
        text.encode("utf-8"), [_recipient(k) for k in keys], armored=True
    )
    return armored.decode("ascii").strip() + "\n"


def open_(armor: str, identities: Sequence[Identity]) -> str | None:
    """The text sealed in ARMOR if one of IDENTITIES is among its recipients; None when
    none is (or the armour is damaged: nothing can be read of it either way)."""
    if not identities:
        return None
    try:
        plain: bytes = pyrage.decrypt(armor.encode("ascii"), list(identities))
        return plain.decode("utf-8")
    except Exception:  # pyrage.DecryptError, or armour that is not ASCII / not UTF-8 text
        return None


def stanzas(armor: str) -> tuple[tuple[str, str | None], ...] | None:
    """The recipients' stanzas ARMOR shows (type, and an SSH key's tag), grease left out;
    None when it is not an age ciphertext."""
    lines = [line.removesuffix("\r") for line in armor.strip().split("\n")]
    if len(lines) < 3 or lines[0] != BEGIN or lines[-1] != END:
        return None
    body = lines[1:-1]
    # age's armour rules (what `age -d` and pyrage accept): 64 columns a line, the last
    # line shorter or as long, no blank line, no space; anything else opens for nobody
    if any(len(line) != _COLUMNS for line in body[:-1]) or not 0 < len(body[-1]) <= _COLUMNS:
        return None
    try:
        binary = base64.b64decode("".join(body), validate=True)
    except (binascii.Error, ValueError):
        return None
    if not binary.startswith(_MAGIC):
        return None
    end = binary.find(b"\n---")
    if end < 0:
        return None
    found: list[tuple[str, str | None]] = []
    for line in binary[len(_MAGIC) : end + 1].split(b"\n"):
        if not line.startswith(b"-> "):
            continue
        words = line[3:].decode("ascii", "replace").split(" ")
        kind = words[0]
        if kind.endswith("-grease"):
            continue
        tag = words[1] if kind in _SSH_TYPES and len(words) > 1 else None
        found.append((kind, tag))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Mismatch:
    """How a ciphertext's stanzas differ from the stanzas its readers' keys would make."""

    missing: tuple[tuple[str, str | None], ...]  # a reader's key it was not sealed to
    extra: tuple[tuple[str, str | None], ...]  # a recipient no reader's key accounts for

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra)


def compare(shown: Iterable[tuple[str, str | None]], keys: Iterable[Key]) -> Mismatch:
    """What SHOWN (a ciphertext's stanzas) lacks and has beyond KEYS' stanzas."""
    have = Counter(shown)
    want = Counter(key.stanza for key in keys)
    return Mismatch(
        tuple(sorted((want - have).elements(), key=str)),
        tuple(sorted((have - want).elements(), key=str)),
    )
