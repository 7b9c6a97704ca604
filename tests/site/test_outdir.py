"""Where `perfcode site` builds and what it deletes, on file systems the test builds itself
(symbolic links and hidden files, which the cli-edges scenarios cannot hold): the output
folder is perfcode's only when new, empty or marked by an earlier build; the docs folder
and the generated folders in it are real folders inside the repository. A refusal is exit
2 with one sentence, before MkDocs runs, and every file is where it was; a docs_dir or
site_dir that mkdocs.yml names outside the repository or through a link is the file's
problem (PC106, exit 1, site.config).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import faults
from perfcode.cli import main
from perfcode.io import write as fsio
from perfcode.site import build as sitebuild

BASE = Path(__file__).parents[1] / "validate" / "base"
TODAY = "2026-12-01"


def repository(root: Path) -> Path:
    shutil.copytree(BASE, root)
    (root / "site").mkdir()
    (root / "site" / "about.md").write_text("# 关于\n", encoding="utf-8")
    return root


def site(root: Path, *args: str) -> int:
    return main(["site", str(root), "--today", TODAY, *args])


def not_allowed(capsys: pytest.CaptureFixture[str], *words: str) -> None:
    """mkdocs.yml refused as a problem (PC106, exit 1) with the records' problems, on stdout."""
    out, err = capsys.readouterr()
    assert err == "" and out.startswith("mkdocs.yml:") and " PC106 " in out.splitlines()[0], out
    for word in words:
        assert word in out, out


def refused(capsys: pytest.CaptureFixture[str], *words: str) -> None:
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and err.startswith("perfcode: refusing")
    for word in words:
        assert word in err, err


def test_a_new_folder_is_built_marked_and_rebuilt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repository(tmp_path / "repo")
    out = tmp_path / "out"
    assert site(root, "--out", str(out)) == 0
    assert (out / fsio.MARKER).read_text(encoding="utf-8") == fsio.MARKER_TEXT
    assert (out / "index.html").is_file()
    (out / "stale.html").write_text("from an earlier build\n")
    assert site(root, "--out", str(out)) == 0  # its own folder: emptied and rebuilt
    assert not (out / "stale.html").exists() and (out / "index.html").is_file()
    capsys.readouterr()


def test_a_folder_holding_only_hidden_files_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repository(tmp_path / "repo")
    out = tmp_path / "gh-pages"
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (out / ".bashrc").write_text("alias ll='ls -l'\n")
    before = faults.snapshot(out)
    assert site(root, "--out", str(out)) == 2
    refused(capsys, "is not empty (it holds .bashrc, .git)", fsio.MARKER)
    assert faults.snapshot(out) == before
    (out / fsio.MARKER).write_text("")  # the user says: this folder is the site's
    assert site(root, "--out", str(out)) == 0
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"  # MkDocs keeps it
    assert (out / "index.html").is_file()
    capsys.readouterr()


