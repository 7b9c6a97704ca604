"""The workflows' own shell steps, taken from the YAML and run with bash as GitHub runs them
(`bash --noprofile --norc -eo pipefail`), against real git repositories: the recorder's
record-commit-push loop against a local bare origin whose main moves while it works, the
signatures check's hand-over of the event to perfcode, and the hash-checked lock files
installed into fresh virtual environments.

The steps are taken from the reusable workflows (perfcode-publish.yml, perfcode-signatures.yml)
with their job's env: perfcode comes from the checkout's tooling/ when the caller's
perfcode-ref is empty (this repository), or from the release checked out into .perfcode/
(a company's repository: the tests run both).

The first tests run a stand-in for perfcode (steps/record_stub.py, steps/judge_stub.py,
placed where the workflows' `PYTHONPATH=… python -m perfcode` finds it) that keeps the
commands' contracts, for the shell logic alone. The `test_real_*` tests run the same steps
with the real perfcode (this repository's tooling/ committed in the checkout) against the
fake GitHub of tests/signatures/conftest.py: the check run posted on the head judged, or
nothing for a pull request into another branch; the evidence the recorder pushes to a bare
origin (also when main moves before its push), which `perfcode verify` accepts on a fresh
clone.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement

from gitrepo import git
from perfcode.io.git import blob_id
from perfcode.signatures import proof
from perfcode.signatures import rules as sig
from signatures.conftest import REPO as GITHUB_REPO
from signatures.conftest import FakeGitHub, contract_text, running, user

REPO = Path(__file__).parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
REQUIREMENTS = REPO / ".github" / "requirements"
STEPS = Path(__file__).parent / "steps"
BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]  # GitHub's `shell: bash`
SHA = "0123456789abcdef0123456789abcdef01234567"


#: the one form of expression that says where perfcode is: the caller's checkout (the
#: caller's perfcode-ref empty) or the release in .perfcode/
WHERE = re.compile(r"^\$\{\{ inputs\.perfcode-ref == '' && '([^']*)' \|\| '([^']*)' \}\}$")
RELEASE = "v0.1.0"  # a perfcode-ref a company's caller passes


def _where(value: str, perfcode_ref: str) -> str:
    match = WHERE.match(value)
    if match is None:
        return value
    return match.group(1) if perfcode_ref == "" else match.group(2)


def _step(workflow: str, job: str, name: str, perfcode_ref: str = "") -> dict[str, Any]:
    """The step as the runner gets it for a caller passing PERFCODE_REF: its env on top of
    the job's, where perfcode is worked out (other expressions are left for the test)."""
    data = yaml.load((WORKFLOWS / workflow).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    steps = [s for s in data["jobs"][job]["steps"] if s.get("name") == name]
    assert len(steps) == 1, f"{workflow}: no single step {name!r} in job {job}"
    step: dict[str, Any] = dict(steps[0])
    job_env = {k: _where(v, perfcode_ref) for k, v in data["jobs"][job].get("env", {}).items()}
    step["env"] = {**job_env, **step.get("env", {})}
    if "working-directory" in step:
        step["working-directory"] = _where(step["working-directory"], perfcode_ref)
    return step


def _plain(step: dict[str, Any]) -> dict[str, str]:
    """The step's env values that hold no expression, as the workflow sets them."""
    return {k: v for k, v in step["env"].items() if "${{" not in v}


def _run(
    step: dict[str, Any],
    values: dict[str, str],
    cwd: Path,
    tmp: Path,
    extra: dict[str, str] | None = None,
) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run the step's script with `values` for its env: (exactly its keys, so a new
    expression in the workflow needs a value here); returns the process and the summary."""
    assert set(values) == set(step.get("env", {})), "give every env: key of the step a value"
    bin_dir = tmp / "bin"
    bin_dir.mkdir(exist_ok=True)
    if not (bin_dir / "python").exists():  # `python` as on the runner, with its packages
        # (a script, not a symlink: a symlinked interpreter finds no virtual environment)
        (bin_dir / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
        (bin_dir / "python").chmod(0o755)
    summary = tmp / "summary.md"
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GITHUB_STEP_SUMMARY": str(summary),
        **values,
        **(extra or {}),
    }
    done = subprocess.run(
        [*BASH, "-c", step["run"]], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    return done, summary.read_text(encoding="utf-8") if summary.exists() else ""


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


# --- publish: record, commit, push, retry --------------------------------------------------

RECORD = ("perfcode-publish.yml", "record", "Record, commit and push the evidence")


def _record_values(perfcode_ref: str = "") -> dict[str, str]:
    return {
        # BRANCH, DEPTH, ATTEMPTS, PYTHONPATH, PYTHONSAFEPATH as the workflow sets them
        **_plain(_step(*RECORD, perfcode_ref)),
        "GITHUB_TOKEN": "app-installation-token",
        "PERFCODE_EVIDENCE_KEY": "recorder-private-key",
        "REPO": "acme/records",
        "APP_SLUG": "perfcode-acme",
    }


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    """A bare origin whose main has two merged pull requests and the stand-in perfcode."""
    bare = tmp_path / "origin.git"
    _git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(bare))
    seed = tmp_path / "seed"
    _git(tmp_path, "clone", "--quiet", str(bare), str(seed))
    (seed / "tooling" / "perfcode").mkdir(parents=True)
    shutil.copy(STEPS / "record_stub.py", seed / "tooling" / "perfcode" / "__main__.py")
    (seed / "tooling" / "perfcode" / "__init__.py").touch()  # a package: found first
    (seed / "cycles" / "2026-H1").mkdir(parents=True)
    (seed / "cycles" / "2026-H1" / "cycle.yaml").write_text("id: 2026-H1\n", encoding="utf-8")
    _git(seed, "add", ".")
    _git(seed, "commit", "--quiet", "-m", "Set up")
    for number in (1, 2):
        (seed / f"record-{number}.yaml").write_text(f"n: {number}\n", encoding="utf-8")
        _git(seed, "add", ".")
        _git(seed, "commit", "--quiet", "-m", f"Merge pull request #{number} from acme/b{number}")
    _git(seed, "push", "--quiet", "origin", "HEAD:main")
    return bare


def _checkout(origin: Path, where: Path) -> Path:
    """What actions/checkout leaves: a clone of main with the remote `origin`."""
    _git(origin.parent, "clone", "--quiet", "--branch", "main", str(origin), str(where))
    return where


def _mover(tmp: Path, origin: Path, moves: int) -> dict[str, str]:
    return {
        "AFTER_RECORD": str(STEPS / "move_main.sh"),
        "ORIGIN": str(origin),
        "MOVES": str(moves),
        "COUNTER": str(tmp / "moves"),
    }


def _merges(origin: Path) -> list[str]:
    log = _git(origin, "log", "--first-parent", "--format=%H %s", "main").splitlines()
    return [line.split()[0] for line in reversed(log) if " Merge pull request #" in line]


def _recorded(origin: Path) -> list[str]:
    text = _git(origin, "show", "main:cycles/2026-H1/signatures.yaml")
    return [line.removeprefix("- merge: ") for line in text.splitlines()]


def test_record_pushes_the_evidence_of_every_unrecorded_merge_as_the_app(
    origin: Path, tmp_path: Path
) -> None:
    work = _checkout(origin, tmp_path / "work")
    done, summary = _run(_step(*RECORD), _record_values(), work, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "recorded 2 merge(s)" in summary and "Pushed the evidence to main." in done.stdout
    assert _recorded(origin) == _merges(origin) and len(_merges(origin)) == 2
    assert _git(origin, "log", "-1", "--format=%an <%ae>|%s", "main") == (
        "perfcode-acme[bot] <perfcode-acme[bot]@users.noreply.github.com>"
        "|Record the signatures of merged pull requests"
    )
    assert _git(origin, "show", "--name-only", "--format=", "main").splitlines() == [
        "cycles/2026-H1/signatures.yaml"
    ], "the recorder commits the evidence and nothing else"


def test_main_moving_before_the_push_is_recorded_on_top_of_it(origin: Path, tmp_path: Path) -> None:
    work = _checkout(origin, tmp_path / "work")
    done, _ = _run(_step(*RECORD), _record_values(), work, tmp_path, _mover(tmp_path, origin, 1))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "main moved; recording again on top of it." in done.stdout
    merges = _merges(origin)
    assert len(merges) == 3, "the merge that landed meanwhile is on main, not overwritten"
    assert _recorded(origin) == merges, "and recorded too"
    assert _git(origin, "rev-parse", "main^") == merges[-1]


def test_nothing_new_to_record_pushes_nothing(origin: Path, tmp_path: Path) -> None:
    first = _checkout(origin, tmp_path / "first")
    assert _run(_step(*RECORD), _record_values(), first, tmp_path)[0].returncode == 0
    before = _git(origin, "rev-parse", "main")
    again = _checkout(origin, tmp_path / "again")
    done, summary = _run(_step(*RECORD), _record_values(), again, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "recorded 0 merge(s)" in summary
    assert "Every merged pull request is recorded." in done.stdout
    assert _git(origin, "rev-parse", "main") == before


def test_a_main_that_keeps_moving_fails_after_the_attempts_and_the_next_run_catches_up(
    origin: Path, tmp_path: Path
) -> None:
    step, values = _step(*RECORD), _record_values()
    attempts = int(values["ATTEMPTS"])
    work = _checkout(origin, tmp_path / "work")
    done, _ = _run(step, values, work, tmp_path, _mover(tmp_path, origin, moves=100))
    assert done.returncode == 1
    assert f"::error::main kept moving: the evidence was not pushed after {attempts}" in (
        done.stdout
    )
    assert (tmp_path / "moves").read_text(encoding="utf-8").strip() == str(attempts)
    assert len(_merges(origin)) == 2 + attempts, "every concurrent merge stayed on main"
    # a cancelled or failed run loses nothing: the next one records all of them
    later = _checkout(origin, tmp_path / "later")
    done, _ = _run(step, values, later, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _recorded(origin) == _merges(origin)


def test_a_failing_record_fails_the_step_and_pushes_nothing(origin: Path, tmp_path: Path) -> None:
    work = _checkout(origin, tmp_path / "work")
    values = {**_record_values(), "PERFCODE_EVIDENCE_KEY": ""}  # the secret is missing
    before = _git(origin, "rev-parse", "main")
    done, _ = _run(_step(*RECORD), values, work, tmp_path)
    assert done.returncode != 0
    assert "PERFCODE_EVIDENCE_KEY and GITHUB_TOKEN must be set" in done.stderr
    assert _git(origin, "rev-parse", "main") == before


# --- signatures: what reaches perfcode -----------------------------------------------------

JUDGE = ("perfcode-signatures.yml", "signatures", "Judge the pull request and post the check")


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    where = tmp_path / "checkout"
    (where / "tooling" / "perfcode").mkdir(parents=True)
    shutil.copy(STEPS / "judge_stub.py", where / "tooling" / "perfcode" / "__main__.py")
    (where / "tooling" / "perfcode" / "__init__.py").touch()  # a package: found first
    return where


def _judge_values(
    event: str, pr: str = "", head_sha: str = "", perfcode_ref: str = ""
) -> dict[str, str]:
    # GitHub evaluates `pull_request.number || issue.number` to '' on workflow_run
    return {
        **_plain(_step(*JUDGE, perfcode_ref)),  # PYTHONPATH, PYTHONSAFEPATH
        "GITHUB_TOKEN": "app-installation-token",
        "EVENT": event,
        "REPO": "acme/records",
        "PR_NUMBER": pr,
        "HEAD_SHA": head_sha,
    }


@pytest.mark.parametrize(
    ("event", "pr", "head_sha", "judged"),
    [
        ("pull_request_target", "7", "", "--pr 7"),
        ("issue_comment", "12", "", "--pr 12"),
        ("workflow_run", "", SHA, f"--commit {SHA}"),
    ],
)
def test_each_event_hands_perfcode_only_what_github_set(
    checkout: Path, tmp_path: Path, event: str, pr: str, head_sha: str, judged: str
) -> None:
    done, summary = _run(_step(*JUDGE), _judge_values(event, pr, head_sha), checkout, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    line = f"perfcode signatures --repo acme/records {judged} --root . --post-check"
    assert line in done.stdout and "token: set" in done.stdout
    assert summary.startswith("### Signatures\n\n```text\n") and line in summary


@pytest.mark.parametrize(
    ("event", "pr", "head_sha"),
    [
        ("workflow_run", "", ""),
        ("workflow_run", "", SHA[:12]),
        ("workflow_run", "", SHA.upper()),
        ("workflow_run", "", f"{SHA[:39]};"),
        ("pull_request_target", "", ""),
        ("issue_comment", "7; echo", ""),
    ],
)
def test_an_event_without_a_number_or_a_full_commit_runs_nothing(
    checkout: Path, tmp_path: Path, event: str, pr: str, head_sha: str
) -> None:
    done, _ = _run(_step(*JUDGE), _judge_values(event, pr, head_sha), checkout, tmp_path)
    assert done.returncode == 2
    assert "perfcode signatures" not in done.stdout


@pytest.mark.parametrize(("verdict", "step_exit"), [("0", 0), ("1", 0), ("2", 1)])
def test_missing_signatures_are_the_checks_verdict_and_only_a_failure_to_run_fails_the_job(
    checkout: Path, tmp_path: Path, verdict: str, step_exit: int
) -> None:
    values = _judge_values("pull_request_target", "7")
    done, _ = _run(_step(*JUDGE), values, checkout, tmp_path, {"STUB_EXIT": verdict})
    assert done.returncode == step_exit, done.stdout + done.stderr


# --- where perfcode comes from: the release, never the records --------------------------

HIJACK = 'import sys\nprint("the records\' own code ran")\nsys.exit(3)\n'


def _package(where: Path, main: str) -> None:
    where.mkdir(parents=True)
    (where / "__init__.py").touch()
    (where / "__main__.py").write_text(main, encoding="utf-8")


@pytest.fixture
def company_checkout(tmp_path: Path) -> Path:
    """A company's records checked out with perfcode's release in .perfcode/ (the stand-in),
    and two perfcode packages of the records' own that must never run: tooling/perfcode and
    perfcode/ in the working directory (what `python -m` would import first)."""
    where = tmp_path / "records"
    _package(where / ".perfcode" / "tooling" / "perfcode", (STEPS / "judge_stub.py").read_text())
    _package(where / "tooling" / "perfcode", HIJACK)
    _package(where / "perfcode", HIJACK)
    return where


def test_a_companys_check_runs_the_release_not_the_records(
    company_checkout: Path, tmp_path: Path
) -> None:
    step = _step(*JUDGE, perfcode_ref=RELEASE)
    values = _judge_values("pull_request_target", "7", perfcode_ref=RELEASE)
    assert values["PYTHONPATH"] == ".perfcode/tooling"
    done, _ = _run(step, values, company_checkout, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "perfcode signatures --repo acme/records --pr 7 --root . --post-check" in done.stdout
    assert "the records' own code ran" not in done.stdout


def test_this_repositorys_check_runs_its_tooling_never_a_perfcode_folder_beside_it(
    checkout: Path, tmp_path: Path
) -> None:
    _package(checkout / "perfcode", HIJACK)  # without PYTHONSAFEPATH, python -m runs this
    done, _ = _run(_step(*JUDGE), _judge_values("pull_request_target", "7"), checkout, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "perfcode signatures --repo acme/records --pr 7" in done.stdout
    assert "the records' own code ran" not in done.stdout


def test_a_companys_recorder_runs_the_release_and_commits_only_the_evidence(
    origin: Path, tmp_path: Path
) -> None:
    work = _checkout(origin, tmp_path / "work")
    shutil.move(work / "tooling", tmp_path / "release-tooling")  # a company's has none
    (work / ".perfcode").mkdir()
    shutil.move(tmp_path / "release-tooling", work / ".perfcode" / "tooling")
    _package(work / "perfcode", HIJACK)
    step = _step(*RECORD, perfcode_ref=RELEASE)
    done, summary = _run(step, _record_values(RELEASE), work, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "recorded 2 merge(s)" in summary and "the records' own code ran" not in done.stdout
    assert _recorded(origin) == _merges(origin)
    assert _git(origin, "show", "--name-only", "--format=", "main").splitlines() == [
        "cycles/2026-H1/signatures.yaml"
    ], "the release checked out beside the records is never committed"


# --- the lock files ------------------------------------------------------------------------


def _pip_env() -> dict[str, str]:
    """pip as on a runner: the package index only, no local wheel folders or constraints."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
    for name in ("PIP_CERT", "PIP_DEFAULT_TIMEOUT"):
        if name in os.environ:
            env[name] = os.environ[name]
    env.pop("PYTHONPATH", None)
    return env


