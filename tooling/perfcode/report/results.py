"""Results out: results.yaml, JSON, a text table and a payroll CSV; and the staleness check.

Pure: `CycleResult`s in, text out (the CLI writes it). One plain tree (`cycle_data`) is
the shape of both results.yaml and `perfcode score --format json`, and
schemas/results.schema.json describes it exactly. Scores are rounded half-up to two
places; the output is deterministic (people sorted by id, keys in a fixed order).
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from perfcode import layout
from perfcode.explain.text import _Text as _ExplainWords
from perfcode.i18n import Labels
from perfcode.io import yaml as yamlio
from perfcode.model import Repository
from perfcode.problems import Problem, error
from perfcode.score import CycleResult, PersonResult, PopulationReport, round2
from perfcode.score.results import LEFT

SCHEMA_LINE = layout.modeline("results", 2).rstrip("\n")
HEADER = (
    f"{SCHEMA_LINE}\n"
    "# The cycle's published results: written by `perfcode publish`, kept by `perfcode score\n"
    "# --write` from the policy and records; do not edit. CI recomputes it (`perfcode score\n"
    "# --check`) and fails when it differs; a change to it is signed by a policy owner.\n"
)


def results_path(cycle_id: str) -> str:
    return f"cycles/{cycle_id}/results.yaml"


def _number(value: Decimal) -> Decimal | int:
    """Whole numbers as int; others keep their digits."""
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def person_data(result: PersonResult) -> dict[str, Any]:
    """One person's results. `appealed_from` is there only when an appeal set the grade,
    `left` only for a leaver of the cycle (so other results read as before)."""
    scored = result.scored
    data: dict[str, Any] = {
        "status": result.status,
        "score": result.score,
        "base_score": round2(result.base_score) if scored and result.base_score else None,
        "band_grade": result.band_grade,
        "grade": result.grade,
        "calibrated_from": result.distributed_grade if result.calibration else None,
        "appealed_from": result.appealed_from,
        "rank": result.rank,
        "population": result.population,
        "outcomes": [o.id for o in result.outcomes],
        "due": {o.id: o.due for o in result.outcomes if o.due is not None},
        "pay_ratio": result.pay_ratio,
        "missing": list(result.missing),
    }
    if result.appealed_from is None:
        del data["appealed_from"]
    if result.left is not None:
        data["left"] = result.left
    return data


def population_data(report: PopulationReport) -> dict[str, Any]:
    """One population's report. `left` is there only when leavers are not counted in it;
    `min_population` and `rank_outcomes: false` only when the policy has top/bottom N%
    outcomes and the population is too small for them (as for the forced distribution)."""
    data: dict[str, Any] = {
        "by": report.by,
        "size": report.size,
        "incomplete": report.incomplete,
    }
    if report.left:
        data["left"] = report.left
    data["distributed"] = report.distributed
    if report.rank_rules and not report.ranked:
        data["min_population"] = report.min_population
        data["rank_outcomes"] = False
    return data | {
        "quotas": [
            {
                "grade": line.grade,
                "percent": _number(line.percent),
                "quota": line.quota,
                "distributed": line.distributed,
                "final": line.final,
                "deviation": line.deviation,
            }
            for line in report.quotas
        ],
        "ties": [
            {"grade": tie.grade, "score": tie.score, "people": list(tie.people), "over": tie.over}
            for tie in report.ties
        ],
    }


def cycle_data(result: CycleResult) -> dict[str, Any]:
    return {
        "cycle": result.cycle,
        "people": {pid: person_data(result.people[pid]) for pid in sorted(result.people)},
        "populations": {p.id: population_data(p) for p in result.populations},
    }


# --- YAML ---------------------------------------------------------------------------------


def to_yaml(result: CycleResult) -> str:
    return HEADER + yamlio.dump(cycle_data(result), yamlio.RESULTS)


# --- JSON ---------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def to_json(results: Iterable[CycleResult]) -> str:
    """A list of the cycles' results, oldest cycle first: one shape, with `--cycle` (a list
    of one) or without."""
    data = [_jsonable(cycle_data(r)) for r in results]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- text -----------------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * (width - _width(text))
    return space + text if right else text + space


def _fmt(value: Decimal | None) -> str:
    return "-" if value is None else format(value, "f")


def missing(p: PersonResult, t: Labels, joiner: str) -> str:
    """What P's results miss, each in T's language (as the explanations say it), JOINED."""
    words = _ExplainWords(t.language)
    return joiner.join(words.missing(what) for what in p.missing)


def _why_not_scored(p: PersonResult, t: Labels) -> str:
    """Why P has no score, in the words of the cycle's policy language."""
    if p.status == LEFT:
        return t.say("not_scored_left", day=p.left)
    return t.say("not_scored_incomplete", missing=missing(p, t, t.say("missing_joiner")))


