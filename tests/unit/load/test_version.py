"""Which perfcode a repository is written for (`perfcode.load.version`).

- Every schema perfcode ships carries the one schema version (`layout.SCHEMA_VERSION`) in
  its `$id`; a record's modeline may name its schema by that address or by the relative
  path `perfcode new` writes.
- `people/org.yaml`'s `minimum_perfcode_version`, when newer than the running perfcode,
  is the repository's one problem (PC092) and every command that loads it stops (exit 1);
  one that is not a version is PC094 and the rest is checked.
- A record whose modeline names a newer schema version is PC093; the others are checked.

The scenario folders tests/validate/cases/190-… to 192-… show the output of each.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from perfcode import layout
from perfcode.check import check_repository
from perfcode.cli import main
from perfcode.io.schemas import BUNDLED, KINDS
from perfcode.load import version
from perfcode.load.repository import load_repository

BASE = Path(__file__).parents[2] / "validate" / "base"
PERSON = "people/wanghongjun.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    return root


def _require(root: Path, written: str) -> tuple[int, int]:
    """Make org.yaml ask for perfcode WRITTEN (after its first two lines); the line and
    column of the value."""
    org = root / version.ORG
    lines = org.read_text(encoding="utf-8").split("\n")
    line = f"{version.FIELD}: {written}"
    lines.insert(2, line)
    org.write_text("\n".join(lines), encoding="utf-8")
    return 3, line.index(written) + 1


def _first_line(root: Path, path: str, first: str) -> None:
    target = root / path
    rest = target.read_text(encoding="utf-8").split("\n", 1)[1]
    target.write_text(f"{first}\n{rest}", encoding="utf-8")


# --- the schemas' version -----------------------------------------------------------------


def test_every_bundled_schema_carries_the_schema_version_in_its_id() -> None:
    assert sorted(p.name for p in BUNDLED.glob("*.schema.json")) == sorted(
        f"{kind}.schema.json" for kind in KINDS
    )
    for kind in KINDS:
        schema = json.loads((BUNDLED / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert schema["$id"] == layout.schema_id(kind)
        assert f"/v{layout.SCHEMA_VERSION}/" in schema["$id"]


@pytest.mark.parametrize(
    ("first", "kind", "accepted", "named"),
    [
        (layout.modeline("person", 1).rstrip("\n"), "person", True, None),
        (layout.MODELINE_PREFIX + layout.schema_id("person"), "person", True, 1),
        (layout.MODELINE_PREFIX + layout.schema_id("person", 12), "person", True, 12),
        (layout.MODELINE_PREFIX + layout.schema_id("contract"), "person", False, 1),
        (
            layout.MODELINE_PREFIX + "https://example.com/v3/person.schema.json",
            "person",
            True,
            None,
        ),
        ("# a comment", "person", False, None),
    ],
)
def test_a_modeline_names_its_schema_by_path_or_by_versioned_address(
    first: str, kind: str, accepted: bool, named: int | None
) -> None:
    text = f"{first}\nname: x\n"
    assert layout.has_modeline(text, kind) is accepted
    assert layout.modeline_version(text) == named


def test_a_record_naming_this_schema_version_by_address_is_checked_as_usual(repo: Path) -> None:
    _first_line(repo, PERSON, layout.MODELINE_PREFIX + layout.schema_id("person"))
    assert check_repository(repo).problems == []


def test_a_record_for_a_newer_schema_is_one_problem_and_the_others_are_checked(
    repo: Path,
) -> None:
    newer = layout.SCHEMA_VERSION + 1
    _first_line(repo, PERSON, layout.MODELINE_PREFIX + layout.schema_id("person", newer))
    other = repo / "people/linzong.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("\nname:", "\nnmae:"), "utf-8")
    found = [(p.path, p.line, p.code) for p in check_repository(repo).problems]
    assert (PERSON, 1, "PC093") in found
    assert [p for p in found if p[0] == PERSON] == [(PERSON, 1, "PC093")]
    assert {code for path, _, code in found if path == "people/linzong.yaml"} == {
        "PC010",
        "PC011",
    }


# --- minimum_perfcode_version -------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ('"0.1.0"', None),  # the running version itself
        ('"0.0.9"', None),
        ('"0.1.0rc1"', None),  # a pre-release comes before its release
        ('"0.1.1"', "PC092"),
        ('"1.0"', "PC092"),
        ('"0.10.0"', "PC092"),  # compared as versions, not as text
        ('"latest"', "PC094"),
        ('"v 1"', "PC094"),
        ("0.2", None),  # not text: the schema's problem (PC009), not the gate's
    ],
)
def test_the_minimum_version_is_compared_as_pip_compares_versions(
    written: str, code: str | None
) -> None:
    text = f"name: Acme\n{version.FIELD}: {written}\n"
    raw = {"name": "Acme", version.FIELD: json.loads(written)}
    found = version.minimum(raw, text, running="0.1.0")
    assert (found.code if found else None) == code
    if found is not None:
        assert (found.path, found.line, found.column) == (version.ORG, 2, len(version.FIELD) + 3)


def test_no_minimum_version_asks_for_nothing() -> None:
    assert version.minimum({"name": "Acme"}, "name: Acme\n", running="0.1.0") is None


def test_a_newer_minimum_version_stops_the_load_with_one_problem(repo: Path) -> None:
    line, column = _require(repo, '"99.0.0"')
    broken = repo / PERSON  # not judged: nothing else is
    broken.write_text(broken.read_text(encoding="utf-8") + "unknown: 1\n", encoding="utf-8")
    with pytest.raises(version.NeedsNewerPerfcode) as stopped:
        load_repository(repo)
    assert stopped.value.exit_code == 1
    checked = check_repository(repo)
    assert [(p.path, p.line, p.column, p.code) for p in checked.problems] == [
        (version.ORG, line, column, "PC092")
    ]
    assert "needs perfcode 99.0.0 or newer" in checked.problems[0].message
    assert "bump `rev:` in .pre-commit-config.yaml" in checked.problems[0].message
    assert checked.failed and checked.repository.people == {}


def test_a_minimum_version_this_perfcode_meets_changes_nothing(repo: Path) -> None:
    _require(repo, '"0.0.1"')
    assert check_repository(repo).problems == []


def test_a_minimum_version_that_is_not_a_version_is_one_problem_and_the_rest_is_checked(
    repo: Path,
) -> None:
    line, column = _require(repo, "soon")
    broken = repo / PERSON
    broken.write_text(broken.read_text(encoding="utf-8") + "unknown: 1\n", encoding="utf-8")
    found = [(p.path, p.line, p.column, p.code) for p in check_repository(repo).problems]
    assert (version.ORG, line, column, "PC094") in found
    assert any(path == PERSON and code == "PC011" for path, _, _, code in found)


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["score"],
        ["score", "--check"],
        ["site", "--out", "public"],
        ["status"],
        ["export"],
        ["explain", "wanghongjun"],
        ["codeowners", "--check"],
        ["publish", "2026-H2"],
        ["new", "review", "wanghongjun", "--role", "self"],
    ],
    ids=" ".join,
)
def test_every_command_stops_with_the_one_problem(
    repo: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    line, column = _require(repo, '"99.0.0"')
    code = main([*args, "--root", str(repo)])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert (out + err).count("PC092") == 1
    assert f"{version.ORG}:{line}:{column}: PC092 this repository needs perfcode 99.0.0" in out
    assert "Traceback" not in out + err
    assert not (repo / "public").exists()


@pytest.mark.parametrize(
    ("address", "newer"),
    [
        ("https://PERFCODE.dev/schemas/v2/person.schema.json", True),  # as an editor reads it
        ("https://perfcode.dev/schemas/v99999999999999999999/person.schema.json", True),
        ("https://perfcode.dev/schemas/v" + "9" * 5000 + "/person.schema.json", True),
        ("https://perfcode.dev/schemas/v0001/person.schema.json", False),  # v1, zeros in front
    ],
)
def test_any_newer_schema_version_is_caught_however_it_is_spelled(
    address: str, newer: bool
) -> None:
    text = f"{layout.MODELINE_PREFIX}{address}\nname: x\n"
    found = version.newer_schema(PERSON, text)
    assert (found is not None) is newer
    if found is not None:  # the message quotes what the file says, shortened when long
        assert found.code == "PC093" and "perfcode.dev" in found.message.lower()
        assert len(found.message) < 600


@pytest.mark.parametrize("written", ["9" * 5000, "1e3", "0.1.0 0.2.0", "v"])
def test_a_minimum_version_no_parser_accepts_is_pc094_never_a_crash(written: str) -> None:
    found = version.minimum({version.FIELD: written}, f"{version.FIELD}: '{written}'\n")
    assert found is not None and found.code == "PC094"


def test_the_upgrade_advice_names_the_tag_once_prefixed() -> None:
    found = version.minimum({version.FIELD: "v9"}, f"{version.FIELD}: 'v9'\n", running="0.1.0")
    assert found is not None and found.code == "PC092"
    assert "to v9 or later" in found.message and "vv9" not in found.message
