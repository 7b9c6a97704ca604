"""The package stands alone: a wheel built from this repository, installed apart from it,
runs every command on a repository that holds only records (people/ and cycles/, no
schemas/, no mkdocs.yml, no site/): what it reads of its own (schemas, templates, policy
templates) is package data.

The wheel is built offline (`pip wheel --no-build-isolation`) and installed with
`pip install --target` into a folder of its own; the commands run as `python -S -m
perfcode` with PYTHONPATH naming that folder first and this environment's site-packages
(the dependencies) after it. `-S` keeps this checkout's editable install (a .pth file)
out: the only perfcode the child can import is the wheel's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from example_org import EXAMPLE, RECORDS
from example_org import REPOSITORY as REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the wheel is installed into."""
    work = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", work / "dist", REPO],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = (work / "dist").glob("perfcode-*.whl")
    target = work / "site"
    subprocess.run(
        [*pip, "install", "--no-deps", "-q", "--target", target, wheel],
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
    ("args", "says"),
    [
        (["validate"], "个文件:没有问题。"),  # the example is a zh organisation
        (["score", "--check"], "results.yaml is up to date for 2026-H1, 2026-H2."),
        (["explain", "sunli", "--cycle", "2026-H2"], "sunli"),
        (["export", "--cycle", "2026-H2"], "cycle,person,name,status,score,grade"),
        (["status", "--cycle", "2026-H2"], "今天的日期由 people/org.yaml 固定为 2027-01-20。"),
        (["site", "--out", "public"], "built the public site"),
        (["new", "review", "sunli", "--role", "self", "--cycle", "2026-H2"], "wrote"),
        (["new", "cycle", "2027-H1"], "wrote cycles/2027-H1/cycle.yaml"),
        (["sample", "trial", "--people", "12"], ""),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, list) else None,
)
def test_every_command_runs_on_a_repository_of_records_only(
    installed: Path, records: Path, args: list[str], says: str
) -> None:
    if args[:2] == ["new", "review"]:
        (records / "cycles/2026-H2/reviews/sunli/self-sunli.yaml").unlink()
    ran = perfcode(installed, *args, cwd=records)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert says in ran.stdout + ran.stderr
    if args[0] == "sample":  # the organisation it writes validates with the shipped schemas
        checked = perfcode(installed, "validate", cwd=records / "trial")
        assert checked.returncode == 0, checked.stdout + checked.stderr
