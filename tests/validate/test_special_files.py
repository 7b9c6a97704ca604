"""Records are regular files inside the repository: links, pipes, sockets, submodules and
folders that cannot be read are problems, never opened, never skipped in silence.

Git cannot hold most of these (or a checkout would make them), so each case folder under
special/ says in `case.yaml` what the test builds on a fresh copy of base/ (`make`: link,
fifo, socket, submodule, unreadable), with `files/` copied over it first, `outside/` copied
beside the repository (what links point at: `to` is relative to the link's folder) and
`expected.txt` the exact output of `perfcode validate` (case 84 also runs as root, with
the error injected). The command runs in a child process with a time limit, so a file
that would make it wait for ever fails the test instead of hanging it. Set
PERFCODE_UPDATE_EXPECTED=1 to rewrite the expected files.

Beside the cases: an unreadable folder injected into `os.scandir` (root reads every
folder), the base-branch reader against the loader, the site sources and schema reading.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from perfcode.cli import main
from perfcode.io import files
from perfcode.io.schemas import BUNDLED, Schemas, schema_dir
from perfcode.load import repository as load
from perfcode.signatures import base as basetree

HERE = Path(__file__).parent
BASE = HERE / "base"
CASES = sorted(p for p in (HERE / "special").iterdir() if p.is_dir())
UPDATE = os.environ.get("PERFCODE_UPDATE_EXPECTED") == "1"
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
#: seconds a validation of the small base may take before it counts as hanging
LIMIT = 60


def _spec(case: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    return data


def _make(root: Path, entry: dict[str, Any]) -> None:
    target = root / entry["path"]
    target.parent.mkdir(parents=True, exist_ok=True)
    kind = entry["kind"]
    if kind == "link":  # `to` as the link holds it: relative to the link's folder
        if entry.get("move"):  # the real thing moves to where the link points
            shutil.move(target, target.parent / entry["to"])
        elif target.exists():  # the link takes the file's place
            target.unlink()
        os.symlink(entry["to"], target)
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(str(target))
        server.close()  # the socket file stays
    elif kind == "submodule":
        target.mkdir(exist_ok=True)
        (target / ".git").write_text("gitdir: ../../../../.git/modules/reviews\n")
    elif kind == "unreadable":
        target.chmod(0)
    else:
        raise ValueError(f"unknown kind {kind!r} in case.yaml")


def build_repository(case: Path, tmp: Path) -> Path:
    """The repository (base/ with the case applied), and the case's outside/ beside it."""
    spec = _spec(case)
    root, outside = tmp / "repo", tmp / "outside"
    shutil.copytree(BASE, root)
    if (case / "outside").is_dir():
        shutil.copytree(case / "outside", outside)
    outside.mkdir(exist_ok=True)
    if spec.get("copy_schemas"):
        shutil.copytree(BUNDLED, root / "schemas")
    for path in spec.get("remove", []):
        (root / path).unlink()
    if (case / "files").is_dir():
        shutil.copytree(case / "files", root, dirs_exist_ok=True)
    for entry in spec["make"]:
        _make(root, entry)
    return root


def _restore(root: Path) -> None:
    """Give back the permissions a case took away, so the folder can be deleted."""
    for folder, names, _ in os.walk(root):
        for name in names:
            path = Path(folder, name)
            if not path.is_symlink():
                path.chmod(stat.S_IRWXU)


