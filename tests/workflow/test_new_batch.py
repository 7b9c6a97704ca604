"""`perfcode new contract --all` and the scaffolds of people, goals, check-ins, adjustments
and calibration (issue 14 §5). Every organisation is made here: `perfcode sample` or a copy
of tests/validate/base (never the repository's example).

- `--all` writes exactly the contracts status owes and no file has, each byte for byte what
  a single `new contract` writes, skips (and names) those that exist, and refuses, writing
  nothing, what cannot be done;
- each new scaffold validates as written, in Chinese and in English: clean, or only the
  placeholder warnings (PC069, PC091, PC102) exactly where it holds the placeholder;
- none overwrites a file, and each mistake is one sentence and exit 2.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from perfcode import model as m
from perfcode.check import check_repository
from perfcode.cli import main
from perfcode.scaffold import sample

BASE = Path(__file__).parents[1] / "validate" / "base"
CYCLE = sample.CYCLE
#: the warnings a scaffold's placeholders give until people write them
PLACEHOLDER_CODES = {"PC069", "PC091", "PC102"}


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _speaking(root: Path, language: str) -> Path:
    """ROOT's organisation and policies in LANGUAGE."""
    for path in [root / "people" / "org.yaml", *sorted(root.glob("cycles/*/cycle.yaml"))]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\nlanguage: zh\n", f"\nlanguage: {language}\n"), "utf-8")
    return root


def _base(target: Path, language: str = "zh") -> Path:
    shutil.copytree(BASE, target)
    return _speaking(target, language)


def _sample(target: Path, people: int = 24) -> Path:
    sample.write(target, people=people, seed=7)
    return target


def _forget(root: Path, people: list[str]) -> None:
    """Every record of PEOPLE in the sample's cycle: as if their contracts were never made."""
    cycle = root / "cycles" / CYCLE
    for pid in people:
        for path in [*cycle.glob(f"*/{pid}.yaml"), cycle / "reviews" / pid]:
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()


def _unwritten(root: Path, written: dict[str, bytes]) -> list[str]:
    """The problems of ROOT other than placeholder warnings, having checked that those are
    warnings, present exactly when a written file holds the placeholder."""
    problems = [p for p in check_repository(root).problems if not p.path.endswith("results.yaml")]
    placeholders = [p for p in problems if p.code in PLACEHOLDER_CODES]
    assert all(p.severity.value == "warning" for p in placeholders)
    marks = [mark.encode() for mark in m.PLACEHOLDERS.values()]
    holding = {path for path, data in written.items() if any(mk in data for mk in marks)}
    assert {p.path for p in placeholders} == holding
    return [f"{p.path}: {p.code} {p.message}" for p in problems if p not in placeholders]


def _run(root: Path, *args: str) -> int:
    return main(["new", *args, "--root", str(root)])


# --- new contract --all -------------------------------------------------------------------

FORGOTTEN = ["p00003", "p00009", "p00010", "p00017"]


def test_all_writes_exactly_the_missing_contracts_as_single_runs_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch, single = _sample(tmp_path / "batch"), _sample(tmp_path / "single")
    for root in (batch, single):
        _forget(root, FORGOTTEN)
    before = _files(batch)
    assert _run(batch, "contract", "--all", "--cycle", CYCLE) == 0
    out, err = capsys.readouterr()
    for pid in FORGOTTEN:
        assert _run(single, "contract", pid, "--cycle", CYCLE) == 0
    capsys.readouterr()
    after = _files(batch)
    written = {path: after[path] for path in after.keys() - before.keys()}
    paths = [f"cycles/{CYCLE}/contracts/{pid}.yaml" for pid in FORGOTTEN]
    assert sorted(written) == paths
    assert all(after[path] == data for path, data in before.items()), "a file was overwritten"
    assert after == _files(single), "--all wrote something else than single runs"
    existing = sorted(p for p in before if "/contracts/" in p)
    assert out == (  # a sample organisation speaks Chinese (language: zh)
        "".join(f"已写入 {path}\n" for path in paths)
        + "".join(f"已跳过 {path}:文件已存在\n" for path in existing)
        + f"{CYCLE} 周期:已写入 4 份绩效契约,跳过 {len(existing)} 份(已存在)\n"
    )
    assert err == ""
    assert _unwritten(batch, written) == []
    # the CEO owes no contract (nobody to agree it with): --all never writes one
    assert f"cycles/{CYCLE}/contracts/p00000.yaml" not in after
    # again: nothing is missing, nothing written
    assert _run(batch, "contract", "--all") == 0
    assert capsys.readouterr().out.endswith(
        f"{CYCLE} 周期:已写入 0 份绩效契约,跳过 {len(existing) + 4} 份(已存在)\n"
    )
    assert _files(batch) == after


