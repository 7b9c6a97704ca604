"""mkdocs.yml, checked before MkDocs sees it (PC106).

mkdocs.yml lies in the repository, so a pull request can change it, and MkDocs runs what it
names: `hooks:` are Python files, plugins and Markdown extensions are programs, templates
(`theme.custom_dir`, `extra_templates`) can reach Python, `INHERIT:` reads another file, and
MkDocs reads the file with PyYAML's unsafe loader, where a tag such as
`!!python/object/apply:os.system` runs a command. The publishing workflow builds the site
with permission to write the published pages, and HR builds the private edition on their
own computer: whatever ran there could publish every record.

So perfcode reads mkdocs.yml itself, with its own safe reader (`perfcode.io.yaml`), allows
only settings that are data and the few programs its own configuration uses (below), and
hands MkDocs the checked values (`Vetted.config`), never the file: nothing is read twice,
and nothing is read two ways. Every refusal is a problem at its line and column, all at
once. Failing closed: a setting perfcode does not know is refused too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from perfcode.io import write as fsio
from perfcode.io import yaml as yamlio
from perfcode.problems import Problem, error, has_errors, quoted

PATH = "mkdocs.yml"
CODE = "PC106"

#: settings that are data: text shown on the pages, links, the navigation, which pages to
#: leave out, how strictly to check links. `extra` holds values the theme prints.
DATA_SETTINGS = frozenset(
    {
        "site_name",
        "site_description",
        "site_author",
        "site_url",
        "copyright",
        "repo_url",
        "repo_name",
        "edit_uri",
        "edit_uri_template",
        "nav",
        "extra",
        "extra_css",
        "extra_javascript",
        "use_directory_urls",
        "strict",
        "validation",
        "not_in_nav",
        "exclude_docs",
        "draft_docs",
        "remote_branch",
        "remote_name",
        "dev_addr",
    }
)
#: the folders the site is read from and built into: inside the repository, no link on the way
FOLDERS = ("docs_dir", "site_dir")
#: settings checked entry by entry (below)
CHECKED = frozenset({*FOLDERS, "theme", "plugins", "markdown_extensions"})

#: the plugins perfcode allows, with the options allowed for each. `search` is accepted so
#: that an older mkdocs.yml (perfcode's own named it) still builds, and left out by the
#: builder (`site.build.DROPPED_PLUGINS`): the site is searched with Pagefind, indexed after
#: the build; `offline` lets the site be opened from a folder (HR's private edition) and
#: only rewrites links. Both ship with MkDocs or Material and run no code of the
#: repository's. Left out: the search plugin's jieba_dict/jieba_dict_user (they read a file
#: named here, from anywhere on the computer), and every other plugin (Material's blog,
#: projects, group, social, privacy... read or fetch files, or switch on other plugins).
PLUGINS: dict[str, frozenset[str]] = {
    "search": frozenset({"enabled", "lang", "separator", "pipeline", "fields"}),
    "offline": frozenset({"enabled"}),
}
#: the Markdown extensions perfcode's own configuration uses, all of Python-Markdown's own;
#: their options are plain values. Others run code on every page, and some read files from
#: anywhere (pymdownx.snippets includes any file it is told to).
EXTENSIONS = frozenset({"tables", "attr_list", "md_in_html", "admonition", "toc"})

_YAML_PREFIX = "tag:yaml.org,2002:"


@dataclass(frozen=True, slots=True)
class Folder:
    """A docs_dir or site_dir value that lies inside the repository by its name (links are
    checked at the edge, `check`)."""

    setting: str
    value: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Vetted:
    """mkdocs.yml checked: its values (None when it has problems or is absent), the
    problems, and the folders it names."""

    config: dict[str, Any] | None
    problems: list[Problem]
    folders: tuple[Folder, ...] = field(default=())


def _at(node: Node, message: str) -> Problem:
    mark = node.start_mark
    return error(PATH, CODE, message).at(mark.line + 1, mark.column + 1)


def _tagged(text: str) -> list[Problem]:
    """Every node written with a YAML tag (empty also when the YAML is malformed: the
    reader then says why)."""
    problems: list[Problem] = []
    try:
        for event in yaml.parse(text, Loader=yamlio.Loader):
            tag = getattr(event, "tag", None)
            if tag is None:
                continue
            written = "!!" + tag.removeprefix(_YAML_PREFIX) if tag.startswith(_YAML_PREFIX) else tag
            mark = event.start_mark
            line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            problems.append(
                error(
                    PATH,
                    CODE,
                    f"the YAML tag {quoted(written, 60)} is not allowed in mkdocs.yml: some "
                    "tags make MkDocs run a program or read the computer's settings while it "
                    "reads this file, so perfcode refuses every tag; write the value itself",
                ).at(line, column)
            )
    except yaml.YAMLError:
        return []
    return problems


def _text(node: Node) -> str | None:
    return str(node.value) if isinstance(node, ScalarNode) else None


def _items(node: Node) -> Iterator[tuple[str, Node, Node]]:
    """A mapping's entries (key text, key node, value node); nothing for anything else."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                yield str(key.value), key, value