def _validate(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfcode", "validate", str(root)],
        stdin=subprocess.PIPE,  # a record read from /dev/stdin would wait here, not read EOF
        capture_output=True,
        text=True,
        timeout=LIMIT,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def test_enough_cases() -> None:
    assert len(CASES) >= 9


def _compare(case: Path, out: str) -> None:
    expected = case / "expected.txt"
    if UPDATE:
        expected.write_text(out, encoding="utf-8")
    assert out == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_special(case: Path, tmp_path: Path) -> None:
    kinds = {entry["kind"] for entry in _spec(case)["make"]}
    if "unreadable" in kinds and ROOT_USER:
        pytest.skip("root reads every folder; test_unreadable_folder injects the error")
    root = build_repository(case, tmp_path)
    try:
        done = _validate(root)
    finally:
        _restore(root)
    assert done.stderr == "", done.stderr
    _compare(case, done.stdout)
    assert done.returncode == 1


class _Unreadable:
    """`os.scandir` that refuses one folder, as the system does without read permission."""

    def __init__(self, folder: Path) -> None:
        self.folder = os.path.normpath(folder)
        self.scandir = os.scandir

    def __call__(self, path: str) -> Iterator[os.DirEntry[str]]:
        if os.path.normpath(path) == self.folder:
            raise PermissionError(13, "Permission denied", path)
        return self.scandir(path)  # type: ignore[return-value]


def test_unreadable_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Case 84 with the permission error injected (what the system says to a user who may
    not read the folder), so it runs as root too and gives the same output."""
    case = HERE / "special/84-unreadable-folder"
    (folder,) = (entry["path"] for entry in _spec(case)["make"])
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    monkeypatch.setattr(os, "scandir", _Unreadable(root / folder))
    code = main(["validate", str(root)])
    out, err = capsys.readouterr()
    assert err == ""
    _compare(case, out)
    assert code == 1


def test_unreadable_records_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    monkeypatch.setattr(os, "scandir", _Unreadable(root / "people"))
    found = files.walk(root, load.RECORD_FOLDERS)
    assert [(p.path, p.code) for p in found.problems] == [("people", "PC052")]
    assert not any(path.startswith("people/") for path in found.files)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    opened = os.open

    def refuse(path: str, flags: int, *args: Any, **kwargs: Any) -> int:
        if path.endswith("zhaomin.yaml"):
            raise PermissionError(13, "Permission denied", path)
        return opened(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    text, problems = load.read_text(root, "people/zhaomin.yaml")
    assert text is None
    assert [(p.path, p.line, p.column, p.code, p.message) for p in problems] == [
        (
            "people/zhaomin.yaml",
            1,
            1,
            "PC053",
            "the file cannot be read (Permission denied): give read permission to everyone "
            "who runs perfcode",
        )
    ]


def test_a_pipe_is_never_opened_for_reading(tmp_path: Path) -> None:
    """Even read directly (no walk first), a FIFO is refused at once: O_NONBLOCK opens it
    without waiting for a writer, and fstat says it is not a regular file."""
    os.mkfifo(tmp_path / "wanghongjun.yaml")
    with pytest.raises(files.Refused) as refused:
        files.read(tmp_path, "wanghongjun.yaml", 1024)
    assert refused.value.problem.code == "PC051"


def test_a_link_on_the_way_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/zhaomin.yaml").write_text("name: x\n")
    (tmp_path / "people").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(files.Refused) as refused:
        files.read(tmp_path, "people/zhaomin.yaml", 1024)
    assert (refused.value.problem.path, refused.value.problem.code) == ("people", "PC050")
    with pytest.raises(OSError):
        files.read(tmp_path, "people/../elsewhere/zhaomin.yaml", 1024)


def test_schema_folder_that_is_a_link_is_not_used(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    shutil.copytree(BUNDLED, tmp_path / "outside")
    (root / "schemas").symlink_to(tmp_path / "outside")
    assert schema_dir(root) == BUNDLED
    _, problems = load.load_repository(root)
    assert [(p.path, p.code) for p in problems] == [("schemas", "PC050")]


def test_schema_read_as_records_are(tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    folder.mkdir()
    os.mkfifo(folder / "person.schema.json")
    schemas = Schemas(folder)
    assert schemas["person"].kind == "person"  # perfcode's own, without waiting on the pipe
    assert [(p.path, p.code) for p in schemas.problems] == [("schemas/person.schema.json", "PC051")]


# --- the base branch reader agrees with the loader ---------------------------------------


def _git(root: Path, *args: str) -> str:
    from gitrepo import git

    return git(root, *args)


def test_base_reader_and_loader_agree_on_a_link(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    (tmp_path / "lihua.yaml").write_text(
        (BASE / "people/zhaomin.yaml").read_text(encoding="utf-8").replace("zhaomin", "lihua"),
        encoding="utf-8",
    )
    (root / "people/lihua.yaml").symlink_to(tmp_path / "lihua.yaml")
    (root / "people/zhaomin.yaml").unlink()
    (root / "people/zhaomin.yaml").symlink_to("chenzong.yaml")  # a link inside, too
    _git(root, "init", "--quiet", "--initial-branch=main")
    _git(root, "add", "--all")
    _git(root, "commit", "--quiet", "--message", "links")
    sha = _git(root, "rev-parse", "HEAD")
    from_git = basetree.from_git(root, sha)
    from_tree = basetree.from_worktree(root)
    loaded, problems = load.load_repository(root)
    people = ["chenzong", "linzong", "wanghongjun"]
    assert sorted(from_git.repository.people) == people
    assert sorted(from_tree.repository.people) == people
    assert sorted(loaded.people) == people
    assert [(p.path, p.code) for p in problems if p.code == "PC050"] == [
        ("people/lihua.yaml", "PC050"),
        ("people/zhaomin.yaml", "PC050"),
    ]
    for base in (from_git, from_tree):
        assert base.text("people/zhaomin.yaml") is None  # a link is no file at the base
        assert base.text("people/lihua.yaml") is None
        assert base.text("people/chenzong.yaml") is not None


# --- site sources --------------------------------------------------------------------------


def test_site_page_linked_to_proc_environ_is_not_published(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    (root / "site").mkdir()
    (root / "site/about.md").write_text("# About\n", encoding="utf-8")
    (root / "site/environ.md").symlink_to("/proc/self/environ")
    os.mkfifo(root / "site/pipe.md")
    out = tmp_path / "public"
    code = main(["site", str(root), "--out", str(out), "--today", "2026-09-01"])
    printed = capsys.readouterr()
    assert code == 1, printed
    assert printed.out.splitlines() == [
        "perfcode: the site could not be built: the docs folder holds entries that are not "
        "regular files inside the repository, which MkDocs would copy (with whatever they "
        "point at) into the site:",
        'site/environ.md:1:1: PC050 this is a symbolic link (to "/proc/self/environ"); '
        "perfcode never follows links, so it was not read: put the file or folder itself here",
        "site/pipe.md:1:1: PC051 this is a named pipe (FIFO), not a regular file, so it was "
        "not read: delete it",
    ]
    assert "Traceback" not in printed.err
    assert not out.exists() or not any(out.rglob("environ*"))


def test_site_sources_folder_that_is_a_link(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo/site").symlink_to(tmp_path / "elsewhere")
    problems = files.site_sources(tmp_path / "repo", tmp_path / "repo/site")
    assert [(p.path, p.code) for p in problems] == [("site", "PC050")]
    assert files.site_sources(tmp_path / "repo", tmp_path / "elsewhere") == []
