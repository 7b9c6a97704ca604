"""`perfcode rekey`: words sealed again to exactly their readers after a change of manager,
a new policy owner, a key replaced or a leaver; what the caller's key cannot open listed
(PC117) with who can; `--check` writes nothing. Decrypted with the real `age` CLI."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from perfcode.seal.rekey import where
from sealing import (
    CHECKINS,
    REVIEW,
    Key,
    age_decrypt,
    age_key,
    armor_at,
    give_keys,
    organisation,
    perfcode,
    set_field,
    ssh_key,
    value_at,
)

NOTES = ("entries", 0, "notes")
READERS = "chenzong, fengxue, heli, zhaomin"


def rekey(root: Path, key: Key | None, *more: str) -> subprocess.CompletedProcess[str]:
    args = ["rekey", *more, "--root", str(root)]
    return perfcode(*args, *(["--identity", str(key.secret)] if key else []))


def readers(root: Path, path: str, pointer: tuple[str | int, ...]) -> list[str]:
    value = value_at((root / path).read_text(encoding="utf-8"), pointer)
    assert isinstance(value, dict)
    return list(value["readers"])


@pytest.fixture
def org(tmp_path: Path) -> tuple[Path, dict[str, Key]]:
    root, keys = organisation(tmp_path)
    done = rekey(root, keys["zhaomin"], REVIEW, CHECKINS)
    assert done.returncode == 0, done.stdout + done.stderr
    return root, keys


def test_plain_words_sealed_and_the_age_cli_opens_them(tmp_path) -> None:
    root, keys = organisation(tmp_path)
    done = rekey(root, None, REVIEW)  # sealing plain words needs no key
    assert done.returncode == 0, done.stdout + done.stderr
    written = (root / REVIEW).read_text(encoding="utf-8")
    at = {f: where(written, (f,)) for f in ("summary", "strengths", "improvements")}
    assert at["summary"].line == 29  # ciphertexts differ in length (age's grease): found
    assert done.stdout.splitlines() == [
        *(f"{REVIEW}:{at[f].line}:{at[f].column}: 已加密 {f},读者:{READERS}" for f in at),
        "rekey:已写入 1 个文件。",
    ]
    opened = age_decrypt(armor_at(root, REVIEW, ("summary",)), keys["fengxue"].secret)
    assert (opened.returncode, opened.stdout) == (0, "plain words (summary)")
    again = rekey(root, None, REVIEW, "--check")
    assert again.returncode == 0
    assert again.stdout == "rekey:所有机密文字均已准确加密给其读者。\n"


def test_a_manager_change(org) -> None:
    """fengxue moves from heli to huangwei: her check-ins are for huangwei now, not heli."""
    root, keys = org
    set_field(root, "fengxue", "manager", "huangwei")
    before = (root / CHECKINS).read_bytes()
    check = rekey(root, keys["zhaomin"], CHECKINS, "--check")
    assert check.returncode == 1
    assert (root / CHECKINS).read_bytes() == before
    assert "rekey --check:有 1 个文件需要更改" in check.stdout
    done = rekey(root, keys["zhaomin"], CHECKINS)
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines()[0] == (
        f"{CHECKINS}:8:7: 已重新加密 entries[0].notes,读者:chenzong, fengxue, huangwei, zhaomin"
    )
    assert readers(root, CHECKINS, NOTES) == ["chenzong", "fengxue", "huangwei", "zhaomin"]
    armor = armor_at(root, CHECKINS, NOTES)
    assert age_decrypt(armor, keys["huangwei"].secret).stdout == "plain words (entries.notes)"
    assert age_decrypt(armor, keys["heli"].secret).returncode != 0  # the old manager: no more
    assert rekey(root, keys["zhaomin"], CHECKINS, "--check").returncode == 0


def test_the_caller_cannot_open_it(org) -> None:
    """After the change, huangwei (not yet a reader) cannot do it: PC117, who can, exit 1."""
    root, keys = org
    set_field(root, "fengxue", "manager", "huangwei")
    before = (root / CHECKINS).read_bytes()
    done = rekey(root, keys["huangwei"], CHECKINS)
    assert done.returncode == 1
    first = done.stdout.splitlines()[0]
    assert first.startswith(f"{CHECKINS}:8:7: PC117 ")
    assert "one of chenzong, fengxue, heli, zhaomin runs perfcode rekey" in first
    assert (root / CHECKINS).read_bytes() == before
    json_out = rekey(root, keys["huangwei"], CHECKINS, "--format", "json")
    assert json_out.returncode == 1 and '"PC117"' in json_out.stdout


def test_a_new_policy_owner(org) -> None:
    root, keys = org
    org_file = root / "people" / "org.yaml"
    org_file.write_text(
        org_file.read_text(encoding="utf-8").replace(
            "policy_owners: [zhaomin, chenzong]", "policy_owners: [zhaomin, chenzong, huangwei]"
        ),
        encoding="utf-8",
    )
    done = rekey(root, keys["chenzong"], REVIEW)
    assert done.returncode == 0, done.stdout
    armor = armor_at(root, REVIEW, ("summary",))
    assert age_decrypt(armor, keys["huangwei"].secret).stdout == "plain words (summary)"


def test_a_leaver(org) -> None:
    """heli leaves: what she read as manager is sealed again without her."""
    root, keys = org
    set_field(root, "heli", "left", "2027-01-10")
    done = rekey(root, keys["zhaomin"], CHECKINS)
    assert done.returncode == 0, done.stdout
    assert readers(root, CHECKINS, NOTES) == ["chenzong", "fengxue", "zhaomin"]
    assert age_decrypt(armor_at(root, CHECKINS, NOTES), keys["heli"].secret).returncode != 0


def test_an_ssh_key_replaced(org, tmp_path) -> None:
    """fengxue swaps her age key for an SSH key: the stanzas show it, rekey follows."""
    root, keys = org
    new = ssh_key(tmp_path / "keys", "fengxue-new", "ed25519")
    give_keys(root, {"fengxue": [new]})
    done = rekey(root, keys["heli"], REVIEW)
    assert done.returncode == 0, done.stdout
    armor = armor_at(root, REVIEW, ("summary",))
    assert age_decrypt(armor, new.secret).stdout == "plain words (summary)"
    assert age_decrypt(armor, keys["fengxue"].secret).returncode != 0


def test_an_age_key_replaced_needs_reseal(org, tmp_path) -> None:
    """An X25519 stanza names nobody: a replaced age1 key is invisible, so rekey alone
    changes nothing; --reseal seals anew what the caller opens."""
    root, keys = org
    new = age_key(tmp_path / "keys", "fengxue-new")
    give_keys(root, {"fengxue": [new]})
    assert rekey(root, keys["zhaomin"], REVIEW, "--check").returncode == 0
    done = rekey(root, keys["zhaomin"], REVIEW, "--reseal")
    assert done.returncode == 0, done.stdout
    assert "已重新加密 summary" in done.stdout
    armor = armor_at(root, REVIEW, ("summary",))
    assert age_decrypt(armor, new.secret).stdout == "plain words (summary)"


def test_no_reader_has_a_key(tmp_path) -> None:
    root, _ = organisation(tmp_path)
    give_keys(root, {pid: [] for pid in ("chenzong", "fengxue", "heli", "zhaomin")})
    text = (root / REVIEW).read_text(encoding="utf-8")
    done = rekey(root, None, REVIEW)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0].startswith(f"{REVIEW}:28:10: PC118 ")
    assert (root / REVIEW).read_text(encoding="utf-8") == text


def test_the_sealed_example_needs_nothing(tmp_path) -> None:
    """The example as shipped (sealed to its demo keys): nothing to do, with a key or none."""
    from example_org import HR, copy_example, demo_key

    root = copy_example(tmp_path / "example")
    for key in (["--identity", str(demo_key(HR))], []):
        done = perfcode("rekey", "--check", "--root", str(root), *key)
        assert (done.returncode, done.stdout) == (0, "rekey:所有机密文字均已准确加密给其读者。\n")


def test_the_example_after_a_manager_change(tmp_path) -> None:
    """sunli moves from wanghongjun to heli: HR's demo key reseals everything about her in
    the whole repository; wanghongjun's demo key no longer opens it, heli's does."""
    from example_org import HR, copy_example, demo_key

    root = copy_example(tmp_path / "example")
    set_field(root, "sunli", "manager", "heli")
    plan = "cycles/2026-H2/plans/sunli.yaml"
    check = perfcode("rekey", "--check", "--root", str(root), "--identity", str(demo_key(HR)))
    assert check.returncode == 1
    done = perfcode("rekey", "--root", str(root), "--identity", str(demo_key(HR)))
    assert done.returncode == 0, done.stdout
    assert f"{plan}:" in done.stdout
    armor = armor_at(root, plan, ("gaps", 0, "note"))
    assert age_decrypt(armor, demo_key("heli")).returncode == 0
    assert age_decrypt(armor, demo_key("wanghongjun")).returncode != 0
    again = perfcode("rekey", "--check", "--root", str(root))
    assert again.returncode == 0, again.stdout
