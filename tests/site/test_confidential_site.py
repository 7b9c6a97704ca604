"""The site and confidential words (issue 15): the public edition needs no key and never
holds a confidential word, HR's private edition opens what the key given reads, and
`--audience me` builds one person's own record.

One organisation for the module: the example, every policy publishing every record with
its comments, every person given an age key, every confidential word sealed to its readers
(confidential_org). Four real builds (`perfcode site`, MkDocs included): public, private
with HR's key (zhaomin, a policy owner), private with a manager's key (heli), and sunli's
own. Every file a build writes is scanned, the theme's assets too: HTML, JavaScript, the
search index (its strings decoded), sitemap, SVG.
"""

from __future__ import annotations

import contextlib
import functools
import html
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pagefind_files
import pyrage
import pytest

from confidential_org import SealedOrg, Value, sealed_example
from perfcode.cli import main
from perfcode.io import identity as keyfiles
from perfcode.seal import age

pytestmark = pytest.mark.slow

HR = "zhaomin"  # a policy owner: reader of every word
MANAGER = "heli"  # reads their department's words, not the others'
OWNER = "sunli"  # the `me` build's
WINDOW = 8  # a word is also looked for as each run of this many characters


@dataclass(frozen=True)
class Build:
    out: Path
    code: int
    stdout: str


@dataclass(frozen=True)
class Org:
    sealed: SealedOrg
    builds: dict[str, Build]


def _site(org: SealedOrg, out: Path, *args: str) -> Build:
    said = io.StringIO()
    with contextlib.redirect_stdout(said):
        code = main(["site", str(org.root), "--out", str(out), *args])
    return Build(out, code, said.getvalue())


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Org:
    base = tmp_path_factory.mktemp("confidential-site")
    sealed = sealed_example(base)
    builds = {
        "public": _site(sealed, base / "public"),
        "hr": _site(
            sealed, base / "hr", "--audience", "private", "--identity", str(sealed.key(HR))
        ),
        "manager": _site(
            sealed,
            base / "manager",
            "--audience",
            "private",
            "--identity",
            str(sealed.key(MANAGER)),
        ),
        "me": _site(sealed, base / "me", "--audience", "me", "--identity", str(sealed.key(OWNER))),
    }
    return Org(sealed, builds)


# --- reading what a build wrote ----------------------------------------------------------


