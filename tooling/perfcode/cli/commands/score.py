"""`perfcode score`: scores and grades, shown, or (for cycles whose results are published)
written to results.yaml and checked against it.

Until `perfcode publish CYCLE` writes a cycle's results.yaml, its results are provisional:
computed, shown, never committed and never required fresh. From then on the file is the
lock-file of the cycle's results: a change that moves one must carry it (`--check`).

With a selection (`--manager`, `--department`) the text and JSON list only the selected
people; each population's report stays whole (a rank reads against its population)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from perfcode.cli.commands._common import cycles, root_folder, scored
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError
from perfcode.i18n import Labels, organisation_language
from perfcode.io import write as fsio
from perfcode.model.selection import Selection, people
from perfcode.score import CycleResult


def is_published(folder: Path, cycle_id: str) -> bool:
    """Whether a cycle's results are published: its results.yaml is there (the one fact)."""
    from perfcode.report import results as out

    return (folder / out.results_path(cycle_id)).is_file()


def only(result: CycleResult, ids: frozenset[str]) -> CycleResult:
    """RESULT with only the people IDS names, and the reports of the populations they are
    in (whole: their sizes, quotas and ties are the population's, which ranks read against)."""
    kept = {pid: r for pid, r in result.people.items() if pid in ids}
    populations = {r.population for r in kept.values()}
    return dataclasses.replace(
        result,
        people=kept,
        populations=tuple(p for p in result.populations if p.id in populations),
    )


def check_published(folder: Path, published: list[CycleResult], language: str) -> int:
    """Compare each published cycle's results.yaml with its RESULTS; print the verdict."""
    from perfcode.report import problems as report
    from perfcode.report import results as out

    t = Labels(language)
    stale = []
    for result in published:
        target = folder / out.results_path(result.cycle)
        committed = target.read_text(encoding="utf-8") if target.is_file() else None
        problem = out.compare(result.cycle, out.to_yaml(result), committed)
        if problem is not None:
            stale.append(problem)
    if stale:
        for line in report.text(stale, 0, language).splitlines()[:-1]:  # no summary
            print(line)
        print(t.say("stale", n=len(stale)))
        return EXIT_PROBLEMS
    if published:
        print(t.say("up_to_date", cycles=t.say("list").join(r.cycle for r in published)))
    return EXIT_CLEAN


def check_cycles(folder: Path, selected: list[CycleResult], language: str) -> int:
    """`score --check` of the SELECTED cycles' results: each published cycle's
    results.yaml against them (provisional cycles are named, never required fresh)."""
    t = Labels(language)
    if not selected:
        print(t.say("score_no_cycle", action=t.say("action_check")))
        return EXIT_CLEAN
    published = [r for r in selected if is_published(folder, r.cycle)]
    provisional = [r.cycle for r in selected if r not in published]
    if provisional:
        print(t.say("provisional", cycles=t.say("list").join(provisional)))
    return check_published(folder, published, language)


def run(
    *,
    root: str,
    cycle: str | None,
    format: str,
    write: bool,
    check: bool,
    selection: Selection | None = None,
) -> int:
    from perfcode.report import results as out

    folder = root_folder(root)
    selection = selection or Selection()
    if write and check:
        raise PerfcodeError("use --write or --check, not both")
    if (write or check) and (not selection.everyone or selection.all_levels):
        raise PerfcodeError(
            f"score --{'write' if write else 'check'} takes no --manager, --all-levels or "
            "--department: a cycle's results.yaml holds the results of the whole cycle"
        )
    found = scored(folder)
    if found is None:
        return EXIT_PROBLEMS
    selected = cycles(found[1], cycle)
    language = organisation_language(found[0].org)
    if check:
        return check_cycles(folder, selected, language)
    t = Labels(language)  # what --write and --check report, in the organisation's language
    if not selected:
        if write:
            print(t.say("score_no_cycle", action=t.say("action_write")))
            return EXIT_CLEAN
        raise PerfcodeError(
            "there is no cycle to score yet: a cycle is a folder cycles/<cycle>/ with its "
            "policy in cycle.yaml (start one with `perfcode new cycle`)"
        )
    published = [r for r in selected if is_published(folder, r.cycle)]
    provisional = [r.cycle for r in selected if r not in published]
    if write and provisional:
        if cycle is not None:
            raise PerfcodeError(
                f"the results of {cycle} are not published, so there is no results.yaml to "
                f"write yet: publish them with `perfcode publish {cycle}` in the results phase"
            )
        print(t.say("provisional", cycles=t.say("list").join(provisional)))
    if write:  # every published cycle's results.yaml, or none
        texts = {folder / out.results_path(r.cycle): out.to_yaml(r) for r in published}
        fsio.write_all(texts, root=folder)
        for result in published:
            print(t.say("wrote", path=out.results_path(result.cycle)))
        return EXIT_CLEAN
    chosen = people(found[0], selection)
    if chosen is not None:
        selected = [only(r, chosen) for r in selected]
    if format == "json":
        sys.stdout.write(out.to_json(selected))
    else:
        sys.stdout.write("\n".join(out.to_table(r) for r in selected))
    return EXIT_CLEAN