def _entries(node: Node) -> Iterator[tuple[str, Node, Node | None]]:
    """The named entries of a plugins: or markdown_extensions: setting, in either form MkDocs
    reads: a list of names or of one-entry mappings (`- name: {options}`), or a mapping
    `name: {options}`. Yields (name, where it is written, its options)."""
    if isinstance(node, MappingNode):
        yield from _items(node)
        return
    if not isinstance(node, SequenceNode):
        return
    for entry in node.value:
        if isinstance(entry, ScalarNode):
            yield str(entry.value), entry, None
        elif isinstance(entry, MappingNode) and len(entry.value) == 1:
            yield from _items(entry)


def _empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == yamlio.PLAIN and node.value in _NULLS


_NULLS = ("", "~", "null", "Null", "NULL")


def _listing(what: str, node: Node) -> Problem | None:
    """A plugins: or markdown_extensions: value in a shape perfcode cannot check."""
    if _empty(node) or isinstance(node, MappingNode):
        return None
    if isinstance(node, SequenceNode) and all(
        isinstance(e, ScalarNode) or (isinstance(e, MappingNode) and len(e.value) == 1)
        for e in node.value
    ):
        return None
    return _at(
        node,
        f"{what}: must be a list of names, each alone or with its options "
        '("- name" or "- name: {option: value}"); perfcode cannot check anything else',
    )


def _words(names: frozenset[str] | set[str]) -> str:
    ordered = sorted(names)
    return ", ".join(ordered[:-1]) + " and " + ordered[-1] if len(ordered) > 1 else ordered[0]


def _plugins(node: Node) -> list[Problem]:
    if (shape := _listing("plugins", node)) is not None:
        return [shape]
    problems: list[Problem] = []
    for name, where, options in _entries(node):
        short = name.removeprefix("material/")
        if short not in PLUGINS:
            problems.append(
                _at(
                    where,
                    f"the plugin {quoted(name)} is not allowed: a plugin is a program that "
                    "runs while the site is built, with the permissions of whoever builds it; "
                    f"perfcode allows only {_words(set(PLUGINS))}: delete it",
                )
            )
            continue
        if options is None or _empty(options):
            continue
        if not isinstance(options, MappingNode):
            problems.append(_at(options, f"the {short} plugin's options must be name: value"))
            continue
        for option, key, _ in _items(options):
            if option not in PLUGINS[short]:
                problems.append(
                    _at(
                        key,
                        f"the {short} plugin's option {quoted(option)} is not allowed (some "
                        "options read files from anywhere on the computer); perfcode allows "
                        f"{_words(PLUGINS[short])}: delete it",
                    )
                )
    return problems


def _extensions(node: Node) -> list[Problem]:
    if (shape := _listing("markdown_extensions", node)) is not None:
        return [shape]
    problems: list[Problem] = []
    for name, where, _ in _entries(node):
        if name.removeprefix("markdown.extensions.") not in EXTENSIONS:
            problems.append(
                _at(
                    where,
                    f"the Markdown extension {quoted(name)} is not allowed: an extension is a "
                    "program that runs on every page, and some read files from anywhere on "
                    "the computer (pymdownx.snippets); perfcode allows only "
                    f"{_words(EXTENSIONS)}: delete it",
                )
            )
    return problems


def _theme(node: Node) -> list[Problem]:
    return [
        _at(
            key,
            "theme: custom_dir names a folder of templates that replace the theme's, and a "
            "template can run a program while the site is built, so perfcode does not allow "
            "it: delete custom_dir (site/stylesheets/extra.css changes the site's look)",
        )
        for name, key, _ in _items(node)
        if name == "custom_dir"
    ]


