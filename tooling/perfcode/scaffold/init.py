"""A company's own repository, written as it validates, scores and builds (`perfcode init`).

Pure but for reading package data: what the user gives (a `Company`) in, the files to
write (`Scaffold`s, repository-relative path and text) out; the CLI refuses a folder that
is not new or empty and writes them all or none.

What is written and where each part comes from (one home for each fact):
- the records: people/org.yaml (the language, one department, one group, the policy owner)
  and the first person, built here and checked against the shipped schemas; the first
  cycle's policy and goals from the built-in policy template, by `new cycle --template`'s
  own functions (`scaffold.new`: the title, the phases on working days, the goals);
- `.github/CODEOWNERS` as `perfcode codeowners` writes it (`signatures.codeowners`);
- `mkdocs.yml`: the site configuration `perfcode site` uses when there is none
  (`site.build.default_config`), with the company's name;
- every file of the starter tree (package data, `scaffold/starter/`): the files at its top
  for every company, those under `starter/<language>/` for a company of that language
  (README.md, the site's pages to adapt), rendered with Jinja2 with delimiters that leave
  a workflow's `${{ }}` alone ([[ ]], [% %], [# #]). A user's value reaches a template only
  through a filter: `yaml` (a double-quoted YAML scalar) or `md` (Markdown that shows the
  text, `site.pages.md`); the hook ids of .pre-commit-config.yaml are those of perfcode's
  .pre-commit-hooks.yaml (package data), pinned to `release.URL` at `release.tag()`.

`example_repository()` writes the bundled example organisation instead (package data,
`scaffold/example/`: its records, hand-written site pages and mkdocs.yml, the one home of
the example; the tests' organisation too),
without its signature evidence: the example's private key is published in perfcode's
tests, so a company that kept its `evidence_keys` would trust evidence anyone can forge;
and without its demo keys (`demo-keys/`: every person's private key, published), which a
company's repository must never hold. Its confidential words stay sealed to them, as its
people's `keys:` say: the command names the installed package's demo-keys folder
(`demo_keys()`) to open them with in a demo, and says to replace every person's keys before
real words are recorded.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import jinja2
import yaml

from perfcode import __version__, layout, release
from perfcode import model as m
from perfcode.errors import PerfcodeError
from perfcode.io import yaml as yamlio
from perfcode.io.schemas import BUNDLED, Schemas
from perfcode.load import build
from perfcode.scaffold import new
from perfcode.scaffold.new import Scaffold
from perfcode.site.build import EXTRA_CSS

LANGUAGES = ("zh", "en")
TEMPLATES = new.POLICY_TEMPLATES
#: the first department and population group, in each language: renamed by the company
DEPARTMENT = "hr"
GROUP = "staff"
_WORDS: Mapping[str, Mapping[str, str]] = {
    "zh": {"department": "人力资源部", "group": "员工", "title": "人力资源经理"},
    "en": {"department": "Human Resources", "group": "Staff", "title": "HR manager"},
}
#: the first person's defaults: an id, a name and a GitHub login that validate, to rename
DEFAULT_OWNER = "hr-lead"
DEFAULT_OWNER_NAME: Mapping[str, str] = {"zh": "人事负责人", "en": "HR lead"}
DEFAULT_GITHUB = "your-github-login"

_SCAFFOLD = "perfcode.scaffold"
_STARTER = "starter"
_EXAMPLE = "example"
_HOOKS = "pre-commit-hooks.yaml"
#: the folders and file of the example organisation written by `init --example`
EXAMPLE_PARTS = ("people", "cycles", "site", "mkdocs.yml")
#: the example's demo keys (published private keys): never written by `init --example`
DEMO_KEYS = "demo-keys"
#: the option each field of the first records comes from, for a usage error
_OPTIONS = {
    ("org", "name"): "--name",
    ("person", "name"): "--owner-name",
    ("person", "github"): "--github",
}


@dataclass(frozen=True, slots=True)
class Company:
    """What `perfcode init` is given (defaults filled in)."""

    name: str
    language: str
    template: str
    owner: str
    owner_name: str
    github: str
    today: date
    cycle: str | None = None  # None: the template's kind of cycle holding TODAY


@dataclass(frozen=True, slots=True)
class Written:
    """The files of a new repository, and what the command says about them."""

    files: tuple[Scaffold, ...]
    company: str
    language: str
    cycle: str | None = None  # the first cycle written (None: the example's own)
    left_out: tuple[str, ...] = ()  # the example's files left out (its evidence)
    #: where the example's demo keys are (the installed package), which --example leaves out
    demo_keys: str | None = None


# --- rendering the starter ----------------------------------------------------------------


def yaml_scalar(value: object) -> str:
    """VALUE as one double-quoted YAML scalar on one line: whatever it holds, it stays text."""
    text = yaml.safe_dump(str(value), default_style='"', allow_unicode=True, width=2**31 - 1)
    return text.rstrip("\n").removesuffix("\n...")


def markdown_text(value: object) -> str:
    """VALUE as Markdown that shows exactly its text (the site's one escape)."""
    from perfcode.site.pages import md

    return md(str(value))


def environment() -> jinja2.Environment:
    """The starter's Jinja2: delimiters a workflow's `${{ }}` and Markdown do not use, an
    undefined variable an error, the file's last newline kept, the two filters for values."""
    env = jinja2.Environment(
        variable_start_string="[[",
        variable_end_string="]]",
        block_start_string="[%",
        block_end_string="%]",
        comment_start_string="[#",
        comment_end_string="#]",
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["yaml"] = yaml_scalar
    env.filters["md"] = markdown_text
    return env


def _files_below(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        if entry.is_dir():
            yield from _files_below(entry, f"{prefix}{entry.name}/")
        else:
            yield f"{prefix}{entry.name}", entry


def starter_files(language: str) -> list[tuple[str, str]]:
    """The starter's (path, template text) for a company of LANGUAGE: the files at the
    top of the tree, then those of its language's folder, each at its path below it."""
    starter = resources.files(_SCAFFOLD) / _STARTER
    found: list[tuple[str, str]] = []
    for path, entry in _files_below(starter):
        first, _, rest = path.partition("/")
        if first in LANGUAGES:
            if first == language:
                found.append((rest, entry.read_text(encoding="utf-8")))
        else:
            found.append((path, entry.read_text(encoding="utf-8")))
    return sorted(found)


def hook_ids() -> list[str]:
    """The ids of the hooks perfcode publishes (its .pre-commit-hooks.yaml)."""
    text = (resources.files(_SCAFFOLD) / _HOOKS).read_text(encoding="utf-8")
    return [str(hook["id"]) for hook in yamlio.parse(text)]


def _gitignored() -> list[str]:
    """What a company repository never commits: the pages `perfcode site` generates."""
    from perfcode.site.build import GENERATED

    return [f"site/{g}" if g.endswith(".md") else f"site/{g}/" for g in GENERATED] + ["public/"]


def render_starter(variables: Mapping[str, Any], language: str) -> list[Scaffold]:
    env = environment()
    shared = {
        "perfcode_repository": release.REPOSITORY,
        "perfcode_url": release.URL,
        "perfcode_tag": release.tag(),
        "perfcode_version": __version__,
        "language": language,
        "hooks": hook_ids(),
        "ignored": _gitignored(),
        "placeholder": m.PLACEHOLDERS[language],
    }
    return [
        Scaffold(path, env.from_string(text).render({**shared, **variables}))
        for path, text in starter_files(language)
    ]


# --- the first records --------------------------------------------------------------------


def _checked(kind: str, raw: dict[str, Any]) -> None:
    """RAW, a record made from the user's options, against perfcode's schema of KIND."""
    errors = Schemas(BUNDLED)[kind].errors(raw)
    if errors:
        first = errors[0]
        field = str(first.pointer[0]) if first.pointer else ""
        option = _OPTIONS.get((kind, field), "the options")
        raise PerfcodeError(f"{option}: {first.message}")


def first_cycle(template_text: str, today: date) -> str:
    """The cycle of the template's kind (a year, a half, a month...) that holds TODAY."""
    period = yamlio.parse(template_text)["period"]
    start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
    months = new._months(start, end)
    month = (today.month - 1) // months * months
    return new._cycle_id(today.year * 12 + month, months)


def _record(kind: str, path: str, header: list[str], data: dict[str, Any]) -> Scaffold:
    text = layout.modeline_for(path, kind) + new._comments(header) + yamlio.dump(data)
    return Scaffold(path, text)


def company_repository(company: Company) -> Written:
    """The files of a new company repository (see the module's docstring)."""
    from perfcode.signatures import codeowners

    if company.language not in LANGUAGES or company.template not in TEMPLATES:
        raise ValueError("the parser offers only the known languages and templates")
    if not re.fullmatch(layout.ID, company.owner) or company.owner in layout.RESERVED_IDS:
        raise PerfcodeError(
            f"--owner must be an id (lower-case letters, digits, - and _, at most 40, "
            f"starting with a letter or digit): {company.owner!r}"
        )
    words = _WORDS[company.language]
    org_raw: dict[str, Any] = {
        "name": company.name,
        "language": company.language,
        "policy_owners": [company.owner],
        "groups": [{"id": GROUP, "name": words["group"]}],
        "departments": [{"id": DEPARTMENT, "name": words["department"], "head": company.owner}],
    }
    person_path = f"people/{company.owner}.yaml"
    person_raw: dict[str, Any] = {
        "name": company.owner_name,
        "github": company.github,
        "title": words["title"],
        "department": DEPARTMENT,
        "group": GROUP,
        "joined": company.today.isoformat(),
    }
    _checked("org", org_raw)
    _checked("person", person_raw)
    org = build.org(org_raw, "people/org.yaml")
    owner = build.person(person_raw, person_path, company.owner)
    repo = m.Repository(root="", org=org, people={owner.id: owner}, cycles={}, documents=2)
    text = new.policy_template(company.template, company.language)
    cycle_id = company.cycle or first_cycle(text, company.today)
    new.period_of(cycle_id)  # a usage error for an id that is not a cycle's
    policy, goals = new.new_cycle(repo, cycle_id, text, template=company.template)
    org_file = _record(
        "org",
        "people/org.yaml",
        new._wrapped(
            "Written by `perfcode init`: rename the company, its department and its group, "
            "and add the departments (each with its head) and the groups people are "
            "ranked in. The policy owners sign the policies (HR)."
        ),
        org_raw,
    )
    person_file = _record(
        "person",
        person_path,
        new._wrapped(
            "The first person, written by `perfcode init`: the policy owner. Write their "
            "real name, job title and joining date, and the GitHub login their approvals "
            "sign with; rename the file to their id (and in people/org.yaml)."
        ),
        person_raw,
    )
    person_file = Scaffold(person_file.path, person_file.text + KEYS_COMMENT)
    variables = {
        "company": company.name,
        "owner": company.owner,
        "github": company.github,
        "cycle": cycle_id,
        "template": company.template,
        "example": False,
    }
    files = [
        *render_starter(variables, company.language),
        org_file,
        person_file,
        policy,
        goals,
        Scaffold(codeowners.PATH, codeowners.render({owner.id: owner}, org)),
        Scaffold("mkdocs.yml", site_configuration(company.name, company.language)),
        Scaffold(f"site/{EXTRA_CSS}", _example_text(f"site/{EXTRA_CSS}")),
    ]
    return Written(_sorted(files), company.name, company.language, cycle=cycle_id)


def site_configuration(name: str, language: str) -> str:
    """mkdocs.yml: the configuration `perfcode site` uses when a repository has none, with
    the company's name (as HTML: the theme prints `site_name` as it is)."""
    from perfcode.site import build as sitebuild
    from perfcode.site import pages

    with tempfile.TemporaryDirectory() as folder:  # the pages the starter writes, present
        docs = Path(folder)
        for page in (pages.PRINCIPLES, pages.ABOUT, sitebuild.EXTRA_CSS):
            (docs / page).parent.mkdir(parents=True, exist_ok=True)
            (docs / page).touch()
        config = sitebuild.default_config(docs, language, name, docs)
    header = new._wrapped(
        "Written by `perfcode init`: the site `perfcode site` builds (MkDocs with the "
        "Material theme). site_name is HTML, printed as it is: write & as &amp; and < as "
        "&lt;. The generated pages (index.md, people/, teams/, cycles/, policies/generated/) "
        "are gitignored; site/about.md and site/policies/principles.md are yours to adapt.",
    )
    body = yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)
    return (
        f"{layout.MODELINE_PREFIX}https://squidfunk.github.io/mkdocs-material/schema.json\n"
        + new._comments(header)
        + body
    )


def _sorted(files: list[Scaffold]) -> tuple[Scaffold, ...]:
    paths = [f.path for f in files]
    if len(set(paths)) != len(paths):
        raise AssertionError(f"two files of the starter at one path: {sorted(paths)}")
    return tuple(sorted(files, key=lambda f: f.path))


# --- the example --------------------------------------------------------------------------


def _example_text(path: str) -> str:
    """A file of the example organisation as shipped (the site's stylesheet: one home)."""
    return (resources.files(_SCAFFOLD) / _EXAMPLE / path).read_text(encoding="utf-8")


def _example_entries() -> Iterator[tuple[str, Traversable]]:
    """The example organisation as shipped: its records, its hand-written site pages (the
    generated ones left out, as they are gitignored) and mkdocs.yml."""
    from perfcode.site.build import GENERATED

    example = resources.files(_SCAFFOLD) / _EXAMPLE
    for part in EXAMPLE_PARTS:
        entry = example / part
        if not entry.is_dir():
            yield part, entry
            continue
        for path, found in _files_below(entry, f"{part}/"):
            inside = path.removeprefix("site/")
            if part == "site" and any(inside == g or inside.startswith(g + "/") for g in GENERATED):
                continue
            yield path, found


#: the end of the first person's record: where their public keys go (commented out: a
#: repository starts with none, and its words stay plain until someone adds theirs)
KEYS_COMMENT = new._comments(
    [
        *new._wrapped(
            "keys: the public keys this person's confidential words are encrypted to (they "
            "read them with the private half: perfcode show, perfcode edit). Paste the line "
            "of your ~/.ssh/id_ed25519.pub (or id_rsa.pub), or the age1… public key that "
            "`age-keygen -o ~/.perfcode.agekey` prints; then run perfcode rekey. Never a "
            "private key."
        ),
        'keys: ["ssh-ed25519 AAAA… you@laptop"]',
    ]
)


def demo_keys() -> str | None:
    """The folder of the installed perfcode that holds the example's demo keys (None when
    it holds none: a package built without them)."""
    folder = resources.files(_SCAFFOLD) / _EXAMPLE / DEMO_KEYS
    return str(folder) if folder.is_dir() else None


def without_evidence_keys(text: str) -> str:
    """people/org.yaml without its `evidence_keys` (and the comment lines just above it),
    a comment saying why in their place; the rest as it was written."""
    root = yamlio.compose(text)
    lines = text.splitlines(keepends=True)
    found = None
    if isinstance(root, yaml.MappingNode):
        found = next((kv for kv in root.value if kv[0].value == "evidence_keys"), None)
    if found is None:
        return text
    key, value = found
    first = key.start_mark.line
    last = value.end_mark.line - (1 if value.end_mark.column == 0 else 0)
    while first > 1 and lines[first - 1].startswith("#"):
        first -= 1
    note = new._comments(
        new._wrapped(
            "evidence_keys: left out by `perfcode init --example` with the example's signature "
            "evidence (its private key is published in perfcode's tests, so anyone could "
            "forge it). To keep evidence, add your recorder's key (`perfcode signatures "
            "keygen`)."
        )
    )
    kept = "".join(lines[:first]) + note + "".join(lines[last + 1 :])
    if "evidence_keys" in (yamlio.parse(kept) or {}):
        raise AssertionError("evidence_keys is still in the example's people/org.yaml")
    return kept


def example_repository() -> Written:
    """The bundled example organisation, without its evidence (see the module's docstring),
    with the starter's files (README, hooks, workflows, .gitignore) and its CODEOWNERS."""
    from perfcode.signatures import codeowners

    records: list[Scaffold] = []
    left_out: list[str] = []
    for path, entry in _example_entries():
        place = layout.classify(path)
        if place is not None and place.kind == "signatures":
            left_out.append(path)
            continue
        text = entry.read_text(encoding="utf-8")
        if path == "people/org.yaml":
            text = without_evidence_keys(text)
        records.append(Scaffold(path, text))
    texts = {f.path: f.text for f in records}
    org_raw = yamlio.parse(texts["people/org.yaml"])
    org = build.org(org_raw, "people/org.yaml")
    people = {}
    for path, text in texts.items():
        place = layout.classify(path)
        if place is not None and place.kind == "person" and place.person is not None:
            people[place.person] = build.person(yamlio.parse(text), path, place.person)
    variables = {
        "company": org.name,
        "owner": org.policy_owners[0],
        "github": people[org.policy_owners[0]].github,
        "cycle": "",
        "template": "",
        "example": True,
    }
    ours = {f.path for f in records}
    files = [
        *(f for f in render_starter(variables, org.language) if f.path not in ours),
        *records,
        Scaffold(codeowners.PATH, codeowners.render(people, org)),
    ]
    return Written(
        _sorted(files), org.name, org.language, left_out=tuple(left_out), demo_keys=demo_keys()
    )
