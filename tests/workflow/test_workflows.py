"""The GitHub workflows: actionlint clean, least privilege, and no pull-request code where
a write token or secrets are (the security rules the README's Workflows section states).

Each workflow is a thin caller (check.yml, publish.yml, ...: triggers, concurrency,
permissions) of a reusable workflow (perfcode-check.yml, ...: the jobs and steps), so the
rules on steps are checked where the steps are, the reusable files, against the triggers of
their callers. The callers are rendered from the starter's templates
(tooling/perfcode/scaffold/starter/.github/workflows), the one home of the thin callers: a
company's repository gets them rendered for perfcode's release, this repository for itself.
"""

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

from perfcode import release
from perfcode.scaffold import init

REPO = Path(__file__).parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
STARTER = REPO / "tooling" / "perfcode" / "scaffold" / "starter" / ".github" / "workflows"
UPDATE = os.environ.get("PERFCODE_UPDATE_EXPECTED") == "1"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
#: triggers whose runs hold a write token or secrets for pull requests from others
PRIVILEGED = {"pull_request_target", "workflow_run", "issue_comment"}
#: the thin callers and the reusable workflow each calls
CALLERS = {
    "check.yml": "perfcode-check.yml",
    "publish.yml": "perfcode-publish.yml",
    "reminders.yml": "perfcode-reminders.yml",
    "signatures.yml": "perfcode-signatures.yml",
    "signatures-review.yml": "perfcode-signatures-review.yml",
}
LOCAL_CALL = re.compile(r"^\./\.github/workflows/(perfcode-[\w-]+\.yml)$")
#: where perfcode comes from in a reusable workflow: the caller's checkout (perfcode-ref
#: empty) or the release checked out into .perfcode/
PYTHONPATH = "${{ inputs.perfcode-ref == '' && 'tooling' || '.perfcode/tooling' }}"
PERFCODE_HOME = "${{ inputs.perfcode-ref == '' && '.' || '.perfcode' }}"
TOOL_CHECKOUT = {
    "repository": "${{ inputs.perfcode-repository }}",
    "ref": "${{ inputs.perfcode-ref }}",
    "path": ".perfcode",
    "persist-credentials": "false",
}


def _parse(text: str) -> dict[str, Any]:
    data = yaml.load(text, Loader=yaml.BaseLoader)
    assert isinstance(data, dict)
    return data


def _load(name: str) -> dict[str, Any]:
    return _parse((WORKFLOWS / name).read_text(encoding="utf-8"))


def _all() -> list[str]:
    return sorted(p.name for p in WORKFLOWS.glob("*.yml"))


def _reusables() -> list[str]:
    return sorted(CALLERS.values())


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _triggers(name: str) -> set[str]:
    """The events NAME runs for: its own, or for a reusable workflow its callers'."""
    own = set(_load(name)["on"])
    if own != {"workflow_call"}:
        return own
    return {event for caller, called in CALLERS.items() if called == name for event in _on(caller)}


def _on(name: str) -> dict[str, Any]:
    on = _load(name)["on"]
    assert isinstance(on, dict)
    return on


def _logic(caller: str) -> dict[str, Any]:
    """The reusable workflow CALLER calls: where its jobs and steps are."""
    return _load(CALLERS[caller])


def _actionlint() -> str | None:
    here = Path(sys.executable).parent / "actionlint"  # installed beside this python
    return str(here) if here.is_file() else shutil.which("actionlint")


def _lint(folder: Path) -> subprocess.CompletedProcess[str]:
    """actionlint on the repository FOLDER (a git repository: then it also checks that each
    local `uses: ./.github/workflows/…` call passes inputs its callee declares)."""
    binary = _actionlint()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("actionlint is not installed in CI (pip install -e '.[dev]')")
        pytest.skip("actionlint is not installed (pip install -e '.[dev]')")
    return subprocess.run(
        [binary, "-no-color"], capture_output=True, text=True, cwd=folder, check=False
    )


