"""`perfcode site`: validate, score, render the pages into the docs folder, run `mkdocs build`.

The edge of the site pipeline: this module writes the generated pages (only into the
generated, gitignored places of the docs folder) and runs MkDocs through its Python API.
The pages themselves come from `render` (pure).
"""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from perfcode.errors import EXIT_PROBLEMS, PerfcodeError
from perfcode.i18n import Labels
from perfcode.io import files
from perfcode.io import write as fsio
from perfcode.model import Repository
from perfcode.problems import Problem, has_errors
from perfcode.score import CycleResult
from perfcode.seal.open import conceal_plain
from perfcode.site import config as siteconfig
from perfcode.site import pages as render

#: what `perfcode site` owns inside the docs folder (also in .gitignore); nothing else is touched
GENERATED = ("index.md", "people", "teams", "cycles", "policies/generated")
#: hand-written pages the generated ones link to when they exist
HANDWRITTEN = (render.PRINCIPLES, render.ABOUT)
EXTRA_CSS = "stylesheets/extra.css"
#: perfcode's override of the Material theme (theme.custom_dir): Pagefind's search box in the
#: header, and only the page's content marked for indexing (`data-pagefind-body`)
THEME = Path(__file__).with_name("theme")
#: the folder Pagefind writes into the built site: its index, fragments and UI
SEARCH = "pagefind"
#: the plugins perfcode leaves out of a repository's mkdocs.yml: MkDocs' and Material's
#: search (one index the browser downloads whole), replaced by Pagefind's
DROPPED_PLUGINS = frozenset({"search", "material/search"})


def _cannot_build(reason: str) -> PerfcodeError:
    """The site could not be built for a reason the user can fix (config, MkDocs warnings)."""
    return PerfcodeError(f"the site could not be built: {reason}", exit_code=EXIT_PROBLEMS)


@dataclass(frozen=True, slots=True)
class Keyed:
    """The scored repository with the words the builder's key opens (`seal.open`): the
    private and `me` editions only; the public edition never opens anything."""

    repository: Repository
    results: dict[str, CycleResult]
    opened: int  # sealed values opened
    sealed: int  # and left sealed (not to this key)


@dataclass(frozen=True, slots=True)
class Built:
    pages: int
    generation_seconds: float  # render + write the Markdown pages
    mkdocs_seconds: float  # mkdocs build
    out: Path
    search_seconds: float = 0.0  # Pagefind indexing the built pages
    searched: int = 0  # pages Pagefind indexed


def default_config(root: Path, language: str, org_name: str, docs: Path) -> dict[str, Any]:
    """The MkDocs configuration used when ROOT has no mkdocs.yml of its own.

    `site_name` is the organisation's name as HTML (escaped): Material prints it unfiltered
    in `<title>` (every page, 404.html included), the header, the navigation's title and
    two `aria-label` attributes, and with `| e` in two `title` attributes (`_load_config`
    marks it as markup, so `| e` leaves it as it is). See `render.front_matter`.
    """
    t = Labels(language)
    nav: list[Any] = [{t("home"): "index.md"}]
    policies: list[Any] = ["policies/generated/index.md"]
    if (docs / render.PRINCIPLES).is_file():
        policies.append({t("principles"): render.PRINCIPLES})
    nav.append({t("policies"): policies})
    nav.append({t("dashboards"): "cycles/index.md"})
    nav.append({t("teams"): "teams/index.md"})
    nav.append({t("people_index"): "people/index.md"})
    if (docs / render.ABOUT).is_file():
        nav.append({t("about"): render.ABOUT})
    config: dict[str, Any] = {
        "site_name": render.html_title(org_name) or "perfcode",
        "docs_dir": "site",
        "site_dir": "public",
        "theme": {
            "name": "material",
            "language": language,
            "font": False,
            "features": [
                "navigation.tabs",
                "navigation.indexes",
                "toc.follow",
            ],
        },
        "plugins": [],  # not MkDocs' default (`search`): perfcode searches with Pagefind
        "markdown_extensions": ["tables", "attr_list", "md_in_html", "admonition", "toc"],
        "nav": nav,
    }
    if (docs / EXTRA_CSS).is_file():
        config["extra_css"] = [EXTRA_CSS]
    return config


