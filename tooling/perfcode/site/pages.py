"""The site's pages: the repository and its scores in, {relative path: Markdown} out.

Pure: no file, clock or network is touched here (`today` and the repository's URL come in
as options). Pages are Jinja2 templates (templates/pages/). Every value a template prints
goes through one escaping function, `md` (the environment's `finalize`), which turns HTML
and Markdown metacharacters into character references: a name, goal or comment written in
YAML is always shown as text, never run or read as markup. Markup built here on purpose
(links between pages, charts) is `Markup` and passes unchanged.

Titles are the one place where this is not enough, because the theme, not perfcode, prints
them. Where Material for MkDocs 9.8 prints a title or the site name (read from its
templates; tests/site/test_hostile_html.py pins this list against the installed theme):
`<title>` (base.html: `page.meta.title` raw, else `page.title | striptags`, else
`config.site_name` raw: the home page and 404.html), the header (`config.site_name` raw, in
`aria-label` raw and in `title` with `| e`; the topic `page.meta.title` or `page.title`
raw), the navigation (nav.html: the same three `site_name`s; nav-item, tabs-item, path-item:
the item's title raw), the table of contents (toc-item: the heading's HTML raw, and
`| striptags | e` in `aria-label`), the footer (`| e` and raw; not enabled), the fallback
`<h1>` (content.html; every page has its own) and the search index (Material's plugin
escapes text it parses, and falls back to `page.meta.title` or `page.title` as they are;
its script inserts titles and text as HTML). MarkupSafe's `striptags` unescapes entities and
MkDocs does not autoescape, so the `<title>` of a page titled by its first heading would
turn `&#60;/title&#62;` back into markup. Hence `front_matter`: every generated page but
the home page declares its title HTML-escaped, which Material prints unfiltered wherever
it prints a title; `sitebuild.default_config` does the same for `site_name`.

What a page shows depends on the audience, and that is decided once, in `views`: the
person, team and dashboard pages are made from views in which whatever the audience may
not see is already absent; the templates only lay out what they are given.

Confidential words that are still sealed (`model.Sealed`: every one of them in the public
edition, which never opens anything, and in the others those the key cannot open) print as
one label, "🔒 encrypted" / "🔒 已加密" (`sealed` in i18n), through the same `finalize`:
never the ciphertext. `me`, a person's own record (`Options.owner`), is made of the public
edition's pages, with no link to anyone else's page, and the owner's person page alone
from the repository with their words opened (`render_site`'s OPENED).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from perfcode import model as m
from perfcode.i18n import Labels
from perfcode.io import yaml as yamlio
from perfcode.model import selection
from perfcode.model.words import LOCK
from perfcode.score import CycleResult
from perfcode.site import charts, views
from perfcode.site.numbers import num
from perfcode.workflow import owed

AUDIENCES = m.AUDIENCES

# --- escaping: one function, one place ------------------------------------------------

_SPECIAL = "\\`*_{}[]()#+-.!|<>&\"'~=:^$%@"
_TABLE = {ord(ch): f"&#{ord(ch)};" for ch in _SPECIAL}
_TABLE.update({ord("\r"): "", ord("\n"): "<br>", ord("\t"): " "})


def md(value: object) -> str:
    """Any value as Markdown that shows exactly its text (Markup passes as it is)."""
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return num(value)
    return str(value).translate(_TABLE)


def _html(value: object) -> str:
    """Text for a raw HTML block (the explanation): HTML-escaped, nothing else."""
    return str(Markup.escape("" if value is None else value))


def html_title(text: str) -> str:
    """A page title as the theme wants it: HTML that shows `text` (whitespace collapsed, as
    a browser shows a title). See `front_matter`."""
    return html.escape(" ".join(text.split()), quote=True)


def front_matter(title: str | None, hide: Iterable[str] = ()) -> str:
    """The YAML front matter of a generated page: its `title` (HTML-escaped) and what the
    theme hides.

    Why every page (but the home page) declares its title: MkDocs takes a page's title from
    its first heading as HTML, where perfcode's escaping keeps `<` as `&#60;`, and Material
    prints it as `<title>{{ page.title | striptags }}</title>`; MarkupSafe's `striptags`
    unescapes entities and MkDocs does not autoescape, so a name holding `</title><script>`
    would leave the `<title>` element and run. A front-matter title takes precedence in
    every place Material prints a title, and none of those filters it: `<title>` and the
    header print `page.meta.title` as it is, the navigation, tabs and path print
    `page.title` (the same value) as it is, and the search index falls back to it for a
    page without a heading. Escaped once here, it is HTML that shows the text as typed
    everywhere. (The home page's `<title>` is `site_name`, made safe in `sitebuild`.)
    """
    meta: dict[str, Any] = {}
    if title is not None:
        meta["title"] = html_title(title)
    if hide:
        meta["hide"] = list(hide)
    if not meta:
        return ""
    body = yamlio.dump(meta, yamlio.FRONT_MATTER)
    return f"---\n{body}---\n\n"


# --- options and what the audience may see --------------------------------------------


@dataclass(frozen=True, slots=True)
class Options:
    audience: str = "public"
    today: str = "1970-01-01"
    #: the file that pins `today` (people/org.yaml), said beside it; None: not pinned
    pinned_by: str | None = None
    repo_url: str | None = None
    #: hand-written pages that exist in the docs folder (only those are linked)
    handwritten: frozenset[str] = frozenset()
    #: `me`: the person whose own record the site is
    owner: str | None = None
    #: confidential values opened with the builder's key and left sealed (the home page
    #: says so); None: nothing was opened (the public edition never opens)
    opened: int | None = None
    sealed: int | None = None
    #: the most people a page of the A–Z index lists; None: `PEOPLE_PER_PAGE`
    people_per_page: int | None = None


# --- page paths and links --------------------------------------------------------------


def person_page(person_id: str) -> str:
    return f"people/{person_id}.md"


def team_page(department_id: str) -> str:
    return f"teams/{department_id}.md"


def policy_page(cycle_id: str) -> str:
    return f"policies/generated/{cycle_id}.md"


def dashboard_page(cycle_id: str) -> str:
    return f"cycles/{cycle_id}.md"


HOME = "index.md"
POLICIES = "policies/generated/index.md"
PRINCIPLES = "policies/principles.md"
ABOUT = "about.md"
TEAMS = "teams/index.md"
PEOPLE = "people/index.md"
DASHBOARDS = "cycles/index.md"


def relative(source: str, target: str) -> str:
    here, there = posixpath.dirname(source), posixpath.dirname(target)
    if here == there:  # most links: a person page to another (posixpath.relpath is slow)
        return posixpath.basename(target)
    return posixpath.join(_relative_folder(here, there), posixpath.basename(target))


@cache
def _relative_folder(here: str, there: str) -> str:
    return posixpath.relpath(there or ".", here or ".")


def link(source: str, text: object, target: str) -> Markup:
    """A Markdown link from page `source` to page `target`, its text escaped."""
    return Markup(f"[{md(text)}]({quote(relative(source, target), safe='/#.-_')})")


# --- the renderer ----------------------------------------------------------------------


def _finalize(t: Labels) -> Callable[[object], str]:
    """Every printed value: a sealed one as its label in the page's language, anything
    else through `md`."""
    label = md(t("sealed", lock=LOCK))

    def finalize(value: object) -> str:
        return label if isinstance(value, m.Sealed) else md(value)

    return finalize


@cache
def _env(language: str = "zh") -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("perfcode", "site/templates/pages"),
        autoescape=False,  # Markdown, not HTML: `finalize` escapes every printed value
        finalize=_finalize(Labels(language)),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["html"] = _html
    env.filters["num"] = num
    env.globals["link"] = link
    env.globals["Markup"] = Markup
    return env


@dataclass(slots=True)
class _Site:
    repo: m.Repository
    results: dict[str, CycleResult]
    options: Options
    t: Labels
    cycles: list[str] = field(default_factory=list)  # with a policy, oldest first
    _progress: dict[str, owed.Progress] = field(default_factory=dict)
    #: each manager's direct reports (`selection.direct_reports`, worked out once)
    reports: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: the pages of `me` but the owner's: made as the public edition's
    as_public: bool = False

    def progress(self, cycle_id: str) -> owed.Progress:
        """The cycle's progress on the site's day (`owed.progress`, what `status` reads),
        worked out once for the dashboard and every manager's page."""
        if cycle_id not in self._progress:
            day = date.fromisoformat(self.options.today)
            self._progress[cycle_id] = owed.progress(
                self.repo, self.results.get(cycle_id), cycle_id, day
            )
        return self._progress[cycle_id]

    def policy(self, cycle_id: str) -> m.Policy:
        policy = self.repo.cycles[cycle_id].policy
        assert policy is not None
        return policy

    def name(self, person_id: str | None) -> str:
        if person_id is None:
            return ""
        person = self.repo.people.get(person_id)
        return person.name if person is not None else person_id

    def person_link(self, source: str, person_id: str | None) -> Markup | str:
        if person_id is None:
            return ""
        if person_id not in self.repo.people:
            return person_id
        if self.options.owner is not None and person_id != self.options.owner:
            return self.repo.people[person_id].name  # `me`: no one else's page is written
        return link(source, self.repo.people[person_id].name, person_page(person_id))

    def department(self, department_id: str) -> m.Department | None:
        org = self.repo.org
        if org is None:
            return None
        for department in org.departments:
            if department.id == department_id:
                return department
        return None

    def department_link(self, source: str, department_id: str) -> Markup | str:
        department = self.department(department_id)
        if department is None:
            return department_id
        return link(source, department.name, team_page(department.id))

    @property
    def audience(self) -> m.Audience:
        if self.as_public or self.options.audience not in ("private", "me"):
            return "public"
        return "private" if self.options.audience == "private" else "me"

    def group_name(self, group_id: str) -> str:
        return views.group_name(self.repo, group_id)

    def grade_text(self, cycle_id: str, grade_id: str | None) -> str:
        return views.grade_text(self.policy(cycle_id), grade_id)

    def render(
        self, template: str, page: str, title: str, *, hide: Iterable[str] = (), **values: Any
    ) -> str:
        """The page: its front matter (`title`, except on the home page), its heading
        (`title`, escaped), then the template."""
        context: dict[str, Any] = {"page": page, "t": self.t, "site": self, "options": self.options}
        context.update(values)
        head = front_matter(None if page == HOME else title, hide)
        body = _env(self.t.language).get_template(template).render(context)
        return f"{head}# {md(title)}\n\n" + body


def _site(
    repo: m.Repository, results: dict[str, CycleResult], options: Options, as_public: bool
) -> _Site:
    language = repo.org.language if repo.org is not None else "zh"
    site = _Site(repo, results, options, Labels(language), as_public=as_public)
    site.cycles = [c for c in repo.cycle_ids() if repo.cycles[c].policy is not None]
    site.reports = selection.direct_reports(repo.people)
    return site


def render_site(
    repo: m.Repository,
    results: dict[str, CycleResult],
    options: Options,
    opened: tuple[m.Repository, dict[str, CycleResult]] | None = None,
) -> dict[str, str]:
    """Every generated page of the site, by path relative to the docs folder. OPENED (`me`
    only): REPO and RESULTS with the owner's words opened, for the owner's page; every
    other page of `me` is made from REPO as the public edition shows it."""
    if options.audience not in AUDIENCES:
        raise ValueError(f"unknown audience {options.audience!r}")
    if options.audience == "me":
        if options.owner not in repo.people:
            raise ValueError(f"the owner of a `me` site is no one in people/: {options.owner!r}")
        site = _site(repo, results, options, as_public=True)
    else:
        site = _site(repo, results, options, as_public=False)
    pages: dict[str, str] = {}
    pages[HOME] = home(site)
    pages[POLICIES] = policies_index(site)
    pages[DASHBOARDS] = dashboards_index(site)
    for cycle_id in site.cycles:
        pages[policy_page(cycle_id)] = policy(site, cycle_id)
        pages[dashboard_page(cycle_id)] = dashboard(site, cycle_id)
    pages[TEAMS] = teams_index(site)
    if repo.org is not None:
        for department in repo.org.departments:
            pages[team_page(department.id)] = team(site, department)
    pages.update(people_index(site))
    if options.owner is not None and options.audience == "me":
        own_repo, own_results = opened or (repo, results)
        mine = _site(own_repo, own_results, options, as_public=False)
        pages[person_page(options.owner)] = person(mine, options.owner)
        return pages
    for person_id in sorted(repo.people):
        pages[person_page(person_id)] = person(site, person_id)
    return pages


# --- home and indexes ------------------------------------------------------------------


def current_cycle(site: _Site) -> str | None:
    """The cycle whose period or phases hold today; else the latest one."""
    today = site.options.today
    for cycle_id in reversed(site.cycles):
        policy = site.policy(cycle_id)
        last = max([policy.period_end] + [p.end or p.start for p in policy.phases])
        if policy.period_start <= today <= last:
            return cycle_id
    return site.cycles[-1] if site.cycles else None


def current_phase(policy: m.Policy, today: str) -> m.Phase | None:
    found = None
    for phase in policy.phases:
        if phase.start <= today and (phase.end is None or today <= phase.end):
            found = phase
    return found


def _phase_status(phase: m.Phase, today: str) -> str:
    if today < phase.start:
        return "upcoming"
    if phase.end is not None and today > phase.end:
        return "finished"
    return "current"


def home(site: _Site) -> str:
    org = site.repo.org
    cycle_id = current_cycle(site)
    phase = None
    policy = None
    if cycle_id is not None:
        policy = site.policy(cycle_id)
        phase = current_phase(policy, site.options.today)
    active = [p for p in site.repo.people.values() if p.left is None]
    return site.render(
        "home.md.j2",
        HOME,
        org.name if org is not None else site.t("home"),
        org=org,
        cycle_id=cycle_id,
        policy=policy,
        phase=phase,
        headcount=len(active),
        departments=org.departments if org is not None else (),
        cycles=list(reversed(site.cycles)),
        links={
            "policies": POLICIES,
            "principles": PRINCIPLES,
            "teams": TEAMS,
            "people": PEOPLE,
            "dashboards": DASHBOARDS,
            "about": ABOUT,
        },
    )


def policies_index(site: _Site) -> str:
    rows = [(c, site.policy(c)) for c in reversed(site.cycles)]
    return site.render(
        "policies.md.j2",
        POLICIES,
        site.t("policies"),
        rows=rows,
        principles=PRINCIPLES,
        about=ABOUT,
    )


def dashboards_index(site: _Site) -> str:
    rows = [(c, site.policy(c)) for c in reversed(site.cycles)]
    return site.render("dashboards.md.j2", DASHBOARDS, site.t("dashboards"), rows=rows)


#: the most people one page of the A–Z index lists: a bigger organisation's index is split
#: into pages of at most this many (by initial, then in runs of ids), each linked from
#: people/index.md, so that no page grows with the organisation (Zensical refuses a page
#: whose search text exceeds its index limit; every theme renders each page whole)
PEOPLE_PER_PAGE = 500


def people_index_page(letter: str, number: int) -> str:
    """The path of the NUMBERth page (from 1) of the index's people whose id starts with
    LETTER. The `_` no person id holds (schemas/person.schema.json) keeps it from being
    anyone's page."""
    return f"people/a-z_{letter.lower()}_{number}.md"


def people_index(site: _Site) -> dict[str, str]:
    """The A–Z index of people: people/index.md alone while everyone fits on one page
    (`Options.people_per_page`, else `PEOPLE_PER_PAGE` people); else people/index.md
    links pages of at most that many people each (`people_index_page`), every person on
    exactly one."""
    per_page = site.options.people_per_page or PEOPLE_PER_PAGE
    letters: dict[str, list[m.Person]] = {}
    for person_id in sorted(site.repo.people):
        letters.setdefault(person_id[0].upper(), []).append(site.repo.people[person_id])
    title = site.t("people_index")
    if len(site.repo.people) <= per_page:
        return {PEOPLE: site.render("people.md.j2", PEOPLE, title, letters=letters)}
    pages: dict[str, str] = {}
    parts: dict[str, list[tuple[str, str, int]]] = {}  # letter: (first id, last id, page)
    for letter, people in letters.items():
        for number, start in enumerate(range(0, len(people), per_page), start=1):
            run = people[start : start + per_page]
            path = people_index_page(letter, number)
            first, last = run[0].id, run[-1].id
            part_title = f"{title} · {first} – {last}" if first != last else f"{title} · {first}"
            pages[path] = site.render(
                "people.md.j2", path, part_title, letters={letter: run}, index=PEOPLE
            )
            parts.setdefault(letter, []).append((first, last, len(run)))
    pages[PEOPLE] = site.render(
        "people-pages.md.j2", PEOPLE, title, parts=parts, page_of=people_index_page
    )
    return pages


def teams_index(site: _Site) -> str:
    org = site.repo.org
    departments = org.departments if org is not None else ()
    counts: dict[str, int] = {}
    for p in site.repo.people.values():
        if p.left is None:
            counts[p.department] = counts.get(p.department, 0) + 1
    known = {d.id for d in departments}

    def tree(parent: str | None, depth: int) -> Iterator[tuple[int, m.Department]]:
        for d in departments:
            if d.parent == parent or (
                parent is None and d.parent is not None and d.parent not in known
            ):
                yield depth, d
                yield from tree(d.id, depth + 1)

    return site.render(
        "teams.md.j2", TEAMS, site.t("teams"), rows=list(tree(None, 0)), counts=counts
    )


# --- policy pages ----------------------------------------------------------------------


def adjustment_rules(policy: m.Policy, t: Labels) -> str:
    """The adjustments' rules a policy sets beyond the caps per cycle, as sentences."""
    said = ""
    if policy.commendation_entry_max is not None or policy.penalty_entry_max is not None:
        c, p = num(policy.commendation_entry_max) or "-", num(policy.penalty_entry_max) or "-"
        said += t("adjustment_entry_caps", c=c, p=p)
    if policy.checks_above_100:
        said += t("checks_above_100")
    if not policy.floor_at_zero:
        said += t("below_zero_kept")
    return said


def policy_facts(policy: m.Policy, t: Labels) -> list[tuple[str, str]]:
    """The policy's rules as (setting, value) lines, the unit of "what changed" (the dates,
    which change every cycle, are left out)."""
    facts: list[tuple[str, str]] = []
    facts.append((t("scale"), f"{num(policy.scale_min)} – {num(policy.scale_max)}"))
    for level in policy.levels:
        facts.append((f"{t('scale')} {num(level.value)}", level.label))
    for th in policy.achievement:
        op = "≥" if th.min_percent is not None else ">"
        facts.append((t("achievement_row", op=op, percent=num(th.percent)), num(th.rating)))
    for role, weight in policy.rater_weights:
        required = f" ({t('required')})" if role in policy.required_roles else ""
        facts.append((f"{t('rater_weights')} {t.role(role)}", f"{num(weight)}{required}"))
    for template in policy.templates:
        sections = ", ".join(f"{s.name} {num(s.weight)}" for s in template.sections)
        named = f"{template.name}: {sections}" if sections else template.name  # a pure roll-up
        facts.append((f"{t('template')} {template.id}", named))
        for part in template.rollup:
            facts.append(
                (f"{t('rollup')} {template.id} {rollup_source(part, t)}", num(part.weight))
            )
    facts.append(
        (
            t("adjustments"),
            t(
                "adjustment_caps",
                c=num(policy.commendation_max) or "-",
                p=num(policy.penalty_max) or "-",
            )
            + adjustment_rules(policy, t),
        )
    )
    for grade in policy.grades:
        below = f" – {num(grade.below)}" if grade.below is not None else ""
        facts.append((f"{t('grade')} {grade.id}", f"{grade.name} {num(grade.min)}{below}"))
    dist = policy.distribution
    if dist is None:
        facts.append((t("distribution"), t("no_distribution")))
    else:
        by = t.word(dist.by)
        facts.append((t("distribution"), t("distribution_rule", by=by, min=dist.min_population)))
        for q in dist.quotas:
            facts.append((f"{t('quota')} {q.grade}", f"{num(q.percent)}%"))
    for rule in policy.outcomes:
        facts.append((f"{t('outcomes')} {rule.name}", outcome_condition(rule, t)))
    facts.append((t("pay_ratio"), t("yes") if policy.pay_ratio else t("no")))
    facts.append(
        (
            t("appeal_rules"),
            t(
                "appeal_text",
                window=policy.appeal_window_days or "-",
                answer=policy.appeal_answer_working_days or "-",
            ),
        )
    )
    pub = policy.publication
    facts.append(
        (
            t("publication"),
            f"{t.word('scores')} {t('yes') if pub.scores else t('no')}; "
            f"{t('grade')} {t('yes') if pub.grades else t('no')}; "
            f"{t.word('comments')} {t('yes') if pub.comments else t('no')}; "
            f"{t.word('feedback')} {t.word(pub.feedback)}; "
            f"{t.word('min_raters')} {pub.min_raters}",
        )
    )
    for key, on in (
        ("plans", pub.plans),
        ("interviews", pub.interviews),
        ("appeals", pub.appeals),
    ):
        facts.append((f"{t('publication')} {t.word(key)}", t("yes") if on else t("no")))
    for role, minimum in policy.anonymous:
        facts.append((f"{t.word('anonymous')} {t.role(role)}", str(minimum)))
    return facts


def publication_words(policy: m.Policy, t: Labels) -> list[str]:
    """The cycle's publication settings as sentences: what the public site shows."""
    pub = policy.publication
    start = views.results_from(policy)
    words = [
        t("pub_results_from", date=start) if start else t("pub_results_never"),
        t("pub_scores_yes" if pub.scores else "pub_scores_no"),
        t("pub_grades_yes" if pub.grades else "pub_grades_no"),
        t("pub_comments_yes" if pub.comments else "pub_comments_no"),
        t("pub_feedback_none")
        if pub.feedback == "none"
        else t("pub_feedback_shown", min=max(1, pub.min_raters)),
    ]
    for role, minimum in policy.anonymous:
        words.append(
            t("pub_anonymous", role=t.role(role), file=f"{role}-aggregated.yaml", min=minimum)
        )
    words.append(t("pub_combined", min=max(1, pub.min_raters)))
    for key, on in (
        ("plans", pub.plans),
        ("interviews", pub.interviews),
        ("appeals", pub.appeals),
    ):
        words.append(t(f"pub_{key}_{'yes' if on else 'no'}"))
    words.append(t("pub_private"))
    return words


def rollup_source(part: m.RollupComponent, t: Labels) -> str:
    detail = ", ".join(t.word(k) for k in part.kinds) or ", ".join(part.cycles)
    return f"{t.word(part.source)} ({detail})" if detail else t.word(part.source)


def outcome_condition(rule: m.OutcomeRule, t: Labels) -> str:
    if rule.when == "grades":
        text = t.word("grades", v="/".join(rule.grades))
    elif rule.when == "declines":
        text = t.word("declines_rule", v=num(rule.value))
    else:
        text = t.word(rule.when, v=num(rule.value))
    if rule.within_days is not None:
        text += f" → {t('days', n=rule.within_days)}"
    return text


def policy_changes(
    before: list[tuple[str, str]], after: list[tuple[str, str]]
) -> list[tuple[str, str, str]]:
    """(setting, before, now) for every setting that differs, in the newer policy's order."""
    old = dict(before)
    new = dict(after)
    keys = [k for k, _ in after] + [k for k, _ in before if k not in new]
    return [(k, old.get(k, ""), new.get(k, "")) for k in keys if old.get(k) != new.get(k)]


def previous_cycle(site: _Site, cycle_id: str) -> str | None:
    policy = site.policy(cycle_id)
    if policy.previous is not None and policy.previous in site.cycles:
        return policy.previous
    index = site.cycles.index(cycle_id)
    return site.cycles[index - 1] if index > 0 else None


def policy(site: _Site, cycle_id: str) -> str:
    pol = site.policy(cycle_id)
    t = Labels(pol.language)
    previous = previous_cycle(site, cycle_id)
    changes: list[tuple[str, str, str]] | None = None
    if previous is not None:
        changes = policy_changes(policy_facts(site.policy(previous), t), policy_facts(pol, t))
    page = policy_page(cycle_id)
    return site.render(
        "policy.md.j2",
        page,
        pol.title,
        t=t,
        cycle_id=cycle_id,
        policy=pol,
        previous=previous,
        previous_link=link(page, previous, policy_page(previous)) if previous else "",
        changes=changes,
        dashboard=link(page, t("dashboard"), dashboard_page(cycle_id)),
        rollup_source=lambda part: rollup_source(part, t),
        condition=lambda rule: outcome_condition(rule, t),
        by=t.word(pol.distribution.by) if pol.distribution else "",
        publication=publication_words(pol, t),
    )


# --- person pages ----------------------------------------------------------------------


def _repo_base(repo_url: str | None) -> str | None:
    """mkdocs.yml's repo_url when it is a plain http(s) address safe inside a Markdown link."""
    base = repo_url.rstrip("/") if repo_url else ""
    if base.startswith(("https://", "http://")) and not re.search(r"[\s()<>\"'\\]", base):
        return base
    return None


def _commit_link(commit: str, repo_url: str | None) -> Markup | str:
    short = commit[:7]
    base = _repo_base(repo_url)
    if base and re.fullmatch(r"[0-9a-f]{7,64}", commit):
        return Markup(f"[`{short}`]({base}/commit/{commit})")
    return short


def _pull_link(number: int, repo_url: str | None) -> Markup | str:
    base = _repo_base(repo_url)
    return Markup(f"[#{number}]({base}/pull/{number})") if base else f"#{number}"


def person(site: _Site, person_id: str) -> str:
    page = person_page(person_id)
    view = views.person_view(
        site.repo, site.results, site.cycles, site.audience, person_id, site.options.today
    )
    who = view.person
    chart: Markup | None = None
    shown = [row for row in view.history if row.score is not None]
    if shown:
        chart = charts.line(
            f"{who.name}: {site.t('history')}",
            [charts.Point(row.cycle_id, row.score or Decimal(0), row.grade or "") for row in shown],
            bands=[(g.id, g.min) for g in shown[-1].policy.grades if g.min > 0],
        )
    cycle_id = current_cycle(site)
    reports = site.reports.get(person_id, ())
    team = views.reports_view(
        site.repo,
        reports,
        cycle_id,
        site.progress(cycle_id) if cycle_id is not None and reports else None,
        site.audience,
        site.options.today,
    )
    return site.render(
        "person.md.j2",
        page,
        who.name,
        hide=("navigation",),
        who=who,
        team=team,
        manager=site.person_link(page, who.manager),
        department=site.department_link(page, who.department),
        group=site.group_name(who.group),
        current=view.current,
        history=list(reversed(view.history)),
        chart=chart,
        records=list(reversed(view.records)),
        commit_link=lambda sha: _commit_link(sha, site.options.repo_url),
        pull_link=lambda number: _pull_link(number, site.options.repo_url),
    )


# --- teams -----------------------------------------------------------------------------


def team(site: _Site, department: m.Department) -> str:
    repo = site.repo
    page = team_page(department.id)
    members = sorted(
        (p for p in repo.people.values() if p.department == department.id and p.left is None),
        key=lambda p: (p.id != department.head, p.id),
    )
    cycle_id = current_cycle(site)
    result = site.results.get(cycle_id) if cycle_id else None
    columns, rows = views.team_rows(
        repo, members, cycle_id, result, site.audience, site.options.today
    )
    subteams = [d for d in (repo.org.departments if repo.org else ()) if d.parent == department.id]
    cascade: list[tuple[m.Goal, list[m.Goal], list[tuple[m.Person, str]]]] = []
    if cycle_id is not None:
        cycle = repo.cycles[cycle_id]
        goals = cycle.goals
        if goals is not None:
            for goal in goals.goals:
                if goal.department != department.id:
                    continue
                parents = [g for g in (goals.get(s) for s in goal.supports) if g is not None]
                items: list[tuple[m.Person, str]] = []
                for p in members:
                    contract = cycle.contracts.get(p.id)
                    if contract is None:
                        continue
                    for item in contract.items:
                        if goal.id in item.supports:
                            items.append((p, item.title))
                    if goal.id in contract.supports and not any(
                        goal.id in i.supports for i in contract.items
                    ):
                        items.append((p, ""))
                cascade.append((goal, parents, items))
    return site.render(
        "team.md.j2",
        page,
        department.name,
        department=department,
        head=site.person_link(page, department.head),
        parent=site.department_link(page, department.parent) if department.parent else "",
        subteams=subteams,
        rows=rows,
        columns=columns,
        cycle_id=cycle_id,
        cascade=cascade,
    )


# --- cycle dashboards ------------------------------------------------------------------


def histogram(scores: Iterable[Decimal]) -> list[tuple[str, int]]:
    bins = [(f"{lo}–{lo + 10}", lo) for lo in range(0, 100, 10)] + [("100+", 100)]
    counts = dict.fromkeys((label for label, _ in bins), 0)
    for score in scores:
        for label, lo in reversed(bins):
            if score >= lo:
                counts[label] += 1
                break
    first = next((i for i, (label, _) in enumerate(bins) if counts[label]), 0)
    return [(label, counts[label]) for label, _ in bins[min(first, 5) :]]


def dashboard(site: _Site, cycle_id: str) -> str:
    repo = site.repo
    pol = site.policy(cycle_id)
    t = Labels(pol.language)
    result = site.results.get(cycle_id)
    page = dashboard_page(cycle_id)
    today = site.options.today
    phases = [(ph, _phase_status(ph, today)) for ph in pol.phases]
    facts = site.progress(cycle_id)
    view = views.dashboard_view(repo, result, cycle_id, site.audience, facts, today)
    scored = view.scored
    distribution_chart = None
    populations = view.populations
    totals: dict[str, tuple[int, int]] = {}
    for population in populations:
        for line in population.quotas:
            final, quota = totals.get(line.grade, (0, 0))
            totals[line.grade] = (final + line.final, quota + line.quota)
    grade_counts: dict[str, int] = {}
    for p in scored:
        if p.grade is not None:
            grade_counts[p.grade] = grade_counts.get(p.grade, 0) + 1
    if view.grades and scored:
        groups = []
        for grade in pol.grades:
            final = grade_counts.get(grade.id, 0)
            bars = [charts.Bar(grade.id, Decimal(final), f"{grade.id} {grade.name}: {final}")]
            if totals:
                quota = totals.get(grade.id, (0, 0))[1]
                bars.append(charts.Bar(grade.id, Decimal(quota), f"{t('quota_count')}: {quota}"))
            groups.append((grade.id, bars))
        legend = [t("people_count"), t("quota_count")] if totals else [t("people_count")]
        distribution_chart = charts.bars(t("grade_distribution"), groups, legend)
    histogram_chart = None
    bins: list[tuple[str, int]] = []
    if view.scores is not None and scored:
        bins = histogram(view.scores)
        histogram_chart = charts.bars(
            t("score_histogram"),
            [(label, [charts.Bar(label, Decimal(n))]) for label, n in bins],
        )
    lenient_rows: list[tuple[Markup | str, int, Decimal, Decimal]] = []
    lenient_chart = None
    mean = view.mean
    if mean is not None and view.leniency:
        lenient_rows = [
            (site.person_link(page, row.rater), row.ratings, row.mean, row.mean - mean)
            for row in view.leniency
        ]
        lenient_chart = charts.hbars(
            t("leniency"),
            [
                charts.Bar(
                    site.name(row.rater),
                    row.mean,
                    f"{site.name(row.rater)}: {row.mean} ({row.ratings})",
                )
                for row in view.leniency
            ],
            pol.scale_max,
            (f"{mean}", mean),
        )
    return site.render(
        "dashboard.md.j2",
        page,
        f"{t('dashboard')} · {pol.title}",
        t=t,
        cycle_id=cycle_id,
        policy=pol,
        named=view.named,
        rows=view,
        policy_link=link(page, t("policy"), policy_page(cycle_id)),
        phases=phases,
        progress=facts,
        scored=scored,
        populations=populations,
        grade_counts=grade_counts,
        distribution_chart=distribution_chart,
        histogram_chart=histogram_chart,
        bins=bins,
        lenient_rows=lenient_rows,
        lenient_chart=lenient_chart,
        mean=mean,
    )