def test_actionlint_is_clean() -> None:
    done = _lint(REPO)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_expected_workflows_exist() -> None:
    assert set(_all()) == set(CALLERS) | set(CALLERS.values())
    for name in _reusables():
        assert set(_load(name)["on"]) == {"workflow_call"}, f"{name} is only called"


# --- the thin callers ----------------------------------------------------------------------


@pytest.mark.parametrize("caller", sorted(CALLERS))
def test_each_caller_is_one_job_that_calls_its_reusable_workflow(caller: str) -> None:
    workflow = _load(caller)
    [(job_id, job)] = workflow["jobs"].items()
    assert set(job) <= {"permissions", "uses", "with"}, f"{caller}: {job_id} is not thin"
    match = LOCAL_CALL.match(job["uses"])
    assert match and match.group(1) == CALLERS[caller]
    assert "secrets" not in job, "environment secrets stay in the environment: none passed"


@pytest.mark.parametrize("caller", sorted(CALLERS))
def test_each_caller_passes_only_declared_inputs_and_every_required_one(caller: str) -> None:
    [job] = _load(caller)["jobs"].values()
    call = _logic(caller)["on"]["workflow_call"]
    declared = (call or {}).get("inputs", {})
    given = job.get("with", {})
    assert set(given) <= set(declared), f"{caller}: undeclared {set(given) - set(declared)}"
    required = {k for k, v in declared.items() if v.get("required") == "true"}
    assert required <= set(given)
    assert not (call or {}).get("secrets"), "no secrets declared: the jobs read their environment"


def _grants(permissions: Any) -> dict[str, str]:
    return permissions if isinstance(permissions, dict) else {}


LEVEL = {"none": 0, "read": 1, "write": 2}


@pytest.mark.parametrize("caller", sorted(CALLERS))
def test_a_called_job_keeps_or_reduces_what_its_caller_grants(caller: str) -> None:
    """GitHub caps a called workflow's token at the calling job's permissions; the called
    jobs ask for no more, so none depends on a grant that would be silently refused."""
    [job] = _load(caller)["jobs"].values()
    granted = _grants(job["permissions"])
    for job_id, called in _logic(caller)["jobs"].items():
        for scope, level in _grants(called["permissions"]).items():
            assert LEVEL[level] <= LEVEL[granted.get(scope, "none")], f"{caller}: {job_id}"


# --- every workflow file -------------------------------------------------------------------


@pytest.mark.parametrize("name", _all())
def test_least_privilege_and_pinned_actions(name: str) -> None:
    workflow = _load(name)
    assert "permissions" in workflow, f"{name}: no top-level permissions block"
    assert workflow.get("cache-mode") == "none", f"{name}: nothing may use the Actions cache"
    for job_id, job in workflow["jobs"].items():
        assert "permissions" in job, f"{name}: job {job_id} has no permissions block"
        assert "cache-mode" not in job, f"{name}: job {job_id} widens the cache mode"
        grants = _grants(job["permissions"])
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
            if line.lstrip().startswith(("uses:", "- uses:")) and "uses: ./" not in line:
                assert re.search(r"@[0-9a-f]{40} # v\d", line), f"{name}: {line.strip()}"


