"""pre-commit: the configuration and the hook manifest are valid, and every local hook's
command passes on this repository (offline: `repo: local`, `language: system`)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).parents[2]
BIN = Path(sys.executable).parent


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, env=env, check=False)


def _pre_commit() -> str:
    found = shutil.which("pre-commit", path=str(BIN)) or shutil.which("pre-commit")
    if found is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[dev]')")
    return found


def test_config_is_valid() -> None:
    done = _run([_pre_commit(), "validate-config", ".pre-commit-config.yaml"])
    assert done.returncode == 0, done.stdout + done.stderr


def test_manifest_is_valid() -> None:
    done = _run([_pre_commit(), "validate-manifest", ".pre-commit-hooks.yaml"])
    assert done.returncode == 0, done.stdout + done.stderr


def _hooks() -> list[dict[str, str]]:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [r["repo"] for r in config["repos"]] == ["local"], "hooks must run offline"
    return list(config["repos"][0]["hooks"])


PERFCODE_HOOKS = [h for h in _hooks() if h["entry"].startswith("perfcode ")]


@pytest.mark.parametrize("hook", PERFCODE_HOOKS, ids=[h["id"] for h in PERFCODE_HOOKS])
def test_perfcode_hook_passes(hook: dict[str, str]) -> None:
    assert hook["language"] == "system"
    done = _run(shlex.split(hook["entry"]))
    assert done.returncode == 0, done.stdout + done.stderr


def test_published_hooks_are_the_local_commands() -> None:
    """The repository's own hook is the published perfcode-check; every published hook is
    a perfcode command (the single ones do perfcode-check's work one by one)."""
    manifest = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    published = {hook["id"]: hook["entry"] for hook in manifest}
    local = {h["id"]: h["entry"] for h in PERFCODE_HOOKS}
    assert local == {"perfcode-check": published["perfcode-check"]}
    assert all(hook["language"] == "python" for hook in manifest)
    assert sorted(published.values()) == [
        "perfcode check",
        "perfcode codeowners --check",
        "perfcode score --check",
        "perfcode validate",
    ]


def test_pre_commit_run_all_files_passes_offline(tmp_path: Path) -> None:
    """The real thing: `pre-commit run --all-files` in a fresh clone of this repository's
    committed state, with its own empty cache (nothing to download: every hook is local)."""
    pre_commit = _pre_commit()
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    clone = tmp_path / "clone"
    cloned = subprocess.run(
        ["git", "clone", "--quiet", str(REPO), str(clone)], capture_output=True, text=True
    )
    assert cloned.returncode == 0, cloned.stderr
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        [pre_commit, "run", "--all-files"],
        cwd=clone,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout and "Failed" not in done.stdout
