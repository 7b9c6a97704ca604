"""mkdocs.yml is checked before MkDocs sees it (PC106): one folder per hostile file under
config/ (case.yaml says what it is about; files/ is copied over a fresh copy of
tests/validate/base, a small organisation of its own, with a hand-written page).

`perfcode site` and `perfcode validate` each report every refused setting at its line and
column, exit 1, and build nothing: their output equals expected-site.txt and
expected-validate.txt. Nothing mkdocs.yml names runs: the cases' hooks and commands leave a
file HOOK-RAN where they run, and none is there afterwards; for the cases marked
`mkdocs_runs_it`, MkDocs' own reader run on the same file does leave it (the mark is live).

Set PERFCODE_UPDATE_EXPECTED=1 to rewrite the expected files; read every changed line.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from perfcode.cli import main
from perfcode.scaffold import init
from perfcode.site import build as sitebuild
from perfcode.site import config as siteconfig

HERE = Path(__file__).parent
BASE = HERE.parent / "validate" / "base"
CASES = sorted(p for p in (HERE / "config").iterdir() if p.is_dir())
UPDATE = os.environ.get("PERFCODE_UPDATE_EXPECTED") == "1"
TODAY = "2026-12-01"
MARK = "HOOK-RAN"


def _spec(case: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    return data


def _repository(case: Path, root: Path) -> Path:
    shutil.copytree(BASE, root)
    (root / "site").mkdir()
    (root / "site" / "about.md").write_text("# 关于\n", encoding="utf-8")
    shutil.copytree(case / "files", root, dirs_exist_ok=True)
    return root


def _compare(case: Path, name: str, actual: str) -> None:
    expected = case / name
    if UPDATE:
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hostile_mkdocs_yml_is_refused_before_mkdocs_runs(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _spec(case)["about"]
    root = _repository(case, tmp_path / "repo")
    monkeypatch.chdir(root)  # where a command in the file would leave its mark
    out = tmp_path / "out"
    assert main(["site", str(root), "--out", str(out), "--today", TODAY]) == 1
    site = capsys.readouterr()
    assert site.err == ""
    _compare(case, "expected-site.txt", site.out.replace(str(tmp_path), "{tmp}"))
    assert main(["validate", str(root)]) == 1
    validate = capsys.readouterr()
    _compare(case, "expected-validate.txt", validate.out.replace(str(tmp_path), "{tmp}"))
    refused = [line for line in site.out.splitlines() if line.startswith("mkdocs.yml:")]
    assert refused and all(" PC106 " in line for line in refused)
    assert refused == [line for line in validate.out.splitlines() if line.startswith("mkdocs.yml:")]
    assert not out.exists() and not (root / "public").exists()
    assert not (root / MARK).exists()
    assert not (root / "site" / "index.md").exists()  # not even the pages were written


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if _spec(c).get("mkdocs_runs_it")],
    ids=[c.name for c in CASES if _spec(c).get("mkdocs_runs_it")],
)
def test_mkdocs_own_reader_would_have_run_it(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: the mark the test above looks for is left when MkDocs reads the file."""
    from mkdocs import exceptions
    from mkdocs.config import load_config

    root = _repository(case, tmp_path / "repo")
    monkeypatch.chdir(root)
    # the rest of the file may be refused; what matters is what ran while reading it
    with contextlib.suppress(exceptions.Abort, exceptions.ConfigurationError):
        load_config(str(root / "mkdocs.yml"), strict=True)
    assert (root / MARK).exists()


def _shipped() -> dict[str, str]:
    """The mkdocs.yml files perfcode writes or ships, and its default configuration."""
    from importlib.resources import files

    default = sitebuild.default_config(Path("."), "zh", "华信 & Co", Path("no-such-folder"))
    return {
        "example": (files("perfcode.scaffold") / "example" / "mkdocs.yml").read_text("utf-8"),
        "init zh": init.site_configuration("华信科技", "zh"),
        "init en": init.site_configuration("Acme & Co", "en"),
        "default": yaml.safe_dump(default, allow_unicode=True, sort_keys=False),
    }


@pytest.mark.parametrize("name", list(_shipped()))
def test_perfcodes_own_configurations_pass_and_are_read_as_mkdocs_reads_them(name: str) -> None:
    """Every plugin, extension and setting perfcode itself uses is allowed, and the values
    handed to MkDocs are the ones MkDocs' own reader finds in the file."""
    text = _shipped()[name]
    vetted = siteconfig.vet(text)
    assert vetted.problems == []
    assert vetted.config is not None
    from mkdocs.utils.yaml import yaml_load

    assert vetted.config == yaml_load(io.StringIO(text))


def test_allowed_plugins_and_options_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mkdocs.yml that uses what perfcode allows (offline, search's separator, toc's
    options, Material's data settings) builds, from the checked values. The search plugin
    an older mkdocs.yml names is accepted and left out: the site is searched with
    Pagefind (its index beside the pages, its box in the header), not Material's index."""
    root = _repository(CASES[0], tmp_path / "repo")
    (root / "h.py").unlink(missing_ok=True)
    (root / "mkdocs.yml").write_text(
        "site_name: 绩效 (自定义)\n"
        "docs_dir: site\n"
        "site_dir: public\n"
        "theme:\n  name: material\n  language: zh\n  font: false\n"
        "plugins:\n  - material/search:\n      separator: '[\\s\\-]+'\n  - offline\n"
        "markdown_extensions:\n  - tables\n  - toc:\n      permalink: true\n"
        "extra:\n  generator: false\n",
        encoding="utf-8",
    )
    assert main(["site", str(root), "--today", TODAY]) == 0
    assert capsys.readouterr().out.startswith("built the public site")
    page = (root / "public" / "index.html").read_text(encoding="utf-8")
    assert "绩效 (自定义)" in page
    assert not (root / "public" / "search").exists()  # no Material search index
    assert (root / "public" / "pagefind" / "pagefind-entry.json").is_file()
    assert 'id="pc-search"' in page and "pagefind/pagefind-ui.js" in page
