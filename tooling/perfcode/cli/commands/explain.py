"""`perfcode explain`: a person's score, from each rating to the grade."""

from __future__ import annotations

from perfcode.cli.commands._common import cycles, root_folder, scored
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError
from perfcode.problems import quoted


def run(*, person: str, root: str, cycle: str | None) -> int:
    from perfcode.explain import text as explain

    folder = root_folder(root)
    found = scored(folder, detail=frozenset({person}))  # who rated what: the person's only
    if found is None:
        return EXIT_PROBLEMS
    repo, results = found
    if person not in repo.people:
        raise PerfcodeError(f"there is no person {quoted(person)} in people/")
    if cycle is not None:
        chosen = cycles(results, cycle)[0]
    else:
        having = [r for r in results.values() if person in r.people]
        if not having:
            raise PerfcodeError(f"{person} has no contract in any cycle")
        chosen = having[-1]
    if person not in chosen.people:
        raise PerfcodeError(f"{person} has no contract in cycle {chosen.cycle}")
    print("\n".join(explain.explain(chosen, repo, person)))
    return EXIT_CLEAN