def _load_config(root: Path, out: Path | None, repo: Repository, own: dict[str, Any] | None) -> Any:
    """MkDocs' configuration from OWN (mkdocs.yml's checked values, `siteconfig.check`) or,
    without one, from `default_config`: handed over as values, so MkDocs never reads a
    file (its own reader would run what a YAML tag names)."""
    from markupsafe import Markup
    from mkdocs.config import load_config

    overrides: dict[str, Any] = {"strict": True}
    if out is not None:
        overrides["site_dir"] = str(out.resolve())
    if own is None:
        (root / "site").mkdir(exist_ok=True)
        language = repo.org.language if repo.org is not None else "zh"
        name = repo.org.name if repo.org is not None else ""
        settings = default_config(root, language, name, root / "site")
    else:
        settings = own
    settings = {
        **settings,
        "theme": _with_override(settings.get("theme")),
        "plugins": _without_search(settings.get("plugins")),
    }
    # an empty file for MkDocs to read; the settings come in as values (mkdocs.yml's names
    # are MkDocs' own, `siteconfig.DATA_SETTINGS`, none of them load_config's parameters)
    config = load_config(
        io.StringIO("{}"),
        config_file_path=str((root / siteconfig.PATH).resolve()),
        **{**settings, **overrides},
    )
    if own is None:  # escaped by default_config: markup, so that `| e` does not escape it twice
        config["site_name"] = Markup(config["site_name"])
    return config


def _with_override(theme: Any) -> dict[str, Any]:
    """THEME (mkdocs.yml's `theme:`, a name or its settings) with perfcode's templates
    (`THEME`) over Material's; `siteconfig` refuses a custom_dir of the repository's."""
    settings: dict[str, Any] = dict(theme) if isinstance(theme, dict) else {"name": theme}
    if settings.get("name") is None:
        settings["name"] = "material"
    return {**settings, "custom_dir": str(THEME)}


def _without_search(plugins: Any) -> list[Any] | dict[str, Any]:
    """PLUGINS (mkdocs.yml's `plugins:`, in either form MkDocs reads; `siteconfig` allows
    `search` and `offline`) without the search plugin: an old mkdocs.yml that names it
    still builds, searched with Pagefind. Never absent: MkDocs' default is `[search]`."""
    if isinstance(plugins, dict):
        return {k: v for k, v in plugins.items() if k not in DROPPED_PLUGINS}
    if not isinstance(plugins, list):
        return []
    kept: list[Any] = []
    for entry in plugins:
        name = entry if isinstance(entry, str) else next(iter(entry), None)
        if name not in DROPPED_PLUGINS:
            kept.append(entry)
    return kept


def vetted_config(root: Path) -> dict[str, Any] | None:
    """mkdocs.yml's checked values (None: there is none); refused when it has problems
    (`perfcode site` reports them with the records' before it gets here)."""
    vetted = siteconfig.check(root)
    if has_errors(vetted.problems):
        lines = "\n".join(
            f"{p.path}:{p.line}:{p.column}: {p.code} {p.message}" for p in vetted.problems
        )
        raise _cannot_build(f"mkdocs.yml has settings perfcode does not allow:\n{lines}")
    return vetted.config


def clear_generated(docs: Path) -> None:
    """Delete the generated pages: only real files and folders, never through a link."""
    fsio.clear(docs, GENERATED)


def write_pages(docs: Path, pages: dict[str, str]) -> None:
    clear_generated(docs)
    for path in pages:
        if not any(path == g or path.startswith(g + "/") for g in GENERATED):
            raise ValueError(f"refusing to write {path}: not a generated place")
    for path, text in pages.items():  # one by one: the pages are rebuilt on every run
        fsio.write(docs / path, text, root=docs, new=True, sync=False, named=f"{docs.name}/{path}")


def check_folders(root: Path, docs: Path, site: Path, out: Path | None) -> None:
    """Refuse (fsio.Refused) a docs folder or output folder that would cost files perfcode
    did not make; called before anything is written or deleted, MkDocs included."""
    fsio.real_folder_inside(root, docs, "the docs folder")
    if out is not None:
        fsio.claim_output(root, out, docs, shown=str(out), inside=False)
    else:
        shown = fsio.relative_name(root, site)
        fsio.claim_output(root, site, docs, shown=f"{shown} (site_dir in mkdocs.yml)", inside=True)


