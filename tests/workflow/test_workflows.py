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
        "python -m perfcode validate --format github",
        'perfcode validate --format markdown >> "$GITHUB_STEP_SUMMARY"',
        "perfcode score --check",
        "perfcode codeowners --check",
        'perfcode diff "$BASE_SHA" "$HEAD_SHA" --format markdown',
    ):
        assert command in runs


APP_TOKEN = "actions/create-github-app-token@"
DEFAULT_BRANCH_REFS = {"${{ github.event.repository.default_branch }}", "main"}
#: the installs the workflows may run: pinned, hash-checked, nothing else pulled in
HASHED_INSTALL = re.compile(
    r"python -m pip install --disable-pip-version-check --require-hashes --no-deps\s+"
    r"(?:\\\s+)?(?:--only-binary :all:|--no-build-isolation)\s+(?:\\\s+)?"
    r"-r \.github/requirements/(?:signatures|site|build)\.txt"
)


def _jobs() -> list[tuple[str, str, dict[str, Any]]]:
    return [(n, j, job) for n in _all() for j, job in _load(n)["jobs"].items()]


def _privileged(name: str, job: dict[str, Any]) -> bool:
    """A job that runs for others' pull requests with more than read access, or holds a
    secret: it must never run pull-request code."""
    text = yaml.safe_dump(job)
    return bool(PRIVILEGED & set(_load(name)["on"])) or "secrets." in text


def test_signatures_checks_with_the_app_from_the_default_branch_only() -> None:
    workflow = _load("signatures.yml")
    assert set(workflow["on"]) == {"pull_request_target", "workflow_run", "issue_comment"}
    assert workflow["on"]["workflow_run"] == {
        "workflows": ["signatures-review"],
        "types": ["completed"],
    }
    assert workflow["permissions"] == {}
    job = workflow["jobs"]["signatures"]
    assert job["environment"] == "signatures"
    assert job["permissions"] == {"contents": "read"}, "GITHUB_TOKEN needs nothing else"
    steps = job["steps"]
    app = next(s for s in steps if s.get("uses", "").startswith(APP_TOKEN))
    assert app["with"] == {
        "client-id": "${{ vars.PERFCODE_APP_CLIENT_ID }}",
        "private-key": "${{ secrets.PERFCODE_APP_KEY }}",
        "permission-checks": "write",
        "permission-contents": "read",
        "permission-issues": "read",
        "permission-pull-requests": "read",
    }
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert [s["with"] for s in checkouts] == [
        {"ref": "${{ github.event.repository.default_branch }}", "persist-credentials": "false"}
    ]
    judge = next(s for s in steps if "perfcode signatures" in s.get("run", ""))
    assert judge["env"]["GITHUB_TOKEN"] == "${{ steps.app.outputs.token }}"
    assert judge["env"]["HEAD_SHA"] == "${{ github.event.workflow_run.head_sha }}"
    assert judge["env"]["PYTHONPATH"] == "tooling"
    assert (
        'python -m perfcode signatures --repo "$REPO" "$@" --root . --post-check' in (judge["run"])
    )
    text = (WORKFLOWS / "signatures.yml").read_text(encoding="utf-8")
    assert "statuses" not in text, "the verdict is the app's check run, never a status"
    assert "github.event.pull_request.head" not in text


def test_review_events_hand_over_without_permissions() -> None:
    workflow = _load("signatures-review.yml")
    assert set(workflow["on"]) == {"pull_request_review"}
    assert workflow["permissions"] == {}
    assert "run-name" not in workflow, "nothing the pull request names is read"
    for job in workflow["jobs"].values():
        assert job["permissions"] == {}
        assert not any("uses" in step for step in job["steps"]), "no checkout, no actions"
        assert "environment" not in job


@pytest.mark.parametrize("name", _all())
def test_privileged_triggers_never_check_out_the_pull_request(name: str) -> None:
    workflow = _load(name)
    if not PRIVILEGED & set(workflow["on"]):
        return
    for step in _steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            ref = step.get("with", {}).get("ref", "")
            assert ref in DEFAULT_BRANCH_REFS, f"{name}: {ref!r}"


