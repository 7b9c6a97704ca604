"""Search (issue 16 §2): `perfcode site` indexes each build's own output with Pagefind, so
the public index holds only what the public pages show; perfcode's configuration has no
search plugin, and one an older mkdocs.yml names is left out. (The browser searches the
index in test_browser.py; privacy.py and test_confidential_site.py scan its files opened.)
"""

from __future__ import annotations

from pathlib import Path

import pagefind_files
import pytest
from privacy import ALL_OFF, build

from perfcode.errors import PerfcodeError
from perfcode.site import build as sitebuild

pytestmark = pytest.mark.slow

#: 孙丽's 2026-H2 values the example shows HR and, with every publication switch off, hides
#: from the public: her score, her pay ratio, her review's words, her appeal's answer
HIDDEN = ("51.85", "0.52", "客户关系维护认真", "维持原评估等级")
#: what every edition shows on her page
SHOWN = ("孙丽", "销售代表")


def _search_files(out: Path) -> dict[str, str]:
    """Every file under OUT/pagefind/, opened (gzip and Pagefind's signature), as text with
    Chinese segment marks removed."""
    folder = out / pagefind_files.FOLDER
    return {
        path.relative_to(folder).as_posix(): pagefind_files.opened(path.read_bytes())
        .decode("utf-8", errors="replace")
        .replace("\u200b", "")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("search")
    return {a: build("example", ALL_OFF, base, audience=a).out for a in ("public", "private")}


def test_public_index_holds_only_what_public_pages_show(editions: dict[str, Path]) -> None:
    public = _search_files(editions["public"])
    assert any(name.endswith(".pf_fragment") for name in public)
    for value in HIDDEN:
        assert [name for name, text in public.items() if value in text] == [], value
    page = next(
        f for f in pagefind_files.fragments(editions["public"]) if f.page == "people/sunli/"
    )
    assert all(value in page.content for value in SHOWN)
    # the same scan finds the values in HR's edition, which shows them: it would see a leak
    private = _search_files(editions["private"])
    for value in HIDDEN:
        assert any(value in text for text in private.values()), value


def test_only_the_page_content_is_indexed(editions: dict[str, Path]) -> None:
    """data-pagefind-body is on the article only: the navigation, the header and the
    footer are not in any fragment, and the 404 page is not indexed."""
    out = editions["public"]
    indexed = pagefind_files.fragments(out)
    assert "404.html" not in {f.page for f in indexed}
    home = next(f for f in indexed if f.page == "people/sunli/")
    assert "人员索引" not in home.content  # a tab of the navigation, on every page
    html = (out / "people" / "sunli" / "index.html").read_text(encoding="utf-8")
    assert html.count("data-pagefind-body") == 1
    assert '<article class="md-content__inner md-typeset" data-pagefind-body>' in html


def test_shipped_configuration_has_no_search_plugin() -> None:
    config = sitebuild.default_config(Path("."), "zh", "华信", Path("no-such-folder"))
    assert config["plugins"] == []  # MkDocs' default would be [search]
    assert not [f for f in config["theme"]["features"] if f.startswith("search.")]


@pytest.mark.parametrize(
    ("plugins", "kept"),
    [
        (None, []),
        (["search", "offline"], ["offline"]),
        (
            [{"material/search": {"separator": "[\\s]+"}}, {"offline": {"enabled": True}}],
            ["offline"],
        ),
        ({"search": {"lang": "zh"}, "offline": None}, ["offline"]),
    ],
)
def test_an_old_mkdocs_yml_naming_search_builds_with_pagefind(
    tmp_path: Path, plugins: object, kept: list[str]
) -> None:
    own: dict[str, object] = {
        "site_name": "x",
        "docs_dir": "site",
        "site_dir": "public",
        "theme": "material",
    }
    if plugins is not None:
        own["plugins"] = plugins
    (tmp_path / "site").mkdir()
    config = sitebuild._load_config(tmp_path, None, None, own)  # type: ignore[arg-type]
    assert list(config["plugins"]) == [f"material/{k}" for k in kept]
    assert config["theme"].custom_dir == str(sitebuild.THEME)
    assert config["theme"].name == "material"


def test_a_site_pagefind_cannot_index_is_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(PerfcodeError, match=r"Pagefind could not index the pages: .*html"):
        sitebuild.index_search(tmp_path)
