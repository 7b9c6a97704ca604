"""`perfcode edit PATH`: the record in $EDITOR with the words the caller may read opened;
saved only when valid, sealed to exactly its readers; the plain words never stay on disk."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import pytest

from sealing import REVIEW, Key, age_decrypt, armor_at, organisation, perfcode, value_at

#: an editor: a Python script that checks what it is given, then rewrites the file
EDITOR = """\
import os, stat, sys
path = sys.argv[1]
mode = stat.S_IMODE(os.stat(path).st_mode)
assert mode == 0o600, oct(mode)
assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
text = open(path, encoding="utf-8").read()
open(os.environ["SEEN"], "w", encoding="utf-8").write(text)
{change}
open(path, "w", encoding="utf-8").write(text)
"""


@pytest.fixture
def org(tmp_path: Path) -> tuple[Path, dict[str, Key]]:
    root, keys = organisation(tmp_path)
    sealed = perfcode(
        "rekey", REVIEW, "--root", str(root), "--identity", str(keys["zhaomin"].secret)
    )
    assert sealed.returncode == 0, sealed.stdout + sealed.stderr
    return root, keys


def edit(tmp: Path, root: Path, key: Key | None, change: str) -> tuple[object, str]:
    script = tmp / "editor.py"
    script.write_text(EDITOR.format(change=textwrap.dedent(change)), encoding="utf-8")
    scratch = tmp / "tmp"
    scratch.mkdir(exist_ok=True)
    env = {
        "EDITOR": f"{sys.executable} {script}",
        "VISUAL": "",
        "SEEN": str(tmp / "seen.yaml"),
        "TMPDIR": str(scratch),
    }
    args = ["edit", REVIEW, "--root", str(root)]
    if key is not None:
        args += ["--identity", str(key.secret)]
    done = perfcode(*args, env=env)
    assert os.listdir(scratch) == [], "the plain words stayed on disk"
    seen = (tmp / "seen.yaml").read_text(encoding="utf-8") if (tmp / "seen.yaml").exists() else ""
    return done, seen


def test_a_changed_comment_is_sealed_and_age_opens_it(tmp_path, org) -> None:
    root, keys = org
    before = (root / REVIEW).read_text(encoding="utf-8")
    strengths = armor_at(root, REVIEW, ("strengths",))
    done, seen = edit(
        tmp_path,
        root,
        keys["heli"],
        'text = text.replace("plain words (summary)", "回访及时,记录完整")',
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "summary: plain words (summary)" in seen  # the editor saw the words in the clear
    after = (root / REVIEW).read_text(encoding="utf-8")
    assert after != before and "回访及时" not in after and "plain words" not in after
    assert done.stdout.splitlines() == [
        f"已写入 {REVIEW}。",
        "已加密:summary",
    ]
    summary = armor_at(root, REVIEW, ("summary",))
    for reader in ("fengxue", "heli", "zhaomin", "chenzong"):
        opened = age_decrypt(summary, keys[reader].secret)
        assert (opened.returncode, opened.stdout) == (0, "回访及时,记录完整")
    assert age_decrypt(summary, keys["huangwei"].secret).returncode != 0
    assert armor_at(root, REVIEW, ("strengths",)) == strengths  # untouched, byte for byte
    valid = perfcode("validate", str(root))
    assert REVIEW not in valid.stdout


def test_an_invalid_record_is_not_written(tmp_path, org) -> None:
    root, keys = org
    before = (root / REVIEW).read_bytes()
    done, _ = edit(
        tmp_path,
        root,
        keys["heli"],
        """\
        text = text.replace("rating: 4", "rating: 9", 1)
        text = text.replace("plain words (summary)", "new words")
        """,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert (root / REVIEW).read_bytes() == before
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"{REVIEW}:5:13: ")  # where the editor showed the rating
    assert lines[-1] == f"未写入 {REVIEW}:文件保持原样。"
    assert "new words" not in done.stdout


def test_removing_a_required_field_is_refused(tmp_path, org) -> None:
    root, keys = org
    before = (root / REVIEW).read_bytes()
    done, _ = edit(
        tmp_path,
        root,
        keys["heli"],
        'text = text.replace("  - item: service-attitude\\n    rating: 4", "  - rating: 4")',
    )
    assert done.returncode == 1, done.stdout
    assert done.stdout.startswith(f"{REVIEW}:4:5: ")
    assert (root / REVIEW).read_bytes() == before


def test_nothing_changed_nothing_written(tmp_path, org) -> None:
    root, keys = org
    before = (root / REVIEW).read_bytes()
    done, _ = edit(tmp_path, root, keys["fengxue"], "pass")
    assert (done.returncode, done.stdout) == (0, f"{REVIEW}:没有改动,未写入。\n")
    assert (root / REVIEW).read_bytes() == before


def test_a_value_the_caller_cannot_read_stays_sealed(tmp_path, org) -> None:
    """huangwei reads none of fengxue's review: the editor shows the sealed mappings under
    a note naming them; changing a rating only is saved, the ciphertexts byte for byte."""
    root, keys = org
    before = {f: armor_at(root, REVIEW, (f,)) for f in ("summary", "strengths", "improvements")}
    done, seen = edit(
        tmp_path, root, keys["huangwei"], 'text = text.replace("rating: 4", "rating: 3", 1)'
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert seen.startswith(
        "# perfcode edit: 你无法读取 summary, strengths, improvements:"
        "它们已加密给其他读者,你不在其中。\n"
        "# perfcode edit: 请保持原样不要改动;保存时这几行注释会被去掉。\n"
        "# yaml-language-server:"
    )
    after = (root / REVIEW).read_text(encoding="utf-8")
    assert after.startswith("# yaml-language-server:")
    assert value_at(after, ("ratings", 0, "rating")) == 3
    assert {f: armor_at(root, REVIEW, (f,)) for f in before} == before


def test_changing_a_value_the_caller_cannot_read_is_refused(tmp_path, org) -> None:
    root, keys = org
    before = (root / REVIEW).read_bytes()
    done, _ = edit(
        tmp_path,
        root,
        keys["huangwei"],
        'text = text.replace("readers: [chenzong, ", "readers: [", 1)',
    )
    assert done.returncode == 1
    first = done.stdout.splitlines()[0]
    assert first.startswith(f"{REVIEW}:31:3: PC119 ") and "summary is sealed to" in first
    assert (root / REVIEW).read_bytes() == before


def test_no_key_at_all_is_a_usage_error(tmp_path, org) -> None:
    root, _ = org
    done, _ = edit(tmp_path, root, None, "pass")
    assert done.returncode == 2
    assert "--identity FILE" in done.stderr and "PERFCODE_IDENTITY" in done.stderr


def test_a_link_is_never_followed(tmp_path, org) -> None:
    root, keys = org
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_bytes((root / REVIEW).read_bytes())
    (root / REVIEW).unlink()
    (root / REVIEW).symlink_to(elsewhere)
    done, _ = edit(tmp_path, root, keys["heli"], "pass")
    assert done.returncode == 1
    assert f"{REVIEW}:1:1: PC050" in done.stdout


def test_on_a_terminal_the_editor_opens_again(tmp_path, org) -> None:
    """An invalid save on a terminal: the problems, "Edit again?", and the editor opens on
    what was written (not the original), so the second save can fix it."""
    import subprocess

    root, keys = org
    change = """\
    marker = os.path.join(os.path.dirname(os.environ["SEEN"]), "once")
    if not os.path.exists(marker):
        open(marker, "w").close()
        text = text.replace("rating: 4", "rating: 9", 1).replace("(summary)", "(second try)")
    else:
        assert "rating: 9" in text and "(second try)" in text
        text = text.replace("rating: 9", "rating: 3", 1)
    """
    script = tmp_path / "editor.py"
    script.write_text(EDITOR.format(change=textwrap.dedent(change)), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PERFCODE_IDENTITY"}
    env.update(EDITOR=f"{sys.executable} {script}", VISUAL="", SEEN=str(tmp_path / "seen.yaml"))
    command = [sys.executable, "-m", "perfcode", "edit", REVIEW, "--root", str(root)]
    master, slave = os.openpty()
    try:
        os.write(master, b"y\n")  # the answer waits in the terminal's input
        done = subprocess.run(
            [*command, "--identity", str(keys["heli"].secret)],
            stdin=slave,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
    finally:
        os.close(slave)
        os.close(master)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "重新编辑?[Y/n]" in done.stdout
    after = (root / REVIEW).read_text(encoding="utf-8")
    assert value_at(after, ("ratings", 0, "rating")) == 3
    opened = age_decrypt(armor_at(root, REVIEW, ("summary",)), keys["fengxue"].secret)
    assert opened.stdout == "plain words (second try)"