@pytest.mark.parametrize(("name", "job_id", "job"), _jobs())
def test_jobs_holding_secrets_run_in_the_signatures_environment(
    name: str, job_id: str, job: dict[str, Any]
) -> None:
    if not _privileged(name, job):
        return
    assert job.get("environment") == "signatures", f"{name}: job {job_id}"
    for step in job["steps"]:
        if step.get("uses", "").startswith("actions/checkout@"):
            ref = step.get("with", {}).get("ref", "")
            assert ref in DEFAULT_BRANCH_REFS, f"{name}: job {job_id} checks out {ref!r}"
            assert "head" not in ref and "pull/" not in ref and "merge" not in ref


@pytest.mark.parametrize(("name", "job_id", "job"), _jobs())
def test_every_install_is_pinned_and_hash_checked(
    name: str, job_id: str, job: dict[str, Any]
) -> None:
    for step in job.get("steps", []):
        run = step.get("run", "")
        assert not re.search(r"pip install[^\n]*\s\.(\s|$)", run), f"{name}: pip install ."
        assert "pip install -e" not in run and "setup.py" not in run
        for line in re.split(r"(?<!\\)\n", run):
            if "pip install" in line:
                assert HASHED_INSTALL.search(line), f"{name}: job {job_id}: {line.strip()}"


@pytest.mark.parametrize("name", _all())
def test_workflow_run_consumers_read_nothing_but_head_sha(name: str) -> None:
    text = yaml.safe_dump(_load(name))  # what GitHub reads: comments left out
    fields = set(re.findall(r"github\.event\.workflow_run\.([\w.]+)", text))
    assert fields <= {"head_sha"}, f"{name}: reads workflow_run.{fields - {'head_sha'}}"
    assert "display_title" not in text and "run-name" not in text and "head_branch" not in text


@pytest.mark.parametrize("name", _all())
def test_concurrency_keys_come_from_github_not_the_pull_request(name: str) -> None:
    workflow = _load(name)
    groups = [workflow.get("concurrency", {})] + [
        job.get("concurrency", {}) for job in workflow["jobs"].values()
    ]
    for group in groups:
        key = group.get("group", "") if isinstance(group, dict) else str(group)
        for expression in re.findall(r"\$\{\{(.*?)\}\}", key):
            for field in re.findall(r"github\.[\w.]+", expression):
                assert field in {
                    "github.workflow",
                    "github.ref",
                    "github.event.pull_request.number",
                    "github.event.issue.number",
                    "github.event.workflow_run.head_sha",
                }, f"{name}: concurrency from {field}"


def test_signatures_concurrency_is_per_job_so_other_comments_cancel_nothing() -> None:
    workflow = _load("signatures.yml")
    assert "concurrency" not in workflow
    job = workflow["jobs"]["signatures"]
    assert job["concurrency"]["group"].startswith("signatures-${{ github.event.pull_request")
    # perfcode strips the comment, so a /sign after a space or a line break counts: so must the
    # trigger; and deleting a /sign withdraws it, so a deletion is judged again
    assert "contains(github.event.comment.body, '/sign')" in job["if"]
    assert workflow["on"]["issue_comment"]["types"] == ["created", "edited", "deleted"]


def test_publish_records_with_the_app_then_builds_and_deploys_pages() -> None:
    workflow = _load("publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert [s["cron"] for s in workflow["on"]["schedule"]] == ["17 * * * *"]
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["concurrency"] == {"group": "publish", "cancel-in-progress": "false"}
    jobs = workflow["jobs"]
    record = jobs["record"]
    assert record["environment"] == "signatures"
    assert record["permissions"] == {"contents": "read"}
    app = next(s for s in record["steps"] if s.get("uses", "").startswith(APP_TOKEN))
    assert app["with"]["permission-contents"] == "write"
    checkout = next(s for s in record["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["ref"] == "main"
    assert checkout["with"]["token"] == "${{ steps.app.outputs.token }}", "push as the app"
    step = next(s for s in record["steps"] if "signatures record" in s.get("run", ""))
    assert step["env"]["PERFCODE_EVIDENCE_KEY"] == "${{ secrets.PERFCODE_EVIDENCE_KEY }}"
    assert step["env"]["GITHUB_TOKEN"] == "${{ steps.app.outputs.token }}"
    assert 'python -m perfcode signatures record --repo "$REPO" --root . --depth' in step["run"]
    assert jobs["build"]["needs"] == "record"
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    text = (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")
    assert "python -m perfcode site . --out public" in text
    assert "github.token" not in text, "GITHUB_TOKEN cannot be a ruleset's bypass actor"
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
