"""`perfcode init`: one folder per case under cases/ (case.yaml: the options; `today:` the
day the other commands are run on; `example: true` for --example).

Each case runs `perfcode init company ARGS` in a fresh folder and compares what it wrote
(the sorted list of files) with `expected.txt` and what it printed with `output.txt`; then
the repository it wrote must pass, as written, `perfcode validate`, `score --check`,
`codeowners --check`, `status` and a real `perfcode site` build (MkDocs, strict). The
example case's records are those the repository holds (git's list of people/, cycles/ but
signatures.yaml, the hand-written site pages and mkdocs.yml), so `expected.txt` lists the
rest. Set PERFCODE_UPDATE_EXPECTED=1 to rewrite the expected files, then read every changed
line before keeping it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from perfcode.cli import main
from perfcode.io import yaml as yamlio
from perfcode.scaffold.init import EXAMPLE_PARTS, demo_keys

HERE = Path(__file__).parent
REPO = HERE.parents[1]
CASES = sorted(p for p in (HERE / "cases").iterdir() if p.is_dir())
UPDATE = os.environ.get("PERFCODE_UPDATE_EXPECTED") == "1"

pytestmark = pytest.mark.slow


def example_records() -> set[str]:
    """The bundled example's files as git tracks them (what --example ships), from its one
    home in the package (not the repository's own records, which may be another company's)."""
    listed = subprocess.run(
        ["git", "ls-files", "--", *EXAMPLE_PARTS],
        cwd=REPO / "tooling" / "perfcode" / "scaffold" / "example",
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {p for p in listed if not p.endswith("/signatures.yaml")}


def written(root: Path) -> set[str]:
    return {
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and "public" not in p.relative_to(root).parts
    }


def compare(path: Path, actual: str) -> None:
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_init_writes_a_repository_that_works_as_written(
    case: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    spec: dict[str, Any] = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    code, output = run(capsys, "init", "company", *map(str, spec["args"]))
    assert code == 0, output
    keys = demo_keys()
    assert keys is not None and (Path(keys) / "zhaomin.agekey").is_file()
    # where the installed package holds the demo keys, as the output names them
    compare(case / "output.txt", output.replace(keys, "<perfcode>/scaffold/example/demo-keys"))
    root = tmp_path / "company"
    files = written(root)
    if spec.get("example"):
        records = example_records()
        assert records <= files
        files -= records
        assert "evidence_keys" not in yamlio.parse((root / "people/org.yaml").read_text())
        assert not list(root.glob("cycles/*/signatures.yaml"))
        # its confidential words stay sealed to the demo keys, whose private halves it
        # never writes into a company's repository
        texts = [p.read_text(encoding="utf-8") for p in root.rglob("*") if p.is_file()]
        assert any("-----BEGIN AGE ENCRYPTED FILE-----" in t for t in texts)
        assert not any("AGE-SECRET-KEY-" in t or "PRIVATE KEY-----" in t for t in texts)
    compare(case / "expected.txt", "".join(f"{p}\n" for p in sorted(files)))

    today = ["--today", str(spec["today"])] if "today" in spec else []
    for command in (["validate"], ["score", "--check"], ["codeowners", "--check"]):
        code, output = run(capsys, *command, "--root", "company")
        assert code == 0, f"{command}: {output}"
    code, output = run(capsys, "status", "--root", "company", *today)
    assert code == 0, output
    code, output = run(capsys, "site", "--root", "company", *today)
    assert code == 0, output
    names = [yamlio.parse(p.read_text(encoding="utf-8"))["name"] for p in root.glob("people/*")]
    pages = [p.read_text(encoding="utf-8") for p in (root / "public").rglob("*.html")]
    assert len(pages) > 5
    markup = [word for name in names for word in name.split() if "<" in word]
    for word in markup:  # a name's markup shows as text on every page, never as HTML
        assert not [p for p in pages if word in p], word