def _folder(setting: str, node: Node) -> Folder | Problem | None:
    value = _text(node)
    if value is None or _empty(node):
        return None  # not a folder name: MkDocs says so
    path = PurePosixPath(os.path.normpath(value.replace("\\", "/")))
    if path.is_absolute() or Path(value).is_absolute() or (path.parts and path.parts[0] == ".."):
        return _at(
            node,
            f"{setting}: {quoted(value)} is not a folder inside the repository; the site is "
            "read from and built into folders of the repository only: write a folder name "
            'relative to mkdocs.yml, such as "site" or "public"',
        )
    mark = node.start_mark
    return Folder(setting, path.as_posix(), mark.line + 1, mark.column + 1)


_REFUSED = {
    "hooks": "hooks: names Python files that MkDocs runs while it builds the site, with the "
    "permissions of whoever builds it (the publishing workflow, or HR building the private "
    "edition); perfcode never runs them: delete this setting",
    "INHERIT": "INHERIT: makes MkDocs read another configuration file, which perfcode has not "
    "checked: write its settings in mkdocs.yml instead",
    "extra_templates": "extra_templates: makes MkDocs run pages as templates, and a template "
    "can run a program: delete this setting",
}


def _settings(root: Node | None) -> tuple[list[Problem], list[Folder]]:
    if not isinstance(root, MappingNode):
        where = root if root is not None else None
        message = "mkdocs.yml must hold the site's settings, one name: value per line"
        if where is None:
            return [error(PATH, CODE, message).at(1, 1)], []
        return [_at(where, message)], []
    problems: list[Problem] = []
    folders: list[Folder] = []
    for name, key, value in _items(root):
        if name in _REFUSED:
            problems.append(_at(key, _REFUSED[name]))
        elif name == "plugins":
            problems.extend(_plugins(value))
        elif name == "markdown_extensions":
            problems.extend(_extensions(value))
        elif name == "theme":
            problems.extend(_theme(value))
        elif name in FOLDERS:
            found = _folder(name, value)
            if isinstance(found, Problem):
                problems.append(found)
            elif found is not None:
                folders.append(found)
        elif name not in DATA_SETTINGS:
            problems.append(
                _at(
                    key,
                    f"perfcode does not know the setting {quoted(name)}, so it does not hand "
                    "it to MkDocs (it allows settings that are text, links and the "
                    f"navigation, and checks {_words(CHECKED)}): check its spelling, "
                    "or delete it",
                )
            )
    return problems, folders


def vet(text: str) -> Vetted:
    """Check mkdocs.yml's TEXT: its values when every setting is allowed, else the problems."""
    problems = _tagged(text)
    value: Any = None
    if not problems:
        try:
            value = yamlio.parse(text)
        except yamlio.YamlError as exc:
            return Vetted(None, [error(PATH, exc.code, exc.message).at(exc.line, exc.column)])
    try:
        node = yamlio.compose(text)
    except yaml.YAMLError:  # tags and another mistake: the tags first
        return Vetted(None, problems)
    found, folders = _settings(node)
    problems.extend(found)
    if problems or not isinstance(value, dict):
        return Vetted(None, problems, tuple(folders))
    return Vetted(value, [], tuple(folders))


def _links(root: Path, folders: tuple[Folder, ...]) -> list[Problem]:
    base = Path(os.path.abspath(root))
    problems: list[Problem] = []
    for folder in folders:
        if folder.value == ".":
            continue
        link = fsio.link_below(base, base / folder.value)
        if link is None:
            continue
        relative = link.relative_to(base).as_posix()
        what = "is" if relative == folder.value else f"goes through {quoted(relative)},"
        problems.append(
            error(
                PATH,
                CODE,
                f"{folder.setting}: {quoted(folder.value)} {what} a symbolic link (to "
                f"{quoted(os.readlink(link))}); perfcode never reads or builds the site "
                "through a link: name the real folder",
            ).at(folder.line, folder.column)
        )
    return problems


def check(root: Path) -> Vetted:
    """ROOT's mkdocs.yml, read the way perfcode reads records (never through a link) and
    checked; Vetted(None, []) when there is none (perfcode's default configuration)."""
    from perfcode.load import repository as load

    if not os.path.lexists(root / PATH):
        return Vetted(None, [])
    text, read = load.read_text(root, PATH)  # a link or pipe is never opened; a BOM warned of
    if text is None:
        return Vetted(None, read)
    vetted = vet(text)
    problems = sorted(
        [*read, *vetted.problems, *_links(root, vetted.folders)], key=Problem.sort_key
    )
    config = vetted.config if not has_errors(problems) else None
    return Vetted(config, problems, vetted.folders)
