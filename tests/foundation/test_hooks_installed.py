"""perfcode's published hooks (`.pre-commit-hooks.yaml`) run with the real pre-commit
client from a company's own repository that holds only records (people/, cycles/,
.github/CODEOWNERS: no schemas/, no tooling/), offline.

The company's `.pre-commit-config.yaml` names, as `repo:`, a local git repository holding
perfcode's current tree (every file `git ls-files` lists, tracked or new, as the working
tree has it: the test checks the code under test, not the last commit) and, as `rev:`, that
repository's commit. pre-commit clones it, builds a virtual environment and pip-installs
perfcode into it from the local package indexes (`pip config list`): no network. The
environment is built once, in a PRE_COMMIT_HOME of the module's own; each test runs the
hooks in a copy of the company's repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HOOKS = ("perfcode-check", "perfcode-validate", "perfcode-score-check", "perfcode-codeowners-check")
#: the hooks' names (`name:` in .pre-commit-hooks.yaml), as pre-commit prints them
NAMES = {
    "perfcode-check": "perfcode check",
    "perfcode-validate": "perfcode validate",
    "perfcode-score-check": "perfcode score --check",
    "perfcode-codeowners-check": "perfcode codeowners --check",
}
CYCLE = "2026-H2"

pytestmark = pytest.mark.slow


def _environment(**extra: str) -> dict[str, str]:
    """This process's environment without git's own variables (a hook running this test
    must not point the child's git at another repository), and without the user's git
    configuration."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", **extra)
    return env


def _run(args: list[str], cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        env=_environment(**extra),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _git(cwd: Path, *args: str) -> str:
    done = _run(
        ["git", "-c", "user.name=perfcode test", "-c", "user.email=test@example.com", *args], cwd
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


def _commit_everything(folder: Path, message: str) -> str:
    """FOLDER made a git repository holding all its files in one commit; its sha."""
    _git(folder, "init", "--quiet")
    _git(folder, "add", "--all")
    _git(folder, "commit", "--quiet", "--no-verify", "-m", message)
    return _git(folder, "rev-parse", "HEAD")


def _perfcode_tree(target: Path) -> str:
    """A git repository at TARGET holding perfcode's working tree (the files git lists,
    tracked or new and not ignored, as they are on disk; links stay links); its commit."""
    listed = _git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in sorted(set(filter(None, listed.split("\0")))):
        source = REPO / name
        if not os.path.lexists(source):  # deleted in the working tree
            continue
        copy = target / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, copy, follow_symlinks=False)
    return _commit_everything(target, "perfcode's working tree")


def _perfcode(*args: str, cwd: Path) -> None:
    done = _run([sys.executable, "-m", "perfcode", *args], cwd)
    assert done.returncode == 0, done.stdout + done.stderr


def _company(target: Path, source: Path, rev: str) -> None:
    """A company's repository of records only, with published results and CODEOWNERS,
    whose hooks are perfcode's at SOURCE, commit REV."""
    _perfcode("sample", str(target), "--people", "8", "--seed", "3", cwd=target.parent)
    shutil.rmtree(target / "schemas")  # the records only: perfcode's own schemas check them
    _perfcode("publish", CYCLE, "--incomplete", "--today", "2027-01-15", cwd=target)
    _perfcode("codeowners", cwd=target)
    hooks = "".join(f"      - id: {hook}\n" for hook in HOOKS)
    (target / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source}\n    rev: {rev}\n    hooks:\n{hooks}", encoding="utf-8"
    )
    _commit_everything(target, "the company's records")


@dataclass(frozen=True, slots=True)
class Installed:
    company: Path  # the company's repository, committed
    home: Path  # PRE_COMMIT_HOME, holding the environment pre-commit built
    first: subprocess.CompletedProcess[str]  # the run that built it


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    work = tmp_path_factory.mktemp("hooks")
    rev = _perfcode_tree(work / "perfcode")
    _company(work / "company", work / "perfcode", rev)
    home = work / "pre-commit"
    first = _pre_commit(work / "company", home, "run", "--all-files")
    return Installed(work / "company", home, first)


@pytest.fixture
def company(installed: Installed, tmp_path: Path) -> Path:
    """A copy of the company's repository (its git folder too) for one test to change."""
    copy = tmp_path / "company"
    shutil.copytree(installed.company, copy, symlinks=True)
    return copy


