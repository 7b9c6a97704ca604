"""The recorder's proof: Ed25519 signatures over evidence entries (the `cryptography` library).

The recording workflow holds the private key (a secret of the `signatures` environment, which
only the default branch's workflows can use); people/org.yaml lists the public keys. A key is
written as text: the public key `ed25519:<base64 of 32 bytes>`, the private key
`perfcode-evidence-key:<base64 of its 32-byte seed>`.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

PUBLIC = "ed25519:"
PRIVATE = "perfcode-evidence-key:"
SIGNATURE = "ed25519:"
_RAW = serialization.Encoding.Raw


class BadKey(ValueError):
    """A key that is not written the way perfcode writes keys."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, size: int, what: str) -> bytes:
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise BadKey(f"{what} is not base64") from None
    if len(data) != size:
        raise BadKey(f"{what} should be {size} bytes, not {len(data)}")
    return data


def new_key() -> tuple[str, str]:
    """A new key pair: (private key for the workflow's secret, public key for org.yaml)."""
    key = Ed25519PrivateKey.generate()
    seed = key.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    return PRIVATE + _b64(seed), public_key(PRIVATE + _b64(seed))


def _private(text: str) -> Ed25519PrivateKey:
    text = text.strip()
    if not text.startswith(PRIVATE):
        raise BadKey(f"the private key should start with {PRIVATE!r}")
    return Ed25519PrivateKey.from_private_bytes(_unb64(text[len(PRIVATE) :], 32, "the key"))


def public_key(private: str) -> str:
    """The public key (as org.yaml lists it) of a private key."""
    raw = _private(private).public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
    return PUBLIC + _b64(raw)


def sign(message: bytes, private: str) -> str:
    return SIGNATURE + _b64(_private(private).sign(message))


def verify(message: bytes, proof: str, keys: Iterable[str]) -> bool:
    """Whether one of `keys` signed `message` (a malformed key or proof never verifies)."""
    if not proof.startswith(SIGNATURE):
        return False
    try:
        signature = _unb64(proof[len(SIGNATURE) :], 64, "the proof")
    except BadKey:
        return False
    for key in keys:
        if not key.startswith(PUBLIC):
            continue
        try:
            public = Ed25519PublicKey.from_public_bytes(_unb64(key[len(PUBLIC) :], 32, "key"))
            public.verify(signature, message)
        except (BadKey, InvalidSignature, ValueError):
            continue
        return True
    return False
