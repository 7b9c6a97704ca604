"""The age format through pyrage, read against the real `age` CLI: a value perfcode seals
opens with `age -d`, one `age -a` writes opens with perfcode, and the stanzas the armour
shows name exactly the keys it was sealed to (SSH by tag, X25519 by count)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyrage
import pytest

from perfcode.seal import age

pytestmark = pytest.mark.skipif(shutil.which("age") is None, reason="the age CLI is not installed")


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("keys")
    subprocess.run(["age-keygen", "-o", str(folder / "x.txt")], check=True, capture_output=True)
    for kind, extra in (("ed25519", []), ("rsa", ["-b", "2048"])):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", kind, *extra, "-N", "", "-C", "t", "-f", str(folder / kind)],
            check=True,
        )
    return {
        "x": folder / "x.txt",
        "ed25519": folder / "ed25519",
        "rsa": folder / "rsa",
    }


def _public(keys: dict[str, Path], name: str) -> str:
    if name == "x":
        text = keys["x"].read_text()
        return next(line.split(": ")[1] for line in text.splitlines() if "public key" in line)
    return keys[name].with_suffix(".pub").read_text().strip()


def test_sealed_by_perfcode_opens_with_the_age_cli(keys: dict[str, Path], tmp_path: Path) -> None:
    recipients = [age.parse_key(_public(keys, n)) for n in ("x", "ed25519", "rsa")]
    armor = age.seal("绩效面谈记录: needs support", recipients)
    assert armor.startswith(age.BEGIN) and armor.rstrip().endswith(age.END)
    sealed = tmp_path / "value.age"
    sealed.write_text(armor)
    for name in ("x", "ed25519", "rsa"):
        out = subprocess.run(
            ["age", "-d", "-i", str(keys[name]), str(sealed)], check=True, capture_output=True
        )
        assert out.stdout.decode() == "绩效面谈记录: needs support"


def test_written_by_the_age_cli_opens_with_perfcode(keys: dict[str, Path]) -> None:
    armor = subprocess.run(
        ["age", "-a", "-r", _public(keys, "x"), "-R", str(keys["ed25519"].with_suffix(".pub"))],
        input=b"from the CLI",
        check=True,
        capture_output=True,
    ).stdout.decode()
    x = [
        pyrage.x25519.Identity.from_str(line)
        for line in keys["x"].read_text().splitlines()
        if line.startswith("AGE-SECRET-KEY-")
    ]
    ssh = [pyrage.ssh.Identity.from_buffer(keys["ed25519"].read_bytes())]
    rsa = [pyrage.ssh.Identity.from_buffer(keys["rsa"].read_bytes())]
    assert age.open_(armor, x) == "from the CLI"
    assert age.open_(armor, ssh) == "from the CLI"
    assert age.open_(armor, rsa) is None  # not one of its recipients
    shown = age.stanzas(armor)
    assert shown is not None
    wanted = [age.parse_key(_public(keys, "x")), age.parse_key(_public(keys, "ed25519"))]
    assert not age.compare(shown, wanted)
    extra = age.compare(shown, wanted[:1])
    assert extra.extra == (("ssh-ed25519", wanted[1].tag),) and not extra.missing


def test_ssh_tag_is_the_one_age_writes(keys: dict[str, Path]) -> None:
    for name in ("ed25519", "rsa"):
        key = age.parse_key(_public(keys, name))
        armor = subprocess.run(
            ["age", "-a", "-R", str(keys[name].with_suffix(".pub"))],
            input=b"x",
            check=True,
            capture_output=True,
        ).stdout.decode()
        assert age.stanzas(armor) == ((key.kind, key.tag),)


def test_what_is_not_a_ciphertext_or_a_key() -> None:
    assert age.stanzas("plain words") is None
    assert age.stanzas(f"{age.BEGIN}\n!!!not base64!!!\n{age.END}\n") is None
    assert age.stanzas(f"{age.BEGIN}\naGVsbG8=\n{age.END}\n") is None  # base64, not age
    assert age.open_("plain words", []) is None
    for text in ("age1notakey", "ssh-dss AAAAB3NzaC1kc3M=", "ssh-ed25519 !!!", "hello"):
        with pytest.raises(age.NotAKey):
            age.parse_key(text)
    with pytest.raises(ValueError):
        age.seal("x", [])


def test_a_passphrase_is_not_a_reader(tmp_path: Path, keys: dict[str, Path]) -> None:
    """A value sealed with a passphrase (scrypt) shows no reader's stanza: a mismatch."""
    armor = pyrage.passphrase.encrypt(b"x", "secret")
    import base64

    body = base64.b64encode(armor).decode()
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    text = "\n".join([age.BEGIN, *lines, age.END]) + "\n"
    shown = age.stanzas(text)
    assert shown is not None and shown[0][0] == "scrypt"
    assert age.compare(shown, [age.parse_key(_public(keys, "x"))])