def _requirements(path: Path) -> dict[str, Requirement]:
    lines = [line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines()]
    found = [Requirement(line) for line in lines if line and not line.startswith("-")]
    return {r.name.lower().replace("_", "-"): r for r in found}


def _pinned(path: Path) -> dict[str, tuple[str, int]]:
    """name → (version, number of hashes) of a compiled lock file."""
    pins: dict[str, tuple[str, int]] = {}
    name = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if text and not text.startswith(("#", "--hash")) and "==" in text:
            name, version = text.split(" ")[0].split("==")
            pins[name.lower()] = (version, 0)
        elif text.startswith("--hash=sha256:") and name:
            pins[name.lower()] = (pins[name.lower()][0], pins[name.lower()][1] + 1)
    return pins


def test_the_locks_follow_pyproject_and_pin_everything_with_hashes() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {
        r.name.lower().replace("_", "-"): r
        for r in map(Requirement, project["project"]["dependencies"])
    }
    site = _requirements(REQUIREMENTS / "site.in")
    assert set(site) == set(declared), "site.in lists every dependency in pyproject.toml"
    signatures = _requirements(REQUIREMENTS / "signatures.in")
    assert set(signatures) <= set(declared)
    for wanted in (site, signatures):
        for name, requirement in wanted.items():
            assert requirement.specifier == declared[name].specifier, f"{name}: not pyproject's"
    for stem in ("signatures", "site", "build"):
        lock = REQUIREMENTS / f"{stem}.txt"
        assert "autogenerated by pip-compile with Python 3.11" in lock.read_text(encoding="utf-8")
        pins = _pinned(lock)
        for name, requirement in _requirements(REQUIREMENTS / f"{stem}.in").items():
            version, _ = pins[name]
            assert requirement.specifier.contains(version), f"{stem}.txt: {name} {version}"
        assert pins and all(count >= 1 for _, count in pins.values()), f"{stem}.txt: hashes"


