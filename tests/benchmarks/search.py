"""Benchmark: search on the site, Pagefind (what `perfcode site` builds) against Material's
search plugin (what it built before) on the same pages, in one run, in real Chromium.

For each size (`perfcode sample` organisations, default 2,000 and 5,000 people): write the
sample, score it, build the public site with `perfcode site`'s builder (mkdocs without a
search plugin, then Pagefind indexing the output), then build the SAME generated pages again
with the old configuration (Material's `search` plugin, its separator and search features, no
perfcode theme override) into a second folder. Serve both on 127.0.0.1 and, in alternating
rounds with a fresh browser context each (nothing cached), open a person's page and type a
query at once (a person's name, then a department's name), timing from the page's load to
the first result shown. Prints per size:
  (1) first result, median of the rounds: Pagefind vs Material (target: Pagefind <= 1 s)
  (2) the largest single file the browser fetched to search, and the total fetched for the
      query (target: no file > 1 MB)
  (3) Pagefind's indexing time vs mkdocs build (no plugin), and mkdocs with Material's plugin

    python tests/benchmarks/search.py [--sizes 2000 5000] [--rounds 3] [--seed 1]
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
from sample_site import built_sample
from static_server import serve

from perfcode.io import yaml as yamlio
from perfcode.site import build as sitebuild

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
TODAY = "2027-01-20"
#: Material's search plugin as perfcode configured it before Pagefind
MATERIAL_PLUGINS = [{"search": {"separator": r"[\s\u200b\u3000\-、。，．？！；]+"}}]
MATERIAL_FEATURES = ["search.suggest", "search.highlight"]
#: what the browser fetches to search, per variant (Material's worker, its one index)
SEARCH_FILES = ("/pagefind/", "/search/", "workers/search")


_serve = contextlib.contextmanager(serve)


def _material_build(root: Path, out: Path, language: str, name: str) -> float:
    """mkdocs build of ROOT's generated pages with Material's search plugin (the old way)."""
    from markupsafe import Markup
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    settings = sitebuild.default_config(root, language, name, root / "site")
    settings["plugins"] = copy.deepcopy(MATERIAL_PLUGINS)  # MkDocs edits what it is given
    settings["theme"]["features"] = [*settings["theme"]["features"], *MATERIAL_FEATURES]
    config = load_config(
        io.StringIO("{}"),
        config_file_path=str(root / "mkdocs.yml"),
        **{**settings, "site_dir": str(out), "strict": True},
    )
    config["site_name"] = Markup(config["site_name"])
    started = time.perf_counter()
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    return time.perf_counter() - started


def _first_result(
    browser: Any, base: str, page_path: str, query: str, pagefind: bool
) -> dict[str, Any]:
    """Open BASE+PAGE_PATH in a fresh context, type QUERY as soon as the page has loaded;
    seconds to the first result shown, and the search files fetched (url -> bytes)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    fetched: dict[str, int] = {}

    def response(r: Any) -> None:
        if any(part in r.url for part in SEARCH_FILES):
            with contextlib.suppress(Exception):
                fetched[r.url] = len(r.body())

    context.on("response", response)
    page = context.new_page()
    page.goto(base + page_path, wait_until="load")
    started = time.perf_counter()
    if pagefind:
        box = page.locator("input.pagefind-ui__search-input")
        box.click()  # as a person does (Pagefind starts loading its engine on focus)
        box.fill(query)
        page.locator(".pagefind-ui__result-link").first.wait_for(state="visible", timeout=120000)
    else:
        page.locator(".md-search__input").first.click()
        page.wait_for_function(  # the worker has built its index ("键入以开始搜索")
            "() => { const m = document.querySelector('.md-search-result__meta');"
            " return m && !/初始化|Initializing/.test(m.textContent); }",
            timeout=120000,
        )
        box = page.locator("input.md-search__input")
        box.fill(query)
        box.press("End")
        try:
            page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=30000)
        except PlaywrightTimeout:  # Material's segmentation does not find every word
            context.close()
            return {"seconds": float("nan"), "fetched": fetched}
    seconds = time.perf_counter() - started
    page.wait_for_timeout(300)  # responses still being read
    context.close()
    return {"seconds": seconds, "fetched": fetched}


def _queries(root: Path) -> tuple[str, str, str]:
    """A person's page, the person's name and a department's name, from the sample."""
    people = sorted((root / "people").glob("*.yaml"))
    org = yamlio.parse((root / "people" / "org.yaml").read_text(encoding="utf-8"))
    person = next(p for p in people[len(people) // 2 :] if p.stem != "org")
    record = yamlio.parse(person.read_text(encoding="utf-8"))
    department = org["departments"][len(org["departments"]) // 2]["name"]
    return f"people/{person.stem}/", str(record["name"]), str(department)


def run(people: int, seed: int, rounds: int, scratch: Path, browser: Any) -> None:
    root = scratch / f"org-{people}"
    repository, built = built_sample(root, people, seed, root / "pagefind-site", TODAY)
    org = repository.org
    assert org is not None
    material_seconds = _material_build(root, root / "material-site", org.language, org.name)
    page_path, name, department = _queries(root)
    print(f"\n{people:,} people ({built.pages:,} pages; queries {name!r}, {department!r})")
    print(
        f"  (3) Pagefind indexing {built.search_seconds:.1f} s"
        f" vs mkdocs build {built.mkdocs_seconds:.1f} s"
        f" = {built.search_seconds / built.mkdocs_seconds:.2f}; mkdocs with Material's search"
        f" plugin {material_seconds:.1f} s = {material_seconds / built.mkdocs_seconds:.2f}x"
    )
    with _serve(built.out) as pagefind_base, _serve(root / "material-site") as material_base:
        for query in (name, department):
            times: dict[str, list[float]] = {"pagefind": [], "material": []}
            files: dict[str, dict[str, int]] = {"pagefind": {}, "material": {}}
            for i in range(rounds):
                order = ("pagefind", "material") if i % 2 == 0 else ("material", "pagefind")
                for variant in order:
                    base = pagefind_base if variant == "pagefind" else material_base
                    got = _first_result(browser, base, page_path, query, variant == "pagefind")
                    times[variant].append(got["seconds"])
                    files[variant] = got["fetched"]  # the same every round: no cache
            pf, mt = (statistics.median(times[v]) for v in ("pagefind", "material"))
            print(f"  query {query!r}:")
            if mt != mt:  # NaN: no result
                versus = "Material found nothing within 30 s"
            else:
                versus = f"Material {mt:.2f} s (Material / Pagefind = {mt / pf:.1f}x)"
            rounds_shown = ", ".join(f"{s:.2f}" for s in times["pagefind"])
            print(
                f"    (1) first result: Pagefind {pf:.2f} s (rounds {rounds_shown}) vs {versus};"
                " target Pagefind <= 1 s"
            )
            for variant in ("pagefind", "material"):
                fetched = files[variant]
                largest = max(fetched.items(), key=lambda kv: kv[1], default=("-", 0))
                print(
                    f"    (2) {variant}: {len(fetched)} files, {sum(fetched.values()) / 1e6:.2f} MB"
                    f" in all, largest {largest[1] / 1e6:.3f} MB"
                    f" ({largest[0].split('/', 3)[-1]}) (target <= 1 MB)"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 5000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with (
        tempfile.TemporaryDirectory(prefix="perfcode-search-bench-") as tmp,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for people in args.sizes:
                run(people, args.seed, args.rounds, Path(tmp), browser)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