def to_table(result: CycleResult) -> str:
    """person, name, score, band grade, grade, rank, outcomes: one line per person, in the
    language of the cycle's policy (i18n.COMMANDS)."""
    t = Labels(result.language)
    header = t.say("score_columns").split("|")
    rows = [header]
    for pid in sorted(result.people):
        p = result.people[pid]
        if p.scored:
            grade = (p.grade or "-") + ("*" if p.calibration else "") + ("^" if p.appeal else "")
            size = next((r.size for r in result.populations if r.id == p.population), 0)
            rank = f"{p.rank}/{size} {p.population}" if p.rank else t.say("rank_left", day=p.left)
            rows.append(
                [
                    pid,
                    p.name,
                    _fmt(p.score),
                    p.band_grade or "-",
                    grade,
                    rank,
                    ", ".join(o.id for o in p.outcomes) or "-",
                ]
            )
        else:
            rows.append([pid, p.name, "-", "-", "-", "-", _why_not_scored(p, t)])
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
    numeric = {2}
    lines = [t.say("table_cycle", cycle=result.cycle)]
    for row in rows:
        cells = [_pad(cell, widths[i], i in numeric) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    calibrated = [p for p in result.people.values() if p.calibration]
    if calibrated:
        lines.append(t.say("by_calibration"))
        for p in sorted(calibrated, key=lambda p: p.person):
            assert p.calibration is not None
            lines.append(
                f"  {p.person}: {p.distributed_grade or '-'} -> {p.grade or '-'} "
                f"({p.calibration.reason})"
            )
    appealed = [p for p in result.people.values() if p.appeal]
    if appealed:
        lines.append(t.say("by_appeal"))
        for p in sorted(appealed, key=lambda p: p.person):
            month = p.pay_correction
            correction = t.say("pay_corrected", month=month) if month else ""
            lines.append(f"  {p.person}: {p.appealed_from or '-'} -> {p.grade or '-'}{correction}")
    lines.extend(_quota_report(result, t))
    return "\n".join(lines) + "\n"


def _unranked(report: PopulationReport, t: Labels) -> str:
    """Why a population's band grades stand, and whether rank-based outcomes apply."""
    fewer = t.say("fewer_than", n=report.min_population)
    if not report.size:
        return t.say("kept_no_one")
    unranked = report.rank_rules and not report.ranked
    if report.forced:  # too small, as the distribution (and the rank-based outcomes) see it
        rank = t.say("no_rank_outcomes") if unranked else ""
        return t.say("kept_small", rank=rank, fewer=fewer)
    kept = t.say("kept_no_distribution")
    return t.say("kept_unranked", kept=kept, fewer=fewer) if unranked else kept


def _quota_report(result: CycleResult, t: Labels) -> list[str]:
    """Per population: each grade's quota against what it got, and the ties behind it."""
    lines: list[str] = []
    for report in result.populations:
        by = t.say("population_by", id=report.by, name=t.word(report.by))
        head = t.say("population_head", id=report.id, by=by, size=report.size)
        head += t.say("population_incomplete", n=report.incomplete) if report.incomplete else ""
        head += t.say("population_left", n=report.left) if report.left else t.say("population_end")
        if not report.distributed:
            lines.append(t.say("population_kept", head=head, why=_unranked(report, t)))
            continue
        parts = []
        for line in report.quotas:
            deviation = f" ({line.deviation:+d})" if line.deviation else ""
            parts.append(f"{line.grade} {line.final}/{line.quota}{deviation}")
        lines.append(t.say("quotas", head=head, parts=", ".join(parts)))
        for tie in report.ties:
            lines.append(
                t.say(
                    "tie",
                    score=_fmt(tie.score),
                    people=", ".join(tie.people),
                    grade=tie.grade,
                    over=tie.over,
                )
            )
    return lines


# --- the payroll export (CSV, .xlsx) -------------------------------------------------------

#: the export's header row: machine names, the same whatever the organisation's language,
#: since payroll scripts key on them; a new column goes at the end, so an older script
#: still finds its columns where they were
CSV_COLUMNS = (
    "cycle",
    "person",
    "name",
    "status",
    "score",
    "grade",  # the final grade: after calibration and appeals
    "pay_ratio",
    "outcomes",  # outcome ids, separated by spaces
    "pay_correction",  # YYYY-MM: the month whose pay corrects the result (an appeal)
    "employee_number",
    "department",  # the department's name
    "manager",  # the manager's name
    "outcome_names",  # the outcomes' names, separated by "; "
)


#: the header rows of exports by earlier perfcode versions, which `export -o` may replace
EARLIER_CSV_COLUMNS: tuple[tuple[str, ...], ...] = (
    CSV_COLUMNS[:9],  # before the employee number, department, manager and outcome names
    CSV_COLUMNS[:8],  # before pay_correction
)

Cell = str | Decimal | None


def csv_headers() -> tuple[str, ...]:
    """The header rows an export starts with: this version's, then earlier versions'."""
    return tuple(",".join(columns) + "\r\n" for columns in (CSV_COLUMNS, *EARLIER_CSV_COLUMNS))


def payroll_rows(
    results: Iterable[CycleResult],
    repository: Repository,
    chosen: frozenset[str] | None = None,
) -> list[list[Cell]]:
    """The export as a table: the header, then one row per person and cycle (CHOSEN: only
    these people; None: everyone). Scores and pay ratios are numbers (None: none)."""
    org = repository.org
    departments = {d.id: d.name for d in org.departments} if org is not None else {}
    rows: list[list[Cell]] = [list(CSV_COLUMNS)]
    for result in results:
        for pid in sorted(result.people):
            if chosen is not None and pid not in chosen:
                continue
            p = result.people[pid]
            person = repository.people.get(pid)
            manager = repository.people.get(person.manager or "") if person else None
            rows.append(
                [
                    result.cycle,
                    pid,
                    p.name,
                    p.status,
                    p.score,
                    p.grade or "",
                    p.pay_ratio,
                    " ".join(o.id for o in p.outcomes),
                    p.pay_correction or "",
                    (person.employee_number or "") if person else "",
                    departments.get(person.department, person.department) if person else "",
                    manager.name if manager else "",
                    "; ".join(o.name for o in p.outcomes),
                ]
            )
    return rows


def _inert(value: str) -> str:
    """A text cell a spreadsheet cannot take for a formula: one starting with =, +, -, @,
    a tab or a carriage return gets a leading apostrophe (OWASP's CSV injection advice;
    Excel shows the text without it)."""
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def to_csv(rows: Iterable[Sequence[Cell]]) -> str:
    """ROWS (`payroll_rows`) as CSV; the caller writes it as UTF-8 with a BOM (Excel).
    Numbers as they are (a negative score stays a number), text made inert."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            [
                ""
                if cell is None
                else format(cell, "f")
                if isinstance(cell, Decimal)
                else _inert(cell)
                for cell in row
            ]
        )
    return out.getvalue()


# --- the staleness check --------------------------------------------------------------------


def compare(cycle_id: str, expected: str, committed: str | None) -> Problem | None:
    """PC040 at the first line where the committed results.yaml differs from a fresh one."""
    path = results_path(cycle_id)
    fix = "run `perfcode score --write` and commit the file"
    if committed is None:
        return error(path, "PC040", f"results.yaml is missing; {fix}").at(1, 1)
    if committed == expected:
        return None
    want, have = expected.splitlines(), committed.splitlines()
    for number, (line_want, line_have) in enumerate(zip(want, have, strict=False), start=1):
        if line_want != line_have:
            column = next(
                (i for i, (a, b) in enumerate(zip(line_want, line_have, strict=False)) if a != b),
                min(len(line_want), len(line_have)),
            )
            return error(
                path,
                "PC040",
                f"results.yaml is stale: the policy and records give {line_want.strip()!r} "
                f"here, the file has {line_have.strip()!r}; {fix}",
            ).at(number, column + 1)
    number = min(len(want), len(have)) + 1
    if len(want) > len(have):
        message = f"results.yaml ends early: {want[number - 1].strip()!r} is missing; {fix}"
    elif len(have) > len(want):
        message = f"results.yaml has lines the computation does not give; {fix}"
    else:
        message = f"results.yaml differs in line endings or a final newline; {fix}"
    return error(path, "PC040", message).at(number, 1)