def _pre_commit(company: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return _run(
        [sys.executable, "-m", "pre_commit", *args, "--color", "never"],
        company,
        PRE_COMMIT_HOME=str(home),
    )


_VERDICT = re.compile(
    r"^(?P<name>perfcode .+?)\.+(?:\(no files to check\))?(?P<verdict>Passed|Failed|Skipped)$",
    re.MULTILINE,
)


def verdicts(done: subprocess.CompletedProcess[str]) -> dict[str, str]:
    """Each perfcode hook's verdict in a pre-commit run: hook id → Passed, Failed, Skipped."""
    ids = {name: hook for hook, name in NAMES.items()}
    return {ids[m["name"]]: m["verdict"] for m in _VERDICT.finditer(done.stdout)}


def _line_of(path: Path, start: str) -> int:
    """The number of the first line of PATH that starts with START."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(start))


def test_the_hooks_pass_on_a_repository_of_records_only(installed: Installed) -> None:
    kept = sorted(p.name for p in installed.company.iterdir() if p.name != ".git")
    assert kept == [".github", ".pre-commit-config.yaml", "cycles", "people"]
    done = installed.first
    assert done.returncode == 0, done.stdout + done.stderr
    assert verdicts(done) == dict.fromkeys(HOOKS, "Passed")
    assert "Installing environment for" in done.stdout + done.stderr  # pre-commit built it
    assert (installed.company / f"cycles/{CYCLE}/results.yaml").is_file()  # score --check judged


def test_a_broken_record_fails_every_hook_at_its_line(installed: Installed, company: Path) -> None:
    person = company / "people/p00003.yaml"
    line = _line_of(person, "name: ")
    person.write_text(person.read_text(encoding="utf-8").replace("\nname: ", "\nnmae: "), "utf-8")
    done = _pre_commit(company, installed.home, "run", "--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert verdicts(done) == dict.fromkeys(HOOKS, "Failed")
    # each hook names the place and the code (the code's sentence in the organisation's
    # language may come before the message)
    said = (
        rf'^people/p00003\.yaml:{line}:1: PC011 (.* )?unknown field "nmae"; did you mean "name"\?$'
    )
    assert len(re.findall(said, done.stdout, re.MULTILINE)) == len(HOOKS), done.stdout


def test_stale_results_fail_the_score_check(installed: Installed, company: Path) -> None:
    results = company / f"cycles/{CYCLE}/results.yaml"
    line = _line_of(results, "    score: ")
    lines = results.read_text(encoding="utf-8").split("\n")
    score = lines[line - 1].removeprefix("    score: ")
    lines[line - 1] = f"    score: {float(score) + 1:.2f}"
    results.write_text("\n".join(lines), encoding="utf-8")
    done = _pre_commit(company, installed.home, "run", "--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert verdicts(done) == {
        "perfcode-check": "Failed",
        "perfcode-validate": "Passed",
        "perfcode-score-check": "Failed",
        "perfcode-codeowners-check": "Passed",
    }
    assert re.search(
        rf"^cycles/{CYCLE}/results\.yaml:{line}:\d+: PC040 (.* )?results\.yaml is stale: "
        rf"the policy and records give 'score: {re.escape(score)}' here",
        done.stdout,
        re.MULTILINE,
    ), done.stdout


def test_a_stale_codeowners_fails_its_hook(installed: Installed, company: Path) -> None:
    owners = company / ".github/CODEOWNERS"
    owners.write_text(owners.read_text(encoding="utf-8") + "* @someone-else\n", "utf-8")
    done = _pre_commit(company, installed.home, "run", "--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert verdicts(done) == {
        "perfcode-check": "Failed",
        "perfcode-validate": "Passed",
        "perfcode-score-check": "Passed",
        "perfcode-codeowners-check": "Failed",
    }
    assert ".github/CODEOWNERS is stale: run `perfcode codeowners`" in done.stdout


def test_bumping_the_pin_runs_every_hook(installed: Installed, company: Path) -> None:
    """A change to .pre-commit-config.yaml alone (a new `rev:`) checks the records with
    the perfcode it names: no hook is skipped for want of a record among the files."""
    done = _pre_commit(company, installed.home, "run", "--files", ".pre-commit-config.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert verdicts(done) == dict.fromkeys(HOOKS, "Passed")


def test_a_repository_for_a_newer_perfcode_stops_every_hook(
    installed: Installed, company: Path
) -> None:
    org = company / "people/org.yaml"
    lines = org.read_text(encoding="utf-8").split("\n")
    lines.insert(1, 'minimum_perfcode_version: "99.0.0"')
    org.write_text("\n".join(lines), encoding="utf-8")
    done = _pre_commit(company, installed.home, "run", "--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert verdicts(done) == dict.fromkeys(HOOKS, "Failed")
    said = "people/org.yaml:2:27: PC092 this repository needs perfcode 99.0.0 or newer"
    assert done.stdout.count(said) == len(HOOKS)  # the one problem, from each hook
    assert done.stdout.count(": PC") == len(HOOKS)
