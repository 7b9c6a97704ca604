"""Contracts: template, sections, item weights, goals supported, targets, due dates."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from decimal import Decimal

from perfcode import model as m
from perfcode.check.common import HUNDRED, duplicates, fmt, goal_missing, in_period, person_known
from perfcode.problems import Problem, error, shown, warning


def check_contract(
    contract: m.Contract, policy: m.Policy, cycle: m.Cycle, repo: m.Repository
) -> Iterator[Problem]:
    path = contract.path
    yield from person_known(path, contract.person, repo)
    for pointer in contract.placeholders():
        yield warning(
            path,
            "PC069",
            "this still holds the placeholder perfcode new wrote: write what was agreed "
            "before the contract is signed (until then it is not agreed)",
            pointer,
        )
    template = policy.template(contract.template)
    if template is None:
        names = ", ".join(t.id for t in policy.templates)
        yield error(
            path,
            "PC029",
            f'the template "{contract.template}" is not in this cycle\'s '
            f"policy (templates: {names})",
            ("template",),
        )
    for i, goal_id in enumerate(contract.supports):
        if goal_missing(cycle, goal_id, repo):
            yield error(
                path,
                "PC017",
                f'the goal "{goal_id}" is not in this cycle\'s goals.yaml',
                ("supports", i),
            )
    ids = [item.id for item in contract.items]
    for dup in duplicates(ids):
        second = [item for item in contract.items if item.id == dup][1]
        index = [item for item in contract.items if item.section == second.section].index(second)
        yield error(
            path,
            "PC027",
            f'the item id "{dup}" is used twice in this contract; reviews name items by id, '
            "so give each item its own",
            ("sections", second.section, index, "id"),
        )
    known_sections = {s.id for s in template.sections} if template else set()
    unused = sorted(known_sections - set(contract.sections))
    meant: set[str] = set()  # template sections an unknown section was probably meant to be
    for section in contract.sections:
        items = [item for item in contract.items if item.section == section]
        if template is not None and section not in known_sections:
            close = difflib.get_close_matches(section, [u for u in unused if u not in meant], 1)
            meant.update(close)
            hint = (
                f'; did you mean "{close[0]}"?'
                if close
                else f" (sections: {', '.join(sorted(known_sections))})"
                if known_sections
                else ": it is a pure roll-up, and a contract on it has no sections"
            )
            yield error(
                path,
                "PC029",
                f'the section "{section}" is not in template "{template.id}"{hint}',
                ("sections", section),
                key=True,
            )
            continue
        total = sum((item.weight for item in items), Decimal(0))
        if items and total != HUNDRED:
            yield error(
                path,
                "PC012",
                f'item weights in section "{section}" add up to {fmt(total)}, not 100',
                ("sections", section),
                key=True,
            )
        for i, item in enumerate(items):
            where: tuple[str | int, ...] = ("sections", section, i)
            for s, goal_id in enumerate(item.supports):
                if goal_missing(cycle, goal_id, repo):
                    yield error(
                        path,
                        "PC017",
                        f'the item "{item.id}" supports "{goal_id}", which '
                        "is not in this cycle's goals.yaml",
                        (*where, "supports", s),
                    )
            if item.target is not None and item.target.value == 0:
                yield error(
                    path,
                    "PC036",
                    f'the target of "{item.id}" is 0: achievement cannot be measured against zero',
                    (*where, "target", "value"),
                )
            for d, deliverable in enumerate(item.deliverables):
                yield from in_period(
                    path,
                    deliverable.due,
                    policy,
                    (*where, "deliverables", d, "due"),
                    "the due date",
                )
    if template is not None:
        for section_def in template.sections:
            if section_def.id in meant:
                continue
            if not any(item.section == section_def.id for item in contract.items):
                yield error(
                    path,
                    "PC029",
                    f'the template\'s section "{section_def.id}" '
                    f"({shown(section_def.name)}) has no items in this contract",
                    ("sections",),
                    key=True,
                )