@pytest.mark.parametrize("where", ["home", "parent of home"])
def test_the_home_folder_is_never_the_output_folder(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repository(tmp_path / "repo")
    home = tmp_path / "users" / "wanghongjun"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    out = home if where == "home" else home.parent
    for marked in (False, True):  # empty, and even with the marker
        if marked:
            (out / fsio.MARKER).write_text("")
        before = faults.snapshot(tmp_path / "users")
        assert site(root, "--out", str(out)) == 2
        refused(capsys, "your home folder")
        assert faults.snapshot(tmp_path / "users") == before


@pytest.mark.parametrize("link", ["people", "assets/javascripts", ".hidden", "cycles/2026-H2"])
def test_a_link_inside_the_output_folder_is_refused(
    link: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An earlier build's folder (marked) where a link was planted since: MkDocs would write
    through it into the folder it points to."""
    root = repository(tmp_path / "repo")
    out = tmp_path / "pub"
    assert site(root, "--out", str(out)) == 0
    capsys.readouterr()
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("别人的\n", encoding="utf-8")
    planted = out / link
    if planted.exists():
        shutil.rmtree(planted)
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.symlink_to(victim)
    before, built = faults.snapshot(victim), faults.snapshot(out)
    assert site(root, "--out", str(out)) == 2
    refused(capsys, f"holds a symbolic link, {link} (to {victim})")
    assert faults.snapshot(victim) == before and faults.snapshot(out) == built


def test_someone_elses_folder_outside_the_repository_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repository(tmp_path / "repo")
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents" / "合同.docx").write_bytes(b"PK")
    (home / "notes.txt").write_text("x\n")
    before = faults.snapshot(home)
    assert site(root, "--out", str(home)) == 2
    refused(capsys, "its 2 files would be deleted", fsio.MARKER)
    assert faults.snapshot(home) == before


@pytest.mark.parametrize("points_to", ["people", "cycles", "repository", "parent"])
def test_an_output_folder_that_is_a_link_is_judged_by_where_it_points(
    points_to: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repository(tmp_path / "repo")
    target = {"repository": root, "parent": tmp_path}.get(points_to, root / points_to)
    link = tmp_path / "out-link"
    link.symlink_to(target)
    before = faults.snapshot(tmp_path)
    assert site(root, "--out", str(link)) == 2
    refused(capsys, "every record" if points_to in ("repository", "parent") else points_to)
    assert faults.snapshot(tmp_path) == before


@pytest.mark.parametrize("setting", ["site_dir", "docs_dir"])
def test_mkdocs_yml_folders_through_a_link_are_refused(
    setting: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repository(tmp_path / "repo")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.md").write_text("# 别人的\n", encoding="utf-8")
    if setting == "site_dir":
        (root / "public").symlink_to(elsewhere)
        docs, out = "site", "public"
    else:
        (root / "docs").symlink_to(elsewhere)
        docs, out = "docs", "public"
    (root / "mkdocs.yml").write_text(
        f"site_name: 绩效\ndocs_dir: {docs}\nsite_dir: {out}\n", encoding="utf-8"
    )
    before = faults.snapshot(tmp_path)
    assert site(root) == 1
    not_allowed(capsys, f'{setting}: "{out if setting == "site_dir" else docs}" is a symbolic link')
    assert faults.snapshot(tmp_path) == before
    assert site(root, "--out", str(tmp_path / "out")) == 1  # the file's problem all the same
    not_allowed(capsys, "elsewhere")
    assert faults.snapshot(tmp_path) == before


def test_docs_dir_outside_the_repository_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repository(tmp_path / "repo")
    docs = tmp_path / "docs"
    (docs / "people").mkdir(parents=True)
    (docs / "people" / "someone.md").write_text("# 别人的\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: 绩效\ndocs_dir: ../docs\nsite_dir: public\n", encoding="utf-8"
    )
    assert site(root) == 1
    not_allowed(capsys, 'docs_dir: "../docs" is not a folder inside the repository')
    assert (docs / "people" / "someone.md").is_file()


@pytest.mark.parametrize("generated", ["people", "policies/generated", "index.md"])
def test_generated_places_are_cleaned_only_when_real(generated: str, tmp_path: Path) -> None:
    docs = tmp_path / "site"
    docs.mkdir()
    elsewhere = tmp_path / "records"
    elsewhere.mkdir()
    (elsewhere / "wanghongjun.yaml").write_text("name: 王红军\n", encoding="utf-8")
    link = docs / generated
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(elsewhere)
    with pytest.raises(fsio.Refused, match="symbolic link"):
        sitebuild.clear_generated(docs)
    assert (elsewhere / "wanghongjun.yaml").is_file() and link.is_symlink()


def test_a_link_on_the_way_to_a_generated_folder_is_refused(tmp_path: Path) -> None:
    docs = tmp_path / "site"
    docs.mkdir()
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "generated").mkdir(parents=True)
    (elsewhere / "generated" / "keep.md").write_text("x\n")
    (docs / "policies").symlink_to(elsewhere)
    with pytest.raises(fsio.Refused, match="policies is a symbolic link"):
        sitebuild.clear_generated(docs)
    assert (elsewhere / "generated" / "keep.md").is_file()


def test_real_generated_folders_are_cleaned(tmp_path: Path) -> None:
    docs = tmp_path / "site"
    (docs / "people" / "old").mkdir(parents=True)
    (docs / "people" / "old" / "index.md").write_text("x\n")
    (docs / "index.md").write_text("x\n")
    (docs / "about.md").write_text("hand-written\n")
    sitebuild.clear_generated(docs)
    assert sorted(p.name for p in docs.iterdir()) == ["about.md"]
