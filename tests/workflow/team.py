"""A team's repository: pull requests as branches off main, merged with real `git merge`, and
the CI gate a pull request meets on the merged tree (`perfcode validate`, `perfcode score
--check`), run with the real command line in this process. Used by the team-cycle test and
the merge trial (tests/benchmarks/merge_pairs.py)."""

from __future__ import annotations

import contextlib
import io
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from gitrepo import git
from perfcode.cli import main as perfcode_main

MAIN = "main"


@dataclass(frozen=True, slots=True)
class Run:
    """One `perfcode` command: its exit code and what it printed (standard output, then
    standard error)."""

    args: tuple[str, ...]
    code: int
    out: str


def perfcode(*args: str) -> Run:
    """`perfcode ARGS`, in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = perfcode_main(list(args))
    return Run(args, code, out.getvalue() + err.getvalue())


def must(*args: str) -> Run:
    """`perfcode ARGS`, which must exit 0."""
    run = perfcode(*args)
    assert run.code == 0, f"perfcode {' '.join(args)} exited {run.code}:\n{run.out}"
    return run


def source_files(folder: Path) -> dict[str, bytes]:
    """Every file under FOLDER, by its path relative to it (forward slashes)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@dataclass(frozen=True, slots=True)
class Team:
    """A git repository with one work tree, `main` checked out between pull requests."""

    root: Path

    @classmethod
    def start(cls, root: Path, files: Mapping[str, bytes]) -> Team:
        """A new repository whose first commit on main holds FILES."""
        root.mkdir(parents=True)
        git(root, "init", "--quiet", "--initial-branch", MAIN)
        team = cls(root)
        team.write(files)
        git(root, "add", "--all")
        git(root, "commit", "--quiet", "-m", "The organisation and its cycle")
        return team

    def git(self, *args: str, stdin: str | None = None) -> str:
        return git(self.root, *args, stdin=stdin)

    def write(self, files: Mapping[str, bytes]) -> None:
        for name, data in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)

    def branch(
        self,
        name: str,
        files: Mapping[str, bytes] | None = None,
        work: Callable[[Path], None] | None = None,
        base: str = MAIN,
    ) -> str:
        """A pull request's branch NAME off BASE: FILES written, then WORK done in the work
        tree (a command such as `perfcode publish`), committed; main checked out again."""
        self.git("switch", "--quiet", "--create", name, base)
        self.write(files or {})
        if work is not None:
            work(self.root)
        self.git("add", "--all")
        self.git("commit", "--quiet", "--allow-empty", "-m", name)
        self.git("switch", "--quiet", MAIN)
        return name

    def branches(self, made: Mapping[str, Mapping[str, bytes]], base: str = MAIN) -> list[str]:
        """Pull requests that only write files: branch NAME off BASE writes MADE[NAME]. The
        same commits as `branch` makes, in two git commands for them all (`hash-object`
        stores the files, `fast-import` commits them), none of them touching the work tree."""
        scratch = self.root.parent / f".{self.root.name}-files"
        named: list[tuple[str, str, Path]] = []
        for number, (name, files) in enumerate(made.items()):
            for index, (path, data) in enumerate(files.items()):
                copy = scratch / f"{number}-{index}"
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_bytes(data)
                named.append((name, path, copy))
        blobs = self.git("hash-object", "-w", "--", *(str(copy) for _, _, copy in named))
        parent = self.git("rev-parse", base)
        stream: list[str] = []
        for name in made:
            stream += [
                f"commit refs/heads/{name}",
                "committer perfcode tests <tests@example.com> 1767225600 +0000",
                f"data {len(name.encode())}",
                name,
                f"from {parent}",
            ]
            stream += [
                f"M 100644 {blob} {path}"
                for (owner, path, _), blob in zip(named, blobs.split(), strict=True)
                if owner == name
            ]
            stream.append("")
        self.git("fast-import", "--quiet", stdin="\n".join(stream) + "\n")
        for _, _, copy in named:
            copy.unlink()
        return list(made)

    def changed(self, name: str) -> list[str]:
        """The files branch NAME changes against the commit it forked from on main."""
        return self.git("diff", "--name-only", f"{MAIN}...{name}").splitlines()

    def merge(self, name: str) -> bool:
        """Merge branch NAME into main (a merge commit, as GitHub's merge button makes);
        False, and nothing merged, when git finds a conflict."""
        try:
            self.git("merge", "--quiet", "--no-ff", "-m", f"Merge pull request {name}", name)
        except subprocess.CalledProcessError:
            self.git("merge", "--abort")
            return False
        return True

    def gate(self) -> list[Run]:
        """The CI a pull request meets, on the tree as it is: the commands that failed."""
        runs = [perfcode("validate", str(self.root)), perfcode("score", "--check", str(self.root))]
        return [run for run in runs if run.code != 0]

    def read(self, name: str) -> bytes | None:
        """A file of main's tree, or None when main has none."""
        path = self.root / name
        return path.read_bytes() if path.is_file() else None

    def tree(self) -> str:
        """The id of main's tree: equal trees, equal files."""
        return self.git("rev-parse", f"{MAIN}^{{tree}}")
