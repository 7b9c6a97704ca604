"""The caller's private key, read from a file: the identity that opens confidential words.

Which file: `--identity FILE`, else `$PERFCODE_IDENTITY`, else the usual SSH key
(`~/.ssh/id_ed25519`, then `~/.ssh/id_rsa`). What it may hold:
- an age identity file (`age-keygen` writes it: `AGE-SECRET-KEY-1…` lines, `#` comments);
- an OpenSSH private key (ssh-ed25519 or ssh-rsa, as `ssh-keygen` writes it), protected
  by a passphrase or not: a passphrase is asked for on a terminal, and never stored.

The public keys of the identity are worked out from it (`public`), so a command knows who
the caller is: the person whose `keys:` list one of them.
"""

from __future__ import annotations

import errno
import getpass
import os
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyrage
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from perfcode.seal.age import Identity

#: the largest identity file read (an age identity file or an SSH key is a few KB)
MAX_BYTES = 64 * 1024
ENVIRONMENT = "PERFCODE_IDENTITY"
USUAL = ("~/.ssh/id_ed25519", "~/.ssh/id_rsa")


class IdentityProblem(Exception):
    """The identity could not be read: the message says why, for the person who gave it."""


@dataclass(frozen=True, slots=True)
class Identities:
    path: str
    secrets: tuple[Identity, ...]
    #: the public keys, as a person's `keys:` would list them (`age1…`, `ssh-ed25519 AAAA…`)
    public: tuple[str, ...]

    def owner(self, people: Mapping[str, object]) -> str | None:
        """The id of the person (of PEOPLE, id → Person) whose keys include one of ours."""
        mine = set(self.public)
        for pid, person in sorted(people.items()):
            for key in getattr(person, "keys", ()):
                if " ".join(str(key).split()[:2]) in mine:
                    return pid
        return None


def choose(explicit: str | None, environ: Mapping[str, str] | None = None) -> Path | None:
    """The identity file to use: the option, the environment variable, or a usual SSH key
    that exists; None when there is none."""
    env = os.environ if environ is None else environ
    if explicit:
        return Path(explicit).expanduser()
    if env.get(ENVIRONMENT):
        return Path(env[ENVIRONMENT]).expanduser()
    for usual in USUAL:
        path = Path(usual).expanduser()
        if path.is_file():
            return path
    return None


def load(path: Path, *, ask: bool | None = None) -> Identities:
    """The identities in PATH. ASK: whether a passphrase may be asked for (default: when
    standard input is a terminal)."""
    try:
        data = _read(path)
    except OSError as error:
        raise IdentityProblem(f"cannot read the key {path}: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise IdentityProblem(f"{path} is too large to be a key")
    text = data.decode("utf-8", "replace")
    if "AGE-SECRET-KEY-" in text:
        return _age(path, text)
    if "PRIVATE KEY-----" in text:
        return _ssh(path, data, sys.stdin.isatty() if ask is None else ask)
    raise IdentityProblem(
        f"{path} is neither an age identity file (age-keygen) nor an SSH private key"
    )


def _read(path: Path) -> bytes:
    """The bytes of PATH, at most MAX_BYTES + 1. Opened without waiting, so a named pipe
    nobody writes to reads as empty instead of hanging (a pipe that is written to, as
    `--identity <(pass show key)` makes, is read as usual)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        os.set_blocking(descriptor, True)
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, "it is a folder")
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_BYTES:
            chunk = os.read(descriptor, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _age(path: Path, text: str) -> Identities:
    secrets: list[Identity] = []
    public: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            identity = pyrage.x25519.Identity.from_str(line)
        except Exception:
            raise IdentityProblem(f"{path}:{number}: this line is not an age secret key") from None
        secrets.append(identity)
        public.append(str(identity.to_public()))
    return Identities(str(path), tuple(secrets), tuple(public))


def _ssh(path: Path, data: bytes, ask: bool) -> Identities:
    try:
        key = _private(data, None)
    except TypeError:  # encrypted, and no passphrase given
        if not ask:
            raise IdentityProblem(
                f"the SSH key {path} is protected by a passphrase; run this on a terminal "
                "to be asked for it, or give an age identity file with --identity"
            ) from None
        try:
            passphrase = getpass.getpass(f"Passphrase for {path}: ").encode()
        except (EOFError, KeyboardInterrupt):
            raise IdentityProblem(f"no passphrase given for the SSH key {path}") from None
        try:
            key = _private(data, passphrase)
        except (ValueError, TypeError):
            raise IdentityProblem(f"the passphrase does not open the SSH key {path}") from None
        except UnsupportedAlgorithm:
            raise IdentityProblem(
                f"the SSH key {path} is protected in a way perfcode cannot open (install "
                "bcrypt, or give an age identity file with --identity)"
            ) from None
    except ValueError:
        raise IdentityProblem(f"{path} is not an SSH private key perfcode can read") from None
    if not isinstance(key, (ed25519.Ed25519PrivateKey, rsa.RSAPrivateKey)):
        raise IdentityProblem(f"{path}: age reads only ssh-ed25519 and ssh-rsa keys")
    clear = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    try:
        identity = pyrage.ssh.Identity.from_buffer(clear)
    except Exception:
        raise IdentityProblem(f"{path} is not an SSH key age can use") from None
    return Identities(str(path), (identity,), (" ".join(public.decode().split()[:2]),))


def _private(data: bytes, passphrase: bytes | None) -> object:
    if b"BEGIN OPENSSH PRIVATE KEY" in data:
        return serialization.load_ssh_private_key(data, passphrase)
    return serialization.load_pem_private_key(data, passphrase)