def test_the_workflows_run_the_python_the_locks_are_compiled_for() -> None:
    for name in sorted(WORKFLOWS.glob("*.yml")):
        data = yaml.load(name.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        for job in data["jobs"].values():
            for step in job.get("steps", []):
                if step.get("uses", "").startswith("actions/setup-python@"):
                    assert step["with"]["python-version"] == "3.11", name.name


@pytest.fixture(scope="module")
def signatures_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with nothing but .github/requirements/signatures.txt,
    installed as the privileged workflows install it for a company's repository: from the
    lock file of the release checked out into .perfcode/ (this repository stands in for it)
    in the step's working directory."""
    where = tmp_path_factory.mktemp("signatures-venv")
    venv.create(where, with_pip=True)
    python = where / "bin" / "python"
    records = tmp_path_factory.mktemp("records")
    (records / ".perfcode").symlink_to(REPO, target_is_directory=True)
    step = _step(
        *JUDGE[:2], "Install perfcode's dependencies (pinned, hash-checked)", perfcode_ref=RELEASE
    )
    assert step["working-directory"] == ".perfcode"
    install = step["run"].replace("python -m pip", f"{python} -m pip")
    done = subprocess.run(
        [*BASH, "-c", install],
        cwd=records / step["working-directory"],
        env=_pip_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return python


@pytest.mark.slow
def test_the_signatures_lock_is_enough_for_the_signatures_commands(signatures_venv: Path) -> None:
    env = {**_pip_env(), "PYTHONPATH": str(REPO / "tooling")}
    # every module the check, the recorder and verify load: signatures/, load/, io/, check/,
    # model/ (their imports at the top, and what they import in turn)
    program = (
        "import importlib, pkgutil, sys\n"
        "import perfcode\n"
        "for package in ('signatures', 'load', 'io', 'check', 'model'):\n"
        "    module = importlib.import_module('perfcode.' + package)\n"
        "    for info in pkgutil.walk_packages(module.__path__, module.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "importlib.import_module('perfcode.cli.commands.signatures')\n"
        "importlib.import_module('perfcode.cli.commands.verify')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}))\n"
    )
    done = subprocess.run(
        [str(signatures_venv), "-c", program], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "'jinja2'" not in done.stdout and "'mkdocs'" not in done.stdout
    for command in (["signatures", "--help"], ["verify", "--help"]):
        done = subprocess.run(
            [str(signatures_venv), "-m", "perfcode", *command],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"usage: perfcode {command[0]}")
    # verify runs offline from a clone: on this repository, with nothing but the lock
    done = subprocess.run(
        [str(signatures_venv), "-m", "perfcode", "verify", str(REPO)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_package_that_does_not_match_its_hash_is_refused(tmp_path: Path) -> None:
    lock = (REQUIREMENTS / "signatures.txt").read_text(encoding="utf-8")
    entry = lock[lock.index("pyyaml==") :]
    entry = entry[: entry.index("# via")]
    assert entry.count("--hash=sha256:") > 1
    forged = "pyyaml==" + entry.split("==", 1)[1].split(" ", 1)[0] + " --hash=sha256:" + "0" * 64
    (tmp_path / "forged.txt").write_text(forged + "\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--require-hashes",
            "--no-deps",
            "--only-binary",
            ":all:",
            "-d",
            str(tmp_path / "d"),
            "-r",
            str(tmp_path / "forged.txt"),
        ],
        env=_pip_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE" in done.stderr


# --- the same steps with the real perfcode, against the fake GitHub ------------------------
#
# The checkouts hold the repository's own tooling/ (committed, as on the default branch), so
# the steps' `PYTHONPATH=tooling python -m perfcode` runs the real CLI; GITHUB_API_URL points
# it at the fake GitHub of tests/signatures/conftest.py, GITHUB_TOKEN is that server's token.

TOOLING = REPO / "tooling"
SIGNATURES = REPO / "tests" / "signatures"
#: the recorder's key of these tests; its public half goes into people/org.yaml (the first
#: pull request of the origin below)
KEY = proof.PRIVATE + base64.b64encode(b"workflow steps: the recorder key").decode()
BOT = ("perfcode-acme[bot]", "perfcode-acme[bot]@users.noreply.github.com")
H2 = "cycles/2026-H2"


def _registry(where: Path, at: str) -> str:
    """A repository on main: the base registry of tests/signatures with this repository's
    schemas and perfcode; its commit."""
    shutil.copytree(SIGNATURES / "base", where)
    shutil.copytree(REPO / "schemas", where / "schemas")
    shutil.copytree(TOOLING, where / "tooling", ignore=shutil.ignore_patterns("__pycache__"))
    git(where, "init", "-q", "-b", "main")
    git(where, "add", "-A")
    git(where, "commit", "-q", "-m", "The registry and perfcode", at=at)
    return git(where, "rev-parse", "HEAD")


def _api(github: FakeGitHub) -> dict[str, str]:
    return {"GITHUB_API_URL": github.url}


def _posts(github: FakeGitHub) -> list[str]:
    return [path for path, _ in github.requests if path.endswith("/check-runs")]


# --- signatures: the check posted by the real perfcode --------------------------------------


def _serve_case(github: FakeGitHub, case: str, base_sha: str) -> dict[str, Any]:
    """A pull request of tests/signatures/cases/<case>, as the fake GitHub answers for it
    (see test_signatures.serve); its pull.json with the base commit filled in."""
    folder = SIGNATURES / "cases" / case

    def read(name: str) -> Any:
        return json.loads((folder / name).read_text(encoding="utf-8"))

    pull: dict[str, Any] = read("pull.json")
    pull["base"]["sha"] = base_sha
    number = int(pull["number"])
    github.pulls[number] = pull
    github.files[number] = read("files.json")
    github.reviews[number] = read("reviews.json")
    github.comments[number] = read("comments.json")
    github.compares[pull["head"]["sha"]] = github.files[number]
    if (folder / "compare.json").is_file():
        github.compares.update(read("compare.json"))
    return pull


def _all_signed(github: FakeGitHub, base_sha: str) -> dict[str, Any]:
    """contract-all-signed, also approved by the policy owner zhaomin: once the 2026-H2 cycle
    has closed (2027-02-01) a policy owner signs its records too, and the step is judged on
    the real day (the workflow passes no --today)."""
    pull = _serve_case(github, "contract-all-signed", base_sha)
    [approval] = github.reviews[pull["number"]]
    policy_owner = {**approval, "id": approval["id"] + 1, "user": {**approval["user"]}}
    policy_owner["user"].update(login="zhaomin", id=1002, node_id="U_1002")
    github.reviews[pull["number"]].append(policy_owner)
    return pull


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with running(FakeGitHub()) as fake:
        yield fake


@pytest.fixture
def default_branch(tmp_path: Path) -> tuple[Path, str]:
    """What the check's actions/checkout leaves: the default branch, with perfcode."""
    where = tmp_path / "default-branch"
    return where, _registry(where, "2026-11-01T00:00:00Z")


def _judge(
    github: FakeGitHub,
    checkout: Path,
    tmp: Path,
    event: str,
    pr: str = "",
    head_sha: str = "",
    perfcode_ref: str = "",
) -> tuple[subprocess.CompletedProcess[str], str]:
    assert github.token is not None
    values = {**_judge_values(event, pr, head_sha, perfcode_ref), "GITHUB_TOKEN": github.token}
    assert values["REPO"] == GITHUB_REPO
    return _run(_step(*JUDGE, perfcode_ref), values, checkout, tmp, _api(github))


@pytest.mark.parametrize("event", ["pull_request_target", "issue_comment"])
def test_real_check_all_signed_posts_success_on_the_head(
    github: FakeGitHub, default_branch: tuple[Path, str], tmp_path: Path, event: str
) -> None:
    checkout, base = default_branch
    pull = _all_signed(github, base)
    head = pull["head"]["sha"]
    done, summary = _judge(github, checkout, tmp_path, event, str(pull["number"]))
    assert done.returncode == 0, done.stdout + done.stderr
    [run] = github.check_runs
    assert len(_posts(github)) == 1
    assert run["name"] == sig.CHECK_NAME == "perfcode signatures"
    assert (run["head_sha"], run["status"], run["conclusion"]) == (head, "completed", "success")
    assert run["external_id"] == str(pull["number"])
    posted = f"posted the check run 'perfcode signatures' (4001) on {head}\n"
    assert done.stdout == run["output"]["text"] + posted
    assert f"signers read from the default branch main at {base[:7]}" in done.stdout
    assert "[x] 林总 (linzong) @linzong: signed (approved commit 5f1c2e9" in done.stdout
    assert summary == f"### Signatures\n\n```text\n{done.stdout}```\n"


def test_real_check_of_a_company_runs_perfcodes_release_beside_its_records(
    github: FakeGitHub, tmp_path: Path
) -> None:
    """A company's default branch holds records only; the release (this repository's
    perfcode, with its bundled schemas) is checked out apart into .perfcode/."""
    records = tmp_path / "company"
    shutil.copytree(SIGNATURES / "base", records)
    git(records, "init", "-q", "-b", "main")
    git(records, "add", "-A")
    git(records, "commit", "-q", "-m", "The registry", at="2026-11-01T00:00:00Z")
    base = git(records, "rev-parse", "HEAD")
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(TOOLING, records / ".perfcode" / "tooling", ignore=ignore)
    pull = _all_signed(github, base)
    done, _ = _judge(
        github, records, tmp_path, "pull_request_target", str(pull["number"]), perfcode_ref=RELEASE
    )
    assert done.returncode == 0, done.stdout + done.stderr
    [run] = github.check_runs
    assert (run["head_sha"], run["conclusion"]) == (pull["head"]["sha"], "success")
    assert f"signers read from the default branch main at {base[:7]}" in done.stdout


def test_real_check_someone_missing_posts_failure_and_the_step_passes(
    github: FakeGitHub, default_branch: tuple[Path, str], tmp_path: Path
) -> None:
    checkout, base = default_branch
    pull = _serve_case(github, "sign-short-prefix", base)
    done, _ = _judge(github, checkout, tmp_path, "pull_request_target", str(pull["number"]))
    assert done.returncode == 0, "a missing signature is the check's verdict, not the job's"
    [run] = github.check_runs
    assert len(_posts(github)) == 1
    assert (run["name"], run["head_sha"]) == (sig.CHECK_NAME, pull["head"]["sha"])
    assert run["conclusion"] == "failure"
    assert "[ ] 王红军 (wanghongjun) @wanghongjun: missing" in run["output"]["text"]
    assert run["output"]["text"] in done.stdout


def test_real_check_refuses_a_pull_request_into_another_branch_and_posts_nothing(
    github: FakeGitHub, default_branch: tuple[Path, str], tmp_path: Path
) -> None:
    checkout, base = default_branch
    pull = _all_signed(github, base)
    pull["base"]["ref"] = "release"
    done, summary = _judge(github, checkout, tmp_path, "pull_request_target", str(pull["number"]))
    assert done.returncode == 1, "perfcode's exit 2 fails the job: the pull request stays blocked"
    refused = "pull request #1 is into 'release', not the default branch 'main'"
    assert refused in done.stdout and refused in summary
    assert github.check_runs == [] and _posts(github) == []


def test_real_check_of_a_reviews_hand_over_judges_the_open_pull_request_with_that_head(
    github: FakeGitHub, default_branch: tuple[Path, str], tmp_path: Path
) -> None:
    checkout, base = default_branch
    pull = _all_signed(github, base)
    head = pull["head"]["sha"]
    github.commit_pulls[head] = [pull]
    done, _ = _judge(github, checkout, tmp_path, "workflow_run", head_sha=head)
    assert done.returncode == 0, done.stdout + done.stderr
    [run] = github.check_runs
    assert (run["name"], run["head_sha"], run["conclusion"]) == (sig.CHECK_NAME, head, "success")
    assert f"/repos/{GITHUB_REPO}/commits/{head}/pulls?per_page=100" in [
        path for path, _ in github.requests
    ]


def test_real_check_of_a_hand_over_whose_head_has_no_open_pull_request_posts_nothing(
    github: FakeGitHub, default_branch: tuple[Path, str], tmp_path: Path
) -> None:
    checkout, base = default_branch
    pull = _all_signed(github, base)
    github.commit_pulls[pull["head"]["sha"]] = [{**pull, "state": "closed"}]
    done, _ = _judge(github, checkout, tmp_path, "workflow_run", head_sha=pull["head"]["sha"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No open pull request into the default branch has the head" in done.stdout
    assert github.check_runs == [] and _posts(github) == []


# --- publish: the real recorder against a bare origin ---------------------------------------


def _merge(
    clone: Path,
    github: FakeGitHub,
    number: int,
    author: str,
    files: dict[str, str],
    day: str,
    *,
    signs: tuple[str, ...] = (),
    approvals: tuple[str, ...] = (),
) -> str:
    """Pull request `number` by `author`, branched from the clone's main and merged into it
    with a merge commit on `day`, told to the fake GitHub as GitHub tells it: the pull
    request (closed, merged, its merge commit), its files with their blob ids, approvals of
    the head and `/sign <head>` comments, the head's comparison and the merge's pull
    requests. Its merge commit."""
    opened, merged_at = f"{day}T08:00:00Z", f"{day}T10:00:00Z"
    base = git(clone, "rev-parse", "HEAD")
    git(clone, "checkout", "-q", "-b", f"pr-{number}")
    for path, text in files.items():
        (clone / path).parent.mkdir(parents=True, exist_ok=True)
        (clone / path).write_text(text, encoding="utf-8", newline="\n")
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", f"records (pr-{number})", at=opened, name=author)
    head = git(clone, "rev-parse", "HEAD")
    git(clone, "checkout", "-q", "main")
    message = f"Merge pull request #{number} from acme/pr-{number}"
    git(clone, "merge", "-q", "--no-ff", "-m", message, f"pr-{number}", at=merged_at)
    merge = git(clone, "rev-parse", "HEAD")
    changed = [
        {"filename": path, "status": "modified" if path.endswith("org.yaml") else "added"}
        | {"sha": blob_id(text.encode("utf-8"))}
        for path, text in sorted(files.items())
    ]
    for item in changed:
        assert item["sha"] == git(clone, "rev-parse", f"{head}:{item['filename']}")
    github.merged(
        number, user(author), base=base, head=head, merge=merge, merged_at=merged_at, files=changed
    )
    github.reviews[number] = [
        {
            "id": 3_100_000 + number * 100 + i,
            "user": user(login),
            "body": "",
            "state": "APPROVED",
            "commit_id": head,
            "submitted_at": f"{day}T09:{i:02d}:00Z",
            "author_association": "MEMBER",
        }
        for i, login in enumerate(approvals, 1)
    ]
    github.comments[number] = [
        {
            "id": 2_700_000 + number * 100 + i,
            "user": user(login),
            "body": f"/sign {head}",
            "created_at": f"{day}T08:{30 + i:02d}:00Z",
            "updated_at": f"{day}T08:{30 + i:02d}:00Z",
            "author_association": "MEMBER",
        }
        for i, login in enumerate(signs, 1)
    ]
    return merge


def _contract_merged(clone: Path, github: FakeGitHub, number: int, person: str, day: str) -> str:
    """`person`'s contract, by their manager wanghongjun (/sign), approved by `person`."""
    files = {f"{H2}/contracts/{person}.yaml": contract_text(f"{person}: 季度销售额达到50万元")}
    return _merge(
        clone,
        github,
        number,
        "wanghongjun",
        files,
        day,
        signs=("wanghongjun",),
        approvals=(person,),
    )


@dataclass(frozen=True)
class Origin:
    bare: Path
    merges: tuple[str, ...]  # the pull requests' merge commits on main, oldest first


@pytest.fixture
def real_origin(tmp_path: Path, github: FakeGitHub) -> Origin:
    """A bare origin whose main holds the base registry and this repository's perfcode, then
    three merged pull requests: #1 zhaomin's (the policy owner) that starts keeping evidence
    with KEY, #2 and #3 two contracts, all signed."""
    bare = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    seed = tmp_path / "seed"
    _registry(seed, "2026-06-20T09:00:00Z")
    org = (seed / "people" / "org.yaml").read_text(encoding="utf-8")
    keys = f'evidence_keys: ["{proof.public_key(KEY)}"]\nevidence_since: 2026-07-01\n'
    adopted = {"people/org.yaml": org.replace("policy_owners:", keys + "policy_owners:", 1)}
    merges = (
        _merge(seed, github, 1, "zhaomin", adopted, "2026-07-01", signs=("zhaomin",)),
        _contract_merged(seed, github, 2, "sunli", "2026-07-06"),
        _contract_merged(seed, github, 3, "zhoujie", "2026-07-07"),
    )
    git(seed, "push", "-q", str(bare), "main")
    return Origin(bare, merges)


def _real_record_values(github: FakeGitHub) -> dict[str, str]:
    assert github.token is not None
    return {**_record_values(), "GITHUB_TOKEN": github.token, "PERFCODE_EVIDENCE_KEY": KEY}


def _entries(bare: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(git(bare, "show", f"main:{H2}/signatures.yaml"))
    entries: list[dict[str, Any]] = data["entries"]
    return entries


def _verify(bare: Path, where: Path) -> subprocess.CompletedProcess[str]:
    """`perfcode verify` on a fresh clone of the origin, with the clone's own perfcode."""
    git(bare.parent, "clone", "-q", str(bare), str(where))
    env = {**_pip_env(), "PYTHONPATH": str(where / "tooling"), "HOME": str(where.parent)}
    return subprocess.run(
        [sys.executable, "-m", "perfcode", "verify", str(where)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _assert_recorded(origin: Path, merges: tuple[str, ...], tmp: Path) -> None:
    """main's head is the bot's one commit on top of the last merge, touching only the
    evidence, whose entries are the merges; verify on a fresh clone finds no gap."""
    assert git(origin, "log", "-1", "--format=%an <%ae>|%s|%P", "main") == (
        f"{BOT[0]} <{BOT[1]}>|Record the signatures of merged pull requests|{merges[-1]}"
    )
    assert git(origin, "show", "--name-only", "--format=", "main").splitlines() == [
        f"{H2}/signatures.yaml"
    ], "the recorder commits the evidence and nothing else"
    entries = _entries(origin)
    assert [e["merge"] for e in entries] == list(merges)
    assert [e["missing"] for e in entries] == [[]] * len(merges), "all signed"
    assert all(e["proof"].startswith("ed25519:") for e in entries)
    verified = _verify(origin, tmp / "fresh")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stderr == "" and "checked: no problems.\n" in verified.stdout
    # from the adoption of the key (#1's merge): every merge, and the recorder's commit
    assert verified.stdout.endswith(
        f"Verified {len(merges)} change(s) in {len(merges) + 1} commit(s) since commit "
        f"{merges[0][:12]}: every change carries its signatures.\n"
    )


def test_real_record_pushes_evidence_that_verifies(
    real_origin: Origin, github: FakeGitHub, tmp_path: Path
) -> None:
    work = _checkout(real_origin.bare, tmp_path / "work")
    values = _real_record_values(github)
    done, summary = _run(_step(*RECORD), values, work, tmp_path, _api(github))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Pushed the evidence to main." in done.stdout
    for number, merge in enumerate(real_origin.merges, 1):
        line = f"recorded #{number} (commit {merge[:12]}, signed) in {H2}/signatures.yaml"
        assert line in summary.splitlines()
    _assert_recorded(real_origin.bare, real_origin.merges, tmp_path)
    # the next run finds everything recorded and pushes nothing
    head = git(real_origin.bare, "rev-parse", "main")
    again = _checkout(real_origin.bare, tmp_path / "again")
    done, _ = _run(_step(*RECORD), values, again, tmp_path, _api(github))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Every merged pull request is recorded." in done.stdout
    assert git(real_origin.bare, "rev-parse", "main") == head


def test_real_record_when_a_merge_lands_before_the_push(
    real_origin: Origin, github: FakeGitHub, tmp_path: Path
) -> None:
    """Pull request #4 is merged while the recorder works: the checkout's pre-push hook
    pushes its merge (prepared in another clone, known to the fake GitHub) to the origin
    first, so the step's push is refused, and it records again on top of #4."""
    meanwhile = _checkout(real_origin.bare, tmp_path / "meanwhile")
    landed = _contract_merged(meanwhile, github, 4, "liuyang", "2026-07-08")
    work = _checkout(real_origin.bare, tmp_path / "work")
    hook = work / ".git" / "hooks" / "pre-push"
    shutil.copy(STEPS / "push_meanwhile.sh", hook)
    hook.chmod(0o755)
    extra = {**_api(github), "MEANWHILE": str(meanwhile)}
    done, _ = _run(_step(*RECORD), _real_record_values(github), work, tmp_path, extra)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "main moved; recording again on top of it." in done.stdout
    assert done.stdout.count("Pushed the evidence to main.") == 1
    _assert_recorded(real_origin.bare, (*real_origin.merges, landed), tmp_path)
