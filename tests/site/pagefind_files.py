"""Pagefind's files in a built site, opened the way its own script opens them: the index,
fragment and metadata files are gzip streams that begin with `pagefind_dcd` once opened;
a fragment is one page's JSON (its URL, its text as indexed, its title), where Chinese is
segmented with zero-width spaces. The leak scanners (privacy.py, test_confidential_site.py)
read every file through `opened`, so compression never hides a value from them.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GZIP = b"\x1f\x8b"
SIGNATURE = b"pagefind_dcd"
FOLDER = "pagefind"


def opened(data: bytes) -> bytes:
    """DATA as written, or decompressed when it is a gzip stream (Pagefind's files,
    sitemap.xml.gz), without Pagefind's signature."""
    if data[:2] == GZIP:
        data = gzip.decompress(data)
    return data.removeprefix(SIGNATURE)


@dataclass(frozen=True, slots=True)
class Fragment:
    url: str  # "/people/wanghongjun/"
    title: str
    content: str  # the indexed text, segment marks removed

    @property
    def page(self) -> str:
        """The page the fragment is of, as privacy.Surface names pages ("" for home)."""
        return self.url.lstrip("/")


def fragment(data: bytes) -> Fragment:
    value: dict[str, Any] = json.loads(opened(data))
    meta = value.get("meta") or {}
    return Fragment(
        str(value["url"]),
        str(meta.get("title", "")).replace("\u200b", ""),
        str(value["content"]).replace("\u200b", ""),
    )


def fragments(out: Path) -> list[Fragment]:
    """Every page Pagefind indexed in the site built into OUT."""
    return [
        fragment(path.read_bytes())
        for path in sorted((out / FOLDER / "fragment").glob("*.pf_fragment"))
    ]
