"""`perfcode codeowners`: one folder per registry under codeowners/, with the CODEOWNERS
file expected beside its people/; the repository's own .github/CODEOWNERS is current; what
GitHub reads from the file (the last matching pattern wins) is the policy owners for every
path outside the records and no code owner for the records, whatever the number of people.

Set PERFCODE_UPDATE_EXPECTED=1 to rewrite the expected files; read the diff before keeping it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pathspec import GitIgnoreSpec

from perfcode.cli import main
from perfcode.signatures import codeowners
from perfcode.signatures.rules import RULES, kind_of

HERE = Path(__file__).parent
REPOSITORY = HERE.parents[1]
CASES = sorted(p for p in (HERE / "codeowners").iterdir() if p.is_dir())
UPDATE = os.environ.get("PERFCODE_UPDATE_EXPECTED") == "1"
TWO_OWNERS = HERE / "codeowners" / "two-policy-owners"

#: paths outside the records: the trust root and the policy files (owned by the policy owners)
POLICY_PATHS = (
    "README.md",
    "mkdocs.yml",
    "pyproject.toml",
    ".github/CODEOWNERS",
    ".github/workflows/signatures.yml",
    "schemas/person.schema.json",
    "tooling/perfcode/signatures/rules.py",
    "people/org.yaml",
    "people/dev1.yaml",
    "cycles/2026-H2/cycle.yaml",
    "cycles/2026-H2/goals.yaml",
    "cycles/2026-H2/calibration.yaml",
    "cycles/2026-H2/results.yaml",
    "cycles/2026-H2/signatures.yaml",
)
#: records: no code owner (the signatures check names who signs them)
RECORD_PATHS = (
    "cycles/2026-H2/contracts/dev1.yaml",
    "cycles/2026-H2/reviews/dev1/self-dev1.yaml",
    "cycles/2026-H2/reviews/dev1/manager-ceo.yaml",
    "cycles/2026-H2/reviews/dev1/customer-aggregated.yaml",
    "cycles/2026-H2/checkins/dev1.yaml",
    "cycles/2026-H2/interviews/dev1.yaml",
    "cycles/2026-H2/plans/dev1.yaml",
    "cycles/2026-H2/adjustments/dev1.yaml",
    "cycles/2027/appeals/hr-anna.yaml",
)


def _owners(text: str, path: str) -> list[str] | None:
    """The code owners GitHub gives PATH: the owners of the last line whose pattern matches
    (gitignore matching, by pathspec); None when no line matches."""
    found: list[str] | None = None
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *owners = line.split()
            if GitIgnoreSpec.from_lines([pattern]).match_file(path):
                found = owners
    return found


def _write(root: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["codeowners", str(root)]) == 0
    assert capsys.readouterr().out.startswith("wrote .github/CODEOWNERS (")
    return (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "repo"
    shutil.copytree(case / "people", root / "people")
    written = _write(root, capsys)
    if UPDATE:
        (case / "CODEOWNERS").write_text(written, encoding="utf-8")
    assert written == (case / "CODEOWNERS").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", POLICY_PATHS + RECORD_PATHS)
def test_what_github_reads(path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "repo"
    shutil.copytree(TWO_OWNERS / "people", root / "people")
    owners = _owners(_write(root, capsys), path)
    kind, _place = kind_of(path)
    pattern = next(pattern for k, _signers, pattern in RULES if k == kind)
    if path in RECORD_PATHS:
        assert "{" in pattern, f"{path} is a {kind}, a kind whose files name a person"
        assert owners == [], f"{path} must have no code owner"
    else:
        assert "{" not in pattern, f"{path} is a {kind}, a kind whose files name nobody"
        assert owners == ["@Hr-anna-GH", "@Hr-ben-GH"], f"{path}: the policy owners"


def test_every_rule_has_its_line() -> None:
    """Each pattern of the rules table is in the file: a fixed path with the policy owners,
    a person's record as its folder with no owners (one line per folder, not per person)."""
    text = (TWO_OWNERS / "CODEOWNERS").read_text(encoding="utf-8")
    lines = {
        line.split()[0]: line.split()[1:]
        for line in text.splitlines()
        if line.startswith(("/", "*"))
    }
    for _kind, _signers, pattern in RULES:
        if "{" in pattern:
            assert lines[codeowners.record_folder(pattern)] == []
        else:
            assert lines[pattern] == ["@Hr-anna-GH", "@Hr-ben-GH"]
    assert len(lines) == len({codeowners.record_folder(p) if "{" in p else p for *_, p in RULES})


def test_a_new_person_leaves_it_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(TWO_OWNERS / "people", root / "people")
    before = _write(root, capsys)
    dev1 = (root / "people" / "dev1.yaml").read_text(encoding="utf-8")
    for n in range(2, 40):
        (root / "people" / f"dev{n}.yaml").write_text(
            dev1.replace("Dev1-GH", f"Dev{n}-GH"), encoding="utf-8"
        )
    assert main(["codeowners", str(root), "--check"]) == 0
    assert capsys.readouterr().out == ".github/CODEOWNERS is up to date.\n"
    assert _write(root, capsys) == before


def test_check_fails_when_a_policy_owner_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(TWO_OWNERS / "people", root / "people")
    assert main(["codeowners", str(root), "--check"]) == 1  # no CODEOWNERS yet
    capsys.readouterr()
    _write(root, capsys)
    assert main(["codeowners", str(root), "--check"]) == 0
    owner = root / "people" / "hr-ben.yaml"
    owner.write_text(
        owner.read_text(encoding="utf-8").replace("github: Hr-ben-GH", "github: Hr-ben-new"),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["codeowners", str(root), "--check"]) == 1
    assert "is stale: run `perfcode codeowners`" in capsys.readouterr().out
    assert "@Hr-ben-new" in _write(root, capsys)


def test_the_repository_codeowners_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codeowners", str(REPOSITORY), "--check"]) == 0, capsys.readouterr().out
