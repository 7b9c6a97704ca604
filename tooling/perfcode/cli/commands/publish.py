"""`perfcode publish CYCLE`: the one moment a cycle's results become public (公示).

It writes the cycle's results.yaml, once, from the first day of the results phase on (later
too, for a cycle that closed unpublished), from records without problems; the pull request
that carries it is signed by a policy owner (the signature rules: results.yaml is HR's).
Until then the results are provisional; from then on results.yaml is the lock-file
`perfcode score --check` holds every change to.
"""

from __future__ import annotations

from perfcode.cli.commands._common import cycles, root_folder, scored
from perfcode.cli.commands.score import is_published
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError
from perfcode.io import write as fsio

RESULTS_PHASE = "results"


def run(*, cycle: str, root: str, today: str | None, incomplete: bool) -> int:
    from perfcode import clock
    from perfcode.i18n import Labels
    from perfcode.report import results as out

    folder = root_folder(root)
    target = out.results_path(cycle)
    if is_published(folder, cycle):
        raise PerfcodeError(
            f"the results of {cycle} are published already ({target}); a change to them goes "
            "through `perfcode score --write` in the pull request that changes a record"
        )
    found = scored(folder, before="before_publish")
    if found is None:
        return EXIT_PROBLEMS
    repository, results = found
    when = clock.today(repository.org, today)
    judged = when.iso
    [result] = cycles(results, cycle)
    policy = repository.cycles[cycle].policy
    phase = policy.phase(RESULTS_PHASE) if policy is not None else None
    if phase is not None and judged < phase.start:
        raise PerfcodeError(
            f"the results phase of {cycle} starts on {phase.start}: results are published "
            f"then, not on {judged} (until then they stay provisional)"
        )
    t = Labels(result.language)  # the cycle's policy language
    waiting = sorted(pid for pid, person in result.people.items() if not person.scored)
    if waiting and not incomplete:
        print(t.say("publish_waiting", n=len(waiting), cycle=cycle))
        for pid in waiting:
            missing = out.missing(result.people[pid], t, t.say("list")) or t("incomplete")
            print(f"  {pid}: {missing}")
        print(t.say("publish_waiting_how"))
        return EXIT_PROBLEMS
    fsio.write_all({folder / target: out.to_yaml(result)}, root=folder)
    print(t.say("published", target=target, cycle=cycle, day=judged))
    if when.note is not None:
        print(f"({when.note})")
    print(t.say("publish_next"))
    return EXIT_CLEAN
