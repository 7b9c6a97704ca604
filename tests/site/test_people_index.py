"""The A–Z index of people in pages of bounded size (`render.people_index`).

An organisation bigger than one index page (`Options.people_per_page`, else
`render.PEOPLE_PER_PAGE`) gets people/index.md linking pages of at most that many people,
each person on exactly one of them: no page grows with the organisation (Zensical refuses
a page whose search text is over its limit). A smaller one keeps its one page.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from perfcode.check import check_repository
from perfcode.model import Repository
from perfcode.scaffold import sample
from perfcode.score import CycleResult, score_all
from perfcode.site import build as sitebuild
from perfcode.site import pages as render

TODAY = "2027-01-20"
PEOPLE = 30
LINK = re.compile(r"\]\(([^)#]+)\)")


@pytest.fixture(scope="module")
def scored(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Repository, dict[str, CycleResult]]:
    root = tmp_path_factory.mktemp("people-index")
    sample.write(root, people=PEOPLE, seed=1)
    checked = check_repository(root)
    assert not checked.failed
    return root, checked.repository, score_all(checked.repository)


def _index_pages(pages: dict[str, str]) -> dict[str, str]:
    return {p: text for p, text in pages.items() if p.startswith("people/a-z_")}


def _targets(page: str, text: str) -> list[str]:
    """The pages PAGE's Markdown links point to, relative to the docs folder."""
    return [posixpath.normpath(posixpath.join("people", t)) for t in LINK.findall(text)]


def test_a_big_organisation_gets_index_pages_of_bounded_size(
    scored: tuple[Path, Repository, dict[str, CycleResult]],
) -> None:
    _, repo, results = scored
    pages = render.render_site(repo, results, render.Options(today=TODAY, people_per_page=12))
    parts = _index_pages(pages)
    assert sorted(parts) == [
        "people/a-z_p_1.md",
        "people/a-z_p_2.md",
        "people/a-z_p_3.md",
    ]
    listed: list[str] = []
    for path, text in parts.items():
        people = [t for t in _targets(path, text) if t.startswith("people/p")]
        assert 1 <= len(people) <= 12, path
        listed += people
        assert "people/index.md" in _targets(path, text), f"{path} links back to the index"
    assert sorted(listed) == sorted(render.person_page(p) for p in repo.people)
    assert len(listed) == len(set(listed)), "every person is on exactly one index page"
    index = pages[render.PEOPLE]
    assert _targets(render.PEOPLE, index) == sorted(parts)
    assert "- [p00000 – p00011](a-z_p_1.md) (12)" in index
    assert "- [p00024 – p00029](a-z_p_3.md) (6)" in index
    assert all(
        t in pages for p, text in parts.items() for t in _targets(p, text) if "teams" not in t
    )


def test_a_small_organisation_keeps_one_index_page(
    scored: tuple[Path, Repository, dict[str, CycleResult]],
) -> None:
    _, repo, results = scored
    pages = render.render_site(repo, results, render.Options(today=TODAY))
    assert PEOPLE <= render.PEOPLE_PER_PAGE
    assert not _index_pages(pages)
    people = [t for t in _targets(render.PEOPLE, pages[render.PEOPLE]) if t.startswith("people/p")]
    assert people == [render.person_page(p) for p in sorted(repo.people)]


def test_index_pages_build_with_mkdocs_strict(
    scored: tuple[Path, Repository, dict[str, CycleResult]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    root, repo, results = scored
    monkeypatch.setattr(render, "PEOPLE_PER_PAGE", 12)
    built = sitebuild.build_scored(
        root, repo, results, out=tmp_path / "public", audience="public", today=TODAY
    )
    for number, first in ((1, "p00000"), (2, "p00012"), (3, "p00024")):
        page = built.out / "people" / f"a-z_p_{number}" / "index.html"
        assert f'href="../{first}/"' in page.read_text(encoding="utf-8")
    index = (built.out / "people" / "index.html").read_text(encoding="utf-8")
    assert 'href="a-z_p_1/"' in index