def test_check_runs_on_pull_requests_with_read_only_access() -> None:
    caller = _load("check.yml")
    assert set(caller["on"]) == {"pull_request"}
    assert caller["permissions"] == {"contents": "read"}
    assert caller["jobs"]["check"]["permissions"] == {"contents": "read"}
    runs = "\n".join(step.get("run", "") for step in _steps(_logic("check.yml")))
    for command in (
        "python -m perfcode validate --format github",
        'perfcode validate --format markdown "${base[@]}" >> "$GITHUB_STEP_SUMMARY"',
        'base=(--base "$BASE_SHA")',  # readers from the base branch's people
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
    return [(n, j, job) for n in _reusables() for j, job in _load(n)["jobs"].items()]


def _privileged(name: str, job: dict[str, Any]) -> bool:
    """A job that runs for others' pull requests with more than read access, or holds a
    secret: it must never run pull-request code."""
    text = yaml.safe_dump(job)
    return bool(PRIVILEGED & _triggers(name)) or "secrets." in text


def _checkouts(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]


def test_signatures_checks_with_the_app_from_the_default_branch_only() -> None:
    caller = _load("signatures.yml")
    assert set(caller["on"]) == {"pull_request_target", "workflow_run", "issue_comment"}
    assert caller["on"]["workflow_run"] == {
        "workflows": ["signatures-review"],
        "types": ["completed"],
    }
    assert caller["permissions"] == {}
    assert caller["jobs"]["signatures"]["permissions"] == {"contents": "read"}
    workflow = _logic("signatures.yml")
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
    assert [s["with"] for s in _checkouts(steps)] == [
        {"ref": "${{ github.event.repository.default_branch }}", "persist-credentials": "false"},
        TOOL_CHECKOUT,
    ]
    judge = next(s for s in steps if "perfcode signatures" in s.get("run", ""))
    assert judge["env"]["GITHUB_TOKEN"] == "${{ steps.app.outputs.token }}"
    assert judge["env"]["HEAD_SHA"] == "${{ github.event.workflow_run.head_sha }}"
    assert job["env"]["PYTHONPATH"] == PYTHONPATH
    assert (
        'python -m perfcode signatures --repo "$REPO" "$@" --root . --post-check' in (judge["run"])
    )
    for name in ("signatures.yml", "perfcode-signatures.yml"):
        text = (WORKFLOWS / name).read_text(encoding="utf-8")
        assert "statuses" not in text, "the verdict is the app's check run, never a status"
        assert "github.event.pull_request.head" not in text


def test_review_events_hand_over_without_permissions() -> None:
    for workflow in (_load("signatures-review.yml"), _logic("signatures-review.yml")):
        assert workflow["permissions"] == {}
        assert "run-name" not in workflow, "nothing the pull request names is read"
        for job in workflow["jobs"].values():
            assert job["permissions"] == {}
            assert "environment" not in job and "secrets" not in job
            assert not any("uses" in step for step in job.get("steps", [])), "no actions"
    assert set(_on("signatures-review.yml")) == {"pull_request_review"}
    assert not _logic("signatures-review.yml")["on"]["workflow_call"], "takes nothing"


@pytest.mark.parametrize("name", _reusables())
def test_privileged_triggers_never_check_out_the_pull_request(name: str) -> None:
    if not PRIVILEGED & _triggers(name):
        return
    for step in _checkouts(_steps(_load(name))):
        if step["with"] == TOOL_CHECKOUT:
            continue  # perfcode's release, never the pull request's
        ref = step.get("with", {}).get("ref", "")
        assert ref in DEFAULT_BRANCH_REFS, f"{name}: {ref!r}"
        assert "repository" not in step["with"] and "path" not in step["with"]


@pytest.mark.parametrize(("name", "job_id", "job"), _jobs())
def test_jobs_holding_secrets_run_in_the_signatures_environment(
    name: str, job_id: str, job: dict[str, Any]
) -> None:
    if not _privileged(name, job):
        return
    assert job.get("environment") == "signatures", f"{name}: job {job_id}"
    for step in _checkouts(job["steps"]):
        if step["with"] == TOOL_CHECKOUT:
            continue
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


# --- where perfcode comes from -------------------------------------------------------------


@pytest.mark.parametrize(("name", "job_id", "job"), _jobs())
def test_perfcode_runs_from_the_callers_checkout_or_the_release_never_from_the_records(
    name: str, job_id: str, job: dict[str, Any]
) -> None:
    """perfcode-ref empty: this repository's tooling/ (its pull requests change the tool and
    are checked with it). A tag: the release, checked out apart into .perfcode/ without
    credentials, installed from ITS lock files; a company's pull request cannot change it."""
    runs = [s for s in job.get("steps", []) if "python -m perfcode" in s.get("run", "")]
    installs = [s for s in job.get("steps", []) if "pip install" in s.get("run", "")]
    if not runs:
        assert not installs and "PYTHONPATH" not in job.get("env", {})
        return
    assert job["env"]["PYTHONPATH"] == PYTHONPATH, f"{name}: {job_id}"
    assert job["env"]["PYTHONSAFEPATH"] == "1", "python -m never imports the records' folder"
    assert all("PYTHONPATH" not in s.get("env", {}) for s in job["steps"])
    assert [s["working-directory"] for s in installs] == [PERFCODE_HOME] * len(installs)
    tools = [s for s in _checkouts(job["steps"]) if s["with"].get("path") == ".perfcode"]
    assert [s["with"] for s in tools] == [TOOL_CHECKOUT]
    assert tools[0]["if"] == "${{ inputs.perfcode-ref != '' }}"
    steps = job["steps"]
    assert steps.index(_checkouts(steps)[0]) < steps.index(tools[0]) < steps.index(installs[0])


@pytest.mark.parametrize("name", [n for n in _reusables() if n != "perfcode-signatures-review.yml"])
def test_the_release_comes_from_perfcodes_repository_by_default(name: str) -> None:
    inputs = _load(name)["on"]["workflow_call"]["inputs"]
    assert inputs["perfcode-ref"] == {
        **inputs["perfcode-ref"],
        "type": "string",
        "required": "false",
        "default": "",
    }
    assert inputs["perfcode-repository"]["default"] == release.REPOSITORY


# --- the events the workflows read ---------------------------------------------------------


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
    caller = _load("signatures.yml")
    assert "concurrency" not in caller and "concurrency" not in caller["jobs"]["signatures"]
    workflow = _logic("signatures.yml")
    assert "concurrency" not in workflow
    job = workflow["jobs"]["signatures"]
    assert job["concurrency"]["group"].startswith("signatures-${{ github.event.pull_request")
    # perfcode strips the comment, so a /sign after a space or a line break counts: so must the
    # trigger; and deleting a /sign withdraws it, so a deletion is judged again
    assert "contains(github.event.comment.body, '/sign')" in job["if"]
    assert caller["on"]["issue_comment"]["types"] == ["created", "edited", "deleted"]


def test_publish_records_with_the_app_then_builds_and_deploys_pages() -> None:
    caller = _load("publish.yml")
    assert caller["on"]["push"]["branches"] == ["main"]
    assert [s["cron"] for s in caller["on"]["schedule"]] == ["17 * * * *"]
    assert "workflow_dispatch" in caller["on"]
    assert caller["concurrency"] == {"group": "publish", "cancel-in-progress": "false"}
    assert caller["permissions"] == {}
    assert caller["jobs"]["publish"]["permissions"] == {
        "contents": "read",
        "pages": "write",
        "id-token": "write",
    }
    workflow = _logic("publish.yml")
    jobs = workflow["jobs"]
    record = jobs["record"]
    assert record["environment"] == "signatures"
    assert record["permissions"] == {"contents": "read"}
    app = next(s for s in record["steps"] if s.get("uses", "").startswith(APP_TOKEN))
    assert app["with"]["permission-contents"] == "write"
    checkout = _checkouts(record["steps"])[0]
    assert checkout["with"]["ref"] == "main"
    assert checkout["with"]["token"] == "${{ steps.app.outputs.token }}", "push as the app"
    step = next(s for s in record["steps"] if "signatures record" in s.get("run", ""))
    assert step["env"]["PERFCODE_EVIDENCE_KEY"] == "${{ secrets.PERFCODE_EVIDENCE_KEY }}"
    assert step["env"]["GITHUB_TOKEN"] == "${{ steps.app.outputs.token }}"
    assert 'python -m perfcode signatures record --repo "$REPO" --root . --depth' in step["run"]
    assert jobs["build"]["needs"] == "record"
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name in ("publish.yml", "perfcode-publish.yml"):
        text = (WORKFLOWS / name).read_text(encoding="utf-8")
        assert "github.token" not in text, "GITHUB_TOKEN cannot be a ruleset's bypass actor"
        assert "gh-pages" not in text
    assert "python -m perfcode site . --out public" in yaml.safe_dump(workflow, width=200)
    uses = [s["uses"].split("@")[0] for s in _steps(workflow) if "uses" in s]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses


def test_reminders_update_one_pinned_issue() -> None:
    assert set(_on("reminders.yml")) == {"schedule", "workflow_dispatch"}
    [job] = _load("reminders.yml")["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    workflow = _logic("reminders.yml")
    assert workflow["jobs"]["remind"]["permissions"] == {"contents": "read", "issues": "write"}
    text = (WORKFLOWS / "perfcode-reminders.yml").read_text(encoding="utf-8")
    assert "perfcode status --format markdown" in text
    assert "gh issue edit" in text and "gh issue create" in text and "gh issue pin" in text


# --- the starter's thin callers: one home with this repository's ---------------------------


def _render(template: Path, repository: str, tag: str) -> str:
    """The starter's template rendered as `perfcode init` renders every starter file (its
    Jinja2: [[ ]] for variables, [% %] for blocks, [# #] for comments, so `${{ }}` stays)."""
    text = (
        init.environment()
        .from_string(template.read_text(encoding="utf-8"))
        .render(perfcode_repository=repository, perfcode_tag=tag)
    )
    assert isinstance(text, str)
    return text


def test_the_starter_holds_exactly_the_thin_callers() -> None:
    assert sorted(p.name for p in STARTER.iterdir()) == sorted(CALLERS)


@pytest.mark.parametrize("caller", sorted(CALLERS))
def test_this_repositorys_callers_are_the_starters_rendered_for_itself(caller: str) -> None:
    """The one home of the triggers, concurrency and permissions: the starter's template,
    rendered with perfcode in this repository (`./…` calls, perfcode-ref empty), is this
    repository's caller to the byte. PERFCODE_UPDATE_EXPECTED=1 writes ours from it."""
    ours = _render(STARTER / caller, ".", "")
    if UPDATE:
        (WORKFLOWS / caller).write_text(ours, encoding="utf-8", newline="\n")
    assert (WORKFLOWS / caller).read_text(encoding="utf-8") == ours


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A company repository holding the starter's callers rendered for this release."""
    where = tmp_path_factory.mktemp("company")
    (where / ".github" / "workflows").mkdir(parents=True)
    for template in sorted(STARTER.glob("*.yml")):
        text = _render(template, release.REPOSITORY, release.tag())
        (where / ".github" / "workflows" / template.name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(where)], check=True)
    return where


def test_the_starters_callers_pass_actionlint(company: Path) -> None:
    done = _lint(company)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("caller", sorted(CALLERS))
def test_a_companys_caller_calls_perfcodes_release_of_the_same_file_with_the_same_inputs(
    company: Path, caller: str
) -> None:
    """actionlint cannot fetch a remote `uses:`: the reference names perfcode's repository,
    a reusable workflow that exists here, and the release; perfcode-ref is that release;
    everything else is this repository's caller."""
    theirs = _parse((company / ".github" / "workflows" / caller).read_text(encoding="utf-8"))
    ours = _load(caller)
    [(job_id, job)] = theirs["jobs"].items()
    [(our_id, our_job)] = ours["jobs"].items()
    assert job_id == our_id, "the required check is named `<caller job> / <called job>`"
    path, _, tag = job["uses"].partition("@")
    assert path == f"{release.REPOSITORY}/.github/workflows/{CALLERS[caller]}"
    assert (WORKFLOWS / CALLERS[caller]).is_file() and tag == release.tag()
    assert set(job.get("with", {})) == set(our_job.get("with", {}))
    if "with" in job:
        assert job["with"] == {"perfcode-ref": release.tag()}, "the tool is the release"
        assert our_job["with"] == {"perfcode-ref": ""}, "ours: the checkout's perfcode"
    for key in ("on", "permissions", "cache-mode", "concurrency", "name"):
        assert theirs.get(key) == ours.get(key), f"{caller}: {key}"
    assert {k: v for k, v in job.items() if k not in ("uses", "with")} == {
        k: v for k, v in our_job.items() if k not in ("uses", "with")
    }