def test_all_with_a_department_takes_its_sub_departments_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """d01 > east > east-1: --department east writes east's and east-1's, not d01's."""
    root = _sample(tmp_path / "repo", people=20)
    org = root / "people" / "org.yaml"
    org.write_text(
        org.read_text(encoding="utf-8")
        + "- id: east\n  name: 东区\n  head: p00002\n  parent: d01\n"
        + "- id: east-1\n  name: 东一组\n  head: p00002\n  parent: east\n",
        encoding="utf-8",
    )
    moved = {"p00004": "east", "p00005": "east-1", "p00006": "d01"}
    for pid, department in moved.items():
        path = root / "people" / f"{pid}.yaml"
        text = path.read_text(encoding="utf-8")
        assert "\ndepartment: d01\n" in text
        path.write_text(text.replace("\ndepartment: d01\n", f"\ndepartment: {department}\n"))
    _forget(root, list(moved))
    before = _files(root)
    assert _run(root, "contract", "--all", "--department", "east") == 0
    out = capsys.readouterr().out
    written = sorted(_files(root).keys() - before.keys())
    assert written == [f"cycles/{CYCLE}/contracts/{pid}.yaml" for pid in ("p00004", "p00005")]
    assert out.endswith(
        f"{CYCLE} 周期(部门 east 及其下级部门):已写入 2 份绩效契约,跳过 0 份(已存在)\n"
    )
    # an English organisation says it as it always did
    _forget(root, ["p00006"])
    org.write_text(org.read_text(encoding="utf-8").replace("language: zh", "language: en"))
    assert _run(root, "contract", "--all", "--department", "d01") == 0
    first, *skipped, last = capsys.readouterr().out.splitlines()
    assert first == f"wrote cycles/{CYCLE}/contracts/p00006.yaml"
    assert all(line.endswith(".yaml: it exists already") for line in skipped)
    assert {f"skipped {path}: it exists already" for path in written} <= set(skipped)
    assert last == (
        f"1 contract written, {len(skipped)} skipped (existing) in cycle {CYCLE} of department "
        "d01 (and those below it)"
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["contract", "p00003", "--all"], "new contract --all writes every missing contract"),
        (["review", "--all", "--role", "self"], "--all goes with new contract"),
        (["contract", "--all", "--department", "nowhere"], "there is no department nowhere"),
        (["contract", "--all", "--cycle", "2031-H1"], "there is no cycle 2031-H1"),
        (["contract"], "new contract needs a person's id (or --all"),
        (["checkins", "p00003", "--department", "d01"], "--department goes with"),
        (["goals", "p00003"], "new goals takes no 'p00003'"),
        (["contract", "p00003", "--github", "x"], "--github go with new person"),
    ],
)
def test_refusals_write_nothing(
    args: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _sample(tmp_path / "repo", people=12)
    _forget(root, ["p00003"])
    before = _files(root)
    assert _run(root, *args) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("perfcode: ") and said in err, err
    assert "internal error" not in err
    assert _files(root) == before


# --- the new scaffolds validate as written, in Chinese and English -------------------------

#: kind → (its command line, the file it writes) on a copy of tests/validate/base
SCAFFOLDS = {
    "person": (
        [
            "person",
            "sunli",
            "--github",
            "sunli-gh",
            "--manager",
            "linzong",
            "--group",
            "frontline",
            "--joined",
            "2026-08-03",
        ],
        "people/sunli.yaml",
    ),
    "person-named": (
        [
            "person",
            "sunli",
            "--name",
            "孙丽",
            "--title",
            "客户经理",
            "--github",
            "sunli-gh",
            "--department",
            "market",
            "--group",
            "frontline",
            "--manager",
            "linzong",
            "--email",
            "sunli@example.com",
        ],
        "people/sunli.yaml",
    ),
    "goals": (["goals", "--cycle", "2027-H1"], "cycles/2027-H1/goals.yaml"),
    "checkins": (
        ["checkins", "wanghongjun", "--today", "2026-09-15"],
        "cycles/2026-H2/checkins/wanghongjun.yaml",
    ),
    "adjustments": (
        ["adjustments", "linzong", "--today", "2026-09-15"],
        "cycles/2026-H2/adjustments/linzong.yaml",
    ),
    "calibration": (["calibration", "--cycle", "2026-H2"], "cycles/2026-H2/calibration.yaml"),
}


def _ready(root: Path, kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A next cycle without its goals, for `new goals`."""
    if kind == "goals":
        assert _run(root, "cycle", "2027-H1", "--from", "2026-H2") == 0
        (root / "cycles" / "2027-H1" / "goals.yaml").unlink()
        capsys.readouterr()


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("kind", sorted(SCAFFOLDS))
def test_each_scaffold_validates_as_written(
    kind: str, language: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _base(tmp_path / "repo", language)
    _ready(root, kind, capsys)
    args, path = SCAFFOLDS[kind]
    before = _files(root)
    assert _run(root, *args) == 0
    out, err = capsys.readouterr()
    said = {"zh": f"已写入 {path}\n", "en": f"wrote {path}\n"}[language]
    assert (out, err) == (said, "")
    written = {p: d for p, d in _files(root).items() if p not in before}
    assert list(written) == [path]
    assert _unwritten(root, written) == []
    text = written[path].decode()
    assert text.startswith("# yaml-language-server: $schema=")
    lines = [line.lstrip("#").strip() for line in text.splitlines()[1:] if line.startswith("#")]
    comments = "".join(lines).replace(" ", "")  # unwrapped
    # the header speaks the organisation's language (goals: new cycle's header, in English)
    command = f"`perfcodenew{kind.split('-')[0]}`"
    if kind != "goals":
        assert (f"由{command}创建" in comments) == (language == "zh"), comments
        assert (f"startedby{command}" in comments) == (language == "en"), comments
    # and it refuses to write it again
    assert _run(root, *args) == 2
    assert "already" in capsys.readouterr().err
    assert _files(root) == {**before, **written}


def test_a_person_without_name_or_title_is_two_placeholder_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _base(tmp_path / "repo")
    assert _run(root, *SCAFFOLDS["person"][0]) == 0
    found = [(p.code, p.message) for p in check_repository(root).problems]
    assert found == [
        (
            "PC102",
            "the name still holds the placeholder perfcode new wrote: write the person's name",
        ),
        (
            "PC102",
            "the title still holds the placeholder perfcode new wrote: write the person's title",
        ),
    ]
    text = (root / "people" / "sunli.yaml").read_text(encoding="utf-8")
    # the manager's department, the day given, no email or manager invented
    assert "department: market\n" in text and "joined: 2026-08-03\n" in text
    assert "email" not in text.split("\nname:")[1]
    # CODEOWNERS names only the policy owners: a new person leaves it as it was
    assert main(["codeowners", "--root", str(tmp_path / "repo")]) == 0
    first = (root / ".github" / "CODEOWNERS").read_bytes()
    (root / "people" / "sunli.yaml").unlink()
    assert main(["codeowners", "--root", str(root)]) == 0
    assert (root / ".github" / "CODEOWNERS").read_bytes() == first


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["person", "linzong", "--github", "x-1"], "there is a person linzong already"),
        (["person", "LinZong", "--github", "x-1"], "cannot be a person's id"),
        (["person", "aggregated", "--github", "x-1"], "cannot be a person's id"),
        # validate would say PC035 (no Windows checkout holds con.yaml) or clash with org.yaml
        (["person", "con", "--github", "x-1"], "cannot be a person's id"),
        (["person", "lpt1", "--github", "x-1"], "cannot be a person's id"),
        (["person", "org", "--github", "x-1"], "cannot be a person's id"),
        (["person", "sunli", "--github", "x-1", "--manager", "nobody"], 'no person "nobody"'),
        (["person", "sunli", "--manager", "linzong", "--group", "frontline"], "needs --github"),
        (
            ["person", "sunli", "--github", "x-1", "--group", "frontline"],
            "new person needs --department (departments in people/org.yaml: exec, market)",
        ),
        (
            ["person", "sunli", "--github", "x-1", "--department", "market"],
            "new person needs --group (groups in people/org.yaml: management, frontline)",
        ),
        (
            ["person", "sunli", "--github", "x-1", "--department", "sales", "--group", "frontline"],
            'there is no department "sales"',
        ),
        (
            [
                "person",
                "sunli",
                "--github",
                "bad login",
                "--manager",
                "linzong",
                "--group",
                "frontline",
            ],
            "people/sunli.yaml would not validate: ",
        ),
        (
            [
                "person",
                "sunli",
                "--github",
                "x-1",
                "--manager",
                "linzong",
                "--group",
                "frontline",
                "--email",
                "not-an-email",
            ],
            "people/sunli.yaml would not validate: ",
        ),
        (
            [
                "person",
                "sunli",
                "--github",
                "x-1",
                "--manager",
                "linzong",
                "--group",
                "frontline",
                "--joined",
                "2026-13-01",
            ],
            "--joined must be a day written YYYY-MM-DD",
        ),
        (["checkins", "zhaomin"], "zhaomin has no contract in cycle 2026-H2"),
        (["adjustments", "nobody"], 'there is no person "nobody"'),
        (["goals", "--cycle", "2026-H2"], "cycle 2026-H2 has goals already"),
    ],
)
def test_scaffold_refusals_write_nothing(
    args: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _base(tmp_path / "repo")
    login = (root / "people" / "linzong.yaml").read_text(encoding="utf-8")
    assert "github:" in login
    before = _files(root)
    assert _run(root, *args) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("perfcode: ") and said in err, err
    assert _files(root) == before


def test_a_github_login_taken_in_another_case_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _base(tmp_path / "repo")
    repo_login = next(
        line.split(":", 1)[1].strip()
        for line in (root / "people" / "linzong.yaml").read_text(encoding="utf-8").splitlines()
        if line.startswith("github:")
    )
    args = ["person", "sunli", "--github", repo_login.upper(), "--manager", "linzong"]
    assert _run(root, *args, "--group", "frontline") == 2
    assert "is linzong's already" in capsys.readouterr().err


def test_all_stops_at_the_records_problems_and_leaves_nobody_out_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A record that cannot be read would drop its person from the batch without a word:
    --all starts from records without errors (the problems printed, exit 1, nothing
    written), as every command that reads the whole organisation does."""
    root = _sample(tmp_path / "repo")
    _forget(root, FORGOTTEN)
    with (root / "people" / f"{FORGOTTEN[0]}.yaml").open("a", encoding="utf-8") as f:
        f.write("name: [\n")
    before = _files(root)
    assert _run(root, "contract", "--all", "--cycle", CYCLE) == 1
    out = capsys.readouterr().out
    assert f"people/{FORGOTTEN[0]}.yaml:" in out and "PC001" in out
    assert _files(root) == before
