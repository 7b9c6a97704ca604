"""The caller's key, read from the files people have: an age identity file, an OpenSSH
key (ed25519, rsa), one protected by a passphrase; which file is chosen; whose key it is."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from example_org import DEMO_KEYS, HR, demo_key, load_example
from perfcode.io import identity


def _ssh(folder: Path, kind: str, passphrase: str = "") -> Path:
    path = folder / f"id_{kind}"
    extra = ["-b", "2048"] if kind == "rsa" else []
    subprocess.run(
        ["ssh-keygen", "-q", "-t", kind, *extra, "-N", passphrase, "-C", "me", "-f", str(path)],
        check=True,
    )
    return path


def test_an_age_identity_file_and_its_owner() -> None:
    hr = identity.load(demo_key(HR), ask=False)
    assert len(hr.secrets) == 1 and hr.public[0].startswith("age1")
    assert hr.owner(load_example().people) == HR


@pytest.mark.parametrize("kind", ["ed25519", "rsa"])
def test_an_ssh_key_gives_its_public_line(tmp_path: Path, kind: str) -> None:
    path = _ssh(tmp_path, kind)
    loaded = identity.load(path, ask=False)
    public = path.with_suffix(".pub").read_text().split()
    assert loaded.public == (" ".join(public[:2]),)


def test_a_demo_ssh_key_is_its_owners() -> None:
    people = load_example().people
    owners = {
        identity.load(key, ask=False).owner(people)
        for key in sorted(DEMO_KEYS.iterdir())
        if key.suffix not in (".pub", ".md") and not key.name.endswith(".agekey")
    }
    assert owners and None not in owners


def test_a_passphrase_needs_a_terminal(tmp_path: Path) -> None:
    path = _ssh(tmp_path, "ed25519", passphrase="correct horse")
    with pytest.raises(identity.IdentityProblem, match="passphrase"):
        identity.load(path, ask=False)


def test_files_that_are_no_key(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    (tmp_path / "bad.agekey").write_text("# x\nAGE-SECRET-KEY-1NOTREALLY\n")
    (tmp_path / "big").write_bytes(b"x" * (identity.MAX_BYTES + 1))
    for name, says in (("notes.txt", "neither"), ("bad.agekey", ":2:"), ("big", "too large")):
        with pytest.raises(identity.IdentityProblem, match=says):
            identity.load(tmp_path / name, ask=False)
    with pytest.raises(identity.IdentityProblem, match="cannot read"):
        identity.load(tmp_path / "missing", ask=False)


def test_which_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert identity.choose(None, {}) is None
    (tmp_path / ".ssh").mkdir()
    rsa = _ssh(tmp_path / ".ssh", "rsa")
    assert identity.choose(None, {}) == rsa
    ed = _ssh(tmp_path / ".ssh", "ed25519")
    assert identity.choose(None, {}) == ed
    assert identity.choose(None, {identity.ENVIRONMENT: "/k"}) == Path("/k")
    assert identity.choose("~/x", {identity.ENVIRONMENT: "/k"}) == tmp_path / "x"
