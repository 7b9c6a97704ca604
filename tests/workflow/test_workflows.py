"""The GitHub workflows: actionlint clean, least privilege, and no pull-request code where
a write token or secrets are (the security rules the README's Workflows section states)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
#: triggers whose runs hold a write token or secrets for pull requests from others
PRIVILEGED = {"pull_request_target", "workflow_run", "issue_comment"}


def _load(name: str) -> dict[str, Any]:
    data = yaml.load((WORKFLOWS / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert isinstance(data, dict)
    return data


def _all() -> list[str]:
    return sorted(p.name for p in WORKFLOWS.glob("*.yml"))


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _actionlint() -> str | None:
    here = Path(sys.executable).parent / "actionlint"  # installed beside this python
    return str(here) if here.is_file() else shutil.which("actionlint")


def test_actionlint_is_clean() -> None:
    binary = _actionlint()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("actionlint is not installed in CI (pip install -e '.[dev]')")
        pytest.skip("actionlint is not installed (pip install -e '.[dev]')")
    done = subprocess.run(
        [binary, "-no-color", *(str(WORKFLOWS / n) for n in _all())],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_expected_workflows_exist() -> None:
    assert set(_all()) >= {
        "check.yml",
        "signatures.yml",
        "signatures-review.yml",
        "publish.yml",
        "reminders.yml",
    }


@pytest.mark.parametrize("name", _all())
def test_least_privilege_and_pinned_actions(name: str) -> None:
    workflow = _load(name)
    assert "permissions" in workflow, f"{name}: no top-level permissions block"
    for job_id, job in workflow["jobs"].items():
        assert "permissions" in job, f"{name}: job {job_id} has no permissions block"
        grants = job["permissions"] if isinstance(job["permissions"], dict) else {}
        assert "write-all" not in str(job["permissions"])
        assert all(v in ("read", "write", "none") for v in grants.values())
    for step in _steps(workflow):
        if "uses" in step:
            assert PINNED.match(step["uses"]), f"{name}: {step['uses']} is not pinned to a SHA"
        if "run" in step:
            assert "${{ github.event" not in step["run"], f"{name}: event data inside run:"
            assert "${{" not in step["run"], f"{name}: pass expressions through env:"


def test_pinned_actions_carry_their_version() -> None:
    for name in _all():
        for line in (WORKFLOWS / name).read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith(("uses:", "- uses:")):
                assert re.search(r"@[0-9a-f]{40} # v\d", line), f"{name}: {line.strip()}"


def test_check_runs_on_pull_requests_with_read_only_access() -> None:
    workflow = _load("check.yml")
    assert set(workflow["on"]) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    runs = "\n".join(step.get("run", "") for step in _steps(workflow))
    for command in (
        "perfcode validate --format github",
        'perfcode validate --format markdown >> "$GITHUB_STEP_SUMMARY"',
        "perfcode score --check",
        "perfcode codeowners --check",
        'perfcode diff "$BASE_SHA" "$HEAD_SHA" --format markdown',
    ):
        assert command in runs


def test_signatures_never_checks_out_pull_request_code() -> None:
    workflow = _load("signatures.yml")
    assert set(workflow["on"]) == {"pull_request_target", "workflow_run", "issue_comment"}
    assert workflow["on"]["workflow_run"]["workflows"] == ["signatures-review"]
    assert workflow["permissions"] == {}
    job = workflow["jobs"]["signatures"]
    assert job["permissions"] == {
        "contents": "read",
        "pull-requests": "read",
        "statuses": "write",
    }
    checkouts = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts, "the base branch must be checked out to run its perfcode"
    for step in checkouts:
        ref = step["with"]["ref"]
        assert "base_ref" in ref or "base.ref" in ref or "base.sha" in ref
        assert "head" not in ref and "merge" not in ref
        assert step["with"].get("persist-credentials") == "false"
    text = (WORKFLOWS / "signatures.yml").read_text(encoding="utf-8")
    assert "github.event.pull_request.head" not in text
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert 'perfcode signatures --repo "$REPO" --pr "$PR_NUMBER"' in runs
    assert "statuses/$HEAD_SHA" in runs and "context=signatures" in runs


def test_review_events_hand_over_without_permissions() -> None:
    workflow = _load("signatures-review.yml")
    assert set(workflow["on"]) == {"pull_request_review"}
    assert workflow["permissions"] == {}
    for job in workflow["jobs"].values():
        assert job["permissions"] == {}
        assert not any("uses" in step for step in job["steps"]), "no checkout, no actions"
    assert workflow["run-name"].endswith("#${{ github.event.pull_request.number }}")


@pytest.mark.parametrize("name", _all())
def test_privileged_triggers_never_check_out_the_pull_request(name: str) -> None:
    workflow = _load(name)
    if not PRIVILEGED & set(workflow["on"]):
        return
    for step in _steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            ref = step.get("with", {}).get("ref", "")
            assert ref and "head" not in ref and "pull/" not in ref, f"{name}: {ref!r}"


def test_publish_records_builds_and_deploys_pages() -> None:
    workflow = _load("publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["build"]["permissions"] == {"contents": "read"}
    text = (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")
    assert "commits/$SHA/pulls" in text
    assert "perfcode signatures record --repo" in text
    assert "perfcode site . --out public" in text
    uses = [s["uses"].split("@")[0] for s in _steps(workflow) if "uses" in s]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    assert "gh-pages" not in text


def test_reminders_update_one_pinned_issue() -> None:
    workflow = _load("reminders.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    assert workflow["jobs"]["remind"]["permissions"] == {"contents": "read", "issues": "write"}
    text = (WORKFLOWS / "reminders.yml").read_text(encoding="utf-8")
    assert "perfcode status --format markdown" in text
    assert "gh issue edit" in text and "gh issue create" in text and "gh issue pin" in text
