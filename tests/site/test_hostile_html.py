"""The hostile organisation's built site, read as HTML without a browser: whatever a record
holds, every page of both audiences has only the theme's own scripts, no event-handler
attribute, no image or frame, no `javascript:` address and nothing loaded from another
host; the `<title>`, the header and the search index hold the text as typed. (The browser
test, test_browser.py, loads the same pages in Chromium.)
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import material
import pagefind_files
import pytest
from hostile import AUDIENCES, PAYLOADS, PWNED, HostileBuild

from perfcode.io import yaml as yamlio

pytestmark = pytest.mark.slow

#: elements the theme never writes and a payload would
FOREIGN = {"img", "iframe", "object", "embed", "frame", "base", "video", "audio"}


class Page(HTMLParser):
    """What a page holds that could run or load something, and its visible titles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self.h1: list[str] = []
        self.site_name = ""  # the header's first topic
        self._topic = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts.append((dict(attrs), ""))
        if tag == "h1":
            self.h1.append("")
        if ("class", "md-header__topic") in attrs:
            self._topic += 1
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop() == tag:
                break

    def handle_data(self, data: str) -> None:
        where = self.stack[-1] if self.stack else ""
        if where == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif where == "title" and "svg" not in self.stack:
            self.title += data
        if "h1" in self.stack and "article" in self.stack:
            self.h1[-1] += data
        if self._topic == 1 and "span" in self.stack and "header" in self.stack:
            self.site_name += data


def _parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _record(build: HostileBuild, path: str) -> dict[str, object]:
    data = yamlio.parse((build.root / path).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _pages(build: HostileBuild, audience: str) -> list[Path]:
    pages = sorted(build.out[audience].rglob("*.html"))
    assert len(pages) > 20 and (build.out[audience] / "404.html") in pages
    return pages


@pytest.mark.parametrize("audience", AUDIENCES)
def test_nothing_from_a_record_can_run_or_load(hostile_build: HostileBuild, audience: str) -> None:
    for path in _pages(hostile_build, audience):
        page = _parse(path)
        where = path.relative_to(hostile_build.out[audience]).as_posix()
        for attrs, text in page.scripts:
            src = attrs.get("src")
            if src is not None:
                assert re.fullmatch(  # the theme's script and Pagefind's search box
                    r"(\.\./|/)*(assets/javascripts/bundle\.\w+\.min|pagefind/pagefind-ui)\.js", src
                ), where
            assert PWNED not in text and "alert(" not in text, where
        for tag, attrs in page.tags:
            assert tag not in FOREIGN, (where, tag, attrs)
            for name, value in attrs.items():
                assert not name.startswith("on"), (where, tag, name)
                if name in ("src", "href", "action", "formaction", "xlink:href", "data"):
                    assert value is not None
                    address = value.strip().lower()
                    assert not address.startswith(("javascript:", "data:", "vbscript:")), where
                    assert "203.0.113.1" not in address, where
                    if name != "href" or tag == "link":  # a link may lead out; loads may not
                        assert "//" not in address, (where, tag, name, value)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_titles_and_site_name_show_the_text_as_typed(
    hostile_build: HostileBuild, audience: str
) -> None:
    org = _collapse(str(_record(hostile_build, "people/org.yaml")["name"]))
    assert PAYLOADS[0] in org  # the `</title>` breakout
    out = hostile_build.out[audience]
    for path in _pages(hostile_build, audience):
        page = _parse(path)
        assert _collapse(page.title).endswith(org), path
        assert _collapse(page.site_name) == org, path
    for person in ("liuyang", "sunli"):
        name = _collapse(str(_record(hostile_build, f"people/{person}.yaml")["name"]))
        page = _parse(out / "people" / person / "index.html")
        assert _collapse(page.title) == f"{name} - {org}"
        assert [_collapse(h) for h in page.h1] == [name]
    cycle = _record(hostile_build, "cycles/2026-H2/cycle.yaml")
    title = _collapse(str(cycle["title"]))
    page = _parse(out / "policies" / "generated" / "2026-H2" / "index.html")
    assert _collapse(page.title) == f"{title} - {org}"
    home = _parse(out / "index.html")
    assert _collapse(home.title) == org and [_collapse(h) for h in home.h1] == [org]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_search_index_holds_text_not_markup(hostile_build: HostileBuild, audience: str) -> None:
    """Pagefind keeps the text a reader sees of each page's content: a payload is in a
    fragment as the characters typed (an element the page had made would have left no text
    there, an entity would have been decoded)."""
    found: set[str] = set()
    indexed = pagefind_files.fragments(hostile_build.out[audience])
    assert indexed
    for page in indexed:
        for value in (page.title, page.content):
            found.update(p for p in PAYLOADS if p in value)  # the text, as shown
    assert found == set(PAYLOADS)  # every payload is in the index, as text


#: every place Material's templates (those a perfcode site uses) print a title, the site
#: name, page metadata or a description; what render.front_matter and
#: sitebuild.default_config make safe (see render's docstring). A theme upgrade that adds,
#: removes or re-filters one fails here: read the new template before updating this list.
THEME_PRINTS = {
    ("base.html", "config.site_author"),
    ("base.html", "config.site_description"),
    ("base.html", "config.site_name"),
    ("base.html", "page.meta.author"),
    ("base.html", "page.meta.description"),
    ("base.html", "page.meta.title"),
    ("base.html", "page.title | striptags"),
    ("partials/content.html", "page.title | d(config.site_name, true)"),
    ("partials/footer.html", "page.next_page.title"),
    ("partials/footer.html", "page.next_page.title | e"),
    ("partials/footer.html", "page.previous_page.title"),
    ("partials/footer.html", "page.previous_page.title | e"),
    ("partials/header.html", "config.site_name"),
    ("partials/header.html", "config.site_name | e"),
    ("partials/header.html", "page.meta.title"),
    ("partials/header.html", "page.title"),
    ("partials/nav-item.html", "nav_item.title"),
    ("partials/nav-item.html", "nav_item.typeset.title"),
    ("partials/nav.html", "config.site_name"),
    ("partials/nav.html", "config.site_name | e"),
    ("partials/path-item.html", "nav_item.title"),
    ("partials/tabs-item.html", "ref.title"),
    ("partials/toc-item.html", "toc_item.title"),
    ("partials/toc-item.html", "toc_item.title | striptags | e"),
    ("partials/toc-item.html", "toc_item.typeset.title"),
    ("partials/toc.html", "title"),
    ("partials/toc.html", "title | e"),
}
USED = ("base.html", "main.html", "404.html", "partials/")
UNUSED = ("partials/consent.html", "partials/feedback.html", "partials/social.html")
UNUSED += ("partials/source-file.html", "partials/post.html", "partials/integrations/")


def test_the_theme_prints_titles_where_render_expects() -> None:
    templates = Path(material.__file__).parent / "templates"
    found = set()
    for path in templates.rglob("*.html"):
        name = path.relative_to(templates).as_posix()
        if not name.startswith(USED) or name.startswith(UNUSED):
            continue
        for expression in re.findall(r"\{\{(.*?)\}\}", path.read_text(encoding="utf-8"), re.S):
            printed = " ".join(expression.split())
            if re.search(r"site_name|\btitle\b|page\.meta|site_description|site_author", printed):
                found.add((name, printed))
    assert found == THEME_PRINTS
