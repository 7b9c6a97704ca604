"""`perfcode show PATH|PERSON`: what the caller's key opens in the clear, the rest as
locks (never a ciphertext); keys made by `age-keygen` and `ssh-keygen`, values by `age`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from perfcode.io import roundtrip
from sealing import (
    AGE,
    CHECKINS,
    REVIEW,
    Key,
    give_keys,
    organisation,
    perfcode,
    ssh_key,
)

LOCKED = "🔒 已加密,读者:chenzong, fengxue, heli, zhaomin"


@pytest.fixture
def org(tmp_path: Path) -> tuple[Path, dict[str, Key]]:
    root, keys = organisation(tmp_path)
    keys["heli_ed25519"] = ssh_key(tmp_path / "keys", "heli", "ed25519")
    keys["fengxue_rsa"] = ssh_key(tmp_path / "keys", "fengxue", "rsa")
    keys["fengxue_pass"] = ssh_key(tmp_path / "keys", "fengxue-pass", "ed25519", "a passphrase")
    give_keys(
        root,
        {
            "heli": [keys["heli"], keys["heli_ed25519"]],
            "fengxue": [keys["fengxue"], keys["fengxue_rsa"], keys["fengxue_pass"]],
        },
    )
    done = perfcode(
        "rekey", REVIEW, CHECKINS, "--root", str(root), "--identity", str(keys["zhaomin"].secret)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return root, keys


def show(root: Path, target: str, key: Key | None, *more: str) -> subprocess.CompletedProcess[str]:
    args = ["show", target, "--root", str(root), *more]
    return perfcode(*args, *(["--identity", str(key.secret)] if key else []))


@pytest.mark.parametrize("key", ["fengxue", "heli_ed25519", "fengxue_rsa", "zhaomin"])
def test_a_reader_sees_the_words(org, key) -> None:
    """An age identity file, an ssh-ed25519 and an ssh-rsa key (as ssh-keygen writes them)."""
    root, keys = org
    done = show(root, REVIEW, keys[key])
    assert done.returncode == 0, done.stderr
    tail = done.stdout.splitlines()[-3:]
    assert tail == [
        "summary: plain words (summary)",
        "strengths: plain words (strengths)",
        "improvements: plain words (improvements)",
    ]
    assert "BEGIN AGE" not in done.stdout


def test_someone_else_sees_locks_and_exit_1(org) -> None:
    root, keys = org
    done = show(root, REVIEW, keys["huangwei"])
    assert done.returncode == 1
    assert done.stdout.splitlines()[-3:] == [
        f"summary: {LOCKED}",
        f"strengths: {LOCKED}",
        f"improvements: {LOCKED}",
    ]
    assert "BEGIN AGE" not in done.stdout and "plain words" not in done.stdout
    assert "此密钥未能打开所显示的 3 处机密文字" in done.stderr


def test_a_value_the_age_cli_wrote_is_read(org, tmp_path) -> None:
    """`age -a -r age1… -R ssh.pub`: the real CLI, to an X25519 and an SSH key."""
    root, keys = org
    armor = subprocess.run(
        [AGE, "-a", "-r", keys["fengxue"].public, "-R", f"{keys['heli_ed25519'].secret}.pub"],
        input="服务意识强(age 命令行写入)",
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = root / REVIEW
    text = roundtrip.replace_values(
        path.read_text(encoding="utf-8"),
        {("summary",): {"age": armor, "readers": ["fengxue", "heli"]}},
    )
    path.write_text(text, encoding="utf-8")
    for key in ("heli_ed25519", "fengxue"):
        done = show(root, REVIEW, keys[key])
        assert "summary: 服务意识强(age 命令行写入)" in done.stdout.splitlines()
    done = show(root, REVIEW, keys["zhaomin"])
    assert "summary: 🔒 已加密,读者:fengxue, heli" in done.stdout.splitlines()
    assert done.returncode == 0  # the other two opened


def test_a_passphrase_needs_a_terminal(org) -> None:
    root, keys = org
    done = show(root, REVIEW, keys["fengxue_pass"])
    assert done.returncode == 2
    assert "passphrase" in done.stderr and "terminal" in done.stderr
    assert done.stdout == ""


def test_every_record_about_a_person(org) -> None:
    root, keys = org
    done = show(root, "fengxue", keys["fengxue"])
    assert done.returncode == 0, done.stderr
    headings = [line for line in done.stdout.splitlines() if line.startswith("== ")]
    assert f"== {REVIEW} ==" in headings and f"== {CHECKINS} ==" in headings
    assert "== cycles/2026-H2/contracts/fengxue.yaml ==" in headings
    assert all("/fengxue" in h or "calibration" in h for h in headings), headings
    assert "notes: plain words (entries.notes)" in done.stdout
    assert "BEGIN AGE" not in done.stdout


def test_json(org) -> None:
    root, keys = org
    done = show(root, CHECKINS, keys["huangwei"], "--format", "json")
    shown = json.loads(done.stdout)["records"]
    assert [r["path"] for r in shown] == [CHECKINS]
    assert shown[0]["opened"] == []
    assert shown[0]["sealed"][:2] == ["entries[0].notes", "entries[1].notes"]
    assert "BEGIN AGE" not in done.stdout and done.returncode == 1


def test_no_key_shows_locks(org) -> None:
    root, _ = org
    done = show(root, REVIEW, None)
    assert done.returncode == 1
    assert f"summary: {LOCKED}" in done.stdout.splitlines()
    assert "未提供密钥" in done.stderr


def test_no_such_person(org) -> None:
    root, keys = org
    done = show(root, "nobody", keys["zhaomin"])
    assert done.returncode == 2 and "there is no person nobody" in done.stderr


def test_a_calibration_shows_only_the_decisions_about_them(tmp_path) -> None:
    """The example's own demo keys: huangwei reads the calibration's decision about
    himself, and zhoujie's is not shown at all."""
    from example_org import copy_example, demo_key

    root = copy_example(tmp_path / "example")
    done = perfcode(
        "show", "huangwei", "--root", str(root), "--identity", str(demo_key("huangwei"))
    )
    assert done.returncode == 0, done.stderr
    part = done.stdout.split("== cycles/2026-H2/calibration.yaml ==\n")[1].split("\n== ")[0]
    assert "person: huangwei" in part and "zhoujie" not in part
    assert "🔒" not in part and "BEGIN AGE" not in done.stdout