def _plain(text: str) -> str:
    """Text as a reader sees it: entities decoded, tags and the search index's segment
    marks gone, white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html.unescape(text)).replace("\u200b", "").split())


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


@dataclass(frozen=True)
class File:
    rel: str
    raw: str  # as written (gzip opened)
    text: str  # as read (`_plain`; JSON's strings decoded)


@functools.cache
def files(out: Path) -> list[File]:
    """Every file under OUT (a build's output, read once)."""
    found = []
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = pagefind_files.opened(path.read_bytes())  # gzip: sitemap.xml.gz, Pagefind's
        raw = data.decode("utf-8", errors="replace")
        text = raw
        if path.name.endswith((".json", ".json.gz")):
            text = " ".join(_strings(json.loads(raw)))
        found.append(File(path.relative_to(out).as_posix(), raw, _plain(text)))
    return found


def pieces(word: str) -> list[str]:
    """WORD as a leak would show it: whole, and each run of WINDOW characters."""
    plain = _plain(word)
    if len(plain) <= WINDOW:
        return [plain] if plain else []
    return [plain, *(plain[i : i + WINDOW] for i in range(len(plain) - WINDOW + 1))]


def clear_text(root: Path) -> str:
    """What the sealed repository itself holds in the clear (records, people, pages): a
    piece of a confidential word found there (a comment quoting its contract's measure) is
    no leak."""
    texts = (p.read_text("utf-8") for p in sorted(root.rglob("*")) if p.suffix in (".yaml", ".md"))
    return _plain(" ".join(texts))


def leaks(out: Path, secret: Iterable[Value], allowed: str) -> list[str]:
    """Where a piece of a SECRET word is in a file under OUT (pieces ALLOWED holds aside)."""
    written = files(out)
    found = []
    for value in secret:
        for piece in pieces(value.text):
            if piece in allowed:
                continue
            for file in written:
                if piece in file.text:
                    found.append(f"{file.rel}: {piece!r} of {value.path} {value.field}")
                    break
    return found


def shown(out: Path, value: Value, page: str | None = None) -> bool:
    word = _plain(value.text)
    return any(word in f.text for f in files(out) if page is None or f.rel == page)


def _all_keys(org: SealedOrg) -> list[age.Identity]:
    found: list[age.Identity] = []
    for path in sorted(org.keys.glob("*.agekey")):
        found += keyfiles.load(path, ask=False).secrets
    return found


# --- the public edition --------------------------------------------------------------------


def test_the_public_build_holds_no_confidential_word(org: Org) -> None:
    build = org.builds["public"]
    assert build.code == 0, build.stdout
    assert "confidential words" not in build.stdout  # nothing opened, nothing to count
    keys = _all_keys(org.sealed)
    words = org.sealed.values
    assert len(words) > 200  # every kind of record: reviews, check-ins, plans, appeals…
    for value in words:  # what was sealed is what the keys open
        assert age.open_(value.armor, keys) == value.text, value
    allowed = clear_text(org.sealed.root)
    assert leaks(build.out, words, allowed) == []
    # the scan is shown to see: HR's edition, scanned the same way, holds the words
    assert len(leaks(org.builds["hr"].out, words, allowed)) > len(words) // 2
    written = files(build.out)
    for value in words:  # and no ciphertext, whole or a line of it
        body = [line for line in value.armor.splitlines() if len(line) >= 40]
        for file in written:
            assert "BEGIN AGE ENCRYPTED FILE" not in file.raw, file.rel
            assert not any(line in file.raw for line in body), file.rel
    # where the policy publishes words, the page says they are encrypted
    page = next(f for f in written if f.rel == f"people/{OWNER}/index.html")
    assert "🔒 已加密" in page.text


def test_the_public_build_opens_nothing_even_when_given_a_key(org: Org) -> None:
    said = io.StringIO()
    with contextlib.redirect_stdout(said):
        code = main(["site", str(org.sealed.root), "--identity", str(org.sealed.key(HR))])
    assert code == 2


# --- HR's private edition --------------------------------------------------------------------


def test_the_private_build_with_hrs_key_shows_every_word(org: Org) -> None:
    build = org.builds["hr"]
    assert build.code == 0, build.stdout
    words = org.sealed.values
    assert f"confidential words: {len(words)} opened with " in build.stdout
    assert ", 0 still encrypted" in build.stdout
    missing = [f"{v.path} {v.field}" for v in words if _plain(v.text) and not shown(build.out, v)]
    assert missing == []
    home = next(f for f in files(build.out) if f.rel == "index.html")
    assert f"用此密钥打开的机密文字:{len(words)} 处;仍加密" in home.text


def test_the_private_build_with_another_key_shows_only_that_keys_words(org: Org) -> None:
    build = org.builds["manager"]
    assert build.code == 0, build.stdout
    readable = org.sealed.readable_by(MANAGER)
    unreadable = org.sealed.unreadable_by(MANAGER)
    assert readable and unreadable
    assert f"{len(readable)} opened with " in build.stdout
    assert f"{len(unreadable)} still encrypted" in build.stdout
    assert [v for v in readable if _plain(v.text) and not shown(build.out, v)] == []
    # what this key reads may say what an unreadable value says too (a check-in's stock note)
    allowed = clear_text(org.sealed.root) + " ".join(_plain(v.text) for v in readable)
    assert leaks(build.out, unreadable, allowed) == []


# --- a person's own record ------------------------------------------------------------------


def test_the_me_build_is_the_owners_page_with_their_words(org: Org) -> None:
    build = org.builds["me"]
    assert build.code == 0, build.stdout
    assert f"built {OWNER}'s own site" in build.stdout
    people = sorted(f.rel for f in files(build.out) if f.rel.startswith("people/"))
    assert people == ["people/index.html", f"people/{OWNER}/index.html"]
    mine = [v for v in org.sealed.readable_by(OWNER) if v.about == OWNER]
    assert mine
    page = f"people/{OWNER}/index.html"
    assert [v for v in mine if _plain(v.text) and not shown(build.out, v, page)] == []
    # nothing of anyone else's words, not even those the owner's key reads (a peer review
    # they wrote): only their own record is written
    others = [v for v in org.sealed.values if v.about != OWNER]
    allowed = clear_text(org.sealed.root) + " ".join(_plain(v.text) for v in mine)
    assert leaks(build.out, others, allowed) == []


def test_the_me_build_needs_a_key_that_is_someones(org: Org, tmp_path: Path) -> None:
    stranger = tmp_path / "stranger.agekey"
    stranger.write_text(f"{pyrage.x25519.Identity.generate()}\n", encoding="utf-8")
    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
        assert main(["site", str(org.sealed.root), "--audience", "me"]) == 2
        assert (
            main(["site", str(org.sealed.root), "--audience", "me", "--identity", str(stranger)])
            == 2
        )
    assert "this key is no one's in people/" in said.getvalue()


def test_no_opened_word_stays_in_the_docs_folder(org: Org) -> None:
    """After the private and `me` builds, the repository's own docs folder holds none of the
    words they opened: a plain `mkdocs build` there would publish them."""
    docs = org.sealed.root / "site"
    written = [p for p in sorted(docs.rglob("*.md")) if p.is_file()]
    held = " ".join(p.read_text("utf-8") for p in written)
    allowed = clear_text(org.sealed.root)
    found = [
        value.path
        for value in org.sealed.values
        if len(value.text) >= WINDOW and value.text in held and value.text not in allowed
    ]
    assert found == []
