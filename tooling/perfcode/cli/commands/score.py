"""`perfcode score`: scores and grades, shown, written to results.yaml or checked against it."""

from __future__ import annotations

import sys

from perfcode.cli.commands._common import cycles, root_folder, scored
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError
from perfcode.io import write as fsio


def run(*, root: str, cycle: str | None, format: str, write: bool, check: bool) -> int:
    from perfcode.report import results as out

    folder = root_folder(root)
    if write and check:
        raise PerfcodeError("use --write or --check, not both")
    found = scored(folder)
    if found is None:
        return EXIT_PROBLEMS
    selected = cycles(found[1], cycle)
    if not selected:
        if write or check:
            print(
                "no cycle has a policy yet (cycles/<cycle>/cycle.yaml): no results.yaml to "
                f"{'write' if write else 'check'}."
            )
            return EXIT_CLEAN
        raise PerfcodeError(
            "there is no cycle to score yet: a cycle is a folder cycles/<cycle>/ with its "
            "policy in cycle.yaml (start one with `perfcode new cycle`)"
        )
    if write:  # every cycle's results.yaml, or none
        texts = {folder / out.results_path(r.cycle): out.to_yaml(r) for r in selected}
        fsio.write_all(texts, root=folder)
        for result in selected:
            print(f"wrote {out.results_path(result.cycle)}")
        return EXIT_CLEAN
    if check:
        stale = []
        for result in selected:
            target = folder / out.results_path(result.cycle)
            committed = target.read_text(encoding="utf-8") if target.is_file() else None
            problem = out.compare(result.cycle, out.to_yaml(result), committed)
            if problem is not None:
                stale.append(problem)
        if stale:
            for p in stale:
                print(f"{p.path}:{p.line}:{p.column}: {p.code} {p.message}")
            print(f"perfcode: {len(stale)} results.yaml file(s) are stale.")
            return EXIT_PROBLEMS
        print(f"results.yaml is up to date for {', '.join(r.cycle for r in selected)}.")
        return EXIT_CLEAN
    if format == "json":
        sys.stdout.write(out.to_json(selected, single=cycle is not None))
    else:
        sys.stdout.write("\n".join(out.to_table(r) for r in selected))
    return EXIT_CLEAN
