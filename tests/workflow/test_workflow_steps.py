"""The workflows' own shell steps, taken from the YAML and run with bash as GitHub runs them
(`bash --noprofile --norc -eo pipefail`), against real git repositories: the recorder's
record-commit-push loop against a local bare origin whose main moves while it works, the
signatures check's hand-over of the event to perfcode, and the hash-checked lock files
installed into fresh virtual environments.

perfcode itself is a stand-in here (steps/record_stub.py, steps/judge_stub.py, placed where
the workflows' `PYTHONPATH=tooling python -m perfcode` finds it) that keeps the commands'
contracts; the commands are tested against the fake GitHub in tests/signatures/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement

REPO = Path(__file__).parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
REQUIREMENTS = REPO / ".github" / "requirements"
STEPS = Path(__file__).parent / "steps"
BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]  # GitHub's `shell: bash`
SHA = "0123456789abcdef0123456789abcdef01234567"


def _step(workflow: str, job: str, name: str) -> dict[str, Any]:
    data = yaml.load((WORKFLOWS / workflow).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    steps = [s for s in data["jobs"][job]["steps"] if s.get("name") == name]
    assert len(steps) == 1, f"{workflow}: no single step {name!r} in job {job}"
    step: dict[str, Any] = steps[0]
    return step


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
    if not (bin_dir / "python").exists():
        (bin_dir / "python").symlink_to(sys.executable)  # `python` as on the runner
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

RECORD = ("publish.yml", "record", "Record, commit and push the evidence")


def _record_values() -> dict[str, str]:
    step = _step(*RECORD)
    plain = {k: v for k, v in step["env"].items() if "${{" not in v}
    return {
        **plain,  # BRANCH, DEPTH, ATTEMPTS, PYTHONPATH as the workflow sets them
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

JUDGE = ("signatures.yml", "signatures", "Judge the pull request and post the check")


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    where = tmp_path / "checkout"
    (where / "tooling" / "perfcode").mkdir(parents=True)
    shutil.copy(STEPS / "judge_stub.py", where / "tooling" / "perfcode" / "__main__.py")
    return where


def _judge_values(event: str, pr: str = "", head_sha: str = "") -> dict[str, str]:
    # GitHub evaluates `pull_request.number || issue.number` to '' on workflow_run
    return {
        "GITHUB_TOKEN": "app-installation-token",
        "EVENT": event,
        "REPO": "acme/records",
        "PR_NUMBER": pr,
        "HEAD_SHA": head_sha,
        "PYTHONPATH": "tooling",
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
    installed as the privileged workflows install it."""
    where = tmp_path_factory.mktemp("signatures-venv")
    venv.create(where, with_pip=True)
    python = where / "bin" / "python"
    install = _step(
        "signatures.yml", "signatures", "Install perfcode's dependencies (pinned, hash-checked)"
    )["run"].replace("python -m pip", f"{python} -m pip")
    done = subprocess.run(
        [*BASH, "-c", install], cwd=REPO, env=_pip_env(), capture_output=True, text=True
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
