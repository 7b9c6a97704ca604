"""The package stands alone: a wheel built from this repository, installed apart from it,
runs every command on a repository that holds only records (people/ and cycles/, no
schemas/, no mkdocs.yml, no site/): what it reads of its own (schemas, templates, policy
templates, the starter and the example `perfcode init` writes) is package data, and what it
imports of others' is a declared dependency.

The wheel is built offline (`pip wheel --no-build-isolation`) and installed with
`pip install --target` into a folder of its own; the commands run as `python -S -m
perfcode` with PYTHONPATH naming that folder first and this environment's site-packages
(the dependencies) after it. `-S` keeps this checkout's editable install (a .pth file)
out: the only perfcode the child can import is the wheel's.
"""

from __future__ import annotations

import ast
import csv
import datetime
import email.parser
import importlib.metadata
import io
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import openpyxl
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from example_org import EXAMPLE, RECORDS
from example_org import REPOSITORY as REPO
from perfcode.cli import main
from perfcode.io import yaml as yamlio

PACKAGE = REPO / "tooling" / "perfcode"
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout (one build for the module)."""
    work = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", work, REPO],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = work.glob("perfcode-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the wheel is installed into."""
    target = tmp_path_factory.mktemp("wheel") / "site"
    subprocess.run(
        [*PIP, "install", "--no-deps", "-q", "--target", target, wheel],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


def perfcode(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    dependencies = sysconfig.get_paths()["purelib"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), dependencies])}
    return subprocess.run(
        [sys.executable, "-S", "-m", "perfcode", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """The tests' organisation's records alone (example_org.EXAMPLE: no schemas/)."""
    root = tmp_path / "records"
    for folder in RECORDS:
        shutil.copytree(EXAMPLE / folder, root / folder)
    return root


def test_the_wheel_holds_its_schemas_and_runs_from_them(installed: Path, records: Path) -> None:
    shipped = sorted(p.name for p in (installed / "perfcode" / "schemas").iterdir())
    assert shipped == sorted(p.name for p in (REPO / "schemas").glob("*.schema.json"))
    for name in shipped:  # copies of the one home, byte for byte
        assert (installed / "perfcode" / "schemas" / name).read_bytes() == (
            REPO / "schemas" / name
        ).read_bytes()
    where = perfcode(installed, "--version", cwd=records)
    assert where.returncode == 0, where.stderr
    probe = subprocess.run(
        [sys.executable, "-S", "-c", "import perfcode.io.schemas as s; print(s.BUNDLED)"],
        env={
            **os.environ,
            "PYTHONPATH": str(installed) + os.pathsep + sysconfig.get_paths()["purelib"],
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(probe.stdout.strip()) == (installed / "perfcode" / "schemas").resolve()


@pytest.mark.parametrize(
    ("args", "says", "leaves_out"),
    [
        (["validate"], "个文件:没有问题。", None),  # the example is a zh organisation
        (["score", "--check"], "results.yaml 已是最新:2026-H1、2026-H2。", None),
        (["explain", "sunli", "--cycle", "2026-H2"], "sunli", None),
        (["export", "--cycle", "2026-H2"], "cycle,person,name,status,score,grade", None),
        (
            ["status", "--cycle", "2026-H2"],
            "今天的日期由 people/org.yaml 固定为 2027-01-20。",
            None,
        ),
        # a manager's view: sunli's plan is wanghongjun's report's; zhengkai is heli's
        (["status", "--cycle", "2026-H2", "--manager", "wanghongjun"], "sunli", "zhengkai"),
        # a department's view: market (linzong's) without the service department's people
        (["score", "--cycle", "2026-H2", "--department", "market"], "wanghongjun", "zhengkai"),
        (["site", "--out", "public"], "built the public site", None),
        (["new", "review", "sunli", "--role", "self", "--cycle", "2026-H2"], "已写入", None),
        (["new", "cycle", "2027-H1"], "已写入 cycles/2027-H1/cycle.yaml", None),
        (["sample", "trial", "--people", "12"], "", None),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, list) else None,
)
def test_every_command_runs_on_a_repository_of_records_only(
    installed: Path, records: Path, args: list[str], says: str, leaves_out: str | None
) -> None:
    if args[:2] == ["new", "review"]:
        (records / "cycles/2026-H2/reviews/sunli/self-sunli.yaml").unlink()
    ran = perfcode(installed, *args, cwd=records)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert says in ran.stdout + ran.stderr
    if leaves_out is not None:
        assert leaves_out not in ran.stdout + ran.stderr
    if args[0] == "sample":  # the organisation it writes validates with the shipped schemas
        checked = perfcode(installed, "validate", cwd=records / "trial")
        assert checked.returncode == 0, checked.stdout + checked.stderr


def _git_files(*folders: Path) -> list[str]:
    """What git tracks under FOLDERS (relative to the package), the files the wheel ships."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", *folders],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [Path(REPO / p).relative_to(PACKAGE).as_posix() for p in listed.split("\0") if p]


def test_the_wheel_ships_the_starter_and_the_example_as_they_are(wheel: Path) -> None:
    scaffold = PACKAGE / "scaffold"
    with zipfile.ZipFile(wheel) as archive:
        files = {
            n.removeprefix("perfcode/"): archive.read(n)
            for n in archive.namelist()
            if n.startswith("perfcode/") and not n.endswith("/")
        }
    # globs skip dot-files: the starter's must be named in package-data, and be there
    for dotfile in (".gitignore", ".pre-commit-config.yaml", ".github/workflows/check.yml"):
        assert f"scaffold/starter/{dotfile}" in files, dotfile
    wanted = _git_files(scaffold / "starter", scaffold / "example", scaffold / "policies")
    assert [p for p in wanted if p.startswith("scaffold/example/cycles/")]
    assert sorted(set(wanted) - set(files)) == []  # everything init writes from
    assert "scaffold/pre-commit-hooks.yaml" in files
    assert "scaffold/example/site/index.md" not in files  # generated by `perfcode site`
    # and nothing else: no file the package has not (a stale copy in build/), and its data
    # as the package holds it (modules left out: others may be editing them meanwhile)
    for name, data in files.items():
        assert (PACKAGE / name).is_file(), f"the wheel ships {name}, the package has no such file"
        if not name.endswith(".py"):
            assert data == (PACKAGE / name).read_bytes(), f"the wheel's {name} differs"


def test_the_wheel_declares_every_library_it_imports(wheel: Path, installed: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        [metadata] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        headers = email.parser.Parser().parsestr(archive.read(metadata).decode("utf-8"))
    requirements = [Requirement(r) for r in headers.get_all("Requires-Dist") or []]
    declared = {  # what a plain `pip install perfcode` brings (no extras)
        canonicalize_name(r.name)
        for r in requirements
        if r.marker is None or r.marker.evaluate({"extra": ""})
    }
    assert {"openpyxl", "ruamel-yaml", "packaging"} <= declared  # import, export --format xlsx
    modules: set[str] = set()
    for source in (installed / "perfcode").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_bytes(), str(source))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    others = modules - set(sys.stdlib_module_names) - {"perfcode", "__future__"}
    assert {"openpyxl", "ruamel"} <= others  # the import that does not declare them breaks
    distributions = importlib.metadata.packages_distributions()
    undeclared = {
        module: distributions.get(module)
        for module in sorted(others)
        if not {canonicalize_name(d) for d in distributions.get(module, [])} & declared
    }
    # (one that is there only as another's dependency can go when that one stops needing it)
    assert undeclared == {}, "imported, but not among pyproject.toml's [project] dependencies"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "options", [["--today", "2026-09-15"], ["--example"]], ids=["zh-contract", "example"]
)
def test_init_from_the_wheel_writes_what_the_checkout_writes_and_it_checks(
    installed: Path,
    tmp_path: Path,
    options: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "wheel").mkdir()
    ran = perfcode(installed, "init", "company", *options, cwd=tmp_path / "wheel")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    (tmp_path / "checkout").mkdir()
    monkeypatch.chdir(tmp_path / "checkout")
    assert main(["init", "company", *options]) == 0
    # --example names the demo keys where each perfcode holds them (the package): the
    # installed one has them too
    keys = re.compile(r"--identity (\S+)/zhaomin\.agekey")
    shown = keys.search(ran.stdout)
    assert (shown is not None) == ("--example" in options)
    if shown is not None:
        assert (Path(shown.group(1)) / "zhaomin.agekey").is_file()
        assert installed in Path(shown.group(1)).parents
    same = keys.sub("--identity <demo-keys>/zhaomin.agekey", ran.stdout + ran.stderr)
    assert same == keys.sub("--identity <demo-keys>/zhaomin.agekey", "".join(capsys.readouterr()))
    company = tmp_path / "wheel" / "company"
    written = _tree(company)
    assert written == _tree(tmp_path / "checkout" / "company")
    for dotfile in (".gitignore", ".pre-commit-config.yaml", ".github/workflows/check.yml"):
        assert dotfile in written, dotfile
    if "--example" in options:  # the example's records, from the package
        assert (
            written["cycles/2026-H2/results.yaml"]
            == (EXAMPLE / "cycles/2026-H2/results.yaml").read_bytes()
        )
    for command in (["validate"], ["score", "--check"], ["codeowners", "--check"]):
        checked = perfcode(installed, *command, cwd=company)
        assert checked.returncode == 0, f"{command}: {checked.stdout}{checked.stderr}"


#: an HR sheet (Chinese headers): an employee number for sunli, a new hire under her
SHEET = [
    ["工号", "姓名", "部门", "直接上级", "职务", "人员类别", "入职日期", "邮箱", "GitHub"],
    ["E0009", "孙丽", "市场部", "王红军", "销售代表", "一线员工", "2022-09-01", "", "sunli"],
    ["E0101", "张三", "市场部", "E0009", "销售代表", "frontline", "2026-12-01", "", "ZhangSan"],
]


def _write_sheet(path: Path) -> None:
    if path.suffix == ".csv":  # as Excel saves "CSV UTF-8": with a BOM
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(SHEET)
        path.write_text(buffer.getvalue(), encoding="utf-8-sig")
        return
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "花名册"
    sheet.append(SHEET[0])
    for row in SHEET[1:]:  # the joining day an Excel date, as HR's sheets hold it
        sheet.append([datetime.date.fromisoformat(c) if i == 6 else c for i, c in enumerate(row)])
    book.save(path)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_import_people_from_a_sheet_with_the_installed_perfcode(
    installed: Path, records: Path, tmp_path: Path, suffix: str
) -> None:
    sheet = tmp_path / f"people{suffix}"
    _write_sheet(sheet)
    sunli = (records / "people/sunli.yaml").read_text(encoding="utf-8")
    ran = perfcode(installed, "import", "people", str(sheet), cwd=records)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    for line in (
        # the example speaks Chinese (language: zh), and so does the report
        "更新 people/sunli.yaml(sunli):employee_number",
        "新建 people/zhangsan.yaml(zhangsan)",
        "新建 1 项、更新 1 项;表中没有 14 项。",
        "perfcode:已写入 2 个文件。",
    ):
        assert line in ran.stdout.splitlines(), ran.stdout
    # the record edited in place (ruamel.yaml's round trip: its comment line and order kept)
    assert (records / "people/sunli.yaml").read_text(encoding="utf-8") == sunli.replace(
        "github: sunli\n", "github: sunli\nemployee_number: E0009\n"
    )
    assert yamlio.parse((records / "people/zhangsan.yaml").read_text(encoding="utf-8")) == {
        "name": "张三",
        "github": "ZhangSan",
        "employee_number": "E0101",
        "title": "销售代表",
        "department": "market",
        "manager": "sunli",
        "group": "frontline",
        "joined": "2026-12-01",  # perfcode's YAML reads days as text
    }
    checked = perfcode(installed, "validate", cwd=records)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "个文件:没有问题。" in checked.stdout


def test_export_as_a_workbook_holds_what_the_csv_holds(installed: Path, records: Path) -> None:
    ran = perfcode(
        installed, "export", "--cycle", "2026-H2", "--format", "xlsx", "-o", "pay.xlsx", cwd=records
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    text = perfcode(installed, "export", "--cycle", "2026-H2", cwd=records)
    assert text.returncode == 0, text.stderr
    rows = list(csv.reader(io.StringIO(text.stdout.removeprefix("\ufeff"))))
    book = openpyxl.load_workbook(records / "pay.xlsx", read_only=True)
    cells = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    assert len(cells) == len(rows) > 10
    for row, values in zip(rows, cells, strict=True):
        for text_value, cell in zip(row, values, strict=True):
            if isinstance(cell, int | float):  # scores and ratios are numbers in Excel
                assert float(text_value) == cell
            else:
                assert (cell or "") == text_value


def test_a_new_hire_and_every_contract_of_the_next_cycle(installed: Path, records: Path) -> None:
    hire = ["--name", "张三", "--manager", "sunli", "--department", "market"]
    hire += ["--group", "frontline", "--github", "zhangsan", "--joined", "2026-12-01"]
    for args, says in (
        (["new", "person", "zhangsan", *hire], "已写入 people/zhangsan.yaml"),
        (["new", "cycle", "2027-H1"], "已写入 cycles/2027-H1/cycle.yaml"),
        (["new", "contract", "--all", "--cycle", "2027-H1"], "已写入 15 份绩效契约"),
    ):
        ran = perfcode(installed, *args, cwd=records)
        assert ran.returncode == 0, ran.stdout + ran.stderr
        assert says in ran.stdout, ran.stdout
    assert (records / "cycles/2027-H1/contracts/zhangsan.yaml").is_file()
    checked = perfcode(installed, "validate", cwd=records)  # placeholders warn, nothing wrong
    assert checked.returncode == 0, checked.stdout + checked.stderr