def index_search(site_dir: Path) -> int:
    """Index the built pages of SITE_DIR with Pagefind into SITE_DIR/pagefind/ (the binary
    of `pagefind[extended]`, which segments Chinese, run as `python -m pagefind`); the
    number of pages indexed. Only what the pages show is indexed: each audience's build
    indexes its own output. Run in an empty folder, so that no pagefind.yml is read (one
    in the docs folder is copied into the site)."""
    site_dir = site_dir.resolve()
    argv = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    argv += ["--output-path", str(site_dir / SEARCH)]
    with tempfile.TemporaryDirectory(prefix="perfcode-pagefind-") as empty:
        ran = subprocess.run(argv, cwd=empty, capture_output=True, text=True, check=False)
    entry = site_dir / SEARCH / "pagefind-entry.json"
    if ran.returncode != 0 or not entry.is_file():
        lines = dict.fromkeys(s.strip() for s in (ran.stderr + ran.stdout).splitlines())
        said = " ".join(s for s in lines if s) or f"exit {ran.returncode}"  # each line once
        raise _cannot_build(f"Pagefind could not index the pages: {said}")
    languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
    return sum(int(language.get("page_count", 0)) for language in languages.values())


def build(
    root: Path,
    *,
    out: Path | None = None,
    audience: str = "public",
    today: str,
    pinned_by: str | None = None,
    report: Callable[[list[Problem], int], None] | None = None,
) -> Built | None:
    """Validate, score, render and build. None (after `report`) when the records have
    errors: the same gate as every command that scores (`pipeline.score_repository`)."""
    from perfcode import pipeline

    gate = pipeline.score_repository(root, detail=True, also=siteconfig.check(root).problems)
    if gate.results is None:
        if report is not None:
            report(gate.problems, gate.repository.documents)
        return None
    return build_scored(
        root,
        gate.repository,
        gate.results,
        out=out,
        audience=audience,
        today=today,
        pinned_by=pinned_by,
    )


def build_scored(
    root: Path,
    repo: Repository,
    results: dict[str, CycleResult],
    *,
    out: Path | None,
    audience: str,
    today: str,
    pinned_by: str | None = None,
    words: Keyed | None = None,
    owner: str | None = None,
) -> Built:
    """Render and build the scored REPO. WORDS: REPO and RESULTS with the words the
    builder's key opens; OWNER: whose own record a `me` site is (made of the public
    edition's pages of REPO and the owner's page of WORDS)."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build as mkdocs_build

    own = vetted_config(root)  # before MkDocs runs anything mkdocs.yml names
    if out is not None:  # before MkDocs reads its configuration, which refuses some folders
        fsio.claim_output(root, out, None, shown=str(out), inside=False)
    try:
        config = _load_config(root, out, repo, own)
    except (exceptions.Abort, exceptions.ConfigurationError) as exc:
        raise _cannot_build(str(exc)) from exc
    docs = Path(config["docs_dir"])
    check_folders(root, docs, Path(config["site_dir"]), out)
    if refused := files.site_sources(root, docs):  # links, pipes: never copied into the site
        raise _cannot_build(files.refusal(refused))
    started = time.perf_counter()
    handwritten = frozenset(p for p in HANDWRITTEN if (docs / p).is_file())
    options = render.Options(
        audience=audience,
        today=today,
        pinned_by=pinned_by,
        repo_url=config.get("repo_url"),
        handwritten=handwritten,
        owner=owner,
        opened=words.opened if words is not None else None,
        sealed=words.sealed if words is not None else None,
    )
    if words is not None and audience == "public":
        raise ValueError("the public edition opens no confidential words")
    if words is not None and audience == "private":
        pages = render.render_site(words.repository, words.results, options)
    else:
        opened = (words.repository, words.results) if words is not None else None
        if audience != "private":  # fail closed: plain words the policy hides print locked
            shown = conceal_plain(repo, results)
            repo, results = shown.repository, shown.results
        pages = render.render_site(repo, results, options, opened)
    write_pages(docs, pages)
    fsio.mark_output(Path(config["site_dir"]))
    generated = time.perf_counter() - started
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
    logger.addHandler(handler)
    started = time.perf_counter()
    try:
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except (exceptions.Abort, exceptions.ConfigurationError, exceptions.BuildError) as exc:
        raise _cannot_build(str(exc)) from exc
    finally:
        logger.removeHandler(handler)
        if words is not None:  # opened words never stay in the repository's docs folder,
            clear_generated(docs)  # where a plain `mkdocs build` would publish them
    built = time.perf_counter() - started
    site_dir = Path(config["site_dir"])
    started = time.perf_counter()
    searched = index_search(site_dir)
    return Built(len(pages), generated, built, site_dir, time.perf_counter() - started, searched)
