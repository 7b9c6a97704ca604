"""The repository itself: the organisation it holds validates (the example, or a company's
own records), the tests' organisation (example_org) is the example in full, the README
tells the truth, the CLI behaves (exit codes, formats), and `perfcode sample` writes valid
organisations."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from example_org import EXAMPLE, REPOSITORY
from perfcode.cli import main
from perfcode.io.schemas import KINDS
from perfcode.problems import CODES

ROOT = REPOSITORY


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _validated(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[str, dict[str, Any]]:
    """`validate ROOT` (exit 0, nothing on stderr) as text and as JSON."""
    code, out, err = run(capsys, "validate", str(root))
    assert (code, err) == (0, ""), out
    code, listed, _ = run(capsys, "validate", str(root), "--format", "json")
    assert code == 0, listed
    payload: dict[str, Any] = json.loads(listed)
    return out, payload


def test_the_repositorys_records_validate(capsys: pytest.CaptureFixture[str]) -> None:
    """Whatever organisation the repository holds: no errors (a new company's records may
    still hold warnings, such as the placeholders `perfcode init` writes)."""
    _, payload = _validated(capsys, ROOT)
    assert [p for p in payload["problems"] if p["severity"] == "error"] == []


def test_example_organisation_validates_clean(capsys: pytest.CaptureFixture[str]) -> None:
    """In the organisation's own language: one line saying how many documents were checked."""
    out, payload = _validated(capsys, EXAMPLE)
    assert payload["problems"] == []
    assert payload["documents"] >= 150
    assert len(out.splitlines()) == 1 and f"{payload['documents']} " in out, out


def test_example_has_every_kind_and_role() -> None:
    cycles = EXAMPLE / "cycles"
    for folder in ("contracts", "checkins", "adjustments", "interviews", "plans", "appeals"):
        assert list(cycles.glob(f"*/{folder}/*.yaml")), folder
    for name in ("cycle", "goals", "calibration", "results"):
        assert list(cycles.glob(f"*/{name}.yaml")), name
    roles = {p.name.split("-", 1)[0] for p in cycles.glob("*/reviews/*/*.yaml")}
    assert roles >= {"self", "manager", "peer", "subordinate", "customer"}
    people = [p for p in (EXAMPLE / "people").glob("*.yaml") if p.name != "org.yaml"]
    assert len(people) >= 12
    assert {p.name for p in cycles.iterdir()} >= {"2026-H1", "2026-H2"}


@pytest.mark.parametrize("root", [ROOT, EXAMPLE], ids=["the-repository", "the-example"])
def test_every_yaml_file_has_the_schema_modeline(root: Path) -> None:
    """Each record names its schema for editors, a path that resolves when the records sit
    at the repository's root (the example's, placed there, too)."""
    for path in [*root.glob("people/*.yaml"), *root.glob("cycles/**/*.yaml")]:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        at_the_root = ROOT / path.parent.relative_to(root)
        target = (at_the_root / first.split("=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: {target}"


def test_every_schema_is_valid_2020_12_with_an_id() -> None:
    import jsonschema

    for kind in KINDS:
        document = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text("utf-8"))
        jsonschema.Draft202012Validator.check_schema(document)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert document["$id"].endswith(f"/{kind}.schema.json")
        assert document.get("title") and document.get("description")


def test_readme_codes_table_matches_the_code() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("<!-- codes:start -->", 1)[1].split("<!-- codes:end -->", 1)[0]
    rows = dict(re.findall(r"^\| (PC\d{3}) \| (.+) \|$", block, flags=re.M))
    assert rows == CODES


def test_readme_quick_start_has_exactly_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    quick = readme.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in quick.splitlines()[1:] if line.strip()]
    assert commands == ["make serve", "make test"]


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path / "missing"))
    assert code == 2 and "is not a folder" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--format", "yaml"])
    assert exit_info.value.code == 2
    assert main([]) == 2


def test_sample_writes_a_valid_organisation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "org"
    code, out, _ = run(capsys, "sample", str(target), "--people", "60", "--seed", "7")
    assert code == 0 and "60 people" in out
    code, out, _ = run(capsys, "validate", str(target))
    assert code == 0, out
    roles = {p.name.split("-", 1)[0] for p in target.glob("cycles/*/reviews/*/*.yaml")}
    assert roles == {"self", "manager", "peer", "subordinate", "customer"}
    again = tmp_path / "again"
    run(capsys, "sample", str(again), "--people", "60", "--seed", "7")
    first = sorted(p.relative_to(target).as_posix() for p in target.rglob("*.yaml"))
    second = sorted(p.relative_to(again).as_posix() for p in again.rglob("*.yaml"))
    assert first == second
    assert all((target / p).read_bytes() == (again / p).read_bytes() for p in first)


def test_sample_refuses_a_non_empty_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "x.txt").write_text("x")
    code, _, err = run(capsys, "sample", str(tmp_path), "--people", "5")
    assert code == 2 and "not empty" in err


def test_python_dash_m_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "perfcode", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("perfcode ")


def test_readme_signature_rules_match_the_code() -> None:
    from perfcode.signatures.rules import rules_markdown

    readme = (ROOT / "README.md").read_text("utf-8")
    block = readme.split("<!-- signature-rules:start -->\n", 1)[1]
    block = block.split("<!-- signature-rules:end -->", 1)[0]
    assert block.strip() == rules_markdown().strip()


def test_every_configuration_yaml_names_its_schema_for_editors() -> None:
    files = [
        ROOT / "mkdocs.yml",
        ROOT / ".pre-commit-config.yaml",
        ROOT / ".pre-commit-hooks.yaml",
        *sorted((ROOT / ".github" / "workflows").glob("*.yml")),
    ]
    for path in files:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# yaml-language-server: $schema=https://"), path
